"""Tables: cell text wrapped in the anatomy's column widths and size, ruled borders, header rows repeated after
a page break; a landscape table goes on turned pages of its own (GB/T 9704 clause 8).

In a cell a unit name, number or date is never broken when the column can hold it (the anatomy sized the
column for it), and a last line is never one character alone when one more line break earlier avoids it."""

from __future__ import annotations

from ..anatomy.model import Table
from ..style import mm_to_pt
from ..tablegrid import atoms
from .flow import Frame
from .model import Box
from .text import KEPT, Line, Piece, Token, break_lines


def layout_table(f: Frame, table: Table) -> None:
    if table.landscape:
        if not f.in_landscape:
            f.landscape(True)
        _layout(f, table)
        f.landscape(False)
    else:
        _layout(f, table)


def _role(table: Table, role: str, f: Frame) -> str:
    size = table.header_size_pt if role == table.header_role else table.size_pt
    return role if size == f.profile.font(role).size else f"{role}@{size:g}"


def _geometry(f: Frame, table: Table):
    pad_x = mm_to_pt(f.profile.table.cell_margin)
    pad_y = (table.pitch_pt - table.size_pt) / 2
    widths = [mm_to_pt(w) for w in table.widths_mm]
    rows = [_row_lines(f, table, r, widths, pad_x) for r in range(len(table.rows))]
    heights = [max(len(cell) for cell in row) * table.pitch_pt + 2 * pad_y for row in rows]
    return pad_x, widths, rows, heights


def table_head_slots(f: Frame, table: Table) -> int:
    """Body lines the header rows and the first row take: what a caption keeps with it on its page."""
    _, _, _, heights = _geometry(f, table)
    head = sum(heights[: min(len(heights), table.header_rows + 1)])
    return max(1, int(head / f.g.pitch) + 1)


def _layout(f: Frame, table: Table) -> None:
    g = f.g
    pad_x, widths, rows, heights = _geometry(f, table)
    ascent = 1.0 - abs(f.book.primary(table.role).descent)
    header = list(range(min(table.header_rows, len(rows))))
    top = f.gap_top(table.gap_before)  # below whatever was placed last, on or off the grid
    if top is not None:
        f.skip_to(top)
    y = g.slot_top(f.slot) if f.slot < g.lines else g.bottom
    starts = _page_starts(f, heights, header, y)
    for r, row in enumerate(rows):
        if r in starts:
            f.new_page()
            y = g.top
            if r not in header:  # repeat the header rows at the top of the new page
                for h in header:
                    y = _draw_row(f, table, h, rows[h], widths, y, heights[h], pad_x, ascent)
        y = _draw_row(f, table, r, row, widths, y, heights[r], pad_x, ascent)
    f.mark_bottom(y)
    f.skip_to(y + (g.pitch - g.body_size))


def _page_starts(f: Frame, heights: list[float], header: list[int], y: float) -> set[int]:
    """The rows that begin a new page: each row that no longer fits, except that the last row never stands
    alone under the repeated header: the row before it goes over too when the page it leaves keeps another
    row and the two fit on a page (the .docx keeps the same rows together with keepNext)."""
    g = f.g
    head = sum(heights[h] for h in header)
    starts: set[int] = set()
    for r, height in enumerate(heights):
        if y + height > g.bottom + 0.01 and not (r == 0 and y <= g.top + 0.01):
            starts.add(r)
            y = g.top + (head if r not in header else 0.0)
        y += height
    last = len(heights) - 1
    if (last in starts and last - 1 not in starts and last - 2 >= len(header)
            and g.top + head + heights[last - 1] + heights[last] <= g.bottom + 0.01):
        starts = (starts - {last}) | {last - 1}
    return starts


def _row_lines(f: Frame, table: Table, r: int, widths: list[float], pad_x: float) -> list[list[Line]]:
    role = _role(table, table.header_role if r < table.header_rows else table.role, f)
    cells = []
    for c, width in enumerate(widths):
        text = table.rows[r][c] if c < len(table.rows[r]) else ""
        measure = width - 2 * pad_x
        lines: list[Line] = []
        for part in text.split("\n"):  # the anatomy's line breaks (lists of units), then our own
            tokens = f.tokens([Piece(part, role)], where=f"{table.where}表格第{r + 1}行")
            _keep_units(part, tokens, measure)
            lines += _break(tokens, measure)
        cells.append(lines or [Line()])
    return cells


def _keep_units(text: str, tokens: list[Token], measure: float) -> None:
    """No break inside a unit name, number or date that fits on a line of the cell."""
    start = 0
    spans = []
    for atom in atoms(text):
        at = text.index(atom, start)
        spans.append((at, at + len(atom)))
        start = at + len(atom)
    by_start = {t.start: t for t in tokens}
    for a, b in spans:
        inside = [by_start[i] for i in range(a + 1, b) if i in by_start]
        width = sum(t.width for t in tokens if a <= t.start < b)
        if width <= measure + 0.01:
            for t in inside:
                t.before = max(t.before, KEPT)


def _break(tokens: list[Token], measure: float) -> list[Line]:
    lines = break_lines(tokens, measure, justify=False)
    if len(lines) > 1 and len(lines[-1].glyphs) == 1:  # one character alone: break one character earlier
        tighter = break_lines(tokens, measure - max(g.advance for g in lines[-1].glyphs), justify=False)
        if len(tighter) == len(lines) and len(tighter[-1].glyphs) > 1:
            return tighter
    return lines


def _draw_row(f: Frame, table: Table, r: int, cells, widths, y: float, height: float, pad_x: float,
              ascent: float) -> float:
    border = f.profile.table.border_pt
    pitch = table.pitch_pt
    x = f.g.left
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
