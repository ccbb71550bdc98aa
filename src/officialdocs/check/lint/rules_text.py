"""Lint rules on text: punctuation, 文号, dates, ordinals, brackets, spaces, digits (GB/T 15834, 15835, 9704),
and the rules of what a text is (a title, a 主送 or 抄送 entry, an attachment name). One function per id."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ...cjk import BRACKET_PAIRS, FULL_WIDTH, NAME_END_FORBIDDEN, OPENING, PAUSE_AND_CLOSING, is_cjk, is_han
from ...numerals import CN_NUMERAL_DATE, chinese_year, heading_number, parse_chinese_numeral, parse_ordinal
from ...validators import DOC_NUMBER, doc_number_defects
from .registry import RULES, Hit
from .units import LintSource, Unit

_CLOSERS = {v: k for k, v in BRACKET_PAIRS.items()}
_DOC_NO = re.compile(r"[\u4e00-\u9fff]{1,12}[\[［【﹝(（〖〔]\s*\d{2,4}\s*[\]］】﹞)）〗〕]\s*第?\d+号")


# ------------------------------------------------------------------------------------------ shared finds

def _line_starts(unit: Unit) -> Iterator[int]:
    text = unit.text
    yield len(text) - len(text.lstrip())
    if unit.line_starts:
        for m in re.finditer(r"\n[ \t\u3000]*", text):
            if m.end() < len(text):
                yield m.end()


def _ordinals(unit: Unit) -> Iterator[tuple[int, int, str, str]]:
    """Typed ordinals at line starts of body text and headings: (start, end, typed, right form)."""
    if unit.role not in ("text", "heading"):
        return
    for start in _line_starts(unit):
        parsed = parse_ordinal(unit.masked[start:])
        if parsed is not None:
            yield start, start + parsed.end, unit.text[start:start + parsed.end], heading_number(parsed.level, parsed.number)


def _doc_numbers(unit: Unit) -> Iterator[tuple[int, int, str, list[str], str]]:
    """Every 发文字号 that is not right (or the whole value of a doc_number field): (start, end, as typed,
    defects, the corrected 文号)."""
    if unit.role == "doc_number":
        spans = [(0, len(unit.text))] if unit.text.strip() else []
    else:
        spans = [(m.start(), m.end()) for m in _DOC_NO.finditer(unit.masked)]
    for a, b in spans:
        stripped = unit.text[a:b].strip()
        if not DOC_NUMBER.match(stripped):
            defects, fixed = doc_number_defects(stripped)
            yield a, b, stripped, defects, fixed


def _claimed(unit: Unit) -> set[int]:
    """Characters an ordinal or a 文号 rule speaks for: T01 leaves them alone."""
    out: set[int] = set()
    for a, b, *_ in _ordinals(unit):
        out.update(range(a, b))
    for a, b, *_ in _doc_numbers(unit):
        out.update(range(a, b))
    return out


def _fixable(unit: Unit, a: int, b: int, stripped: str, fixed: str) -> str | None:
    return fixed if DOC_NUMBER.match(fixed) and stripped == unit.text[a:b] else None


# ----------------------------------------------------------------------------------------------- rules

@RULES.rule("T09")
def t09_ordinals(src: LintSource) -> Iterator[Hit]:
    for unit in src.units:
        for a, b, typed, right in _ordinals(unit):
            if typed != right and not (typed.endswith(".") and typed[:-1].isdigit()):
                yield Hit(f"序次语 “{typed}” 应写成 “{right}”", unit, a, b, right)


@RULES.rule("T02")
def t02_doc_number_brackets(src: LintSource) -> Iterator[Hit]:
    for unit in src.units:
        for a, b, stripped, defects, fixed in _doc_numbers(unit):
            if any("六角括号" in d for d in defects):
                fix = _fixable(unit, a, b, stripped, fixed)
                bracket = re.search(r"[\[［【﹝(（〖〔]\s*\d", unit.text[a:b])
                yield Hit(f"发文字号 “{stripped}” 的年份应使用六角括号〔〕", unit, a, b, fix,
                          f"应写成 “{fixed}”" if fix else None, a + bracket.start() if bracket else None)


@RULES.rule("S06")
def s06_doc_number(src: LintSource) -> Iterator[Hit]:
    """第, 虚位, a 2-digit year, no 号: pointed at what follows the year. One fix corrects every defect, so it
    rides on T02's finding when the brackets are wrong too."""
    for unit in src.units:
        for a, b, stripped, defects, fixed in _doc_numbers(unit):
            brackets = [d for d in defects if "六角括号" in d]
            other = [d for d in defects if d not in brackets]
            if brackets and not other:
                continue
            fix = None if brackets else _fixable(unit, a, b, stripped, fixed)
            close = re.search(r"\d\s*[\]］】﹞)）〗〕]", unit.text[a:b])
            yield Hit(f"发文字号 “{stripped}” 不规范：{'；'.join(other or ['格式应为 机关代字〔年份〕序号号'])}", unit, a, b, fix,
                      f"应写成 “{fixed}”" if fix or DOC_NUMBER.match(fixed) else "例如 “区双拥〔2011〕1号”",
                      a + close.end() if close and a + close.end() < b else None)


def _partner(text: str, i: int) -> int | None:
    """The matching ASCII bracket of text[i], so both halves of (…) are fixed together."""
    step, inc = (1, "(") if text[i] == "(" else (-1, ")")
    if text[i] not in "()":
        return None
    depth, j = 0, i
    while 0 <= j < len(text):
        depth += 1 if text[j] == inc else -1 if text[j] in "()" else 0
        if depth == 0:
            return j
        j += step
    return None


@RULES.rule("T01")
def t01_full_width(src: LintSource) -> Iterator[Hit]:
    """ASCII , . ; : ? ! ( ) " ' next to Chinese text; both halves of a pair."""
    for unit in src.units:
        masked = unit.masked
        claimed = _claimed(unit)
        n = len(masked)

        def adjacent(i: int, masked: str = masked, n: int = n) -> bool:
            return is_cjk(masked[i - 1] if i > 0 else "") or is_cjk(masked[i + 1] if i + 1 < n else "")

        flagged: set[int] = set()
        for i, ch in enumerate(masked):
            if ch not in FULL_WIDTH or i in claimed:
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
            yield Hit(f"中文中的 “{masked[i]}” 应使用全角 “{FULL_WIDTH[masked[i]]}”", unit, i, i + 1, FULL_WIDTH[masked[i]])
        for quote, (opening, closing) in (('"', ("“", "”")), ("'", ("‘", "’"))):
            places = [i for i, c in enumerate(masked) if c == quote]
            if places and any(adjacent(i) for i in places):
                for k, i in enumerate(places):
                    right = opening if k % 2 == 0 else closing
                    yield Hit(f"中文中的引号 “{quote}” 应使用 “{right}”", unit, i, i + 1, right)


_YEAR_RANGE = re.compile(r"(?<![\d\-/.])((?:19|20)\d{2})\s*([-－~～〜])\s*((?:19|20)\d{2})(?![\d\-/])")
_DAY_RANGE = re.compile(r"(\d{1,2}月\d{1,2}日)\s*([-－~～〜])\s*(\d{1,2}(?:月\d{1,2})?日)")
_NUM_RANGE = re.compile(r"(\d+(?:\.\d+)?%?)\s*([~〜])\s*(\d+(?:\.\d+)?%?)")


def _date_ranges(unit: Unit) -> Iterator[re.Match]:
    for pattern in (_YEAR_RANGE, _DAY_RANGE):
        yield from pattern.finditer(unit.masked)


@RULES.rule("T04")
def t04_date_ranges(src: LintSource) -> Iterator[Hit]:
    for unit in src.units:
        for m in _date_ranges(unit):
            yield Hit(f"时间范围 “{m.group(0)}” 应使用一字线 “—”", unit, m.start(), m.end(), f"{m.group(1)}—{m.group(3)}")


@RULES.rule("T05")
def t05_number_ranges(src: LintSource) -> Iterator[Hit]:
    for unit in src.units:
        taken = {i for m in _date_ranges(unit) for i in range(m.start(), m.end())}
        for m in _NUM_RANGE.finditer(unit.masked):
            if m.start() not in taken:
                yield Hit(f"数值范围 “{m.group(0)}” 应使用浪纹线 “～”（U+FF5E）", unit, m.start(), m.end(),
                          f"{m.group(1)}～{m.group(3)}")


_DASHES = re.compile(r"--+|[─━―－]{2,}|—(?:[─―－-])|(?:[─―－-])—")
_ELLIPSIS = re.compile(r"\.{3,}|。{3,}|…+|⋯+")


def _t06(unit: Unit) -> Iterator[tuple[int, int, str, str]]:
    masked = unit.masked
    for m in _DASHES.finditer(masked):
        if is_cjk(masked[m.start() - 1: m.start()]) or is_cjk(masked[m.end(): m.end() + 1]):
            yield m.start(), m.end(), f"破折号 “{m.group(0)}” 应为两个一字线 “——”（U+2014）", "——"
    for m in _ELLIPSIS.finditer(masked):
        text = m.group(0)
        if text == "……":
            continue
        if text.startswith(".") and not (is_cjk(masked[m.start() - 1: m.start()]) or is_cjk(masked[m.end(): m.end() + 1])):
            continue
        if len(text) > 2 and text[0] == "…" and len(text) % 2 == 0:
            continue  # a double 省略号 (……………… in a line of its own)
        yield m.start(), m.end(), f"省略号 “{text}” 应为 “……”（两个 U+2026）", "……"


@RULES.rule("T06")
def t06_dashes_and_ellipses(src: LintSource) -> Iterator[Hit]:
    for unit in src.units:
        for a, b, message, fix in _t06(unit):
            yield Hit(message, unit, a, b, fix)


_PADDED_MONTH = re.compile(r"((?:19|20)\d{2})年0([1-9])月")
_PADDED_DAY = re.compile(r"(\d{1,2})月0([1-9])日")


@RULES.rule("T07")
def t07_dates(src: LintSource) -> Iterator[Hit]:
    for unit in src.units:
        masked = unit.masked
        for m in _PADDED_MONTH.finditer(masked):
            yield Hit(f"日期 “{m.group(0)}” 月份不编虚位（不加0）", unit, m.start(), m.end(), f"{m.group(1)}年{m.group(2)}月")
        for m in _PADDED_DAY.finditer(masked):
            yield Hit(f"日期 “{m.group(0)}” 日不编虚位（不加0）", unit, m.start(), m.end(), f"{m.group(1)}月{m.group(2)}日")
        for m in CN_NUMERAL_DATE.finditer(masked):
            month = parse_chinese_numeral(m.group(2)) if m.group(2) else None
            day = parse_chinese_numeral(m.group(3)) if m.group(3) else None
            fixed = f"{chinese_year(m.group(1))}年" + (f"{month}月" if month else "") + (f"{day}日" if day else "")
            yield Hit(f"日期 “{m.group(0)}” 应使用阿拉伯数字", unit, m.start(), m.end(), fixed)


@RULES.rule("T10")
def t10_pairs(src: LintSource) -> Iterator[Hit]:
    for unit in src.units:
        stack: list[tuple[str, int]] = []
        for i, ch in enumerate(unit.masked):
            if ch in BRACKET_PAIRS:
                stack.append((ch, i))
            elif ch in _CLOSERS:
                if stack and stack[-1][0] == _CLOSERS[ch]:
                    stack.pop()
                elif any(o == _CLOSERS[ch] for o, _ in stack):
                    while stack and stack[-1][0] != _CLOSERS[ch]:
                        opener, j = stack.pop()
                        yield Hit(f"“{opener}” 没有对应的 “{BRACKET_PAIRS[opener]}”", unit, j, j + 1)
                    stack.pop()
                else:
                    yield Hit(f"“{ch}” 没有对应的 “{_CLOSERS[ch]}”", unit, i, i + 1)
        for opener, j in stack:
            yield Hit(f"“{opener}” 没有对应的 “{BRACKET_PAIRS[opener]}”", unit, j, j + 1)


_DOUBLED = re.compile(r"([，。、：；])\1+")
_MIXED = re.compile(r"[，、；：][。，、；：]|。[，、；：]")


@RULES.rule("T11")
def t11_doubled(src: LintSource) -> Iterator[Hit]:
    for unit in src.units:
        taken = {i for a, b, *_ in _t06(unit) for i in range(a, b)}  # 。。。 is an ellipsis (T06)
        doubled = [m for m in _DOUBLED.finditer(unit.masked) if m.start() not in taken]
        for m in doubled:
            yield Hit(f"标点重复 “{m.group(0)}”", unit, m.start(), m.end(), m.group(1))
        taken |= {i for m in doubled for i in range(m.start(), m.end())}
        for m in _MIXED.finditer(unit.masked):
            if m.start() not in taken:
                yield Hit(f"标点连用 “{m.group(0)}”", unit, m.start(), m.end())


_SPACES = re.compile(r"[ \t]+")


@RULES.rule("T12")
def t12_spaces(src: LintSource) -> Iterator[Hit]:
    """Half-width spaces after a Han character or a closing mark and before a Han character or an opening mark."""
    for unit in src.units:
        # A YAML folded block (>) turns each line break into a space: between Chinese lines that is this fault.
        hint = "YAML 折叠块（>）把换行变成空格，中文段落请用 |" if unit.folded else None
        masked = unit.masked
        for m in _SPACES.finditer(masked):
            before, after = masked[m.start() - 1:m.start()], masked[m.end():m.end() + 1]
            opening = after in OPENING and not after.isascii()
            if before and after and (is_han(before) or before in PAUSE_AND_CLOSING) and (is_han(after) or opening):
                yield Hit("汉字之间不应有半角空格", unit, m.start(), m.end(), hint=hint)


_WIDE_DIGITS = re.compile(r"[０-９]+")
_HALF = str.maketrans("０１２３４５６７８９", "0123456789")


@RULES.rule("T13")
def t13_digits(src: LintSource) -> Iterator[Hit]:
    for unit in src.units:
        for m in _WIDE_DIGITS.finditer(unit.masked):
            yield Hit(f"数字 “{m.group(0)}” 应使用半角", unit, m.start(), m.end(), m.group(0).translate(_HALF))


def _trailing(unit: Unit, what: str) -> Iterator[Hit]:
    text = unit.text.rstrip()
    start = end = len(text)
    while start > 0 and text[start - 1] in NAME_END_FORBIDDEN:
        start -= 1
    if start < end:
        yield Hit(f"{what}末尾不加标点（“{text[start:end]}”）", unit, start, end, "")


@RULES.rule("T14")
def t14_trailing_marks(src: LintSource) -> Iterator[Hit]:
    """A title, a stand-alone heading (level 1, or one not ending in 。, which makes a run-in heading), an
    attachment name."""
    what = {"title": "标题", "attachment": "附件名称", "attachment_item": "附件名称"}
    for unit in src.units:
        if not unit.text.strip():
            continue
        if unit.role in what:
            yield from _trailing(unit, what[unit.role])
        elif unit.role == "heading" and (unit.level == 1 or unit.text.rstrip()[-1:] != "。"):
            yield from _trailing(unit, "单独成行的标题")


@RULES.rule("S10")
def s10_recipients(src: LintSource) -> Iterator[Hit]:
    """A 主送 entry ends with no mark (the writer adds ：); a 主送 line as printed (.docx) ends with ：."""
    for unit in src.units:
        end = unit.text.rstrip()
        if unit.role == "recipient" and end[-1:] in "。，、；.,;":
            yield Hit("主送机关之间用顿号、逗号分隔，末尾的全角冒号由排版添加", unit, len(end) - 1, len(end), "")
        elif unit.role == "recipient_line" and not end.endswith(("：", ":")):
            yield Hit("主送机关末尾应加全角冒号 “：”", unit, len(end) - 1, len(end), at=len(end) - 1)


@RULES.rule("S16")
def s16_cc(src: LintSource) -> Iterator[Hit]:
    """A 抄送 entry ends with no mark (the writer adds 。); a 抄送 line as printed (.docx) ends with 。."""
    for unit in src.units:
        end = unit.text.rstrip()
        if unit.role == "cc" and end[-1:] in "，、；：.,;:":
            yield Hit("抄送机关末尾的句号由排版添加，不应有其他标点", unit, len(end) - 1, len(end), "")
        elif unit.role == "cc_line" and not end.endswith("。"):
            yield Hit("抄送机关末尾应加句号 “。”", unit, len(end) - 1, len(end), at=len(end) - 1)
