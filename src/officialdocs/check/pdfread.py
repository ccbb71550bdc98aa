"""Reading a PDF into glyphs, text lines and rules, in millimetres from each page's top-left corner.

pdfminer (through pdfplumber) gives text, size, font, colour and baselines, and the drawn rules. Its
horizontal positions drift wherever character spacing (Tc) meets a new text-showing operator (it adds Tc
between the glyphs of one string only), so x positions come from PDFium, which places every glyph exactly;
both list the glyphs in content order, so they are paired one to one (PDFium's generated \\r\\n left out).
"""

from __future__ import annotations

import io
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import Location, OfficialDocsError, Problem

MM = 25.4 / 72  # mm per pt

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


@dataclass
class PdfFacts:
    pages: list[PdfPage]
    fonts: list[FontInfo] = field(default_factory=list)
    missing: list[MissingGlyph] = field(default_factory=list)
    exact_x: bool = True  # False where PDFium was unavailable or did not pair with pdfminer


def read_pdf(path: Path) -> PdfFacts:
    try:
        import pdfplumber
    except ImportError:
        raise OfficialDocsError(Problem("检查 PDF 需要 pdfplumber", Location(str(path)),
                                        "pip install pdfplumber（或 pip install 'officialdocs[test]'）")) from None
    try:
        pdf = pdfplumber.open(str(path))
    except Exception as exc:  # pdfminer raises many types for a damaged file
        raise OfficialDocsError(Problem(f"无法读取 PDF：{type(exc).__name__} {exc}".strip(), Location(str(path)),
                                        "确认文件是完整的 PDF")) from None
    from pdfminer.psexceptions import PSException

    try:
        with pdf:
            exact = _pdfium_positions(path)
            pages: list[PdfPage] = []
            all_exact = True
            for index, page in enumerate(pdf.pages):
                xs = exact[index] if exact is not None and index < len(exact) else None
                glyphs, paired = _glyphs(page, xs)
                all_exact = all_exact and (paired or not glyphs)
                pages.append(PdfPage(index, float(page.width) * MM, float(page.height) * MM,
                                     _lines(glyphs, index), _rules(page, index)))
            fonts, programs = _fonts(pdf)
            missing = _missing(pages, programs)
    except PSException as exc:  # a damaged or encrypted file (pdfminer parses lazily, page by page)
        raise OfficialDocsError(Problem(f"无法读取 PDF：{type(exc).__name__} {exc}".strip(), Location(str(path)),
                                        "确认文件完整且未加密")) from None
    if not pages:
        raise OfficialDocsError(Problem("PDF 没有页面", Location(str(path))))
    return PdfFacts(pages, fonts, missing, all_exact)


def _pdfium_positions(path: Path) -> list[list[tuple[str, float, float]]] | None:
    """Per page, (char, origin x in mm, unused) for every glyph PDFium did not generate itself."""
    try:
        import ctypes

        import pypdfium2 as pdfium
        import pypdfium2.raw as raw
    except ImportError:
        return None
    try:
        doc = pdfium.PdfDocument(str(path))
    except Exception:
        return None
    out: list[list[tuple[str, float, float]]] = []
    try:
        for page in doc:
            text = page.get_textpage()
            x, y = ctypes.c_double(), ctypes.c_double()
            chars: list[tuple[str, float, float]] = []
            low_surrogate = False
            for i in range(text.count_chars()):
                if raw.FPDFText_IsGenerated(text.raw, i):
                    continue
                code = raw.FPDFText_GetUnicode(text.raw, i)
                if low_surrogate and 0xDC00 <= code <= 0xDFFF:
                    hi = ord(chars[-1][0])
                    chars[-1] = (chr(0x10000 + ((hi - 0xD800) << 10) + code - 0xDC00), *chars[-1][1:])
                    low_surrogate = False
                    continue
                low_surrogate = 0xD800 <= code <= 0xDBFF
                raw.FPDFText_GetCharOrigin(text.raw, i, ctypes.byref(x), ctypes.byref(y))
                chars.append((chr(code), x.value * MM, 0.0))
            out.append(chars)
            text.close()
            page.close()
    except Exception:  # PDFium could not read a page: fall back to pdfminer's positions
        return None
    finally:
        doc.close()
    return out


def _font_name(raw_name: str) -> str:
    name = raw_name.split("+", 1)[-1] if re.match(r"^[A-Z]{6}\+", raw_name) else raw_name
    try:  # Chinese PostScript names arrive as GBK bytes read as Latin-1 (#B7#C2#CB#CE -> 仿宋)
        decoded = name.encode("latin-1").decode("gbk")
        if decoded != name and re.search(r"[\u4e00-\u9fff]", decoded):
            return decoded
    except (UnicodeEncodeError, UnicodeDecodeError):
        pass
    return name


def _glyphs(page, exact: list[tuple[str, float, float]] | None) -> tuple[list[Glyph], bool]:
    chars = page.chars
    height = float(page.height)
    origin: dict[int, float] = {}
    if exact:
        # Pair the two glyph lists by text (they agree but for a glyph or two PDFium may drop or add).
        import difflib

        matcher = difflib.SequenceMatcher(None, [c["text"] for c in chars], [e[0] for e in exact], autojunk=False)
        for a, b, size in matcher.get_matching_blocks():
            for k in range(size):
                origin[a + k] = exact[b + k][1]
    paired = len(origin) >= 0.95 * len(chars)
    out: list[Glyph] = []
    anchor: int | None = None  # the last glyph PDFium placed
    for i, c in enumerate(chars):
        x0, x1 = float(c["x0"]) * MM, float(c["x1"]) * MM
        if i in origin:  # PDFium's origin; the width (the font's advance) is right in pdfminer
            x0, x1 = origin[i], origin[i] + (x1 - x0)
            anchor = i
        elif anchor is not None and chars[anchor].get("matrix", (0,) * 6)[5] == c.get("matrix", (1,) * 6)[5]:
            # One PDFium dropped (it merges overlapping duplicates): pdfminer's own x0 is a lower bound (it only
            # ever loses Tc), exact where the writer set a new text origin; its offset from the neighbour an
            # upper bound. Take the lower bound, but not left of where the glyph before it ends.
            prev_end = out[-1].x1 if out and out[-1].baseline == (height - float(c.get("matrix", (0,) * 6)[5])) * MM else x0
            shift = min(origin[anchor] - float(chars[anchor]["x0"]) * MM, max(0.0, prev_end - x0))
            x0, x1 = x0 + shift, x1 + shift
        if not c["text"].strip():
            continue
        if not c.get("upright", True):
            continue  # rotated text (landscape tables) is not measured
        size = float(c["size"])
        matrix = c.get("matrix") or (1, 0, 0, 1, c["x0"], height - c["bottom"])
        color = c.get("non_stroking_color")
        out.append(Glyph(
            text=c["text"], x0=x0, x1=x1, top=float(c["top"]) * MM, bottom=float(c["bottom"]) * MM,
            baseline=(height - float(matrix[5])) * MM, size=size, font=_font_name(str(c.get("fontname", ""))),
            color=tuple(color) if isinstance(color, (list, tuple)) else (() if color is None else (color,)),
        ))
    return out, paired


def _lines(glyphs: list[Glyph], page: int) -> list[TextLine]:
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


def _rules(page, index: int) -> list[HRule]:
    found: list[HRule] = []
    for obj in list(page.lines) + list(page.rects):
        width = (float(obj["x1"]) - float(obj["x0"])) * MM
        height = (float(obj["bottom"]) - float(obj["top"])) * MM
        if width < 20 or height >= 2:
            continue
        if height < 0.01:  # a stroked line: its width is the line width
            thickness = float(obj.get("linewidth") or 0) * MM
            color = obj.get("stroking_color")
        elif obj.get("fill") and not obj.get("stroke"):
            thickness, color = height, obj.get("non_stroking_color")
        else:
            thickness = height + float(obj.get("linewidth") or 0) * MM
            color = obj.get("stroking_color") or obj.get("non_stroking_color")
        found.append(HRule(float(obj["x0"]) * MM, float(obj["x1"]) * MM, (float(obj["top"]) + float(obj["bottom"])) / 2 * MM,
                           thickness, tuple(color) if isinstance(color, (list, tuple)) else (), index))
    # A renderer may draw one border twice (LibreOffice does): keep one of each.
    unique: dict[tuple[int, int, int], HRule] = {}
    for rule in found:
        unique.setdefault((round(rule.x0), round(rule.x1), round(rule.y * 10)), rule)
    return sorted(unique.values(), key=lambda r: r.y)


def _fonts(pdf) -> tuple[list[FontInfo], list[tuple[str, dict, bytes | None]]]:
    """Every font resource (pages and form XObjects): name, subtype, embedded; plus the font dicts and
    their TrueType programs for the missing-glyph check."""
    from pdfminer.pdftypes import PDFStream, resolve1

    seen: dict[int, FontInfo] = {}
    programs: list[tuple[str, dict, bytes | None]] = []

    def visit_resources(resources, depth: int = 0) -> None:
        resources = resolve1(resources)
        if not isinstance(resources, dict) or depth > 5:
            return
        fonts = resolve1(resources.get("Font"))
        if isinstance(fonts, dict):
            for ref in fonts.values():
                key = getattr(ref, "objid", id(ref))
                if key in seen:
                    continue
                font = resolve1(ref)
                if not isinstance(font, dict):
                    continue
                info, program = _font_info(font)
                seen[key] = info
                programs.append((info.name, font, program))
        xobjects = resolve1(resources.get("XObject"))
        if isinstance(xobjects, dict):
            for ref in xobjects.values():
                xobj = resolve1(ref)
                if isinstance(xobj, PDFStream) and _name(xobj.get("Subtype")) == "Form":
                    visit_resources(xobj.get("Resources"), depth + 1)

    for page in pdf.pages:
        visit_resources(page.page_obj.resources)
    return list(seen.values()), programs


def _name(value) -> str:
    from pdfminer.psparser import PSLiteral

    if isinstance(value, PSLiteral):
        name = value.name
        return name.decode("latin-1") if isinstance(name, bytes) else str(name)
    if isinstance(value, bytes):
        return value.decode("latin-1")
    return str(value) if value is not None else ""


def _font_info(font: dict) -> tuple[FontInfo, bytes | None]:
    from pdfminer.pdftypes import resolve1

    subtype = _name(font.get("Subtype"))
    name = _font_name(_name(font.get("BaseFont")) or "(未命名)")
    if subtype == "Type3":
        return FontInfo(name, subtype, True), None  # glyphs are content streams in the file itself
    descriptor_owner = font
    if subtype == "Type0":
        descendants = resolve1(font.get("DescendantFonts"))
        if isinstance(descendants, list) and descendants:
            descriptor_owner = resolve1(descendants[0]) or font
    descriptor = resolve1(descriptor_owner.get("FontDescriptor")) if isinstance(descriptor_owner, dict) else None
    program = None
    embedded = False
    if isinstance(descriptor, dict):
        for key in ("FontFile", "FontFile2", "FontFile3"):
            stream = resolve1(descriptor.get(key))
            if stream is not None:
                embedded = True
                if key == "FontFile2":
                    try:
                        program = stream.get_data()
                    except Exception:
                        program = None
    return FontInfo(name, subtype, embedded), program


def _missing(pages: list[PdfPage], programs: list[tuple[str, dict, bytes | None]]) -> list[MissingGlyph]:
    """Glyphs drawn as .notdef: text U+0000 / U+FFFD (reportlab and others map a missing character to
    code 0), and codes whose ToUnicode character the embedded TrueType program maps to glyph 0."""
    notdef: dict[str, set[str]] = {}
    for name, font, program in programs:
        chars = _notdef_chars(font, program)
        if chars:
            notdef.setdefault(name, set()).update(chars)
    found: dict[tuple[str, str], set[int]] = {}
    for page in pages:
        for line in page.lines:
            for g in line.glyphs:
                if g.text in ("\x00", "\ufffd") or g.text == "(cid:0)" or g.text in notdef.get(g.font, ()):
                    found.setdefault((g.text, g.font), set()).add(page.index + 1)
    # Whitespace glyphs are dropped from lines: U+0000 is not whitespace, so it is counted above.
    return [MissingGlyph(ch, font, sorted(p)) for (ch, font), p in sorted(found.items())]


def _notdef_chars(font: dict, program: bytes | None) -> set[str]:
    if program is None:
        return set()
    from pdfminer.pdftypes import resolve1

    try:
        from fontTools.ttLib import TTFont

        tt = TTFont(io.BytesIO(program), lazy=True)
        to_unicode = _to_unicode(resolve1(font.get("ToUnicode")))
        if not to_unicode:
            return set()
        if _name(font.get("Subtype")) == "Type0":
            descendant = resolve1(resolve1(font.get("DescendantFonts"))[0])
            cid_map = resolve1(descendant.get("CIDToGIDMap"))
            table = cid_map.get_data() if hasattr(cid_map, "get_data") else None
            glyph_count = tt["maxp"].numGlyphs

            def gid(code: int) -> int:
                if table is not None:
                    return int.from_bytes(table[2 * code:2 * code + 2], "big") if 2 * code + 2 <= len(table) else 0
                return code if code < glyph_count else 0
        else:
            cmap = {}
            for sub in tt["cmap"].tables:
                if (sub.platformID, sub.platEncID) in ((1, 0), (3, 0)):
                    cmap.update({code & 0xFF: tt.getGlyphID(g) for code, g in sub.cmap.items()})
            if not cmap:
                return set()

            def gid(code: int) -> int:
                return cmap.get(code, 0)
        return {ch for code, ch in to_unicode.items() if ch.strip() and gid(code) == 0}
    except Exception:  # an unreadable program says nothing about missing glyphs
        return set()


def _to_unicode(stream) -> dict[int, str]:
    """A minimal ToUnicode reader: bfchar and bfrange entries (what PDF writers emit)."""
    if stream is None or not hasattr(stream, "get_data"):
        return {}
    text = stream.get_data().decode("latin-1")
    out: dict[int, str] = {}

    def uni(hexstr: str) -> str:
        data = bytes.fromhex(hexstr)
        try:
            return data.decode("utf-16-be")
        except UnicodeDecodeError:
            return ""

    for block in re.findall(r"beginbfchar(.*?)endbfchar", text, re.S):
        for src, dst in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>", block):
            out[int(src, 16)] = uni(dst)
    for block in re.findall(r"beginbfrange(.*?)endbfrange", text, re.S):
        for lo, hi, dst in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            start = int(dst, 16)
            for k, code in enumerate(range(int(lo, 16), min(int(hi, 16), int(lo, 16) + 65535) + 1)):
                out[code] = chr(start + k) if start + k < 0x110000 else ""
    return out
