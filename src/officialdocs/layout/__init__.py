"""The PDF layout engine: `Document` + style profile + fonts -> pages of positioned glyphs (plain data).

No reportlab here: writers/pdf.py draws what this returns.
"""

from __future__ import annotations

from ..document import Document, Table
from ..style import Profile
from .body import layout_blocks
from .closing import attachment_list, layout_colophon, number_pages, place_signature, signature_lines
from .flow import Frame
from .masthead import layout_masthead, layout_title
from .model import LaidOut, MissingGlyph
from .text import Piece

__all__ = ["layout_document", "LaidOut"]


def layout_document(doc: Document, profile: Profile, book) -> LaidOut:
    missing: list[tuple[str, str, str]] = []
    f = Frame(profile, book, missing)
    g = f.g

    title_top = layout_masthead(f, doc)
    f.mark_bottom(title_top)
    title_bottom = layout_title(f, doc, title_top)
    f.mark_bottom(title_bottom)
    f.skip_to(title_bottom + (g.pitch - g.body_size) + g.pitch * profile.body.recipients_gap_lines)
    if doc.recipients:
        text = "、".join(doc.recipients) + "："
        f.place_lines(f.lines([Piece(text, "body")], justify=True, where="主送机关"), widow_orphan=False)

    gap, signature, remark = signature_lines(f, doc)
    closing = attachment_list(f, doc)
    # The text keeps at least its last line with the 附件说明 and the signature block after it (7.3.5):
    # neither may open a page on its own. The signature's own gap can close up (7.3.5.5), so it is not counted.
    after_sig = len(signature) + (1 if remark else 0) + (1 if signature else 0) if signature else 0
    after_att = len(closing) + profile.body.attachment_list_gap_lines if closing else 0
    layout_blocks(f, doc.blocks, "正文", keep_last=after_att + after_sig)
    if closing:
        f.slot += profile.body.attachment_list_gap_lines if f.slot else 0
        f.place_lines(closing, keep_after=len(signature) + 1 if signature else 0, widow_orphan=False)
    if signature or remark:
        place_signature(f, doc, gap, signature, remark)

    for i, att in enumerate(doc.attachments):
        first = att.blocks[0] if att.blocks else None
        if isinstance(first, Table) and first.landscape:
            f.landscape(True)  # label and title go on the turned page with the table they announce
        else:
            f.new_page()
        label = doc.attachment_label(i)
        f.place_lines(f.lines([Piece(label, "attachment_label")], justify=False, where=label))
        f.bookmark(f"{label} {att.title}", 0, (len(f.pages) - 1, g.top))
        _attachment_title(f, att.title, label)
        layout_blocks(f, att.blocks, label)

    unnumbered = layout_colophon(f, doc.colophon)
    number_pages(f, unnumbered)
    author = doc.author or (doc.masthead.issuers[0] if doc.masthead.issuers else "")
    fonts = _fonts_used(f)
    watermark = None
    if doc.draft and profile.draft.watermark:
        face = book.primary("title")
        fonts[face.key] = (face.path, face.subfont_index)
        watermark = (doc.draft, face.key)
    return LaidOut(
        pages=f.pages, title=doc.plain_title, author=author, subject=doc.masthead.doc_number or "",
        bookmarks=f.bookmarks, missing=[MissingGlyph(c, r, w) for c, r, w in missing],
        fonts=fonts, watermark=watermark,
    )


def _attachment_title(f: Frame, title: str, where: str) -> None:
    """Centred on line 3 (7.3.7) in 2号小标宋, then one empty line before the attachment's text."""
    from ..titlebreak import break_title
    from .text import single_line

    g = f.g
    font = f.profile.font("attachment_title")
    ascent = 1.0 - abs(f.book.primary("attachment_title").descent)
    line_no = f.profile.body.attachment_title_line - 1
    top = g.slot_top(line_no) - (font.size - g.body_size) / 2
    pitch = f.profile.body.title_line_pitch_pt
    lines = break_title(title, g.measure / font.size)
    for i, text in enumerate(lines):
        line = single_line(f.tokens([Piece(text, "attachment_title")], where=where))
        f.draw_line(line, g.left + (g.measure - line.width) / 2, top + i * pitch + ascent * font.size)
    bottom = top + (len(lines) - 1) * pitch + font.size
    f.mark_bottom(bottom)
    f.skip_to(bottom + (g.pitch - g.body_size) + g.pitch)


def _fonts_used(f: Frame) -> dict:
    used = {run.face for page in f.pages for run in [*page.runs, *page.fixed]}
    paths = {}
    for role in f.profile.fonts:
        for face in f.book.chain(role):
            if face.key in used:
                paths[face.key] = (face.path, face.subfont_index)
    return paths
