"""The OFD writer (GB/T 33190-2016): the laid-out pages the PDF writer draws, as an OFD package.

    data = ofd_bytes_from_layout(layout_document(doc, profile, book))

The package (a zip): OFD.xml (DocInfo: title, author, subject, the document date, a DocID derived from the
content) -> Doc_0/Document.xml (A4 page area, pages, outline) -> PublicRes.xml (embedded font subsets),
DocumentRes.xml (seal images), Pages/Page_N/Content.xml, Tags/ (semantic tags, see tags.py). Same input, same bytes: ids are numbered in
drawing order, zip entries carry a fixed time.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from ...layout.model import LaidOut
from .content import Context, page_xml
from .fonts import EmbeddedFont, embed_font
from .outline import outlines
from .package import Part, image_resource, zip_parts
from .tags import INDEX_FILE, TAG_FILE, tag_parts
from .xml import mm, num, root, sub, to_bytes

DOC = "Doc_0"


def ofd_bytes_from_layout(laid: LaidOut) -> bytes:
    counter = iter(range(1, 1 << 31))
    last = 0

    def next_id() -> int:
        nonlocal last
        last = next(counter)
        return last

    fonts = _fonts(laid, next_id)
    images: dict[Path, tuple[int, tuple[int, int]]] = {}
    media: list[tuple[int, str, str, bytes]] = []  # (id, format, file, data)
    for page in laid.pages:
        for image in page.images:
            if image.path not in images:
                fmt, size, data = image_resource(image.path)
                images[image.path] = (next_id(), size)
                media.append((images[image.path][0], fmt, f"image_{len(media) + 1}.{fmt.lower()}", data))
    page_ids = [next_id() for _ in laid.pages]
    ctx = Context(next_id, fonts, images, laid.rgb)
    first = laid.pages[0]
    physical = (mm(first.width), mm(first.height))
    pages = [Part(f"{DOC}/Pages/Page_{i}/Content.xml", to_bytes(page_xml(page, ctx, i, page_ids[i], physical, laid.watermark)))
             for i, page in enumerate(laid.pages)]
    tags = tag_parts(ctx.tagged)

    document = root("Document")
    common = sub(document, "CommonData")
    sub(common, "MaxUnitID", str(last))
    sub(sub(common, "PageArea"), "PhysicalBox", f"0 0 {num(physical[0])} {num(physical[1])}")
    sub(common, "PublicRes", "PublicRes.xml")
    if media:
        sub(common, "DocumentRes", "DocumentRes.xml")
    listing = sub(document, "Pages")
    for part, page_id in zip(pages, page_ids, strict=True):
        sub(listing, "Page", ID=str(page_id), BaseLoc=part.name.removeprefix(f"{DOC}/"))
    if laid.bookmarks:
        outlines(document, laid.bookmarks, page_ids)
    if tags:
        sub(document, "CustomTags", INDEX_FILE)

    parts = [Part(f"{DOC}/Document.xml", to_bytes(document)), Part(f"{DOC}/PublicRes.xml", to_bytes(_public_res(fonts)))]
    if media:
        parts.append(Part(f"{DOC}/DocumentRes.xml", to_bytes(_document_res(media))))
    parts += pages
    if tags:
        parts += [Part(f"{DOC}/{INDEX_FILE}", tags[0]), Part(f"{DOC}/{TAG_FILE}", tags[1])]
    parts += [Part(f"{DOC}/Res/{font.file}", font.data) for _, font in fonts.values()]
    parts += [Part(f"{DOC}/Res/{file}", data) for _, _, file, data in media]
    meta = Part("DocInfo", "\0".join((laid.title, laid.author, laid.subject, laid.date or "")).encode())
    return zip_parts([Part("OFD.xml", to_bytes(_ofd_xml(laid, _doc_id([meta, *parts])))), *parts])


def write(prepared) -> bytes:
    """The registered OFD writer (officialdocs.writers): draws the pipeline's layout."""
    return ofd_bytes_from_layout(prepared.layout)


def _fonts(laid: LaidOut, next_id) -> dict[str, tuple[int, EmbeddedFont]]:
    """Each face the pages use, subset to the characters drawn in it, in a stable order."""
    chars: dict[str, set[str]] = {key: set() for key in laid.fonts}
    for page in laid.pages:
        for run in [*page.runs, *page.fixed]:
            chars.setdefault(run.face, set()).update(run.text)
    if laid.watermark:
        chars.setdefault(laid.watermark[1], set()).update(laid.watermark[0])
    taken: set[str] = set()
    out: dict[str, tuple[int, EmbeddedFont]] = {}
    for key in sorted(k for k, used in chars.items() if used):
        path, index = laid.fonts[key]
        out[key] = (next_id(), embed_font(key, Path(path), index, chars[key], taken))
    return out


def _public_res(fonts: dict[str, tuple[int, EmbeddedFont]]):
    res = root("Res", BaseLoc="Res")
    if fonts:
        group = sub(res, "Fonts")
        for font_id, font in fonts.values():
            element = sub(group, "Font", ID=str(font_id), FontName=font.name, FamilyName=font.family)
            for attr, on in (("Italic", font.italic), ("Bold", font.bold), ("FixedWidth", font.fixed_width)):
                if on:
                    element.set(attr, "true")
            sub(element, "FontFile", font.file)
    return res


def _document_res(media: list[tuple[int, str, str, bytes]]):
    res = root("Res", BaseLoc="Res")
    group = sub(res, "MultiMedias")
    for media_id, fmt, file, _ in media:
        element = sub(group, "MultiMedia", ID=str(media_id), Type="Image", Format=fmt)
        sub(element, "MediaFile", file)
    return res


def _doc_id(parts: list[Part]) -> str:
    """32 hex digits (the length of the UUID the standard suggests), derived from the metadata and every
    part: the same document always has the same DocID, and any change gives another."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.name.encode())
        digest.update(len(part.data).to_bytes(8, "big"))
        digest.update(part.data)
    return digest.hexdigest()[:32]


def _ofd_xml(laid: LaidOut, doc_id: str):
    from ... import __version__

    ofd = root("OFD", Version="1.0", DocType="OFD")
    body = sub(ofd, "DocBody")
    info = sub(body, "DocInfo")
    sub(info, "DocID", doc_id)
    for tag, value in (("Title", laid.title), ("Author", laid.author), ("Subject", laid.subject),
                       ("CreationDate", laid.date)):
        if value:
            sub(info, tag, value)
    sub(info, "Creator", "officialdocs")
    sub(info, "CreatorVersion", __version__)
    sub(body, "DocRoot", f"{DOC}/Document.xml")
    return ofd


__all__ = ["ofd_bytes_from_layout", "write"]
