"""Chinese numerals, heading ordinals and 公文 dates (GB/T 9704 7.3.3, 7.3.5.4), each defined once."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from .cjk import is_han

_DIGITS = "零一二三四五六七八九"


def chinese_numeral(n: int) -> str:
    """1 -> 一, 10 -> 十, 12 -> 十二, 20 -> 二十, 105 -> 一百零五 (heading ordinals, up to 9999)."""
    if n <= 0 or n >= 10000:
        raise ValueError(f"heading number out of range: {n}")
    if n < 10:
        return _DIGITS[n]
    if n < 20:
        return "十" + (_DIGITS[n - 10] if n > 10 else "")
    out = ""
    zero = False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = n // value % 10
        if digit:
            if zero and out:
                out += "零"
            out += _DIGITS[digit] + unit
            zero = False
        elif out:
            zero = True
    return out


def parse_chinese_numeral(text: str) -> int | None:
    """Inverse of chinese_numeral for the forms it produces; None if `text` is not one."""
    if not text or any(c not in _DIGITS + "十百千" for c in text):
        return None
    total, current = 0, 0
    for ch in text:
        if ch in "十百千":
            unit = {"十": 10, "百": 100, "千": 1000}[ch]
            total += (current or 1) * unit
            current = 0
        else:
            current = _DIGITS.index(ch)
    return total + current


def heading_number(level: int, n: int) -> str:
    """The GB/T 9704 7.3.3 ordinal for a heading: 一、 （一） 1. （1）."""
    if level == 1:
        return f"{chinese_numeral(n)}、"
    if level == 2:
        return f"（{chinese_numeral(n)}）"
    if level == 3:
        return f"{n}."
    if level == 4:
        return f"（{n}）"
    raise ValueError(f"heading level must be 1-4, got {level}")


# A typed ordinal at the start of a heading or paragraph, per level: the right forms and the usual wrong ones
# (full- and half-width brackets, 一. 一， 1、 1， （一）、). Groups: the number, then the separator typed.
_CN = "[一二三四五六七八九十百零]+"
ORDINAL_PATTERNS = {
    1: re.compile(rf"^({_CN})([、，,．.])"),
    2: re.compile(rf"^[（(]({_CN})[）)]([、，,．.]?)"),
    3: re.compile(r"^(\d{1,3})([.．、，,])(?!\d)"),
    4: re.compile(r"^[（(](\d{1,3})[）)]([、，,．.]?)"),
}
_COMMAS = "，,"


@dataclass(frozen=True)
class Ordinal:
    """A typed ordinal: its level, its number, where the text after it starts, and whether it is the form
    GB/T 15834 and 9704 7.3.3 ask for (一、 （一） 1. （1）)."""

    level: int
    number: int
    end: int
    correct: bool
    separator: str = ""


def _ordinal(level: int, text: str, commas: bool) -> Ordinal | None:
    match = ORDINAL_PATTERNS[level].match(text)
    if not match:
        return None
    raw, separator = match.group(1), match.group(2)
    if separator in _COMMAS and level in (1, 3) and (
            not commas or (level == 3 and not is_han(text[match.end():match.end() + 1]))):
        return None  # 1，2，3 or a number in running text, not an ordinal
    number = int(raw) if raw.isdigit() else parse_chinese_numeral(raw)
    if not number:
        return None
    correct = match.group(0) == heading_number(level, number)
    return Ordinal(level, number, match.end(), correct, separator)


def parse_ordinal(text: str, level: int | None = None, *, commas: bool = True) -> Ordinal | None:
    """The ordinal `text` starts with (of `level`, or of any level tried 1, 2, 3, 4), or None.

    `commas=False` does not take 一， or 1， for an ordinal (the importer, which must not mistake prose)."""
    for lv in (level,) if level else (1, 2, 3, 4):
        found = _ordinal(lv, text, commas)
        if found:
            return found
    return None


# A plan item named by its numbers, as a clerk writes it: 二 / 二、 / 二（一） / 二、（一） / 二（一）3 / 二（一）3.（2）
_ITEM_REFERENCE = re.compile(rf"^({_CN})、?(?:[（(]({_CN})[）)])?(?:(\d{{1,3}})[.．]?)?(?:[（(](\d{{1,3}})[）)])?$")


def parse_item_reference(text: str) -> tuple[int, ...] | None:
    """二（一） -> (2, 1): the 1-based numbers of each level, or None if `text` is not such a reference."""
    match = _ITEM_REFERENCE.match(text.strip())
    if not match:
        return None
    groups = list(match.groups())
    given = groups[:groups.index(None)] if None in groups else groups
    if any(g is not None for g in groups[len(given):]):
        return None  # a gap: 二3 without （一）
    numbers = [int(raw) if raw.isdigit() else parse_chinese_numeral(raw) or 0 for raw in given]
    if not all(numbers):
        return None
    return tuple(numbers)


def strip_heading_number(level: int, text: str) -> tuple[int | None, str]:
    """Split a typed ordinal off a heading: ("一、总体要求", level 1) -> (1, "总体要求")."""
    found = parse_ordinal(text, level)
    return (found.number, text[found.end:].lstrip()) if found else (None, text)


# Dates: 2011-01-20, 2011/1/20, 2011年1月20日 and 二〇一一年一月二十日 (what old documents and the importer have).
_DATE_CN = re.compile(r"^\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*$")
_DATE_ISO = re.compile(r"^\s*(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})\s*$")
CN_ZEROS = "〇○零"
# A date in Chinese numerals; month and day optional so lint can find 二〇一二年 alone in running text.
CN_NUMERAL_DATE = re.compile(
    rf"([{CN_ZEROS}一二三四五六七八九]{{4}})年(?:([一二三四五六七八九十]{{1,3}})月)?(?:([一二三四五六七八九十]{{1,3}})日)?"
)


def chinese_year(digits: str) -> int:
    """二〇一一 -> 2011 (each Chinese digit in turn; 〇 ○ 零 are zeros)."""
    return int("".join(str(_DIGITS.index("零" if c in CN_ZEROS else c)) for c in digits))


def chinese_year_text(year: int, zero: str = "〇") -> str:
    """2011 -> 二〇一一 (the inverse of chinese_year; `zero` is 〇, ○ or 零 as the text has it)."""
    return "".join(zero if d == "0" else _DIGITS[int(d)] for d in str(year))


def parse_date(value: date | datetime | str) -> date:
    """Accept a date, an ISO string (2011-01-20), a 公文 date (2011年1月20日) or one in Chinese numerals
    (二〇一一年一月二十日); ValueError (Chinese) otherwise."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value)
    match = _DATE_CN.match(text) or _DATE_ISO.match(text)
    if match:
        year, month, day = (int(g) for g in match.groups())
    else:
        cn = CN_NUMERAL_DATE.fullmatch(text.strip())
        if not (cn and cn.group(2) and cn.group(3)):
            raise ValueError(f"“{text}” 不是日期，应写成 2011-01-20、2011年1月20日 或 二〇一一年一月二十日")
        year = chinese_year(cn.group(1))
        month, day = parse_chinese_numeral(cn.group(2)) or 0, parse_chinese_numeral(cn.group(3)) or 0
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError(f"日期 “{text}” 不存在（{year}年没有{month}月{day}日）") from None


def format_date(value: date | datetime | str) -> str:
    """2011-01-20 -> 2011年1月20日: Arabic digits, full year, no zero padding (7.3.5.4)."""
    d = parse_date(value)
    return f"{d.year}年{d.month}月{d.day}日"
