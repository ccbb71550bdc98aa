"""Drawing the 版头's free-standing elements (7.2): the 发文机关标志, the 签发人 block, separator rules.

Where they go is the anatomy's decision; this module measures glyphs to centre, justify and condense them.
"""

from __future__ import annotations

from ..anatomy.model import EdgeLine, Mark, PageRule, Rule, Signers
from ..style import mm_to_pt
from .flow import Frame
from .model import Color
from .text import Line, Piece, single_line


def color(f: Frame, name: str) -> Color:
    from .flow import cmyk, text_color

    return cmyk(f.profile.colors.red.cmyk) if name == "red" else text_color(f.profile)


def _line(f: Frame, text: str, role: str) -> Line:
    return single_line(f.tokens([Piece(text, role)], where="版头"))


def place_mark(f: Frame, mark: Mark) -> None:
    """Centred, its top edge at `top_mm` from the page top; joint names stacked and justified to the longest,
    the suffix (文件) to their right, vertically centred; condensed horizontally when wider than the block."""
    g = f.g
    size = f.profile.font(mark.role).size
    red = color(f, mark.color)
    top = mm_to_pt(mark.top_mm)
    ascent = 1.0 - abs(f.book.primary(mark.role).descent)
    if mark.single:
        line = _line(f, mark.names[0] + mark.suffix, mark.role)
        scale = min(1.0, g.measure / line.width) if line.width else 1.0
        _scaled(line, scale)
        f.draw_line(line, g.left + (g.measure - line.width) / 2, top + ascent * size, red, h_scale=scale * 100)
        f.mark_bottom(top + size)
        return
    names = [_line(f, n, mark.role) for n in mark.names]
    suffix = _line(f, mark.suffix, mark.role) if mark.suffix else None
    gap = size * mark.suffix_gap_em
    widest = max(n.width for n in names)
    total = widest + (suffix.width + gap if suffix else 0.0)
    scale = min(1.0, g.measure / total)
    line_gap = mm_to_pt(mark.name_gap_mm)
    x = g.left + (g.measure - total * scale) / 2
    for i, name in enumerate(names):
        _spread(name, widest)  # 分散对齐
        _scaled(name, scale)
        f.draw_line(name, x, top + i * (size + line_gap) + ascent * size, red, h_scale=scale * 100)
    bottom = top + len(names) * size + (len(names) - 1) * line_gap
    if suffix:
        _scaled(suffix, scale)
        f.draw_line(suffix, x + (widest + gap) * scale, (top + bottom) / 2 - size / 2 + ascent * size, red,
                    h_scale=scale * 100)
    f.mark_bottom(bottom)


def _scaled(line: Line, scale: float) -> None:
    for glyph in line.glyphs:
        glyph.advance *= scale


def _spread(line: Line, width: float) -> None:
    if len(line.glyphs) > 1 and line.width < width:
        extra = (width - line.width) / (len(line.glyphs) - 1)
        for glyph in line.glyphs[:-1]:
            glyph.advance += extra


def place_signers(f: Frame, s: Signers) -> None:
    """签发人：names right, `right` cells in, two names a line, wrapped lines under the first name; the 发文字号
    `number_left` cells in on the last line (7.2.5, 7.2.6)."""
    g = f.g
    size = g.body_size
    top = f.gap_top(s.gap_before)
    top = g.slot_top(f.slot) if top is None else top
    baseline = top + g.ascent * size
    label = _line(f, s.label, s.label_role)
    name_lines = [_line(f, p, s.name_role) for p in s.lines]
    names_x = g.right - s.right * g.cell - max(n.width for n in name_lines)
    for i, names in enumerate(name_lines):
        if i == 0:
            f.draw_line(label, names_x - label.width, baseline)
        f.draw_line(names, names_x, baseline + i * g.pitch)
    last = baseline + (len(name_lines) - 1) * g.pitch
    if s.doc_number:
        f.draw_line(_line(f, s.doc_number, s.number_role), g.left + s.number_left * g.cell, last)
    f.mark_bottom(top + (len(name_lines) - 1) * g.pitch + size)


def place_rule(f: Frame, rule: Rule) -> None:
    """`gap_mm` below the glyphs above it; the next element's gap counts from the rule's middle line."""
    g = f.g
    y = (f.last_bottom if f.last_bottom is not None else g.top) + mm_to_pt(rule.gap_mm)
    x0, x1 = _rule_span(f, rule.length_mm, rule.centre)
    red = color(f, rule.color)
    middle = y
    for stroke in rule.strokes:
        thickness = mm_to_pt(stroke.thickness_mm)
        middle = y + mm_to_pt(stroke.offset_mm) + thickness / 2
        f.rule(x0, x1, middle, thickness, red)
    f.content_bottom = max(f.content_bottom, middle)
    f.last_bottom = middle


def _rule_span(f: Frame, length_mm: float | None, centre: str) -> tuple[float, float]:
    g = f.g
    if length_mm is None:
        return g.left, g.right
    middle = g.width / 2 if centre == "page" else (g.left + g.right) / 2
    return middle - mm_to_pt(length_mm) / 2, middle + mm_to_pt(length_mm) / 2


def place_page_rule(f: Frame, rule: PageRule) -> None:
    """Page furniture: strokes at fixed distances from the page's top edge; the text flow does not move."""
    x0, x1 = _rule_span(f, rule.length_mm, rule.centre)
    for stroke in rule.strokes:
        thickness = mm_to_pt(stroke.thickness_mm)
        f.rule(x0, x1, mm_to_pt(rule.top_mm + stroke.offset_mm) + thickness / 2, thickness, color(f, rule.color))


def place_edge_line(f: Frame, line: EdgeLine) -> None:
    """Text at the block's left and right edges on one line, `gap_mm` (or `gap_before` lines) below what is above."""
    g = f.g
    if line.gap_mm is not None and f.last_bottom is not None:
        top = f.last_bottom + mm_to_pt(line.gap_mm)
    else:
        below = f.gap_top(line.gap_before)
        top = g.slot_top(f.slot) if below is None else below
    size = g.body_size
    element = f.element
    for run, left in ((line.left, True), (line.right, False)):
        if run is None:
            continue
        f.element = element + run.role  # 份号 and 发文字号 share the line but stay separate elements
        text = _line(f, run.text, run.role)
        size = max(size, f.profile.font(run.role).size)
        x = g.left if left else g.right - text.width
        f.draw_line(text, x, top + g.ascent * f.profile.font(run.role).size, color(f, run.color))
    f.element = element
    f.mark_bottom(top + size)
