"""The anatomy: every GB/T 9704 decision about a document, made once, for every medium.

`build_anatomy(doc, profile)` dispatches on the document's format (文件格式, 信函、命令、纪要: one
module each) and returns an `Anatomy`: which element goes in which zone (版头 / 主体 / 版记), the strings the
standard fixes, indents and gaps in characters and lines, keep intentions, font roles, page-number rules.
`layout/` measures and paginates it; `writers/docx` maps it onto Word's paragraphs, tabs, tables and sections.
"""

from __future__ import annotations

from collections.abc import Callable

from ..document import FORMAT_NAMES as _NAMES
from ..document import Document
from ..errors import Location, OfficialDocsError, Problem
from ..style import Profile
from . import file, letter, minutes, order
from .model import Anatomy
from .parts import colophon_capacity, colophon_lines

FORMATS: dict[str, Callable[[Document, Profile], Anatomy]] = {
    "file": file.build, "letter": letter.build, "order": order.build, "minutes": minutes.build}


def build_anatomy(doc: Document, profile: Profile) -> Anatomy:
    build = FORMATS.get(doc.format)
    if build is None:
        known = "、".join(f"{k}（{_NAMES.get(k, k)}）" for k in FORMATS)
        raise OfficialDocsError(Problem(
            f"暂不支持 format: {doc.format}（{_NAMES.get(doc.format, doc.format)}）", Location(doc.source or "文档"),
            f"目前支持：{known}；删去 format 即按文件格式排版"))
    anatomy = build(doc, profile)
    _colophon_fits(anatomy, doc, profile)
    return anatomy


def _colophon_fits(anatomy: Anatomy, doc: Document, profile: Profile) -> None:
    """7.4.1: the 版记 ends on the block's bottom edge of the last page, so all of it must fit in one block. A
    longer one (dozens of 抄送机关) cannot be printed as the standard asks: say so rather than draw it off the page."""
    if anatomy.colophon is None:
        return
    # One line kept spare, as where the 主送 may move into the 版记: the estimate can be a line short of the
    # lines the layout breaks (a mark that may not start a line pushes a name over).
    need, room = colophon_lines(anatomy.colophon, profile), colophon_capacity(profile) - 1
    if need > room:
        raise OfficialDocsError(Problem(
            f"版记过长：约需 {need} 行，一页版心最多容纳 {room} 行（GB/T 9704 7.4：版记须在最后一页版心之内）",
            Location(doc.source or "文档"),
            "抄送机关较多时请用统称或规范化简称（如“各街道办事处”），或删减抄送、主送机关"))


__all__ = ["Anatomy", "FORMATS", "build_anatomy"]
