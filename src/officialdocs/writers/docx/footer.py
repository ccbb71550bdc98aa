"""页码 (7.5): "— N —" in 4号 宋体, odd pages right and even pages left, one character in, 7 mm below the block.

A landscape section (a wide table, clause 8) has footers of its own: the number stays where it is on the portrait
pages once the sheet is turned back, so on the landscape page it is a page-anchored text box along the long edge
with its text turned a quarter clockwise (bodyPr vert="vert")."""

from __future__ import annotations

from typing import Any

from docx.document import Document as WordDocument
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.parts.hdrftr import FooterPart
from lxml import etree

from ...style import Profile, mm_to_emu, pt_to_mm, pt_to_twips
from .ooxml import el, field_runs, indent, run_props, spacing, text_run
from .styles import latin_face


def _page_number_paragraph(profile: Profile, odd: bool):
    font = profile.font("page_number")
    one = pt_to_twips(font.size * profile.page_number.outer_indent_chars)
    dash = profile.page_number.dash

    def rpr():
        return run_props(font.docx, font.size, color=profile.colors.text, latin=latin_face(profile, font.docx))

    p = el("w:p")
    ppr = el("w:pPr")
    ppr.append(el("w:pStyle", {"val": "Footer"}))
    ppr.append(el("w:snapToGrid", {"val": 0}))
    ppr.append(spacing(pt_to_twips(font.size)))
    ppr.append(indent(right=one) if odd else indent(left=one))
    ppr.append(el("w:jc", {"val": "right" if odd else "left"}))
    p.append(ppr)
    p.append(text_run(f"{dash} ", rpr()))
    for run in field_runs("PAGE", "1", rpr):
        p.append(run)
    p.append(text_run(f" {dash}", rpr()))
    return p


def write_footers(word: WordDocument, profile: Profile, first_page_number: bool = True) -> None:
    """Odd and even footers with the number; without a number on page 1 (信函, 10.1) a first-page footer and
    header of their own (w:titlePg), left empty."""
    section = word.sections[0]
    footers: list[tuple[Any, bool | None]] = [(section.footer, True), (section.even_page_footer, False)]
    headers = [section.header, section.even_page_header]
    if not first_page_number:
        section.different_first_page_header_footer = True
        footers.append((section.first_page_footer, None))
        headers.append(section.first_page_header)
    for footer, odd in footers:
        footer.is_linked_to_previous = False
        root = footer._element
        for child in list(root):
            root.remove(child)
        if odd is None:
            root.append(el("w:p", None, el("w:pPr", None, el("w:pStyle", {"val": "Footer"}))))
        else:
            root.append(_page_number_paragraph(profile, odd))
    for header in headers:
        header.is_linked_to_previous = False
        root = header._element
        for child in list(root):
            root.remove(child)
        p = el("w:p", None, el("w:pPr", None, el("w:pStyle", {"val": "Header"})))
        root.append(p)


_WPS = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"


def _turned_number(profile: Profile, odd: bool) -> etree._Element:
    """The footer paragraph of a landscape page: only an anchor holding the number in a turned text box.

    The landscape page is the portrait one turned a quarter anticlockwise (builder._turn): the portrait x becomes
    the distance from the landscape top, the portrait distance from the bottom the landscape x. The box spans the
    block's width that way, so the paragraph's alignment and one-character indent work as on a portrait page."""
    page = profile.page
    font = profile.font("page_number")
    line_mm = pt_to_mm(font.size)
    dash_y = page.margins.top + page.block_height + profile.page_number.below_block  # portrait, from the top
    # LibreOffice sets the dash above the middle of the line box (towards the turned line's top, the right).
    centre_x = page.height - dash_y - profile.docx.calibration.turned_number_rise_em * line_mm
    para = etree.tostring(_page_number_paragraph(profile, odd), encoding="unicode")
    shape_id = 3 if odd else 4
    anchor = (
        f'<w:drawing {nsdecls("w", "wp", "a")} xmlns:wps="{_WPS}">'
        f'<wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="{shape_id}" '
        f'behindDoc="0" locked="1" layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/>'
        f'<wp:positionH relativeFrom="page"><wp:posOffset>{mm_to_emu(centre_x - line_mm / 2)}</wp:posOffset>'
        f'</wp:positionH><wp:positionV relativeFrom="page"><wp:posOffset>{mm_to_emu(page.margins.left)}'
        f'</wp:posOffset></wp:positionV>'
        f'<wp:extent cx="{mm_to_emu(line_mm)}" cy="{mm_to_emu(page.block_width)}"/>'
        f'<wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapNone/>'
        f'<wp:docPr id="{200 + shape_id}" name="页码（横排页）"/><wp:cNvGraphicFramePr/>'
        f'<a:graphic><a:graphicData uri="{_WPS}"><wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr>'
        f'<a:xfrm><a:off x="0" y="0"/><a:ext cx="{mm_to_emu(line_mm)}" cy="{mm_to_emu(page.block_width)}"/>'
        f'</a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:noFill/><a:ln><a:noFill/></a:ln></wps:spPr>'
        f'<wps:txbx><w:txbxContent>{para}</w:txbxContent></wps:txbx>'
        f'<wps:bodyPr rot="0" vert="vert" wrap="square" lIns="0" tIns="0" rIns="0" bIns="0" anchor="ctr">'
        f'<a:noAutofit/></wps:bodyPr></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing>'
    )
    return el("w:p", None, el("w:pPr", None, el("w:pStyle", {"val": "Footer"}), spacing(20)),
              el("w:r", None, parse_xml(anchor)))


def landscape_footers(word: WordDocument, profile: Profile) -> tuple[str, str]:
    """Odd and even footer parts for landscape sections (made once per document); their relationship ids."""
    ids = []
    for odd in (True, False):
        part = FooterPart.new(word.part.package)
        root = part.element
        for child in list(root):
            root.remove(child)
        root.append(_turned_number(profile, odd))
        ids.append(word.part.relate_to(part, RT.FOOTER))
    return ids[0], ids[1]
