"""`lint`: 公文 writing rules (GB/T 9704, GB/T 15834, GB/T 15835) over plan.yaml, 公文 Markdown and .docx text.

Every finding is located as file:line:col (for a .docx, line = paragraph number). Text is cut into units
(a YAML string value, a Markdown heading or paragraph, a Word paragraph), each with a map from character
offsets to source positions, so findings point at the character and fixes edit the source in place.

Safe fixes (`fix=True`, .yaml and .md only) change characters, never structure: ASCII punctuation next to
Chinese → full width, [2011] → 〔2011〕, 01号 → 1号, 2011-2015年 → 2011—2015年, 01月 → 1月, doubled marks,
trailing punctuation of titles. YAML is edited as text at known positions, so comments and layout stay;
the result is parsed again and a fix that would change anything but the intended value is dropped.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..cjk import BRACKET_PAIRS, FULL_WIDTH, NAME_END_FORBIDDEN, is_cjk, is_han
from ..errors import Location, OfficialDocsError, Problem
from ..numerals import CN_NUMERAL_DATE, chinese_year, heading_number, parse_chinese_numeral, parse_ordinal
from ..validators import DOC_NUMBER, doc_number_defects
from .rules import Catalogue, Finding, Fix, load_catalogue

# ---------------------------------------------------------------------------------------------- characters

_han = is_han
FULL = FULL_WIDTH
_TRAILING = NAME_END_FORBIDDEN
_PAIRS = BRACKET_PAIRS
_CLOSERS = {v: k for k, v in _PAIRS.items()}
_MASKS = [
    re.compile(r"<!--.*?-->", re.S),
    re.compile(r"`[^`\n]*`"),
    re.compile(r"\]\([^)\s]*\)"),  # a Markdown link target
    re.compile(r"(?:https?|ftp)://[^\s\u3000-\u303f\uff00-\uffef“”‘’，。]+|www\.[A-Za-z0-9.-]+[^\s\u3000-\u303f\uff00-\uffef，。]*"),
    re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"),
]


def _mask(text: str) -> str:
    """URLs, e-mail addresses, inline code and link targets become 'x' (same length): their punctuation is
    not Chinese text."""
    for pattern in _MASKS:
        text = pattern.sub(lambda m: "x" * len(m.group(0)), text)
    return text


# ------------------------------------------------------------------------------------------------- units

@dataclass
class Unit:
    """A piece of text to lint, and how its offsets map back to the file."""

    text: str
    role: str  # text | title | heading | attachment | recipient | cc | doc_number | attachment_item | cell
    locate: Callable[[int], tuple[int, int]]
    span: Callable[[int, int], tuple[int, int] | None] = lambda a, b: None  # value range -> source range
    level: int = 0  # heading level (Markdown, docx)
    line_starts: bool = True  # T09 applies at line starts inside the unit
    folded: bool = False  # a YAML folded block scalar (>)


@dataclass
class Hit:
    rule: str
    start: int  # the range a fix replaces
    end: int
    message: str
    fix: str | None = None
    hint: str | None = None
    at: int | None = None  # where to point, when not at `start` (the bracket of a 文号, not its first character)


class SourceText:
    """Offsets <-> 1-based (line, column) in a text file."""

    def __init__(self, text: str):
        self.text = text
        self.starts = [0]
        for m in re.finditer("\n", text):
            self.starts.append(m.end())

    def offset(self, line: int, col: int) -> int:
        return self.starts[line - 1] + col - 1

    def position(self, offset: int) -> tuple[int, int]:
        import bisect

        line = bisect.bisect_right(self.starts, offset) - 1
        return line + 1, offset - self.starts[line] + 1


def map_value(source: str, start: int, value: str) -> list[int] | None:
    """Where each character of a YAML string value sits in the source, starting from the value's token.

    Walks the source, skipping what YAML adds around the characters (quotes, block indicators, line breaks
    and indentation); None when an escape or anything else breaks the one-to-one correspondence."""
    i = start
    if i < len(source) and source[i] in "|>":
        nl = source.find("\n", i)
        i = len(source) if nl < 0 else nl + 1
    elif i < len(source) and source[i] in "\"'":
        i += 1
    out: list[int] = []
    for ch in value:
        skipped = 0
        while i < len(source) and source[i] != ch:
            if source[i] not in " \t\r\n\"'" or skipped > 200:
                return None
            i += 1
            skipped += 1
        if i >= len(source):
            return None
        out.append(i)
        i += 1
    return out


def _value_unit(src: SourceText, value: str, pos: tuple[int, int] | None, role: str) -> Unit:
    start = src.offset(*pos) if pos else 0
    mapping = map_value(src.text, start, value) if pos else None
    fallback = pos or (1, 1)

    def locate(k: int) -> tuple[int, int]:
        if mapping and 0 <= k < len(mapping):
            return src.position(mapping[k])
        return fallback

    def span(a: int, b: int) -> tuple[int, int] | None:
        if not mapping or b <= a or b > len(mapping):
            return None
        if mapping[b - 1] - mapping[a] != b - 1 - a:
            return None  # not contiguous in the source (a line break, an escape): leave it to the writer
        return mapping[a], mapping[b - 1] + 1

    folded = pos is not None and src.text[start:start + 1] == ">"
    return Unit(value, role, locate, span, folded=folded)


def _slice_unit(src: SourceText, start: int, end: int, role: str, level: int = 0) -> Unit:
    """A unit that is a slice of the source file itself (Markdown body)."""
    return Unit(src.text[start:end], role, lambda k: src.position(start + k),
                lambda a, b: (start + a, start + b), level)


# ---------------------------------------------------------------------------------------------- text rules

def _correct_ordinal(level: int, n: int) -> str:
    return heading_number(level, n)


def _line_starts(unit: Unit) -> Iterator[int]:
    text = unit.text
    i = len(text) - len(text.lstrip())
    yield i
    if unit.line_starts:
        for m in re.finditer(r"\n[ \t\u3000]*", text):
            if m.end() < len(text):
                yield m.end()


def rule_t09(unit: Unit, masked: str, claimed: set[int]) -> list[Hit]:
    hits = []
    for start in _line_starts(unit):
        parsed = parse_ordinal(masked[start:])
        if parsed is None:
            continue
        level, n, length = parsed.level, parsed.number, parsed.end
        typed = unit.text[start:start + length]
        right = _correct_ordinal(level, n)
        claimed.update(range(start, start + length))
        if typed != right and not (level == 3 and typed.endswith(".") and typed[:-1].isdigit()):
            hits.append(Hit("T09", start, start + length, f"序次语 “{typed}” 应写成 “{right}”", right))
    return hits


def rule_t01(masked: str, claimed: set[int]) -> list[Hit]:
    hits: list[Hit] = []
    n = len(masked)
    flagged: set[int] = set()

    def adjacent(i: int) -> bool:
        return is_cjk(masked[i - 1] if i > 0 else "") or is_cjk(masked[i + 1] if i + 1 < n else "")

    for i, ch in enumerate(masked):
        if ch not in FULL or i in claimed:
            continue
        prev = masked[i - 1] if i > 0 else ""
        nxt = masked[i + 1] if i + 1 < n else ""
        if ch in ".,:" and prev.isdigit() and nxt.isdigit():
            continue  # 1.5, 1,000, 9:30
        if ch == "." and (prev.isdigit() or prev == "." or nxt == "." or (nxt.isascii() and nxt.isalnum())):
            continue  # the ordinal 1. (下脚点), ... (T06), file.docx
        if adjacent(i):
            flagged.add(i)
            partner = _partner(masked, i)
            if partner is not None:
                flagged.add(partner)
    for i in sorted(flagged):
        ch = masked[i]
        hits.append(Hit("T01", i, i + 1, f"中文中的 “{ch}” 应使用全角 “{FULL[ch]}”", FULL[ch]))
    for quote, (opening, closing) in (('"', ("“", "”")), ("'", ("‘", "’"))):
        places = [i for i, c in enumerate(masked) if c == quote]
        if places and any(adjacent(i) for i in places):
            for k, i in enumerate(places):
                right = opening if k % 2 == 0 else closing
                hits.append(Hit("T01", i, i + 1, f"中文中的引号 “{quote}” 应使用 “{right}”", right))
    return hits


def _partner(text: str, i: int) -> int | None:
    """The matching ASCII bracket of text[i], so both halves of (…) are fixed together."""
    ch = text[i]
    if ch == "(":
        depth = 0
        for j in range(i, len(text)):
            depth += {"(": 1, ")": -1}.get(text[j], 0)
            if depth == 0:
                return j
    elif ch == ")":
        depth = 0
        for j in range(i, -1, -1):
            depth += {")": 1, "(": -1}.get(text[j], 0)
            if depth == 0:
                return j
    return None


_DOC_NO = re.compile(r"[\u4e00-\u9fff]{1,12}[\[［【﹝(（〖〔]\s*\d{2,4}\s*[\]］】﹞)）〗〕]\s*第?\d+号")


def rule_doc_numbers(unit: Unit, masked: str) -> list[Hit]:
    """T02 (brackets) and S06 (第, 虚位, year) on every 发文字号 in the text, or on the whole value of a
    doc_number field."""
    if unit.role == "doc_number":
        spans = [(0, len(unit.text))] if unit.text.strip() else []
    else:
        spans = [(m.start(), m.end()) for m in _DOC_NO.finditer(masked)]
    hits: list[Hit] = []
    for a, b in spans:
        text = unit.text[a:b]
        stripped = text.strip()
        if DOC_NUMBER.match(stripped):
            continue
        defects, fixed = doc_number_defects(stripped)
        fix = fixed if DOC_NUMBER.match(fixed) and stripped == text else None
        brackets = [d for d in defects if "六角括号" in d]
        other = [d for d in defects if d not in brackets]
        bracket = re.search(r"[\[［【﹝(（〖〔]\s*\d", text)
        close = re.search(r"\d\s*[\]］】﹞)）〗〕]", text)
        if brackets:
            hits.append(Hit("T02", a, b, f"发文字号 “{stripped}” 的年份应使用六角括号〔〕", fix,
                            f"应写成 “{fixed}”" if fix else None, a + bracket.start() if bracket else None))
            fix = None  # one replacement fixes every defect of this 文号
        if other or not brackets:
            # Pointed at what follows the year: 第, the leading zero, the missing 号.
            hits.append(Hit("S06", a, b, f"发文字号 “{stripped}” 不规范：{'；'.join(other or ['格式应为 机关代字〔年份〕序号号'])}",
                            fix, f"应写成 “{fixed}”" if fix or DOC_NUMBER.match(fixed) else "例如 “区双拥〔2011〕1号”",
                            a + close.end() if close and close.end() < len(text) else None))
    return hits


_YEAR_RANGE = re.compile(r"(?<![\d\-/.])((?:19|20)\d{2})\s*([-－~～〜])\s*((?:19|20)\d{2})(?![\d\-/])")
_DAY_RANGE = re.compile(r"(\d{1,2}月\d{1,2}日)\s*([-－~～〜])\s*(\d{1,2}(?:月\d{1,2})?日)")
_NUM_RANGE = re.compile(r"(\d+(?:\.\d+)?%?)\s*([~〜])\s*(\d+(?:\.\d+)?%?)")


def rule_ranges(masked: str) -> list[Hit]:
    hits: list[Hit] = []
    taken: set[int] = set()
    for pattern in (_YEAR_RANGE, _DAY_RANGE):
        for m in pattern.finditer(masked):
            a, b = m.span(2)
            taken.update(range(m.start(), m.end()))
            hits.append(Hit("T04", m.start(), m.end(), f"时间范围 “{m.group(0)}” 应使用一字线 “—”",
                            f"{m.group(1)}—{m.group(3)}"))
    for m in _NUM_RANGE.finditer(masked):
        if m.start() in taken:
            continue
        hits.append(Hit("T05", m.start(), m.end(), f"数值范围 “{m.group(0)}” 应使用浪纹线 “～”（U+FF5E）",
                        f"{m.group(1)}～{m.group(3)}"))
    return hits


_DASHES = re.compile(r"--+|[─━―－]{2,}|—(?:[─―－-])|(?:[─―－-])—")
_ELLIPSIS = re.compile(r"\.{3,}|。{3,}|…+|⋯+")


def rule_t06(masked: str) -> list[Hit]:
    hits = []
    for m in _DASHES.finditer(masked):
        if is_cjk(masked[m.start() - 1: m.start()]) or is_cjk(masked[m.end(): m.end() + 1]):
            hits.append(Hit("T06", m.start(), m.end(), f"破折号 “{m.group(0)}” 应为两个一字线 “——”（U+2014）", "——"))
    for m in _ELLIPSIS.finditer(masked):
        if m.group(0) == "……":
            continue
        if m.group(0).startswith(".") and not (is_cjk(masked[m.start() - 1: m.start()]) or is_cjk(masked[m.end(): m.end() + 1])):
            continue
        if len(m.group(0)) > 2 and m.group(0)[0] == "…" and len(m.group(0)) % 2 == 0:
            continue  # a double 省略号 (……………… in a line of its own)
        hits.append(Hit("T06", m.start(), m.end(), f"省略号 “{m.group(0)}” 应为 “……”（两个 U+2026）", "……"))
    return hits


_PADDED_MONTH = re.compile(r"((?:19|20)\d{2})年0([1-9])月")
_PADDED_DAY = re.compile(r"(\d{1,2})月0([1-9])日")


def rule_t07(masked: str) -> list[Hit]:
    hits = []
    for m in _PADDED_MONTH.finditer(masked):
        hits.append(Hit("T07", m.start(), m.end(), f"日期 “{m.group(0)}” 月份不编虚位（不加0）", f"{m.group(1)}年{m.group(2)}月"))
    for m in _PADDED_DAY.finditer(masked):
        hits.append(Hit("T07", m.start(), m.end(), f"日期 “{m.group(0)}” 日不编虚位（不加0）", f"{m.group(1)}月{m.group(2)}日"))
    for m in CN_NUMERAL_DATE.finditer(masked):
        year = chinese_year(m.group(1))
        month = parse_chinese_numeral(m.group(2)) if m.group(2) else None
        day = parse_chinese_numeral(m.group(3)) if m.group(3) else None
        fixed = f"{year}年" + (f"{month}月" if month else "") + (f"{day}日" if day else "")
        hits.append(Hit("T07", m.start(), m.end(), f"日期 “{m.group(0)}” 应使用阿拉伯数字", fixed))
    return hits


def rule_t10(masked: str) -> list[Hit]:
    stack: list[tuple[str, int]] = []
    hits = []
    for i, ch in enumerate(masked):
        if ch in _PAIRS:
            stack.append((ch, i))
        elif ch in _CLOSERS:
            if stack and stack[-1][0] == _CLOSERS[ch]:
                stack.pop()
            elif any(o == _CLOSERS[ch] for o, _ in stack):
                while stack and stack[-1][0] != _CLOSERS[ch]:
                    opener, j = stack.pop()
                    hits.append(Hit("T10", j, j + 1, f"“{opener}” 没有对应的 “{_PAIRS[opener]}”"))
                stack.pop()
            else:
                hits.append(Hit("T10", i, i + 1, f"“{ch}” 没有对应的 “{_CLOSERS[ch]}”"))
    for opener, j in stack:
        hits.append(Hit("T10", j, j + 1, f"“{opener}” 没有对应的 “{_PAIRS[opener]}”"))
    return hits


_DOUBLED = re.compile(r"([，。、：；])\1+")
_MIXED = re.compile(r"[，、；：][。，、；：]|。[，、；：]")


def rule_t11(masked: str, taken: set[int]) -> list[Hit]:
    hits = [Hit("T11", m.start(), m.end(), f"标点重复 “{m.group(0)}”", m.group(1)) for m in _DOUBLED.finditer(masked)
            if m.start() not in taken]
    taken = taken | {i for h in hits for i in range(h.start, h.end)}
    hits += [Hit("T11", m.start(), m.end(), f"标点连用 “{m.group(0)}”") for m in _MIXED.finditer(masked)
             if m.start() not in taken]
    return hits


_SPACE = re.compile(r"(?<=[\u4e00-\u9fff，。、；：？！）》”’])[ \t]+(?=[\u4e00-\u9fff（《“‘])")


def rule_t12(masked: str, folded: bool) -> list[Hit]:
    # A YAML folded block (>) turns each line break into a space: between Chinese lines that is this fault.
    hint = "YAML 折叠块（>）把换行变成空格，中文段落请用 |" if folded else None
    return [Hit("T12", m.start(), m.end(), "汉字之间不应有半角空格", hint=hint) for m in _SPACE.finditer(masked)]


_WIDE_DIGITS = re.compile(r"[０-９]+")


def rule_t13(masked: str) -> list[Hit]:
    table = str.maketrans("０１２３４５６７８９", "0123456789")
    return [Hit("T13", m.start(), m.end(), f"数字 “{m.group(0)}” 应使用半角", m.group(0).translate(table))
            for m in _WIDE_DIGITS.finditer(masked)]


def _trailing(unit: Unit, what: str) -> list[Hit]:
    text = unit.text.rstrip()
    end = len(text)
    start = end
    while start > 0 and text[start - 1] in _TRAILING:
        start -= 1
    if start == end:
        return []
    return [Hit("T14", start, end, f"{what}末尾不加标点（“{text[start:end]}”）", "")]


def role_rules(unit: Unit) -> list[Hit]:
    """Rules that depend on what the text is: a title, a heading, a 主送 or 抄送 entry, an attachment name."""
    text = unit.text.strip()
    if not text:
        return []
    if unit.role == "title":
        return _trailing(unit, "标题")
    if unit.role == "attachment":
        return _trailing(unit, "附件名称")
    if unit.role == "heading":
        if unit.level == 1 or unit.text.rstrip()[-1:] not in "。":
            return _trailing(unit, "单独成行的标题")
        return []
    if unit.role == "attachment_item":
        hits = _trailing(unit, "附件名称")
        m = re.match(r"\s*(\d+\s*[.．、]|附件\s*\d*\s*[：:])", unit.text)
        if m:
            hits.append(Hit("S12", m.start(1), m.end(1), "附件说明的名称不写序号和“附件：”（自动编号）", ""))
        return hits
    if unit.role == "recipient":
        end = unit.text.rstrip()
        if end[-1:] in "。，、；.,;":
            return [Hit("S10", len(end) - 1, len(end), "主送机关之间用顿号、逗号分隔，末尾的全角冒号由排版添加", "")]
    if unit.role == "cc":
        end = unit.text.rstrip()
        if end[-1:] in "，、；：.,;:":
            return [Hit("S16", len(end) - 1, len(end), "抄送机关末尾的句号由排版添加，不应有其他标点", "")]
    return []


def text_hits(unit: Unit) -> list[Hit]:
    masked = _mask(unit.text)
    claimed: set[int] = set()
    hits = rule_t09(unit, masked, claimed) if unit.role in ("text", "heading") else []
    hits += rule_doc_numbers(unit, masked)
    claimed.update(i for h in hits if h.rule in ("T02", "S06") for i in range(h.start, h.end))
    hits += rule_t01(masked, claimed)
    hits += rule_ranges(masked)
    dashes = rule_t06(masked)
    hits += dashes
    hits += rule_t07(masked)
    hits += rule_t10(masked)
    hits += rule_t11(masked, {i for h in dashes for i in range(h.start, h.end)})
    hits += rule_t12(masked, unit.folded)
    hits += rule_t13(masked)
    hits += role_rules(unit)
    return hits


# ------------------------------------------------------------------------------------------------ results

@dataclass
class LintResult:
    file: str
    findings: list[Finding]
    fixed: int = 0  # fixes applied (with fix=True)
    diff: str = ""
    catalogue: str = "gbt9704"
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(f.severity == "error" for f in self.findings)

    def as_dict(self) -> dict:
        return {"file": self.file, "ok": self.ok, "fixed": self.fixed, "rules": self.catalogue,
                "findings": [f.as_dict() for f in self.findings], "notes": self.notes}


class _Collector:
    def __init__(self, file: str, catalogue: Catalogue):
        self.file = file
        self.cat = catalogue
        self.findings: list[Finding] = []

    def unit(self, unit: Unit) -> None:
        self.hits(unit, text_hits(unit))

    def hits(self, unit: Unit, hits: list[Hit]) -> None:
        for hit in hits:
            span = unit.span(hit.start, hit.end) if hit.fix is not None else None
            fix = Fix(span[0], span[1], hit.fix) if span is not None and hit.fix is not None else None
            self.add(hit.rule, hit.message, unit.locate(hit.start if hit.at is None else hit.at), fix, hit.hint)

    def add(self, rule_id: str, message: str, pos: tuple[int, int] | None, fix: Fix | None = None,
            hint: str | None = None) -> None:
        rule = self.cat.rule(rule_id)
        if rule.severity == "off":
            return
        loc = Location(self.file, *pos) if pos else Location(self.file)
        self.findings.append(Finding(rule_id, rule.clause, rule.severity, message, loc, fix, hint))

    def sorted(self) -> list[Finding]:
        seen: set[tuple] = set()
        out = []
        for f in sorted(self.findings, key=lambda f: (f.location.line or 0, f.location.column or 0, f.id)):
            key = (f.id, f.location.line, f.location.column, f.message)
            if key not in seen:
                seen.add(key)
                out.append(f)
        return out


# --------------------------------------------------------------------------------------------------- YAML

_KEY_ROLES = {"title": "title", "doc_number": "doc_number", "recipients": "recipient", "cc": "cc",
              "attachment_list": "attachment_item"}
_SKIP_KEYS = {"seal", "profile", "kind", "format", "mark_suffix", "copy_number"}


def _walk_strings(data, path: tuple = ()) -> Iterator[tuple[tuple, str]]:
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _walk_strings(value, (*path, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _walk_strings(value, (*path, i))
    elif isinstance(data, str):
        yield path, data


def _role(path: tuple) -> str | None:
    keys = [k for k in path if isinstance(k, str)]
    if not keys or keys[-1] in _SKIP_KEYS:
        return None
    last = keys[-1]
    if last == "title" and len(keys) >= 2 and keys[-2] == "attachments":
        return "attachment"
    return _KEY_ROLES.get(last, "text")


def _yaml_units(src: SourceText, data, positions) -> Iterator[Unit]:
    from ..yamlio import position_of

    for path, value in _walk_strings(data):
        role = _role(path)
        if role is not None:
            yield _value_unit(src, value, position_of(positions, path), role)


def lint_yaml(text: str, file: str, catalogue: Catalogue) -> list[Finding]:
    from ..yamlio import parse_yaml_text

    data, positions = parse_yaml_text(text, file)
    col = _Collector(file, catalogue)
    for unit in _yaml_units(SourceText(text), data, positions):
        col.unit(unit)
    return col.sorted()


# ----------------------------------------------------------------------------------------------- Markdown

_HEADING = re.compile(r"^(#{1,6})[ \t]+(.*?)[ \t]*#*[ \t]*$")
_FENCE = re.compile(r"^(```|~~~)")
_ATTACHMENT = re.compile(r"^附件\s*(\d*)\s*[：:]\s*(.*)$")
_LIST_ITEM = re.compile(r"^[ \t]*(?:[-*+]|\d+[.)])[ \t]+")
_TABLE_DELIM = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")


def lint_markdown(text: str, file: str, catalogue: Catalogue) -> list[Finding]:
    from ..markup.frontmatter import split_front_matter
    from ..yamlio import parse_yaml_text

    col = _Collector(file, catalogue)
    src = SourceText(text)
    parts = split_front_matter(text, file)
    meta: dict = {}
    if parts.yaml is not None:
        # The front matter as its own document, positions shifted by the opening fence line.
        fm_src = SourceText(parts.yaml)
        data, positions = parse_yaml_text(parts.yaml, file)
        meta = data if isinstance(data, dict) else {}
        base = src.offset(2, 1)  # the front matter starts on line 2 of the file
        for unit in _yaml_units(fm_src, meta, positions):
            col.unit(_shift(unit, src, base, fm_src))
    body_start = src.offset(parts.body_offset + 1, 1) if parts.body_offset < len(src.starts) else len(text)
    headings: list[tuple[int, str, tuple[int, int]]] = []
    attachments: list[tuple[str, tuple[int, int]]] = []
    for unit in _markdown_units(src, body_start):
        col.unit(unit)
        if unit.role in ("heading", "attachment"):
            headings.append((unit.level, unit.text if unit.role == "heading" else "\x00附件", unit.locate(0)))
            if unit.role == "attachment":
                attachments.append((unit.text.strip(), unit.locate(0)))
    _heading_sequence(col, headings)
    listed = meta.get("attachment_list")
    if isinstance(listed, str):
        listed = [listed]
    if isinstance(listed, list) and attachments:
        names = [str(n).strip() for n in listed]
        titles = [t for t, _ in attachments]
        if names != titles:
            pos = attachments[0][1]
            col.add("S13", f"附件说明（{len(names)} 项：{'、'.join(names)[:40]}）与附件（{len(titles)} 个：{'、'.join(titles)[:40]}）"
                           "的数量、名称或顺序不一致", pos, hint="附件说明须与附件页的标题逐一对应")
    return col.sorted()


def _shift(unit: Unit, src: SourceText, base: int, inner: SourceText) -> Unit:
    """A unit located in the front matter text, re-based onto the whole file."""
    locate, span = unit.locate, unit.span

    def new_locate(k: int) -> tuple[int, int]:
        line, column = locate(k)
        return src.position(base + inner.offset(line, column))

    def new_span(a: int, b: int) -> tuple[int, int] | None:
        s = span(a, b)
        return (base + s[0], base + s[1]) if s else None

    return Unit(unit.text, unit.role, new_locate, new_span, unit.level, unit.line_starts, unit.folded)


def _markdown_units(src: SourceText, body_start: int) -> Iterator[Unit]:
    text = src.text
    first_line = src.position(body_start)[0] if body_start < len(text) else len(src.starts) + 1
    in_fence = False
    in_comment = False
    block: list[int] = []  # line numbers of the current paragraph

    def flush() -> Iterator[Unit]:
        if block:
            start = src.offset(block[0], 1)
            end = src.offset(block[-1], 1) + len(_line(src, block[-1]))
            start += len(text[start:end]) - len(text[start:end].lstrip(" \t\u3000>"))
            block.clear()
            if start < end:
                yield _slice_unit(src, start, end, "text")

    for number in range(first_line, len(src.starts) + 1):
        line = _line(src, number)
        stripped = line.strip()
        if in_comment:
            in_comment = "-->" not in line
            continue
        if _FENCE.match(stripped):
            yield from flush()
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        if stripped.startswith("<!--"):
            yield from flush()
            in_comment = "-->" not in stripped
            continue
        if not stripped or stripped in ("---", "***", "___"):
            yield from flush()
            continue
        heading = _HEADING.match(line)
        if heading:
            yield from flush()
            level = len(heading.group(1))
            content_start = src.offset(number, 1) + heading.start(2)
            content = heading.group(2)
            m = _ATTACHMENT.match(content) if level == 1 else None
            if m:
                offset = content_start + m.start(2)
                yield _slice_unit(src, offset, offset + len(m.group(2)), "attachment", 1)
            else:
                yield _slice_unit(src, content_start, content_start + len(content), "heading", level)
            continue
        if stripped.startswith("|"):
            yield from flush()
            if not _TABLE_DELIM.match(stripped):
                start = src.offset(number, 1)

                def locate(k: int, s: int = start) -> tuple[int, int]:
                    return src.position(s + k)

                def span(a: int, b: int, s: int = start) -> tuple[int, int]:
                    return (s + a, s + b)

                yield Unit(line, "cell", locate, span, line_starts=False)
            continue
        item = _LIST_ITEM.match(line)
        if item:
            yield from flush()
            start = src.offset(number, 1) + item.end()
            yield _slice_unit(src, start, src.offset(number, 1) + len(line), "text")
            continue
        block.append(number)
    yield from flush()


def _line(src: SourceText, number: int) -> str:
    start = src.starts[number - 1]
    end = src.starts[number] - 1 if number < len(src.starts) else len(src.text)
    return src.text[start:end].rstrip("\r")


def _heading_sequence(col: _Collector, headings: list[tuple[int, str, tuple[int, int]]]) -> None:
    """S11 over Markdown headings: no level skipped; a typed number matches the automatic one."""
    counters = [0] * 7
    previous = 0
    for level, text, pos in headings:
        if text == "\x00附件":
            counters = [0] * 7
            previous = 0
            continue
        if level > 4:
            col.add("S11", f"标题层级过深（{level} 级）：公文正文最多 4 级", pos)
            continue
        if level > previous + 1:
            col.add("S11", f"标题层级跳跃：{_LEVEL_NAMES[previous]}之后直接出现{_LEVEL_NAMES[level]}", pos,
                    hint="层次序数依次为 一、（一）1.（1）")
        counters[level] += 1
        for deeper in range(level + 1, 7):
            counters[deeper] = 0
        previous = level
        parsed = parse_ordinal(text)
        if parsed is None:
            continue
        typed_level, n = parsed.level, parsed.number
        if typed_level != level:
            col.add("S11", f"{_LEVEL_NAMES[level]}写了{_LEVEL_NAMES[typed_level]}的序号 “{text[:parsed.end]}”", pos,
                    hint=f"应为 “{_correct_ordinal(level, counters[level])}”（序号自动生成，可不写）")
        elif n != counters[level]:
            col.add("S11", _sequence_message(n, counters[level], level), pos, hint="序号自动生成，可删去手写的序号")


_LEVEL_NAMES = {0: "开头", 1: "一级标题", 2: "二级标题", 3: "三级标题", 4: "四级标题"}


def _sequence_message(n: int, expected: int, level: int) -> str:
    kind = "重号" if n < expected else "跳号"
    return f"序号 “{_correct_ordinal(level, n)}” 不连续（{kind}），此处应为 “{_correct_ordinal(level, expected)}”"


# -------------------------------------------------------------------------------------------------- .docx

def lint_docx(path: Path, file: str, catalogue: Catalogue) -> list[Finding]:
    from .docx import NS, DocxPackage, q

    pkg = DocxPackage(path)
    col = _Collector(file, catalogue)
    paragraphs: list[tuple[int, str, str, bool]] = []  # (number, text, style, in table)
    for number, para in enumerate(pkg.document.iter(q("w:p")), 1):
        text = "".join(t.text or "" for t in para.iter(q("w:t")))
        style_node = para.find("w:pPr/w:pStyle", NS)
        style = style_node.get(q("w:val"), "") if style_node is not None else ""
        in_table = any(a.tag == q("w:tc") for a in para.iterancestors())
        paragraphs.append((number, text, style, in_table))

    def unit(number: int, text: str, role: str, level: int = 0) -> Unit:
        return Unit(text, role, lambda k: (number, k + 1), level=level, line_starts=False)

    # The paragraph after each "附件N" label is that attachment's title (7.3.7).
    titles_at: set[int] = set()
    for i, (_, text, _, in_table) in enumerate(paragraphs):
        if not in_table and re.match(r"^附件\s*\d*$", text.strip()):
            nxt = next((n for n, t, _, tab in paragraphs[i + 1:] if t.strip() and not tab), None)
            if nxt is not None:
                titles_at.add(nxt)
    title_seen = False
    recipients_checked = False
    sequence: list[tuple[int, int, int, str]] = []  # (paragraph, level, n, typed)
    attachment_names: list[tuple[str, int]] = []
    attachment_titles: list[tuple[str, int]] = []
    in_list = False
    for number, text, style, in_table in paragraphs:
        if not text.strip():
            in_list = False
            continue
        role = "text"
        heading = re.match(r"Heading([1-4])$", style)
        if number in titles_at:
            role = "attachment"
            attachment_titles.append((text.strip(), number))
        elif style == "Title":
            role = "title"
            title_seen = True
        elif heading:
            role = "heading"
        col.unit(unit(number, text, role, int(heading.group(1)) if heading else 0))
        if in_table:
            if text.startswith(("抄送：", "抄送:", "主送：", "主送:")) and not text.rstrip().endswith("。"):
                col.add("S16", "抄送机关末尾应加句号 “。”", (number, len(text.rstrip())))
            continue
        if style != "Title" and title_seen and not recipients_checked and not re.match(r"^[（(].*[）)]$", text.strip()):
            recipients_checked = True  # the first paragraph after the title (a draft marking aside): 主送机关
            stripped = text.rstrip()
            if "。" not in stripped and not stripped.endswith(("：", ":")) and parse_ordinal(stripped) is None:
                col.add("S10", "主送机关末尾应加全角冒号 “：”", (number, len(stripped)))
        if text.startswith(("抄送：", "抄送:")) and not text.rstrip().endswith("。"):
            col.add("S16", "抄送机关末尾应加句号 “。”", (number, len(text.rstrip())))
        label = re.match(r"^附件\s*(\d*)$", text.strip())
        if label:
            sequence.append((number, 0, 0, "附件"))
            continue
        listed = re.match(r"^附件\s*[：:]\s*(.*)$", text.strip())
        if listed:
            in_list = True
            attachment_names.append((listed.group(1), number))
            continue
        if in_list and re.match(r"^\d+\s*[.．、]", text.strip()):
            attachment_names.append((text.strip(), number))
            continue
        in_list = False
        parsed = parse_ordinal(text.strip())
        if parsed:
            sequence.append((number, parsed.level, parsed.number, text.strip()[:parsed.end]))
    _docx_sequence(col, sequence)
    _docx_attachments(col, attachment_names, attachment_titles)
    return col.sorted()


def _docx_sequence(col: _Collector, sequence: list[tuple[int, int, int, str]]) -> None:
    """S11 over typed ordinals. After a wrong number, the next one may follow either the wrong number (a
    skipped number: 一、三、四) or the right one (a typo: 一、二、五、四): only the wrong one is reported."""
    counters = [0] * 5
    typo_next: dict[int, int] = {}  # level -> the number that follows if the last wrong one was a typo
    deepest = 0
    for number, level, n, typed in sequence:
        if level == 0:  # an attachment starts: its headings are numbered afresh
            counters, deepest, typo_next = [0] * 5, 0, {}
            continue
        if level > deepest + 1:
            col.add("S11", f"层次序数跳级：“{typed}” 是{_LEVEL_NAMES[level]}，前面没有{_LEVEL_NAMES[level - 1]}", (number, 1),
                    hint="层次序数依次为 一、（一）1.（1）")
        expected = counters[level] + 1
        after_typo = typo_next.pop(level, None) == n
        if n != expected and not after_typo:
            col.add("S11", _sequence_message(n, expected, level), (number, 1))
            typo_next[level] = expected + 1
        counters[level] = n
        for deeper in range(level + 1, 5):
            counters[deeper] = 0
            typo_next.pop(deeper, None)
        deepest = level


def _docx_attachments(col: _Collector, names: list[tuple[str, int]], titles: list[tuple[str, int]]) -> None:
    parsed: list[tuple[str, int]] = []
    several = len(names) > 1
    for k, (raw, number) in enumerate(names, 1):
        m = re.match(r"^(\d+)\s*([.．、]?)\s*(.*)$", raw)
        if m and (several or m.group(2)):
            if m.group(2) != "." or int(m.group(1)) != k:
                col.add("S12", f"附件序号 “{m.group(1)}{m.group(2)}” 应为 “{k}.”", (number, 1))
            parsed.append((m.group(3).strip(), number))
        else:
            if several:
                col.add("S12", f"有多个附件时应编序号 “{k}.”", (number, 1))
            parsed.append((raw.strip(), number))
    for name, number in parsed:
        if name.rstrip()[-1:] in _TRAILING:
            col.add("T14", f"附件名称末尾不加标点（“{name.rstrip()[-1]}”）", (number, 1))
    if parsed and titles and [n for n, _ in parsed] != [t for t, _ in titles]:
        col.add("S13", f"附件说明（{len(parsed)} 项）与附件页（{len(titles)} 个）的数量、名称或顺序不一致："
                       f"{'、'.join(n for n, _ in parsed)[:40]} / {'、'.join(t for t, _ in titles)[:40]}", (parsed[0][1], 1))


# ---------------------------------------------------------------------------------------------------- API

def lint_text(text: str, kind: str, file: str = "<text>", catalogue: Catalogue | None = None) -> list[Finding]:
    """Lint YAML (`kind` "yaml") or 公文 Markdown ("md") given as text."""
    catalogue = catalogue or load_catalogue()
    if kind == "yaml":
        return lint_yaml(text, file, catalogue)
    if kind == "md":
        return lint_markdown(text, file, catalogue)
    raise ValueError(f"unknown kind {kind!r}")


def _kind(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in (".yaml", ".yml"):
        return "yaml"
    if suffix in (".md", ".markdown"):
        return "md"
    if suffix == ".docx":
        return "docx"
    raise OfficialDocsError(Problem(f"不支持检查 “{path.suffix}” 文件", Location(str(path)), "可检查 .yaml、.md 和 .docx"))


def lint_file(path: Path | str, fix: bool = False, rules: str | None = None, write: bool = True) -> LintResult:
    """Lint one file. With `fix`, apply the safe fixes (.yaml, .md), write the file atomically (unless
    `write` is False) and return the findings that remain plus a unified diff."""
    path = Path(path)
    if not path.is_file():
        raise OfficialDocsError(Problem("找不到要检查的文件", Location(str(path)), "检查文件路径"))
    catalogue = load_catalogue(rules)
    kind = _kind(path)
    if kind == "docx":
        if fix:
            raise OfficialDocsError(Problem("--fix 只能修改 .yaml 和 .md 文件", Location(str(path)), "在 Word 中手工修改"))
        return LintResult(str(path), lint_docx(path, str(path), catalogue), catalogue=catalogue.name)
    try:
        raw = path.read_bytes()
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise OfficialDocsError(Problem("文件不是 UTF-8 编码", Location(str(path)), "请另存为 UTF-8")) from None
    newline = "\r\n" if "\r\n" in text else "\n"
    text = text.replace("\r\n", "\n")
    findings = lint_text(text, kind, str(path), catalogue)
    if not fix:
        return LintResult(str(path), findings, catalogue=catalogue.name)
    fixed_text, applied = text, 0
    current = findings
    for _ in range(3):  # a fix can expose another (a comma next to a bracket that became full-width)
        fixed_text, count = apply_fixes(fixed_text, current, kind, str(path))
        if count == 0:
            break
        applied += count
        current = lint_text(fixed_text, kind, str(path), catalogue)
    if applied == 0:
        return LintResult(str(path), findings, catalogue=catalogue.name)
    diff = "".join(difflib.unified_diff(text.splitlines(keepends=True), fixed_text.splitlines(keepends=True),
                                        f"{path}（修改前）", f"{path}（修改后）"))
    if write:
        from ..output import atomic_write

        bom = b"\xef\xbb\xbf" if raw.startswith(b"\xef\xbb\xbf") else b""
        atomic_write(path, bom + fixed_text.replace("\n", newline).encode("utf-8"))
    return LintResult(str(path), current, applied, diff, catalogue.name)


def apply_fixes(text: str, findings: list[Finding], kind: str, file: str) -> tuple[str, int]:
    """Apply non-overlapping fixes from the end backwards; keep only those after which the file still
    parses (YAML and front matter), one at a time when the whole set does not."""
    fixes = sorted({(f.fix.start, f.fix.end, f.fix.text) for f in findings if f.fix is not None}, reverse=True)
    chosen: list[tuple[int, int, str]] = []
    limit = len(text) + 1
    for start, end, repl in fixes:
        if end <= limit:
            chosen.append((start, end, repl))
            limit = start

    def apply(items: list[tuple[int, int, str]]) -> str:
        out = text
        for start, end, repl in items:  # descending: earlier offsets stay valid
            out = out[:start] + repl + out[end:]
        return out

    candidate = apply(chosen)
    if _parses(candidate, kind, file):
        return candidate, len(chosen)
    kept: list[tuple[int, int, str]] = []
    for item in chosen:
        if _parses(apply(sorted([*kept, item], reverse=True)), kind, file):
            kept.append(item)
    kept.sort(reverse=True)
    return apply(kept), len(kept)


def _parses(text: str, kind: str, file: str) -> bool:
    from ..yamlio import parse_yaml_text

    try:
        if kind == "yaml":
            parse_yaml_text(text, file)
        else:
            from ..markup.frontmatter import split_front_matter

            parts = split_front_matter(text, file)
            if parts.yaml is not None:
                parse_yaml_text(parts.yaml, file)
    except OfficialDocsError:
        return False
    return True


__all__ = ["LintResult", "Unit", "apply_fixes", "is_cjk", "lint_docx", "lint_file", "lint_markdown", "lint_text",
           "lint_yaml", "map_value", "parse_ordinal"]
