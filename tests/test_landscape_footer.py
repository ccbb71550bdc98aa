"""The page number of a landscape table page (GB/T 9704 clause 8: "页码位置与公文其他页码保持一致"): where the
portrait pages have it once the sheet is turned back, in the PDF and in the .docx (its landscape section's own
footers: a page-anchored text box whose text is turned a quarter clockwise)."""

from __future__ import annotations

import re
import zipfile

import pytest
from lxml import etree

from officialdocs import load_profile, parse_markup
from officialdocs.check import check_file
from officialdocs.pipeline import render_formats
from officialdocs.style import mm_to_emu, pt_to_mm

from .conftest import convert_to_pdf
from .measure import open_pdf

NS = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
      "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
      "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
      "wps": "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
      "rel": "http://schemas.openxmlformats.org/package/2006/relationships"}
MM = 25.4 / 72

# A wide table over landscape pages of both parities, portrait text before and after it.
WIDE = "---\ntitle: 关于报送2011年双拥工作考核指标完成情况的通知\n---\n请各单位对照下表填报。\n\n" + (
    "| " + " | ".join(f"考核指标{i}" for i in range(1, 11)) + " |\n|" + "---|" * 10 + "\n" + "".join(
        "| " + " | ".join(f"{r * 10 + c}" if c % 2 else f"完成{r}项" for c in range(10)) + " |\n" for r in range(40))
) + "\n请于3月底前报送。\n"


def _render(tmp_path):
    files = render_formats(parse_markup(WIDE, source="wide.md"), load_profile(), ["docx", "pdf"]).files
    (tmp_path / "wide.pdf").write_bytes(files["pdf"])
    (tmp_path / "wide.docx").write_bytes(files["docx"])
    return tmp_path / "wide.pdf", tmp_path / "wide.docx", files["docx"]


def _footers(sect: etree._Element) -> dict[str, str]:
    return {ref.get(f"{{{NS['w']}}}type"): ref.get(f"{{{NS['r']}}}id") for ref in sect.findall("w:footerReference", NS)}


def test_a_landscape_section_has_turned_footers_of_its_own(tmp_path):
    _, docx, _ = _render(tmp_path)
    twice = [render_formats(parse_markup(WIDE, source="wide.md"), load_profile(), ["docx"]).files["docx"]
             for _ in range(2)]
    assert twice[0] == twice[1]  # fixed part names, relationship and shape ids
    z = zipfile.ZipFile(docx)
    document = etree.fromstring(z.read("word/document.xml"))
    rels = {r.get("Id"): r.get("Target") for r in etree.fromstring(z.read("word/_rels/document.xml.rels"))}
    sects = document.findall(".//w:sectPr", NS)
    turned = [i for i, s in enumerate(sects) if s.find("w:pgSz", NS).get(f"{{{NS['w']}}}orient") == "landscape"]
    assert len(turned) == 1 and 0 < turned[0] < len(sects) - 1  # portrait before and after
    portrait = _footers(sects[0])
    landscape = _footers(sects[turned[0]])
    assert set(portrait) == set(landscape) == {"default", "even"}
    assert not set(portrait.values()) & set(landscape.values())
    assert _footers(sects[turned[0] + 1]) == portrait  # the portrait footers again after the landscape section
    assert sects[turned[0]].find("w:titlePg", NS) is None
    profile = load_profile()
    page, line = profile.page, pt_to_mm(profile.font("page_number").size)
    dash_y = page.margins.top + page.block_height + profile.page_number.below_block  # 269 mm on the portrait page
    for kind, rid in landscape.items():
        footer = etree.fromstring(z.read(f"word/{rels[rid]}"))
        shapes = footer.findall(".//wps:wsp", NS)
        assert len(shapes) == 1
        body = shapes[0].find("wps:bodyPr", NS)
        assert body.get("vert") == "vert"  # turned a quarter clockwise: upright once the sheet is turned back
        box = shapes[0].find("wps:txbx/w:txbxContent", NS)
        assert "".join(t.text for t in box.findall(".//w:t", NS)) == "— 1 —"  # 1: the PAGE field's placeholder
        assert [i.text.strip() for i in box.findall(".//w:instrText", NS)] == ["PAGE"]
        assert box.find(".//w:jc", NS).get(f"{{{NS['w']}}}val") == ("right" if kind == "default" else "left")
        anchor = footer.find(".//wp:anchor", NS)
        h, v = anchor.find("wp:positionH", NS), anchor.find("wp:positionV", NS)
        assert h.get("relativeFrom") == v.get("relativeFrom") == "page"
        x, y = int(h.findtext("wp:posOffset", namespaces=NS)), int(v.findtext("wp:posOffset", namespaces=NS))
        extent = anchor.find("wp:extent", NS)
        # across: the line's box around the dash line (portrait 269 mm from the top = 28 mm from the left)
        assert abs((x + int(extent.get("cx")) / 2) - mm_to_emu(page.height - dash_y)) <= mm_to_emu(line / 2)
        # along: the block's width (28–184 mm of the portrait page), so alignment and indent work as there
        assert (y, int(extent.get("cy"))) == (mm_to_emu(page.margins.left), mm_to_emu(page.block_width))
    for rid in portrait.values():
        assert b"wps:wsp" not in z.read(f"word/{rels[rid]}")


def _number(page, turned: bool) -> tuple[str, float, float] | None:
    """The page number's text and centre in mm, in the frame of the sheet held upright (portrait)."""
    chars = [c for c in page.chars if c["text"] in "—0123456789"]
    if turned:  # reading top to bottom on a landscape page: matrix (0, -1, 1, 0)
        chars = [c for c in chars if c["matrix"][1] < 0 < c["matrix"][2] and c["x0"] < page.width / 3]
    else:
        chars = [c for c in chars if c["upright"] and c["top"] > page.height * 0.85]
    if not chars:
        return None
    x0, x1 = min(c["x0"] for c in chars), max(c["x1"] for c in chars)
    top, bottom = min(c["top"] for c in chars), max(c["bottom"] for c in chars)
    text = "".join(c["text"] for c in sorted(chars, key=lambda c: (c["top"], c["x0"]) if turned else c["x0"]))
    if turned:  # portrait x = distance from the landscape top, portrait y = distance from the landscape right
        return text, (top + bottom) / 2 * MM, (page.width - (x0 + x1) / 2) * MM
    return text, (x0 + x1) / 2 * MM, (top + bottom) / 2 * MM


@pytest.mark.slow
def test_libreoffice_puts_the_landscape_page_number_where_the_pdf_has_it(tmp_path):
    pdf, docx, _ = _render(tmp_path)
    lo = convert_to_pdf(docx, tmp_path / "lo")
    with open_pdf(pdf) as ours, open_pdf(lo) as theirs:
        assert len(ours.pages) == len(theirs.pages)
        landscape = [i for i, p in enumerate(theirs.pages) if p.width > p.height]
        assert {i % 2 for i in landscape} == {0, 1}  # odd and even landscape pages
        for i, (mine, page) in enumerate(zip(ours.pages, theirs.pages, strict=True)):
            expected, got = _number(mine, False), _number(page, i in landscape)
            assert expected is not None and got is not None, f"page {i + 1}: no page number"
            assert re.sub(r"\D", "", got[0]) == re.sub(r"\D", "", expected[0]) == str(i + 1)
            assert abs(got[1] - expected[1]) <= 1.5 and abs(got[2] - expected[2]) <= 1.5, (i + 1, got, expected)
            if i in landscape:  # nothing left at the landscape page's foot
                assert not [c for c in page.chars if c["upright"] and c["text"] == "—" and c["top"] > page.height * 0.8]
    report = check_file(lo)
    assert not {"L28", "L29"} & report.failed_ids(None)
    assert {"L28", "L29"} <= {r.id for r in report.results if r.status == "pass"}
