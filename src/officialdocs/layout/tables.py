"""Tables: 4号 text wrapped in cells, ruled borders, header rows repeated after a page break."""

from __future__ import annotations

from ..document import Table
from ..style import mm_to_pt
from ..tablegrid import column_widths
from .flow import Frame
from .model import Box
from .text import Line, Piece, break_lines


def layout_table(f: Frame, table: Table) -> None:
    if table.landscape:  # GB/T 9704 clause 8: on pages of its own, turned, page numbers where they always are
        if not f.in_landscape:
            f.landscape(True)
        _layout(f, table)
        f.landscape(False)
    else:
        _layout(f, table)


def _layout(f: Frame, table: Table) -> None:
    g = f.g
    style = f.profile.table
    size = f.profile.font("table").size
    pitch = style.line_pitch_pt
    pad_x = mm_to_pt(style.cell_margin)
    pad_y = (pitch - size) / 2
    widths = [w / 20 for w in column_widths(table, round(g.measure * 20), round(size * 20),
                                            round((2 * pad_x + size / 2) * 20))]
    ascent = 1.0 - abs(f.book.primary("table").descent)
    rows = [_row_lines(f, table, r, widths, pad_x) for r in range(len(table.rows))]
    heights = [max(len(cell) for cell in row) * pitch + 2 * pad_y for row in rows]
    header = list(range(min(table.header_rows, len(rows))))
    y = g.slot_top(f.slot) if f.slot < g.lines else g.bottom
    first = True
    for r, row in enumerate(rows):
        if y + heights[r] > g.bottom + 0.01 and not (first and y <= g.top + 0.01):
            f.new_page()
            y = g.top
            if r not in header:  # repeat the header rows at the top of the new page
                for h in header:
                    y = _draw_row(f, table, h, rows[h], widths, y, heights[h], pitch, pad_x, pad_y, ascent)
        y = _draw_row(f, table, r, row, widths, y, heights[r], pitch, pad_x, pad_y, ascent)
        first = False
    f.mark_bottom(y)
    f.skip_to(y + (g.pitch - g.body_size))


def _row_lines(f: Frame, table: Table, r: int, widths: list[float], pad_x: float) -> list[list[Line]]:
    role = "table_header" if r < table.header_rows else "table"
    cells = []
    for c, width in enumerate(widths):
        text = table.rows[r][c] if c < len(table.rows[r]) else ""
        tokens = f.tokens([Piece(text, role)], where=f"表格第{r + 1}行")
        cells.append(break_lines(tokens, width - 2 * pad_x, justify=False) or [Line()])
    return cells


def _draw_row(f: Frame, table: Table, r: int, cells, widths, y: float, height: float, pitch: float,
              pad_x: float, pad_y: float, ascent: float) -> float:
    g = f.g
    border = f.profile.table.border_pt
    x = g.left
    header = r < table.header_rows
    for c, (lines, width) in enumerate(zip(cells, widths, strict=True)):
        f.page.boxes.append(Box(x, y, x + width, y + height, border))
        align = "center" if header else (table.align[c] if table.align and c < len(table.align) and
                                         table.align[c] else "left")
        block_h = len(lines) * pitch
        top = y + (height - block_h) / 2  # vertically centred in the row
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
