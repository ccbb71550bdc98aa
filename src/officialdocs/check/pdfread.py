"""Reading a PDF into glyphs, text lines and rules, in millimetres from each page's top-left corner.

PDFium (pypdfium2, the `check` extra) reads everything: each glyph's origin, advance, size, font and fill
colour from its text page; drawn lines and thin rectangles from the page objects (inside form XObjects too),
with their transforms, stroke widths and colours; which fonts are embedded and their programs. PDFium
reports colours converted to RGB, so the colours the content streams state (CMYK, RGB, gray) are collected
by pdfguard's raw pass and matched back through PDFium's own conversion (see `_Colours`).

Untrusted input is bounded: pdfguard refuses compression bombs before PDFium inflates anything, and each
page has a time budget (checked between PDFium calls).
"""

from __future__ import annotations

import ctypes
import re
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import Location, OfficialDocsError, Problem
from ..pdfguard import read_limited, scan_pdf
from .pdffonts import Outline, font_data, font_name, glyph_outline, notdef_outline, program_kind

MM = 25.4 / 72  # mm per pt
PAGE_SECONDS = 20.0  # time budget for reading one page
MAX_PAGES = 5000

# A page number as printed by Word, WPS, LibreOffice or us: "— 1 —", "- 1 -", "1", "第1页".
PAGE_NUMBER = re.compile(r"^(?:[-—–－‒―~]*\s*(\d{1,4})\s*[-—–－‒―~]*|第(\d{1,4})页)$")


@dataclass
class Glyph:
    text: str
    x0: float
    x1: float
    top: float  # em-box top
    bottom: float
    baseline: float
    size: float  # pt
    font: str  # PostScript name without the subset tag
    color: tuple[float, ...]


@dataclass
class TextLine:
    """Glyphs of one size on one baseline, split where a gap wider than 2.5 em separates them."""

    glyphs: list[Glyph]
    page: int  # 0-based

    @property
    def text(self) -> str:
        return "".join(g.text for g in self.glyphs)

    @property
    def x0(self) -> float:
        return self.glyphs[0].x0

    @property
    def x1(self) -> float:
        return max(g.x1 for g in self.glyphs)

    @property
    def top(self) -> float:
        return min(g.top for g in self.glyphs)

    @property
    def bottom(self) -> float:
        return max(g.bottom for g in self.glyphs)

    @property
    def centre_y(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def baseline(self) -> float:
        return self.glyphs[0].baseline

    @property
    def size(self) -> float:
        return Counter(round(g.size * 2) / 2 for g in self.glyphs).most_common(1)[0][0]

    @property
    def fonts(self) -> list[str]:
        return [f for f, _ in Counter(g.font for g in self.glyphs).most_common()]

    @property
    def page_number(self) -> int | None:
        m = PAGE_NUMBER.match(self.text)
        if not m:
            return None
        return int(m.group(1) or m.group(2))


@dataclass
class HRule:
    """A horizontal line or a thin filled rectangle."""

    x0: float
    x1: float
    y: float  # centre
    thickness: float
    color: tuple[float, ...]
    page: int

    @property
    def length(self) -> float:
        return self.x1 - self.x0


@dataclass
class FontInfo:
    name: str
    subtype: str
    embedded: bool


@dataclass
class MissingGlyph:
    char: str
    font: str
    pages: list[int]  # 1-based


@dataclass
class PdfPage:
    index: int
    width: float
    height: float
    lines: list[TextLine]
    rules: list[HRule]
    # A landscape page's text turned a quarter clockwise (reading top to bottom: upright once the sheet is turned
    # back to portrait, as clause 8 wants the page number), in that portrait frame: x from the landscape top,
    # y from the landscape right edge.
    turned: list[TextLine] = field(default_factory=list)


@dataclass
class PdfFacts:
    pages: list[PdfPage]
    fonts: list[FontInfo] = field(default_factory=list)
    missing: list[MissingGlyph] = field(default_factory=list)
    exact_x: bool = True  # kept for the interface: PDFium places every glyph exactly
    unread: int = 0  # glyphs whose text PDFium cannot read (fonts it cannot draw): U+FFFC in the lines


def pdfium_modules() -> tuple[Any, Any]:
    """pypdfium2 and its raw bindings, or the hint to install the `check` extra."""
    from ..extras import require

    pdfium = require("pypdfium2", "check", "读取 PDF ")
    import pypdfium2.raw as raw

    return pdfium, raw


def open_pdf(path: Path, extra: str = "check") -> tuple[Any, Any]:
    """An untrusted PDF checked by pdfguard and opened by PDFium: (document, raw bindings, colour scan).
    Raises a located Chinese error for a bomb, a damaged or encrypted file."""
    from ..extras import require

    pdfium = require("pypdfium2", extra, "读取 PDF ")
    path = Path(path)
    data = read_limited(path)
    scan = scan_pdf(data, str(path))
    try:
        doc = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise OfficialDocsError(Problem("PDF 已加密（需要密码），无法读取", Location(str(path)),
                                            "请提供未加密的文件")) from None
        raise OfficialDocsError(Problem("无法读取 PDF：文件已损坏或不是 PDF", Location(str(path)),
                                        "确认文件是完整的 PDF")) from None
    if len(doc) > MAX_PAGES:
        doc.close()
        raise OfficialDocsError(Problem(f"PDF 页数过多（{len(doc)} 页，上限 {MAX_PAGES} 页）", Location(str(path))))
    return doc, scan


def read_pdf(path: Path) -> PdfFacts:
    path = Path(path)
    doc, scan = open_pdf(path)
    pdfium, raw = pdfium_modules()
    try:
        descents = {font_name(name): value for name, value in scan.descents.items()}
        reader = _Reader(raw, _Colours(pdfium, raw, scan.colours), descents, str(path))
        pages = [reader.page(doc, index) for index in range(len(doc))]
        missing = reader.missing(scan.notdef_chars)
        fonts = [f.info for f in reader.fonts.values()]
    finally:
        doc.close()
    if not pages:
        raise OfficialDocsError(Problem("PDF 没有页面", Location(str(path))))
    return PdfFacts(pages, fonts, missing, True, reader.unread)


@dataclass
class _Font:
    info: FontInfo
    handle: Any
    descent: float  # per pt of size, negative below the baseline
    program: bytes | None


class _Reader:
    def __init__(self, raw: Any, colours: _Colours, descents: dict[str, float], source: str):
        self.raw, self.colours, self.descents, self.source = raw, colours, descents, source
        self.fonts: dict[int, _Font] = {}
        self.drawn: dict[tuple[int, str], set[int]] = {}  # (font, char) -> 1-based pages
        self.unread = 0  # glyphs PDFium placed but could not read (placeholders U+FFFC)
        self.started = 0.0

    def page(self, doc: Any, index: int) -> PdfPage:
        self.started = time.monotonic()
        page = doc[index]
        try:
            left, bottom, right, top = page.get_cropbox()
            turned: list[Glyph] | None = [] if right - left > top - bottom else None
            glyphs = self._glyphs(page, left, top, index, turned, right)
            rules = self._rules(page, left, top, index)
        finally:
            page.close()
        return PdfPage(index, (right - left) * MM, (top - bottom) * MM, group_lines(glyphs, index), rules,
                       group_lines(turned or [], index))

    def _budget(self, index: int) -> None:
        if time.monotonic() - self.started > PAGE_SECONDS:
            raise OfficialDocsError(Problem(f"第{index + 1}页读取超过 {PAGE_SECONDS:g} 秒，已停止", Location(self.source),
                                            "文件可能异常复杂或经过恶意构造"))

    def _glyphs(self, page: Any, left: float, top: float, index: int,
                turned: list[Glyph] | None = None, right: float = 0.0) -> list[Glyph]:
        raw = self.raw
        text = page.get_textpage()
        tp = text.raw
        x, y = ctypes.c_double(), ctypes.c_double()
        box, matrix = raw.FS_RECTF(), raw.FS_MATRIX()
        r, g, b, a = (ctypes.c_uint() for _ in range(4))
        out: list[Glyph] = []
        read: set[int] = set()  # the text objects the text page has characters of
        try:
            for i in range(raw.FPDFText_CountChars(tp)):
                if i % 512 == 0:
                    self._budget(index)
                if raw.FPDFText_IsGenerated(tp, i):
                    continue
                code = raw.FPDFText_GetUnicode(tp, i)
                if 0xDC00 <= code <= 0xDFFF and out and 0xD800 <= ord(out[-1].text[-1]) <= 0xDBFF:
                    high = ord(out[-1].text[-1])  # PDFium gives a supplementary character as two halves
                    out[-1].text = chr(0x10000 + ((high - 0xD800) << 10) + code - 0xDC00)
                    continue
                ch = chr(code)
                if not ch.strip():
                    continue
                raw.FPDFText_GetMatrix(tp, i, matrix)
                if turned is not None and matrix.c > 0 and matrix.b < 0 and abs(matrix.a) <= 1e-6 * matrix.c:
                    turned.append(self._turned_glyph(tp, i, ch, matrix, right, top))
                    continue
                if not (matrix.a > 0 and matrix.d > 0 and abs(matrix.b) <= 1e-6 * matrix.a):
                    continue  # rotated text (landscape tables) is not measured
                raw.FPDFText_GetCharOrigin(tp, i, x, y)
                raw.FPDFText_GetLooseCharBox(tp, i, box)
                raw.FPDFText_GetFillColor(tp, i, r, g, b, a)
                size = raw.FPDFText_GetFontSize(tp, i) * (matrix.c ** 2 + matrix.d ** 2) ** 0.5  # Tf x text matrix
                obj = raw.FPDFText_GetTextObject(tp, i)
                read.add(ctypes.cast(obj, ctypes.c_void_p).value or 0)
                font = self._font(raw.FPDFTextObj_GetFont(obj))
                baseline = (top - y.value) * MM
                bottom = baseline - font.descent * size * MM  # the em box, as PDF viewers select text
                x0 = (x.value - left) * MM
                out.append(Glyph(ch, x0, x0 + (box.right - box.left) * MM, bottom - size * MM, bottom, baseline,
                                 size, font.info.name, self.colours.stated((r.value, g.value, b.value))))
                self.drawn.setdefault((id(font), ch), set()).add(index + 1)
        finally:
            text.close()
        out += self._unread(page, read, left, top, index)
        return out

    def _turned_glyph(self, tp: Any, i: int, ch: str, matrix: Any, right: float, top: float) -> Glyph:
        """A glyph turned a quarter clockwise on a landscape page, in the frame of the sheet turned back upright:
        its x is the distance from the landscape top, its baseline the distance from the landscape right edge."""
        raw = self.raw
        x, y, box = ctypes.c_double(), ctypes.c_double(), raw.FS_RECTF()
        r, g, b, a = (ctypes.c_uint() for _ in range(4))
        raw.FPDFText_GetCharOrigin(tp, i, x, y)
        raw.FPDFText_GetLooseCharBox(tp, i, box)
        raw.FPDFText_GetFillColor(tp, i, r, g, b, a)
        size = raw.FPDFText_GetFontSize(tp, i) * (matrix.c ** 2 + matrix.d ** 2) ** 0.5
        font = self._font(raw.FPDFTextObj_GetFont(raw.FPDFText_GetTextObject(tp, i)))
        x0 = (top - box.top) * MM
        baseline = (right - x.value) * MM
        bottom = baseline - font.descent * size * MM
        return Glyph(ch, x0, x0 + (box.top - box.bottom) * MM, bottom - size * MM, bottom, baseline, size,
                     font.info.name, self.colours.stated((r.value, g.value, b.value)))

    def _unread(self, page: Any, read: set[int], left: float, top: float, index: int) -> list[Glyph]:
        """Placeholders (U+FFFC) for text objects the text page leaves out: PDFium drops an object of zero width,
        which a one-character object in a font it cannot draw (not embedded, a subset's own encoding) has. The
        glyph is there, its text is not readable: a placeholder keeps the line's geometry (where it starts and
        ends) right. Counted in `self.unread`. In an embedded font a zero-width object is a blank: skipped."""
        raw = self.raw
        found: list[Glyph] = []

        def visit(obj: Any, parent: tuple[float, ...], depth: int) -> None:
            kind = raw.FPDFPageObj_GetType(obj)
            if kind == raw.FPDF_PAGEOBJ_FORM and depth < 8:
                m = raw.FS_MATRIX()
                raw.FPDFPageObj_GetMatrix(obj, m)
                matrix = _concat((m.a, m.b, m.c, m.d, m.e, m.f), parent)
                for j in range(raw.FPDFFormObj_CountObjects(obj)):
                    visit(raw.FPDFFormObj_GetObject(obj, j), matrix, depth + 1)
                return
            if kind != raw.FPDF_PAGEOBJ_TEXT or (ctypes.cast(obj, ctypes.c_void_p).value or 0) in read:
                return
            lo_x, lo_y, hi_x, hi_y = (ctypes.c_float() for _ in range(4))
            if not raw.FPDFPageObj_GetBounds(obj, lo_x, lo_y, hi_x, hi_y) or hi_x.value - lo_x.value > 0.01:
                return  # a text object PDFium reads (all whitespace, or not upright): nothing left out
            m = raw.FS_MATRIX()
            raw.FPDFPageObj_GetMatrix(obj, m)
            a, b, c, d, e, f = _concat((m.a, m.b, m.c, m.d, m.e, m.f), parent)
            if not (a > 0 and d > 0 and abs(b) <= 1e-6 * a):
                return
            font = self._font(raw.FPDFTextObj_GetFont(obj))
            if font.info.embedded:
                return  # a drawable font's zero-width object is a blank glyph (a space), not a lost one
            tf = ctypes.c_float()
            raw.FPDFTextObj_GetFontSize(obj, ctypes.byref(tf))
            size = tf.value * (c * c + d * d) ** 0.5
            r, g, bl, al = (ctypes.c_uint() for _ in range(4))
            raw.FPDFPageObj_GetFillColor(obj, r, g, bl, al)
            baseline, x0 = (top - f) * MM, (e - left) * MM
            bottom = baseline - font.descent * size * MM
            found.append(Glyph("\ufffc", x0, x0 + size * MM, bottom - size * MM, bottom, baseline, size,
                               font.info.name, self.colours.stated((r.value, g.value, bl.value))))

        for j in range(raw.FPDFPage_CountObjects(page.raw)):
            visit(raw.FPDFPage_GetObject(page.raw, j), (1.0, 0.0, 0.0, 1.0, 0.0, 0.0), 0)
        self.unread += len(found)
        return found

    def _font(self, handle: Any) -> _Font:
        key = ctypes.cast(handle, ctypes.c_void_p).value or 0
        font = self.fonts.get(key)
        if font is None:
            raw = self.raw
            size = raw.FPDFFont_GetBaseFontName(handle, None, 0)
            name = ctypes.create_string_buffer(max(size, 1))
            raw.FPDFFont_GetBaseFontName(handle, name, size)
            embedded = bool(raw.FPDFFont_GetIsEmbedded(handle))
            program = font_data(raw, handle) if embedded else None
            info = FontInfo(font_name(name.value) or "(未命名)", program_kind(program, embedded), embedded)
            # The descent the PDF declares places the em box (as pdfminer and viewers do); PDFium's own
            # value (from the program, where a PDF declares 0) only for fonts without a descriptor.
            descent = self.descents.get(info.name)
            if descent is None:
                measured = ctypes.c_float()
                ok = raw.FPDFFont_GetDescent(handle, ctypes.c_float(1.0), ctypes.byref(measured))
                descent = min(measured.value, 0.0) if ok else 0.0
            font = self.fonts[key] = _Font(info, handle, descent, program)
        return font

    def _rules(self, page: Any, left: float, top: float, index: int) -> list[HRule]:
        raw = self.raw
        found: list[HRule] = []

        def visit(obj: Any, parent: tuple[float, ...], depth: int) -> None:
            kind = raw.FPDFPageObj_GetType(obj)
            if kind not in (raw.FPDF_PAGEOBJ_PATH, raw.FPDF_PAGEOBJ_FORM):
                return
            m = raw.FS_MATRIX()
            raw.FPDFPageObj_GetMatrix(obj, m)
            matrix = _concat((m.a, m.b, m.c, m.d, m.e, m.f), parent)
            if kind == raw.FPDF_PAGEOBJ_FORM and depth < 8:
                for j in range(raw.FPDFFormObj_CountObjects(obj)):
                    visit(raw.FPDFFormObj_GetObject(obj, j), matrix, depth + 1)
            elif kind == raw.FPDF_PAGEOBJ_PATH:
                found.extend(self._path_rules(obj, matrix, left, top, index))

        for j in range(raw.FPDFPage_CountObjects(page.raw)):
            if j % 512 == 0:
                self._budget(index)
            visit(raw.FPDFPage_GetObject(page.raw, j), (1.0, 0.0, 0.0, 1.0, 0.0, 0.0), 0)
        # A renderer may draw one border twice (LibreOffice does): keep one of each.
        unique: dict[tuple[int, int, int], HRule] = {}
        for rule in found:
            unique.setdefault((round(rule.x0), round(rule.x1), round(rule.y * 10)), rule)
        return sorted(unique.values(), key=lambda r: r.y)

    def _path_rules(self, obj: Any, m: tuple[float, ...], left: float, top: float, index: int) -> list[HRule]:
        """Horizontal lines and thin rectangles of one path object (each subpath on its own)."""
        raw = self.raw
        fill, stroke = ctypes.c_int(), ctypes.c_int()
        raw.FPDFPath_GetDrawMode(obj, ctypes.byref(fill), ctypes.byref(stroke))
        filled, stroked = fill.value != raw.FPDF_FILLMODE_NONE, bool(stroke.value)
        if not (filled or stroked):
            return []
        width = ctypes.c_float()
        raw.FPDFPageObj_GetStrokeWidth(obj, ctypes.byref(width))
        line_width = width.value * (m[2] ** 2 + m[3] ** 2) ** 0.5 * MM  # across a horizontal line
        r, g, b, a = (ctypes.c_uint() for _ in range(4))
        raw.FPDFPageObj_GetStrokeColor(obj, r, g, b, a)
        stroke_colour = self.colours.stated((r.value, g.value, b.value))
        raw.FPDFPageObj_GetFillColor(obj, r, g, b, a)
        fill_colour = self.colours.stated((r.value, g.value, b.value))
        out: list[HRule] = []
        for points in _subpaths(raw, obj):
            pts = [((m[0] * px + m[2] * py + m[4] - left) * MM, (top - (m[1] * px + m[3] * py + m[5])) * MM)
                   for px, py in points]
            corners = _corners(pts)
            xs, ys = {round(p[0], 3) for p in corners}, {round(p[1], 3) for p in corners}  # distinct edges
            x0, x1 = min(p[0] for p in pts), max(p[0] for p in pts)
            y0, y1 = min(p[1] for p in pts), max(p[1] for p in pts)
            if x1 - x0 < 20:
                continue
            if y1 - y0 >= 2:  # a box: a stroked rectangle (a table cell) draws its top and bottom edges as rules
                corners = _corners(pts)
                if stroked and len({round(p[0], 3) for p in corners}) == 2 and len({round(p[1], 3) for p in corners}) == 2:
                    out += [HRule(x0, x1, y, line_width, stroke_colour, index) for y in (y0, y1)]
                continue
            if len(pts) == 2 or y1 - y0 < 0.01:  # a stroked line: its width is the line width
                if not stroked:
                    continue
                thickness, colour = line_width, stroke_colour
            elif len(xs) != 2 or len(ys) != 2:
                continue  # not an axis-aligned rectangle
            elif filled and not stroked:
                thickness, colour = y1 - y0, fill_colour
            else:
                thickness, colour = y1 - y0 + line_width, stroke_colour
            out.append(HRule(x0, x1, (y0 + y1) / 2, thickness, colour, index))
        return out

    def missing(self, notdef_chars: set[str] | frozenset[str] = frozenset()) -> list[MissingGlyph]:
        """Glyphs drawn as .notdef: text U+0000 / U+FFFD (reportlab and others map a missing character to
        code 0), characters a composite font maps to glyph 0 (`notdef_chars`, from the raw scan: the text
        layer keeps the real character), and characters whose glyph in the embedded program is the program's
        .notdef outline."""
        fonts = {id(f): f for f in self.fonts.values()}
        # PDFium gives a character outside the BMP as its two UTF-16 halves: match the first, report the whole.
        lost = {_utf16(c)[0]: c for c in notdef_chars}
        notdefs: dict[int, Outline | None] = {}
        found: list[MissingGlyph] = []
        for (key, ch), pages in sorted(self.drawn.items(), key=lambda kv: (fonts[kv[0][0]].info.name, kv[0][1])):
            font = fonts[key]
            if ch in ("\x00", "\ufffd") or ch in lost:
                found.append(MissingGlyph(lost.get(ch, ch), font.info.name, sorted(pages)))
                continue
            if font.program is None:
                continue
            if key not in notdefs:
                notdefs[key] = notdef_outline(font.program)
            notdef = notdefs[key]
            if notdef is not None and glyph_outline(self.raw, font.handle, ch, 3 * len(notdef) + 8) == notdef:
                found.append(MissingGlyph(ch, font.info.name, sorted(pages)))
        return found


def _utf16(ch: str) -> str:
    """A character as PDFium's text gives it: outside the BMP, its two surrogate halves."""
    return ch.encode("utf-16-be").decode("utf-16-be", "surrogatepass") if ord(ch) <= 0xFFFF else \
        chr(0xD800 + ((ord(ch) - 0x10000) >> 10)) + chr(0xDC00 + ((ord(ch) - 0x10000) & 0x3FF))


class _Colours:
    """PDFium's RGB (0-255) for a glyph or path, back to the colour the PDF states, as 1 (gray), 3 (RGB) or
    4 (CMYK) components 0-1: the colours pdfguard found in the content streams are drawn once through
    PDFium, and each RGB it gives maps back to the stated colour (the most used one where two coincide).
    An RGB no stated colour produces (a named or ICC colour space) is returned as RGB."""

    def __init__(self, pdfium: Any, raw: Any, stated: Counter[tuple[float, ...]]):
        self.back: dict[tuple[int, int, int], tuple[float, ...]] = {}
        ordered = [c for c, _ in stated.most_common()]
        if ordered:
            for colour, rgb in zip(ordered, _through_pdfium(pdfium, raw, ordered), strict=False):
                self.back.setdefault(rgb, colour)

    def stated(self, rgb: tuple[int, int, int]) -> tuple[float, ...]:
        found = self.back.get(rgb)
        return found if found is not None else tuple(v / 255 for v in rgb)


def _through_pdfium(pdfium: Any, raw: Any, colours: list[tuple[float, ...]]) -> list[tuple[int, int, int]]:
    """Each colour as PDFium converts it: one filled square per colour on a page built for the purpose."""
    ops = {1: "g", 3: "rg", 4: "k"}
    content = "\n".join(f"{' '.join(f'{v:.6f}' for v in c)} {ops[len(c)]} {i % 64} {i // 64} 1 1 re f"
                        for i, c in enumerate(colours)).encode("ascii")
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 64 64] /Contents 4 0 R >>",
               b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content)]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    doc = pdfium.PdfDocument(bytes(out))
    try:
        page = doc[0]
        r, g, b, a = (ctypes.c_uint() for _ in range(4))
        found = []
        for j in range(raw.FPDFPage_CountObjects(page.raw)):
            raw.FPDFPageObj_GetFillColor(raw.FPDFPage_GetObject(page.raw, j), r, g, b, a)
            found.append((r.value, g.value, b.value))
        page.close()
    finally:
        doc.close()
    return found


def _concat(m: tuple[float, ...], parent: tuple[float, ...]) -> tuple[float, ...]:
    """m then parent (PDF row-vector convention: [m] x [parent])."""
    a, b, c, d, e, f = m
    pa, pb, pc, pd, pe, pf = parent
    return (a * pa + b * pc, a * pb + b * pd, c * pa + d * pc, c * pb + d * pd, e * pa + f * pc + pe, e * pb + f * pd + pf)


def _subpaths(raw: Any, obj: Any) -> list[list[tuple[float, float]]]:
    """The straight subpaths of a path object (those with a curve are left out), in its own space."""
    out: list[list[tuple[float, float]]] = []
    current: list[tuple[float, float]] = []
    curved = False
    x, y = ctypes.c_float(), ctypes.c_float()
    for i in range(raw.FPDFPath_CountSegments(obj)):
        segment = raw.FPDFPath_GetPathSegment(obj, i)
        kind = raw.FPDFPathSegment_GetType(segment)
        raw.FPDFPathSegment_GetPoint(segment, ctypes.byref(x), ctypes.byref(y))
        if kind == raw.FPDF_SEGMENT_MOVETO:
            if current and not curved:
                out.append(current)
            current, curved = [], False
        curved = curved or kind == raw.FPDF_SEGMENT_BEZIERTO
        point = (x.value, y.value)
        if not current or current[-1] != point:
            current.append(point)
    if current and not curved:
        out.append(current)
    return [p[:-1] if len(p) > 2 and p[0] == p[-1] else p for p in out]


def _corners(pts: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """A closed polygon's points without those in the middle of a straight horizontal or vertical edge
    (LibreOffice starts a rectangle half-way along its top edge: 6 points, 3 distinct x)."""
    out = [(round(x, 3), round(y, 3)) for x, y in pts]
    changed = len(out) > 4
    while changed and len(out) > 4:
        changed = False
        for i, (x, y) in enumerate(out):
            (px, py), (nx, ny) = out[i - 1], out[(i + 1) % len(out)]
            if (px == x == nx) or (py == y == ny):
                del out[i]
                changed = True
                break
    return out


def group_lines(glyphs: list[Glyph], page: int) -> list[TextLine]:
    """Glyphs grouped into lines: one size on one baseline, split at gaps wider than 2.5 em, ordered top to
    bottom and left to right (shared by the PDF and the OFD readers)."""
    rows: dict[tuple[float, float], list[Glyph]] = {}
    for g in glyphs:
        rows.setdefault((round(g.baseline / MM * 2) / 2, round(g.size * 2) / 2), []).append(g)
    lines: list[TextLine] = []
    for (_, size), row in sorted(rows.items()):
        row.sort(key=lambda g: g.x0)
        current = [row[0]]
        for g in row[1:]:
            if g.x0 - current[-1].x1 > 2.5 * size * MM:
                lines.append(TextLine(current, page))
                current = []
            current.append(g)
        lines.append(TextLine(current, page))
    lines.sort(key=lambda ln: (round(ln.baseline, 1), ln.x0))
    return lines
