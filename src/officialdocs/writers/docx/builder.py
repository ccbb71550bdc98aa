"""A thin paragraph factory over python-docx: every paragraph of a 公文 is made here with explicit formatting."""

from __future__ import annotations

from docx.document import Document as WordDocument
from docx.oxml.ns import qn
from lxml import etree

from ...style import Profile, mm_to_twips, pt_to_twips
from .ooxml import el, indent, overflow_punct, run_props, spacing, text_run
from .styles import char_twips, line_twips


class Builder:
    """Appends paragraphs and tables to the body of a python-docx document."""

    def __init__(self, word: WordDocument, profile: Profile):
        self.word = word
        self.profile = profile
        self.body = word.element.body
        self.line = line_twips(profile)
        self.char = char_twips(profile)
        self._sect = self.body.find(qn("w:sectPr"))
        self.pending_before = 0  # space owed to the next paragraph (e.g. "title two lines below the rule")
        self.in_landscape = False

    # -- measures ------------------------------------------------------------------------------------
    def chars(self, n: float) -> int:
        """`n` body characters in twips."""
        return round(self.char * n)

    @property
    def block_twips(self) -> int:
        """The text block's width: 156 mm, or 225 mm on a landscape page."""
        page = self.profile.page
        return mm_to_twips(page.block_height if self.in_landscape else page.block_width)

    # -- building blocks -----------------------------------------------------------------------------
    def rpr(self, role: str, *, color: str | None = None, scale: int | None = None, spacing_pt: float | None = None):
        font = self.profile.font(role)
        return run_props(font.docx, font.size, color=color or self.profile.colors.text,
                         spacing_pt=self.profile.grid.char_spacing_pt if spacing_pt is None else spacing_pt,
                         scale=scale)

    def paragraph(self, runs: list[etree._Element] | None = None, *, style: str | None = None,
                  align: str | None = None, line: int | None = None, before: int = 0,
                  left: int = 0, right: int = 0, first_line: int | None = None, hanging: int = 0,
                  keep_next: bool = False, page_break_before: bool = False,
                  border_bottom: etree._Element | None = None, grid_exact: bool = True) -> etree._Element:
        """Append a `w:p`. Geometry is always explicit so no renderer falls back to its own defaults."""
        p = el("w:p")
        ppr = el("w:pPr")
        if style:
            ppr.append(el("w:pStyle", {"val": style}))
        if keep_next:
            ppr.append(el("w:keepNext"))
        if page_break_before:
            ppr.append(el("w:pageBreakBefore"))
        # Widow control off: a full page keeps its 22 lines (headings still keep with the next line).
        ppr.append(el("w:widowControl", {"val": 0}))
        if border_bottom is not None:
            ppr.append(el("w:pBdr", None, border_bottom))
        ppr.append(el("w:kinsoku"))
        ppr.append(overflow_punct())
        before += self.pending_before
        self.pending_before = 0
        if grid_exact:
            ppr.append(spacing(line or self.line, before=before))
        if first_line is None:
            first_line = 0
        ppr.append(indent(left=left, right=right, first_line=first_line, hanging=hanging))
        if align:
            ppr.append(el("w:jc", {"val": align}))
        p.append(ppr)
        for run in runs or []:
            p.append(run)
        self._append(p)
        return p

    def text(self, text: str, role: str = "body", **kwargs) -> list[etree._Element]:
        return [text_run(text, self.rpr(role, **kwargs))] if text else []

    def blank_lines(self, count: int) -> None:
        """"空N行": N empty body lines (reading A of gbt9704 note N1, what Word users do by hand)."""
        for _ in range(count):
            self.paragraph(self.text(""))

    def page_break(self) -> None:
        run = el("w:r")
        run.append(el("w:br", {"type": "page"}))
        self.paragraph([run])

    def section_break(self, landscape_next: bool) -> None:
        """End the current section here; what follows starts a new page in portrait or landscape.

        The ending section keeps the orientation it had; a landscape section is the portrait page turned
        (GB/T 9704 clause 8): the block stays 156 x 225 mm, its margins move round with it. Sections after
        the first inherit the footers, so page numbers continue.
        """
        import copy

        sect = copy.deepcopy(self._sect)
        if self.in_landscape:
            _turn(sect)
        if self.pages_broken:
            for ref in sect.findall(qn("w:footerReference")) + sect.findall(qn("w:headerReference")):
                sect.remove(ref)
        self.pages_broken = True
        p = el("w:p", None, el("w:pPr", None, el("w:spacing", {"before": 0, "after": 0, "line": 20,
                                                               "lineRule": "exact"}), sect))
        self._append(p)
        self.in_landscape = landscape_next

    pages_broken = False  # the first section break keeps the footer references; later ones inherit them

    def _append(self, node: etree._Element) -> None:
        # The body's final sectPr must stay last.
        if self._sect is not None:
            self._sect.addprevious(node)
        else:
            self.body.append(node)

    def append_raw(self, node: etree._Element) -> None:
        self._append(node)

    def exact(self, pt: float) -> int:
        return pt_to_twips(pt)


def _turn(sect: etree._Element) -> None:
    """Make a section's page landscape: swap the page size, rotate the margins a quarter turn."""
    size = sect.find(qn("w:pgSz"))
    width, height = size.get(qn("w:w")), size.get(qn("w:h"))
    size.set(qn("w:w"), height)
    size.set(qn("w:h"), width)
    size.set(qn("w:orient"), "landscape")
    mar = sect.find(qn("w:pgMar"))
    top, right, bottom, left = (mar.get(qn(f"w:{k}")) for k in ("top", "right", "bottom", "left"))
    # The landscape page's top is the portrait page's left edge (the head faces the binding edge).
    mar.set(qn("w:top"), left)
    mar.set(qn("w:bottom"), right)
    mar.set(qn("w:left"), bottom)
    mar.set(qn("w:right"), top)
