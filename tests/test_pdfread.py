"""The PDF reader behind `check` (PDFium alone) and the bounds on untrusted PDFs.

pdfplumber (pdfminer) is used here only as an independent second reader of the same files.
"""

from __future__ import annotations

import sys
import zlib
from pathlib import Path

import pytest

from officialdocs.check.pdfread import MM, read_pdf
from officialdocs.cli import main
from officialdocs.errors import OfficialDocsError
from officialdocs.pdfguard import _lzw, scan_pdf


def tiny_pdf(content: bytes, filters: str = "", extra_objects: tuple[bytes, ...] = ()) -> bytes:
    """A one-page A4 PDF whose page content is `content` (already encoded for `filters`)."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
               b"<< /Length %d %s >>\nstream\n%s\nendstream" % (len(content), filters.encode(), content),
               *extra_objects]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


# ------------------------------------------------------------------------------ agreement with pdfminer

def test_glyphs_and_rules_agree_with_pdfplumber(sample_pdf):
    pdfplumber = pytest.importorskip("pdfplumber")
    facts = read_pdf(sample_pdf)
    with pdfplumber.open(str(sample_pdf)) as pdf:
        page = pdf.pages[0]
        chars = [c for c in page.chars if c["text"].strip()]
        ours = [g for line in facts.pages[0].lines for g in line.glyphs]
        assert len(ours) == len(chars) > 50
        by_text: dict[tuple[str, int], list] = {}
        for c in chars:
            by_text.setdefault((c["text"], round(c["top"] * MM)), []).append(c)
        for g in ours:
            c = min(by_text[(g.text, round(g.top))], key=lambda c: abs(c["x0"] * MM - g.x0))
            # pdfminer's x drifts where character spacing meets a new text operator; baselines and sizes agree
            assert abs(c["x0"] * MM - g.x0) < 0.6 and abs(c["bottom"] * MM - g.bottom) < 0.01
            assert g.size == pytest.approx(c["size"]) and tuple(c["non_stroking_color"]) == g.color
        red = [r for r in facts.pages[0].rules if len(r.color) == 4 and r.color[1] > 0.5]
        assert len(red) == 1
        theirs = next(ln for ln in page.lines if ln["stroking_color"] == red[0].color)
        assert red[0].thickness == pytest.approx(theirs["linewidth"] * MM, abs=0.005)
        assert red[0].y == pytest.approx(theirs["top"] * MM, abs=0.01)
    assert {f.name for f in facts.fonts} >= {"OfficialdocsFang-Regular", "OfficialdocsXBS-Regular"}
    assert all(f.embedded and f.subtype == "TrueType" for f in facts.fonts)


# ------------------------------------------------------------------------------ what the PDF states

def test_colours_as_the_pdf_states_them(tmp_path):
    from reportlab.pdfgen import canvas

    path = tmp_path / "colours.pdf"
    c = canvas.Canvas(str(path))
    c.setFont("Helvetica", 20)
    c.setFillColorCMYK(0, 0.8, 0.8, 0)
    c.drawString(72, 700, "CMYK red")
    c.setFillColorRGB(0.2, 0.4, 0.6)
    c.drawString(72, 660, "RGB blue")
    c.setFillGray(0.5)
    c.drawString(72, 620, "gray")
    c.setStrokeColorCMYK(0, 0, 0, 1)
    c.setLineWidth(2)
    c.line(72, 500, 400, 500)
    c.save()
    page = read_pdf(path).pages[0]
    colours = {ln.text: ln.glyphs[0].color for ln in page.lines}
    assert colours == {"CMYKred": (0.0, 0.8, 0.8, 0.0), "RGBblue": (0.2, 0.4, 0.6), "gray": (0.5,)}
    [rule] = page.rules
    assert rule.color == (0.0, 0.0, 0.0, 1.0) and rule.thickness == pytest.approx(2 * MM, abs=1e-4)
    assert (rule.x0, rule.x1) == (pytest.approx(72 * MM, abs=1e-3), pytest.approx(400 * MM, abs=1e-3))


def test_rules_inside_scaled_forms_and_rectangles(tmp_path):
    """A rule drawn in a form XObject under a 2x transform, and a thin filled rectangle."""
    from reportlab.pdfgen import canvas

    path = tmp_path / "forms.pdf"
    c = canvas.Canvas(str(path))
    c.beginForm("rule")
    c.setLineWidth(0.5)
    c.setStrokeColorRGB(1, 0, 0)
    c.line(0, 0, 100, 0)
    c.endForm()
    c.saveState()
    c.translate(100, 400)
    c.scale(2, 2)
    c.doForm("rule")
    c.restoreState()
    c.setFillColorCMYK(0, 0, 0, 1)
    c.rect(100, 300, 200, 1, stroke=0, fill=1)
    c.save()
    wide, thin = sorted(read_pdf(path).pages[0].rules, key=lambda r: r.y)
    assert wide.length == pytest.approx(200 * MM, abs=1e-3) and wide.thickness == pytest.approx(1 * MM, abs=1e-4)
    assert wide.color == (1.0, 0.0, 0.0) and wide.y == pytest.approx((841.89 - 400) * MM, abs=1e-3)  # reportlab A4
    assert thin.thickness == pytest.approx(1 * MM, abs=1e-4) and thin.color == (0.0, 0.0, 0.0, 1.0)


def test_a_character_drawn_with_the_notdef_outline_is_missing(tmp_path):
    """The font's cmap sends B to glyph 0: the text says B, the page shows the .notdef box."""
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    def outline(*points):
        pen = TTGlyphPen(None)
        pen.moveTo(points[0])
        for p in points[1:]:
            pen.lineTo(p)
        pen.closePath()
        return pen.glyph()

    fb = FontBuilder(1000, isTTF=True)
    fb.setupGlyphOrder([".notdef", "A"])
    fb.setupCharacterMap({ord("A"): "A", ord("B"): ".notdef"})
    fb.setupGlyf({".notdef": outline((50, 0), (50, 700), (450, 700), (450, 0)),
                  "A": outline((100, 0), (500, 700), (900, 0))})
    fb.setupHorizontalMetrics({".notdef": (500, 50), "A": (1000, 100)})
    fb.setupHorizontalHeader(ascent=880, descent=-120)
    fb.setupNameTable({"familyName": "NotdefTest", "styleName": "Regular"})
    fb.setupOS2(sTypoAscender=880, sTypoDescender=-120, usWinAscent=880, usWinDescent=120)
    fb.setupPost()
    fb.save(str(tmp_path / "t.ttf"))
    pdfmetrics.registerFont(TTFont("NotdefTest", str(tmp_path / "t.ttf")))
    path = tmp_path / "notdef.pdf"
    c = canvas.Canvas(str(path))
    c.setFont("NotdefTest", 20)
    c.drawString(72, 700, "AAB")
    c.save()
    facts = read_pdf(path)
    assert [(m.char, m.pages) for m in facts.missing] == [("B", [1])]
    assert facts.pages[0].lines[0].text == "AAB"


# ------------------------------------------------------------------------------ untrusted input

def flate_bomb(expanded_mib: int) -> bytes:
    """A deflate stream of `expanded_mib` MiB of zeros, built from one fully flushed 1 MiB block repeated
    (compressing the whole would take seconds); the checksum at the end is left out."""
    block = zlib.compressobj(9, zlib.DEFLATED, -15)
    segment = block.compress(bytes(1 << 20)) + block.flush(zlib.Z_FULL_FLUSH)
    return b"\x78\xda" + segment * expanded_mib + b"\x03\x00"


def test_a_flate_bomb_is_refused_before_pdfium_inflates_it(tmp_path, capsys):
    bomb = flate_bomb(1024)
    assert len(bomb) < 1_200_000  # about 1 MB that inflates to 1 GiB
    path = tmp_path / "bomb.pdf"
    path.write_bytes(tiny_pdf(bomb, "/Filter /FlateDecode"))
    assert main(["check", str(path)]) == 1
    err = capsys.readouterr().err
    assert "压缩炸弹" in err and "bomb.pdf" in err and "Traceback" not in err


def test_ordinary_streams_pass_the_guard_and_are_scanned(sample_pdf):
    scan = scan_pdf(Path(sample_pdf).read_bytes(), "notice.pdf")
    assert scan.streams > 10 and 0 < scan.decoded < 50 << 20
    assert (0.0, 0.8, 0.8, 0.0) in scan.colours  # the red of the masthead, as the content states it


def test_lzw_streams_are_decoded():
    """LZW as PDF uses it is TIFF's (early change): Pillow's TIFF encoder makes the stream."""
    import io

    from PIL import Image

    text = b"BT /F1 12 Tf 0 .8 .8 0 k (abcabcabcabc) Tj ET " * 400 + bytes(range(256)) * 50  # past 4096 codes
    tiff = io.BytesIO()
    Image.frombytes("L", (len(text), 1), text).save(tiff, "TIFF", compression="tiff_lzw")
    tags = Image.open(io.BytesIO(tiff.getvalue())).tag_v2
    encoded = tiff.getvalue()[tags[273][0]:tags[273][0] + tags[279][0]]  # the one strip
    decoded, size = _lzw(encoded, True, "x.pdf", 0)
    assert decoded == text and size == len(text)
    with pytest.raises(OfficialDocsError, match="压缩炸弹"):
        _lzw(encoded, False, "x.pdf", (1 << 30) - 1000)  # over the per-file total


def test_a_password_protected_pdf_is_a_clean_error(tmp_path, capsys):
    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.pdfgen import canvas

    path = tmp_path / "locked.pdf"
    c = canvas.Canvas(str(path), encrypt=StandardEncryption("secret", canPrint=1))
    c.drawString(72, 700, "locked")
    c.save()
    assert main(["check", str(path)]) == 1
    assert "已加密" in capsys.readouterr().err


def test_the_time_per_page_is_bounded(sample_pdf, monkeypatch):
    from officialdocs.check import pdfread

    monkeypatch.setattr(pdfread, "PAGE_SECONDS", -1.0)
    with pytest.raises(OfficialDocsError, match="第1页读取超过"):
        read_pdf(sample_pdf)


def test_without_the_check_extra_the_message_says_what_to_install(sample_pdf, monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "pypdfium2", None)  # import fails as if not installed
    assert main(["check", str(sample_pdf)]) == 1
    err = capsys.readouterr().err
    assert "请安装 officialdocs[check]" in err and "Traceback" not in err


def test_glyphs_pdfium_cannot_read_keep_their_place(sample_pdf, tmp_path):
    """Fonts left unembedded: PDFium cannot draw a subset's own encoding and drops one-character text objects
    from its text page; the reader puts a U+FFFC placeholder there, so every line starts and ends where it does."""
    broken = tmp_path / "unembedded.pdf"
    broken.write_bytes(Path(sample_pdf).read_bytes().replace(b"/FontFile2", b"/FontFileX"))
    good, bad = read_pdf(sample_pdf), read_pdf(broken)
    assert good.unread == 0 and bad.unread > 0
    for a, b in zip(good.pages, bad.pages, strict=True):
        assert len(a.lines) == len(b.lines)
        for la, lb in zip(a.lines, b.lines, strict=True):
            assert (round(la.x0, 1), round(la.baseline, 1)) == (round(lb.x0, 1), round(lb.baseline, 1))
            assert len(la.text) == len(lb.text)
            assert all(x == y or y == "\ufffc" for x, y in zip(la.text, lb.text, strict=True))
