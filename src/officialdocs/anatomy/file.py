"""文件格式 (GB/T 9704 7): 版头 with the red 发文机关标志 and separator, 主体, 版记 at the foot of the last page."""

from __future__ import annotations

from dataclasses import replace

from ..document import Document
from ..style import Profile
from . import parts
from .model import Anatomy, Element


def build(doc: Document, profile: Profile) -> Anatomy:
    m = doc.masthead
    masthead: list[Element] = list(parts.corner_rows(m))
    if m.issuers:
        top = profile.page.margins.top + profile.masthead.mark_top  # 7.2.4: 35 mm below the block's top edge
        masthead.append(parts.mark(m, profile, top))
    number = parts.doc_number(m, profile, profile.masthead.doc_number_gap_lines if m.issuers else 0)
    if number is not None:
        masthead.append(number)
    ruled = bool(m.issuers or m.doc_number or m.signers)
    if ruled:
        masthead.append(parts.separator(profile))

    title = parts.title(doc, profile, profile.masthead.title_gap_lines if ruled else 0)
    body: list[Element] = [*title]
    colophon = doc.colophon
    room = parts.page_one_room(masthead, title, profile)
    if parts.recipients_to_colophon(doc, room, profile):
        colophon = replace(colophon, recipients=list(doc.recipients))
        doc = replace(doc, recipients=[])
    text = [*parts.recipients(doc, profile), *parts.blocks(doc.blocks, profile, "正文")]
    parts.after_title_gap(text, profile)
    closing = [*parts.attachment_list(doc, profile), *parts.signature(doc.signature, profile),
               *parts.remark(doc, profile)]
    parts.closing_keeps(text, closing)
    parts.close_up_for_page_one(text, closing, room, profile)
    body += text + closing

    author = doc.author or (m.issuers[0] if m.issuers else "")
    return Anatomy(
        format="file", masthead=masthead, body=body, attachments=parts.attachments(doc, profile),
        colophon=parts.colophon(colophon, profile), page_numbers=parts.page_numbers(profile),
        title=doc.plain_title, author=author, subject=m.doc_number or "",
        date=doc.signature.date if doc.signature else None,
        watermark=doc.draft if doc.draft and profile.pdf.watermark else None,
    )
