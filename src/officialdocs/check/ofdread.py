"""Reading an OFD (GB/T 33190) into the facts `check` measures: glyphs, text lines and rules per page, in
millimetres from the page's top-left corner, in the same structures (check/pdfread.py) a PDF gives.

Glyph positions follow the standard: a TextObject's own space is mapped by its CTM into its Boundary,
TextCode X/Y place the first character and DeltaX/DeltaY the next ones; widths, the em box and missing
glyphs come from the embedded font files. Values are made to match what pdfread reports for the same page
drawn as PDF (em box from the font's typographic descender, width = the font's advance), so the same rules
give the same results. Turned text (landscape tables, a draft watermark) is left out, as in the PDF.
"""

from __future__ import annotations

import io
import math
import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree as ET

from ..errors import Location, OfficialDocsError, Problem
from .pdfread import MM, FontInfo, Glyph, HRule, MissingGlyph, PdfFacts, PdfPage, group_lines

Matrix = tuple[float, float, float, float, float, float]
_IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
_LIMIT = 200_000_000  # bytes read from one part: a zip bomb is refused, not unpacked


@dataclass
class _Font:
    name: str
    embedded: bool
    kind: str
    advances: dict[int, float] = field(default_factory=dict)  # codepoint -> advance in em
    notdef: float = 1.0
    descent: float = -0.12  # typographic descender in em (negative), as a PDF's font descriptor gives it


@dataclass
class _Style:
    fill: tuple[float, ...] | None = None
    stroke: tuple[float, ...] | None = None
    line_width: float | None = None


def read_ofd(path: Path) -> PdfFacts:
    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as exc:
        raise _error(path, f"无法读取 OFD：{exc}", "确认文件是完整的 OFD（zip 包）") from None
    with archive:
        return _Reader(path, archive).read()


def _error(path: Path, message: str, hint: str = "确认文件符合 GB/T 33190（可用生成它的软件重新导出）") -> OfficialDocsError:
    return OfficialDocsError(Problem(message, Location(str(path)), hint))


class _Reader:
    def __init__(self, path: Path, archive: zipfile.ZipFile):
        self.path = path
        self.archive = archive
        self.names = {n.lstrip("/"): n for n in archive.namelist()}
        self.fonts: dict[str, _Font] = {}
        self.styles: dict[str, _Style] = {}
        self.spaces: dict[str, str] = {}  # colour space id -> GRAY | RGB | CMYK
        self.default_space = "RGB"
        self.missing: dict[tuple[str, str], set[int]] = {}  # (char, font name) -> 1-based pages

    # ------------------------------------------------------------------------------------------ parts
    def data(self, name: str) -> bytes:
        key = posixpath.normpath(name.lstrip("/"))
        if key not in self.names:
            raise _error(self.path, f"OFD 中缺少部件 “{key}”")
        info = self.archive.getinfo(self.names[key])
        if info.file_size > _LIMIT:
            raise _error(self.path, f"OFD 部件 “{key}” 过大（{info.file_size} 字节）")
        return self.archive.read(info)

    def xml(self, name: str) -> ET.Element:
        """A part's XML, tags by local name: a file with a wrong or missing namespace is still read
        (check/ofdvalid.py reports the namespace)."""
        try:
            root = ET.fromstring(self.data(name))
        except ET.ParseError as exc:
            raise _error(self.path, f"OFD 部件 “{name}” 不是有效的 XML：{exc}") from None
        for element in root.iter():
            element.tag = element.tag.rsplit("}", 1)[-1]
        return root

    @staticmethod
    def resolve(base: str, loc: str) -> str:
        """An ST_Loc: absolute from the package root when it starts with '/', else relative to the folder
        of the part `base`."""
        return _join(posixpath.dirname(base), loc)

    # ------------------------------------------------------------------------------------------- read
    def read(self) -> PdfFacts:
        ofd = self.xml("OFD.xml")
        root_loc = ofd.findtext("DocBody/DocRoot")
        if not root_loc:
            raise _error(self.path, "OFD.xml 中没有 DocBody/DocRoot")
        doc_path = self.resolve("OFD.xml", root_loc)
        document = self.xml(doc_path)
        common = document.find("CommonData")
        if common is None:
            raise _error(self.path, "Document.xml 中没有 CommonData")
        default_box = _box(common.findtext("PageArea/PhysicalBox")) or (0.0, 0.0, 210.0, 297.0)
        for tag in ("PublicRes", "DocumentRes"):
            for loc in common.findall(tag):
                self.load_res(self.resolve(doc_path, loc.text or ""))
        default_cs = common.findtext("DefaultCS")
        if default_cs:
            self.default_space = self.spaces.get(default_cs.strip(), "RGB")
        pages: list[PdfPage] = []
        for index, entry in enumerate(document.findall("Pages/Page")):
            page_path = self.resolve(doc_path, entry.get("BaseLoc", ""))
            page = self.xml(page_path)
            for loc in page.findall("PageRes"):
                self.load_res(self.resolve(page_path, loc.text or ""))
            box = _box(page.findtext("Area/PhysicalBox")) or default_box
            glyphs: list[Glyph] = []
            rules: list[HRule] = []
            for layer in page.findall("Content/Layer"):
                self.walk(layer, _IDENTITY, self.styles.get(layer.get("DrawParam", ""), _Style()), glyphs, rules, index)
            pages.append(PdfPage(index, box[2], box[3], group_lines(glyphs, index), _dedupe(rules)))
        if not pages:
            raise _error(self.path, "OFD 没有页面")
        fonts = [FontInfo(f.name, f.kind, f.embedded) for f in self.fonts.values()]
        missing = [MissingGlyph(c, f, sorted(p)) for (c, f), p in sorted(self.missing.items())]
        return PdfFacts(pages, fonts, missing, True)

    # -------------------------------------------------------------------------------------- resources
    def load_res(self, res_path: str) -> None:
        res = self.xml(res_path)
        folder = self.resolve(res_path, res.get("BaseLoc") or ".")  # resource files are relative to BaseLoc
        for space in res.iter("ColorSpace"):
            self.spaces[space.get("ID", "")] = space.get("Type", "RGB")
        for param in res.iter("DrawParam"):
            self.styles[param.get("ID", "")] = self.style(param, self.styles.get(param.get("Relative", ""), _Style()))
        for font in res.iter("Font"):
            loc = font.findtext("FontFile")
            self.fonts[font.get("ID", "")] = self.load_font(font.get("FontName", "（未命名）"),
                                                            _join(folder, loc) if loc else None)

    def load_font(self, name: str, file: str | None) -> _Font:
        if file is None:
            return _Font(name, False, "TrueType")
        try:
            from fontTools.ttLib import TTFont

            tt = TTFont(io.BytesIO(self.data(file)), lazy=True, fontNumber=0)
            upem = tt["head"].unitsPerEm
            hmtx = tt["hmtx"]
            advances = {code: hmtx[glyph][0] / upem for code, glyph in (tt.getBestCmap() or {}).items()}
            descent = tt["OS/2"].sTypoDescender / upem if "OS/2" in tt else tt["hhea"].descent / upem
            kind = "OpenType" if "CFF " in tt else "TrueType"
            return _Font(name, True, kind, advances, hmtx[tt.getGlyphOrder()[0]][0] / upem, descent)
        except Exception:  # a missing or unreadable font program counts as not embedded
            return _Font(name, False, "TrueType")

    def color(self, element: ET.Element | None) -> tuple[float, ...] | None:
        if element is None:
            return None
        values = [float(v) for v in (element.get("Value") or "").split()]
        space = self.spaces.get(element.get("ColorSpace", ""), self.default_space)
        if not values:
            return None
        return tuple(v / 255 for v in values) if space in ("RGB", "CMYK", "GRAY") else tuple(values)

    def style(self, element: ET.Element, inherited: _Style) -> _Style:
        own = self.styles.get(element.get("DrawParam", ""), inherited)
        width = element.get("LineWidth")
        return _Style(self.color(element.find("FillColor")) or own.fill or inherited.fill,
                      self.color(element.find("StrokeColor")) or own.stroke or inherited.stroke,
                      float(width) if width else own.line_width or inherited.line_width)

    # ---------------------------------------------------------------------------------------- content
    def walk(self, block: ET.Element, outer: Matrix, inherited: _Style, glyphs: list[Glyph], rules: list[HRule],
             page: int) -> None:
        for obj in block:
            tag = obj.tag
            if tag == "PageBlock":
                self.walk(obj, outer, inherited, glyphs, rules, page)
                continue
            if tag not in ("TextObject", "PathObject") or obj.get("Visible", "true") == "false":
                continue
            box = _box(obj.get("Boundary")) or (0.0, 0.0, 0.0, 0.0)
            m = _multiply(outer, _multiply((1.0, 0.0, 0.0, 1.0, box[0], box[1]), _matrix(obj.get("CTM"))))
            style = self.style(obj, inherited)
            if tag == "TextObject":
                self.text(obj, m, style, glyphs, page)
            else:
                rules.extend(self.rules(obj, m, style, page))

    def text(self, obj: ET.Element, m: Matrix, style: _Style, glyphs: list[Glyph], page: int) -> None:
        a, b, c, d = m[:4]
        if abs(b) > 1e-6 or abs(c) > 1e-6 or a <= 0 or d <= 0:
            return  # turned or mirrored text is not measured (as pdfread leaves out rotated glyphs)
        font = self.fonts.get(obj.get("Font", ""))
        if font is None:
            raise _error(self.path, f"文字对象 {obj.get('ID')} 引用了不存在的字体 {obj.get('Font')}")
        size = float(obj.get("Size", "0"))
        h_scale = float(obj.get("HScale", "1"))
        color = style.fill or (0.0, 0.0, 0.0)
        x = y = 0.0
        for code in obj.findall("TextCode"):
            text = code.text or ""
            x = float(code.get("X", x))
            y = float(code.get("Y", y))
            dx, dy = _deltas(code.get("DeltaX"), len(text)), _deltas(code.get("DeltaY"), len(text))
            cx, cy = x, y
            for i, ch in enumerate(text):
                advance = font.advances.get(ord(ch), font.notdef)
                if font.embedded and ch.strip() and ord(ch) not in font.advances:
                    self.missing.setdefault((ch, font.name), set()).add(page + 1)
                if ch.strip():
                    px, py = _apply(m, cx, cy)
                    bottom = py - font.descent * size * d
                    glyphs.append(Glyph(
                        text=ch, x0=px, x1=px + advance * size * h_scale * a, top=bottom - size * d, bottom=bottom,
                        baseline=py, size=size * d / MM, font=font.name, color=color))
                cx += dx[i] if i < len(dx) else advance * size
                cy += dy[i] if i < len(dy) else 0.0

    def rules(self, obj: ET.Element, m: Matrix, style: _Style, page: int) -> list[HRule]:
        """Horizontal rules as pdfread finds them: straight lines and thin rectangles at least 20 mm long."""
        stroke = obj.get("Stroke", "true") != "false"
        fill = obj.get("Fill", "false") == "true"
        width = (style.line_width if style.line_width is not None else 0.353) * math.sqrt(abs(m[0] * m[3] - m[1] * m[2]))
        found = []
        for points, closed in _subpaths(obj.findtext("AbbreviatedData") or ""):
            page_points = [_apply(m, px, py) for px, py in points]
            xs, ys = [p[0] for p in page_points], [p[1] for p in page_points]
            length, height = max(xs) - min(xs), max(ys) - min(ys)
            is_line = len(points) == 2 and not closed
            is_rect = closed and len(points) in (4, 5) and _axis_aligned(page_points)
            if not (is_line or is_rect) or length < 20 or height >= 2:
                continue
            if is_line:
                thickness, color = width, style.stroke
            elif fill and not stroke:
                thickness, color = height, style.fill
            else:
                thickness, color = height + width, style.stroke or style.fill
            found.append(HRule(min(xs), max(xs), (min(ys) + max(ys)) / 2, thickness, color or (0.0, 0.0, 0.0), page))
        return found


def _join(folder: str, loc: str) -> str:
    loc = loc.strip()
    return posixpath.normpath(loc.lstrip("/") if loc.startswith("/") else posixpath.join(folder, loc))


def _box(text: str | None) -> tuple[float, float, float, float] | None:
    try:
        values = [float(v) for v in (text or "").split()]
    except ValueError:
        return None
    return (values[0], values[1], values[2], values[3]) if len(values) == 4 else None


def _matrix(text: str | None) -> Matrix:
    try:
        values = [float(v) for v in (text or "").split()]
    except ValueError:
        return _IDENTITY
    return tuple(values) if len(values) == 6 else _IDENTITY  # type: ignore[return-value]


def _multiply(outer: Matrix, inner: Matrix) -> Matrix:
    """`inner` applied first, then `outer` (x' = a·x + c·y + e, y' = b·x + d·y + f)."""
    a, b, c, d, e, f = outer
    p, q, r, s, t, u = inner
    return (a * p + c * q, b * p + d * q, a * r + c * s, b * r + d * s, a * t + c * u + e, b * t + d * u + f)


def _apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    return m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]


def _deltas(text: str | None, count: int) -> list[float]:
    """DeltaX/DeltaY values, with the "g N v" shorthand (v repeated N times) expanded."""
    out: list[float] = []
    tokens = (text or "").split()
    i = 0
    try:
        while i < len(tokens) and len(out) < count:
            if tokens[i] == "g":
                out += [float(tokens[i + 2])] * int(tokens[i + 1])
                i += 3
            else:
                out.append(float(tokens[i]))
                i += 1
    except (IndexError, ValueError):
        pass
    return out


_PATH_TOKEN = re.compile(r"[A-Za-z]|[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_OPERANDS = {"S": 2, "M": 2, "L": 2, "Q": 4, "B": 6, "A": 7, "C": 0}


def _subpaths(data: str) -> list[tuple[list[tuple[float, float]], bool]]:
    """The subpaths of AbbreviatedData: (the points each command ends on, closed)."""
    tokens = _PATH_TOKEN.findall(data)
    paths: list[tuple[list[tuple[float, float]], bool]] = []
    points: list[tuple[float, float]] = []
    closed = False
    i = 0
    while i < len(tokens):
        op = tokens[i]
        count = _OPERANDS.get(op)
        if count is None:
            break  # a malformed path: keep what was read
        try:
            args = [float(t) for t in tokens[i + 1:i + 1 + count]]
        except ValueError:
            break
        i += 1 + count
        if op in ("S", "M"):
            if points:
                paths.append((points, closed))
            points, closed = [(args[0], args[1])], False
        elif op == "C":
            closed = True
        elif len(args) >= 2:
            points.append((args[-2], args[-1]))
    if points:
        paths.append((points, closed))
    return paths


def _axis_aligned(points: list[tuple[float, float]]) -> bool:
    xs = {round(p[0], 2) for p in points}
    ys = {round(p[1], 2) for p in points}
    return len(xs) <= 2 and len(ys) <= 2




def _dedupe(rules: list[HRule]) -> list[HRule]:
    unique: dict[tuple[int, int, int], HRule] = {}
    for rule in rules:
        unique.setdefault((round(rule.x0), round(rule.x1), round(rule.y * 10)), rule)
    return sorted(unique.values(), key=lambda r: r.y)
