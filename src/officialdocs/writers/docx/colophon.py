"""版记 (7.4): 抄送 and 印发机关/印发日期 between black rules, the last rule on the block's bottom edge.

Built as a floating table anchored to the bottom of the text block (tblpPr vertAnchor="margin",
tblpYSpec="bottom"), positioned horizontally against the page at the left margin. LibreOffice 7.4
drops a floating table that ends the document, so a paragraph always follows it.
"""

from __future__ import annotations

from ...anatomy.model import Colophon
from ...cjk import text_cells
from ...style import mm_to_twips, pt_to_mm, pt_to_twips
from .builder import Builder
from .ooxml import el, text_run


def _rule(profile_mm: float) -> int:
    return max(2, round(profile_mm / pt_to_mm(1) * 8))  # eighths of a point: 0.35 mm -> 8, 0.25 mm -> 6


def write_colophon(b: Builder, c: Colophon | None, breaks: int = 0, unnumbered: bool = False) -> None:
    """`breaks`: pages to begin before the 版记 (the layout gave it a page of its own, or a blank one first);
    `unnumbered`: those two pages carry no page number (7.5)."""
    if c is None:
        return
    if unnumbered and breaks:
        b.unnumbered_section()
    if b.fresh and breaks:  # a section break has already begun the first of those pages
        breaks -= 1
        if breaks:
            b.paragraph([], line=pt_to_twips(1))  # the blank page's only content
    # New pages begin with pageBreakBefore on a 1 pt paragraph, never with a page-break paragraph: that one's line
    # goes over to the next page when the text fills the page, and the break then makes one page too many.
    for _ in range(breaks - 1):
        b.paragraph([], line=pt_to_twips(1), page_break_before=True)
    profile = b.profile
    font = profile.font(c.role)
    one = pt_to_twips(font.size * c.indent_em)
    total = b.block_twips
    thick, thin = _rule(c.thick_mm), _rule(c.thin_mm)
    color = profile.colors.text
    # LibreOffice anchors a floating table to the paragraph before it: give it one of its own, so the 版记
    # lands on the last page even when a table or a section break comes just before.
    b.paragraph([], line=pt_to_twips(1), page_break_before=breaks > 0)
    tbl = el("w:tbl")
    pr = el("w:tblPr")
    pr.append(el("w:tblpPr", {"leftFromText": 0, "rightFromText": 0, "topFromText": 0, "bottomFromText": 0,
                              "vertAnchor": "margin", "horzAnchor": "page",
                              "tblpX": mm_to_twips(profile.page.margins.left), "tblpYSpec": "bottom"}))
    pr.append(el("w:tblOverlap", {"val": "never"}))
    pr.append(el("w:tblW", {"w": total, "type": "dxa"}))
    if c.rules:  # thick first and last; the thin rule above the 印发 row is that row's own top border
        pr.append(el("w:tblBorders", None,
                     el("w:top", {"val": "single", "sz": thick, "space": 0, "color": color}),
                     el("w:bottom", {"val": "single", "sz": thick, "space": 0, "color": color})))
    pr.append(el("w:tblLayout", {"type": "fixed"}))
    pr.append(el("w:tblCellMar", None, el("w:left", {"w": 0, "type": "dxa"}), el("w:right", {"w": 0, "type": "dxa"})))
    tbl.append(pr)
    half = total // 2
    tbl.append(el("w:tblGrid", None, el("w:gridCol", {"w": half}), el("w:gridCol", {"w": total - half})))
    line = pt_to_twips(c.pitch_pt)
    for row in c.rows:
        if row.kind == "list":
            label_w = pt_to_twips(font.size * text_cells(row.label))
            tbl.append(_row(b, c, [(row.text, "left", one + label_w, one, label_w, total)], line))
        else:
            top = el("w:top", {"val": "single", "sz": thin, "space": 0, "color": color}) if c.rules and len(c.rows) > 1 \
                else None
            tbl.append(_row(b, c, [(row.left, "left", one, 0, 0, half), (row.right, "right", 0, one, 0, total - half)],
                            line, top))
    b.append_raw(tbl)
    # The paragraph after the table: minimal height so it never pushes a page of its own.
    b.paragraph([], line=pt_to_twips(1))


def _row(b: Builder, c: Colophon, cells, line: int, top_border=None):
    tr = el("w:tr")
    for text, align, left, right, hanging, width in cells:
        tc = el("w:tc")
        tcpr = el("w:tcPr", None, el("w:tcW", {"w": width, "type": "dxa"}))
        if len(cells) == 1:
            tcpr.append(el("w:gridSpan", {"val": 2}))
        if top_border is not None:
            import copy

            tcpr.append(el("w:tcBorders", None, copy.deepcopy(top_border)))
        tcpr.append(el("w:vAlign", {"val": "center"}))
        tc.append(tcpr)
        p = el("w:p")
        ppr = el("w:pPr")
        ppr.append(el("w:snapToGrid", {"val": 0}))
        ppr.append(el("w:spacing", {"before": 0, "after": 0, "line": line, "lineRule": "exact"}))
        ind = {"left": left, "right": right}
        ind.update({"hanging": hanging} if hanging else {"firstLine": 0})
        ppr.append(el("w:ind", ind))
        ppr.append(el("w:jc", {"val": align}))
        p.append(ppr)
        if text:
            p.append(text_run(text, b.rpr(c.role)))
        tc.append(p)
        tr.append(tc)
    return tr
