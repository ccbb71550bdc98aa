"""版头 (7.2) in Word: the red 发文机关标志 (a paragraph, or a table for joint issuers), the 签发人 block on tab
stops, and the separator as a paragraph border. Positions are the anatomy's; the calibrations are the
profile's `docx.calibration` (where LibreOffice and Word put glyphs in exact-height lines)."""

from __future__ import annotations

from docx.oxml.ns import qn

from ...anatomy.model import Mark, Rule, Signers
from ...cjk import text_cells
from ...style import mm_to_twips, pt_to_mm, pt_to_twips
from .builder import Builder
from .letterhead import floating_mark, floating_rule
from .ooxml import border, el, text_run


def _calibration(b: Builder):
    return b.profile.docx.calibration


def _mark_scale(b: Builder, text: str, size_pt: float) -> int:
    """Horizontal scale (w:w, percent) that fits a long issuer name into the block width."""
    width_pt = text_cells(text) * size_pt
    block_pt = b.block_twips / 20
    return 100 if width_pt <= block_pt else max(33, int(block_pt / width_pt * 100))


def write_mark(b: Builder, mark: Mark) -> None:
    """The red 发文机关标志, its top edge `top_mm` from the page top (spacing before it, less the lines above)."""
    profile = b.profile
    if mark.top_mm < profile.page.margins.top:  # above the block (信函, 10.1): against the page, not in the flow
        floating_mark(b, mark)
        return
    font = profile.font(mark.role)
    line = pt_to_twips(font.size)
    top = mm_to_twips(mark.top_mm - profile.page.margins.top) - b.line_no * b.line
    top += round(_calibration(b).mark_rise_em * line)
    if mark.single:
        text = mark.names[0] + mark.suffix
        runs = b.text(text, mark.role, color=mark.color, scale=_mark_scale(b, text, font.size))
        b.paragraph(runs, align="center", line=line, before=top, keep_next=True)
        return
    _joint_mark(b, mark, top, line)


def _joint_mark(b: Builder, mark: Mark, before: int, line: int) -> None:
    """Joint issuers: names stacked and justified to one width, 文件 to the right, centred on the block."""
    font = b.profile.font(mark.role)
    longest = max(text_cells(n) for n in mark.names)
    suffix_w = text_cells(mark.suffix)
    gap = mark.suffix_gap_em if suffix_w else 0.0
    total = (longest + suffix_w + gap) * font.size
    scale = min(100, int(b.block_twips / 20 / total * 100)) if total * 20 > b.block_twips else 100
    names_tw = round(longest * font.size * 20 * scale / 100)
    suffix_tw = round((suffix_w + gap) * font.size * 20 * scale / 100) if suffix_w else 0
    table = el("w:tbl")
    tblpr = el("w:tblPr")
    tblpr.append(el("w:tblW", {"w": names_tw + suffix_tw, "type": "dxa"}))
    tblpr.append(el("w:jc", {"val": "center"}))
    tblpr.append(el("w:tblLayout", {"type": "fixed"}))
    tblpr.append(el("w:tblCellMar", None, el("w:left", {"w": 0, "type": "dxa"}),
                    el("w:right", {"w": 0, "type": "dxa"})))
    table.append(tblpr)
    grid = el("w:tblGrid", None, el("w:gridCol", {"w": names_tw}))
    if suffix_tw:
        grid.append(el("w:gridCol", {"w": suffix_tw}))
    table.append(grid)
    gap = mm_to_twips(mark.name_gap_mm)
    for i, name in enumerate(mark.names):
        row = el("w:tr")
        spaced = gap if i else 0  # the names' extra spacing (profile masthead.mark_line_gap)
        row.append(_cell(names_tw, [_mark_para(b, mark, name, "distribute", line, scale, spaced)]))
        if suffix_tw:
            text = mark.suffix if i == 0 else ""
            row.append(_cell(suffix_tw, [_mark_para(b, mark, text, "right", line, scale, spaced)],
                             vmerge="restart" if i == 0 else "continue"))
        table.append(row)
    # The space above goes on an empty paragraph of that exact height (tables have no spacing-before).
    b.paragraph([], line=max(before, 20), grid_exact=True)
    b.append_raw(table)


def _mark_para(b: Builder, mark: Mark, text: str, align: str, line: int, scale: int, before: int = 0):
    p = el("w:p")
    ppr = el("w:pPr")
    ppr.append(el("w:spacing", {"before": before, "after": 0, "line": line, "lineRule": "exact"}))
    ppr.append(el("w:ind", {"left": 0, "right": 0, "firstLine": 0}))
    ppr.append(el("w:jc", {"val": align}))
    p.append(ppr)
    if text:
        p.append(text_run(text, b.rpr(mark.role, color=mark.color, scale=scale)))
    return p


def _cell(width: int, paras, vmerge: str | None = None):
    tc = el("w:tc")
    tcpr = el("w:tcPr")
    tcpr.append(el("w:tcW", {"w": width, "type": "dxa"}))
    if vmerge:
        tcpr.append(el("w:vMerge", {"val": vmerge} if vmerge == "restart" else None))
    tcpr.append(el("w:vAlign", {"val": "center"}))
    tc.append(tcpr)
    for p in paras:
        tc.append(p)
    return tc


def write_signers(b: Builder, s: Signers) -> None:
    """签发人 names right, the 文号 left on the last line (7.2.5, 7.2.6), by tab stops: no paragraph indent, since
    Word measures tabs from the margin and LibreOffice from the indent."""
    gap = s.gap_before * b.line
    names_w = b.chars(max(text_cells(p) for p in s.lines))
    names_x = b.block_twips - b.chars(s.right) - names_w
    label_x = names_x - b.chars(text_cells(s.label))
    for n, names in enumerate(s.lines):
        last = n == len(s.lines) - 1
        runs = [_tab_run(b)] + (b.text(s.doc_number or "", s.number_role) if last else [])
        runs.append(_tab_run(b))
        if n == 0:  # label and names in one flow: a tab between them can overshoot by a rounding
            runs += b.text(s.label, s.label_role)
        else:
            runs.append(_tab_run(b))
        runs += b.text(names, s.name_role)
        p = b.paragraph(runs, align="left", before=gap if n == 0 else 0)
        _tab_stops(p, [b.chars(s.number_left), label_x, names_x])


def _tab_run(b: Builder):
    run = el("w:r")
    run.append(b.rpr("body"))
    run.append(el("w:tab"))
    return run


def _tab_stops(p, positions: list[int]) -> None:
    """Left tab stops, placed in schema order (before kinsoku/spacing). Positions are from the margin."""
    ppr = p.find(qn("w:pPr"))
    tabs = el("w:tabs", None, *[el("w:tab", {"val": "left", "pos": pos}) for pos in positions])
    anchor = ppr.find(qn("w:kinsoku"))
    (anchor if anchor is not None else ppr.find(qn("w:spacing"))).addprevious(tabs)


def write_rule(b: Builder, rule: Rule) -> None:
    """A separator as the bottom border of the paragraph above it: exactly as wide as the text block, `gap_mm`
    below that paragraph's glyphs (the border sits below the line box; the glyph's em box ends
    (line - size) x (1 - extra above) above it)."""
    profile = b.profile
    if b.last is None or (b.float_bottom_mm is not None and b.line_no == 0):  # under a floating mark (信函)
        floating_rule(b, rule)
        return
    width_pt = rule.strokes[0].thickness_mm / pt_to_mm(1)
    size = max(2, min(96, round(width_pt * 8)))  # eighths of a point
    body = profile.font("body").size
    below_glyph_pt = (b.line / 20 - body) * (1 - _calibration(b).exact_line_extra_above)
    space = max(0, round(rule.gap_mm / pt_to_mm(1) - below_glyph_pt))
    color = profile.colors.red.rgb if rule.color == "red" else profile.colors.text
    ppr = b.last.find(qn("w:pPr"))
    bdr = el("w:pBdr", None, border("bottom", size, color, min(space, 31)))
    anchor = next(n for n in (ppr.find(qn(f"w:{t}")) for t in ("shd", "tabs", "kinsoku", "spacing")) if n is not None)
    anchor.addprevious(bdr)
