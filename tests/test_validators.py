"""The masthead checks shared by plan.yaml and the Markdown front matter (GB/T 9704 7.2)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from officialdocs import validators
from officialdocs.yamlio import HintedValueError

FIXED = "应写成 “区双拥〔2011〕1号”"
EXAMPLE = "例如 “区双拥〔2011〕1号”"

# (check, input, expected): a str is the accepted value; a (phrase, hint) pair is a rejection, where the phrase
# must occur in the message and the hint must be exactly that.
CASES: list[tuple[Callable[[Any], str], Any, str | tuple[str, str]]] = [
    # 发文字号 [7.2.5]
    (validators.check_doc_number, "区双拥〔2011〕1号", "区双拥〔2011〕1号"),
    (validators.check_doc_number, "  国办发〔1999〕125号 ", "国办发〔1999〕125号"),
    (validators.check_doc_number, "区双拥[2011]1号", ("年份应使用六角括号〔〕", FIXED)),
    (validators.check_doc_number, "区双拥［2011］1号", ("年份应使用六角括号〔〕", FIXED)),
    (validators.check_doc_number, "区双拥【2011】1号", ("年份应使用六角括号〔〕", FIXED)),
    (validators.check_doc_number, "区双拥(2011)1号", ("年份应使用六角括号〔〕", FIXED)),
    (validators.check_doc_number, "区双拥（2011）1号", ("年份应使用六角括号〔〕", FIXED)),
    (validators.check_doc_number, "区双拥﹝2011﹞1号", ("年份应使用六角括号〔〕", FIXED)),
    (validators.check_doc_number, "区双拥〖2011〗1号", ("年份应使用六角括号〔〕", FIXED)),
    (validators.check_doc_number, "区双拥〔2011]1号", ("年份应使用六角括号〔〕", FIXED)),
    (validators.check_doc_number, "区双拥〔11〕1号", ("年份应写全4位", FIXED)),
    (validators.check_doc_number, "区双拥〔2011〕第1号", ("序号前不加“第”字", FIXED)),
    (validators.check_doc_number, "区双拥〔2011〕01号", ("序号不编虚位（不加前导0）", FIXED)),
    (validators.check_doc_number, "区双拥〔2011〕1", ("序号后应加“号”", FIXED)),
    (validators.check_doc_number, "区双拥 〔2011〕 1号", ("不应含空格", FIXED)),
    (validators.check_doc_number, "〔2011〕1号", ("缺少机关代字", EXAMPLE)),
    (validators.check_doc_number, "[2011]1号", ("年份应使用六角括号〔〕；缺少机关代字", EXAMPLE)),
    (validators.check_doc_number, "区双拥〔2011〕", ("缺少发文顺序号", EXAMPLE)),
    (validators.check_doc_number, "区双拥〔201〕1号", ("年份应为4位数字", EXAMPLE)),
    (validators.check_doc_number, "区双拥2011年1号", ("格式应为 机关代字〔年份〕序号号", EXAMPLE)),
    (validators.check_doc_number, "第12号", ("格式应为 机关代字〔年份〕序号号", EXAMPLE)),
    (
        validators.check_doc_number,
        "区双拥[11]第01",
        (
            "年份应使用六角括号〔〕；年份应写全4位；序号前不加“第”字；序号不编虚位（不加前导0）；序号后应加“号”",
            FIXED,
        ),
    ),
    # 份号 [7.2.1]: YAML reads an unquoted 000123 as the int 123
    (validators.check_copy_number, "000001", "000001"),
    (validators.check_copy_number, " 123456 ", "123456"),
    (validators.check_copy_number, 123, ("份号 123 被读成了数字", "加引号写成 \"000123\"")),
    (validators.check_copy_number, 123456, ("份号 123456 被读成了数字", "加引号写成 \"123456\"")),
    (validators.check_copy_number, 1234567, ("份号 1234567 被读成了数字", "份号为6位数字，须加引号，如 \"000001\"")),
    (validators.check_copy_number, "12", ("份号 “12” 应为6位阿拉伯数字", "应写成 “000012”")),
    (validators.check_copy_number, "1234567", ("应为6位阿拉伯数字", "如 “000001”")),
    (validators.check_copy_number, "A00001", ("应为6位阿拉伯数字", "如 “000001”")),
    (validators.check_copy_number, "０００１２３", ("应使用半角阿拉伯数字", "应写成 “000123”")),
    # 密级和保密期限 [7.2.2]
    (validators.check_classification, "绝密", "绝密"),
    (validators.check_classification, "秘密★1年", "秘密★1年"),
    (validators.check_classification, "机密★6个月", "机密★6个月"),
    (validators.check_classification, "秘密☆1年", ("应使用实心五角星★", "应写成 “秘密★1年”")),
    (validators.check_classification, "秘密*1年", ("应使用实心五角星★", "应写成 “秘密★1年”")),
    (validators.check_classification, "秘密 ＊ 1年", ("应使用实心五角星★", "应写成 “秘密★1年”")),
    (validators.check_classification, "秘密1年", ("与保密期限之间应加★", "应写成 “秘密★1年”")),
    (validators.check_classification, "秘密★长期", ("应为 绝密、机密 或 秘密，可加保密期限", "如 “秘密★1年”")),
    (validators.check_classification, "内部", ("密级 “内部” 不规范", "如 “秘密★1年”")),
    # 紧急程度 [7.2.3]
    (validators.check_urgency, "特急", "特急"),
    (validators.check_urgency, "加急", "加急"),
    (validators.check_urgency, "特　急", "特急"),
    (validators.check_urgency, " 加 急 ", "加急"),
    (validators.check_urgency, "特快", ("紧急程度 “特快” 不规范", "应为 “特急” 或 “加急”")),
]


@pytest.mark.parametrize(
    ("check", "value", "expected"), CASES, ids=[f"{c.__name__}-{v!r}" for c, v, _ in CASES]
)
def test_masthead_check(check: Callable[[Any], str], value: Any, expected: str | tuple[str, str]) -> None:
    if isinstance(expected, str):
        assert check(value) == expected
        return
    phrase, hint = expected
    with pytest.raises(HintedValueError) as info:
        check(value)
    assert phrase in str(info.value)
    assert info.value.hint == hint


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("第12号", "第12号"),
        ("区双拥〔2011〕1号", "区双拥〔2011〕1号"),
        ("第012号", ("序号不编虚位（不加前导0）", "应写成 “第12号”")),
        ("第12", ("序号后应加“号”", "应写成 “第12号”")),
        ("区双拥〔2011〕第1号", ("序号前不加“第”字", FIXED)),
    ],
)
def test_serial_doc_number_only_when_allowed(value: str, expected: str | tuple[str, str]) -> None:
    if isinstance(expected, str):
        assert validators.check_doc_number(value, allow_serial=True) == expected
        return
    phrase, hint = expected
    with pytest.raises(HintedValueError) as info:
        validators.check_doc_number(value, allow_serial=True)
    assert phrase in str(info.value)
    assert info.value.hint == hint
