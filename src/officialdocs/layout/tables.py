"""Tables: cell text wrapped in the anatomy's column widths, ruled borders, header rows repeated after a page
break; a landscape table goes on turned pages of its own (GB/T 9704 clause 8)."""

from __future__ import annotations

from ..anatomy.model import Table
from ..style import mm_to_pt
from .flow import Frame
from .model import Box
from .text import Line, Piece, break_lines


def layout_table(f: Frame, table: Table) -> None:
    if table.landscape:
        if not f.in_landscape:
            f.landscape(True)
        _layout(f, table)
        f.landscape(False)
    else:
        _layout(f, table)


def _layout(f: Frame, table: Table) -> None:
    g = f.g
    style = f.profile.table
    size = f.profile.font(table.role).size
    pitch = style.line_pitch_pt
    pad_x = mm_to_pt(style.cell_margin)
    pad_y = (pitch - size) / 2
    widths = [mm_to_pt(w) for w in table.widths_mm]
    ascent = 1.0 - abs(f.book.primary(table.role).descent)
    rows = [_row_lines(f, table, r, widths, pad_x) for r in range(len(table.rows))]
    heights = [max(len(cell) for cell in row) * pitch + 2 * pad_y for row in rows]
    header = list(range(min(table.header_rows, len(rows))))
    top = f.gap_top(table.gap_before) if table.gap_before else None
    if top is not None:
        f.skip_to(top)
    y = g.slot_top(f.slot) if f.slot < g.lines else g.bottom
    first = True
    for r, row in enumerate(rows):
        if y + heights[r] > g.bottom + 0.01 and not (first and y <= g.top + 0.01):
            f.new_page()
            y = g.top
            if r not in header:  # repeat the header rows at the top of the new page
                for h in header:
                    y = _draw_row(f, table, h, rows[h], widths, y, heights[h], pitch, pad_x, ascent)
        y = _draw_row(f, table, r, row, widths, y, heights[r], pitch, pad_x, ascent)
        first = False
    f.mark_bottom(y)
    f.skip_to(y + (g.pitch - g.body_size))


def _row_lines(f: Frame, table: Table, r: int, widths: list[float], pad_x: float) -> list[list[Line]]:
    role = table.header_role if r < table.header_rows else table.role
    cells = []
    for c, width in enumerate(widths):
        text = table.rows[r][c] if c < len(table.rows[r]) else ""
        tokens = f.tokens([Piece(text, role)], where=f"{table.where}表格第{r + 1}行")
        cells.append(break_lines(tokens, width - 2 * pad_x, justify=False) or [Line()])
    return cells


def _draw_row(f: Frame, table: Table, r: int, cells, widths, y: float, height: float, pitch: float,
              pad_x: float, ascent: float) -> float:
    g = f.g
    border = f.profile.table.border_pt
    x = g.left
    header = r < table.header_rows
    for c, (lines, width) in enumerate(zip(cells, widths, strict=True)):
        f.page.boxes.append(Box(x, y, x + width, y + height, border, f.ink))
        align = "center" if header else table.align[c]
        top = y + (height - len(lines) * pitch) / 2  # vertically centred in the row
        for i, line in enumerate(lines):
            if align == "center":
                lx = x + (width - line.width) / 2
            elif align == "right":
                lx = x + width - pad_x - line.width
            else:
                lx = x + pad_x
            size = line.glyphs[0].size if line.glyphs else pitch
            f.draw_line(line, lx, top + i * pitch + (pitch - size) / 2 + ascent * size)
        x += width
    return y + height
