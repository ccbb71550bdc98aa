"""The seal image (印章): a user-supplied picture floating over 署名 and date, behind the text (7.3.5.1)."""

from __future__ import annotations

from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from ...anatomy.model import Seal
from ...errors import OfficialDocsError, Problem
from ...style import mm_to_emu, pt_to_mm
from .builder import Builder


def seal_anchor(b: Builder, seal: Seal):
    """A run holding a `wp:anchor` picture (the anatomy's seal) for the first 署名 paragraph: centred over the
    date, the 署名's glyph top `rise_mm` below the seal's centre."""
    image = seal.image
    try:
        rel_id, _ = b.word.part.get_or_add_image(str(image))
    except (OSError, ValueError) as exc:
        raise OfficialDocsError(Problem(f"无法读取印章图片 {image}：{exc}", hint="请提供 PNG 或 JPEG 文件")) from None
    width, size = (mm_to_emu(v) for v in seal.size_mm)  # a 签名章 may be oblong (7.3.5.3)
    block_emu = mm_to_emu(b.profile.page.block_width)
    centre = block_emu - round(b.chars(seal.centre_right) * 635)  # 1 twip = 635 EMU
    x = centre - width // 2
    # Offsets are from the paragraph's top; the glyph's em top is the line's extra height x (extra above) lower.
    body = b.profile.font("body").size
    glyph_below_top = pt_to_mm(b.line / 20 - body) * b.profile.docx.calibration.exact_line_extra_above
    y = -size // 2 - mm_to_emu(seal.rise_mm) + mm_to_emu(glyph_below_top)
    xml = (
        f'<w:r {nsdecls("w", "wp", "a", "pic", "r")}><w:drawing>'
        f'<wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="1" behindDoc="1" '
        f'locked="1" layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/>'
        f'<wp:positionH relativeFrom="margin"><wp:posOffset>{x}</wp:posOffset></wp:positionH>'
        f'<wp:positionV relativeFrom="paragraph"><wp:posOffset>{y}</wp:posOffset></wp:positionV>'
        f'<wp:extent cx="{width}" cy="{size}"/><wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapNone/>'
        f'<wp:docPr id="1" name="印章"/><wp:cNvGraphicFramePr/>'
        f'<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">'
        f'<pic:pic><pic:nvPicPr><pic:cNvPr id="1" name="seal"/><pic:cNvPicPr/></pic:nvPicPr>'
        f'<pic:blipFill><a:blip r:embed="{rel_id}"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>'
        f'<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{width}" cy="{size}"/></a:xfrm>'
        f'<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic>'
        f"</wp:anchor></w:drawing></w:r>"
    )
    return parse_xml(xml)
