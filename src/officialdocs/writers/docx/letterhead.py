"""Elements placed against the page, not in the text flow: the 信函 mark above the block (a text box), rules of
their own length (the 信函 double rules) and page furniture (the lower double rule). Each is a DrawingML
anchor (`wp:anchor`, wrapNone) positioned from the page's top-left corner, so the flow never moves; they ride
on the next paragraph written (page 1 for the 版头)."""

from __future__ import annotations

from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from lxml import etree

from ...anatomy.model import EdgeLine, Mark, PageRule, Rule, Stroke
from ...cjk import text_cells
from ...style import mm_to_emu, mm_to_pt, mm_to_twips, pt_to_mm, pt_to_twips
from .builder import Builder
from .ooxml import el, text_run

_WPS = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"


def _anchor(b: Builder, x_mm: float, y_mm: float, w_mm: float, h_mm: float, graphic: str, name: str) -> str:
    b.shape_id += 1
    return (
        f'<wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="{b.shape_id + 2}" '
        f'behindDoc="0" locked="1" layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/>'
        f'<wp:positionH relativeFrom="page"><wp:posOffset>{mm_to_emu(x_mm)}</wp:posOffset></wp:positionH>'
        f'<wp:positionV relativeFrom="page"><wp:posOffset>{mm_to_emu(y_mm)}</wp:posOffset></wp:positionV>'
        f'<wp:extent cx="{mm_to_emu(w_mm)}" cy="{mm_to_emu(h_mm)}"/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
        f'<wp:wrapNone/><wp:docPr id="{100 + b.shape_id}" name="{name}"/><wp:cNvGraphicFramePr/>'
        f'<a:graphic><a:graphicData uri="{_WPS}">{graphic}</a:graphicData></a:graphic></wp:anchor>'
    )


def _float(b: Builder, anchor: str) -> None:
    drawing = parse_xml(f'<w:drawing {nsdecls("w", "wp", "a")} xmlns:wps="{_WPS}">{anchor}</w:drawing>')
    b.floating.append(drawing)


def _rect(b: Builder, x_mm: float, y_mm: float, w_mm: float, h_mm: float, color: str, name: str) -> None:
    """A filled rectangle without outline: a rule stroke of exact thickness."""
    shape = (
        f'<wps:wsp><wps:cNvSpPr/><wps:spPr><a:xfrm><a:off x="0" y="0"/>'
        f'<a:ext cx="{mm_to_emu(w_mm)}" cy="{mm_to_emu(h_mm)}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/>'
        f'</a:prstGeom><a:solidFill><a:srgbClr val="{color}"/></a:solidFill><a:ln><a:noFill/></a:ln></wps:spPr>'
        f'<wps:bodyPr/></wps:wsp>'
    )
    _float(b, _anchor(b, x_mm, y_mm, w_mm, h_mm, shape, name))


def _span(b: Builder, length_mm: float | None, centre: str) -> tuple[float, float]:
    page = b.profile.page
    if length_mm is None:
        return page.margins.left, page.block_width
    middle = page.width / 2 if centre == "page" else page.margins.left + page.block_width / 2
    return middle - length_mm / 2, length_mm


def _strokes(b: Builder, top_mm: float, strokes: list[Stroke], length_mm: float | None, centre: str,
             color: str, name: str) -> float:
    """Each stroke as a rectangle; returns the middle of the last stroke (where the next gap counts from)."""
    x, w = _span(b, length_mm, centre)
    middle = top_mm
    for stroke in strokes:
        _rect(b, x, top_mm + stroke.offset_mm, w, stroke.thickness_mm, color, name)
        middle = top_mm + stroke.offset_mm + stroke.thickness_mm / 2
    return middle


def _rgb(b: Builder, color: str) -> str:
    return b.profile.colors.red.rgb if color == "red" else b.profile.colors.text


def floating_mark(b: Builder, mark: Mark) -> None:
    """A mark above the block's top edge (信函: 30 mm from the page top): a text box as wide as the block, the
    name centred in it, condensed when wider; its glyph top at `top_mm` (a glyph in a line exactly its size
    rises `mark_rise_em` above the line's top, so the box goes that much lower)."""
    font = b.profile.font(mark.role)
    page = b.profile.page
    text = "".join(mark.names[:1]) + mark.suffix
    width_pt = text_cells(text) * font.size
    block_pt = mm_to_pt(page.block_width)
    scale = 100 if width_pt <= block_pt else max(33, int(block_pt / width_pt * 100))
    rise = b.profile.docx.calibration.mark_rise_em * pt_to_mm(font.size)
    p = el("w:p")
    p.append(el("w:pPr", None, el("w:spacing", {"before": 0, "after": 0, "line": pt_to_twips(font.size),
                                                "lineRule": "exact"}),
                el("w:ind", {"left": 0, "right": 0, "firstLine": 0}), el("w:jc", {"val": "center"})))
    p.append(text_run(text, b.rpr(mark.role, color=mark.color, scale=scale)))
    para = etree.tostring(p, encoding="unicode")
    box = (
        f'<wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr><a:xfrm><a:off x="0" y="0"/>'
        f'<a:ext cx="{mm_to_emu(page.block_width)}" cy="{mm_to_emu(pt_to_mm(font.size) * 1.5)}"/></a:xfrm>'
        f'<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:noFill/><a:ln><a:noFill/></a:ln></wps:spPr>'
        f'<wps:txbx><w:txbxContent>{para}</w:txbxContent></wps:txbx>'
        f'<wps:bodyPr rot="0" wrap="square" lIns="0" tIns="0" rIns="0" bIns="0" anchor="t"><a:noAutofit/>'
        f'</wps:bodyPr></wps:wsp>'
    )
    _float(b, _anchor(b, page.margins.left, mark.top_mm + rise, page.block_width, pt_to_mm(font.size) * 1.5, box,
                      "发文机关标志"))
    b.float_bottom_mm = mark.top_mm + pt_to_mm(font.size)


def floating_rule(b: Builder, rule: Rule) -> None:
    """A rule against the page, `gap_mm` below a floating mark (信函 upper double rule) or the block's top."""
    above = b.float_bottom_mm if b.float_bottom_mm is not None else b.profile.page.margins.top
    b.float_bottom_mm = _strokes(b, above + rule.gap_mm, rule.strokes, rule.length_mm, rule.centre,
                                 _rgb(b, rule.color), "分隔线")


def write_page_rule(b: Builder, rule: PageRule) -> None:
    """Page furniture (信函 lower double rule) on the page of the next paragraph."""
    _strokes(b, rule.top_mm, rule.strokes, rule.length_mm, rule.centre, _rgb(b, rule.color), "版式线")


def write_edge_line(b: Builder, line: EdgeLine) -> None:
    """Left text, a right tab stop at the block's right edge, right text. Below a floating
    rule the paragraph's spacing puts the glyph top `gap_mm` under it."""
    profile = b.profile
    size = profile.font("body").size
    if line.gap_mm is not None and b.float_bottom_mm is not None:
        glyph_top = b.float_bottom_mm + line.gap_mm
        extra = pt_to_mm(b.line / 20 - size) * profile.docx.calibration.exact_line_extra_above
        before = mm_to_twips(glyph_top - profile.page.margins.top - extra) - b.line_no * b.line
    else:
        before = line.gap_before * b.line
    runs = b.text(line.left.text, line.left.role) if line.left else []
    if line.right:
        tab = el("w:r")
        tab.append(b.rpr("body"))
        tab.append(el("w:tab"))
        runs += [tab, *b.text(line.right.text, line.right.role)]
    p = b.paragraph(runs, align="left", before=max(0, before))
    tabs = el("w:tabs", None, el("w:tab", {"val": "right", "pos": b.block_twips}))
    p.find(qn("w:pPr")).find(qn("w:kinsoku")).addprevious(tabs)  # schema order: tabs before kinsoku


def close_letterhead(b: Builder) -> None:
    """A letterhead with nothing in the flow yet (no 份号, no 发文字号): an empty line of exact height down to
    under the floating rule, so the title keeps its gap in lines from the rule, as in the PDF."""
    if b.float_bottom_mm is None or b.line_no:
        return
    profile = b.profile
    extra = pt_to_mm(b.line / 20 - profile.font("body").size) * (1 - profile.docx.calibration.exact_line_extra_above)
    b.paragraph([], line=mm_to_twips(b.float_bottom_mm + extra - profile.page.margins.top))
