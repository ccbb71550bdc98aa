"""Table geometry decided once for every medium: column widths from content, and whether a table reads on a
portrait page or needs a landscape one (GB/T 9704 clause 8)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .cjk import text_cells
from .document import Table

if TYPE_CHECKING:
    from .style import Profile


def column_widths(table: Table, total: float, char: float, padding: float) -> list[float]:
    """Widths per column (same unit as `total`): given relative widths, else each column's natural width, the
    widest ones capped (water-filling) when they do not all fit, never narrower than the header cell. `char` is
    one character of the table face, `padding` a cell's inner margins."""
    cols = max(len(r) for r in table.rows)
    if table.widths and len(table.widths) == cols:
        scale = total / sum(table.widths)
        return [w * scale for w in table.widths]

    def natural(c: int, rows) -> float:
        return max((text_cells(r[c]) for r in rows if c < len(r)), default=1.0) * char + padding

    want = [natural(c, table.rows) for c in range(cols)]
    floor = [min(natural(c, table.rows[: table.header_rows] or table.rows), want[c]) for c in range(cols)]
    if sum(want) <= total:
        extra = total - sum(want)
        return [w + extra * w / sum(want) for w in want]
    lo, hi = 0.0, max(want)
    for _ in range(40):  # the largest cap that still fits
        cap = (lo + hi) / 2
        if sum(max(f, min(w, cap)) for w, f in zip(want, floor, strict=True)) <= total:
            lo = cap
        else:
            hi = cap
    widths = [max(f, min(w, lo)) for w, f in zip(want, floor, strict=True)]
    widths[-1] += total - sum(widths)
    return widths


def fits_portrait(rows: list[list[str]], profile: Profile) -> bool:
    """Would the table read well on a portrait page? Not when its columns need more than the block's width in
    table characters even after the long columns wrap twice."""
    if not rows:
        return True
    cols = max(len(r) for r in rows)
    longest = [max(text_cells(r[c]) if c < len(r) else 0 for r in rows) for c in range(cols)]
    body, size = profile.font("body").size, profile.font("table").size
    per_line = profile.grid.chars_per_line * body / size  # table characters across the block
    # A column wraps when it is longer than a quarter of a line (unit names, dates stay on one line).
    wrap_from = per_line / 5
    need = sum(min(w, per_line / 2) / (1 if w <= wrap_from else 2) for w in longest) + cols  # plus padding
    return need <= per_line
