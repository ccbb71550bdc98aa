"""CFF (PostScript-outline) fonts to TrueType: the PDF writer embeds only glyf fonts.

A system CFF font is converted once and kept in the user cache, so later runs reuse the file.
fonts/build.py uses `cff_to_glyf` too, for the bundled subsets.
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import io
import shutil
import tempfile
import zlib
from pathlib import Path
from typing import TYPE_CHECKING

from . import cache

if TYPE_CHECKING:
    from fontTools.ttLib import TTFont

# Bump when the conversion changes, so caches made by older versions are not reused.
CONVERTER_VERSION = 1
MAX_ERR = 1.0  # font units: the cubic->quadratic approximation error (invisible at 1000 units/em)

_VARIATION_TABLES = ("fvar", "avar", "HVAR", "VVAR", "MVAR", "STAT", "cvar", "gvar")


def cff_to_glyf(font: TTFont, max_err: float = MAX_ERR) -> None:
    """Replace the CFF/CFF2 outlines of `font` by quadratic TrueType outlines, in place.

    The fontTools otf2ttf recipe: cubic curves through cu2qu, contours reversed (TrueType winds outer
    contours clockwise), maxp version 1.0, post format 3 (no glyph names: reportlab and PDF text
    extraction do not use them, and they cost ~10 bytes a glyph). A CFF2 (variable) font becomes its
    default instance.
    """
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import newTable

    table = "CFF " if "CFF " in font else "CFF2"
    glyph_order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder = glyph_order
    glyf.glyphs = {}
    for name in glyph_order:
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, max_err, reverse_direction=True))
        glyf.glyphs[name] = pen.glyph()
    # Vertical origins lived in VORG (CFF only); TrueType derives them from vmtx's top side bearing.
    vorg = font.get("VORG")
    font["loca"] = newTable("loca")
    font["glyf"] = glyf
    for tag in (table, "VORG", *_VARIATION_TABLES):
        if tag in font:
            del font[tag]
    glyf.compile(font)  # sets each glyph's bounding box
    hmtx = font["hmtx"]
    vmtx = font.get("vmtx")
    for name, glyph in glyf.glyphs.items():
        if hasattr(glyph, "xMin"):
            hmtx[name] = (hmtx[name][0], glyph.xMin)
            if vmtx is not None and vorg is not None:
                origin = vorg.VOriginRecords.get(name, vorg.defaultVertOriginY)
                vmtx[name] = (vmtx[name][0], origin - glyph.yMax)
    maxp = font["maxp"] = newTable("maxp")
    maxp.tableVersion = 0x00010000
    maxp.maxZones = 1
    for field in ("maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
                  "maxStackElements", "maxSizeOfInstructions", "maxComponentElements"):
        setattr(maxp, field, 0)
    maxp.compile(font)  # computes the point and contour maxima
    font["post"].formatType = 3.0
    font["head"].glyphDataFormat = 0
    font.sfntVersion = "\x00\x01\x00\x00"


def converted_path(source: Path, index: int = 0) -> Path:
    """The TrueType conversion of face `index` of the CFF font `source`, made on the first call only.

    Kept in the cache as NAME.ttf with an entry recording its size and CRC-32: a file that no longer
    matches (truncated, overwritten, half-copied) is converted again. An unwritable cache gives a private
    temporary folder for this process instead.
    """
    key = cache.key_of("truetype", CONVERTER_VERSION, MAX_ERR, cache.library_version("fontTools"),
                       cache.content_hash(source), index)
    target = cache.cache_dir() / "truetype" / f"{key}.ttf"
    if target in _made:
        return _made[target]
    if _valid(target, key):
        _made[target] = target
        return target
    from fontTools.ttLib import TTFont

    font = TTFont(source, fontNumber=index)
    cff_to_glyf(font)
    buffer = io.BytesIO()
    font.save(buffer)
    data = buffer.getvalue()
    try:
        # The entry first: a run killed in between leaves an entry without its file (converted again, quietly).
        cache.store("truetype", key, {"size": len(data), "crc32": zlib.crc32(data)})
        cache.write_atomic(target, data)
        made = target
    except OSError:
        made = _private_dir() / target.name
        made.write_bytes(data)
    _made[target] = made
    return made


_made: dict[Path, Path] = {}


def _valid(target: Path, key: str) -> bool:
    """Does the cached conversion match what was written? Its CRC-32 is checked whenever the file's stat
    differs from the one recorded (so an unchanged file is not read whole on every start); a leftover file
    that does not match is reported once and converted again."""
    try:
        st = target.stat()
    except OSError:
        return False
    entry = cache.load("truetype", key)
    meta = entry[0] if entry else {}
    stamp = [st.st_size, st.st_mtime_ns, st.st_ino]
    if meta.get("size") == st.st_size:
        if meta.get("stat") == stamp:
            return True
        with contextlib.suppress(OSError), open(target, "rb") as handle:
            if zlib.crc32(handle.read()) == meta.get("crc32"):
                cache.store("truetype", key, {**meta, "stat": stamp})
                return True
    cache.discard(target, f"字体缓存中的转换字体已损坏，已重新转换：{target}")
    return False


@functools.cache
def _private_dir() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="officialdocs-fonts-"))  # mode 0700, unique: nobody else writes here
    atexit.register(shutil.rmtree, folder, True)
    return folder
