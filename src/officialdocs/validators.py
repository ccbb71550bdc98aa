"""Checks for masthead values (GB/T 9704 7.2), the one set shared by `markup` and `plan`.

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
# 纪要格式 numbers (10.3 practice): 第5期, 第5号 or 〔2011〕5号 under the mark.
MINUTES_NUMBER = re.compile(r"^(第[1-9]\d*[期号]|〔(19|20)\d{2}〕[1-9]\d*号)$")
CLASSIFICATION = re.compile(r"^(绝密|机密|秘密)(★\d+(年|个月))?$")
URGENCIES = ("特急", "加急")

_OPENING = "〔[［【(（﹝〖"
_CLOSING = "〕]］】)）﹞〗"
# The year in any bracket pair people type for 〔〕 (mixed pairs too): [ ] ［］ 【】 ( ) （） ﹝﹞ 〖〗.
_YEAR = re.compile(rf"[{re.escape(_OPENING)}]\s*(\d+)\s*[{re.escape(_CLOSING)}]")
# What follows the year: the sequence number, maybe with 第, leading zeros, or without 号.
_SEQUENCE = re.compile(r"^(第?)(\d+)(号?)$")
_STARS = re.compile(r"\s*[☆*＊⭐]\s*")
_PERIOD_WITHOUT_STAR = re.compile(r"^(绝密|机密|秘密)\s*(\d+(年|个月))$")
_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


def check_doc_number(value: str, allow_serial: bool = False) -> str:
    """发文字号 [7.2.5]: 机关代字〔年份〕序号号 -- 〔〕 brackets, full year, no 第, no leading zeros, 号 at the end.

    `allow_serial` also accepts 第N号 alone (命令格式, 纪要格式).
    """
    text = value.strip()
    if DOC_NUMBER.match(text) or (allow_serial and SERIAL_NUMBER.match(text)):
        return text
    defects, fixed = doc_number_defects(text, allow_serial)
    message = f"发文字号 “{text}” 不规范：{'；'.join(defects or ['格式应为 机关代字〔年份〕序号号'])}"
    if fixed != text and (DOC_NUMBER.match(fixed) or (allow_serial and SERIAL_NUMBER.match(fixed))):
        _fail(message, f"应写成 “{fixed}”")
    _fail(message, "例如 “区双拥〔2011〕1号”")


def doc_number_defects(text: str, allow_serial: bool = False) -> tuple[list[str], str]:
    """Name each typical mistake in a 发文字号 and build the corrected form where it can be derived."""
    defects: list[str] = []
    fixed = text.strip()
    if re.search(r"\s", fixed):
        defects.append("不应含空格")
        fixed = re.sub(r"\s+", "", fixed)
    serial = allow_serial and fixed.startswith("第") and not _YEAR.search(fixed)
    year = _YEAR.search(fixed)
    if year:
        digits = year.group(1)
        if not (year.group(0).startswith("〔") and year.group(0).endswith("〕")):
            defects.append("年份应使用六角括号〔〕")
        if len(digits) == 2:
            defects.append("年份应写全4位")
            digits = "20" + digits
        elif len(digits) != 4:
            defects.append("年份应为4位数字")
        if year.start() == 0:
            defects.append("缺少机关代字")
        fixed = fixed[: year.start()] + f"〔{digits}〕" + fixed[year.end():]
        tail_start: int | None = year.start() + len(digits) + 2
    else:
        tail_start = 0 if serial else None
    if tail_start is not None:
        sequence = _SEQUENCE.match(fixed[tail_start:])
        if year and not fixed[tail_start:]:
            defects.append("缺少发文顺序号")
        elif sequence:
            di, number, hao = sequence.groups()
            if di and not serial:
                defects.append("序号前不加“第”字")
            if number.startswith("0") and number.strip("0"):
                defects.append("序号不编虚位（不加前导0）")
            if not hao:
                defects.append("序号后应加“号”")
            fixed = fixed[:tail_start] + ("第" if serial else "") + f"{int(number)}号"
    return defects, fixed


def check_copy_number(value: str | int) -> str:
    """份号 [7.2.1]: 6 Arabic (ASCII) digits, kept as text.

    An int means YAML read an unquoted 000123 as the number 123 and lost the leading zeros.
    """
    if isinstance(value, int) and not isinstance(value, bool):
        hint = f"加引号写成 \"{value:06d}\"" if 0 <= value < 10**6 else "份号为6位数字，须加引号，如 \"000001\""
        _fail(f"份号 {value} 被读成了数字", hint)
    text = str(value).strip()
    if re.fullmatch(r"[0-9]{6}", text):
        return text
    message = f"份号 “{text}” 应为6位阿拉伯数字"
    halfwidth = text.translate(_FULLWIDTH_DIGITS)
    if halfwidth != text and re.fullmatch(r"[0-9]{1,6}", halfwidth):
        _fail(f"份号 “{text}” 应使用半角阿拉伯数字", f"应写成 “{halfwidth.zfill(6)}”")
    if re.fullmatch(r"[0-9]{1,5}", text):
        _fail(message, f"应写成 “{text.zfill(6)}”")
    _fail(message, "如 “000001”")


def check_classification(value: str) -> str:
    """密级和保密期限 [7.2.2]: 绝密/机密/秘密, optionally ★ and the period in 年 or 个月 (秘密★1年)."""
    text = value.strip()
    if CLASSIFICATION.match(text):
        return text
    fixed = _STARS.sub("★", text)
    if fixed != text and CLASSIFICATION.match(fixed):
        _fail(f"密级 “{text}” 中应使用实心五角星★", f"应写成 “{fixed}”")
    period = _PERIOD_WITHOUT_STAR.match(text)
    if period:
        _fail(f"密级 “{text}” 与保密期限之间应加★", f"应写成 “{period.group(1)}★{period.group(2)}”")
    _fail(f"密级 “{text}” 不规范：应为 绝密、机密 或 秘密，可加保密期限", "如 “秘密★1年”")


def check_urgency(value: str) -> str:
    """紧急程度 [7.2.3]: 特急 or 加急 (the 1999 custom of a space inside, 特　急, is tolerated)."""
    text = re.sub(r"\s+", "", value)
    if text in URGENCIES:
        return text
    _fail(f"紧急程度 “{value.strip()}” 不规范", "应为 “特急” 或 “加急”")


def _fail(message: str, hint: str | None = None) -> NoReturn:
    raise HintedValueError(message, hint)


SEAL_FORMATS = ("PNG", "JPEG", "GIF", "BMP", "TIFF")  # what both writers can embed (python-docx, reportlab)
_SEAL_MAX_BYTES = 20 * 1024 * 1024


def check_seal_image(path) -> None:
    """A seal (印章) file must be a picture both writers can embed; checked when the input is loaded, so the
    message can point at the `seal:` line (the writers would fail later without a location)."""
    import warnings
    from pathlib import Path

    from PIL import Image

    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError:
        _fail(f"找不到印章图片 “{path.name}”", "路径相对于输入文件所在目录；没有图片可删去 seal，改写 sealed: true")
    if size > _SEAL_MAX_BYTES:
        _fail(f"印章图片过大（{size / 1048576:.1f} MB）", "印章图片一般不超过 1 MB；请缩小后再用")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                fmt = image.format
                image.verify()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        _fail("印章图片的像素尺寸大得异常", "请另存为普通尺寸（如 600×600 像素）的 PNG")
    except Exception:  # PIL raises many kinds of errors on a file that is not a picture
        _fail(f"“{path.name}” 不是可用的图片文件", "印章应为 PNG（推荐，透明背景）或 JPEG 图片")
    if fmt not in SEAL_FORMATS:
        _fail(f"印章图片的格式 {fmt} 不受支持", "请另存为 PNG（推荐，透明背景）或 JPEG")
