"""公文 text knowledge (officialdocs.cjk, numerals) is defined once and the engine and the checker agree on it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from officialdocs import render_file
from officialdocs.check import check_file
from officialdocs.cjk import (
    LINE_END_FORBIDDEN,
    LINE_START_FORBIDDEN,
    cell_width,
    is_cjk,
    is_han,
    text_cells,
    title_end_problem,
)
from officialdocs.numerals import parse_date

from .measure import lines, open_pdf

SRC = Path(__file__).resolve().parents[1] / "src" / "officialdocs"


def test_cell_widths_follow_one_rule():
    assert cell_width("中") == cell_width("，") == cell_width("（") == 1.0
    # Ambiguous characters the GB 2312 faces draw full width ...
    assert cell_width("—") == cell_width("…") == cell_width("“") == cell_width("×") == cell_width("·") == 1.0
    # ... and the rest half, like ASCII and digits.
    assert cell_width("1") == cell_width("a") == cell_width("/") == 0.5
    assert text_cells("区双拥〔2011〕1号") == 6 + 2.5


def test_character_classes():
    for ch in "堃喆珺昇嵘䶮中〇𠀀":
        assert is_han(ch), ch
    assert not is_han("，") and is_cjk("，") and is_cjk("“") and not is_cjk("a")
    assert {"/", "／", ")", ",", "。", "”"} <= LINE_START_FORBIDDEN
    assert {"(", "（", "“", "/"} <= LINE_END_FORBIDDEN
    assert title_end_problem("关于做好双拥工作的通知：") == "："
    assert title_end_problem("关于印发《××工作要点》的通知") is None


def test_dates_in_every_form_clerks_write():
    for text in ("2011-01-20", "2011年1月20日", "二〇一一年一月二十日", "二○一一年一月二十日"):
        assert str(parse_date(text)) == "2011-01-20", text


@pytest.mark.parametrize("name", [
    "NO_START", "NO_END", "_TITLE_END", "_INK_LEFT", "_ORDINALS", "_CN_DATE", "_NAME_END_PUNCT",
])
def test_punctuation_classes_are_defined_once(name):
    """The old copies are gone: every consumer imports cjk / numerals (issue 9 acceptance: grep shows one)."""
    hits = [p for p in SRC.rglob("*.py") if re.search(rf"^{name}\s*=", p.read_text(encoding="utf-8"), re.M)]
    assert hits == [], hits


def test_slash_never_starts_a_line_and_check_agrees(tmp_path):
    """26 Han characters then “/”: the engine used to start line 2 with ASCII “/” and `check` failed L36."""
    text = "各" * 24 + "部门" + "/" + "单位要认真组织学习，按照要求抓好落实，确保各项工作任务按时完成。"
    md = tmp_path / "slash.md"
    md.write_text(f"---\ntitle: 关于做好有关工作的通知\n---\n{text}\n", encoding="utf-8")
    result = render_file(md, tmp_path / "out", ["pdf"])
    pdf = result.outputs[0].path
    with open_pdf(pdf) as doc:
        body = [ln.text for ln in lines(doc.pages[0]) if ln.size == 16.0]
    assert any("/" in t for t in body)
    assert not any(t[0] in LINE_START_FORBIDDEN or t[-1] in LINE_END_FORBIDDEN for t in body), body
    report = check_file(pdf)
    l36 = [r for r in report.results if r.id == "L36"]
    assert l36 and l36[0].status == "pass", l36


def test_a_line_may_end_with_slash_only_inside_a_url():
    from officialdocs.cjk import may_end_line_text

    assert may_end_line_text("网址：https://www.example.gov.cn/zwgk/")
    assert may_end_line_text("网址：https://")
    assert not may_end_line_text("按GB/")  # GB/T is never split
    assert not may_end_line_text("1/")
    assert not may_end_line_text("印发《")
    assert may_end_line_text("印发。")
