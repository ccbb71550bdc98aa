"""Embedded fonts of the PDF writer: TrueType subsets as Type0 / CIDFontType2 fonts with a ToUnicode map.

A face is read once per process (`TrueType`): its table directory, loca and hmtx as arrays over the
memory-mapped file, so a 15 MB font is never read whole. Each PDF gets, per face, the glyphs it draws
(`FontUse`): CIDs are numbered in order of first use and are the glyph ids of the subset (CIDToGIDMap
Identity), every character its own CID so text extracts exactly. A character the face lacks gets a CID too,
drawn as glyph 0 (.notdef, through a CIDToGIDMap stream): its text still extracts, and checkers see the
.notdef glyph. The subset keeps the glyph programs byte for
byte (composite glyphs get their components, renumbered), plus cvt/fpgm/prep for hinted fonts.
"""

from __future__ import annotations

import hashlib
import mmap
import struct
import sys
from array import array
from collections.abc import Callable
from functools import cache
from pathlib import Path

_REQUIRED = (b"head", b"hhea", b"maxp", b"loca", b"glyf", b"hmtx")
_COPIED = (b"cvt ", b"fpgm", b"prep", b"OS/2")  # copied whole when present (hinting; OS/2 for old readers)


class FontError(ValueError):
    """A font file the writer cannot embed."""


def _be_array(typecode: str, data: bytes) -> array:
    a = array(typecode, data)
    if sys.byteorder == "little":
        a.byteswap()
    return a


class TrueType:
    """One face of a TrueType (.ttf, or a face of a .ttc) file, parsed once per process."""

    def __init__(self, path: Path, index: int = 0):
        with open(path, "rb") as handle:
            self.data = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        data = self.data
        start = 0
        if data[:4] == b"ttcf":
            (count,) = struct.unpack_from(">I", data, 8)
            if not 0 <= index < count:
                raise FontError(f"{path}: no face {index}")
            (start,) = struct.unpack_from(">I", data, 12 + 4 * index)
        (num_tables,) = struct.unpack_from(">H", data, start + 4)
        self.tables: dict[bytes, tuple[int, int]] = {}
        for i in range(num_tables):
            tag, _checksum, offset, length = struct.unpack_from(">4sIII", data, start + 12 + 16 * i)
            if offset + length > len(data):
                raise FontError(f"{path}: table {tag!r} lies outside the file")
            self.tables[tag] = (offset, length)
        missing = [t.decode() for t in _REQUIRED if t not in self.tables]
        if missing:
            raise FontError(f"{path}: not a TrueType font (no {', '.join(missing)})")
        head = self.table(b"head")
        self.units_per_em = struct.unpack_from(">H", head, 18)[0] or 1000
        self.bbox = struct.unpack_from(">hhhh", head, 36)
        long_loca = struct.unpack_from(">h", head, 50)[0] == 1
        hhea = self.table(b"hhea")
        self.ascent, self.descent = struct.unpack_from(">hh", hhea, 4)
        self.num_hmetrics = struct.unpack_from(">H", hhea, 34)[0]
        self.num_glyphs = struct.unpack_from(">H", self.table(b"maxp"), 4)[0]
        loca = _be_array("I" if long_loca else "H", self.table(b"loca"))
        if not long_loca:
            loca = array("I", (2 * x for x in loca))
        if len(loca) < self.num_glyphs + 1:
            raise FontError(f"{path}: loca table too short")
        self.loca = loca
        self.glyf_offset = self.tables[b"glyf"][0]
        self._programs: dict[int, tuple[bytes, int, bool]] = {}
        self._widths: dict[int, str] = {}
        self._char_glyphs: dict[str, int] = {}
        hmtx = _be_array("H", self.table(b"hmtx"))
        self.advances = hmtx[0:2 * self.num_hmetrics:2]
        # lsb as unsigned 16-bit: copied into the subset as they are.
        self.lsbs = hmtx[1:2 * self.num_hmetrics:2] + hmtx[2 * self.num_hmetrics:]
        self.cap_height = self.ascent
        self.stem_v = 80
        os2 = self.table(b"OS/2") if b"OS/2" in self.tables else b""
        if len(os2) >= 90 and struct.unpack_from(">H", os2, 0)[0] >= 2:
            self.cap_height = struct.unpack_from(">h", os2, 88)[0] or self.ascent
        if len(os2) >= 6:
            weight = struct.unpack_from(">H", os2, 4)[0]
            self.stem_v = 50 + int((weight / 65) ** 2)  # the usual estimate from the weight class
        post = self.table(b"post") if b"post" in self.tables else b""
        self.italic_angle = struct.unpack_from(">i", post, 4)[0] / 65536 if len(post) >= 8 else 0.0

    def table(self, tag: bytes) -> bytes:
        offset, length = self.tables[tag]
        return self.data[offset:offset + length]

    def advance(self, gid: int) -> int:
        return self.advances[min(gid, self.num_hmetrics - 1)]

    def lsb(self, gid: int) -> int:
        return self.lsbs[gid] if gid < len(self.lsbs) else 0

    def subset(self, gids: list[int]) -> bytes:
        """A TrueType file whose glyph i is glyph gids[i] of this face (gids[0] should be 0, .notdef).
        Components of composite glyphs are appended after the requested glyphs and renumbered."""
        order = list(gids)
        component_ids: dict[int, int] = {}
        parts: list[bytes] = []
        offsets = array("I", [0])
        pos = 0
        glyf_sum = 0
        cached = self._programs
        i = 0
        while i < len(order):  # `order` grows when a composite glyph brings its components
            gid = order[i]
            i += 1
            found = cached.get(gid)
            if found is None:
                found = cached[gid] = self._program(gid)
            program, checksum, composite = found
            if composite:
                program = _renumber_components(program, order, component_ids)
                checksum = _checksum(program)
            parts.append(program)
            glyf_sum += checksum
            pos += len(program)
            offsets.append(pos)
        n = len(order)
        glyf = b"".join(parts)
        checksums = {b"glyf": glyf_sum & 0xFFFFFFFF}  # every program is 4-byte aligned: word sums add up
        if sys.byteorder == "little":
            offsets.byteswap()
        hmtx = array("H")
        for gid in order:
            hmtx.append(self.advance(gid))
            hmtx.append(self.lsb(gid))
        if sys.byteorder == "little":
            hmtx.byteswap()
        head = bytearray(self.table(b"head")[:54])
        head[8:12] = b"\0\0\0\0"
        head[50:52] = b"\0\1"  # long loca
        hhea = bytearray(self.table(b"hhea")[:36])
        hhea[34:36] = struct.pack(">H", n)
        maxp = bytearray(self.table(b"maxp"))
        maxp[4:6] = struct.pack(">H", n)
        post = struct.pack(">IiHHIIIII", 0x00030000, *struct.unpack_from(">iHHIIIII", self.table(b"post"), 4)) \
            if b"post" in self.tables and self.tables[b"post"][1] >= 32 else None
        tables = {b"head": bytes(head), b"hhea": bytes(hhea), b"maxp": bytes(maxp), b"hmtx": hmtx.tobytes(),
                  b"loca": offsets.tobytes(), b"glyf": glyf}
        if post:
            tables[b"post"] = post
        for tag in _COPIED:
            if tag in self.tables:
                tables[tag] = self.table(tag)
        return _sfnt(tables, checksums)

    def _program(self, gid: int) -> tuple[bytes, int, bool]:
        """A glyph's program padded to 4 bytes, its checksum, and whether it is composite (kept per process:
        the documents of a family share most of their glyphs)."""
        if gid >= self.num_glyphs:
            return b"", 0, False
        start, end = self.loca[gid], self.loca[gid + 1]
        if end <= start:
            return b"", 0, False
        program = self.data[self.glyf_offset + start:self.glyf_offset + end]
        pad = (-len(program)) % 4
        if pad:
            program += b"\0" * pad
        return program, _checksum(program), bool(program[0] & 0x80)  # numberOfContours < 0: composite


def _renumber_components(program: bytes, order: list[int], component_ids: dict[int, int]) -> bytes:
    """A composite glyph with its component glyph indices changed to subset ids (components appended)."""
    out = bytearray(program)
    pos = 10
    while pos + 4 <= len(out):
        flags, gid = struct.unpack_from(">HH", out, pos)
        new = component_ids.get(gid)
        if new is None:
            new = component_ids[gid] = len(order)
            order.append(gid)
        struct.pack_into(">H", out, pos + 2, new)
        pos += 4 + (4 if flags & 0x0001 else 2)
        pos += 8 if flags & 0x0080 else 4 if flags & 0x0040 else 2 if flags & 0x0008 else 0
        if not flags & 0x0020:
            break
    return bytes(out)


def _swapped(values: list[int]) -> bytes:
    a = array("H", values)
    a.byteswap()
    return a.tobytes()


def _checksum(data: bytes) -> int:
    pad = (-len(data)) % 4
    words = _be_array("I", data + b"\0" * pad if pad else data)
    return sum(words) & 0xFFFFFFFF


def _sfnt(tables: dict[bytes, bytes], checksums: dict[bytes, int] | None = None) -> bytes:
    """Tables -> an sfnt file: directory sorted by tag, tables 4-byte aligned, head.checkSumAdjustment set.
    `checksums` gives the checksums of tables already known."""
    tags = sorted(tables)
    count = len(tags)
    power = 1 << (count.bit_length() - 1)
    header = struct.pack(">IHHHH", 0x00010000, count, power * 16, power.bit_length() - 1, count * 16 - power * 16)
    offset = 12 + 16 * count
    directory, body = [], []
    total = 0
    for tag in tags:
        data = tables[tag]
        checksum = checksums[tag] if checksums and tag in checksums else _checksum(data)
        total += checksum
        directory.append(struct.pack(">4sIII", tag, checksum, offset, len(data)))
        pad = (-len(data)) % 4
        body.append(data + b"\0" * pad if pad else data)
        offset += len(data) + pad
    front = header + b"".join(directory)
    total = (total + _checksum(front)) & 0xFFFFFFFF
    font = bytearray(front + b"".join(body))
    head_at = 12 + 16 * count + sum(len(b) for t, b in zip(tags, body, strict=True) if t < b"head")
    struct.pack_into(">I", font, head_at + 8, (0xB1B0AFBA - total) & 0xFFFFFFFF)
    return bytes(font)


@cache
def truetype(path: Path, index: int = 0) -> TrueType:
    """The parsed face, once per process."""
    return TrueType(path, index)


def glyph_lookup(path: Path, index: int, key: str) -> Callable[[int], int]:
    """Codepoint -> glyph id (0 when missing) of a face: from its fonts.Face (cached metrics) when layout
    loaded it, else from the font's own cmap."""
    from ..fonts.face import face_by_key

    face = face_by_key(key)
    if face is not None and face.path == path:
        return face.glyph_id
    cmap = _read_cmap(path, index)
    return lambda cp: cmap.get(cp, 0)


@cache
def _read_cmap(path: Path, index: int) -> dict[int, int]:
    from fontTools.ttLib import TTFont

    font = TTFont(path, fontNumber=index, lazy=True)
    try:
        return {cp: font.getGlyphID(name) for cp, name in (font.getBestCmap() or {}).items()}
    finally:
        font.close()


class FontUse:
    """The glyphs one PDF draws from one face."""

    def __init__(self, key: str, path: Path, index: int, postscript_name: str):
        self.key = key
        self.font = truetype(path, index)
        self.glyph_of = glyph_lookup(path, index, key)
        self.postscript_name = "".join(c for c in postscript_name if 33 <= ord(c) < 127 and c not in "()<>[]{}/%#")
        self.codes: dict[str, str] = {}  # character -> its CID as 4 hex digits
        self.gids = [0]  # subset glyph i is glyph gids[i] of the face
        self.chars = [""]  # the character of each CID, for ToUnicode
        self.cid_gids = [0]  # the subset glyph of each CID (0 for characters the face lacks)

    def encode(self, text: str) -> str:
        """`text` as a hex string of 2-byte CIDs (adding characters seen for the first time)."""
        codes = self.codes
        try:
            return "".join([codes[ch] for ch in text])
        except KeyError:
            for ch in text:
                if ch not in codes:
                    self._add(ch)
            return "".join([codes[ch] for ch in text])

    def _add(self, ch: str) -> None:
        known = self.font._char_glyphs  # kept per process: a family's documents share their characters
        gid = known.get(ch)
        if gid is None:
            gid = known[ch] = self.glyph_of(ord(ch))
        cid = len(self.chars)
        self.chars.append(ch)
        self.codes[ch] = f"{cid:04X}"
        if gid == 0 or gid >= self.font.num_glyphs:
            self.cid_gids.append(0)
        else:
            self.cid_gids.append(len(self.gids))
            self.gids.append(gid)

    def cid_to_gid(self) -> bytes | None:
        """The CIDToGIDMap stream data, or None when CIDs are the subset's glyph ids (/Identity)."""
        if len(self.cid_gids) == len(self.gids):
            return None
        return array("H", self.cid_gids).tobytes() if sys.byteorder == "big" else _swapped(self.cid_gids)

    def width(self, text: str, size: float) -> float:
        """Advance of `text` at `size` points, as a PDF viewer computes it from the W array."""
        font = self.font
        return sum(font.advance(self.glyph_of(ord(ch))) for ch in text) * size / font.units_per_em

    def subset_name(self) -> str:
        """ABCDEF+Name: six capitals from the glyph set (stable for equal subsets), as PDF requires."""
        digest = hashlib.md5(f"{self.postscript_name}:{self.gids}:{self.cid_gids}".encode()).digest()
        return "".join(chr(65 + b % 26) for b in digest[:6]) + "+" + (self.postscript_name or "Font")

    def widths(self) -> str:
        """The W array: one run of widths from CID 0, in 1/1000 em."""
        font = self.font
        scale = 1000 / font.units_per_em
        gids, known = self.gids, font._widths
        out = []
        for g in self.cid_gids:
            gid = gids[g]
            text = known.get(gid)
            if text is None:
                text = known[gid] = _num(font.advance(gid) * scale)
            out.append(text)
        return "[0 [" + " ".join(out) + "]]"

    def to_unicode(self) -> bytes:
        lines = []
        entries = [(cid, ch) for cid, ch in enumerate(self.chars) if ch]
        for start in range(0, len(entries), 100):
            block = entries[start:start + 100]
            lines.append(f"{len(block)} beginbfchar")
            lines.extend(f"<{cid:04X}> <{_utf16(ch)}>" for cid, ch in block)
            lines.append("endbfchar")
        return (_CMAP_HEAD + "\n".join(lines) + _CMAP_TAIL).encode("ascii")


_UTF16: dict[str, str] = {}


def _utf16(ch: str) -> str:
    text = _UTF16.get(ch)
    if text is None:
        text = _UTF16[ch] = ch.encode("utf-16-be").hex().upper()
    return text


_CMAP_HEAD = """/CIDInit /ProcSet findresource begin
12 dict begin
begincmap
/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def
/CMapName /Adobe-Identity-UCS def
/CMapType 2 def
1 begincodespacerange
<0000> <FFFF>
endcodespacerange
"""
_CMAP_TAIL = """
endcmap
CMapName currentdict /CMap defineresource pop
end
end
"""


def _num(value: float) -> str:
    """A PDF number: at most three decimals, no trailing zeros."""
    if value == int(value):
        return str(int(value))
    return f"{value:.3f}".rstrip("0").rstrip(".")
