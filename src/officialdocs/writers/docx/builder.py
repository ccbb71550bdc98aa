"""A thin paragraph factory over python-docx: every paragraph of a 公文 is made here with explicit formatting,
and the anatomy's paragraphs (`Para`) are mapped onto Word's indents, alignment, spacing and keep flags."""

from __future__ import annotations

import copy

from docx.document import Document as WordDocument
from docx.oxml.ns import qn
from lxml import etree

from ...anatomy.model import Para
from ...style import Profile, mm_to_twips, pt_to_twips
from .ooxml import el, indent, overflow_punct, run_props, spacing, text_run
from .styles import char_twips, latin_face, line_twips, role_spacing

_JC = {"left": "left", "right": "right", "center": "center", "justify": "both", "distribute": "distribute"}


class Builder:
    """Appends paragraphs and tables to the body of a python-docx document."""

    def __init__(self, word: WordDocument, profile: Profile):
        self.word = word
        self.profile = profile
        self.body = word.element.body
        self.line = line_twips(profile)
        self.char = char_twips(profile)
        self._sect = self.body.find(qn("w:sectPr"))
        self.in_landscape = False
        self.line_no = 0  # body lines written since the page began (for the anatomy's slots)
        self.fresh = False  # a section break has just begun a page and nothing is on it yet
        self.break_pending = False  # a page break waits for the next paragraph (its pageBreakBefore)
        self.closing_gap: int | None = None  # empty lines the layout kept above the closing block
        self.last: etree._Element | None = None  # the last paragraph written
        self.seal: etree._Element | None = None  # a seal anchor waiting for the next paragraph (the 署名)
        self.floating: list[etree._Element] = []  # page-anchored drawings (信函 letterhead) for the next paragraph
        self.float_bottom_mm: float | None = None  # bottom of the last page-anchored 版头 element, from the page top
        self.shape_id = 0
        self._rpr: dict[tuple, etree._Element] = {}  # run properties built once per document, then copied
        self._turned_footers: tuple[str, str] | None = None  # landscape sections' footer parts (made once)
        self._after_landscape = False  # the current portrait section follows a landscape one

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
    def rpr(self, role: str, *, color: str | None = None, scale: int | None = None, size: float | None = None):
        """A new `w:rPr` for a role: a copy of the one built for it (lxml copies in C, ~10x faster than
        building the eight elements again; a document has thousands of runs and a dozen kinds)."""
        key = (role, color, scale, size)
        template = self._rpr.get(key)
        if template is None:
            font = self.profile.font(role)
            hex_color = self.profile.colors.red.rgb if color == "red" else self.profile.colors.text
            template = self._rpr[key] = run_props(
                font.docx, size or font.size, color=hex_color, spacing_pt=role_spacing(self.profile, role),
                scale=scale, latin=latin_face(self.profile, font.docx))
        return copy.deepcopy(template)

    def paragraph(self, runs: list[etree._Element] | None = None, *, style: str | None = None,
                  align: str | None = None, line: int | None = None, before: int = 0,
                  left: int = 0, right: int = 0, first_line: int = 0, hanging: int = 0,
                  keep_next: bool = False, keep_lines: bool = False, widow_control: bool = False,
                  page_break_before: bool = False, border_bottom: etree._Element | None = None,
                  grid_exact: bool = True) -> etree._Element:
        """Append a `w:p`. Geometry is always explicit so no renderer falls back to its own defaults."""
        page_break_before = page_break_before or self.break_pending
        self.break_pending = False
        p = el("w:p")
        ppr = el("w:pPr")
        if style:
            ppr.append(el("w:pStyle", {"val": style}))
        if keep_next:
            ppr.append(el("w:keepNext"))
        if keep_lines:
            ppr.append(el("w:keepLines"))
        if page_break_before:
            ppr.append(el("w:pageBreakBefore"))
        # Widow control off by default: a full page keeps its 22 lines.
        ppr.append(el("w:widowControl", {"val": 1 if widow_control else 0}))
        if border_bottom is not None:
            ppr.append(el("w:pBdr", None, border_bottom))
        ppr.append(el("w:kinsoku"))
        ppr.append(overflow_punct())
        if grid_exact:
            ppr.append(spacing(line or self.line, before=before))
        ppr.append(indent(left=left, right=right, first_line=first_line, hanging=hanging))
        if align:
            ppr.append(el("w:jc", {"val": align}))
        p.append(ppr)
        for run in runs or []:
            p.append(run)
        if self.floating and runs:
            p.append(el("w:r", None, *self.floating))
            self.floating = []
        if self.seal is not None and runs:
            p.append(self.seal)
            self.seal = None
        self._append(p)
        self.last = p
        self.line_no += 1
        self.fresh = False
        return p

    def text(self, text: str, role: str = "body", **kwargs) -> list[etree._Element]:
        return [text_run(text, self.rpr(role, **kwargs))] if text else []

    def runs(self, para: Para) -> list[etree._Element]:
        out = []
        for run in para.runs:
            if not run.text:
                continue
            r = text_run(run.text, self.rpr(run.role, color=run.color))
            if run.heading:  # run-in heading: a character style, so Word's navigation and styles know it
                r[0].insert(0, el("w:rStyle", {"val": f"Heading{run.heading}Char"}))
            out.append(r)
        return out

    def blank_lines(self, count: int, keep_next: bool = False) -> None:
        """"空N行": N empty body lines (reading A of gbt9704 note N1, what Word users do by hand)."""
        for _ in range(count):
            self.paragraph(self.text(""), keep_next=keep_next)

    def para(self, p: Para, *, keep_prev: bool = False, widow_control: bool = False,
             page_break_before: bool = False, before: int = 0, keep_next: bool = False) -> etree._Element:
        """An anatomy paragraph: its gap as empty lines (or spacing, for lines on their own pitch), its slot as
        empty lines from the page's top, indents in characters, keep flags."""
        if p.slot is not None and p.slot > self.line_no and not page_break_before:
            self.blank_lines(p.slot - self.line_no)
        gap = p.gap_before if p.slot is None else 0
        if gap and p.pitch_pt is None and not before:
            self.blank_lines(gap, keep_next=keep_prev)
        elif gap:
            before += gap * self.line
        first, left = self.chars(p.first), self.chars(p.left)
        runs = self.runs(p) if p.lines is None else self._title_runs(p)
        start = self.line_no
        node = self.paragraph(
            runs, style=_style(p), align=_JC[p.align], before=before,
            line=pt_to_twips(p.pitch_pt) if p.pitch_pt else None,
            left=left, right=self.chars(p.right), first_line=max(0, first - left), hanging=max(0, left - first),
            keep_next=keep_next or p.keep_with_next > 0, keep_lines=p.keep_together, widow_control=widow_control,
            page_break_before=page_break_before)
        self.line_no = start + max(1, len(p.lines or []))
        return node

    def _title_runs(self, p: Para) -> list[etree._Element]:
        role = p.runs[0].role if p.runs else "title"
        runs: list[etree._Element] = []
        for i, line in enumerate(p.lines or []):
            if i:
                runs.append(el("w:r", None, el("w:br")))
            runs += self.text(line, role)
        return runs

    def page_break(self) -> None:
        """The next paragraph begins a page (pageBreakBefore). A paragraph holding a page-break character would
        take a line of the page it ends: after a full page that line goes over, and the break makes a blank page."""
        self.break_pending = True
        self.line_no = 0

    def section_break(self, landscape_next: bool) -> None:
        """End the current section here; what follows starts a new page in portrait or landscape.

        The ending section keeps the orientation it had; a landscape section is the portrait page turned
        (GB/T 9704 clause 8): the block stays 156 x 225 mm, its margins move round with it. Sections after
        the first inherit the footers, so page numbers continue; a landscape section has footers of its own (the
        number turned, where the portrait pages have it), and the portrait section after it names the portrait
        footers again.
        """
        sect = self._ending_sect()
        p = el("w:p", None, el("w:pPr", None, el("w:spacing", {"before": 0, "after": 0, "line": 20,
                                                               "lineRule": "exact"}), sect))
        self._append(p)
        self.in_landscape = landscape_next
        self.line_no = 0
        self.fresh = True
        self.break_pending = False  # the section begins a page already

    def _ending_sect(self) -> etree._Element:
        """The sectPr that ends the current section: the body's, turned if the section is landscape; only the
        first section names the footers (later ones inherit them)."""
        sect = copy.deepcopy(self._sect)
        if self.in_landscape:
            _turn(sect)
            self._turned_footer_refs(sect)
            self._after_landscape = True
            title_page = self._sect.find(qn("w:titlePg"))  # no later section begins the document (信函, 10.1)
            if title_page is not None:
                self._sect.remove(title_page)
        elif self._after_landscape:
            self._after_landscape = False  # keep the portrait footer references: the previous section's are turned
        elif self.pages_broken:
            for ref in sect.findall(qn("w:footerReference")) + sect.findall(qn("w:headerReference")):
                sect.remove(ref)
        self.pages_broken = True
        return sect

    def _turned_footer_refs(self, sect: etree._Element) -> None:
        """Point a landscape section at the turned footers, odd and even (page 1 of it is numbered too)."""
        from .footer import landscape_footers

        if self._turned_footers is None:
            self._turned_footers = landscape_footers(self.word, self.profile)
        for ref in sect.findall(qn("w:footerReference")):
            sect.remove(ref)
        title_page = sect.find(qn("w:titlePg"))
        if title_page is not None:
            sect.remove(title_page)
        for kind, rid in zip(("default", "even"), self._turned_footers, strict=True):
            sect.insert(0, el("w:footerReference", {"type": kind, "r:id": rid}))

    def unnumbered_section(self) -> None:
        """Begin a section without page numbers on a new page (7.5: a blank page before the 版记 and the 版记 page
        carry none). Right after a section break the current section already begins on that page; otherwise the
        current section ends with the last paragraph written (its pPr takes the sectPr), so no extra line can spill
        over onto a page of its own."""
        if not self.fresh:
            sect = self._ending_sect()
            last = self.last
            if last is not None and last.getnext() is self._sect:
                last.find(qn("w:pPr")).append(sect)
            else:
                self._append(el("w:p", None, el("w:pPr", None, el("w:spacing", {
                    "before": 0, "after": 0, "line": 20, "lineRule": "exact"}), sect)))
            self.in_landscape = False
            self.fresh = True
        section = self.word.sections[-1]
        for ref in self._sect.findall(qn("w:footerReference")):
            self._sect.remove(ref)
        for footer in (section.footer, section.even_page_footer):
            footer.is_linked_to_previous = False
            root = footer._element
            for child in list(root):
                root.remove(child)
            root.append(el("w:p", None, el("w:pPr", None, el("w:pStyle", {"val": "Footer"}))))
        self.line_no = 0

    pages_broken = False  # the first section break keeps the footer references; later ones inherit them

    def _append(self, node: etree._Element) -> None:
        # The body's final sectPr must stay last.
        if self._sect is not None:
            self._sect.addprevious(node)
        else:
            self.body.append(node)

    def append_raw(self, node: etree._Element) -> None:
        if self.break_pending:  # a table cannot begin a page by itself: a 1 pt paragraph does it
            self.paragraph([], line=pt_to_twips(1))
            self.line_no = 0
        self._append(node)
        self.fresh = False

    def exact(self, pt: float) -> int:
        return pt_to_twips(pt)


def _style(p: Para) -> str | None:
    """Word's built-in styles carry the outline levels (navigation pane, table of contents)."""
    if p.kind == "heading" and p.runs:
        return f"Heading{p.runs[0].role[-1]}"
    if p.kind == "title":
        return "Title"
    return None


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
