"""版头 (7.2): 份号/密级/紧急 lines, the red 发文机关标志, 发文字号 or 签发人, and the red rule."""

from __future__ import annotations

from docx.oxml.ns import qn

from ...cjk import text_cells
from ...document import Document, Masthead
from ...style import mm_to_twips, pt_to_mm, pt_to_twips
from .builder import Builder
from .ooxml import border, el, text_run

# Where a glyph sits in an exact-height line, measured through LibreOffice 7.4 (tests/test_docx_render.py
# checks the results): a 16 pt glyph in a 28.95 pt line gets ~59% of the extra space above it, and a glyph in
# a line exactly its size rises ~0.19 em above the line's top.
EXACT_LINE_EXTRA_ABOVE = 0.59
MARK_RISE_EM = 0.19


def write_masthead(b: Builder, doc: Document) -> None:
    m = doc.masthead
    profile = b.profile
    lines_used = _corner_lines(b, m)
    if m.issuers:
        _mark(b, m, lines_used)
        _doc_number_and_rule(b, m)
    elif m.doc_number:
        _doc_number_and_rule(b, m, first=lines_used == 0)
    # Title goes `title_gap_lines` lines below the red rule.
    b.pending_before = b.line * profile.masthead.title_gap_lines if (m.issuers or m.doc_number) else 0


def _corner_lines(b: Builder, m: Masthead) -> int:
    rows = m.corner_rows()
    for text, role in rows:
        b.paragraph(b.text(text, role), align="left")
    return len(rows)


def _mark_scale(b: Builder, text: str, size_pt: float) -> int:
    """Horizontal scale (w:w, percent) that fits a long issuer name into the block width."""
    width_pt = text_cells(text) * size_pt
    block_pt = b.block_twips / 20
    return 100 if width_pt <= block_pt else max(33, int(block_pt / width_pt * 100))


def _mark(b: Builder, m: Masthead, lines_used: int) -> None:
    profile = b.profile
    font = profile.font("mark")
    red = profile.colors.red.rgb
    line = pt_to_twips(font.size)
    # Space above the mark so its top edge is `mark_top` below the block's top edge.
    top = mm_to_twips(profile.masthead.mark_top) - lines_used * b.line
    top += round(MARK_RISE_EM * line)
    if len(m.issuers) == 1:
        text = m.issuers[0] + m.mark_suffix
        runs = b.text(text, "mark", color=red, scale=_mark_scale(b, text, font.size), spacing_pt=0)
        b.paragraph(runs, align="center", line=line, before=top, keep_next=True)
        return
    _joint_mark(b, m, top, line)


def _joint_mark(b: Builder, m: Masthead, before: int, line: int) -> None:
    """Joint issuers: names stacked and justified to one width, 文件 to the right, centred on the block."""
    profile = b.profile
    font = profile.font("mark")
    red = profile.colors.red.rgb
    longest = max(text_cells(n) for n in m.issuers)
    suffix_w = text_cells(m.mark_suffix)
    total = (longest + suffix_w + (0.5 if suffix_w else 0)) * font.size
    scale = min(100, int(b.block_twips / 20 / total * 100)) if total * 20 > b.block_twips else 100
    names_tw = round(longest * font.size * 20 * scale / 100)
    suffix_tw = round((suffix_w + 0.5) * font.size * 20 * scale / 100) if suffix_w else 0
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
    for i, name in enumerate(m.issuers):
        row = el("w:tr")
        row.append(_cell(b, names_tw, [_mark_para(b, name, "distribute", line, red, scale)]))
        if suffix_tw:
            tc = _cell(b, suffix_tw, [_mark_para(b, m.mark_suffix, "right", line, red, scale)] if i == 0 else
                       [_mark_para(b, "", "right", line, red, scale)], vmerge="restart" if i == 0 else "continue")
            row.append(tc)
        table.append(row)
    # The space above goes on an empty paragraph of that exact height (tables have no spacing-before).
    b.paragraph([], line=max(before, 20), grid_exact=True)
    b.append_raw(table)


def _mark_para(b: Builder, text: str, align: str, line: int, red: str, scale: int):
    p = el("w:p")
    ppr = el("w:pPr")
    ppr.append(el("w:spacing", {"before": 0, "after": 0, "line": line, "lineRule": "exact"}))
    ppr.append(el("w:ind", {"left": 0, "right": 0, "firstLine": 0}))
    ppr.append(el("w:jc", {"val": align}))
    p.append(ppr)
    if text:
        p.append(text_run(text, b.rpr("mark", color=red, scale=scale, spacing_pt=0)))
    return p


def _cell(b: Builder, width: int, paras, vmerge: str | None = None):
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


def _doc_number_and_rule(b: Builder, m: Masthead, first: bool = False) -> None:
    """发文字号 two lines below the mark (centred, or left with 签发人 right), red rule `rule_gap` below it."""
    profile = b.profile
    gap = profile.masthead.doc_number_gap_lines * b.line if not first else 0
    rule = _red_rule(b)
    if not m.upward:
        b.paragraph(b.text(m.doc_number or ""), align="center", before=gap, border_bottom=rule)
        return
    indent = b.chars(profile.masthead.signer_indent_chars)
    # 7.2.6: names two per line; a wrapped line starts under the first name of the line above, and the
    # whole block ends one character from the right edge. Tab stops (no paragraph indent: Word measures
    # tabs from the margin, LibreOffice from the indent) put the 文号 one character in, then 签发人, then names.
    pairs = ["　".join(m.signers[i:i + 2]) for i in range(0, len(m.signers), 2)]
    names_w = b.chars(max(text_cells(p) for p in pairs))
    names_x = b.block_twips - indent - names_w
    label_x = names_x - b.chars(text_cells("签发人："))
    for n, names in enumerate(pairs):
        last = n == len(pairs) - 1
        runs = [_tab_run(b)] + (b.text(m.doc_number or "") if last else [])
        runs.append(_tab_run(b))
        if n == 0:  # label and names in one flow: a tab between them can overshoot by a rounding
            runs += b.text("签发人：", "signer_label")
        else:
            runs.append(_tab_run(b))
        runs += b.text(names, "signer_name")
        p = b.paragraph(runs, align="left", before=gap if n == 0 else 0, border_bottom=rule if last else None)
        _tab_stops(p, [indent, label_x, names_x])


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


def _red_rule(b: Builder):
    """The red separator as the 文号 paragraph's bottom border: exactly as wide as the text block."""
    profile = b.profile
    width_pt = profile.masthead.rule_width / pt_to_mm(1)
    size = max(2, min(96, round(width_pt * 8)))  # eighths of a point
    body = profile.font("body").size
    # The border sits below the line box; the glyph's em box ends (line - size) * (1 - extra_above) above it.
    below_glyph_pt = (b.line / 20 - body) * (1 - EXACT_LINE_EXTRA_ABOVE)
    space = max(0, round(profile.masthead.rule_gap / pt_to_mm(1) - below_glyph_pt))
    return border("bottom", size, profile.colors.red.rgb, min(space, 31))
