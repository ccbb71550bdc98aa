"""Next year's plan from this year's: `officialdocs draft plan.yaml --year 2012`.

The plan file is edited round-trip with ruamel.yaml, so its comments, key order, quoting and block
scalars survive. The year moves forward only where it is certainly the plan's own year (the title, dates,
the document's 发文字号, "2011年…" in the text); a plan year that starts or ends a range (2011—2015年) or
names another document (区委〔2011〕5号) is left as written and marked `# 待核对`. Every narrative
block keeps last year's words and is marked `# 待修改`. The result carries `draft: 征求意见稿`, so it
renders with （征求意见稿） under the title and without 发文字号 and seal until someone signs it off.
"""

from __future__ import annotations

import calendar
import io
import os
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark, YAMLError
from ruamel.yaml.tokens import CommentToken

from ..errors import Location, OfficialDocsError, Problem
from ..numerals import CN_ZEROS, chinese_year_text, format_date, parse_date
from .loader import load_plan, load_plan_text

DRAFT_LABEL = "征求意见稿"
NARRATIVE_KEYS = ("preamble", "text", "closing")
# Values that are names of files or closed choices, never text to move a year in.
_OPAQUE_KEYS = frozenset({"seal", "profile", "copy_number", "classification", "urgency", "kind", "mark_suffix"})
_DATE_KEYS = frozenset({"date", "printed_on"})

_ANY_YEAR = rf"(?:\d{{4}}|[{CN_ZEROS}一二三四五六七八九]{{4}})"
_CONNECT = r"\s*(?:—|－|–|-|~|～|至|到)+\s*"
_RANGE_AFTER = re.compile(rf"年?{_CONNECT}{_ANY_YEAR}年?")
_RANGE_BEFORE = re.compile(rf"{_ANY_YEAR}年?{_CONNECT}$")
_CN_DATE_AFTER = re.compile(r"年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_ISO_DATE_AFTER = re.compile(r"([-/.])(\d{1,2})\1(\d{1,2})(?!\d)")
_ISSUER_BEFORE = re.compile(r"[^\s，。；：、,.;:（）()《》“”\"']{0,12}〔$")
_SERIAL_AFTER = re.compile(r"〕\s*\d*\s*号?")
_DOC_YEAR = re.compile(r"〔(\d{4})〕")


@dataclass
class Draft:
    """A next-year draft: the YAML text, where it goes, and what changed (for the one-line summary)."""

    text: str
    target: Path
    plan_year: int
    year: int
    moved: int = 0  # years moved forward (text, dates, 发文字号)
    flagged: int = 0  # narrative blocks kept from last year and marked 待修改
    kept: list[str] = field(default_factory=list)  # year mentions left alone and marked 待核对

    @property
    def summary(self) -> str:
        kept = f"，{len(self.kept)} 处未改动待核对" if self.kept else ""
        return (f"{self.plan_year}年 → {self.year}年：年份前移 {self.moved} 处，{self.flagged} 段沿用原文待修改{kept}"
                f"（见文件中的“# 待修改”“# 待核对”注释）")


def make_draft(path: Path, year: int | None = None) -> str:
    """Next year's plan data as YAML text (the draft of the plan in `path`); `year` defaults to Plan.year + 1."""
    return build_draft(path, year).text


def build_draft(path: Path, year: int | None = None, *, out: Path | None = None) -> Draft:
    """The draft with its target file and counts. `out` is the file (or an existing folder) it will be
    written to; by default `plan-2012.yaml` beside the input. Relative seal paths are rebased onto it."""
    path = Path(path)
    plan = load_plan(path, cross_checks=False)  # a broken input is reported against the input, with its own line numbers
    plan_year = plan.year
    if plan_year is None:
        raise OfficialDocsError(Problem("无法确定计划年份：标题中没有“2011年”这样的年份，也没有成文日期",
                                        Location(str(path)), "在标题中写明年份，或填写 date"))
    target_year = plan_year + 1 if year is None else year
    if target_year <= plan_year:
        raise OfficialDocsError(Problem(f"草稿年份 {target_year} 不晚于计划年份 {plan_year}", Location(str(path)),
                                        f"--year 应大于 {plan_year}，如 {plan_year + 1}；不写则取 {plan_year + 1}"))
    if target_year > 9999:
        raise OfficialDocsError(Problem(f"草稿年份 {target_year} 不是四位数年份", hint=f"如 {plan_year + 1}"))
    target = _target(path, plan_year, target_year, out)

    from ..textio import read_text

    text = read_text(path).text  # load_plan already proved it readable (any encoding we accept)
    yaml = _round_trip_yaml(text)
    data = yaml.load(text)
    _strip_marks(data)
    shifter = _Shifter(plan_year, target_year)
    shifter.walk(data, ())
    _mark_draft(data)
    image = _rebase_seal(data, path, target)
    _header(data, plan_year, target_year)
    result = _dump(yaml, data)
    _check(yaml, data, result, target, image)
    return Draft(result, target, plan_year, target_year, shifter.moved, shifter.flagged, shifter.kept)


# ---------------------------------------------------------------- output path


def _target(source: Path, plan_year: int, year: int, out: Path | None) -> Path:
    """Where the draft goes; never the input itself (the draft must not destroy last year's plan)."""
    name = source.stem.replace(str(plan_year), str(year))
    name = f"{name}{source.suffix}" if name != source.stem else f"{source.stem}-{year}{source.suffix}"
    if out is None:
        target = source.parent / name
    else:
        out = Path(out)
        target = out / name if out.is_dir() else out
    if target.resolve() == source.resolve() or (target.exists() and os.path.samefile(target, source)):
        raise OfficialDocsError(Problem(f"输出文件 {target} 就是输入文件", Location(str(source)),
                                        f"用 -o 另给文件名，如 {source.parent / name}；草稿不覆盖原计划"))
    return target


# ---------------------------------------------------------------- YAML round trip


def _round_trip_yaml(text: str) -> YAML:
    """A round-trip YAML with the indentation that reproduces `text`, so the diff shows only real changes."""
    candidates = [(2, 4, 2), (2, 2, 0), (4, 4, 2), (4, 6, 4), (4, 4, 0)]
    fallback = None
    for mapping, sequence, offset in candidates:
        yaml = YAML(typ="rt")
        yaml.preserve_quotes = True
        yaml.width = 4096  # never re-wrap long lines of Chinese text
        yaml.allow_unicode = True
        yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
        fallback = fallback or yaml
        try:
            buffer = io.StringIO()
            yaml.dump(yaml.load(text), buffer)
        except YAMLError:
            break
        if buffer.getvalue() == text:
            return yaml
    assert fallback is not None
    return fallback


def _dump(yaml: YAML, data: Any) -> str:
    buffer = io.StringIO()
    yaml.dump(data, buffer)
    return buffer.getvalue()


def _check(yaml: YAML, data: CommentedMap, text: str, target: Path, image: Path | None) -> None:
    """The promise is a file that loads and renders as written: check it before anyone writes it."""
    if image is not None:
        # The target folder may not exist yet, and "../seal.png" cannot be followed through a missing
        # folder: check the same image by its absolute path instead.
        seal = data["seal"]
        data["seal"] = image.as_posix()
        text = _dump(yaml, data)
        data["seal"] = seal
    try:
        load_plan_text(text, str(target), cross_checks=False)  # as complete as the plan it came from
    except OfficialDocsError as exc:
        raise OfficialDocsError([Problem("生成的草稿未通过校验（这是 officialdocs 的缺陷，请报告）"), *exc.problems]) from None


def _like(old: str, new: str) -> str:
    """`new` in the scalar style of `old` (|- block, quotes, folds); year edits keep the length, so folds hold."""
    if type(old) is str:
        return new
    copy = type(old)(new)
    for attr in ("fold_pos",):
        if hasattr(old, attr):
            setattr(copy, attr, getattr(old, attr))
    return copy


def _comment_above(mapping: CommentedMap, key: str, lines: list[str]) -> None:
    mapping.fa.set_block_style()  # a flow mapping {…} cannot hold comments
    column = mapping.lc.col or 0
    mapping.yaml_set_comment_before_after_key(key, before="\n".join(lines), indent=column)


_OWN_MARK = re.compile(r"^[ \t]*# (?:待修改：|待核对：|稿本标注：|\d{4}年草稿（|年份已前移到)")


def _strip_marks(node: Any) -> None:
    """Drop the 待修改 / 待核对 / header comments of an earlier draft, so drafting a draft does not stack them."""
    if not isinstance(node, (CommentedMap, CommentedSeq)):
        return
    ca = node.ca
    if ca.comment:
        ca.comment = [_clean_slot(slot) for slot in ca.comment]
    for key, slots in ca.items.items():
        ca.items[key] = [_clean_slot(slot) for slot in slots]
    if ca.end:
        ca.end = _clean_slot(ca.end)
    for child in node.values() if isinstance(node, CommentedMap) else node:
        _strip_marks(child)


def _clean_slot(slot: Any) -> Any:
    if isinstance(slot, list):
        kept = [_clean_token(token, in_list=True) for token in slot]
        return [token for token in kept if token is not None]
    return _clean_token(slot, in_list=False) if isinstance(slot, CommentToken) else slot


def _clean_token(token: CommentToken, in_list: bool) -> CommentToken | None:
    lines = token.value.splitlines(keepends=True)
    kept = [line for line in lines if not _OWN_MARK.match(line)]
    if len(kept) == len(lines):
        return token
    rest = "".join(kept)
    if not rest.strip() and (in_list or rest in ("", "\n")):
        return None  # nothing but our marks (and the line end they hung on)
    if _OWN_MARK.match(lines[0]) and not rest.startswith("\n"):
        rest = "\n" + rest  # an end-of-line mark went: what followed stays on lines of its own
    token.value = rest
    return token


def _mark_draft(data: CommentedMap) -> None:
    """`draft: 征求意见稿` right under the title, taking over the title's trailing blank line."""
    note = "稿本标注：定稿时删去本行，才带发文字号和印章排版"
    if "draft" in data:
        data["draft"] = DRAFT_LABEL
        data.yaml_set_comment_before_after_key("draft", before=note, indent=0)
        return
    keys = list(data.keys())
    position = keys.index("title") + 1 if "title" in keys else 0
    data.insert(position, "draft", DRAFT_LABEL)
    title_tail = data.ca.items.get("title")
    if title_tail and title_tail[2] is not None and not title_tail[2].value.lstrip(" ").startswith("#"):
        data.ca.items.setdefault("draft", [None, None, None, None])[2] = title_tail[2]
        title_tail[2] = None
    data.yaml_set_comment_before_after_key("draft", before=note, indent=0)


def _rebase_seal(data: CommentedMap, source: Path, target: Path) -> Path | None:
    """A relative seal path is relative to the plan file; keep it pointing at the same image from the draft.

    Returns the image's absolute path when the seal is relative (for the check), else None."""
    seal = data.get("seal")
    if not isinstance(seal, str) or Path(seal).is_absolute():
        return None
    image = (source.parent / seal).resolve()
    try:
        rebased = Path(os.path.relpath(image, target.parent.resolve())).as_posix()
    except ValueError:  # another drive on Windows
        rebased = image.as_posix()
    if rebased != Path(seal).as_posix():
        data["seal"] = _like(seal, rebased)
    return image


def _header(data: CommentedMap, plan_year: int, year: int) -> None:
    lines = [
        f"# {year}年草稿（{DRAFT_LABEL}）：由 officialdocs draft 根据{plan_year}年计划生成。",
        f"# 年份已前移到{year}年；“# 待修改”处沿用{plan_year}年原文，“# 待核对”处的年份未改动。",
        "",
    ]
    tokens = [CommentToken(f"{line}\n", CommentMark(0)) for line in lines]
    if data.ca.comment is None:
        data.ca.comment = [None, []]
    if data.ca.comment[1] is None:
        data.ca.comment[1] = []
    data.ca.comment[1][:0] = tokens


# ---------------------------------------------------------------- moving the year


class _Shifter:
    """Walks the round-trip tree, moving the plan year and noting what it leaves for a person to check."""

    def __init__(self, plan_year: int, year: int) -> None:
        self.plan_year, self.year = plan_year, year
        self.delta = year - plan_year
        self.moved = 0
        self.flagged = 0
        self.kept: list[str] = []
        forms = [str(plan_year), *(chinese_year_text(plan_year, z) for z in CN_ZEROS)]
        digits = f"0-9{CN_ZEROS}一二三四五六七八九"
        self.token = re.compile(rf"(?<![{digits}])(?:{'|'.join(forms)})(?![{digits}])")

    # -- text

    def shift_text(self, text: str) -> tuple[str, list[str]]:
        """Move "2011年…", "2011-06-30" and the like; return the new text and the mentions left alone."""
        out: list[str] = []
        notes: list[str] = []
        pos = 0
        for match in self.token.finditer(text):
            start, end = match.span()
            out.append(text[pos:start])
            pos = end
            kept = self._kept_context(text, start, end)
            if kept is not None:
                notes.append(kept)
                out.append(match.group())
                continue
            out.append(self._new_year(match.group()))
            self.moved += 1
            # 2月29日 of the old year has no match in a common year: the last day of February instead
            date_match = _CN_DATE_AFTER.match(text, end) or _ISO_DATE_AFTER.match(text, end)
            if date_match:
                month, day = int(date_match.group(date_match.re.groups - 1)), int(date_match.group(date_match.re.groups))
                if month == 2 and day == 29 and not calendar.isleap(self.year):
                    day_start = date_match.start(date_match.re.groups)
                    out.append(text[end:day_start] + "28")
                    pos = date_match.end(date_match.re.groups)
        out.append(text[pos:])
        return "".join(out), notes

    def _kept_context(self, text: str, start: int, end: int) -> str | None:
        """The mention as quoted in a 待核对 note if this plan year must stay; None to move it."""
        before = _RANGE_BEFORE.search(text, max(0, start - 16), start)
        if before:  # the end of a range: 2010—2011年
            tail = "年" if text.startswith("年", end) else ""
            return text[before.start():end] + tail
        after = _RANGE_AFTER.match(text, end)
        if after:  # the start of a range: 2011—2015年
            return text[start:after.end()]
        if start > 0 and text[start - 1] == "〔" and text.startswith("〕", end):  # cites another document's 文号
            issuer = _ISSUER_BEFORE.search(text, max(0, start - 14), start)
            serial = _SERIAL_AFTER.match(text, end)
            return text[issuer.start() if issuer else start - 1:serial.end() if serial else end + 1]
        if text.startswith("年", end) or _ISO_DATE_AFTER.match(text, end):
            return None
        # Anything else (2011届, 2011、2012年): quote it with a few characters of its own clause.
        head = re.split(r"[\s，。；：、,;:]", text[max(0, start - 4):start])[-1]
        tail = re.split(r"[\s，。；：、,;:]", text[end:end + 4])[0]
        return f"{head}{text[start:end]}{tail}"

    def _new_year(self, old: str) -> str:
        if old.isdigit():
            return str(self.year)
        zero = next(c for c in old if c in CN_ZEROS) if any(c in CN_ZEROS for c in old) else "〇"
        return chinese_year_text(self.year, zero)

    # -- dates and 文号 of the document itself

    def _own_year(self, year: int) -> bool:
        # A plan for 2011 is often signed in December 2010: its own dates and 文号 move by the same step.
        return year in (self.plan_year, self.plan_year - 1)

    def shift_date(self, value: date) -> date | None:
        if not self._own_year(value.year):
            return None
        year = value.year + self.delta
        day = min(value.day, calendar.monthrange(year, value.month)[1])  # Feb 29 -> Feb 28
        self.moved += 1
        return value.replace(year=year, day=day)

    def shift_doc_number(self, text: str) -> tuple[str, list[str]]:
        match = _DOC_YEAR.search(text)
        if not match:
            return text, []
        old = int(match.group(1))
        if not self._own_year(old):
            return text, [text]
        self.moved += 1
        return f"{text[:match.start(1)]}{old + self.delta}{text[match.end(1):]}", []

    def shift_date_text(self, text: str) -> tuple[str, list[str]] | None:
        """A date field written as text (2010年12月28日): moved like a date, kept in its written form."""
        try:
            value = parse_date(text)
        except ValueError:
            return None
        moved = self.shift_date(value)
        if moved is None:
            return text, [text]
        return (format_date(moved) if "年" in text else moved.isoformat()), []

    # -- the tree

    def walk(self, node: Any, path: tuple[Any, ...]) -> None:
        if isinstance(node, CommentedSeq):
            for i, child in enumerate(node):
                self.walk(child, (*path, i))
            return
        if not isinstance(node, CommentedMap):
            return
        for key in list(node.keys()):
            if key in _OPAQUE_KEYS or key == "draft":
                continue
            notes = self._shift_value(node, key, (*path, key))
            lines = []
            if key in NARRATIVE_KEYS and isinstance(node[key], str):
                lines.append(self._review_line())
                self.flagged += 1
            lines += [f"待核对：“{note}”未改动，请核对年份" for note in dict.fromkeys(notes)]
            self.kept += notes
            if lines:
                _comment_above(node, key, lines)
        # A task with no text is all title: last year's task, to be confirmed for the new year.
        if len(path) >= 2 and path[-2] == "items" and not node.get("text") and isinstance(node.get("title"), str):
            self.flagged += 1
            after_title = node.ca.items.get("title")
            if after_title and after_title[2] is not None:  # keep a comment already there
                _comment_above(node, "title", [self._review_line()])
            else:
                node.fa.set_block_style()
                node.yaml_add_eol_comment(self._review_line(), "title")

    def _review_line(self) -> str:
        return f"待修改：沿用{self.plan_year}年原文，请结合{self.year}年实际修改"

    def _shift_value(self, node: CommentedMap, key: Any, path: tuple[Any, ...]) -> list[str]:
        """Move the year in node[key]; return notes on what stays. Lists of strings note on their key."""
        value = node[key]
        if isinstance(value, (CommentedMap, CommentedSeq)):
            notes: list[str] = []
            if isinstance(value, CommentedSeq):
                for i, item in enumerate(value):
                    if isinstance(item, str):
                        new, found = self.shift_text(item)
                        if new != item:
                            value[i] = _like(item, new)
                        notes += found
            self.walk(value, path)
            return notes
        if isinstance(value, datetime):
            return [str(value)]  # a time of day is not something a plan carries; leave it to a person
        if isinstance(value, date):
            moved = self.shift_date(value)
            if moved is None:
                return [value.isoformat()]
            node[key] = moved
            return []
        if not isinstance(value, str):
            return []
        if key == "doc_number":
            new, notes = self.shift_doc_number(value)
        elif key in _DATE_KEYS and (shifted := self.shift_date_text(value)) is not None:
            new, notes = shifted
        else:
            new, notes = self.shift_text(value)
        if new != value:
            node[key] = _like(value, new)
        return notes
