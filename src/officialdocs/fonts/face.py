"""One face of a font file: its own names (for matching candidates) and its metrics (for layout).

Names are read from the name table when a face is found; cmap and hmtx are read once, on first use, into a
dict codepoint -> advance in em, so `advance()` is one dict lookup. Both are kept in the font cache
(fonts/cache.py: plain JSON and arrays, keyed by the file's content), so a warm machine's cold start reads
neither table and does not import fontTools.
"""

from __future__ import annotations

import hashlib
from array import array
from bisect import bisect_left
from dataclasses import asdict, dataclass
from functools import cache, cached_property
from itertools import product
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import cache as disk

if TYPE_CHECKING:
    from fontTools.ttLib import TTFont

# Bump when what is read from a font changes, so older cache entries are not reused.
METRICS_VERSION = 2
INFO_VERSION = 1

# Subfamily names that mean "the plain face of the family" (when a candidate names only a family).
_REGULAR_STYLES = {"regular", "book", "normal", "roman", "plain", "standard", "常规", "標準", "标准", "正常"}


def _gb2312(first_row: int) -> str:
    out = []
    for hi in range(first_row, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                out.append(bytes((hi, lo)).decode("gb2312"))
            except UnicodeDecodeError:  # unassigned code
                continue
    return "".join(out)


@cache
def gb2312_chars() -> str:
    """Every character of GB 2312, decoded from the 2-byte codes 0xA1A1-0xF7FE (7445 characters)."""
    return _gb2312(0xA1)


@cache
def gb2312_hanzi() -> frozenset[int]:
    """The 6763 hanzi of GB 2312 (rows 0xB0-0xF7), as codepoints."""
    return frozenset(map(ord, _gb2312(0xB0)))


def normalize(name: str) -> str:
    """Compare names the way people write them: case, spaces, '-' and '_' do not matter."""
    return "".join(ch for ch in name.casefold() if ch not in " -_\u3000")


def _names(font: TTFont, *ids: int) -> tuple[str, ...]:
    """All strings for these name IDs, every platform and language, English (Windows) first, deduplicated."""
    if "name" not in font:
        return ()
    records = [r for r in font["name"].names if r.nameID in ids]
    records.sort(key=lambda r: (ids.index(r.nameID), (r.platformID, r.langID) != (3, 0x409), r.platformID))
    seen: dict[str, None] = {}
    for record in records:
        text = record.toUnicode(errors="replace").strip()
        if text and "\ufffd" not in text:
            seen.setdefault(text)
    return tuple(seen)


@dataclass(frozen=True)
class FaceInfo:
    """What a font says about itself: enough to decide whether it is the font a candidate names."""

    path: Path
    index: int
    postscript_name: str
    families: tuple[str, ...]  # name IDs 16 and 1, all languages
    styles: tuple[str, ...]  # name IDs 17 and 2, all languages
    full_names: tuple[str, ...]  # name ID 4
    # (family, style) as the font pairs them: typographic (16, 17) and legacy (1, 2). Never 16 with 2:
    # DejaVu Sans Condensed Bold is typographic "DejaVu Sans" + "Condensed Bold", not "DejaVu Sans Bold".
    pairs: tuple[tuple[str, str], ...]
    weight: int
    outlines: str  # "glyf", "CFF " or "CFF2"

    @property
    def family(self) -> str:
        return self.families[0] if self.families else self.path.stem

    @property
    def style(self) -> str:
        return self.styles[0] if self.styles else "Regular"

    @cached_property
    def _exact(self) -> frozenset[str]:
        names = {normalize(n) for n in (self.postscript_name, *self.full_names)}
        return frozenset(names | {normalize(f + s) for f, s in self.pairs} - {""})

    def match_keys(self) -> set[str]:
        """Every normalised name this face answers to."""
        return set(self._exact) | {normalize(f) for f in self.families}

    def match_rank(self, name: str) -> float | None:
        """None if `name` is none of this face's own names; else lower is a better match.

        An exact face name (PostScript, full name, family + style) ranks 0; a bare family name ranks the
        regular face of the family before bold, light or italic ones.
        """
        wanted = normalize(name)
        if not wanted:
            return None
        if wanted in self._exact:
            return 0.0
        ranks = [1.0 if normalize(s) in _REGULAR_STYLES else 2.0 for f, s in self.pairs if normalize(f) == wanted]
        if not ranks and wanted in {normalize(f) for f in self.families}:
            ranks = [2.0]  # a family without a subfamily name
        return min(ranks) + abs(self.weight - 400) / 10000 if ranks else None


def read_infos(path: Path) -> list[FaceInfo]:
    """FaceInfo for every face in a .ttf/.otf (one) or .ttc/.otc (several). Raises on unreadable files.

    Kept in the font cache by the file's content, so discovery reads a font's name table once per machine.
    """
    path = Path(path)
    key = disk.key_of("info", INFO_VERSION, disk.library_version("fontTools"), disk.content_hash(path))
    entry = disk.load("info", key)
    if entry is not None:
        try:
            return [_info_from_json(path, item) for item in entry[0]["faces"]]
        except (KeyError, TypeError, ValueError):
            disk.discard(disk.entry_path("info", key), f"字体缓存条目已损坏，已丢弃并重建：{path}")
    infos = _read_infos(path)
    disk.store("info", key, {"faces": [_info_to_json(info) for info in infos]})
    return infos


def _info_to_json(info: FaceInfo) -> dict[str, Any]:
    data = asdict(info)
    del data["path"]
    return data


def _strings(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise TypeError("expected a list of strings")
    return tuple(value)


def _info_from_json(path: Path, data: dict[str, Any]) -> FaceInfo:
    """A FaceInfo from a cache entry, every field type-checked (TypeError on anything else)."""
    pairs = tuple(_strings(p) for p in data["pairs"])
    index, weight, ps, outlines = data["index"], data["weight"], data["postscript_name"], data["outlines"]
    if not (isinstance(index, int) and isinstance(weight, int) and isinstance(ps, str) and isinstance(outlines, str)
            and all(len(p) == 2 for p in pairs)):
        raise TypeError("bad face info")
    return FaceInfo(path=path, index=index, postscript_name=ps, families=_strings(data["families"]),
                    styles=_strings(data["styles"]), full_names=_strings(data["full_names"]),
                    pairs=pairs, weight=weight, outlines=outlines)  # type: ignore[arg-type]


def _read_infos(path: Path) -> list[FaceInfo]:
    from fontTools.ttLib import TTCollection, TTFont

    path = Path(path)
    with path.open("rb") as handle:
        collection = handle.read(4) == b"ttcf"
    ttc = TTCollection(path, lazy=True) if collection else None
    fonts = ttc.fonts if ttc is not None else [TTFont(path, lazy=True)]
    infos = []
    for index, font in enumerate(fonts):
        outlines = next((t for t in ("glyf", "CFF ", "CFF2") if t in font), "")
        ps = _names(font, 6)
        legacy_families, legacy_styles = _names(font, 1), _names(font, 2)
        typo_families = _names(font, 16) or legacy_families
        typo_styles = _names(font, 17) or legacy_styles
        pairs = dict.fromkeys([*product(typo_families, typo_styles), *product(legacy_families, legacy_styles)])
        infos.append(FaceInfo(
            path=path, index=index, postscript_name=ps[0] if ps else "",
            families=_names(font, 16, 1), styles=_names(font, 17, 2), full_names=_names(font, 4),
            pairs=tuple(pairs), weight=font["OS/2"].usWeightClass if "OS/2" in font else 400,
            outlines=outlines,
        ))
        if ttc is None:
            font.close()
    if ttc is not None:
        ttc.close()  # the faces of a collection share one file: closing the first would close it for all
    return infos


@cache
def face_info(path: Path, index: int = 0) -> FaceInfo:
    infos = read_infos(path)
    if not 0 <= index < len(infos):
        raise IndexError(f"{path} has {len(infos)} faces, no face {index}")
    return infos[index]


class Face:
    """One loaded font face. Get faces with `load_face` (one object per file and index per process)."""

    def __init__(self, info: FaceInfo, key: str):
        self.info = info
        self.key = key  # unique in this process: GlyphRun.face and LaidOut.fonts use it
        self.source = info.path  # the file as found (may be CFF; `path` is always TrueType)
        self.family = info.family
        self.style = info.style
        self.postscript_name = info.postscript_name

    def __repr__(self) -> str:
        return f"Face({self.key!r}, {str(self.source)!r})"

    @property
    def is_truetype(self) -> bool:
        return self.info.outlines == "glyf"

    @cached_property
    def path(self) -> Path:
        """A TrueType file the PDF writer can embed; a CFF font is converted once and cached on disk."""
        if self.is_truetype:
            return self.source
        from .convert import converted_path

        return converted_path(self.source, self.info.index)

    @property
    def subfont_index(self) -> int:
        """Face number inside `path` (non-zero only for a TrueType collection; conversions are single)."""
        return self.info.index if self.is_truetype else 0

    @cached_property
    def _tables(self) -> tuple[dict[str, Any], dict[str, array]]:
        """(meta, arrays) of the face's metrics: from the font cache, else read with fontTools and stored."""
        key = disk.key_of("metrics", METRICS_VERSION, disk.library_version("fontTools"),
                          disk.content_hash(self.source), self.info.index)
        entry = disk.load("metrics", key)
        if entry is not None:
            meta, arrays = entry
            cps, gids, advs = arrays.get("codepoints"), arrays.get("glyphs"), arrays.get("advances")
            if (cps is not None and gids is not None and advs is not None and len(cps) == len(gids) == len(advs)
                    and all(isinstance(meta.get(k), (int, float)) for k in ("notdef", "ascent", "descent"))
                    and isinstance(meta.get("upem"), int) and meta["upem"] > 0):
                return entry
            disk.discard(disk.entry_path("metrics", key), f"字体缓存条目已损坏，已丢弃并重建：{self.source}")
        entry = self._read_tables()
        disk.store("metrics", key, *entry)
        return entry

    def _read_tables(self) -> tuple[dict[str, Any], dict[str, array]]:
        from fontTools.ttLib import TTFont

        font = TTFont(self.source, fontNumber=self.info.index, lazy=True)
        try:
            upem = font["head"].unitsPerEm
            hmtx = font["hmtx"].metrics
            order = {name: gid for gid, name in enumerate(font.getGlyphOrder())}
            cmap = sorted((cp, glyph) for cp, glyph in (font.getBestCmap() or {}).items() if glyph in hmtx)
            notdef = hmtx[font.getGlyphOrder()[0]][0] / upem
            os2 = font.get("OS/2")
            if os2 is not None and os2.sTypoAscender - os2.sTypoDescender > 0:
                ascent, descent = os2.sTypoAscender, os2.sTypoDescender
            else:
                ascent, descent = font["hhea"].ascent, font["hhea"].descent
        finally:
            font.close()
        arrays = {"codepoints": array("I", [cp for cp, _ in cmap]),
                  "glyphs": array("I", [order[g] for _, g in cmap]),
                  "advances": array("d", [hmtx[g][0] / upem for _, g in cmap])}
        # Some fonts (FandolSong-Regular's hhea) store the descent as a positive number.
        meta = {"notdef": notdef, "upem": upem, "ascent": ascent / upem, "descent": -abs(descent) / upem}
        return meta, arrays

    @cached_property
    def _metrics(self) -> tuple[dict[int, float], float, int, float, float]:
        meta, arrays = self._tables
        advances = dict(zip(arrays["codepoints"], arrays["advances"], strict=True))
        return advances, meta["notdef"], meta["upem"], meta["ascent"], meta["descent"]

    def glyph_id(self, cp: int) -> int:
        """The glyph id of a codepoint, 0 (.notdef) when the face lacks it; the same in a CFF font and its
        TrueType conversion. A binary search in the cached arrays: no dict of every codepoint is built."""
        _meta, arrays = self._tables
        cps = arrays["codepoints"]
        i = bisect_left(cps, cp)
        return arrays["glyphs"][i] if i < len(cps) and cps[i] == cp else 0

    @cached_property
    def advances(self) -> dict[int, float]:
        """Codepoint -> advance width in em, for every character the face maps."""
        return self._metrics[0]

    @property
    def units_per_em(self) -> int:
        return self._metrics[2]

    @property
    def ascent(self) -> float:
        """Above the baseline, in em (positive)."""
        return self._metrics[3]

    @property
    def descent(self) -> float:
        """Below the baseline, in em (negative, as in the font tables)."""
        return self._metrics[4]

    def has(self, ch: str) -> bool:
        return ord(ch) in self.advances

    def advance(self, ch: str) -> float:
        """Advance width of `ch` in em; a character the face lacks gets the .notdef width it would draw."""
        try:
            return self.advances[ord(ch)]
        except KeyError:
            return self._metrics[1]

    def width(self, text: str) -> float:
        """Sum of the advances of `text`, in em."""
        return sum(self.advance(ch) for ch in text)

    @cached_property
    def _gb2312_coverage(self) -> float:
        hanzi = gb2312_hanzi()
        return len(hanzi & self.advances.keys()) / len(hanzi)

    def coverage_gb2312(self) -> float:
        """Fraction (0-1) of the 6763 GB 2312 hanzi this face has."""
        return self._gb2312_coverage


_faces: dict[tuple[Path, int], Face] = {}
_keys: dict[str, tuple[Path, int]] = {}


def load_face(path: Path | str, index: int = 0) -> Face:
    """The Face for a font file (and face number in a collection), made once per process."""
    path = Path(path).resolve()
    ident = (path, index)
    face = _faces.get(ident)
    if face is None:
        info = face_info(path, index)
        key = info.postscript_name or f"{path.stem}-{index}"
        if _keys.get(key, ident) != ident:
            # Two files with one PostScript name (e.g. a system copy and a bundled one): keep keys unique.
            key = f"{key}~{hashlib.sha1(f'{path}#{index}'.encode()).hexdigest()[:8]}"
        _keys[key] = ident
        face = _faces[ident] = Face(info, key)
    return face


def face_by_key(key: str) -> Face | None:
    """The loaded face with this key (GlyphRun.face), if this process loaded it."""
    ident = _keys.get(key)
    return _faces.get(ident) if ident is not None else None


def clear() -> None:
    _faces.clear()
    _keys.clear()
    face_info.cache_clear()
