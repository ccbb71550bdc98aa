"""Word-XML helpers: the one place that builds raw OOXML elements python-docx has no API for."""

from __future__ import annotations

from functools import cache

from docx.oxml.ns import nsmap, qn
from docx.oxml.parser import oxml_parser
from lxml import etree

_make = oxml_parser.makeelement  # python-docx's parser: elements get its classes (CT_P ...), as OxmlElement's


@cache
def _tag(tag: str) -> tuple[str, dict[str, str]]:
    """"w:p" -> ("{ns}p", {"w": ns}), worked out once per tag (a document has thousands of elements)."""
    prefix, local = tag.split(":")
    return f"{{{nsmap[prefix]}}}{local}", {prefix: nsmap[prefix]}


@cache
def _attr(key: str) -> str:
    return qn(key if ":" in key else f"w:{key}")


def el(tag: str, attrs: dict[str, str | int] | None = None, *children: etree._Element) -> etree._Element:
    """Make `<w:tag w:attr="..."/>`; attribute names without a prefix get `w:`."""
    clark, namespaces = _tag(tag)
    node = _make(clark, {_attr(k): str(v) for k, v in attrs.items()} if attrs else None, namespaces)
    for child in children:
        node.append(child)
    return node


def rfonts(font: str, latin: str | None = None) -> etree._Element:
    """All four font slots set to one Chinese face, with the eastAsia hint.

    Setting ascii/hAnsi too keeps “”—… and digits in the Chinese face in Word (which otherwise
    draws shared punctuation with the Western font) and in LibreOffice. `latin` (the profile's latin
    role, e.g. Times New Roman) takes ascii/hAnsi instead: letters and digits; the hint keeps “”—… Chinese.
    """
    west = latin or font
    return el("w:rFonts", {"ascii": west, "hAnsi": west, "eastAsia": font, "cs": font, "hint": "eastAsia"})


def run_props(font: str, size_pt: float, *, color: str | None = None, spacing_pt: float | None = None,
              bold: bool = False, scale: int | None = None, latin: str | None = None) -> etree._Element:
    """`w:rPr` in schema order: rFonts, b, color, spacing, w (scale), sz, szCs."""
    rpr = el("w:rPr")
    rpr.append(rfonts(font, latin))
    if bold:
        rpr.append(el("w:b"))
        rpr.append(el("w:bCs"))
    else:
        rpr.append(el("w:b", {"val": 0}))
        rpr.append(el("w:i", {"val": 0}))
    if color:
        rpr.append(el("w:color", {"val": color}))
    if spacing_pt:
        rpr.append(el("w:spacing", {"val": round(spacing_pt * 20)}))
    if scale and scale != 100:
        rpr.append(el("w:w", {"val": scale}))
    half_points = round(size_pt * 2)
    rpr.append(el("w:sz", {"val": half_points}))
    rpr.append(el("w:szCs", {"val": half_points}))
    return rpr


def spacing(line_twips: int, *, before: int = 0, after: int = 0, rule: str = "exact") -> etree._Element:
    return el("w:spacing", {"before": before, "after": after, "line": line_twips, "lineRule": rule})


def indent(*, left: int = 0, right: int = 0, first_line: int = 0, hanging: int = 0) -> etree._Element:
    attrs: dict[str, str | int] = {"left": left, "right": right}
    if hanging:
        attrs["hanging"] = hanging
    else:
        attrs["firstLine"] = first_line
    return el("w:ind", attrs)


def border(side: str, size_eighth_pt: int, color: str, space_pt: int = 0) -> etree._Element:
    return el(f"w:{side}", {"val": "single", "sz": size_eighth_pt, "space": space_pt, "color": color})


_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def text_run(text: str, rpr: etree._Element | None = None) -> etree._Element:
    run = el("w:r")
    if rpr is not None:
        run.append(rpr)
    t = el("w:t")
    t.text = text
    t.set(_XML_SPACE, "preserve")
    run.append(t)
    return run


def field_runs(instruction: str, placeholder: str, rpr_factory) -> list[etree._Element]:
    """A complex field (begin / instrText / separate / cached result / end) as runs."""

    def char(kind: str) -> etree._Element:
        run = el("w:r")
        run.append(rpr_factory())
        run.append(el("w:fldChar", {"fldCharType": kind}))
        return run

    instr = el("w:r")
    instr.append(rpr_factory())
    text = el("w:instrText")
    text.text = f" {instruction} "
    text.set(_XML_SPACE, "preserve")
    instr.append(text)
    return [char("begin"), instr, char("separate"), text_run(placeholder, rpr_factory()), char("end")]


def overflow_punct() -> etree._Element:
    """`w:overflowPunct` written ON, deliberately.

    LibreOffice 7.4 reads this flag inverted (writerfilter maps overflowPunct=0 to "hanging punctuation
    on"), and its hanging 。， then stick out of the 156 mm block. Written on, LibreOffice keeps every mark
    inside; Word and WPS treat "on" as their default, so nothing changes for them.
    """
    return el("w:overflowPunct")


def strip_theme_fonts(root: etree._Element) -> None:
    """Remove every *Theme font attribute: theme fonts override explicit names in Word and LibreOffice."""
    for node in root.iter(qn("w:rFonts")):
        for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            node.attrib.pop(qn(attr), None)
