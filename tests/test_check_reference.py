"""`check` accepts every correct reading of GB/T 9704 and fails each wrong document on exactly its rule.

Every document here is drawn with reportlab directly (tests/refdoc.py), from the standard's numbers, not by
our layout engine: a checker that only accepts our own construction would fail them. Each correct variant
must pass with no failure at all (warnings included); each wrong one must fail exactly the rule it breaks.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from officialdocs.check import check_file
from officialdocs.cli import main

from .refdoc import PITCH, RefDoc


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("reference")


def check(out: Path, name: str, fmt: str = "file", **opt):
    return check_file(RefDoc(out / f"{name}.pdf", fmt).build(**opt))


def failures(report) -> set[str]:
    return report.failed_ids(None)


def explain(report) -> str:
    return "\n".join(f"{r.id} {r.name}: {r.measured} / {r.expected} {r.location} {r.message}"
                     for r in report.results if r.status == "fail")


def result(report, rule_id: str, name: str):
    return next(r for r in report.results if r.id == rule_id and r.name == name)


# --------------------------------------------------------------------------------------- correct readings

CORRECT = {
    # name: (format, options, the rules that must have measured something)
    "file": ("file", {}, {"L03", "L06", "L08", "L10", "L11", "L14", "L23", "L26", "L27", "L28", "L29", "L41"}),
    "mark-and-rule-pure-cmyk-red": ("file", {"mark_color": (0, 1, 1, 0), "rule_color": (0, 1, 1, 0)}, {"L06", "L10"}),
    "mark-and-rule-print-red-m80-y80": ("file", {"mark_color": (0, .8, .8, 0), "rule_color": (0, .8, .8, 0)}, {"L06", "L10"}),
    "mark-and-rule-rgb-red": ("file", {"mark_color": (1, 0, 0), "rule_color": (1, 0, 0)}, {"L06", "L10"}),
    "page-number-dash-7mm-below": ("file", {"number_reading": "dash"}, {"L28"}),
    "page-number-top-7mm-below": ("file", {"number_reading": "top"}, {"L28"}),
    "title-2-pitches-below-the-rule": ("file", {"title_gap_lines": 2.0}, {"L11"}),
    "title-3-pitches-below-the-rule": ("file", {"title_gap_lines": 3.0}, {"L11"}),
    "title-19mm-below-the-rule-word": ("file", {"title_gap_mm": 19.0}, {"L11"}),
    "title-30.2mm-below-the-rule": ("file", {"title_gap_mm": 30.2}, {"L11"}),
    "task-table-ending-at-the-page-foot": ("file", {"table_page": True}, {"L28", "L29"}),
    "colophon-rules-of-word-1pt-and-three-quarters": ("file", {"colophon_rules": (0.353, 0.265)}, {"L23"}),
    "mostly-tables": ("file", {"mostly_tables": True}, {"L05", "L06", "L08", "L11"}),
    # two 3号 lines in all (no full 3号 line): the 4号 table cells, ruled above and below, are not the body
    "two-lines-of-text-then-tables": ("file", {"mostly_tables": True, "short_text": True}, {"L05", "L06", "L10", "L11"}),
    # the same with each table cell drawn as a stroked box: its top and bottom edges are the rows' rules
    "two-lines-of-text-then-boxed-cells": ("file", {"mostly_tables": True, "short_text": True, "cell_boxes": True},
                                           {"L05", "L06", "L10", "L11"}),
    # a landscape table page whose number is turned with the table, where the portrait pages have it (clause 8;
    # our .docx's landscape footers through LibreOffice)
    "landscape-table-page-number-where-the-portrait-pages-have-it": (
        "file", {"landscape_page": True, "landscape_number_turned": True}, {"L28", "L29"}),
    "letter": ("letter", {}, {"L31", "L32", "L28", "L29"}),
    # LibreOffice draws the double rules as filled rectangles whose path starts mid-edge (6 points)
    "letter-rules-as-libreoffice-rectangles": ("letter", {"rules_as_rectangles": True}, {"L31", "L32", "L11"}),
    "letter-with-copy-number-secrecy-urgency": ("letter", {"head_elements": True}, {"L31", "L32", "L11"}),
    "order": ("order", {}, {"L33", "L28"}),
    "minutes": ("minutes", {}, {"L34", "L28"}),
}


@pytest.mark.parametrize("name", list(CORRECT))
def test_a_correct_document_drawn_independently_passes(name, out):
    fmt, opt, measured = CORRECT[name]
    report = check(out, name, fmt, **opt)
    assert failures(report) == set(), explain(report)
    passed = {r.id for r in report.results if r.status == "pass"}
    assert measured <= passed, measured - passed
    assert any(f"按{'信函' if fmt == 'letter' else ''}" in n for n in report.notes)


def test_the_table_cell_at_the_page_foot_is_not_a_page_number(out):
    report = check(out, "table-foot", table_page=True)
    sequence = result(report, "L29", "页码连续")
    assert sequence.measured == "1–4 连续"
    position = result(report, "L28", "页码距版心下边缘")
    assert position.status == "pass" and "一字线 7.0 mm" in position.measured


def test_body_size_of_a_document_that_is_mostly_tables(out):
    report = check(out, "tables", mostly_tables=True)
    size = result(report, "L05", "正文字号")
    assert size.measured == "16 pt" and size.status == "pass"


def test_colours_are_reported_in_their_own_space(out):
    report = check(out, "print-red", mark_color=(0, .8, .8, 0))
    colour = result(report, "L06", "标志颜色")
    assert colour.measured.startswith("CMYK(0, 0.8, 0.8, 0)") and "#FF3333" in colour.measured


# ----------------------------------------------------------------------------------------- wrong documents

WRONG = {
    # name: (format, options, the one rule that must fail)
    "mark-dark-red": ("file", {"mark_color": (0, 1, 1, .25)}, "L06"),
    "rule-dark-red": ("file", {"rule_color": (0, 1, 1, .25)}, "L10"),
    "page-number-centred": ("file", {"number_centred": True}, "L28"),
    "page-number-2mm-high": ("file", {"number_shift": -2.0}, "L28"),
    "title-1-pitch-below-the-rule": ("file", {"title_gap_lines": 1.0}, "L11"),
    "title-4-pitches-below-the-rule": ("file", {"title_gap_lines": 4.0}, "L11"),
    "colophon-rules-too-thick": ("file", {"colophon_rules": (0.5, 0.25)}, "L23"),
    "page-opens-with-the-signature": ("file", {"closing_opens_page": True}, "L41"),
    "recipients-fill-page-1": ("file", {"long_recipients": True}, "L14"),
    "letter-mark-at-37mm": ("letter", {"mark_top": 37.0}, "L31"),
    "letter-page-number-on-page-1": ("letter", {"number_on_page_one": True}, "L32"),
    "letter-colophon-with-rules-and-printed": ("letter", {"colophon_rules_in_letter": True, "printed_in_letter": True}, "L32"),
    # a landscape table page (a 297 × 210 page) is the A4 sheet turned (L01 passes, its text is not measured
    # against the portrait block); only its page number, turned with the page, is wrong (clause 8)
    "landscape-table-page-number-turned-with-the-page": ("file", {"landscape_page": True}, "L28"),
    "order-number-not-centred": ("order", {"order_number_left": True}, "L33"),
    "minutes-labels-in-fangsong": ("minutes", {"attendee_label_face": "fang"}, "L34"),
    "minutes-wrapped-names-misaligned": ("minutes", {"wrap_shift": -3 * 5.5714}, "L34"),
}


@pytest.mark.parametrize("name", list(WRONG))
def test_a_wrong_document_fails_exactly_its_rule(name, out):
    fmt, opt, rule = WRONG[name]
    report = check(out, name, fmt, **opt)
    assert failures(report) == {rule}, explain(report)
    assert not report.ok


def test_the_title_gap_is_measured_in_line_pitches(out):
    report = check(out, "gap-4", title_gap_lines=4.0)
    gap = result(report, "L11", "分隔线下空行")
    assert f"（{4.0:.2f} 行）" in gap.measured, gap.measured
    assert abs(PITCH - 10.445) < 0.01


def test_format_can_be_told(out, capsys):
    """A 信函 checked as 文件格式 (--format file) is measured by 文件格式's rules, and fails them."""
    path = RefDoc(out / "letter-as-file.pdf", "letter").build()
    report = check_file(path, fmt="file")
    assert "按文件格式检查（按 --format 指定）" in report.notes
    assert "L31" not in {r.id for r in report.results} and {"L06"} <= failures(report)
    assert main(["check", str(path), "--format", "letter"]) == 0
    assert "按信函格式检查" in capsys.readouterr().out
    assert main(["check", str(path), "--format", "memo"]) == 2  # an invalid option value: a usage error
