"""CFF (PostScript-outline) fonts to TrueType: reportlab embeds only glyf fonts.

A system CFF font is converted once and kept in the user cache, so later runs reuse the file.
fonts/build.py uses `cff_to_glyf` too, for the bundled subsets.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont, newTable

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


T = TypeVar("T")


def cache_dir() -> Path:
    """Where converted fonts are kept: $OFFICIALDOCS_CACHE_DIR, else the platform's user cache."""
    override = os.environ.get("OFFICIALDOCS_CACHE_DIR")
    if override:
        return Path(override) / "fonts"
    import platformdirs

    return Path(platformdirs.user_cache_dir("officialdocs")) / "fonts"


def cache_key(source: Path, index: int = 0) -> str:
    """Changes when the file does (path, size, mtime) or the converter does; hashing 10 MB is not needed."""
    stat = source.stat()
    text = f"{source.resolve()}\0{stat.st_size}\0{stat.st_mtime_ns}\0{index}\0{CONVERTER_VERSION}\0{MAX_ERR}"
    return hashlib.sha1(text.encode()).hexdigest()


def cached_metrics(source: Path, index: int, read: Callable[[], T]) -> T:
    """Metrics of a face (advances per codepoint ...), read with fontTools once and then kept beside the
    converted fonts: a cold start loads five CJK fonts' metrics in milliseconds instead of 0.3 s."""
    target = cache_dir() / "metrics" / f"{cache_key(source, index)}.pickle"
    try:
        with open(target, "rb") as handle:
            return pickle.load(handle)
    except (OSError, pickle.UnpicklingError, EOFError, ValueError):
        pass
    value = read()
    save_pickle(target, value)
    return value


def save_pickle(target: Path, value: object) -> None:
    """Keep `value` in the cache, written atomically; a cache that cannot be written only costs speed."""
    from ..errors import OfficialDocsError
    from ..output import atomic_write

    with contextlib.suppress(OfficialDocsError, pickle.PicklingError, TypeError, AttributeError):
        atomic_write(target, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))


def converted_path(source: Path, index: int = 0) -> Path:
    """The TrueType conversion of face `index` of the CFF font `source`, made on the first call only."""
    target = cache_dir() / f"{cache_key(source, index)}.ttf"
    if target.is_file():
        return target
    font = TTFont(source, fontNumber=index)
    cff_to_glyf(font)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        _save_atomic(font, target)
    except OSError:
        # A read-only cache (locked-down home, sandbox): convert into the temp folder instead.
        target = Path(tempfile.gettempdir()) / "officialdocs-fonts" / target.name
        target.parent.mkdir(parents=True, exist_ok=True)
        _save_atomic(font, target)
    return target


def _save_atomic(font: TTFont, target: Path) -> None:
    # Another process may convert the same font at the same time; rename makes either result whole.
    fd, tmp = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            font.save(handle)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
