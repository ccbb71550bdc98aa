"""Table geometry decided once for every medium: column widths from content, the text size, and whether the
table goes on a landscape page (GB/T 9704 clause 8).

A table is fitted in this order: the cells wrap (a column never narrower than its header, its longest unit
name, number or date, or 8 characters of running text), then the text steps down to the profile's smallest
table size (4号 → 小四), then the table turns landscape; as a last resort headers and units wrap too, every
column keeping two characters; when even that does not fit, a located error. Widths are
estimated in characters (officialdocs.cjk.text_cells), the one measure both media share.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .cjk import text_cells
from .errors import Location, OfficialDocsError, Problem
from .style import pt_to_mm

if TYPE_CHECKING:
    from .style import Profile

# What a cell's text is made of: unit names, numbers and dates between separators (never broken when the
# column can hold them) ...
_SEPARATORS = re.compile(r"[、，,；;/／\s]+")
# ... and how wide such a unit may be before it is running text that wraps anyway (characters).
ATOM_MAX = 12.0
# A column of running text keeps at least this many characters a line (a column of short values is as wide
# as its longest value).
PROSE_MIN = 8.0
# The last resort's minimum: any column shows at least two characters a line.
RELAXED_MIN = 2.0


def atoms(text: str) -> list[str]:
    """The pieces of a cell that read as one unit: 区委宣传部、区人武部 -> [区委宣传部, 区人武部]."""
    return [a for a in _SEPARATORS.split(text) if a]


def list_lines(text: str, width: float) -> list[str] | None:
    """A cell that lists units (区委宣传部、区人武部、…) broken after its separators into lines of at most `width`
    characters, so no name is split, in every medium alike; None when the text fits on one line or is not
    such a list (running text is broken by each medium's own line breaker)."""
    pieces = re.findall(r"[^、，,；;/／\s]+[、，,；;/／\s]*", text)
    if text_cells(text) <= width or len(pieces) < 2 or any(text_cells(p.rstrip()) > width for p in pieces):
        return None
    lines = [""]
    for piece in pieces:
        if lines[-1] and text_cells(lines[-1] + piece.rstrip()) > width:
            lines[-1] = lines[-1].rstrip()
            lines.append("")
        lines[-1] += piece
    return [line.rstrip() for line in lines]


@dataclass(frozen=True)
class TableFit:
    widths_mm: list[float]
    size_pt: float
    header_size_pt: float
    pitch_pt: float
    landscape: bool


@dataclass(frozen=True)
class _Column:
    natural: float  # characters of its longest cell
    minimum: float  # characters it needs: header on one line, units whole, room for text


def _columns(rows: list[list[str]], header_rows: int, relaxed: bool = False) -> list[_Column]:
    """Each column's natural and minimum width. `relaxed`: the last resort for a table that does not fit even
    landscape at the smallest size — headers and units may wrap, every column keeps two characters."""
    cols = max(len(r) for r in rows)
    out = []
    for c in range(cols):
        cells = [r[c] if c < len(r) else "" for r in rows]
        natural = max((text_cells(t) for t in cells), default=1.0)
        if relaxed:
            out.append(_Column(max(natural, 1.0), min(max(natural, 1.0), RELAXED_MIN)))
            continue
        header = max((text_cells(t) for t in cells[:header_rows]), default=0.0)
        # Units: the items of a list (区委宣传部、区人武部) or the short values of a column of them (牵头单位,
        # 完成时限); the phrases of a column of running text (工作任务) are not units, they wrap.
        short = natural <= ATOM_MAX
        unit = max((w for t in cells[header_rows:] for a in atoms(t)
                    if (short or len(atoms(t)) > 1) and (w := text_cells(a)) <= ATOM_MAX), default=0.0)
        out.append(_Column(max(natural, 1.0), max(header, unit, min(natural, PROSE_MIN), 1.0)))
    return out


def _fit(columns: list[_Column], width_mm: float, size_pt: float, padding_mm: float,
         preferred: list[float] | None) -> list[float] | None:
    """Widths in mm filling `width_mm`, or None when the columns' minimums do not fit."""
    char = pt_to_mm(size_pt)
    room = width_mm - padding_mm * len(columns)
    mins = [c.minimum * char for c in columns]
    if sum(mins) > room + 1e-6:
        return None
    if preferred and len(preferred) == len(columns):  # the writer's proportions, each at least its minimum
        want = [room * p / sum(preferred) for p in preferred]
    else:
        want = [c.natural * char for c in columns]
    if sum(want) <= room:
        widths = [w + (room - sum(want)) * w / sum(want) for w in want]
    else:  # water-filling: the widest columns give way first, none below its minimum
        lo, hi = 0.0, max(want)
        for _ in range(50):
            cap = (lo + hi) / 2
            if sum(max(m, min(w, cap)) for w, m in zip(want, mins, strict=True)) <= room:
                lo = cap
            else:
                hi = cap
        widths = [max(m, min(w, lo)) for w, m in zip(want, mins, strict=True)]
        widths[widths.index(max(widths))] += room - sum(widths)
    widths = [max(w, m) for w, m in zip(widths, mins, strict=True)]
    return [w + padding_mm for w in widths]


def fit_table(rows: list[list[str]], header_rows: int, profile: Profile, *, landscape: bool = False,
              preferred: list[float] | None = None, where: str = "") -> TableFit:
    """Column widths, text size and orientation for a table, in the fitting order of the module note."""
    page, style = profile.page, profile.table
    base = profile.font("table").size
    sizes = [base] + ([style.min_size] if style.min_size < base else [])
    orientations = [True] if landscape else [False, True]
    tries = [(turned, size, False) for turned in orientations for size in sizes] + [(True, sizes[-1], True)]
    for turned, size, relaxed in tries:
        width = page.block_height if turned else page.block_width
        padding = 2 * style.cell_margin + pt_to_mm(size) / 2  # a little air besides the margins
        widths = _fit(_columns(rows, header_rows, relaxed), width, size, padding, preferred)
        if widths is not None:
            ratio = size / base
            return TableFit(widths, size, profile.font("table_header").size * ratio, style.line_pitch_pt * ratio,
                            turned)
    need = sum(c.minimum for c in _columns(rows, header_rows, relaxed=True))
    raise OfficialDocsError(Problem(
        f"表格过宽：{max(len(r) for r in rows)} 列至少需要约 {need:.0f} 个字宽，横排、缩小字号后仍排不下",
        Location(where or "表格"), "减少列数，或把较长的内容移到表格外的正文中"))
