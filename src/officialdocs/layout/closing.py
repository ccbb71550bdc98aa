"""版记 (7.4) at the foot of the last page and 页码 (7.5) on every page, as the anatomy decided them."""

from __future__ import annotations

from ..anatomy.model import Colophon, PageNumbers
from ..style import mm_to_pt
from .flow import Frame
from .text import Line, Piece, break_lines, single_line


def _one(f: Frame, text: str, role: str, where: str = "") -> Line:
    return single_line(f.tokens([Piece(text, role)], where=where))


def colophon_rows(f: Frame, c: Colophon) -> list[tuple[list[Line], list[float]]]:
    """Each row: its lines and their x positions, `indent_em` ems of the colophon face in from each side."""
    g = f.g
    one = f.profile.font(c.role).size * c.indent_em
    rows = []
    for row in c.rows:
        if row.kind == "list":
            head = _one(f, row.label, c.role).width
            tokens = f.tokens([Piece(row.text, c.role)], where="版记")
            lines = break_lines(tokens, g.measure - one, one, one + head, justify=True)
            rows.append((lines, [g.left + ln.x for ln in lines]))
        else:
            items, xs = [], []
            if row.left:
                items.append(_one(f, row.left, c.role, "版记"))
                xs.append(g.left + one)
            if row.right:
                line = _one(f, row.right, c.role, "版记")
                items.append(line)
                xs.append(g.right - one - line.width)
            rows.append((items, xs))
    return rows


def layout_colophon(f: Frame, c: Colophon | None) -> set[int]:
    """At the foot of the last page, its last rule on the block's bottom edge. Printed on both sides, the 版记
    page must be even: a 版记 that would fall on an odd page goes over to the next page, and when that takes a
    page of its own after a full even page, an unnumbered blank page comes first (7.5).
    Returns the indices of pages that carry no number."""
    if c is None:
        return set()
    g = f.g
    rows = colophon_rows(f, c)
    pitch = c.pitch_pt
    heights = [pitch if c.rows[i].kind == "printed" else len(lines) * pitch for i, (lines, _) in enumerate(rows)]
    top = g.bottom - sum(heights)
    unnumbered: set[int] = set()
    shares_page = f.content_bottom + (g.pitch - g.body_size) <= top
    if not shares_page:
        f.new_page()
    if c.even_page and len(f.pages) % 2 == 1:
        if not shares_page:  # a page of its own would be odd: a blank page first, neither numbered
            unnumbered.add(len(f.pages) - 1)
            f.new_page()
            unnumbered.add(len(f.pages) - 1)
        else:
            f.new_page()
    f.element = "colophon"
    _draw(f, c, rows, heights, top)
    return unnumbered


def _draw(f: Frame, c: Colophon, rows, heights, top: float) -> None:
    """Thick rule, the rows, thick rule on the block's bottom edge (7.4.1); a thin rule separates the 印发 row from
    what is above it, none separates a 主送 row from the 抄送 row under it (7.4.2, 7.4.3)."""
    g = f.g
    thick, thin = mm_to_pt(c.thick_mm), mm_to_pt(c.thin_mm)
    size = f.profile.font(c.role).size
    ascent = 1.0 - abs(f.book.primary(c.role).descent)
    if c.rules:
        f.element = "colophon_rule"
        f.rule(g.left, g.right, top + thick / 2, thick)
    y = top
    for i, ((lines, xs), height) in enumerate(zip(rows, heights, strict=True)):
        stacked = c.rows[i].kind == "list"  # a wrapped list: one line per pitch; the 印发 row on one line
        f.element = ("recipients_colophon" if c.rows[i].label.startswith("主送") else "cc") if stacked else "printed"
        for j, (line, x) in enumerate(zip(lines, xs, strict=True)):
            line_top = y + (j * c.pitch_pt if stacked else 0.0)
            f.draw_line(line, x, line_top + (c.pitch_pt - size) / 2 + ascent * size)
        y += height
        f.element = "colophon_rule"
        if c.rules and i < len(rows) - 1 and c.rows[i + 1].kind == "printed":
            f.rule(g.left, g.right, y, thin)
    if c.rules:
        f.rule(g.left, g.right, g.bottom - thick / 2, thick)
    f.mark_bottom(g.bottom)


def number_pages(f: Frame, spec: PageNumbers, unnumbered: set[int]) -> None:
    """"— N —" with its dash `below_mm` under the block (the em box centred there), odd pages right and even
    pages left, `outer_em` ems of its own face in from the edge."""
    g = f.portrait
    size = f.profile.font(spec.role).size
    ascent = 1.0 - abs(f.book.primary(spec.role).descent)
    one = size * spec.outer_em
    centre = g.bottom + mm_to_pt(spec.below_mm)
    baseline = centre - size / 2 + ascent * size
    skip = set(unnumbered) if spec.blank_and_colophon_unnumbered else set()
    if not spec.first_page:
        skip.add(0)
    for index, page in enumerate(f.pages):
        if index in skip:
            page.number = None
            continue
        page.number = index + 1
        line = _one(f, f"{spec.dash} {page.number} {spec.dash}", spec.role, "页码")
        x = g.right - one - line.width if page.number % 2 else g.left + one
        f.element = "page_number"
        saved, runs = f.pages, page.runs
        f.pages = [page]  # draw_line appends to the current page's runs: borrow them for the number
        page.runs = page.fixed
        f.draw_line(line, x, baseline)
        page.runs = runs
        f.pages = saved
