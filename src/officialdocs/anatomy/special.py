"""Pieces shared by the special formats of GB/T 9704 chapter 10 (信函、命令（令）、纪要): the 主体 text zone,
double rules, the 签名章 block of 7.3.5.3, the 纪要 attendance lists and the finished Anatomy."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from ..cjk import text_cells
from ..document import ATTENDANCE_LABELS, Document, Signature
from ..document import Colophon as DocColophon
from ..errors import OfficialDocsError, Problem
from ..style import Profile, pt_to_mm
from . import parts
from .model import Anatomy, Colophon, Element, Para, Run, Seal, Stroke


def double_strokes(thick_mm: float, thin_mm: float, space_mm: float, thick_first: bool) -> list[Stroke]:
    """Two strokes `space_mm` apart: thick over thin (上粗下细) or thin over thick (上细下粗)."""
    a, b = (thick_mm, thin_mm) if thick_first else (thin_mm, thick_mm)
    return [Stroke(a), Stroke(b, a + space_mm)]


def recipients_moved(doc: Document, masthead: list[Element], title: list[Para],
                     profile: Profile) -> tuple[Document, DocColophon]:
    """7.4.2 as in 文件格式: a 主送 too long for page 1 to show 正文 moves to the 版记; returns the document
    without it and the 版记 data with it."""
    if not parts.recipients_to_colophon(doc, parts.page_one_room(masthead, title, profile), profile):
        return doc, doc.colophon
    return replace(doc, recipients=[]), replace(doc.colophon, recipients=list(doc.recipients))


def text_zone(doc: Document, profile: Profile, closing: list[Element]) -> list[Element]:
    """主送机关 and 正文 (7.3.2, 7.3.3), then the closing elements, kept so the closing never opens a page alone."""
    text = [*parts.recipients(doc, profile), *parts.blocks(doc.blocks, profile, "正文")]
    parts.closing_keeps(text, closing)
    return text + closing


def attendance(doc: Document, profile: Profile) -> list[Para]:
    """纪要 出席 / 请假 / 列席 (10.3): each list two characters in, its label in 3号黑体 with a full-width colon,
    names in 仿宋, wrapped lines under the first character after the colon; the first one line below the text."""
    role = "attendance_label" if "attendance_label" in profile.fonts else "heading1"
    indent = profile.body.first_line_indent_chars
    out: list[Para] = []
    for key, label in ATTENDANCE_LABELS.items():
        names = doc.attendance.get(key)
        if not names:
            continue
        head = f"{label}："
        out.append(Para("attendance", [Run(head, role), Run("、".join(names))], align="justify", first=indent,
                        left=indent + text_cells(head), keep_together=True,
                        gap_before=0 if out else profile.minutes.attendees_gap_lines, where=f"{label}名单"))
    return out


def signer_seal_block(sig: Signature | None, profile: Profile) -> list[Element]:
    """签名章 (7.3.5.3): two lines below the text, the 签名章 (or the typed name) right 4 characters, the signer's
    title 2 characters left of it and vertically centred on it, the date on the line below, right 4 characters."""
    if sig is None:
        return []
    style = profile.order
    right, gap = style.signature_right_chars, style.signer_title_gap_chars
    title = sig.title or ""
    out: list[Element] = []
    if sig.seal is not None:
        width, height = seal_box(sig.seal, style.signature_seal_height)
        cells = width / pt_to_mm(profile.cell_pt)
        # The seal replaces the typed name; its centre sits on the title line's centre (rise below the em top).
        out.append(Seal(sig.seal, height, right + cells / 2, -pt_to_mm(profile.font("body").size) / 2, width_mm=width))
        out.append(Para("signature", [Run(title or "　")], align="right", right=right + cells + gap))
    else:
        for i, name in enumerate(sig.issuers or [""]):
            lead = title if i == 0 and title else ""
            runs = [Run(lead + "　" * round(gap))] if lead else []
            out.append(Para("signature", [*runs, Run(name)], align="right", right=right))
    if sig.date:
        out.append(Para("date", [Run(sig.date)], align="right", right=right))
    paras = [e for e in out if isinstance(e, Para)]
    for p in paras:
        p.keep_together = True
        p.keep_with_next = parts.KEEP_ALL
        p.where = "成文日期" if p.kind == "date" else "签署人"
    paras[0].gap_before = style.signature_gap_lines
    paras[0].gap_closes = True  # 7.3.5.5: closer to the text rather than a page of its own
    paras[-1].keep_with_next = 0
    return out


def seal_box(image: Path, height_mm: float) -> tuple[float, float]:
    """A 签名章 image scaled to `height_mm`, its width from the picture's own proportions (never stretched)."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(image) as picture:
            w, h = picture.size
    except (OSError, UnidentifiedImageError) as exc:
        raise OfficialDocsError(Problem(f"无法读取签名章图片 {image}：{exc}", hint="请提供 PNG 或 JPEG 文件")) from None
    return height_mm * w / max(h, 1), height_mm


def finish(doc: Document, profile: Profile, fmt: str, masthead: list[Element], body: list[Element],
           colophon: Colophon | None, first_page_number: bool = True) -> Anatomy:
    m = doc.masthead
    return Anatomy(
        format=fmt, masthead=masthead, body=body, attachments=parts.attachments(doc, profile),
        colophon=colophon, page_numbers=parts.page_numbers(profile, first_page=first_page_number),
        title=doc.plain_title, author=doc.author or (m.issuers[0] if m.issuers else ""), subject=m.doc_number or "",
        date=doc.signature.date if doc.signature else None,
        watermark=doc.draft if doc.draft and profile.pdf.watermark else None,
    )
