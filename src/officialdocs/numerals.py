"""Chinese numerals, heading numbers and 公文 dates (GB/T 9704 7.3.3, 7.3.5.4)."""

from __future__ import annotations

import re
from datetime import date, datetime

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


# A number the writer already typed, per level (full- and half-width forms tolerated).
_CN = "[一二三四五六七八九十百零]+"
HEADING_NUMBER_PATTERNS = {
    1: re.compile(rf"^({_CN})[、，,．.]\s*"),
    2: re.compile(rf"^[（(]({_CN})[）)][、，,]?\s*"),
    3: re.compile(r"^(\d+)[.．、](?!\d)\s*"),
    4: re.compile(r"^[（(](\d+)[）)][、，,]?\s*"),
}


def strip_heading_number(level: int, text: str) -> tuple[int | None, str]:
    """Split a typed ordinal off a heading: ("一、总体要求", level 1) -> (1, "总体要求")."""
    match = HEADING_NUMBER_PATTERNS[level].match(text)
    if not match:
        return None, text
    raw = match.group(1)
    value = int(raw) if raw.isdigit() else parse_chinese_numeral(raw)
    return value, text[match.end():]


_DATE_CN = re.compile(r"^\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*$")
_DATE_ISO = re.compile(r"^\s*(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})\s*$")


def parse_date(value: date | datetime | str) -> date:
    """Accept a date, an ISO string (2011-01-20) or a 公文 date (2011年1月20日); ValueError otherwise."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value)
    match = _DATE_CN.match(text) or _DATE_ISO.match(text)
    if not match:
        raise ValueError(f"“{text}” 不是日期，应写成 2011-01-20 或 2011年1月20日")
    year, month, day = (int(g) for g in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError(f"日期 “{text}” 不存在（{year}年没有{month}月{day}日）") from None


def format_date(value: date | datetime | str) -> str:
    """2011-01-20 -> 2011年1月20日: Arabic digits, full year, no zero padding (7.3.5.4)."""
    d = parse_date(value)
    return f"{d.year}年{d.month}月{d.day}日"
