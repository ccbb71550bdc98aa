"""Font facts of a PDF read through PDFium: PostScript names (subset tags off, GBK names decoded), what kind of
program is embedded, and whether a character is drawn with the program's .notdef outline (fontTools reads
glyph 0 of the embedded program; PDFium gives the outline it draws for the character)."""

from __future__ import annotations

import ctypes
import io
import re
from typing import Any


def font_data(raw: Any, handle: Any) -> bytes | None:
    length = ctypes.c_ulong()
    if not raw.FPDFFont_GetFontData(handle, None, 0, ctypes.byref(length)) or not length.value:
        return None
    buf = (ctypes.c_ubyte * length.value)()
    raw.FPDFFont_GetFontData(handle, buf, length.value, ctypes.byref(length))
    return bytes(buf)


def program_kind(program: bytes | None, embedded: bool) -> str:
    if program is None:
        return "Type3" if embedded else ""
    head = program[:4]
    if head in (b"\x00\x01\x00\x00", b"true"):
        return "TrueType"
    if head == b"OTTO":
        return "OpenType"
    if head[:1] == b"\x01":
        return "Type1C"
    return "Type1" if head[:2] == b"%!" or head[:1] == b"\x80" else "?"


def font_name(raw_name: bytes) -> str:
    """The PostScript name without the subset tag; Chinese names arrive as GBK bytes (#B7#C2#CB#CE -> 仿宋)."""
    name = ""
    for encoding in ("ascii", "gbk", "utf-8", "latin-1"):
        try:
            name = raw_name.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    return name.split("+", 1)[-1] if re.match(r"^[A-Z]{6}\+", name) else name


Outline = frozenset[tuple[int, int]]  # on-curve points in 1/100 em, rounded


def notdef_outline(program: bytes) -> Outline | None:
    """The on-curve points of glyph 0 of an embedded TrueType/OpenType/CFF program (fontTools)."""
    try:
        from fontTools.pens.basePen import BasePen

        class OnCurve(BasePen):
            def __init__(self, scale: float) -> None:
                super().__init__(None)
                self.scale = scale
                self.points: set[tuple[int, int]] = set()

            def _add(self, p: tuple[float, float]) -> None:
                self.points.add((round(p[0] * self.scale * 100), round(p[1] * self.scale * 100)))

            def _moveTo(self, p): self._add(p)  # noqa: E704
            def _lineTo(self, p): self._add(p)  # noqa: E704
            def _curveToOne(self, p1, p2, p3): self._add(p3)  # noqa: E704
            def _qCurveToOne(self, p1, p2): self._add(p2)  # noqa: E704

        if program[:1] == b"\x01":  # bare CFF (FontFile3 /Type1C)
            from fontTools.cffLib import CFFFontSet

            cff = CFFFontSet()
            cff.decompile(io.BytesIO(program), None)
            top = cff[cff.fontNames[0]]
            pen = OnCurve(top.FontMatrix[0])
            top.CharStrings[top.charset[0]].draw(pen)
        else:
            from fontTools.ttLib import TTFont

            tt = TTFont(io.BytesIO(program), lazy=True, fontNumber=0)
            pen = OnCurve(1 / tt["head"].unitsPerEm)
            tt.getGlyphSet()[tt.getGlyphOrder()[0]].draw(pen)
        return frozenset(pen.points)
    except Exception:  # an unreadable program says nothing about missing glyphs
        return None


def glyph_outline(raw: Any, handle: Any, ch: str, most: int) -> Outline | None:
    """The on-curve points of the glyph PDFium draws for `ch` in this font (None: PDFium cannot map it, or
    the outline has more than `most` segments, so it cannot be the .notdef one)."""
    if len(ch) != 1 or ord(ch) > 0xFFFF and ctypes.sizeof(ctypes.c_wchar) == 2:
        return None
    path = raw.FPDFFont_GetGlyphPath(handle, ord(ch), ctypes.c_float(1.0))
    if not path:
        return None
    points: set[tuple[int, int]] = set()
    x, y = ctypes.c_float(), ctypes.c_float()
    run = 0
    count = raw.FPDFGlyphPath_CountGlyphSegments(path)
    if count > most:
        return None
    for i in range(count):
        segment = raw.FPDFGlyphPath_GetGlyphPathSegment(path, i)
        kind = raw.FPDFPathSegment_GetType(segment)
        run = run + 1 if kind == raw.FPDF_SEGMENT_BEZIERTO else 0
        if kind == raw.FPDF_SEGMENT_BEZIERTO and run % 3:
            continue  # control points
        raw.FPDFPathSegment_GetPoint(segment, ctypes.byref(x), ctypes.byref(y))
        points.add((round(x.value * 100), round(y.value * 100)))
    return frozenset(points)
