"""Checks for masthead values (GB/T 9704 7.2), shared by `markup` and `plan`.

Each function returns the (whitespace-trimmed) value or raises ValueError (a yamlio.HintedValueError) with a
Chinese message naming the fault and a hint with the right form, so pydantic validators can call them directly
and yamlio.pydantic_problems turns them into located Problems with hints.
"""

from __future__ import annotations

import re
from typing import NoReturn

from .yamlio import HintedValueError

DOC_NUMBER = re.compile(r"^\S+〔(19|20)\d{2}〕[1-9]\d*号$")
# 命令（令）格式 and 纪要格式 commonly number by sequence alone: 第12号 (GB/T 9704 10.2, 10.3 practice).
SERIAL_NUMBER = re.compile(r"^第[1-9]\d*号$")

_YEAR_BRACKETS = re.compile(r"[\[［【（(〔﹝]\s*(\d{2,4})\s*[\]］】）)〕﹞]")
_CLASSIFICATION = re.compile(r"^(绝密|机密|秘密)(★\S+)?$")
URGENCIES = ("特急", "加急")


def check_doc_number(value: str, allow_serial: bool = False) -> str:
    """发文字号 [7.2.5]: 机关代字〔年份〕序号号 -- 〔〕 brackets, full year, no leading zeros, no 第."""
    text = value.strip()
    if DOC_NUMBER.match(text) or (allow_serial and SERIAL_NUMBER.match(text)):
        return text
    reasons, fixed = _doc_number_faults(text)
    if not reasons:
        reasons = ["格式应为 机关代字〔年份〕序号号"]
    message = f"发文字号 “{text}” 不规范：{'；'.join(reasons)}"
    if fixed != text and DOC_NUMBER.match(fixed):
        _fail(message, f"应写成 “{fixed}”")
    _fail(message, "例如 “区双拥〔2011〕1号”")


def _doc_number_faults(text: str) -> tuple[list[str], str]:
    """Name each typical mistake and build the corrected form where it can be derived."""
    reasons: list[str] = []
    fixed = text
    match = _YEAR_BRACKETS.search(fixed)
    if match:
        year = match.group(1)
        if not match.group(0).startswith("〔") or not match.group(0).endswith("〕"):
            reasons.append("年份应使用六角括号〔〕")
        if len(year) != 4:
            reasons.append("年份应写全4位")
            year = "20" + year[-2:] if len(year) == 2 else year
        fixed = fixed[: match.start()] + f"〔{year}〕" + fixed[match.end():]
    tail = re.search(r"第?\s*(\d+)\s*号?$", fixed)
    if tail:
        number = tail.group(1)
        if tail.group(0).startswith("第"):
            reasons.append("序号前不加“第”字")
        if number.startswith("0") and number.strip("0"):
            reasons.append("序号不编虚位（不加前导0）")
        if not tail.group(0).endswith("号"):
            reasons.append("序号后应加“号”")
        fixed = fixed[: tail.start()] + f"{int(number)}号"
    return reasons, fixed


def check_copy_number(value: str) -> str:
    """份号 [7.2.1]: 6 Arabic digits."""
    text = value.strip()
    if re.fullmatch(r"\d{6}", text):
        return text
    if re.fullmatch(r"\d{1,5}", text):
        _fail(f"份号 “{text}” 应为6位阿拉伯数字", f"应写成 “{text.zfill(6)}”")
    _fail(f"份号 “{text}” 应为6位阿拉伯数字", "如 “000001”")


def check_classification(value: str) -> str:
    """密级和保密期限 [7.2.2]: 绝密/机密/秘密, optionally ★ and the period (秘密★1年)."""
    text = value.strip()
    if _CLASSIFICATION.match(text):
        return text
    fixed = re.sub(r"\s*[*＊☆⭐]\s*", "★", text)
    if fixed != text and _CLASSIFICATION.match(fixed):
        _fail(f"密级 “{text}” 中应使用实心五角星★", f"应写成 “{fixed}”")
    _fail(f"密级 “{text}” 不规范：应为 绝密、机密 或 秘密，可加保密期限", "如 “秘密★1年”")


def check_urgency(value: str) -> str:
    """紧急程度 [7.2.3]: 特急 or 加急 (the 1999 custom of a space inside, 特　急, is tolerated)."""
    text = re.sub(r"\s+", "", value)
    if text in URGENCIES:
        return text
    _fail(f"紧急程度 “{value.strip()}” 不规范", "应为 “特急” 或 “加急”")


def _fail(message: str, hint: str | None = None) -> NoReturn:
    raise HintedValueError(message, hint)
