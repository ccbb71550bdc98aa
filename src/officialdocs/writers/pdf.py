"""The PDF writer: laid-out pages -> PDF bytes, written directly (no drawing library).

We emit a small fixed set of objects, so writing them ourselves is short and several times faster than a
general canvas: pages with one content stream each, Type0 fonts (embedded TrueType subsets with ToUnicode,
writers/pdf_fonts.py), image XObjects (PNG alpha as a soft mask), heading bookmarks, the document info.
Colours are CMYK (the red of the masthead and the seal's rules). Numbers are written the way reportlab,
our earlier backend, wrote them, so pages render pixel for pixel as before. Same input, same bytes: no clock,
no random ids (the file ID is a hash of the content).

Compression: `OFFICIALDOCS_PDF_COMPRESSION` = `fast` (default: ISA-L level 1 when the `isal` package is
there, else zlib level 1) or `small` (zlib level 9: a few per cent smaller, several times slower).
"""

from __future__ import annotations

import hashlib
import math
import os
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..layout.model import Bookmark, GlyphRun, LaidOut, Page
from .pdf_fonts import FontUse

COMPRESSION_ENV = "OFFICIALDOCS_PDF_COMPRESSION"
COMPRESSION_CHOICES = ("fast", "small")
_HEADER = b"%PDF-1.6\n%\xe2\xe3\xcf\xd3\n"
_DATE = "D:20000101000000+00'00'"  # fixed: a PDF must not change with the clock


def _compressor() -> Callable[[bytes], bytes]:
    if compression_choice() == "small":
        return lambda data: zlib.compress(data, 9)
    # ISA-L: deflate at level 1 in a seventh of zlib's time, about as small as zlib's level 6.
    try:
        from isal import isal_zlib
    except ImportError:
        return lambda data: zlib.compress(data, 1)
    return lambda data: isal_zlib.compress(data, 1)


def compression_choice() -> str:
    choice = os.environ.get(COMPRESSION_ENV, "fast").strip().lower()
    return choice if choice in COMPRESSION_CHOICES else "fast"


def pdf_bytes_from_layout(laid: LaidOut) -> bytes:
    return _Writer(laid).write()


# --- numbers and strings ----------------------------------------------------------------------------------

_log10 = math.log10
_formatted: dict[float, str] = {}  # coordinates, sizes and colours repeat: format each value once


def _fp(value: float) -> str:
    """A number as reportlab's fp_str writes it: about seven significant digits, no trailing zeros."""
    text = _formatted.get(value)
    if text is None:
        if len(_formatted) > 50_000:
            _formatted.clear()
        text = _formatted[value] = _format(value)
    return text


def _format(value: float) -> str:
    a = abs(value)
    if a <= 1e-7:
        return "0"
    decimals = 6 if a <= 1 else min(max(0, 6 - int(_log10(a))), 6)
    text = f"{value:.{decimals}f}"
    if decimals:
        text = text.rstrip("0")
        if text[-1] == ".":
            text = text[:-1]
    return text[1:] if text[0] == "0" and len(text) > 1 else text


def _text_string(text: str) -> str:
    """A PDF text string: UTF-16BE with its byte-order mark, in hex (no escaping questions)."""
    return "<FEFF" + text.encode("utf-16-be").hex().upper() + ">"


def _cmyk(color) -> str:
    return " ".join(_fp(c) for c in color)


# --- images -----------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Image:
    width: int
    height: int
    dictionary: str  # without Length
    data: bytes
    mask: tuple[str, bytes] | None = None  # (dictionary, data) of the soft mask


_images: dict[tuple[str, int, int, str], _Image] = {}


def _load_image(path: Path, deflate: Callable[[bytes], bytes]) -> _Image:
    """An image file as XObject data, once per process: JPEG passed through, anything else deflated, alpha as
    an SMask. A file that is no readable image is a user error naming the file."""
    from PIL import Image, UnidentifiedImageError

    from ..errors import OfficialDocsError, Problem

    try:
        stat = path.stat()
        ident = (str(path), stat.st_size, stat.st_mtime_ns, compression_choice())
        image = _images.get(ident)
        if image is None:
            image = _images[ident] = _read_image(path, deflate)
        return image
    except (OSError, UnidentifiedImageError, Image.DecompressionBombError, ValueError, SyntaxError) as exc:
        raise OfficialDocsError(Problem(f"图片无法读取：{path}（{type(exc).__name__}）",
                                        hint="印章等图片应为 PNG 或 JPEG 文件")) from None


def _read_image(path: Path, deflate: Callable[[bytes], bytes]) -> _Image:
    from PIL import Image

    with Image.open(path) as im:
        w, h = im.size
        base = f"/Type /XObject /Subtype /Image /Width {w} /Height {h} /BitsPerComponent 8"
        if im.format == "JPEG" and im.mode in ("L", "RGB", "CMYK"):
            space = {"L": "/DeviceGray", "RGB": "/DeviceRGB", "CMYK": "/DeviceCMYK /Decode [1 0 1 0 1 0 1 0]"}
            image = _Image(w, h, f"{base} /ColorSpace {space[im.mode]} /Filter /DCTDecode", path.read_bytes())
        else:
            has_alpha = im.mode in ("RGBA", "LA", "PA") or (im.mode == "P" and "transparency" in im.info)
            if has_alpha:
                im = im.convert("RGBA")
                mask = (f"/Type /XObject /Subtype /Image /Width {w} /Height {h} /BitsPerComponent 8 "
                        "/ColorSpace /DeviceGray /Decode [0 1] /Filter /FlateDecode",
                        deflate(im.getchannel("A").tobytes()))
                im = im.convert("RGB")
            else:
                mask = None
                if im.mode not in ("L", "RGB", "CMYK"):
                    im = im.convert("RGB")
            color_space = {"L": "/DeviceGray", "RGB": "/DeviceRGB", "CMYK": "/DeviceCMYK"}[im.mode]
            image = _Image(w, h, f"{base} /ColorSpace {color_space} /Filter /FlateDecode", deflate(im.tobytes()), mask)
    return image


# --- the document -----------------------------------------------------------------------------------------

@dataclass
class _Outline:
    title: str = ""
    page: int = 0
    top: float = 0.0
    children: list[_Outline] = field(default_factory=list)


class _Writer:
    def __init__(self, laid: LaidOut):
        self.laid = laid
        self.deflate = _compressor()
        self.objects: list[bytes | None] = [None]  # object 0 is the free list head
        self.fonts: dict[str, tuple[str, FontUse]] = {}  # face key -> (resource name, use)
        self.images: dict[Path, tuple[str, _Image]] = {}

    # objects
    def reserve(self) -> int:
        self.objects.append(None)
        return len(self.objects) - 1

    def put(self, number: int, body: str | bytes) -> int:
        self.objects[number] = body.encode("latin-1") if isinstance(body, str) else body
        return number

    def add(self, body: str | bytes) -> int:
        return self.put(self.reserve(), body)

    def stream(self, dictionary: str, data: bytes, compress: bool = True) -> int:
        if compress:
            data = self.deflate(data)
            dictionary += " /Filter /FlateDecode"
        return self.add(b"<< " + f"{dictionary} /Length {len(data)}".encode("latin-1") + b" >>\nstream\n" + data
                        + b"\nendstream")

    # resources
    def font(self, key: str) -> tuple[str, FontUse]:
        found = self.fonts.get(key)
        if found is None:
            path, index = self.laid.fonts[key]
            from ..fonts.face import face_by_key

            face = face_by_key(key)
            ps_name = face.postscript_name if face is not None else key
            found = self.fonts[key] = (f"F{len(self.fonts) + 1}", FontUse(key, Path(path), index, ps_name))
        return found

    def image(self, path: Path) -> tuple[str, _Image]:
        found = self.images.get(path)
        if found is None:
            found = self.images[path] = (f"Im{len(self.images) + 1}", _load_image(path, self.deflate))
        return found

    # pages
    def page_content(self, page: Page) -> bytes:
        out: list[str] = []
        if self.laid.watermark:
            self.watermark(out, page, *self.laid.watermark)
        if page.landscape_content:
            out.append(f"q 0 1 -1 0 {_fp(page.width)} 0 cm\n")  # 90° anticlockwise: the frame's top to the left
            self.content(out, page, page.width)
            out.append("Q\n")
        else:
            self.content(out, page, page.height)
        for run in page.fixed:
            self.run(out, run, page.height)
        return "".join(out).encode("latin-1")

    def content(self, out: list[str], page: Page, h: float) -> None:
        """Everything but the page number; `h` is the height of the frame the coordinates refer to."""
        for item in page.images:
            name, image = self.image(Path(item.path))
            # Fit and centre in the box, keeping the aspect ratio (reportlab's preserveAspectRatio).
            scale = min(item.width / image.width, item.height / image.height)
            w, hh = scale * image.width - 1e-8, scale * image.height - 1e-8
            x = item.x + (item.width - w) / 2
            y = h - item.y - item.height + (item.height - hh) / 2
            out.append(f"q 1 0 0 1 {_fp(x)} {_fp(y)} cm {_fp(w)} 0 0 {_fp(hh)} 0 0 cm /{name} Do Q\n")
        for rule in page.rules:
            rule_y = _fp(h - rule.y)
            out.append(f"{_cmyk(rule.color)} K {_fp(rule.thickness)} w n {_fp(rule.x0)} {rule_y} m {_fp(rule.x1)} "
                       f"{rule_y} l S\n")
        for box in page.boxes:
            out.append(f"{_cmyk(box.color)} K {_fp(box.thickness)} w n {_fp(box.x0)} {_fp(h - box.y1)} "
                       f"{_fp(box.x1 - box.x0)} {_fp(box.y1 - box.y0)} re S\n")
        for run in page.runs:
            self.run(out, run, h)

    def run(self, out: list[str], run: GlyphRun, page_height: float) -> None:
        """One text object per run; stretches between characters become character spacing (Tc), split into
        segments wherever the extra spacing changes, so every glyph lands exactly where the layout put it."""
        name, use = self.font(run.face)
        scale = run.h_scale / 100
        y = _fp(page_height - run.baseline)
        out.append(f"BT /{name} {_fp(run.size)} Tf {_fp(run.h_scale)} Tz {_cmyk(run.color)} k\n")
        text = run.text
        extras = [a - n for a, n in zip(run.advances, run.naturals, strict=True)]
        if not extras:
            out.append("ET\n")
            return
        first = extras[0]
        if max(extras) - first <= 0.001 and first - min(extras) <= 0.001:  # most runs: one spacing throughout
            tc = first / scale if scale else first  # Tc is scaled by Tz in PDF
            out.append(f"1 0 0 1 {_fp(run.x)} {y} Tm {_fp(tc)} Tc <{use.encode(text)}> Tj\n")
            out.append("ET\n")
            return
        x = start_x = run.x
        start, spacing = 0, first
        for i, (extra, advance) in enumerate(zip(extras, run.advances, strict=True)):
            if abs(extra - spacing) > 0.001:
                tc = spacing / scale if scale else spacing
                out.append(f"1 0 0 1 {_fp(start_x)} {y} Tm {_fp(tc)} Tc <{use.encode(text[start:i])}> Tj\n")
                start, spacing, start_x = i, extra, x
            x += advance
        tc = spacing / scale if scale else spacing
        out.append(f"1 0 0 1 {_fp(start_x)} {y} Tm {_fp(tc)} Tc <{use.encode(text[start:])}> Tj\n")
        out.append("ET\n")

    def watermark(self, out: list[str], page: Page, text: str, face: str) -> None:
        """A light diagonal draft mark (征求意见稿) behind the text of every page."""
        name, use = self.font(face)
        size = min(96.0, page.width * 1.1 / max(len(text), 1))
        c = math.cos(math.pi / 4)
        x = -use.width(text, size) / 2
        out.append(f"q 0 0 0 .12 k 1 0 0 1 {_fp(page.width / 2)} {_fp(page.height / 2)} cm "
                   f"{_fp(c)} {_fp(c)} {_fp(-c)} {_fp(c)} 0 0 cm\n"
                   f"BT /{name} {_fp(size)} Tf 1 0 0 1 {_fp(x)} {_fp(-size / 3)} Tm <{use.encode(text)}> Tj ET Q\n")

    # the file
    def write(self) -> bytes:
        laid = self.laid
        catalog, pages_id, info, resources = self.reserve(), self.reserve(), self.reserve(), self.reserve()
        page_ids = []
        for page in laid.pages:
            content = self.stream("", self.page_content(page))
            page_ids.append(self.add(
                f"<< /Type /Page /Parent {pages_id} 0 R /MediaBox [0 0 {_fp(page.width)} {_fp(page.height)}] "
                f"/Resources {resources} 0 R /Contents {content} 0 R >>"))
        self.put(pages_id, f"<< /Type /Pages /Count {len(page_ids)} /Kids [{' '.join(f'{p} 0 R' for p in page_ids)}] >>")
        self.put(resources, self.resources())
        outlines = self.outlines(laid.bookmarks, page_ids)
        extra = f" /Outlines {outlines} 0 R /PageMode /UseOutlines" if outlines else ""
        self.put(catalog, f"<< /Type /Catalog /Pages {pages_id} 0 R{extra} >>")
        self.put(info, f"<< /Title {_text_string(laid.title)} /Author {_text_string(laid.author)} "
                       f"/Subject {_text_string(laid.subject)} /Creator (officialdocs) /Producer (officialdocs) "
                       f"/CreationDate ({_DATE}) /ModDate ({_DATE}) >>")
        return self.serialise(catalog, info)

    def resources(self) -> str:
        fonts = []
        for name, use in self.fonts.values():
            fonts.append(f"/{name} {self.type0(use)} 0 R")
        images = []
        for name, image in self.images.values():
            mask = ""
            if image.mask:
                mask = f" /SMask {self.stream(image.mask[0], image.mask[1], compress=False)} 0 R"
            images.append(f"/{name} {self.stream(image.dictionary + mask, image.data, compress=False)} 0 R")
        xobjects = f" /XObject << {' '.join(images)} >>" if images else ""
        return f"<< /ProcSet [/PDF /Text /ImageB /ImageC /ImageI] /Font << {' '.join(fonts)} >>{xobjects} >>"

    def type0(self, use: FontUse) -> int:
        font = use.font
        program = font.subset(use.gids)
        file = self.stream(f"/Length1 {len(program)}", program)
        scale = 1000 / font.units_per_em
        base = use.subset_name()
        bbox = " ".join(_fp(v * scale) for v in font.bbox)
        descriptor = self.add(
            f"<< /Type /FontDescriptor /FontName /{base} /Flags 4 /FontBBox [{bbox}] "
            f"/ItalicAngle {_fp(font.italic_angle)} /Ascent {_fp(font.ascent * scale)} "
            f"/Descent {_fp(font.descent * scale)} /CapHeight {_fp(font.cap_height * scale)} "
            f"/StemV {font.stem_v} /FontFile2 {file} 0 R >>")
        cid_map = use.cid_to_gid()
        cid_map_ref = f"{self.stream('', cid_map)} 0 R" if cid_map is not None else "/Identity"
        cid_font = self.add(
            f"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /{base} "
            "/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
            f"/FontDescriptor {descriptor} 0 R /W {use.widths()} /CIDToGIDMap {cid_map_ref} >>")
        to_unicode = self.stream("", use.to_unicode())
        return self.add(f"<< /Type /Font /Subtype /Type0 /BaseFont /{base} /Encoding /Identity-H "
                        f"/DescendantFonts [{cid_font} 0 R] /ToUnicode {to_unicode} 0 R >>")

    def outlines(self, bookmarks: list[Bookmark], page_ids: list[int]) -> int | None:
        """The bookmark tree (levels as the layout gives them, open), or None without bookmarks."""
        if not bookmarks:
            return None
        root = _Outline()
        stack = [root]
        for b in bookmarks:
            node = _Outline(b.title, b.page, self.laid.pages[b.page].height - b.y + 4)
            del stack[b.level + 1:]
            stack[-1].children.append(node)
            stack.append(node)
        root_id = self.reserve()

        def count(node: _Outline) -> int:
            return sum(1 + count(child) for child in node.children)

        def emit(node: _Outline, own: int) -> tuple[int, int]:
            """Write the children of `node` (parent object `own`); return their first and last ids."""
            ids = [self.reserve() for _ in node.children]
            for i, (child, child_id) in enumerate(zip(node.children, ids, strict=True)):
                links = f"/Parent {own} 0 R"
                if i:
                    links += f" /Prev {ids[i - 1]} 0 R"
                if i + 1 < len(ids):
                    links += f" /Next {ids[i + 1]} 0 R"
                if child.children:
                    first, last = emit(child, child_id)
                    links += f" /First {first} 0 R /Last {last} 0 R /Count {count(child)}"
                self.put(child_id, f"<< /Title {_text_string(child.title)} {links} "
                                   f"/Dest [{page_ids[child.page]} 0 R /XYZ 0 {_fp(child.top)} 0] >>")
            return ids[0], ids[-1]

        first, last = emit(root, root_id)
        self.put(root_id, f"<< /Type /Outlines /First {first} 0 R /Last {last} 0 R /Count {count(root)} >>")
        return root_id

    def serialise(self, catalog: int, info: int) -> bytes:
        parts = [_HEADER]
        offsets = []
        pos = len(_HEADER)
        for number, body in enumerate(self.objects[1:], start=1):
            chunk = b"%d 0 obj\n%s\nendobj\n" % (number, body)
            offsets.append(pos)
            parts.append(chunk)
            pos += len(chunk)
        digest = hashlib.md5(b"".join(parts)).hexdigest()
        xref = [f"xref\n0 {len(self.objects)}\n0000000000 65535 f \n"]
        xref.extend(f"{offset:010d} 00000 n \n" for offset in offsets)
        xref.append(f"trailer\n<< /Size {len(self.objects)} /Root {catalog} 0 R /Info {info} 0 R "
                    f"/ID [<{digest}> <{digest}>] >>\nstartxref\n{pos}\n%%EOF\n")
        parts.append("".join(xref).encode("latin-1"))
        return b"".join(parts)


def write(prepared) -> bytes:
    """The registered PDF writer (officialdocs.writers): draws the pipeline's layout."""
    return pdf_bytes_from_layout(prepared.layout)
