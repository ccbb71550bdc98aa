"""YAML syntax errors explained in Chinese at the spot where the writer went wrong.

The parser notices a mistake where it can no longer go on, often a line or two after it, and says so in
English. The mistakes Chinese typists make most are visible on the raw line: a full-width colon or space,
a tab, a missing space after `:` or `-`, an unclosed quote. So the lines around the parser's marks are
examined first; the parser's own message is translated when no such mistake is found, and its English
text is kept only as a hint when nothing matches.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from ruamel.yaml.error import MarkedYAMLError

from .errors import Location, Problem

_KEY = r"[A-Za-z_][\w.-]*"
_TAB_INDENT = re.compile(r"^[ \u3000]*\t")
_FULLWIDTH_INDENT = re.compile(r"^[ \t]*\u3000")
_FULLWIDTH_COLON = re.compile(rf"^(\s*(?:-[ \t]+)?)({_KEY})[ \t]*：[ \t\u3000]*")
_NO_SPACE = re.compile(rf"^(\s*(?:-[ \t]+)?)({_KEY}):(?=[^\s:/\\])")
_DASH_NO_SPACE = re.compile(r"^(\s*)-(?=[^\s\-0-9.])")
_MAX_SHOWN = 60  # characters of a corrected line shown in a message


@dataclass(frozen=True)
class Spot:
    """A mistake found on one line: 0-based line and column, the message, the corrected line (if known)."""

    line: int
    column: int
    message: str
    fixed: str | None = None
    hint: str | None = None


def explain(text: str, exc: MarkedYAMLError, file: str, line_offset: int = 0, quote: bool = True) -> Problem:
    """A located Chinese Problem for a YAML syntax error in `text` (lines shifted by `line_offset`)."""
    spot = find_spot(text.split("\n"), exc)
    if spot is None:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line, mark.column) if mark else (None, None)
        english = " ".join(s for s in (exc.context, exc.problem) if s)
        spot = Spot(line if line is not None else 0, column or 0, "YAML 语法错误",
                    hint=f"检查这一行和上一行的缩进、冒号和引号；解析器原文：{english}")
        if line is None:
            return Problem(spot.message, Location(file), spot.hint)
    hint = spot.hint
    if spot.fixed is not None and quote:
        shown = spot.fixed if len(spot.fixed) <= _MAX_SHOWN else spot.fixed[:_MAX_SHOWN] + "…"
        hint = f"改成：{shown}" + (f"；{hint}" if hint else "")
    return Problem(spot.message, Location(file, spot.line + 1 + line_offset, spot.column + 1), hint)


def line_mistake(lines: list[str], n: int) -> Spot | None:
    """A typing mistake visible on line `n` alone (full-width colon or space, tab, missing spaces)."""
    if not 0 <= n < len(lines):
        return None
    line = lines[n]
    if line.lstrip().startswith("#"):
        return None
    indent = line[:len(line) - len(line.lstrip(" \t\u3000"))]
    fixed_indent = indent.replace("\t", "  ").replace("\u3000", "  ") + line[len(indent):]
    if _TAB_INDENT.match(line):
        return Spot(n, line.index("\t"), "这里用了制表符（Tab）缩进，YAML 只能用空格缩进", fixed_indent,
                    "把 Tab 换成空格，与同一层的键对齐")
    if _FULLWIDTH_INDENT.match(line):
        return Spot(n, line.index("\u3000"), "这里用了全角空格缩进，YAML 只能用半角空格缩进", fixed_indent)
    match = _FULLWIDTH_COLON.match(line)
    if match:
        fixed = f"{match.group(1)}{match.group(2)}: {line[match.end():]}"
        return Spot(n, line.index("：", len(match.group(1))), "这里用了全角冒号“：”，YAML 需要半角冒号“:”加一个空格",
                    fixed)
    match = _NO_SPACE.match(line)
    if match:
        colon = match.end() - 1
        return Spot(n, colon, "冒号“:”后面缺少空格，YAML 要求写成“键: 值”", f"{line[:colon + 1]} {line[colon + 1:]}")
    match = _DASH_NO_SPACE.match(line)
    if match:
        dash = match.end() - 1
        return Spot(n, dash, "列表项的“-”后面缺少空格", f"{line[:dash + 1]} {line[dash + 1:]}")
    return None


def find_spot(lines: list[str], exc: MarkedYAMLError) -> Spot | None:
    problem = exc.problem or ""
    context = exc.context or ""
    pline = exc.problem_mark.line if exc.problem_mark else None
    pcol = exc.problem_mark.column if exc.problem_mark else 0
    cline = exc.context_mark.line if exc.context_mark else None
    ccol = exc.context_mark.column if exc.context_mark else 0
    # 1. A visible mistake on the lines the parser points at.
    for n in dict.fromkeys(x for x in (cline, pline) if x is not None):
        spot = line_mistake(lines, n)
        if spot:
            return spot
    message = f"{context}\n{problem}"

    def matched(table: list[tuple[str, Handler]]) -> Spot | None:  # the first handler whose pattern matches the message and that finds a spot
        for pattern, handler in table:
            if re.search(pattern, message):
                spot = handler(lines, pline, pcol, cline, ccol)
                if spot:
                    return spot
        return None

    # 2. Messages that point exactly at the fault.
    spot = matched(_PRECISE)
    if spot:
        return spot
    # 3. A visible mistake a few lines up (the parser often notices one line late).
    if pline is not None:
        start = pline - 1
        for n in range(start, max(start - 4, (cline if cline is not None else -1), -1), -1):
            if lines[n].strip():
                spot = line_mistake(lines, n)
                if spot:
                    return spot
    # 4. The vaguer messages, translated.
    return matched(_VAGUE)


Handler = Callable[[list[str], "int | None", int, "int | None", int], "Spot | None"]


def _line(lines: list[str], n: int | None) -> str:
    return lines[n] if n is not None and 0 <= n < len(lines) else ""


def _unclosed_quote(lines, pline, pcol, cline, ccol):
    if cline is None:
        return None
    line = _line(lines, cline)
    mark = line[ccol] if ccol < len(line) else "\""
    closing = "”" if mark == "\"" and "”" in line[ccol:] else None
    hint = ("开头是半角引号“\"”，结尾却是中文引号“””：两端要用同一种引号；中文引号本身不需要再加引号"
            if closing else "在这段文字的末尾补上同样的引号")
    return Spot(cline, ccol, f"引号没有闭合：从这里开始的 {mark} 一直没有对应的结束引号",
                None if closing else line.rstrip() + mark, hint)


def _misplaced_dash(lines, pline, pcol, cline, ccol):
    if pline is None:
        return None
    line = _line(lines, pline)
    rest = line[pcol + 1:].lstrip()
    fixed = (line[:pcol] + " " * (len(line) - pcol - len(rest)) + rest) if rest else None
    hint = None if rest else "删除这一行，或在“-”后面写上列表项的内容，并与上面的键对齐"
    return Spot(pline, pcol, "这里的“-”（列表项）放错了位置：上面是“键: 值”，这里不能开始一个列表", fixed, hint)


def _misaligned_item(lines, pline, pcol, cline, ccol):
    if pline is None or cline is None:
        return None
    line = _line(lines, pline)
    return Spot(pline, pcol, f"列表项没有对齐：同一列表的“-”应在第 {ccol + 1} 列", " " * ccol + line.lstrip())


def _misaligned_key(lines, pline, pcol, cline, ccol):
    if pline is None:
        return None
    line = _line(lines, pline)
    fixed = " " * ccol + line.lstrip() if cline is not None else None
    return Spot(pline, pcol, "缩进不一致：这一行与同一层的键没有对齐", fixed,
                f"同一层的键从第 {ccol + 1} 列开始" if cline is not None else None)


def _alias(lines, pline, pcol, cline, ccol):
    n, col = (cline, ccol) if cline is not None else (pline, pcol)
    if n is None:
        return None
    line = _line(lines, n)
    char = line[col] if col < len(line) else "*"
    value = line[col:].rstrip()
    key = line[:col]
    return Spot(n, col, f"以“{char}”开头的值会被 YAML 当成别名或锚点", f'{key}"{value}"' if value else None,
                "如果这是文字，请给整个值加上引号")


def _bad_start(lines, pline, pcol, cline, ccol):
    if pline is None:
        return None
    line = _line(lines, pline)
    char = line[pcol] if pcol < len(line) else ""
    value = line[pcol:].rstrip()
    return Spot(pline, pcol, f"值不能以“{char}”开头", f'{line[:pcol]}"{value}"', "请给整个值加上引号")


def _escape(lines, pline, pcol, cline, ccol):
    if pline is None:
        return None
    return Spot(pline, pcol, "双引号里的反斜杠“\\”开始了一个无效的转义",
                hint="路径或含反斜杠的文字请改用单引号，或把“\\”写成“\\\\”")


def _flow(closing: str, name: str) -> Handler:
    def handler(lines, pline, pcol, cline, ccol):
        n, col = (cline, ccol) if cline is not None else (pline, pcol)
        if n is None:
            return None
        return Spot(n, col, f"{name}没有闭合，或其中的项之间缺少逗号",
                    hint=f"检查从这里开始到“{closing}”之间的逗号和引号；含逗号或冒号的文字请加引号")
    return handler


def _at_problem(message: str, hint: str) -> Handler:
    """A handler for a message that points at the fault itself: the parser's problem position, our words."""
    def handler(lines, pline, pcol, cline, ccol):
        return None if pline is None else Spot(pline, pcol, message, hint=hint)
    return handler


def _colon_in_value(lines, pline, pcol, cline, ccol):
    if pline is None:
        return None
    line = _line(lines, pline)
    key = re.match(rf"^(\s*(?:-[ \t]+)?{_KEY}:[ \t]+)(.*)$", line)
    if key and len(key.group(1)) <= pcol:
        value = key.group(2).rstrip().replace("\"", "\\\"")
        return Spot(pline, pcol, "值里有“: ”（冒号加空格），YAML 会把它当成又一个“键: 值”",
                    f'{key.group(1)}"{value}"', "给整个值加上引号，或把冒号改成全角“：”")
    here = re.match(rf"^(\s*)(?:-[ \t]+)?{_KEY}:", line)
    above = next((lines[n] for n in range(pline - 1, -1, -1) if lines[n].strip() and not lines[n].lstrip().startswith("#")), "")
    there = re.match(rf"^(\s*(?:-[ \t]+)?){_KEY}:", above)
    if here and there and len(here.group(1)) != len(there.group(1)):
        column = len(there.group(1))
        return Spot(pline, len(here.group(1)), f"缩进不一致：这个键应与上一行的键对齐（从第 {column + 1} 列开始）",
                    " " * column + line.lstrip())
    return Spot(pline, pcol, "这里不能出现“键: 值”：缩进可能不对，或上一行缺少冒号", hint="检查这一行和上一行的缩进")


def _missing_colon(lines, pline, pcol, cline, ccol):
    n = cline if cline is not None else pline
    if n is None:
        return None
    line = _line(lines, n)
    indent = len(line) - len(line.lstrip())
    return Spot(n, indent, "这一行缺少“键: ”：YAML 的每个键后面都要有半角冒号和一个空格",
                hint="如果这是上一行文字的延续，它要比上一行的键缩进更多")



_PRECISE: list[tuple[str, Handler]] = [
    (r"while scanning a quoted scalar", _unclosed_quote),
    (r"but found '-'|block sequence entries are not allowed", _misplaced_dash),
    (r"but found '<block sequence start>'", _misaligned_item),
    (r"found undefined alias|while scanning an? (alias|anchor)", _alias),
    (r"found character '[@`]' that cannot start any token", _bad_start),
    (r"found unknown escape character", _escape),
    (r"while parsing a flow sequence|expected ',' or '\]'", _flow("]", "方括号 [ ] 里的列表")),
    (r"while parsing a flow mapping|expected ',' or '\}'", _flow("}", "花括号 { } 里的键值表")),
    (r"expected a single document|but found another document", _at_problem(
        "文件里出现了第二份 YAML 数据（“---”分隔）", "一个文件只能有一份数据：删除这里的“---”或把它之后的内容移到别的文件")),
]
_VAGUE: list[tuple[str, Handler]] = [
    (r"mapping values are not allowed", _colon_in_value),
    (r"could not find expected ':'", _missing_colon),
    (r"but found '<block mapping start>'", _misaligned_key),
    (r"did not find expected key", _at_problem("这一行的缩进不对，或缺少“键: ”", "同一层的键要从同一列开始，只用空格缩进")),
    (r"did not find expected '-' indicator", _at_problem("这里应是列表项（以“- ”开头），或缩进不对", "同一列表的“-”要在同一列")),
]


def scalar_mistake(text: str, file: str, line_offset: int = 0, quote: bool = True) -> Problem | None:
    """A file that parsed as one piece of text where a mapping was meant (`title：x` on its own): the
    first line with a full-width colon or a missing space after a key's colon."""
    lines = text.split("\n")
    for n in range(len(lines)):
        spot = line_mistake(lines, n)
        if spot:
            hint = f"改成：{spot.fixed}" if quote and spot.fixed else None
            return Problem(spot.message, Location(file, n + 1 + line_offset, spot.column + 1), hint)
    return None


__all__ = ["explain", "find_spot", "line_mistake", "scalar_mistake"]
