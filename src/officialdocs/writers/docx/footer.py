"""页码 (7.5): "— N —" in 4号 宋体, odd pages right and even pages left, one character in, 7 mm below the block."""

from __future__ import annotations

from typing import Any

from docx.document import Document as WordDocument

from ...style import Profile, pt_to_twips
from .ooxml import el, field_runs, indent, run_props, spacing, text_run
from .styles import latin_face


def _page_number_paragraph(profile: Profile, odd: bool):
    font = profile.font("page_number")
    one = pt_to_twips(font.size * profile.page_number.outer_indent_chars)
    dash = profile.page_number.dash

    def rpr():
        return run_props(font.docx, font.size, color=profile.colors.text, latin=latin_face(profile, font.docx))

    p = el("w:p")
    ppr = el("w:pPr")
    ppr.append(el("w:pStyle", {"val": "Footer"}))
    ppr.append(el("w:snapToGrid", {"val": 0}))
    ppr.append(spacing(pt_to_twips(font.size)))
    ppr.append(indent(right=one) if odd else indent(left=one))
    ppr.append(el("w:jc", {"val": "right" if odd else "left"}))
    p.append(ppr)
    p.append(text_run(f"{dash} ", rpr()))
    for run in field_runs("PAGE", "1", rpr):
        p.append(run)
    p.append(text_run(f" {dash}", rpr()))
    return p


def write_footers(word: WordDocument, profile: Profile, first_page_number: bool = True) -> None:
    """Odd and even footers with the number; without a number on page 1 (信函, 10.1) a first-page footer and
    header of their own (w:titlePg), left empty."""
    section = word.sections[0]
    footers: list[tuple[Any, bool | None]] = [(section.footer, True), (section.even_page_footer, False)]
    headers = [section.header, section.even_page_header]
    if not first_page_number:
        section.different_first_page_header_footer = True
        footers.append((section.first_page_footer, None))
        headers.append(section.first_page_header)
    for footer, odd in footers:
        footer.is_linked_to_previous = False
        root = footer._element
        for child in list(root):
            root.remove(child)
        if odd is None:
            root.append(el("w:p", None, el("w:pPr", None, el("w:pStyle", {"val": "Footer"}))))
        else:
            root.append(_page_number_paragraph(profile, odd))
    for header in headers:
        header.is_linked_to_previous = False
        root = header._element
        for child in list(root):
            root.remove(child)
        p = el("w:p", None, el("w:pPr", None, el("w:pStyle", {"val": "Header"})))
        root.append(p)
