"""Semantic tags (GB/T 33190 clause 16, 自定义标引): which page objects are which 公文 element, so an 电子公文
system can find them.

Document.xml names Tags/CustomTags.xml, which lists one tag file in our namespace; the tag file nests the
elements under the parts of GB/T 9704-2012 and points at page objects with ofd:ObjectRef:

    <gw:公文 xmlns:gw="urn:officialdocs:gbt9704-2012" xmlns:ofd="http://www.ofdspec.org/2016">
      <gw:版头>
        <gw:发文机关标志><ofd:ObjectRef PageRef="6">17</ofd:ObjectRef></gw:发文机关标志>
        <gw:版头中的分隔线><ofd:ObjectRef PageRef="6">15</ofd:ObjectRef></gw:版头中的分隔线>
      </gw:版头>
      <gw:版记><gw:版记中的分隔线>…</gw:版记中的分隔线></gw:版记>
      <gw:页码>…one ObjectRef per page…</gw:页码>
    </gw:公文>

Tag names are the element names of GB/T 9704-2012 clause 7 (7.2 版头, 7.2.4 发文机关标志, 7.2.7 版头中的分隔线,
7.4 版记, 7.4.1 版记中的分隔线, 7.5 页码), the names clerks and 电子公文 systems use. Only what the laid-out pages
identify without guessing is tagged: page numbers (the pages' fixed runs), the red 发文机关标志 and separator
(the only red the layout draws, on page 1) and the colophon's black rules (the only other rules). The title,
主送机关, 正文, 署名, 成文日期 and the rest need element identity on the runs, which the layout does not carry yet.
"""

from __future__ import annotations

from lxml import etree

from ...layout.model import Color, GlyphRun, Rule
from .xml import NS, root, sub

NAMESPACE = "urn:officialdocs:gbt9704-2012"
MARK = "发文机关标志"
SEPARATOR = "版头中的分隔线"
COLOPHON_RULE = "版记中的分隔线"
PAGE_NUMBER = "页码"
# tag -> the GB/T 9704 part it belongs to (None: directly under the document)
_PARTS = {MARK: "版头", SEPARATOR: "版头", COLOPHON_RULE: "版记", PAGE_NUMBER: None}
_ORDER = ("版头", "版记", PAGE_NUMBER)
_TAG_ORDER = (MARK, SEPARATOR, COLOPHON_RULE, PAGE_NUMBER)  # as GB/T 9704 lists them
TAG_FILE = "Tags/GongWen.xml"
INDEX_FILE = "Tags/CustomTags.xml"


def run_tag(run: GlyphRun, page_index: int, red: set[Color]) -> str | None:
    return MARK if page_index == 0 and run.color in red else None


def rule_tag(rule: Rule, page_index: int, red: set[Color]) -> str:
    return SEPARATOR if page_index == 0 and rule.color in red else COLOPHON_RULE


def tag_parts(tagged: list[tuple[str, int, int]]) -> tuple[bytes, bytes] | None:
    """(CustomTags.xml, the tag file) for the (tag, page id, object id) found; None when nothing was."""
    if not tagged:
        return None
    index = root("CustomTags")
    entry = sub(index, "CustomTag", NameSpace=NAMESPACE)
    sub(entry, "FileLoc", TAG_FILE.split("/", 1)[1])  # relative to CustomTags.xml's folder

    def gw(parent, name: str) -> etree._Element:
        if parent is None:
            return etree.Element(f"{{{NAMESPACE}}}{name}", nsmap={"gw": NAMESPACE, "ofd": NS})
        return etree.SubElement(parent, f"{{{NAMESPACE}}}{name}")

    tagged = sorted(tagged, key=lambda t: _TAG_ORDER.index(t[0]))  # stable: pages stay in order
    document = gw(None, "公文")
    containers: dict[str, etree._Element] = {}
    for part in _ORDER:  # parts in document order, created only when they hold something
        for tag, page_id, object_id in tagged:
            if (_PARTS[tag] or tag) != part:
                continue
            if part not in containers:
                containers[part] = gw(document, part)
            holder = containers[part] if _PARTS[tag] is None else _child(containers[part], tag, gw)
            etree.SubElement(holder, f"{{{NS}}}ObjectRef", PageRef=str(page_id)).text = str(object_id)
    return (etree.tostring(index, xml_declaration=True, encoding="UTF-8"),
            etree.tostring(document, xml_declaration=True, encoding="UTF-8"))


def _child(parent: etree._Element, tag: str, make) -> etree._Element:
    found = parent.find(f"{{{NAMESPACE}}}{tag}")
    return found if found is not None else make(parent, tag)
