"""`officialdocs preview` and `render --preview`: one PNG per page at the asked resolution, one contact sheet per
document, pages that show what the PDF shows (the red 发文机关标志 72 mm from the top of page 1)."""

from __future__ import annotations

import json
import math

import pytest

from officialdocs.cli import main

from .conftest import SAMPLE

Image = pytest.importorskip("PIL.Image")
pdfium = pytest.importorskip("pypdfium2")


def red_rows(image) -> list[int]:
    rgb = image.convert("RGB")
    w, h = rgb.size
    px = rgb.load()
    return [y for y in range(h) if any(px[x, y][0] > 180 and px[x, y][1] < 90 and px[x, y][2] < 90 for x in range(0, w, 2))]


def test_preview_of_a_pdf_one_png_per_page_at_the_dpi(sample_pdf, tmp_path, capsys):
    dpi = 50
    assert main(["preview", str(sample_pdf), "-o", str(tmp_path), "--dpi", str(dpi)]) == 0
    doc = pdfium.PdfDocument(str(sample_pdf))
    sizes = [doc[i].get_size() for i in range(len(doc))]
    pngs = sorted(p for p in tmp_path.glob("*.png") if not p.stem.endswith("总览"))
    assert len(pngs) == len(sizes) >= 2
    for png, (w_pt, h_pt) in zip(pngs, sizes, strict=True):
        with Image.open(png) as im:
            assert abs(im.width - w_pt / 72 * dpi) <= 1 and abs(im.height - h_pt / 72 * dpi) <= 1, png
    # The first red pixels are the top of the 发文机关标志's ink, where PDFium's glyph boxes put it (±2 px).
    text = doc[0].get_textpage()
    mark = text.get_text_range().index("双拥工作领导小组文件")
    ink_top_pt = sizes[0][1] - max(text.get_charbox(mark + i)[3] for i in range(10))
    with Image.open(pngs[0]) as first:
        assert abs(red_rows(first)[0] - ink_top_pt / 72 * dpi) <= 2  # anti-aliasing may add a row above
    assert 72 <= ink_top_pt / 72 * 25.4 < 74.5  # inside the mark's em box, whose top is 72 mm down (7.2.4)
    [sheet] = tmp_path.glob("*-总览.png")
    with Image.open(sheet) as im:
        columns = min(len(pngs), 4)
        assert im.width == 16 + columns * (200 + 16)
        assert im.height == 16 + math.ceil(len(pngs) / columns) * (283 + 24 + 16)
        assert red_rows(im)  # page 1's mark is on the sheet
    assert "总览" in capsys.readouterr().out


def test_preview_renders_a_plan_through_the_engine(tmp_path):
    assert main(["preview", str(SAMPLE), "-o", str(tmp_path), "--dpi", "20", "--only", "notice,schemes"]) == 0
    sheets = sorted(tmp_path.rglob("*-总览.png"))
    assert len(sheets) == 3  # the notice and the two sub-schemes, each with its sheet
    assert any(s.parent.name == "方案" for s in sheets)  # the folders `render` uses
    for sheet in sheets:
        stem = sheet.name.removesuffix("-总览.png")
        assert list(sheet.parent.glob(f"{stem}-*.png"))


def test_render_preview_writes_next_to_the_outputs(tmp_path):
    md = SAMPLE.parents[1] / "notice.md"
    assert main(["render", str(md), "-o", str(tmp_path), "--preview"]) == 0
    [pdf] = tmp_path.glob("*.pdf")
    pages = len(pdfium.PdfDocument(str(pdf)))
    assert len(list(tmp_path.glob(f"{pdf.stem}-[0-9]*.png"))) == pages
    assert (tmp_path / f"{pdf.stem}-总览.png").is_file()


@pytest.mark.slow  # over 0.4 s (a new process, a whole pipeline): not in the quick loop
def test_render_preview_with_docx_only_still_draws_the_pages(tmp_path):
    assert main(["render", str(SAMPLE), "-o", str(tmp_path), "--format", "docx", "--only", "plan", "--preview"]) == 0
    manifest = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    [docx] = [o["path"] for o in manifest["outputs"]]
    stem = docx.removesuffix(".docx")
    assert (tmp_path / f"{stem}-总览.png").is_file() and not list(tmp_path.glob("*.pdf"))


def test_the_same_pdf_gives_the_same_pngs(sample_pdf, tmp_path):
    from officialdocs.preview import preview_pdf

    a = preview_pdf(sample_pdf, tmp_path / "a", 30)
    b = preview_pdf(sample_pdf, tmp_path / "b", 30)
    assert [p.read_bytes() for p in a.pages + [a.sheet]] == [p.read_bytes() for p in b.pages + [b.sheet]]


def test_bad_dpi_and_missing_extra_are_clean_errors(sample_pdf, tmp_path, monkeypatch, capsys):
    import sys

    assert main(["preview", str(sample_pdf), "-o", str(tmp_path), "--dpi", "5000"]) == 2  # a usage error
    monkeypatch.setitem(sys.modules, "pypdfium2", None)
    assert main(["preview", str(sample_pdf), "-o", str(tmp_path)]) == 1
    assert "请安装 officialdocs[preview]" in capsys.readouterr().err


@pytest.mark.slow
def test_preview_of_a_docx_goes_through_libreoffice(sample_docx, sample_docx_pdf, tmp_path):
    from .conftest import soffice

    if soffice() is None:
        pytest.skip("LibreOffice is not installed")
    assert main(["preview", str(sample_docx), "-o", str(tmp_path), "--dpi", "20"]) == 0
    pages = len(pdfium.PdfDocument(str(sample_docx_pdf)))
    assert len(list(tmp_path.glob(f"{sample_docx.stem}-[0-9]*.png"))) == pages
    assert (tmp_path / f"{sample_docx.stem}-总览.png").is_file()
