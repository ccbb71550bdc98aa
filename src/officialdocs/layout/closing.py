"""附件说明, 署名/日期/印章, 附注 (7.3.4-7.3.6), 版记 (7.4) and 页码 (7.5)."""

from __future__ import annotations

from ..document import Colophon, Document
from ..style import mm_to_pt
from .flow import Frame
from .model import Image
from .text import Line, Piece, break_lines, single_line


def _one(f: Frame, text: str, role: str = "body", where: str = "") -> Line:
    return single_line(f.tokens([Piece(text, role)], where=where))


def attachment_list(f: Frame, doc: Document) -> list[Line]:
    """"附件：1.名称" two characters in; later names and wrapped lines hang under the first name."""
    names = doc.attachment_list
    if not names:
        return []
    indent = f.g.cell * f.profile.body.first_line_indent_chars
    label = _one(f, "附件：").width
    out: list[Line] = []
    for i, name in enumerate(names, 1):
        number = f"{i}." if len(names) > 1 else ""
        num_w = _one(f, number).width if number else 0.0
        text = ("附件：" if i == 1 else "") + number + name
        first = indent if i == 1 else indent + label
        tokens = f.tokens([Piece(text, "body")], where="附件说明")
        out += break_lines(tokens, f.g.measure, first, indent + label + num_w, justify=True)
    return out


def signature_lines(f: Frame, doc: Document) -> tuple[int, list[tuple[Line, float]], Line | None]:
    """(blank lines before, [(line, x)], remark line) for the signature block, per 7.3.5.1 / 7.3.5.2."""
    sig = doc.signature
    g = f.g
    body = f.profile.body
    placed: list[tuple[Line, float]] = []
    remark = None
    if doc.remark:
        remark = _one(f, f"（{doc.remark.strip('（）()')}）", where="附注")
        remark.x = g.cell * body.first_line_indent_chars
    if sig is None:
        return 0, placed, remark
    names = [_one(f, n, where="署名") for n in sig.issuers]
    date = _one(f, sig.date, where="成文日期") if sig.date else None
    date_w = date.width if date else 0.0
    if sig.is_sealed:
        date_right = g.right - g.cell * body.date_right_chars_sealed
        centre = date_right - date_w / 2
        placed += [(n, centre - n.width / 2) for n in names]
        if date:
            placed.append((date, date_right - date_w))
        return body.sealed_gap_lines, placed, remark
    sig_w = max((n.width for n in names), default=0.0)
    sig_x = g.right - g.cell * body.signature_right_chars - sig_w
    date_x = sig_x + g.cell * body.date_offset_chars
    if date_x + date_w > g.right - g.cell * body.signature_right_chars:  # a long date moves the 署名 left
        date_x = g.right - g.cell * body.signature_right_chars - date_w
        sig_x = date_x - g.cell * body.date_offset_chars
    placed += [(n, sig_x) for n in names]
    if date:
        placed.append((date, date_x))
    return body.signature_gap_lines, placed, remark


def place_signature(f: Frame, doc: Document, gap: int, placed: list[tuple[Line, float]], remark: Line | None) -> None:
    """Set the block; 7.3.5.5: when it does not fit, close up the gap before anything moves to a new page."""
    need = len(placed) + (1 if remark else 0)
    while gap > 0 and f.slots_left < gap + need:
        gap -= 1
    if f.slots_left < gap + need:
        f.new_page()
    f.slot += gap
    sig = doc.signature
    first_top = None
    for line, x in placed:
        top = f.place_line(line, x=x)
        first_top = top if first_top is None else first_top
    if sig is not None and sig.seal is not None and first_top is not None:
        d = mm_to_pt(f.profile.body.seal_diameter)
        date_line, date_x = placed[-1]
        centre_x = date_x + date_line.width / 2
        # The 署名 sits just below the seal's centre; the seal never leaves the block.
        top = max(f.g.top, first_top - d / 2 - f.g.body_size * 0.2)
        f.page.images.append(Image(sig.seal, centre_x - d / 2, top, d, d))
    if remark:
        f.place_line(remark)


def colophon_rows(f: Frame, colophon: Colophon) -> list[tuple[list[Line], list[float]]]:
    """Each row: its lines and their x positions (4号仿宋, one character in from each side)."""
    g = f.g
    size = f.profile.font("colophon").size
    one = size * f.profile.colophon.indent_chars
    rows = []
    for label, names in (("主送", colophon.recipients), ("抄送", colophon.cc)):
        if names:
            text = f"{label}：" + "，".join(names) + "。"
            head = _one(f, f"{label}：", "colophon").width
            tokens = f.tokens([Piece(text, "colophon")], where="版记")
            lines = break_lines(tokens, g.measure - one, one, one + head, justify=True)
            rows.append((lines, [g.left + ln.x for ln in lines]))
    if colophon.printed_by or colophon.printed_on:
        items, xs = [], []
        if colophon.printed_by:
            items.append(_one(f, colophon.printed_by, "colophon", "版记"))
            xs.append(g.left + one)
        if colophon.printed_on:
            line = _one(f, f"{colophon.printed_on}印发", "colophon", "版记")
            items.append(line)
            xs.append(g.right - one - line.width)
        rows.append((items, xs))
    return rows


def layout_colophon(f: Frame, colophon: Colophon) -> set[int]:
    """At the foot of the last page, its last rule on the block's bottom edge. Printed on both sides, the
    版记 page must be even: a 版记 that would fall on an odd page goes over to the next page, and when that
    takes a page of its own after a full even page, an unnumbered blank page comes first (7.5).
    Returns the indices of pages that carry no number."""
    if colophon.empty:
        return set()
    g = f.g
    rows = colophon_rows(f, colophon)
    printed = bool(colophon.printed_by or colophon.printed_on)
    heights = [g.pitch if printed and i == len(rows) - 1 else len(lines) * g.pitch
               for i, (lines, _) in enumerate(rows)]
    top = g.bottom - sum(heights)
    unnumbered: set[int] = set()
    shares_page = f.content_bottom + (g.pitch - g.body_size) <= top
    if not shares_page:
        f.new_page()
    if f.profile.pdf.duplex and len(f.pages) % 2 == 1:
        if not shares_page:  # a page of its own would be odd: a blank page first, neither numbered
            unnumbered.add(len(f.pages) - 1)
            f.new_page()
            unnumbered.add(len(f.pages) - 1)
        else:
            f.new_page()
    _draw_colophon(f, rows, heights, top)
    return unnumbered


def _draw_colophon(f: Frame, rows, heights, top: float) -> None:
    """Thick rule, rows separated by thin rules, thick rule on the block's bottom edge (7.4.1)."""
    g = f.g
    style = f.profile.colophon
    thick, thin = mm_to_pt(style.rule_thick), mm_to_pt(style.rule_thin)
    size = f.profile.font("colophon").size
    ascent = 1.0 - abs(f.book.primary("colophon").descent)
    f.rule(g.left, g.right, top + thick / 2, thick)
    y = top
    for i, ((lines, xs), height) in enumerate(zip(rows, heights, strict=True)):
        stacked = height > g.pitch + 0.01  # a wrapped 抄送 row: one line per pitch; else all on one line
        for j, (line, x) in enumerate(zip(lines, xs, strict=True)):
            line_top = y + (j * g.pitch if stacked else 0.0)
            f.draw_line(line, x, line_top + (g.pitch - size) / 2 + ascent * size)
        y += height
        if i < len(rows) - 1:
            f.rule(g.left, g.right, y, thin)
    f.rule(g.left, g.right, g.bottom - thick / 2, thick)
    f.mark_bottom(g.bottom)


def number_pages(f: Frame, unnumbered: set[int]) -> None:
    """"— N —" in 4号宋体, 7 mm below the block (the dash's middle), odd pages right, even pages left."""
    g = f.g
    style = f.profile.page_number
    size = f.profile.font("page_number").size
    face = f.book.primary("page_number")
    ascent = 1.0 - abs(face.descent)
    one = size * style.outer_indent_chars
    centre = g.bottom + mm_to_pt(style.below_block)
    baseline = centre - size / 2 + ascent * size  # em box centred on the line 7 mm below the block
    for index, page in enumerate(f.pages):
        if index in unnumbered:
            page.number = None
            continue
        page.number = index + 1
        line = _one(f, f"{style.dash} {page.number} {style.dash}", "page_number", "页码")
        x = g.right - one - line.width if page.number % 2 else g.left + one
        saved, runs = f.pages, page.runs
        f.pages = [page]  # draw_line appends to the current page's runs: borrow them for the number
        page.runs = page.fixed
        f.draw_line(line, x, baseline)
        page.runs = runs
        f.pages = saved
