"""The PDF layout engine: the anatomy + style profile + fonts -> pages of positioned glyphs (plain data).

It measures, breaks lines and paginates; every GB/T 9704 decision comes from the anatomy. No reportlab
here: the page-drawing writers (PDF, OFD) draw what this returns.
"""

from __future__ import annotations

from ..anatomy import build_anatomy
from ..anatomy.model import Anatomy, AttachmentPart
from ..document import Document
from ..style import Profile, mm_to_pt
from .closing import layout_colophon, number_pages
from .flow import Frame, cmyk
from .model import LaidOut, MissingGlyph
from .place import place_elements

__all__ = ["LaidOut", "layout_anatomy", "layout_document"]


def layout_document(doc: Document, profile: Profile, book) -> LaidOut:
    """Build the document's anatomy and lay it out (the pipeline builds the anatomy once and calls
    layout_anatomy itself)."""
    return layout_anatomy(build_anatomy(doc, profile), profile, book)


def layout_anatomy(anatomy: Anatomy, profile: Profile, book) -> LaidOut:
    missing: list[tuple] = []  # (char, role, where[, fallback face])
    f = Frame(profile, book, missing)
    place_elements(f, anatomy.masthead, free=True)
    place_elements(f, anatomy.body)
    for part in anatomy.attachments:
        _attachment(f, part)
    unnumbered = layout_colophon(f, anatomy.colophon)
    number_pages(f, anatomy.page_numbers, unnumbered)
    if profile.page.mirror:
        _mirror(f, profile)
    fonts = _fonts_used(f)
    watermark = None
    if anatomy.watermark:
        face = book.primary("title")
        fonts[face.key] = (face.path, face.subfont_index)
        watermark = (anatomy.watermark, face.key)
    return LaidOut(
        pages=f.pages, title=anatomy.title, author=anatomy.author, subject=anatomy.subject,
        bookmarks=f.bookmarks, missing=[MissingGlyph(*m) for m in missing],
        fonts=fonts, watermark=watermark, date=_iso_date(anatomy.date),
        rgb={cmyk(profile.colors.red.cmyk): profile.colors.red.rgb.upper()},
    )


def _iso_date(text: str | None) -> str | None:
    """The document date (成文日期, as printed) as ISO yyyy-mm-dd for metadata; None when it is not a date."""
    from ..numerals import parse_date

    try:
        return parse_date(text).isoformat() if text else None
    except ValueError:
        return None


def _attachment(f: Frame, part: AttachmentPart) -> None:
    """A new page (turned when it opens with a landscape table: label and title go on it too), then the
    label, the title and the attachment's own elements."""
    if part.landscape:
        f.landscape(True)
    else:
        f.new_page()
    place_elements(f, [part.label, part.title], zone="attachment.")
    f.bookmark(f"{part.label.text} {part.title.text}", 0, (len(f.pages) - 1, f.g.top))
    place_elements(f, part.elements, zone="attachment.")


def _mirror(f: Frame, profile: Profile) -> None:
    """Mirror margins: even pages have the binding edge on the right, so their block moves by the difference
    of the side margins (odd pages keep left = inside)."""
    from dataclasses import replace

    dx = mm_to_pt(profile.page.margins.right - profile.page.margins.left)
    for index, page in enumerate(f.pages):
        if index % 2 == 0:
            continue
        if not page.landscape_content:
            page.runs = [replace(r, x=r.x + dx) for r in page.runs]
            page.rules = [replace(r, x0=r.x0 + dx, x1=r.x1 + dx) for r in page.rules]
            page.boxes = [replace(b, x0=b.x0 + dx, x1=b.x1 + dx) for b in page.boxes]
            page.images = [replace(i, x=i.x + dx) for i in page.images]
        page.fixed = [replace(r, x=r.x + dx) for r in page.fixed]


def _fonts_used(f: Frame) -> dict:
    used = {run.face for page in f.pages for run in [*page.runs, *page.fixed]}
    paths = {}
    for role in f.profile.fonts:
        for face in f.book.chain(role):
            if face.key in used:
                paths[face.key] = (face.path, face.subfont_index)
    return paths
