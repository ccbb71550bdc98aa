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

Tag names are the element names of GB/T 9704-2012 clause 7 (7.2 版头: 份号, 密级和保密期限, 紧急程度, 发文机关标志,
发文字号, 签发人, 版头中的分隔线; 7.3 主体: 标题, 主送机关, 正文, 附件说明, 发文机关署名, 成文日期, 附注, 附件; 7.4
版记: 版记中的分隔线, 主送机关 moved there, 抄送机关, 印发机关和印发日期; 7.5 页码), the names clerks and 电子公文 systems
use. Every glyph run and rule carries the anatomy element it was laid out for (layout GlyphRun.element), so
nothing is guessed.
"""

from __future__ import annotations

from lxml import etree

from .xml import NS, root, sub

NAMESPACE = "urn:officialdocs:gbt9704-2012"
PAGE_NUMBER = "页码"
# anatomy element -> (GB/T 9704 part, element name); the part None: directly under the document.
_TAGS = {
    "copy_number": ("版头", "份号"), "classification": ("版头", "密级和保密期限"), "urgency": ("版头", "紧急程度"),
    "mark": ("版头", "发文机关标志"), "doc_number": ("版头", "发文字号"), "signers": ("版头", "签发人"),
    "separator": ("版头", "版头中的分隔线"),
    "title": ("主体", "标题"), "draft": ("主体", "标题"), "recipients": ("主体", "主送机关"),
    "text": ("主体", "正文"), "heading": ("主体", "正文"), "table": ("主体", "正文"),
    "attachment_list": ("主体", "附件说明"), "signature": ("主体", "发文机关署名"), "date": ("主体", "成文日期"),
    "remark": ("主体", "附注"),
    "attachment": ("主体", "附件"),
    "colophon_rule": ("版记", "版记中的分隔线"), "recipients_colophon": ("版记", "主送机关"),
    "cc": ("版记", "抄送机关"), "printed": ("版记", "印发机关和印发日期"),
    "page_number": (None, PAGE_NUMBER),
}
_PARTS = {name: part for part, name in _TAGS.values()}
_ORDER = ("版头", "主体", "版记", PAGE_NUMBER)
_TAG_ORDER = tuple(dict.fromkeys(name for _, name in _TAGS.values()))  # as GB/T 9704 lists them
TAG_FILE = "Tags/GongWen.xml"
INDEX_FILE = "Tags/CustomTags.xml"


def element_tag(element: str) -> str | None:
    """The GB/T 9704 name of an anatomy element as the layout marks its runs and rules (attachment.* → 附件)."""
    key = "attachment" if element.startswith("attachment") else element
    found = _TAGS.get(key)
    return found[1] if found else None


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
