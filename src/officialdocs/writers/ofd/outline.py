"""The document outline (Outlines in Document.xml): the same headings the PDF's bookmarks list, nested by
level, each jumping to its page at the heading's height."""

from __future__ import annotations

from lxml import etree

from ...layout.model import Bookmark
from .xml import mm, num, sub


def outlines(document: etree._Element, bookmarks: list[Bookmark], page_ids: list[int]) -> None:
    group = sub(document, "Outlines")
    stack: list[tuple[int, etree._Element]] = []  # (level, element) of the open ancestors
    for mark in bookmarks:
        while stack and stack[-1][0] >= mark.level:
            stack.pop()
        parent = stack[-1][1] if stack else group
        element = sub(parent, "OutlineElem", Title=mark.title)
        actions = sub(element, "Actions")
        action = sub(actions, "Action", Event="CLICK")
        goto = sub(action, "Goto")
        top = mm(max(0.0, mark.y - 4))  # a little above the heading, as the PDF bookmark
        sub(goto, "Dest", Type="XYZ", PageID=str(page_ids[mark.page]), Left="0", Top=num(top))
        stack.append((mark.level, element))
