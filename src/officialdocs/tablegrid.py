"""Column widths for tables, shared by the .docx writer and the PDF layout engine."""

from __future__ import annotations

from .cjk import text_cells
from .document import Table


def column_widths(table: Table, total: int, char_twips: int, padding: int) -> list[int]:
    """Twips per column: given relative widths, else each column's natural width, the widest ones
    capped (water-filling) when they do not all fit, never narrower than the header cell."""
    cols = max(len(r) for r in table.rows)
    if table.widths and len(table.widths) == cols:
        scale = total / sum(table.widths)
        widths = [round(w * scale) for w in table.widths]
    else:
        def natural(c: int, rows) -> int:
            return round(max((text_cells(r[c]) for r in rows if c < len(r)), default=1.0) * char_twips) + padding

        want = [natural(c, table.rows) for c in range(cols)]
        floor = [min(natural(c, table.rows[: table.header_rows] or table.rows), want[c]) for c in range(cols)]
        if sum(want) <= total:
            extra = total - sum(want)
            widths = [w + extra * w // sum(want) for w in want]
        else:
            lo, hi = 0, max(want)
            while hi - lo > 1:  # the largest cap that still fits
                cap = (lo + hi) // 2
                if sum(max(f, min(w, cap)) for w, f in zip(want, floor, strict=False)) <= total:
                    lo = cap
                else:
                    hi = cap
            widths = [max(f, min(w, lo)) for w, f in zip(want, floor, strict=False)]
    widths[-1] += total - sum(widths)
    return widths
