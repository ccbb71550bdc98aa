"""纪要格式 (GB/T 9704 10.3): the mark "××××纪要" in red 35 mm below the block's top edge, its number under it,
the 主体 as in 文件格式, and the attendance lists (出席 / 请假 / 列席) after the text. A 纪要 carries no seal.

Decisions where 10.3 leaves the layout to practice ("纪要格式可以根据实际制定", profile `minutes:`): the number
(第5期 or 〔2011〕5号) centred two lines below the mark, as the 发文字号 of 7.2.5; the issuing office and the
date (front matter `signature` and `date`) on the line below it, at the block's left and right edges, instead
of a 署名 at the end; a red separator 4 mm under that header as 7.2.7.
"""

from __future__ import annotations

from ..document import Document
from ..style import Profile
from . import parts, special
from .model import Anatomy, EdgeLine, Element, Para, Run


def build(doc: Document, profile: Profile) -> Anatomy:
    m, style = doc.masthead, profile.minutes
    masthead = parts.centred_head(m, profile, style.mark_top, style.number_gap_lines, "纪要编号")
    sig = doc.signature
    office = sig.issuers[0] if sig and sig.issuers else ""
    if office or (sig and sig.date):
        masthead.append(EdgeLine(Run(office) if office else None, Run(sig.date) if sig and sig.date else None,
                                 gap_before=0 if m.doc_number else style.number_gap_lines))
    ruled = bool(m.issuers or m.doc_number or office)
    if ruled and style.separator:
        masthead.append(parts.separator(profile))

    title = parts.title(doc, profile, profile.masthead.title_gap_lines if ruled else 0)
    doc, moved = special.recipients_moved(doc, masthead, title, profile)
    body: list[Element] = [*title]
    # The attendance lists are long: each is kept whole, but they do not drag the text's end to a new page.
    closing: list[Element] = [*parts.attachment_list(doc, profile), *parts.remark(doc, profile)]
    text = special.text_zone(doc, profile, closing)
    parts.after_title_gap(text, profile)
    body += text
    lists = special.attendance(doc, profile)
    remark = [e for e in text if isinstance(e, Para) and e.kind == "remark"]
    at = body.index(remark[0]) if remark else len(body)
    body[at:at] = lists  # after the 正文 or 附件说明, before the 附注
    return special.finish(doc, profile, "minutes", masthead, body, parts.colophon(moved, profile))
