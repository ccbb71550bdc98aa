"""`check` on a .docx of a chapter-10 format: the format is read from the XML (or told, or taken from the
LibreOffice rendering with --render) and the .docx rules follow it — a 信函's 版记 has no rules (10.1), so D07
must not ask for one; a 信函 whose 版记 has them still fails D07."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import etree

from officialdocs import load_profile, parse_markup
from officialdocs.check import check_file
from officialdocs.check.docxformat import detect_docx_format
from officialdocs.pipeline import render_formats

from .conftest import ROOT, convert_to_pdf
from .test_check import mutate_docx

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _docx(sample: str, tmp_path: Path) -> Path:
    path = ROOT / "samples" / sample
    doc = parse_markup(path.read_text(encoding="utf-8"), source=str(path), base_dir=path.parent)
    out = tmp_path / (path.stem + ".docx")
    out.write_bytes(render_formats(doc, load_profile(), ["docx"]).files["docx"])
    return out


def _failed(report) -> set[str]:
    return {r.id for r in report.results if r.status == "fail" and r.severity == "error"}


def _explain(report) -> str:
    return "\n".join(f"{r.id} {r.name}: {r.measured} / {r.expected} {r.message}" for r in report.results
                     if r.status == "fail") + "\n" + "\n".join(report.notes)


@pytest.mark.parametrize(("sample", "name"), [("letter.md", "信函"), ("order.md", "命令（令）"), ("minutes.md", "纪要"),
                                              ("notice.md", "文件")])
def test_the_format_of_a_docx_is_read_from_its_xml(sample, name, tmp_path):
    report = check_file(_docx(sample, tmp_path))
    assert f"按{name}格式检查（由文档内容识别）" in report.notes, report.notes
    assert _failed(report) == set(), _explain(report)


def test_a_letter_docx_passes_d07_without_colophon_rules(tmp_path):
    """10.1: 信函的版记不加印发机关和印发日期、分隔线. D07 asked for the table's bottom border (末条分隔线)."""
    report = check_file(_docx("letter.md", tmp_path))
    d07 = {r.name: r for r in report.results if r.id == "D07"}
    assert d07["末条分隔线"].status == "pass" and d07["末条分隔线"].measured == "无", d07
    assert d07["版记位置"].status == "pass", d07
    # Checked as 文件格式 (told), the same .docx misses the rule a 文件格式 版记 ends with.
    told = check_file(report.file, fmt="file")
    assert _failed(told) == {"D07"} and "按文件格式检查（按 --format 指定）" in told.notes


def test_a_letter_docx_whose_colophon_has_rules_fails_d07(tmp_path):
    docx = _docx("letter.md", tmp_path)

    def ruled(xml: str) -> str:  # the 版记 table (the last one) gets a bottom border
        start = xml.rindex("<w:tblPr>")
        return xml[:start] + xml[start:].replace(
            "<w:tblPr>", '<w:tblPr><w:tblBorders><w:bottom w:val="single" w:sz="8" w:color="000000"/></w:tblBorders>', 1)

    wrong = mutate_docx(docx, tmp_path / "ruled.docx", "word/document.xml", ruled)
    report = check_file(wrong)
    assert _failed(report) == {"D07"}, _explain(report)


def _root(body: str) -> etree._Element:
    return etree.fromstring(f'<w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>')


def _red_run(text: str) -> str:
    return f'<w:r><w:rPr><w:color w:val="FF0000"/></w:rPr><w:t>{text}</w:t></w:r>'


def test_format_detection_reads_word_constructions():
    """What a clerk builds in Word: a red 双线 paragraph border under the mark (信函), a red mark ending in 令
    or 纪要; a single red border is 文件格式."""
    mark = f"<w:p>{_red_run('××区人民政府办公室')}</w:p>"
    border = '<w:p><w:pPr><w:pBdr><w:bottom w:val="{}" w:sz="24" w:color="FF0000"/></w:pBdr></w:pPr></w:p>'
    assert detect_docx_format(_root(mark + border.format("thickThinSmallGap"))) == "letter"
    assert detect_docx_format(_root(mark + border.format("single"))) == "file"
    number = "<w:p><w:r><w:t>第13号</w:t></w:r></w:p>"
    assert detect_docx_format(_root(f"<w:p>{_red_run('××区人民政府')}{_red_run('令')}</w:p>{number}")) == "order"
    assert detect_docx_format(_root(f"<w:p>{_red_run('××会议纪要')}</w:p>")) == "minutes"
    # Red text further on (a highlighted word) does not make the mark.
    later = f"<w:p><w:r><w:t>关于……的通知</w:t></w:r>{_red_run('纪要')}</w:p>"
    assert detect_docx_format(_root(f"<w:p>{_red_run('××区人民政府文件')}</w:p>{later}")) == "file"


@pytest.mark.slow
def test_libreoffice_pdf_of_a_letter_docx_passes(tmp_path):
    """LibreOffice draws the double rules as filled rectangles starting mid-edge; they were not found, so the
    信函 was checked as 文件格式 (L06, L10, L02 failed). With --render the XML rules follow the rendering's format."""
    docx = _docx("letter.md", tmp_path)
    pdf = convert_to_pdf(docx, tmp_path)
    report = check_file(pdf)
    assert "按信函格式检查（自动识别）" in report.notes and _failed(report) == set(), _explain(report)
    l31 = [r for r in report.results if r.id == "L31"]
    assert l31 and all(r.status == "pass" for r in l31)
    rendered = check_file(docx, render=True)
    assert _failed(rendered) == set(), _explain(rendered)
    assert any(re.match("按信函格式检查", n) for n in rendered.notes)
