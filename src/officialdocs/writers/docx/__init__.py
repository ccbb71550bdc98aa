"""The .docx writer: `Document` + style profile -> a GB/T 9704 Word file (python-docx + raw OOXML)."""

from __future__ import annotations

import io
from functools import cache
from pathlib import Path

import docx
from docx.oxml.ns import qn
from docx.shared import Twips

from ...anatomy import build_anatomy
from ...anatomy.model import Anatomy
from ...document import Document
from ...style import Profile, mm_to_twips, pt_to_mm
from .body import write_attachment, write_elements
from .builder import Builder
from .colophon import write_colophon
from .footer import write_footers
from .letterhead import close_letterhead
from .ooxml import el
from .package import (
    fixed_time,
    flush_generic_parts,
    prune_parts,
    set_app_properties,
    set_core_properties,
    to_bytes,
)
from .styles import build_font_table, build_settings, build_styles, line_twips, patch_theme


@cache
def _base_package(profile_json: str, first_page_number: bool = True) -> bytes:
    """An empty document with our styles, fonts, settings, page setup and footers, built once per profile
    (and page-1 numbering) and process: python-docx's default template (a 350 kB styles part) is parsed once,
    not per document."""
    profile = Profile.model_validate_json(profile_json)
    word = docx.Document()
    prune_parts(word)
    build_styles(word, profile)
    build_font_table(word, profile)
    build_settings(word, profile)
    patch_theme(word, profile)
    _page_setup(word, profile)
    write_footers(word, profile, first_page_number)
    flush_generic_parts(word)
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def docx_bytes(doc: Document, profile: Profile, anatomy: Anatomy | None = None, *, pages: int | None = None,
               colophon_breaks: int = 0, colophon_unnumbered: bool = False, closing_gap: int | None = None) -> bytes:
    """The .docx of a document: its anatomy (built here unless the pipeline built it) mapped onto Word. `pages`:
    the page count of the PDF engine's layout of the same document, for docProps/app.xml (left out without it);
    `colophon_breaks`: new pages the layout began before the 版记 (its page of its own, even, 7.5);
    `colophon_unnumbered`: the layout left the blank page and the 版记 page without numbers (7.5); `closing_gap`: the
    empty lines the layout left above the closing block (fewer than the anatomy's when it closed them up, 7.3.5.5)."""
    anatomy = anatomy if anatomy is not None else build_anatomy(doc, profile)
    word = docx.Document(io.BytesIO(_base_package(profile.model_dump_json(), anatomy.page_numbers.first_page)))
    b = Builder(word, profile)
    b.closing_gap = closing_gap
    write_elements(b, anatomy.masthead, masthead=True)
    close_letterhead(b)
    write_elements(b, anatomy.body)
    for part in anatomy.attachments:
        write_attachment(b, part)
    write_colophon(b, anatomy.colophon, breaks=colophon_breaks, unnumbered=colophon_unnumbered)
    set_core_properties(word, anatomy.title, anatomy.author, fixed_time(anatomy.date))
    set_app_properties(word, anatomy.title, pages)
    return to_bytes(word)


def write(prepared) -> bytes:
    """The registered .docx writer (officialdocs.writers). When the PDF is made too, the pipeline has laid the
    document out once: its page count (the manifest's) goes into app.xml. A docx-only render is not laid out, so
    its app.xml has no Pages (Word counts on opening)."""
    laid = prepared.layout
    pages = len(laid.pages) if laid is not None else None
    breaks = _colophon_breaks(laid) if laid is not None else 0
    return docx_bytes(prepared.document, prepared.profile, prepared.anatomy, pages=pages, colophon_breaks=breaks,
                      colophon_unnumbered=laid is not None and breaks == 2 and laid.pages[-1].number is None,
                      closing_gap=_closing_gap(laid, line_twips(prepared.profile) / 20) if laid is not None else None)


def _colophon_breaks(laid) -> int:
    """Pages the layout started for the 版记: 1 when it goes to the next page (its own, even one), 2 when an
    unnumbered blank page comes first (7.5). The .docx then begins the same pages, so Word and LibreOffice put
    the 版记 where the PDF has it (when they break the text's pages as the PDF does)."""
    def holds(page, test) -> bool:
        return any(test(r.element) for r in page.runs) or any(test(r.element) for r in page.rules)

    on = [i for i, page in enumerate(laid.pages) if holds(page, lambda e: e in ("colophon_rule", "cc", "printed",
                                                                                 "recipients_colophon"))]
    if not on:
        return 0
    content = [i for i, page in enumerate(laid.pages[:on[0] + 1]) if holds(page, lambda e: e not in (
        "", "colophon_rule", "cc", "printed", "recipients_colophon", "page_number"))]
    return on[0] - content[-1] if content else 0


def _closing_gap(laid, pitch: float) -> int | None:
    """Empty lines the layout left between the text and the closing block (署名/签署人 and 成文日期) on its page. The
    layout closes the anatomy's gap up rather than move the block to a new page (7.3.5.5); Word cannot, so the .docx
    is given the lines the layout kept, and breaks its pages where the PDF does. None: no closing block."""
    for page in laid.pages:
        block = [r.baseline for r in page.runs if r.element in ("signature", "date")]
        if block:
            top = min(block)
            above = [r.baseline for r in page.runs if r.baseline < top - pitch / 2 and r.element != "page_number"]
            return max(0, round((top - max(above)) / pitch) - 1) if above else 0
    return None


def write_docx(doc: Document, profile: Profile, path: Path) -> None:
    from ...output import atomic_write

    atomic_write(Path(path), docx_bytes(doc, profile))


def _page_setup(word, profile: Profile) -> None:
    page = profile.page
    section = word.sections[0]
    section.page_width = Twips(mm_to_twips(page.width))
    section.page_height = Twips(mm_to_twips(page.height))
    section.top_margin = Twips(mm_to_twips(page.margins.top))
    section.bottom_margin = Twips(mm_to_twips(page.margins.bottom))
    section.left_margin = Twips(mm_to_twips(page.margins.left))
    section.right_margin = Twips(mm_to_twips(page.margins.right))
    section.gutter = Twips(0)
    # The dash of "— N —" (0.3 em above the baseline) ends up ~0.7 em above the footer distance in
    # LibreOffice 7.4; placing it so puts the stroke `below_block` under the block (measured in the tests).
    size_mm = pt_to_mm(profile.font("page_number").size)
    footer_mm = page.margins.bottom - profile.page_number.below_block - profile.docx.calibration.page_number_dash_em * size_mm
    section.footer_distance = Twips(mm_to_twips(footer_mm))
    section.header_distance = Twips(mm_to_twips(profile.docx.header_distance))
    sect = section._sectPr
    for node in sect.findall(qn("w:docGrid")) + sect.findall(qn("w:cols")):
        sect.remove(node)
    sect.append(el("w:cols", {"space": 425}))
    # A line grid of 22 lines (Word's 文档网格 shows 每页 22 行). Every paragraph also sets an exact
    # 28.95 pt line and snapToGrid off, so the count holds where the grid is ignored or handled
    # differently (LibreOffice). No character grid: LibreOffice 7.4 sets only 14 characters per line with
    # a negative charSpace; 28 per line come from -0.25 pt letter spacing instead (15.75 pt x 28 < 156 mm).
    sect.append(el("w:docGrid", {"type": "lines", "linePitch": line_twips(profile)}))
