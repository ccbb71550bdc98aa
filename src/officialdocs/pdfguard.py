"""Bounds for reading untrusted PDFs, checked on the raw bytes before PDFium sees them.

PDFium has no limit on how far a compressed stream may expand, so a small file can make it inflate
gigabytes (a "Flate bomb"). Every stream of the file is inflated here first, counting and discarding the
output, with a cap per stream and per file; a file over a cap is refused with a clear message. The same pass
collects the colours the content streams state (`0 .8 .8 0 k`, `1 0 0 rg`, `0 g`), because PDFium only
reports colours converted to RGB; pdfread matches them back (see `stated_colours`).

Not a PDF parser: it finds `stream ... endstream` pairs and reads the filter names from the dictionary
before each one. Encrypted streams cannot be inflated here and are left to PDFium. It also notes each font
descriptor's declared /Descent, which PDFium replaces by the font program's when a PDF declares 0.
"""

from __future__ import annotations

import base64
import binascii
import re
import zlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .errors import Location, OfficialDocsError, Problem

MIB = 1 << 20
MAX_FILE = 512 * MIB  # the PDF file itself
MAX_STREAM = 256 * MIB  # one stream, decoded (a 600 dpi A4 RGB scan is ~100 MiB)
MAX_TOTAL = 1024 * MIB  # all streams of the file, decoded
MAX_SCANNED = 16 * MIB  # content decoded and kept per stream to read its colour operators
CHUNK = 4 * MIB

_STREAM = re.compile(rb">>\s*stream(?:\r\n|\n|\r)")
_FILTER = re.compile(rb"/Filter\s*(\[[^\]]*\]|/[^\s/\[\]<>()]+)")
_NAME = re.compile(rb"/([^\s/\[\]<>()]+)")
_LENGTH = re.compile(rb"/Length\s+(\d+)(?!\s+\d+\s+R)")
# Streams that are not content: fonts, images, ICC profiles, metadata, object and xref streams, functions.
_NOT_CONTENT = re.compile(rb"/Length[123]\b|/N\s+\d|/Subtype\s*/(?!Form\b)|/Type\s*/(?:XRef|ObjStm|Metadata|EmbeddedFile)"
                          rb"|/FunctionType|/ShadingType")
_NUMBER = rb"[-+]?(?:\d+\.?\d*|\.\d+)"
_COLOUR_OP = re.compile(rb"((?:" + _NUMBER + rb"\s+){1,4})(scn|SCN|sc|SC|rg|RG|k|K|g|G)(?![^\s/\[\]<>()%])")
_OPERANDS = {b"g": 1, b"G": 1, b"rg": 3, b"RG": 3, b"k": 4, b"K": 4}


@dataclass
class PdfScan:
    """What the raw pass found: decoded bytes in total, and the colours stated by the content streams
    (each as its operands: 1 gray, 3 RGB, 4 CMYK components), with how often each is set."""

    decoded: int = 0
    streams: int = 0
    colours: Counter[tuple[float, ...]] = field(default_factory=Counter)
    descents: dict[bytes, float] = field(default_factory=dict)  # /FontName (raw bytes) -> /Descent per em
    # Characters a composite font draws with glyph 0 (.notdef): CIDs its CIDToGIDMap stream maps to 0, read
    # through its ToUnicode map -- how a writer that keeps the real character in the text layer marks a
    # character no font had.
    notdef_chars: set[str] = field(default_factory=set)


def read_limited(path: Path) -> bytes:
    """The file's bytes, refusing one larger than MAX_FILE."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE:
            raise OfficialDocsError(Problem(f"PDF 文件过大（{size / MIB:.0f} MB，上限 {MAX_FILE // MIB} MB）",
                                            Location(str(path)), "请拆分后分别检查"))
        return path.read_bytes()
    except OSError as exc:
        raise OfficialDocsError(Problem(f"无法读取文件：{exc.strerror or exc}", Location(str(path)))) from None


def scan_pdf(data: bytes, source: str) -> PdfScan:
    """Inflate every stream within the caps (raising on a bomb) and collect the stated colours."""
    if not data.lstrip()[:5].startswith(b"%PDF"):
        head = data[:1024]
        if b"%PDF" not in head:
            raise OfficialDocsError(Problem("不是 PDF 文件（缺少 %PDF 文件头）", Location(source),
                                            "确认文件是完整的 PDF"))
    scan = PdfScan()
    _collect_descents(data, scan.descents)
    maps = _font_maps(data)  # object number -> "cidmap" | "tounicode", for the notdef check
    kept: dict[int, bytes] = {}
    for match in _STREAM.finditer(data):
        start = match.end()
        head_at = max(data.rfind(b"obj", max(0, match.start() - 65536), match.start()), 0)
        dictionary = data[head_at:match.start() + 2]
        raw = data[start:_stream_end(data, start, dictionary)]
        objects = b"/ObjStm" in dictionary  # compressed objects: font descriptors may be in there
        number = _object_number(data, head_at)
        keep = objects or number in maps or not _NOT_CONTENT.search(dictionary)
        decoded, size = _decode(raw, _filters(dictionary), keep, source, scan.decoded)
        if decoded is not None and number in maps:
            kept[number] = decoded
        scan.decoded += size
        scan.streams += 1
        if decoded and objects:
            _collect_descents(decoded, scan.descents)
        elif decoded and number not in maps:
            _collect_colours(decoded, scan.colours)
    scan.notdef_chars = _notdef_chars(data, kept)
    return scan


_OBJ_HEAD = re.compile(rb"(\d+)\s+\d+\s+$")
_TYPE0 = re.compile(rb"/DescendantFonts\s*\[\s*(\d+)\s+\d+\s+R\s*\]\s*/ToUnicode\s+(\d+)\s+\d+\s+R"
                    rb"|/ToUnicode\s+(\d+)\s+\d+\s+R\s*/DescendantFonts\s*\[\s*(\d+)\s+\d+\s+R\s*\]")
_CIDMAP = re.compile(rb"/CIDToGIDMap\s+(\d+)\s+\d+\s+R")
_BFCHAR = re.compile(rb"<([0-9A-Fa-f]{2,8})>\s*<([0-9A-Fa-f]{4,32})>")


def _object_number(data: bytes, head_at: int) -> int:
    match = _OBJ_HEAD.search(data[max(0, head_at - 24):head_at])
    return int(match.group(1)) if match else -1


def _font_maps(data: bytes) -> dict[int, str]:
    """Object numbers of the CIDToGIDMap and ToUnicode streams of composite fonts (uncompressed objects)."""
    out: dict[int, str] = {}
    for m in _CIDMAP.finditer(data):
        out[int(m.group(1))] = "cidmap"
    for m in _TYPE0.finditer(data):
        out[int(m.group(2) or m.group(3))] = "tounicode"
    return out


def _notdef_chars(data: bytes, kept: dict[int, bytes]) -> set[str]:
    """Each composite font's CIDs that its CIDToGIDMap sends to glyph 0, as the characters ToUnicode gives."""
    cidmaps = {_object_number(data, data.rfind(b"obj", 0, m.start())): int(m.group(1))
               for m in _CIDMAP.finditer(data)}  # CIDFont object -> its map stream
    found: set[str] = set()
    for m in _TYPE0.finditer(data):
        descendant = int(m.group(1) or m.group(4))
        to_unicode = kept.get(int(m.group(2) or m.group(3)))
        gids = kept.get(cidmaps.get(descendant, -1))
        if not gids or not to_unicode:
            continue
        zero = {cid for cid in range(1, len(gids) // 2) if gids[2 * cid] == 0 and gids[2 * cid + 1] == 0}
        for code, text in _BFCHAR.findall(to_unicode):
            if int(code, 16) in zero:
                try:
                    found.add(bytes.fromhex(text.decode()).decode("utf-16-be"))
                except (UnicodeDecodeError, ValueError):
                    continue
    return found


def _stream_end(data: bytes, start: int, dictionary: bytes) -> int:
    length = _LENGTH.search(dictionary)
    if length:
        end = start + int(length.group(1))
        if data[end:end + 24].lstrip().startswith(b"endstream"):
            return end
    found = data.find(b"endstream", start)
    return len(data) if found < 0 else found


def _filters(dictionary: bytes) -> list[str]:
    found = _FILTER.search(dictionary)
    if not found:
        return []
    return [n.decode("latin-1") for n in _NAME.findall(found.group(1))]


def _too_big(source: str, what: str) -> OfficialDocsError:
    return OfficialDocsError(Problem(
        f"PDF 中的数据解压后{what}，可能是恶意构造的文件（压缩炸弹），已停止读取", Location(source),
        "确认文件来源；正常的公文 PDF 远小于此"))


def _decode(raw: bytes, filters: list[str], keep: bool, source: str, total: int) -> tuple[bytes | None, int]:
    """Apply the filters that expand data (Flate, LZW) and the ASCII ones in front of them; return the
    decoded bytes when `keep` (content to scan) and the decoded size. Stops at the first other filter."""
    data: bytes | None = raw
    size = len(raw)
    for i, name in enumerate(filters):
        last = i == len(filters) - 1
        retain = keep or not last
        if name in ("FlateDecode", "Fl"):
            data, size = _inflate(data or b"", retain, source, total)
        elif name in ("LZWDecode", "LZW"):
            data, size = _lzw(data or b"", retain, source, total)
        elif name in ("ASCIIHexDecode", "AHx"):
            data = _unhex(data or b"")
            size = len(data)
        elif name in ("ASCII85Decode", "A85"):
            data = _un85(data or b"")
            size = len(data)
        else:  # images (DCT, JPX, CCITT, JBIG2), RunLength (at most 128:1), Crypt: not expanded further here
            return None, size
        if data is None:
            return None, size
    return (data if keep else None), size


def _check(size: int, source: str, total: int) -> None:
    if size > MAX_STREAM:
        raise _too_big(source, f"单个数据流超过 {MAX_STREAM // MIB} MB")
    if total + size > MAX_TOTAL:
        raise _too_big(source, f"合计超过 {MAX_TOTAL // MIB} MB")


def _inflate(raw: bytes, keep: bool, source: str, total: int) -> tuple[bytes | None, int]:
    inflater = zlib.decompressobj()
    parts: list[bytes] = []
    size = 0
    pending = raw
    try:
        while True:
            out = inflater.decompress(pending, CHUNK)
            size += len(out)
            _check(size, source, total)
            if keep and size <= MAX_SCANNED:
                parts.append(out)
            pending = inflater.unconsumed_tail
            if not pending or inflater.eof:
                break
    except zlib.error:  # damaged or encrypted: PDFium will decide; what was inflated so far is counted
        pass
    return (b"".join(parts) if keep else None), size


def _lzw(raw: bytes, keep: bool, source: str, total: int) -> tuple[bytes | None, int]:
    """LZW as PDF uses it (early change 1, MSB first), counting output and keeping it when asked."""
    table: list[bytes] = [bytes([i]) for i in range(256)] + [b"", b""]
    out: list[bytes] = []
    size, bits, value, width, previous = 0, 0, 0, 9, b""
    for byte in raw:
        value, bits = (value << 8) | byte, bits + 8
        while bits >= width:
            bits -= width
            code = (value >> bits) & ((1 << width) - 1)
            if code == 256:  # clear table
                del table[258:]
                width, previous = 9, b""
                continue
            if code == 257:  # end of data
                return (b"".join(out) if keep else None), size
            if code < len(table):
                entry = table[code]
                if previous:
                    table.append(previous + entry[:1])
            elif previous:
                entry = previous + previous[:1]
                table.append(entry)
            else:
                return (b"".join(out) if keep else None), size
            size += len(entry)
            _check(size, source, total)
            if keep and size <= MAX_SCANNED:
                out.append(entry)
            previous = entry
            if len(table) + 1 >= (1 << width) and width < 12:
                width += 1
    return (b"".join(out) if keep else None), size


def _unhex(raw: bytes) -> bytes:
    text = re.sub(rb"\s", b"", raw).split(b">", 1)[0]
    try:
        return binascii.unhexlify(text + b"0" * (len(text) % 2))
    except binascii.Error:
        return b""


def _un85(raw: bytes) -> bytes:
    text = re.sub(rb"\s", b"", raw)
    if text.startswith(b"<~"):
        text = text[2:]
    try:
        return base64.a85decode(text.split(b"~>", 1)[0] + b"~>", adobe=True)
    except ValueError:
        return b""


def _collect_colours(content: bytes, found: Counter[tuple[float, ...]]) -> None:
    for operands, op in _COLOUR_OP.findall(content):
        values = operands.split()
        count = _OPERANDS.get(op, len(values))
        if count not in (1, 3, 4) or len(values) < count:
            continue
        try:
            colour = tuple(min(max(float(v), 0.0), 1.0) for v in values[-count:])
        except ValueError:
            continue
        if len(found) < 4096 or colour in found:
            found[colour] += 1


_DESCRIPTOR = re.compile(rb"/Type\s*/FontDescriptor\b")
_FONT_NAME = re.compile(rb"/FontName\s*/([^\s/\[\]<>()]+)")
_DESCENT = re.compile(rb"/Descent\s+([-+]?(?:\d+\.?\d*|\.\d+))")


def _collect_descents(chunk: bytes, found: dict[bytes, float]) -> None:
    for match in _DESCRIPTOR.finditer(chunk):
        body = _enclosing_dict(chunk, match.start(), match.end())
        name, descent = _FONT_NAME.search(body), _DESCENT.search(body)
        if name and descent:
            # PDF 9.8.1: /Descent is negative; some writers put it positive (as pdfminer does, force it).
            found.setdefault(_unescape_name(name.group(1)), -abs(float(descent.group(1))) / 1000)


def _enclosing_dict(chunk: bytes, start: int, end: int, reach: int = 4096) -> bytes:
    """The `<< ... >>` around chunk[start:end], found by balancing the brackets within `reach` bytes."""
    depth, lo = 0, max(0, start - reach)
    i = start
    while i > lo:
        i -= 1
        pair = chunk[i - 1:i + 1]
        if pair == b">>":
            depth, i = depth + 1, i - 1
        elif pair == b"<<":
            if depth == 0:
                start = i - 1
                break
            depth, i = depth - 1, i - 1
    depth, hi = 0, min(len(chunk), end + reach)
    i = end
    while i < hi - 1:
        pair = chunk[i:i + 2]
        if pair == b"<<":
            depth, i = depth + 1, i + 2
        elif pair == b">>":
            if depth == 0:
                return chunk[start:i + 2]
            depth, i = depth - 1, i + 2
        else:
            i += 1
    return chunk[start:hi]


def _unescape_name(name: bytes) -> bytes:
    """A PDF name's #xx escapes decoded (#B7#C2#CB#CE -> GBK bytes of 仿宋)."""
    return re.sub(rb"#([0-9A-Fa-f]{2})", lambda m: bytes([int(m.group(1), 16)]), name)
