"""The sample .docx read as XML: page geometry, styles, fonts, footers, tables, determinism."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from lxml import etree

from officialdocs import render_file

from .conftest import SAMPLE

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W, "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships"}
TWIPS_PER_MM = 72 / 25.4 * 20


def q(tag: str) -> str:
    prefix, local = tag.split(":")
    return f"{{{NS[prefix]}}}{local}"


@pytest.fixture(scope="module")
def package(sample_docx):
    with zipfile.ZipFile(sample_docx) as z:
        yield {name: z.read(name) for name in z.namelist()}


def xml(package, name):
    return etree.fromstring(package[name])


def mm(value: str) -> float:
    return int(value) / TWIPS_PER_MM


def test_a4_and_margins(package):
    sect = xml(package, "word/document.xml").find(".//w:body/w:sectPr", NS)
    size = sect.find("w:pgSz", NS)
    assert mm(size.get(q("w:w"))) == pytest.approx(210, abs=0.1)
    assert mm(size.get(q("w:h"))) == pytest.approx(297, abs=0.1)
    margin = sect.find("w:pgMar", NS)
    for side, expected in (("top", 37), ("bottom", 35), ("left", 28), ("right", 26)):
        assert mm(margin.get(q(f"w:{side}"))) == pytest.approx(expected, abs=0.05), side


def test_line_grid_and_exact_line_pitch(package):
    sect = xml(package, "word/document.xml").find(".//w:body/w:sectPr", NS)
    grid = sect.find("w:docGrid", NS)
    assert grid.get(q("w:type")) == "lines"
    pitch = int(grid.get(q("w:linePitch")))
    assert 22 * pitch <= (297 - 37 - 35) * TWIPS_PER_MM < 23 * pitch
    normal = _style(package, "Normal")
    spacing = normal.find("w:pPr/w:spacing", NS)
    assert spacing.get(q("w:lineRule")) == "exact" and int(spacing.get(q("w:line"))) == pitch
    # -0.25 pt letter spacing on a 16 pt face: 28 characters fit in 156 mm, 29 do not.
    rpr = normal.find("w:rPr", NS)
    advance = int(rpr.find("w:sz", NS).get(q("w:val"))) / 2 + int(rpr.find("w:spacing", NS).get(q("w:val"))) / 20
    assert 28 * advance <= 156 / 25.4 * 72 < 29 * advance


def _style(package, style_id):
    styles = xml(package, "word/styles.xml")
    found = styles.find(f"w:style[@w:styleId='{style_id}']", NS)
    assert found is not None, style_id
    return found


@pytest.mark.parametrize(
    ("style_id", "name", "font", "outline"),
    [
        ("Normal", "Normal", "仿宋_GB2312", None),
        ("Heading1", "heading 1", "黑体", "0"),
        ("Heading2", "heading 2", "楷体_GB2312", "1"),
        ("Heading3", "heading 3", "仿宋_GB2312", "2"),
        ("Heading4", "heading 4", "仿宋_GB2312", "3"),
        ("Title", "Title", "方正小标宋简体", "9"),
    ],
)
def test_styles_keep_builtin_names_with_east_asian_fonts(package, style_id, name, font, outline):
    style = _style(package, style_id)
    assert style.find("w:name", NS).get(q("w:val")) == name
    fonts = style.find("w:rPr/w:rFonts", NS)
    assert fonts.get(q("w:eastAsia")) == font
    assert fonts.get(q("w:hint")) == "eastAsia"
    size = style.find("w:rPr/w:sz", NS).get(q("w:val"))
    assert size == ("44" if style_id == "Title" else "32")
    level = style.find("w:pPr/w:outlineLvl", NS)
    assert (level.get(q("w:val")) if level is not None else None) == outline


def test_no_theme_fonts_anywhere(package):
    for name in ("word/styles.xml", "word/document.xml", "word/footer1.xml", "word/footer2.xml"):
        if name in package:
            assert b"Theme=" not in package[name] and b"w:cstheme" not in package[name], name


def test_every_run_names_an_east_asian_font(package):
    doc = xml(package, "word/document.xml")
    runs = doc.findall(".//w:r[w:t]", NS)
    assert runs
    for run in runs:
        fonts = run.find("w:rPr/w:rFonts", NS)
        assert fonts is not None and fonts.get(q("w:eastAsia")) and fonts.get(q("w:hint")) == "eastAsia"


def test_font_table_has_fallbacks(package):
    table = xml(package, "word/fontTable.xml")
    alt = {f.get(q("w:name")): f.find("w:altName", NS) for f in table.findall("w:font", NS)}
    assert alt["仿宋_GB2312"].get(q("w:val")) == "仿宋"
    assert alt["楷体_GB2312"].get(q("w:val")) == "楷体"
    assert alt["方正小标宋简体"].get(q("w:val")) == "宋体"


def test_odd_and_even_footers_with_page_fields(package):
    settings = xml(package, "word/settings.xml")
    assert settings.find("w:evenAndOddHeaders", NS) is not None
    doc = xml(package, "word/document.xml")
    rels = etree.fromstring(package["word/_rels/document.xml.rels"])
    targets = {r.get("Id"): r.get("Target") for r in rels}
    refs = {f.get(q("w:type")): targets[f.get(q("r:id"))] for f in doc.findall(".//w:sectPr/w:footerReference", NS)}
    assert set(refs) >= {"default", "even"}
    for kind, align, indent_attr in (("default", "right", "w:right"), ("even", "left", "w:left")):
        footer = xml(package, "word/" + refs[kind])
        assert "PAGE" in "".join(footer.itertext())
        para = footer.find("w:p", NS)
        assert para.find("w:pPr/w:jc", NS).get(q("w:val")) == align
        assert int(para.find("w:pPr/w:ind", NS).get(q(indent_attr))) == 280  # one 14 pt character
        text = "".join(t.text for t in para.iter(q("w:t")))
        assert text.startswith("— ") and text.endswith(" —")
        fonts = para.find(".//w:rFonts", NS)
        assert fonts.get(q("w:eastAsia")) == "宋体"


def test_tables_have_grids(package):
    doc = xml(package, "word/document.xml")
    tables = doc.findall(".//w:tbl", NS)
    assert len(tables) >= 2  # the task table and the colophon
    for table in tables:
        grid = table.find("w:tblGrid", NS)
        assert grid is not None and grid.findall("w:gridCol", NS)
        width = int(table.find("w:tblPr/w:tblW", NS).get(q("w:w")))
        assert sum(int(c.get(q("w:w"))) for c in grid) == width


def test_colophon_is_anchored_to_the_bottom_of_the_block(package):
    doc = xml(package, "word/document.xml")
    floating = doc.findall(".//w:tbl/w:tblPr/w:tblpPr", NS)
    assert len(floating) == 1
    pos = floating[0]
    assert pos.get(q("w:vertAnchor")) == "margin" and pos.get(q("w:tblpYSpec")) == "bottom"
    assert mm(pos.get(q("w:tblpX"))) == pytest.approx(28, abs=0.05)
    body = doc.find("w:body", NS)
    assert body[-2].tag == q("w:p"), "a paragraph must follow the floating table (LibreOffice drops it otherwise)"


def test_same_input_gives_identical_bytes(sample_docx, tmp_path):
    # The same request as the fixture (docx and PDF: app.xml then carries the PDF engine's page count).
    again = render_file(SAMPLE, tmp_path, ["docx", "pdf"], only=["notice"]).outputs[0].path
    assert again.read_bytes() == Path(sample_docx).read_bytes()
    one = render_file(SAMPLE, tmp_path / "a", ["docx"], only=["notice"]).outputs[0].path
    two = render_file(SAMPLE, tmp_path / "b", ["docx"], only=["notice"]).outputs[0].path
    assert one.read_bytes() == two.read_bytes()


def test_no_wall_clock_in_the_package(package, sample_docx):
    core = package["docProps/core.xml"].decode()
    assert "2011-01-20T00:00:00Z" in core  # the document's own date, not the time it was rendered
    with zipfile.ZipFile(sample_docx) as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    assert not any(name.startswith(("customXml", "docProps/thumbnail")) for name in package)
