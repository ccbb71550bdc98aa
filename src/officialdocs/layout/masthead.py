"""版头 and title on page 1 (7.2, 7.3.1): positions in absolute page coordinates from the profile."""

from __future__ import annotations

from ..document import Document
from ..style import mm_to_pt
from ..titlebreak import break_title
from .flow import Frame, cmyk
from .text import Line, Piece, single_line


def _gap_below(f: Frame, y: float, blank_lines: int) -> float:
    """Em top of a 3号 line that stands `blank_lines` empty lines below something ending at `y`
    (reading A of "空N行": N empty lines in between, the usual reading in Word templates)."""
    g = f.g
    return y + (g.pitch - g.body_size) + blank_lines * g.pitch


def _line(f: Frame, text: str, role: str) -> Line:
    return single_line(f.tokens([Piece(text, role)], where="版头"))


def layout_masthead(f: Frame, doc: Document) -> float:
    """Lay out the 版头; return the y (pt) where the title's first line box starts (its em top)."""
    m = doc.masthead
    g = f.g
    red = cmyk(f.profile.colors.red.cmyk)
    rows = m.corner_rows()
    for text, role in rows:
        if text:
            f.draw_line(_line(f, text, role), g.left, g.baseline(f.slot))
        f.slot += 1
    y = g.slot_top(f.slot) if rows else g.top
    if not (m.issuers or m.doc_number):
        return y
    if m.issuers:
        mark_bottom = _mark(f, doc, red)
        number_top = _gap_below(f, mark_bottom, f.profile.masthead.doc_number_gap_lines)
    else:
        number_top = y
    number_bottom = _doc_number(f, doc, number_top)
    rule_y = number_bottom + mm_to_pt(f.profile.masthead.rule_gap) + mm_to_pt(f.profile.masthead.rule_width) / 2
    f.rule(g.left, g.right, rule_y, mm_to_pt(f.profile.masthead.rule_width), red)
    return _gap_below(f, rule_y, f.profile.masthead.title_gap_lines)


def _mark(f: Frame, doc: Document, red) -> float:
    """The red 发文机关标志, its top edge `mark_top` below the block; joint names stacked, 文件 on the right."""
    m = doc.masthead
    g = f.g
    font = f.profile.font("mark")
    size = font.size
    top = g.top + mm_to_pt(f.profile.masthead.mark_top)
    ascent = 1.0 - abs(f.book.primary("mark").descent)
    names = [_line(f, n, "mark") for n in m.issuers]
    suffix = _line(f, m.mark_suffix, "mark") if m.mark_suffix else None
    gap = size * 0.5 if suffix and len(names) > 1 else 0.0
    widest = max(n.width for n in names)
    total = widest + ((suffix.width + gap) if suffix and len(names) > 1 else (suffix.width if suffix else 0.0))
    scale = min(1.0, g.measure / total)  # condense a long name horizontally to fit the block
    line_gap = mm_to_pt(f.profile.masthead.mark_line_gap)
    if len(names) == 1:
        line = single_line(f.tokens([Piece(m.issuers[0] + m.mark_suffix, "mark")]))
        x = g.left + (g.measure - line.width * scale) / 2
        _scaled(line, scale)
        f.draw_line(line, x, top + ascent * size, red, h_scale=scale * 100)
        return top + size
    x = g.left + (g.measure - total * scale) / 2
    for i, name in enumerate(names):
        _spread(name, widest)  # each name justified to the longest one's width (分散对齐)
        _scaled(name, scale)
        f.draw_line(name, x, top + i * (size + line_gap) + ascent * size, red, h_scale=scale * 100)
    bottom = top + len(names) * size + (len(names) - 1) * line_gap
    if suffix:
        _scaled(suffix, scale)
        centre = (top + bottom) / 2
        f.draw_line(suffix, x + (widest + gap) * scale, centre - size / 2 + ascent * size, red, h_scale=scale * 100)
    return bottom


def _scaled(line: Line, scale: float) -> None:
    for glyph in line.glyphs:
        glyph.advance *= scale


def _spread(line: Line, width: float) -> None:
    if len(line.glyphs) > 1 and line.width < width:
        extra = (width - line.width) / (len(line.glyphs) - 1)
        for glyph in line.glyphs[:-1]:
            glyph.advance += extra


def _doc_number(f: Frame, doc: Document, top: float) -> float:
    """发文字号 centred; for an upward document left one character in, with 签发人 on the right (7.2.5-6)."""
    m = doc.masthead
    g = f.g
    size = g.body_size
    baseline = top + g.ascent * size
    indent = g.cell * f.profile.masthead.signer_indent_chars
    if not m.upward:
        if m.doc_number:
            line = _line(f, m.doc_number, "doc_number")
            f.draw_line(line, g.left + (g.measure - line.width) / 2, baseline)
        return top + size
    pairs = ["　".join(m.signers[i:i + 2]) for i in range(0, len(m.signers), 2)]
    label = _line(f, "签发人：", "signer_label")
    name_lines = [_line(f, p, "signer_name") for p in pairs]
    names_x = g.right - indent - max(n.width for n in name_lines)
    for i, names in enumerate(name_lines):
        if i == 0:
            f.draw_line(label, names_x - label.width, baseline)
        f.draw_line(names, names_x, baseline + i * g.pitch)
    last = baseline + (len(name_lines) - 1) * g.pitch  # the 文号 shares the last signer line
    if m.doc_number:
        f.draw_line(_line(f, m.doc_number, "doc_number"), g.left + indent, last)
    return top + (len(name_lines) - 1) * g.pitch + size


def layout_title(f: Frame, doc: Document, top: float) -> float:
    """Title lines centred (2号小标宋), then the draft marking; returns the bottom of the last line."""
    g = f.g
    font = f.profile.font("title")
    pitch = font.size + (f.profile.body.title_line_pitch_pt - font.size)
    ascent = 1.0 - abs(f.book.primary("title").descent)
    lines = break_title(doc.title, g.measure / font.size)
    y = top
    for i, text in enumerate(lines):
        line = _line(f, text, "title")
        f.draw_line(line, g.left + (g.measure - line.width) / 2, y + i * pitch + ascent * font.size)
    bottom = y + (len(lines) - 1) * pitch + font.size
    if doc.draft:
        f.skip_to(bottom + (g.pitch - g.body_size))
        line = _line(f, f"（{doc.draft}）", "draft")
        bottom = f.place_line(line, x=g.left + (g.measure - line.width) / 2) + g.body_size
    return bottom
