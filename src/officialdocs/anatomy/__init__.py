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

FORMATS: dict[str, Callable[[Document, Profile], Anatomy]] = {
    "file": file.build, "letter": letter.build, "order": order.build, "minutes": minutes.build}


def build_anatomy(doc: Document, profile: Profile) -> Anatomy:
    build = FORMATS.get(doc.format)
    if build is None:
        known = "、".join(f"{k}（{_NAMES.get(k, k)}）" for k in FORMATS)
        raise OfficialDocsError(Problem(
            f"暂不支持 format: {doc.format}（{_NAMES.get(doc.format, doc.format)}）", Location(doc.source or "文档"),
            f"目前支持：{known}；删去 format 即按文件格式排版"))
    return build(doc, profile)


__all__ = ["Anatomy", "FORMATS", "build_anatomy"]
