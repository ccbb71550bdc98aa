"""Fonts for the OFD package: a TrueType subset of every face the layout used, holding only its glyphs.

TextCode carries Unicode text, so a reader finds each glyph through the font's own cmap; the subset keeps
the cmap of the characters it holds (and .notdef, with its outline, for characters no font had: they show
as the same empty box as in the PDF). Glyph ids change in the subset and nothing in the package refers to
them, so no CGTransform is needed.

Speed: fontTools' subsetter parses a CJK font's cmap and names its 7000+ glyphs on every call (80 ms a
face). The faces the layout uses are TrueType ('glyf') files (fonts/convert turns CFF faces into TrueType),
so each one is parsed once per process and a subset is assembled from its tables with fontTools' own
table classes: the glyphs' bytes copied as they are, composites recompiled against the new glyph order.
Any other font goes through fontTools' subsetter.
"""

from __future__ import annotations

import copy
import io
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont, newTable
from fontTools.ttLib.tables._c_m_a_p import CmapSubtable

# Tables a subset of a 'glyf' font keeps; every other table is per glyph (hdmx, VDMX, kern, vmtx ...) or
# for shaping (GSUB, GPOS: the layout positions every glyph itself).
_KEPT = ("head", "hhea", "maxp", "OS/2", "name", "post", "cvt ", "fpgm", "prep", "gasp")


@dataclass(frozen=True)
class EmbeddedFont:
    key: str  # the face key the layout uses
    name: str  # FontName: the family name readers show and match (the full name for a bold or italic face)
    family: str
    file: str  # file name inside the package's Res folder
    data: bytes
    bbox: tuple[float, float, float, float]  # xMin, yMin, xMax, yMax of all glyphs, in em (y up)
    bold: bool
    italic: bool
    fixed_width: bool
    advances: dict[int, float]  # codepoint -> advance in em, for the characters in the subset
    notdef_advance: float


@dataclass(frozen=True)
class _Source:
    font: TTFont
    cmap: dict[int, str]  # codepoint -> glyph name
    gid: dict[str, int]
    name: str
    family: str
    bold: bool
    italic: bool
    fixed_width: bool
    bbox: tuple[float, float, float, float]
    upem: int


@lru_cache(maxsize=32)
def _source(path: str, index: int, stamp: tuple[int, int]) -> _Source:
    """A face parsed once per process (`stamp`: size and mtime, so a replaced file is read again)."""
    font = TTFont(path, fontNumber=index, lazy=True, recalcBBoxes=False, recalcTimestamp=False)
    head = font["head"]
    upem = head.unitsPerEm
    bold, italic = bool(head.macStyle & 1), bool(head.macStyle & 2)
    names = font["name"]
    family = names.getBestFamilyName() or Path(path).stem
    # A regular face is known by its family (仿宋_GB2312); a bold or italic one by its full name.
    name = (names.getBestFullName() or family) if bold or italic else family
    fixed = bool(getattr(font["post"], "isFixedPitch", 0)) if "post" in font else False
    order = font.getGlyphOrder()
    return _Source(font, dict(font.getBestCmap() or {}), {g: i for i, g in enumerate(order)}, name, family,
                   bold, italic, fixed, (head.xMin / upem, head.yMin / upem, head.xMax / upem, head.yMax / upem), upem)


def embed_font(key: str, path: Path, index: int, chars: set[str], taken: set[str]) -> EmbeddedFont:
    """The subset of face `key` with `chars`; `taken` holds file names already used in this package."""
    stat = Path(path).stat()
    src = _source(str(path), index, (stat.st_size, stat.st_mtime_ns))
    codes = sorted(ord(c) for c in chars)
    data = _glyf_subset(src, codes) if "glyf" in src.font else _fonttools_subset(path, index, codes)
    hmtx = src.font["hmtx"]
    advances = {c: hmtx[src.cmap[c]][0] / src.upem for c in codes if c in src.cmap}
    notdef = hmtx[src.font.getGlyphOrder()[0]][0] / src.upem
    file = _file_name(src.name, taken)
    taken.add(file)
    return EmbeddedFont(key, src.name, src.family, file, data, src.bbox, src.bold, src.italic, src.fixed_width,
                        advances, notdef)


def _glyf_subset(src: _Source, codes: list[int]) -> bytes:
    font = src.font
    glyf = font["glyf"]
    order = font.getGlyphOrder()
    mapping = {c: src.cmap[c] for c in codes if c in src.cmap}
    wanted = {order[0], *mapping.values()}
    pending = list(wanted)
    while pending:  # components of composite glyphs come along
        for component in glyf.glyphs[pending.pop()].getComponentNames(glyf):
            if component not in wanted:
                wanted.add(component)
                pending.append(component)
    names = sorted(wanted, key=src.gid.__getitem__)  # source order: .notdef stays glyph 0

    out = TTFont(recalcBBoxes=False, recalcTimestamp=False)
    out.setGlyphOrder(names)
    for tag in _KEPT:
        if tag in font:
            out[tag] = copy.copy(font[tag])  # compiling sets counts and offsets on these: not on the source
    if "post" in out:
        out["post"].formatType = 3.0  # no glyph names
    if "OS/2" in out:
        bmp = [c for c in mapping if c <= 0xFFFF]
        out["OS/2"].usFirstCharIndex, out["OS/2"].usLastCharIndex = (min(bmp), max(bmp)) if bmp else (0, 0)
    table = newTable("glyf")
    table.glyphOrder = names
    table.glyphs = {}
    for name in names:
        glyph = glyf.glyphs[name]
        if glyph.isComposite():  # its bytes hold the source's glyph ids: recompile with the new ones
            glyph = copy.deepcopy(glyph)
            glyph.expand(glyf)
        table.glyphs[name] = glyph
    out["glyf"] = table
    out["loca"] = newTable("loca")
    hmtx = newTable("hmtx")
    hmtx.metrics = {name: font["hmtx"][name] for name in names}
    out["hmtx"] = hmtx
    out["cmap"] = _cmap(mapping)
    data = io.BytesIO()
    out.save(data)
    return data.getvalue()


def _cmap(mapping: dict[int, str]):
    cmap = newTable("cmap")
    cmap.tableVersion = 0
    cmap.tables = []
    bmp = CmapSubtable.newSubtable(4)
    bmp.platformID, bmp.platEncID, bmp.language = 3, 1, 0
    bmp.cmap = {c: g for c, g in mapping.items() if c <= 0xFFFF}
    cmap.tables.append(bmp)
    if any(c > 0xFFFF for c in mapping):
        full = CmapSubtable.newSubtable(12)
        full.platformID, full.platEncID, full.language = 3, 10, 0
        full.cmap = dict(mapping)
        cmap.tables.append(full)
    return cmap


def _fonttools_subset(path: Path, index: int, codes: list[int]) -> bytes:
    options = subset.Options()
    options.layout_features = []
    options.name_IDs = ["*"]
    options.name_languages = ["*"]  # keep the Chinese family names readers show
    options.notdef_outline = True
    options.glyph_names = False
    options.recalc_timestamp = False  # the original head.modified: byte-identical output
    font = TTFont(str(path), fontNumber=index, lazy=True, recalcBBoxes=False, recalcTimestamp=False)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=codes)
    subsetter.subset(font)
    data = io.BytesIO()
    font.save(data)
    return data.getvalue()


def _file_name(name: str, taken: set[str]) -> str:
    """The font's name without spaces (some readers pair a font file's stem with its FontName), made safe
    for a zip entry and unique in the package."""
    stem = re.sub(r"[\s/\\:*?\"<>|]+", "", name) or "font"
    file, n = f"{stem}.ttf", 2
    while file in taken:
        file, n = f"{stem}-{n}.ttf", n + 1
    return file
