"""命令（令）格式 (GB/T 9704 10.2): the mark (the issuer's full name + 命令 or 令) 20 mm below the block's top
edge, the 令号 centred two lines below it, the 正文 two lines below the 令号 — a 令 has no title — and the
signer's title, 签名章 and date per 7.3.5.3.

Decisions where 10.2 is silent (profile `order:`): no red separator (`separator: false`; gbt9704.md G.5 leaves
it open and the standard's figure of a 令 shows none); the title given in the data only names the file; a
签名章 image replaces the typed name, scaled to `signature_seal_height` with its own proportions.
"""

from __future__ import annotations

from ..document import Document
from ..style import Profile
from . import parts, special
from .model import Anatomy, Para


def build(doc: Document, profile: Profile) -> Anatomy:
    m, style = doc.masthead, profile.order
    masthead = parts.centred_head(m, profile, style.mark_top, style.number_gap_lines, "令号")
    if style.separator:
        masthead.append(parts.separator(profile))

    doc, moved = special.recipients_moved(doc, masthead, [], profile)
    closing = [*parts.attachment_list(doc, profile), *special.signer_seal_block(doc.signature, profile),
               *parts.remark(doc, profile)]
    body = special.text_zone(doc, profile, closing)
    first = body[0] if body else None
    if isinstance(first, Para) and (m.issuers or m.doc_number):
        first.gap_before = max(first.gap_before, style.body_gap_lines)  # 正文 two lines below the 令号
    return special.finish(doc, profile, "order", masthead, body, parts.colophon(moved, profile))
