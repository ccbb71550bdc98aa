"""Per-character fallback (issue 10.10): a character the role's faces lack is drawn from the closest face
that has it (same style family, then serif, then any CJK face), reported with the face, never as a box."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys

import pytest

from officialdocs import cli, fonts, load_profile, parse_markup
from officialdocs.fonts import faces_with_char
from officialdocs.layout import layout_document

from .fakefonts import fake_font, use_font_dir, with_extra_chars

RARE = "堃喆珺昇嵘䶮"  # common in personal names, outside GB 2312
DOC = """---
issuer: ××区人民政府办公室
doc_number: 区府办〔2024〕5号
title: 关于表彰王堃等同志的通报
signature: ××区人民政府办公室
date: 2024-03-15
---

# 表彰王堃、张喆、李珺同志

对陈昇、刘嵘、赵䶮同志予以通报表扬。王堃同志负责的项目按期完成。

## 李珺同志。

认真负责。
"""


def _pdf_glyphs(path) -> list[tuple[str, str, bool]]:
    """(text, font, real glyph) for every character drawn: the character the text layer maps it to, and
    whether the embedded font program has an outline for its code (not .notdef, not empty)."""
    from fontTools.ttLib import TTFont
    from pdfminer.converter import PDFLayoutAnalyzer
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdftypes import resolve1

    programs: dict[str, dict[int, bool]] = {}

    def outlines(font) -> dict[int, bool]:
        name = font.fontname
        if name not in programs:
            stream = resolve1(resolve1(font.descriptor).get("FontFile2"))
            tt = TTFont(io.BytesIO(stream.get_data()))
            glyf, order = tt["glyf"], tt.getGlyphOrder()
            if "cmap" in tt:  # a simple TrueType font: codes go through the program's own cmap
                codes = {code: g for table in tt["cmap"].tables for code, g in table.cmap.items()}
            else:  # a CIDFontType2 subset: CIDs are glyph ids, through the font's CIDToGIDMap
                cid_map = cid_maps.get(name)
                gids = ([int.from_bytes(cid_map[i:i + 2], "big") for i in range(0, len(cid_map), 2)]
                        if cid_map is not None else range(len(order)))
                codes = {cid: order[gid] for cid, gid in enumerate(gids) if gid < len(order)}
            programs[name] = {code: g != ".notdef" and glyf[g].numberOfContours != 0 for code, g in codes.items()}
        return programs[name]

    cid_maps: dict[str, bytes | None] = {}  # BaseFont -> CIDToGIDMap stream data (None: /Identity)
    import pdfplumber

    with pdfplumber.open(str(path)) as pdf:
        for page in pdf.pages:
            for ref in (resolve1(resolve1(page.page_obj.resources).get("Font")) or {}).values():
                spec = resolve1(ref)
                if spec.get("DescendantFonts"):
                    descendant = resolve1(resolve1(spec["DescendantFonts"])[0])
                    cid_map = resolve1(descendant.get("CIDToGIDMap"))
                    cid_maps[spec["BaseFont"].name] = cid_map.get_data() if hasattr(cid_map, "get_data") else None

    found: list[tuple[str, str, bool]] = []

    class Grab(PDFLayoutAnalyzer):
        def render_char(self, matrix, font, fontsize, scaling, rise, cid, ncs, graphicstate):
            found.append((font.to_unichr(cid), font.fontname, outlines(font).get(cid, False)))
            return super().render_char(matrix, font, fontsize, scaling, rise, cid, ncs, graphicstate)

    manager = PDFResourceManager()
    device = Grab(manager)
    with open(path, "rb") as handle:
        for page in PDFPage.get_pages(handle):
            PDFPageInterpreter(manager, device).process_page(page)
    return found


@pytest.fixture
def debian_cjk():
    if not faces_with_char("䶮"):
        if os.environ.get("CI"):
            pytest.fail("tools/test.sh installs fonts-arphic-uming and fonts-droid-fallback")
        pytest.skip("no installed CJK font has 䶮 (apt-get install fonts-arphic-uming fonts-droid-fallback)")


def test_rare_name_characters_render_with_real_glyphs(debian_cjk, tmp_path):
    source = tmp_path / "rare.md"
    source.write_text(DOC, encoding="utf-8")
    out = tmp_path / "out"
    result = subprocess.run([sys.executable, "-m", "officialdocs.cli", "render", str(source), "-o", str(out),
                             "--format", "pdf", "--strict"], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr  # --strict passes: some face has every character
    for ch in RARE.replace("嵘", ""):  # 嵘 is in GB 2312: the role's own face has it
        assert f"“{ch}”" in result.stderr, result.stderr
    # Body text (仿宋) takes the serif 明体 before the sans face; the 黑体 heading takes the sans face.
    assert re.search(r"“䶮”.*已改用 AR PL UMing CN 显示；出现在：正文第2段", result.stderr), result.stderr
    assert re.search(r"“喆”.*已改用 Droid Sans Fallback 显示；出现在：正文第1段", result.stderr), result.stderr
    pdf = next(out.glob("*.pdf"))
    glyphs = _pdf_glyphs(pdf)
    drawn = {text for text, _font, real in glyphs if real}
    assert set(RARE) <= drawn, [g for g in glyphs if g[0] in RARE]
    assert not [g for g in glyphs if g[0] in ("\x00", "") or not g[2] and g[0].strip()]
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        assert all(ch in text for ch in RARE) and "\x00" not in text


@pytest.fixture
def fake_system(tmp_path, monkeypatch):
    """Installed faces, all with 堃: a 仿宋, a 黑体 and a 明体 (serif); with 䶮: only the 黑体."""
    folder = tmp_path / "fonts"
    for name, source in (("Fake FangSong", "fang"), ("Fake Hei", "hei"), ("Fake Ming", "song")):
        path = fake_font(folder / f"{name.replace(' ', '')}.ttf", fonts.bundled_path(source), name, "一中文")
        with_extra_chars(path, "堃䶮" if "Hei" in name else "堃")
    monkeypatch.setenv("OFFICIALDOCS_CACHE_DIR", str(tmp_path / "cache"))
    use_font_dir(monkeypatch, folder, tmp_path)
    yield folder
    fonts.clear_caches()


def test_the_closest_face_draws_a_missing_character(fake_system):
    book = fonts.font_book(load_profile())
    assert book.chain("body").face_for("堃").family == "Fake FangSong"  # same style family
    assert book.chain("heading1").face_for("堃").family == "Fake Hei"
    assert book.chain("title").face_for("堃").family == "Fake Ming"  # 小标宋 takes a 宋/明 before a 仿宋
    assert book.chain("heading2").face_for("堃").family in ("Fake FangSong", "Fake Ming")  # 楷: serif first
    assert book.chain("body").face_for("䶮").family == "Fake Hei"  # only a sans face has it: still drawn
    assert book.chain("body").face_for("中").key == "OfficialdocsFang-Regular"  # the role's own face first
    laid = layout_document(parse_markup(DOC, source="t.md"), load_profile(), book)
    faces = {m.char: m.face for m in laid.missing}
    assert faces["堃"] == "Fake FangSong" and faces["䶮"] == "Fake Hei"
    assert not [m for m in laid.missing if not m.face and m.char in "堃䶮"]


def test_strict_fails_only_when_no_face_has_the_character(fake_system, tmp_path, capsys):
    source = tmp_path / "doc.md"
    source.write_text("---\ntitle: 关于王堃同志的通知\n---\n王堃同志的“𠀀”字。\n", encoding="utf-8")
    assert cli.main(["render", str(source), "-o", str(tmp_path / "a"), "--format", "pdf", "--strict"]) == 1
    err = capsys.readouterr().err
    assert "𠀀" in err and "所有字体中都没有" in err
    source.write_text("---\ntitle: 关于王堃同志的通知\n---\n王堃同志。\n", encoding="utf-8")
    assert cli.main(["render", str(source), "-o", str(tmp_path / "b"), "--format", "pdf", "--strict"]) == 0
    assert "已改用 Fake FangSong 显示" in capsys.readouterr().err
