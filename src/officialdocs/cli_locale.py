"""Chinese for click's own words: help headings, option help, usage errors, type names.

click marks its user-facing strings with `gettext` (`_` and `ngettext` imported into each of its modules).
`install()` points those names at a Chinese catalogue — the gettext hook click offers, without compiling .mo
files — and makes help wrapping and column alignment count a Chinese character as two columns. A string
missing from the catalogue stays English (tests/test_cli_locale.py catches that for the paths a user meets).
Robust across click 8.1–8.x: each hook is applied only where click has it.
"""

from __future__ import annotations

import importlib
import re
import unicodedata
from typing import Any

from .cjk import LINE_END_FORBIDDEN, LINE_START_FORBIDDEN

# msgid (click 8.1 … 8.x) -> Chinese; placeholders keep click's names so `.format()` fills them.
MESSAGES = {
    "Usage:": "用法：",
    "Options": "选项",
    "Commands": "命令",
    "Show this message and exit.": "显示本帮助并退出。",
    "Show the version and exit.": "显示版本号并退出。",
    "%(prog)s, version %(version)s": "%(prog)s %(version)s",
    "Error: {message}": "错误：{message}",
    "Try '{command} {option}' for help.": "运行 “{command} {option}” 查看帮助。",
    "Invalid value: {message}": "取值无效：{message}",
    "Invalid value for {param_hint}: {message}": "{param_hint} 的取值无效：{message}",
    "Missing argument": "缺少参数",
    "Missing option": "缺少选项",
    "Missing parameter": "缺少参数",
    "Missing {param_type}": "缺少{param_type}",
    "Missing parameter: {param_name}": "缺少参数：{param_name}",
    "No such option: {name}": "没有选项 {name}",
    "No such option {name!r}.": "没有选项 {name!r}。",
    "No such command {name!r}.": "没有命令 {name!r}。",
    "No such command '{name}'.": "没有命令 “{name}”。",
    "Did you mean {possibility}?": "是否想写 {possibility}？",
    "(Possible options: {possibilities})": "（可能是：{possibilities}）",
    "(Did you mean one of: {possibilities}?)": "（是否想写其中之一：{possibilities}？）",
    "Missing command.": "缺少命令。",
    "Aborted!": "已取消。",
    "default: {default}": "默认：{default}",
    "required": "必填",
    "(dynamic)": "（动态）",
    "env var: {var}": "环境变量：{var}",
    "deprecated": "已弃用",
    "Value must be an iterable.": "取值应为一组值。",
    "{value!r} is not a valid {number_type}.": "{value!r} 不是有效的数值。",
    "{value!r} is not a valid integer.": "{value!r} 不是有效的整数。",
    "{value!r} is not a valid float.": "{value!r} 不是有效的数值。",
    "{value} is not in the range {range}.": "{value} 不在允许的范围 {range} 内。",
    "{value!r} is not a valid boolean. Recognized values: {states}": "{value!r} 不是有效的是/否值，可写：{states}",
    "{value!r} is not a valid UUID.": "{value!r} 不是有效的 UUID。",
    "Choose from:\n\t{choices}": "可选：\n\t{choices}",
    "file": "文件",
    "directory": "目录",
    "path": "路径",
    "{name} {filename!r} does not exist.": "{name} {filename!r} 不存在。",
    "{name} {filename!r} is a file.": "{name} {filename!r} 是文件，不是目录。",
    "{name} {filename!r} is a directory.": "{name} {filename!r} 是目录，不是文件。",
    "{name} {filename!r} is not readable.": "{name} {filename!r} 不可读。",
    "{name} {filename!r} is not writable.": "{name} {filename!r} 不可写。",
    "{name} {filename!r} is not executable.": "{name} {filename!r} 不可执行。",
    "Could not open file {filename!r}: {message}": "无法打开文件 {filename!r}：{message}",
    "unknown error": "未知错误",
    "Option {name!r} does not take a value.": "选项 {name!r} 不带取值。",
    "Argument {name!r} takes {nargs} values.": "参数 {name!r} 需要 {nargs} 个值。",
    "Invalid start character for option ({option})": "选项的开头字符无效（{option}）",
    "Do you want to continue?": "是否继续？",
    "Confirm the action without prompting.": "不询问，直接确认。",
    "Repeat for confirmation": "再输入一次以确认",
    "Error: The two entered values do not match.": "错误：两次输入的值不一致。",
    "Error: invalid input": "错误：输入无效",
    "Press any key to continue...": "按任意键继续……",
}
# ngettext msgids (the singular) -> Chinese, the same for every count.
PLURALS = {
    "Got unexpected extra argument ({args})": "多余的参数（{args}）",
    "Option {name!r} requires an argument.": "选项 {name!r} 需要一个取值。",
    "{value!r} is not {choice}.": "{value!r} 不是可选的值 {choice}。",
    "{value!r} is not one of {choices}.": "{value!r} 不在可选的值 {choices} 中。",
    "{value!r} does not match the format {format}.": "{value!r} 不符合格式 {format}。",
    "Takes {nargs} values but 1 was given.": "需要 {nargs} 个值，只给了 {len} 个。",
    "{len_type} values are required, but {len_value} was given.": "需要 {len_type} 个值，给了 {len_value} 个。",
    "Did you mean {possibility}?": "是否想写 {possibility}？",
}
# click's type names shown as metavars (-o PATH) -> the word a clerk reads.
METAVARS = {"TEXT": "文本", "PATH": "路径", "FILENAME": "文件", "FILE": "文件", "DIRECTORY": "目录",
            "INTEGER": "整数", "INTEGER RANGE": "整数", "FLOAT": "数字", "FLOAT RANGE": "数字", "BOOLEAN": "是/否",
            "SOURCE": "文件", "FILES": "文件", "ROLE=PATH": "角色=字体文件", "KINDS": "类别",
            "[OPTIONS]": "[选项]", "COMMAND [ARGS]...": "命令 [参数]..."}

_CLICK_MODULES = ("core", "exceptions", "formatting", "decorators", "parser", "types", "termui", "utils",
                  "_termui_impl", "shell_completion")
_QUOTED = re.compile(r"'([^'\s][^']*)'")


class _Template(str):
    """A translated "Error: {message}": click's message is polished as it is filled in ('-o' -> “-o”, the final
    full stop Chinese)."""

    def format(self, *args: Any, **kwargs: Any) -> str:
        if isinstance(kwargs.get("message"), str):
            message = _QUOTED.sub(r"“\1”", kwargs["message"].strip())
            kwargs["message"] = message[:-1] + "。" if message.endswith(".") else message
        return super().format(*args, **kwargs)


def gettext(message: str) -> str:
    text = MESSAGES.get(message, message)
    return _Template(text) if message == "Error: {message}" else text


def ngettext(singular: str, plural: str, n: int) -> str:
    return PLURALS.get(singular) or (singular if n == 1 else plural)


def display_width(text: str) -> int:
    """Terminal columns: a Chinese (wide) character takes two."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 0 if unicodedata.combining(ch) else 1
               for ch in text)


_TOKEN = re.compile(r"\s+|[!-~]+|.", re.S)  # a space run, an ASCII word (kept whole), any other character


def wrap(text: str, width: int, initial_indent: str = "", subsequent_indent: str = "") -> list[str]:
    """Greedy wrapping by display width; Chinese text breaks between characters, never before a closing
    mark or after an opening one, ASCII words stay whole."""
    lines: list[str] = []
    line, size, room = initial_indent, display_width(initial_indent), False
    for token in _TOKEN.findall(" ".join(text.split())):
        if token.isspace():
            room = line.strip() != ""
            continue
        gap = " " if room else ""
        need = display_width(gap + token)
        fits = size + need <= width or not line.strip() or token[0] in LINE_START_FORBIDDEN
        if not fits and line and line[-1] in LINE_END_FORBIDDEN:
            carried, line = line[-1], line[:-1]  # an opening mark moves down with what follows it
            lines.append(line)
            line = subsequent_indent + carried + token
        elif fits:
            line += gap + token
        else:
            lines.append(line)
            line = subsequent_indent + token
        size, room = display_width(line), False
    lines.append(line)
    return [ln.rstrip() for ln in lines]


def _wrapper_class(base: Any) -> type:
    class ChineseTextWrapper(base):
        def wrap(self, text: str) -> list[str]:
            return wrap(text, self.width, self.initial_indent, self.subsequent_indent)

    return ChineseTextWrapper


def _patched_pieces(original):
    def collect_usage_pieces(self, ctx):  # [OPTIONS] SOURCE -> [选项] SOURCE
        return [METAVARS.get(piece, piece) for piece in original(self, ctx)]

    return collect_usage_pieces


def _patched_metavar(original):
    def make_metavar(self, *args, **kwargs):  # -o PATH -> -o 路径, FILE... -> 文件...
        metavar = original(self, *args, **kwargs)
        if not isinstance(metavar, str):
            return metavar
        core, dots = (metavar[:-3], "...") if metavar.endswith("...") else (metavar, "")
        return METAVARS.get(core, core) + dots

    return make_metavar


def _write_heading(self, heading: str) -> None:
    """选项： with a full-width colon (click writes an ASCII one)."""
    self.write(f"{'':>{self.current_indent}}{heading}：\n")


_INSTALLED = False


def install() -> None:
    """Point click's gettext names at the catalogue and make help wrapping count display width (once)."""
    global _INSTALLED
    if _INSTALLED:
        return
    import click

    for name in _CLICK_MODULES:
        try:
            module: Any = importlib.import_module(f"click.{name}")
        except ImportError:
            continue
        if hasattr(module, "_"):
            module._ = gettext
        if hasattr(module, "ngettext"):
            module.ngettext = ngettext
    formatting: Any = importlib.import_module("click.formatting")
    if hasattr(formatting, "term_len"):
        formatting.term_len = lambda text: display_width(re.sub(r"\033\[[;?0-9]*[a-zA-Z]", "", text))
    textwrap_module: Any = importlib.import_module("click._textwrap")
    if hasattr(textwrap_module, "TextWrapper"):
        textwrap_module.TextWrapper = _wrapper_class(textwrap_module.TextWrapper)
    commands: tuple[Any, ...] = (click.Command, click.Group)
    for cls in commands:
        if "collect_usage_pieces" in vars(cls):
            cls.collect_usage_pieces = _patched_pieces(vars(cls)["collect_usage_pieces"])
    formatter: Any = click.HelpFormatter
    if hasattr(formatter, "write_heading"):
        formatter.write_heading = _write_heading
    parameters: tuple[Any, ...] = (click.Option, click.Argument)
    for param in parameters:
        param.make_metavar = _patched_metavar(param.make_metavar)
    _INSTALLED = True
