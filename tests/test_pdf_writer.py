"""The PDF writer: pages drawn exactly as reportlab's canvas drew them, text extractable, fonts embedded
as true subsets (composite glyphs included), deterministic bytes, compression a choice."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pdfplumber
import pytest
from fontTools.ttLib import TTFont

from officialdocs import load_profile, parse_markup
from officialdocs.fonts import font_book
from officialdocs.layout import layout_document
from officialdocs.writers import pdf as pdf_writer
from officialdocs.writers.pdf import pdf_bytes_from_layout
from officialdocs.writers.pdf_fonts import FontUse

from .conftest import ROOT
from .reportlab_writer import reportlab_pdf

# A sealed document with a draft watermark, a landscape table and a character no bundled font has.
VARIANT = """---
issuers: [××区人民政府, ××区人民武装部]
doc_number: 区府〔2011〕3号
title: 关于2011年双拥工作情况的报告
recipients: [××市人民政府]
signature: ××区人民政府
date: 2011-12-20
seal: seal.png
draft: 征求意见稿
---
今年以来，我区认真贯彻落实上级关于双拥工作的部署要求，ABC abc 123 ①②③ “引号”——破折号。这个字𠀀没有。

<!-- table: landscape widths=1,6,3,3 -->

| 序号 | 单位名称 | 一月 | 合计 |
|:---:|---|---:|---:|
| 1 | ××区第一街道办事处 | 12 | 54 |
"""


@pytest.fixture(scope="module")
def variant(tmp_path_factory):
    folder = tmp_path_factory.mktemp("writer")
    shutil.copy(ROOT / "tests" / "data" / "seal.png", folder / "seal.png")
    base = load_profile()
    profile = base.model_copy(update={"pdf": base.pdf.model_copy(update={"watermark": True})})
    doc = parse_markup(VARIANT, source="variant.md", base_dir=folder)
    return layout_document(doc, profile, font_book(profile))


@pytest.fixture(scope="module")
def notice():
    from officialdocs import load_document

    doc, _ = load_document(ROOT / "samples" / "notice.md")
    return layout_document(doc, load_profile(), font_book(load_profile()))


def rasters(data: bytes, dpi: int = 72) -> list[bytes]:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(data)
    try:
        return [page.render(scale=dpi / 72).to_pil().convert("RGB").tobytes() for page in doc]
    finally:
        doc.close()


@pytest.mark.parametrize("which", ["notice", "variant"])
def test_pages_look_exactly_as_reportlab_drew_them(which, request):
    laid = request.getfixturevalue(which)
    ours, reference = rasters(pdf_bytes_from_layout(laid)), rasters(reportlab_pdf(laid))
    assert len(ours) == len(reference) == len(laid.pages)
    assert [a == b for a, b in zip(ours, reference, strict=True)] == [True] * len(ours)
    assert any(page.images for page in laid.pages) and laid.watermark and any(
        page.landscape_content for page in laid.pages)  if which == "variant" else True


def test_text_extracts_as_laid_out_including_characters_no_font_has(variant):
    data = pdf_bytes_from_layout(variant)
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page, laid_page in zip(pdf.pages, variant.pages, strict=True):
            drawn = "".join(c["text"] for c in page.chars)
            expected = "".join(run.text for run in laid_page.runs + laid_page.fixed)
            if variant.watermark:
                expected = variant.watermark[0] + expected
            assert drawn.replace(" ", "") == expected.replace(" ", "")
    assert "𠀀" in "".join(r.text for p in variant.pages for r in p.runs)


def _programs(data: bytes) -> dict[str, bytes]:
    from pdfminer.pdftypes import resolve1

    out = {}
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            for ref in resolve1(page.page_obj.resources["Font"]).values():
                font = resolve1(ref)
                cid = resolve1(resolve1(font["DescendantFonts"])[0])
                out[font["BaseFont"].name] = resolve1(resolve1(cid["FontDescriptor"])["FontFile2"]).get_data()
    return out


def test_fonts_are_subsets_with_the_source_outlines(notice):
    data = pdf_bytes_from_layout(notice)
    programs = _programs(data)
    assert programs and all(name[6] == "+" and name[:6].isupper() for name in programs)
    used = {r.face: set() for p in notice.pages for r in p.runs + p.fixed}
    for p in notice.pages:
        for r in p.runs + p.fixed:
            used[r.face].update(r.text)
    for name, program in programs.items():
        key = name[7:]
        subset = TTFont(io.BytesIO(program), checkChecksums=2)  # raises on a wrong table checksum
        subset.ensureDecompiled()
        source = TTFont(notice.fonts[key][0])
        assert subset["maxp"].numGlyphs == len(used[key]) + 1  # the characters drawn and .notdef
        glyphs = subset["glyf"]
        # CID order is the order of first use; compare every glyph with the source's, point for point.
        use = FontUse(key, notice.fonts[key][0], 0, key)
        for p in notice.pages:
            for r in p.runs + p.fixed:
                if r.face == key:
                    use.encode(r.text)
        order = subset.getGlyphOrder()
        for new, old in enumerate(use.gids):
            a, b = glyphs[order[new]], source["glyf"][source.getGlyphName(old)]
            assert a.getCoordinates(glyphs)[0] == b.getCoordinates(source["glyf"])[0]
            assert subset["hmtx"][order[new]] == source["hmtx"][source.getGlyphName(old)]
        assert len(program) < 300_000


DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


@pytest.mark.skipif(not DEJAVU.is_file(), reason="DejaVu Sans not installed (fonts-dejavu-core)")
def test_composite_glyphs_bring_their_components():
    use = FontUse("dejavu", DEJAVU, 0, "DejaVuSans")
    source = TTFont(DEJAVU)
    cmap = {cp: source.getGlyphID(name) for cp, name in source.getBestCmap().items()}
    use.glyph_of = lambda cp: cmap.get(cp, 0)
    use.encode("Ñéx")
    subset = TTFont(io.BytesIO(use.font.subset(use.gids)), checkChecksums=2)
    glyf, order = subset["glyf"], subset.getGlyphOrder()
    assert subset["maxp"].numGlyphs > 4  # Ñ and é are composites: their components came along
    for new, ch in enumerate("Ñéx", start=1):
        original = source["glyf"][source.getBestCmap()[ord(ch)]]
        assert glyf[order[new]].getCoordinates(glyf)[0] == original.getCoordinates(source["glyf"])[0]
    assert glyf[order[1]].isComposite()


def test_same_layout_same_bytes_and_compression_is_a_choice(notice, monkeypatch):
    fast = pdf_bytes_from_layout(notice)
    assert pdf_bytes_from_layout(notice) == fast
    monkeypatch.setenv(pdf_writer.COMPRESSION_ENV, "small")
    small = pdf_bytes_from_layout(notice)
    assert len(small) <= len(fast) <= len(small) * 1.1
    assert rasters(small, 36) == rasters(fast, 36)


def test_a_seal_that_is_no_image_is_a_located_user_error(tmp_path, capsys):
    from officialdocs import cli

    (tmp_path / "seal.png").write_bytes(b"not a picture")
    source = tmp_path / "sealed.md"
    source.write_text(VARIANT.split("---\n", 2)[1].join(["---\n", "---\n正文。\n"]), encoding="utf-8")
    code = cli.main(["render", str(source), "-o", str(tmp_path / "out"), "--format", "pdf"])
    err = capsys.readouterr().err
    assert code == 1 and "不是可用的图片文件" in err and "sealed.md:" in err and "seal.png" in err  # at the seal: line
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())
