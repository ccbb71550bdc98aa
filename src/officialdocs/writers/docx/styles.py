"""styles.xml, fontTable.xml, settings.xml and the theme: Word's built-in style names with 公文 fonts."""

from __future__ import annotations

import math

from docx.document import Document as WordDocument
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from lxml import etree

from ...style import TWIPS_PER_PT, Profile, mm_to_pt, pt_to_twips
from .ooxml import el, indent, overflow_punct, run_props, spacing, strip_theme_fonts

# (style id, built-in name, font role, outline level); built-in names keep Word's navigation pane and TOC working.
HEADING_STYLES = [(f"Heading{n}", f"heading {n}", f"heading{n}", n - 1) for n in range(1, 5)]


def char_spacing_pt(profile: Profile) -> float:
    """Letter spacing of grid roles: the docx override, else what makes chars_per_line fit the block, rounded
    down to a twip (156 mm / 28 = 15.79 pt a character: -0.25 pt on a 16 pt character)."""
    if profile.docx.char_spacing_pt is not None:
        return profile.docx.char_spacing_pt
    return math.floor((profile.cell_pt - profile.font("body").size) * TWIPS_PER_PT) / TWIPS_PER_PT


def line_twips(profile: Profile) -> int:
    """Exact height of a body line: the docx override, else the block height / lines per page, rounded down to a
    twip (225 mm / 22 = 579 twips = 28.95 pt; 580 would push line 22 to the next page)."""
    if profile.docx.line_pitch_pt is not None:
        return pt_to_twips(profile.docx.line_pitch_pt)
    return math.floor(mm_to_pt(profile.page.block_height) * TWIPS_PER_PT / profile.grid.lines_per_page)


def char_twips(profile: Profile) -> int:
    """Advance of one body character: font size plus the letter spacing that makes 28 fit in a line."""
    return pt_to_twips(profile.font("body").size + char_spacing_pt(profile))


def role_spacing(profile: Profile, role: str) -> float:
    """Roles set in the body size sit on the character grid (the same rule as the layout engine's)."""
    return char_spacing_pt(profile) if profile.font(role).size == profile.font("body").size else 0.0


def body_ppr(profile: Profile, *, outline: int | None = None, keep_next: bool = False) -> etree._Element:
    ppr = el("w:pPr")
    if keep_next:
        ppr.append(el("w:keepNext"))
    ppr.append(el("w:widowControl", {"val": 0}))
    # kinsoku on: no 。，、 at a line start, no （《“ at a line end.
    ppr.append(el("w:kinsoku"))
    ppr.append(overflow_punct())
    ppr.append(el("w:autoSpaceDE", {"val": 0}))
    ppr.append(el("w:autoSpaceDN", {"val": 0}))
    # Exact line height on every paragraph: the construction that gives 22 lines in Word, WPS and LibreOffice
    # alike (LibreOffice does not honour a character grid with negative charSpace, see _page_setup in __init__.py).
    ppr.append(el("w:snapToGrid", {"val": 0}))
    ppr.append(spacing(line_twips(profile)))
    ppr.append(indent(first_line=round(char_twips(profile) * profile.body.first_line_indent_chars)))
    ppr.append(el("w:jc", {"val": "both"}))
    if outline is not None:
        ppr.append(el("w:outlineLvl", {"val": outline}))
    return ppr


def _style(kind: str, style_id: str, name: str, *, based_on: str | None = None, next_id: str | None = None,
           ppr: etree._Element | None = None, rpr: etree._Element | None = None, primary: bool = True,
           default: bool = False) -> etree._Element:
    node = el("w:style", {"type": kind, "styleId": style_id})
    if default:
        node.set(qn("w:default"), "1")
    node.append(el("w:name", {"val": name}))
    if based_on:
        node.append(el("w:basedOn", {"val": based_on}))
    if next_id:
        node.append(el("w:next", {"val": next_id}))
    if primary:
        node.append(el("w:qFormat"))
    if ppr is not None:
        node.append(ppr)
    if rpr is not None:
        node.append(rpr)
    return node


def latin_face(profile: Profile, face: str) -> str | None:
    """The face for Latin letters and digits in runs set in `face`: the profile's `latin` role for text in the
    body face (仿宋: body, 3rd/4th-level headings, 文号, tables, 版记), None (the run's own face) elsewhere.
    Both are the 仿宋 face by default; a provincial profile may set Times New Roman."""
    latin = profile.fonts.get("latin")
    if latin is None or latin.docx == face or face != profile.font("body").docx:
        return None
    return latin.docx


def _role_rpr(profile: Profile, role: str) -> etree._Element:
    font = profile.font(role)
    return run_props(font.docx, font.size, color=profile.colors.text, spacing_pt=role_spacing(profile, role),
                     latin=latin_face(profile, font.docx))


def build_styles(word: WordDocument, profile: Profile) -> None:
    """Replace python-docx's default styles with a small, explicit set (no theme fonts anywhere)."""
    root = word.styles.element
    for child in list(root):
        root.remove(child)
    body = profile.font("body")
    defaults = parse_xml(
        f'<w:docDefaults {nsdecls("w")}><w:rPrDefault/><w:pPrDefault><w:pPr/></w:pPrDefault></w:docDefaults>'
    )
    rpr_default = run_props(body.docx, body.size, latin=latin_face(profile, body.docx))
    rpr_default.append(el("w:lang", {"val": "en-US", "eastAsia": "zh-CN", "bidi": "ar-SA"}))
    defaults.find(qn("w:rPrDefault")).append(rpr_default)
    root.append(defaults)

    root.append(_style("paragraph", "Normal", "Normal", ppr=body_ppr(profile), rpr=_role_rpr(profile, "body"),
                       default=True))
    for style_id, name, role, level in HEADING_STYLES:
        root.append(_style("paragraph", style_id, name, based_on="Normal", next_id="Normal",
                           ppr=body_ppr(profile, outline=level, keep_next=True), rpr=_role_rpr(profile, role)))
        # Run-in headings share the paragraph with body text, so they get a character style instead.
        root.append(_style("character", f"{style_id}Char", f"{name} Char", rpr=_role_rpr(profile, role),
                           primary=False))
    title_ppr = el("w:pPr")
    title_ppr.append(el("w:keepNext"))
    title_ppr.append(el("w:snapToGrid", {"val": 0}))
    title_ppr.append(spacing(pt_to_twips(profile.body.title_line_pitch_pt)))
    title_ppr.append(indent())
    title_ppr.append(el("w:jc", {"val": "center"}))
    title_ppr.append(el("w:outlineLvl", {"val": 9}))
    root.append(_style("paragraph", "Title", "Title", based_on="Normal", next_id="Normal", ppr=title_ppr,
                       rpr=_role_rpr(profile, "title")))
    for style_id, name in (("Footer", "footer"), ("Header", "header")):
        ppr = el("w:pPr")
        ppr.append(el("w:snapToGrid", {"val": 0}))
        ppr.append(spacing(pt_to_twips(profile.font("page_number").size)))
        ppr.append(indent())
        root.append(_style("paragraph", style_id, name, based_on="Normal", ppr=ppr,
                           rpr=_role_rpr(profile, "page_number"), primary=False))
    root.append(_style("character", "DefaultParagraphFont", "Default Paragraph Font", primary=False,
                       default=True))
    table_normal = parse_xml(
        f'<w:style {nsdecls("w")} w:type="table" w:default="1" w:styleId="TableNormal">'
        '<w:name w:val="Normal Table"/><w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/>'
        '<w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/>'
        '<w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/>'
        "</w:tblCellMar></w:tblPr></w:style>"
    )
    root.append(table_normal)
    strip_theme_fonts(root)


def build_font_table(word: WordDocument, profile: Profile) -> None:
    """fontTable.xml: every face we use, with altName so Word substitutes sensibly (仿宋_GB2312 -> 仿宋)."""
    part = word.part.font_table_part if hasattr(word.part, "font_table_part") else None
    root = part.element if part is not None else _font_table_element(word)
    for child in list(root):
        root.remove(child)
    names = sorted({role.docx for role in profile.fonts.values()})
    chinese = {font.docx for role, font in profile.fonts.items() if role != "latin"}
    for name in names:
        font = el("w:font", {"name": name})
        alt = profile.docx.font_alternates.get(name)
        if alt:
            font.append(el("w:altName", {"val": alt}))
        # GB2312 charset for the Chinese faces; ANSI for a Latin face (the latin role's Times New Roman)
        font.append(el("w:charset", {"val": "86" if name in chinese else "00"}))
        font.append(el("w:family", {"val": "modern" if name in ("黑体",) else "roman"}))
        font.append(el("w:pitch", {"val": "variable"}))
        root.append(font)


def _font_table_element(word: WordDocument) -> etree._Element:
    for rel in word.part.rels.values():
        if rel.reltype.endswith("/fontTable"):
            part = rel.target_part
            if not hasattr(part, "_element"):
                part._element = parse_xml(part.blob)  # a generic Part: parse once, serialise in package.py
            return part._element
    raise RuntimeError("python-docx template has no fontTable part")


def build_settings(word: WordDocument, profile: Profile) -> None:
    settings = word.settings
    settings.odd_and_even_pages_header_footer = True  # 7.5: odd pages right, even pages left
    root = settings.element
    for tag in ("w:rsids", "w:proofState", "w:attachedTemplate", "w:docVars"):
        for node in root.findall(qn(tag)):
            root.remove(node)
    for node in root.findall("{http://schemas.microsoft.com/office/word/2010/wordml}docId"):
        root.remove(node)
    lang = root.find(qn("w:themeFontLang"))
    if lang is not None:
        lang.set(qn("w:eastAsia"), "zh-CN")
    ctrl = root.find(qn("w:characterSpacingControl"))
    if ctrl is not None:
        ctrl.set(qn("w:val"), "doNotCompress")
    # Word 2013+ layout (compatibilityMode 15): no 兼容模式 in the title bar.
    for setting in root.iter(qn("w:compatSetting")):
        if setting.get(qn("w:name")) == "compatibilityMode":
            setting.set(qn("w:val"), "15")
    # The template's math settings name Cambria Math; a 公文 has no equations, Word supplies defaults.
    for node in root.findall("{http://schemas.openxmlformats.org/officeDocument/2006/math}mathPr"):
        root.remove(node)
    if profile.page.mirror and root.find(qn("w:mirrorMargins")) is None:
        # mirrorMargins must come before evenAndOddHeaders-area elements; zoom is first, so insert after it.
        root.insert(1, el("w:mirrorMargins"))


def patch_theme(word: WordDocument, profile: Profile) -> None:
    """Point the theme's fonts at the profile's faces: East Asian at the heading and body faces, so nothing falls
    back to MS Mincho (python-docx #1601); Latin at the latin role (no Calibri/Cambria for WPS to ask about)."""
    latin = profile.fonts.get("latin")
    for rel in word.part.rels.values():
        if rel.reltype.endswith("/theme"):
            part = rel.target_part
            root = etree.fromstring(part.blob)
            ns = {"a": "http://schemas.openxmlformats.org/drawingml/2006/main"}
            for tag, role in (("a:majorFont", "heading1"), ("a:minorFont", "body")):
                for ea in root.findall(f".//{tag}/a:ea", ns):
                    ea.set("typeface", profile.font(role).docx)
                for west in root.findall(f".//{tag}/a:latin", ns):
                    west.set("typeface", (latin or profile.font(role)).docx)
                # Drop per-script overrides (Jpan, Hans ...) so the ea face above is the only one.
                for font in root.findall(f".//{tag}/a:font", ns):
                    font.getparent().remove(font)
            part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
