"""YAML in with line/column positions (ruamel.yaml), and pydantic errors out as located Chinese messages."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.composer import Composer
from ruamel.yaml.constructor import DuplicateKeyError, RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError
from ruamel.yaml.events import AliasEvent
from ruamel.yaml.nodes import MappingNode, SequenceNode
from ruamel.yaml.reader import ReaderError

from .errors import Location, OfficialDocsError, Problem
from .textio import CONTROL, char_name, control_problems, read_text
from .yamlsyntax import explain, scalar_mistake

PathKey = tuple[Any, ...]
Positions = dict[PathKey, tuple[int, int]]  # path -> (line, column), 1-based; the value's position


class HintedValueError(ValueError):
    """A ValueError for pydantic validators that also carries a fix suggestion (becomes Problem.hint)."""

    def __init__(self, message: str, hint: str | None = None):
        super().__init__(message)
        self.hint = hint


class _Constructor(RoundTripConstructor):
    def construct_yaml_timestamp(self, node: Any, values: Any = None) -> Any:
        # An impossible date (2011-02-30) stays text, so the model can report it at its line.
        try:
            return super().construct_yaml_timestamp(node, values)
        except ValueError:
            return self.construct_scalar(node)


_Constructor.add_constructor("tag:yaml.org,2002:timestamp", _Constructor.construct_yaml_timestamp)

# Bounds on what a YAML file may make us build (a 352-byte "billion laughs" expands to 10^6 values).
MAX_DEPTH = 64            # nesting of lists and mappings; a plan needs about 8
MAX_ALIASES = 10_000      # *alias references
MAX_ALIAS_VALUES = 200_000  # values that aliases add beyond those written out in the file


class YAMLLimitError(MarkedYAMLError):
    """A YAML file beyond our bounds (aliases, nesting); the message is already Chinese."""


class _Composer(Composer):
    """ruamel's composer, counting as it goes: nesting depth, aliases, and the size every node would have
    with its aliases expanded (computed once per node, so the count itself stays linear in the text)."""

    def compose_document(self: Any) -> Any:
        self._sizes: dict[int, int] = {}
        self._written = 0
        self._aliases = 0
        self._level = 0
        return super().compose_document()

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.parser.peek_event()
        if isinstance(event, AliasEvent):
            self._aliases += 1
            if self._aliases > MAX_ALIASES:
                raise YAMLLimitError(None, None, f"别名（*名称）用得太多（超过 {MAX_ALIASES} 处）", event.start_mark)
            node = super().compose_node(parent, index)
            if id(node) not in self._sizes:
                raise YAMLLimitError(None, None, f"别名 *{event.anchor} 引用了包含它自己的内容（循环引用）",
                                     event.start_mark)
            return node
        self._level += 1
        if self._level > MAX_DEPTH:
            raise YAMLLimitError(None, None, f"嵌套层数过深（超过 {MAX_DEPTH} 层）", event.start_mark)
        node = super().compose_node(parent, index)
        self._level -= 1
        self._written += 1
        size = 1
        if isinstance(node, SequenceNode):
            size += sum(self._sizes[id(child)] for child in node.value)
        elif isinstance(node, MappingNode):
            size += sum(self._sizes[id(k)] + self._sizes[id(v)] for k, v in node.value)
        self._sizes[id(node)] = size
        if size > self._written + MAX_ALIAS_VALUES:
            raise YAMLLimitError(None, None, f"别名展开后内容过多（超过 {MAX_ALIAS_VALUES} 个值），"
                                 "疑似“YAML 炸弹”", node.start_mark)
        return node


def _yaml(typ: str = "rt") -> YAML:
    yaml = YAML(typ=typ, pure=True)
    if typ == "rt":
        yaml.Constructor = _Constructor
    yaml.Composer = _Composer
    yaml.allow_duplicate_keys = False
    return yaml


def safe_load(text: str) -> Any:
    """Plain data from YAML text under the same bounds (no positions, no located errors): for YAML that is
    not the user's main input, such as an imported Markdown file's front matter. Raises on any problem."""
    return _yaml("safe").load(text)


_DUPLICATE_KEY = re.compile(r'duplicate key "(.*?)"')


def parse_yaml_text(text: str, file: str, line_offset: int = 0, quote: bool = True) -> tuple[Any, Positions]:
    """Parse YAML text; return plain Python data and a map of every value's position.

    `line_offset` shifts reported lines, for YAML embedded in a larger file (front matter). `quote=False`:
    syntax messages never repeat the file's text (for files a setting names, not the user's own).
    """
    try:
        raw = _yaml().load(text)
    except YAMLLimitError as exc:
        mark = exc.problem_mark
        loc = Location(file, mark.line + 1 + line_offset, mark.column + 1) if mark else Location(file)
        raise OfficialDocsError(Problem(str(exc.problem), loc, "检查文件是否完整、是否是本工具的输入")) from None
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        loc = Location(file, mark.line + 1 + line_offset, mark.column + 1) if mark else Location(file)
        what = (exc.problem or exc.context or "无法解析").strip()
        if isinstance(exc, DuplicateKeyError):
            key = _DUPLICATE_KEY.search(what)
            name = f"“{key.group(1)}”" if key else ""
            raise OfficialDocsError(Problem(f"重复的键{name}", loc, "同一层级的键只能写一次，删除或合并其中一个")) from None
        raise OfficialDocsError(explain(text, exc, file, line_offset, quote)) from None
    except ReaderError:  # a character YAML does not allow: the same located message as for files
        problems = control_problems(text, file, first_line=1 + line_offset)
        raise OfficialDocsError(problems or Problem("YAML 中有不允许的字符", Location(file))) from None
    except Exception as exc:  # ruamel raises a few unmarked errors
        raise OfficialDocsError(Problem("YAML 无法解析", Location(file), f"解析器原文：{exc}")) from None
    positions: Positions = {}
    data = _plain(raw, (), positions, line_offset)
    if isinstance(data, str) and quote:  # `title：x` alone parses as one string: say what went wrong
        mistake = scalar_mistake(text, file, line_offset, quote)
        if mistake:
            raise OfficialDocsError(mistake)
    problems = _control_problems(data, (), positions, file)
    if problems:
        raise OfficialDocsError(problems)
    return data, positions


def load_yaml_with_positions(path: Path, what: str | None = None) -> tuple[Any, Positions]:
    """A YAML file's data and positions. With `what` (e.g. "样式配置"), a file named by a setting rather than
    written by the user: its top level must be a mapping, and no message quotes its text (a plan saying
    `profile: /etc/passwd` must not make us print that file)."""
    source = read_text(path)
    data, positions = parse_yaml_text(source.text, source.name, quote=what is None)
    if what is not None and not isinstance(data, dict):
        raise OfficialDocsError(Problem(f"这不是{what}文件：顶层应为“键: 值”的键值表", Location(source.name, 1, 1),
                                        f"检查{what}的路径"))
    return data, positions


# In a value, a carriage return can only come from an escape ("\r"): the reader has turned the file's own
# line ends into "\n". It would break a name or title over two lines where no one can see it.
_ESCAPED = re.compile(f"{CONTROL.pattern[:-1]}\r]")


def _control_problems(data: Any, path: PathKey, positions: Positions, file: str) -> list[Problem]:
    """Control characters that YAML escapes ("\x01", "\uffff") put into values: at the value's line:col.
    (Characters typed into the file itself are refused when it is read, at their own line:col.)"""
    problems: list[Problem] = []
    stack: list[tuple[PathKey, Any]] = [(path, data)]
    while stack and len(problems) < 10:
        where, value = stack.pop()
        if isinstance(value, str):
            found = _ESCAPED.search(value)
            if found:
                pos = position_of(positions, where)
                problems.append(Problem(f"这个值里有看不见的控制字符 {char_name(found.group())}，由转义序列写出",
                                        Location(file, *pos) if pos else Location(file), "删除这个转义序列"))
        elif isinstance(value, dict):
            for key, child in value.items():
                if isinstance(key, str) and _ESCAPED.search(key):
                    stack.append(((*where, key, "__key__"), key))
                else:
                    stack.append(((*where, key), child))
        elif isinstance(value, list):
            stack.extend(((*where, i), child) for i, child in enumerate(value))
    return sorted(problems, key=lambda p: (p.location.line or 0, p.location.column or 0) if p.location else (0, 0))


def _plain(node: Any, path: PathKey, positions: Positions, off: int) -> Any:
    """Turn ruamel's round-trip containers into dict/list, recording positions along the way."""
    if isinstance(node, CommentedMap):
        out: dict[Any, Any] = {}
        for key, value in node.items():
            try:
                kline, kcol = node.lc.key(key)
                vline, vcol = node.lc.value(key)
            except (KeyError, TypeError):
                kline = kcol = vline = vcol = None
            child = (*path, key)
            if kline is not None:
                key_path = (*child, "__key__")
                positions[key_path] = (kline + 1 + off, kcol + 1)
                positions[child] = (vline + 1 + off, vcol + 1)
            out[str(key) if not isinstance(key, str) else key] = _plain(value, child, positions, off)
        if path not in positions and node.lc.line is not None:
            positions[path] = (node.lc.line + 1 + off, node.lc.col + 1)
        return out
    if isinstance(node, CommentedSeq):
        items = []
        for i, value in enumerate(node):
            child = (*path, i)
            try:
                line, col = node.lc.item(i)
                positions[child] = (line + 1 + off, col + 1)
            except (KeyError, TypeError, IndexError):
                pass
            items.append(_plain(value, child, positions, off))
        return items
    if isinstance(node, datetime):
        return node
    if isinstance(node, date):
        return node
    if isinstance(node, str):
        return str(node)  # drop ruamel's ScalarString subclasses
    if hasattr(node, "__float__") and type(node).__name__ == "ScalarFloat":
        return float(node)
    if type(node).__name__ in ("ScalarBoolean",):
        return bool(node)
    return node


def position_of(positions: Positions, path: PathKey, key: bool = False) -> tuple[int, int] | None:
    """The nearest known position for `path`, walking up to a parent when the exact one is unknown."""
    probe = tuple(path)
    key_path = (*probe, "__key__")
    if key and key_path in positions:
        return positions[key_path]
    while True:
        if probe in positions:
            return positions[probe]
        if not probe:
            return None
        probe = probe[:-1]


_TYPE_NAMES = {
    "string_type": "文本", "int_type": "整数", "int_parsing": "整数", "float_type": "数字", "float_parsing": "数字",
    "bool_type": "是/否（true/false）", "bool_parsing": "是/否（true/false）", "list_type": "列表",
    "dict_type": "键值表", "model_type": "键值表", "date_type": "日期", "date_from_datetime_parsing": "日期",
    "tuple_type": "列表",
}


def _fields_of(model: type[BaseModel] | None, loc: tuple[Any, ...]) -> list[str]:
    """Field names (aliases) valid at `loc`'s parent, for "did you mean" suggestions."""
    if model is None:
        return []
    current: Any = model
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        fields = getattr(current, "model_fields", None)
        if not fields:
            return []
        field = next((f for n, f in fields.items() if (f.alias or n) == part), None)
        if field is None:
            return []
        current = _model_in(field.annotation)
        if current is None:
            return []
    fields = getattr(current, "model_fields", {})
    return [f.alias or n for n, f in fields.items()]


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _model_in(arg)
        if found is not None:
            return found
    return None


def suggest(word: str, choices: list[str]) -> str | None:
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return close[0] if close else None


def pydantic_problems(
    exc: ValidationError, file: str, positions: Positions, model: type[BaseModel] | None = None,
    data: Any = None, text: Callable[[], str] | None = None,
) -> list[Problem]:
    """Translate pydantic errors into located Chinese messages, one per error.

    Fields are named the way a clerk finds them (第二部分（三）的“title”, 附件2, 单位“华新镇”); `data` (the
    parsed YAML) supplies unit names, `text` (the source, read on demand) puts a missing field of a list item
    on the item's own `-` line."""
    problems: list[Problem] = []
    lines: list[str] | None = None
    for err in exc.errors(include_url=False):
        loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and p.startswith("function-")))
        kind = err["type"]
        where = clerk_path(loc, data) or "（顶层）"
        hint = None
        if kind == "extra_forbidden":
            pos = position_of(positions, loc, key=True)
            name = str(loc[-1]) if loc else ""
            guess = suggest(name, _fields_of(model, loc))
            owner = clerk_path(loc[:-1], data)
            msg = f"{owner + '中有' if owner else ''}未知的字段 “{name}”"
            hint = f"是否想写 “{guess}”？" if guess else "删除它，或查看 officialdocs schema 列出的字段"
        elif kind == "missing":
            pos = position_of(positions, loc[:-1])
            if pos and loc[:-1] and isinstance(loc[-2], int) and text is not None:
                if lines is None:
                    lines = _source_lines(text)
                pos = _dash_of(lines, pos)
            msg = f"缺少必填字段 {where}"
            hint = _field_help(model, loc)
        elif kind in _TYPE_NAMES:
            pos = position_of(positions, loc)
            msg = f"{where} 应为{_TYPE_NAMES[kind]}，实际是 {_describe(err.get('input'))}"
        elif kind == "value_error":
            pos = position_of(positions, loc)
            error = err.get("ctx", {}).get("error", err["msg"])
            detail = str(error)
            msg = f"{where}：{detail}" if loc else detail
            hint = getattr(error, "hint", None)
        elif kind == "literal_error":
            pos = position_of(positions, loc)
            msg = f"{where} 的取值不对：{err['msg'].replace('Input should be', '应为')}"
        else:
            pos = position_of(positions, loc)
            msg = f"{where}：{err['msg']}"
        where_in_file = Location(file, *pos) if pos else Location(file)
        problems.append(Problem(msg, where_in_file, hint))
    return problems


# How a clerk names the parts of a plan: 版头, 第二部分（三）2., 附件2, 子方案1, 单位“华新镇”.
_PARTS = {"masthead": "版头", "colophon": "版记", "notice": "印发通知", "unit_schemes": "单位实施方案"}


def clerk_path(loc: tuple[Any, ...], data: Any = None) -> str:
    """('sections', 1, 'items', 2, 'title') -> 第二部分（三）的“title”; ('units', 8, 'kind') -> 单位“华新镇”的“kind”."""
    from .numerals import chinese_numeral, heading_number

    words: list[str] = []
    node = data
    depth = 0  # heading level reached inside sections
    i = 0
    while i < len(loc):
        step = loc[i]
        following = loc[i + 1] if i + 1 < len(loc) else None
        node = node.get(step) if isinstance(node, dict) and not isinstance(step, int) else (
            node[step] if isinstance(node, list) and isinstance(step, int) and step < len(node) else None)
        if step in ("sections", "items", "attachments", "units", "schemes") and isinstance(following, int):
            item = node[following] if isinstance(node, list) and following < len(node) else None
            if step == "sections":
                words.append(f"第{chinese_numeral(following + 1)}部分")
                depth = 1
            elif step == "items":
                depth += 1
                words.append(heading_number(depth, following + 1).rstrip("、") if depth <= 4 else f"第{following + 1}项")
            elif step == "attachments":
                words.append(f"附件{following + 1}")
            elif step == "schemes":
                words.append(f"子方案{following + 1}")
            else:
                name = item.get("name") if isinstance(item, dict) else None
                words.append(f"单位“{name.strip()}”" if isinstance(name, str) and name.strip() else f"第{following + 1}个单位")
            node = item
            i += 2
            continue
        if isinstance(step, int):
            words.append(f"第{step + 1}项")
        elif step in _PARTS and following is not None:
            words.append(_PARTS[step])
        else:
            words.append(("的" if words else "") + f"“{step}”")
        i += 1
    return "".join(words)


def _source_lines(text: Callable[[], str]) -> list[str]:
    try:
        return text().split("\n")
    except OfficialDocsError:
        return []


def _dash_of(lines: list[str], pos: tuple[int, int]) -> tuple[int, int]:
    """The `-` that opens the list item whose content starts at `pos` (the same line, or a line above when
    the mapping starts below a lone dash)."""
    line, col = pos
    if not 0 < line <= len(lines):
        return pos
    before = lines[line - 1][:col - 1]
    if before.rstrip().endswith("-"):
        return line, before.rstrip().rfind("-") + 1
    for above in range(line - 1, 0, -1):
        text = lines[above - 1].split("#", 1)[0].rstrip()
        if not text.strip():
            continue
        if text.endswith("-") and text.rfind("-") < col - 1:
            return above, text.rfind("-") + 1
        break
    return pos


def _field_help(model: type[BaseModel] | None, loc: tuple[Any, ...]) -> str | None:
    """The field's own description from the schema, as the hint for a missing field."""
    if model is None or not loc:
        return None
    current: Any = model
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        field = getattr(current, "model_fields", {}).get(part)
        current = _model_in(field.annotation) if field is not None else None
        if current is None:
            return None
    field = getattr(current, "model_fields", {}).get(loc[-1])
    return f"{loc[-1]}：{field.description}" if field is not None and field.description else None


def _describe(value: Any) -> str:
    if value is None:
        return "空值"
    if isinstance(value, str):
        return f"文本 “{value[:20]}”"
    if isinstance(value, bool):
        return "是/否"
    if isinstance(value, (int, float)):
        return f"数字 {value}"
    if isinstance(value, list):
        return "列表"
    if isinstance(value, dict):
        return "键值表"
    return type(value).__name__
