"""The 公文 format of a .docx read from its XML, as check/pdf/measure.py reads it from page 1 of a PDF.

信函: red double rules — two red thin shapes (DrawingML or VML) less than 3 mm apart one over the other, or a
red paragraph or table border drawn double (Word's 双线 styles); 纪要 / 命令: the red mark (the first run of
red text) ends in 纪要 / 令; anything else 文件格式. With `check --render` the laid-out PDF decides instead.
"""

from __future__ import annotations

import re

from lxml import etree

from .colour import hex_rgb, is_red

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
V = "urn:schemas-microsoft-com:vml"
EMU_PER_MM = 36000
# Word's border styles that draw two lines (ST_Border): 双线 and the thick-thin pairs.
_DOUBLE_BORDERS = {"double", "thinThickSmallGap", "thickThinSmallGap", "thinThickMediumGap", "thickThinMediumGap",
                   "thinThickLargeGap", "thickThinLargeGap", "thinThickThinSmallGap", "thinThickThinMediumGap",
                   "thinThickThinLargeGap", "triple"}


def _w(name: str) -> str:
    return f"{{{W}}}{name}"


def _red_hex(value: str | None) -> bool:
    return bool(value) and re.fullmatch(r"#?[0-9A-Fa-f]{6}", value or "") is not None and is_red(
        hex_rgb((value or "").lstrip("#")))


def _mark_text(root: etree._Element) -> str:
    """The first run of red text in document order (text boxes included): the 发文机关标志."""
    mark = ""
    for run in root.iter(_w("r")):
        text = "".join(t.text or "" for t in run.findall(_w("t")))
        if not text.strip():
            continue
        colour = run.find(f"{_w('rPr')}/{_w('color')}")
        if colour is not None and _red_hex(colour.get(_w("val"))):
            mark += text
        elif mark:
            break
    return re.sub(r"\s+", "", mark)


def _red_double_border(root: etree._Element) -> bool:
    for border in root.iter(_w("top"), _w("bottom")):
        parent = border.getparent()
        if parent is None or parent.tag not in (_w("pBdr"), _w("tblBorders"), _w("tcBorders")):
            continue
        if border.get(_w("val")) in _DOUBLE_BORDERS and _red_hex(border.get(_w("color"))):
            return True
    return False


def _red_rules(root: etree._Element) -> list[tuple[str, float]]:
    """(frame, top in mm) of each red shape at least 50 mm wide and under 2 mm high."""
    found: list[tuple[str, float]] = []
    for anchor in root.iter(f"{{{WP}}}anchor"):
        extent, position = anchor.find(f"{{{WP}}}extent"), anchor.find(f"{{{WP}}}positionV")
        offset = position.find(f"{{{WP}}}posOffset") if position is not None else None
        if extent is None or offset is None or not (offset.text or "").strip().lstrip("-").isdigit():
            continue
        cx, cy = int(extent.get("cx", "0")), int(extent.get("cy", "0"))
        if cx < 50 * EMU_PER_MM or cy >= 2 * EMU_PER_MM:
            continue
        colours = [c.get("val") for c in anchor.iter(f"{{{A}}}srgbClr")]
        if colours and all(_red_hex(c) for c in colours):
            found.append((position.get("relativeFrom", ""), int((offset.text or "0").strip()) / EMU_PER_MM))
    for shape in root.iter(f"{{{V}}}line"):
        if _red_hex(shape.get("strokecolor")):
            y = shape.get("from", "0,0").split(",")[-1]
            found.append(("vml", _vml_mm(y)))
    return found


def _vml_mm(value: str) -> float:
    number = re.match(r"-?[\d.]+", value.strip())
    if not number:
        return 0.0
    unit = value.strip()[number.end():] or "pt"
    return float(number.group()) * {"pt": 25.4 / 72, "mm": 1.0, "cm": 10.0, "in": 25.4}.get(unit, 25.4 / 72)


def detect_docx_format(root: etree._Element) -> str:
    """`file`, `letter`, `order` or `minutes` for a document.xml root."""
    if _red_double_border(root):
        return "letter"
    rules = sorted(_red_rules(root))
    if any(a[0] == b[0] and 0 < b[1] - a[1] < 3 for a, b in zip(rules, rules[1:], strict=False)):
        return "letter"
    mark = _mark_text(root)
    if mark.endswith("纪要"):
        return "minutes"
    if mark.endswith("令"):
        return "order"
    return "file"
