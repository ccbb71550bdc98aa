"""Tables: fixed layout with tblGrid (WPS ignores widths without it), the anatomy's column widths, borders,
header rows repeated; a landscape table gets a landscape section of its own (GB/T 9704 clause 8)."""

from __future__ import annotations

import copy

from lxml import etree

from ...anatomy.model import Table
from ...style import mm_to_twips, pt_to_twips
from .builder import Builder
from .ooxml import el, text_run


def write_table(b: Builder, table: Table) -> None:
    if table.landscape and not b.in_landscape:
        b.section_break(landscape_next=True)
    profile = b.profile
    style = profile.table
    margin = mm_to_twips(style.cell_margin)
    widths = [mm_to_twips(w) for w in table.widths_mm]
    total = sum(widths)
    bsz = max(2, round(style.border_pt * 8))
    color = profile.colors.text
    cell_space = pt_to_twips(profile.docx.table_cell_spacing_pt)
    tbl = el("w:tbl")
    pr = el("w:tblPr")
    pr.append(el("w:tblW", {"w": total, "type": "dxa"}))
    pr.append(el("w:jc", {"val": "center"}))
    borders = el("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        borders.append(el(f"w:{side}", {"val": "single", "sz": bsz, "space": 0, "color": color}))
    pr.append(borders)
    pr.append(el("w:tblLayout", {"type": "fixed"}))
    pr.append(el("w:tblCellMar", None, el("w:left", {"w": margin, "type": "dxa"}),
                 el("w:right", {"w": margin, "type": "dxa"})))
    pr.append(el("w:tblLook", {"val": "04A0", "firstRow": 1, "lastRow": 0, "firstColumn": 0, "lastColumn": 0,
                               "noHBand": 0, "noVBand": 1}))
    tbl.append(pr)
    tbl.append(el("w:tblGrid", None, *[el("w:gridCol", {"w": w}) for w in widths]))
    line = pt_to_twips(table.pitch_pt)
    cells: dict[tuple[int, str], etree._Element] = {}

    def empty_cell(width: int, align: str) -> etree._Element:
        """A new `w:tc` with its properties and an empty paragraph: built once per width and alignment, then
        copied (a task table has hundreds of cells of a few kinds)."""
        template = cells.get((width, align))
        if template is None:
            ppr = el("w:pPr", None, el("w:snapToGrid", {"val": 0}),
                     el("w:spacing", {"before": cell_space, "after": cell_space, "line": line, "lineRule": "exact"}),
                     el("w:ind", {"left": 0, "right": 0, "firstLine": 0}),
                     el("w:jc", {"val": "both" if align == "justify" else align}))
            template = cells[(width, align)] = el(
                "w:tc", None, el("w:tcPr", None, el("w:tcW", {"w": width, "type": "dxa"}),
                                 el("w:vAlign", {"val": "center"})), el("w:p", None, ppr))
        return copy.deepcopy(template)

    # The row before the last keeps with it (keepNext on its paragraphs, which Word and LibreOffice apply to the
    # row): the last row never stands alone on a page, as in the PDF (layout/tables.py _page_starts).
    keep_row = len(table.rows) - 2 if len(table.rows) - 3 >= table.header_rows else -1
    for r, row in enumerate(table.rows):
        header = r < table.header_rows
        tr = el("w:tr")
        trpr = el("w:trPr")
        trpr.append(el("w:cantSplit"))
        if header:
            trpr.append(el("w:tblHeader"))
        tr.append(trpr)
        role = table.header_role if header else table.role
        size = table.header_size_pt if header else table.size_pt
        for c, width in enumerate(widths):
            text = row[c] if c < len(row) else ""
            tc = empty_cell(width, "center" if header else table.align[c])
            p = tc[-1]
            if r == keep_row:
                p[0].insert(0, el("w:keepNext"))
            for k, part in enumerate(text.split("\n")):  # the anatomy's line breaks in lists of units
                if k:
                    p.append(el("w:r", None, el("w:br")))
                if part:
                    p.append(text_run(part, b.rpr(role, size=size)))
            tr.append(tc)
        tbl.append(tr)
    b.append_raw(tbl)
    # A paragraph after every table: Word needs one between two tables, LibreOffice before a floating one.
    b.paragraph([], line=pt_to_twips(1), grid_exact=True)
    if b.in_landscape:
        b.section_break(landscape_next=False)
