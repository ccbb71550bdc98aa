"""主体 (7.3): title, recipients, text, 附件说明, signature and date, 附注, attachments."""

from __future__ import annotations

from ...cjk import text_cells
from ...document import Attachment, Document, Heading, PageBreak, Paragraph, Signature, Table
from ...titlebreak import break_title
from .builder import Builder
from .ooxml import el, text_run
from .seal import seal_anchor
from .tables import write_table


def write_title(b: Builder, doc: Document) -> None:
    font = b.profile.font("title")
    max_chars = b.block_twips / 20 / font.size
    lines = break_title(doc.title, max_chars)
    runs = []
    for i, line in enumerate(lines):
        if i:
            runs.append(el("w:r", None, el("w:br")))
        runs += b.text(line, "title", spacing_pt=0)
    b.paragraph(runs, style="Title", align="center", line=b.exact(b.profile.body.title_line_pitch_pt),
                keep_next=True)
    if doc.draft:
        b.paragraph(b.text(f"（{doc.draft}）", "draft"), align="center", keep_next=True)


def write_recipients(b: Builder, doc: Document) -> None:
    if not doc.recipients:
        return
    b.blank_lines(b.profile.body.recipients_gap_lines)
    b.paragraph(b.text("、".join(doc.recipients) + "：", "body"), align="both")


def write_blocks(b: Builder, blocks: list) -> None:
    indent = b.chars(b.profile.body.first_line_indent_chars)
    for block in blocks:
        if isinstance(block, Heading):
            b.paragraph(b.text(block.full_text, f"heading{block.level}"), style=f"Heading{block.level}",
                        align="both", first_line=indent, keep_next=True)
        elif isinstance(block, Paragraph):
            runs = []
            if block.run_in:
                runs += _styled_runs(b, block.run_in.full_text, f"heading{block.run_in.level}",
                                     f"Heading{block.run_in.level}Char")
            for span in block.spans:
                runs += b.text(span.text, "heading2" if span.emphasis else "body")
            b.paragraph(runs, align="both", first_line=indent if block.indent else 0)
        elif isinstance(block, Table):
            write_table(b, block)
        elif isinstance(block, PageBreak):
            b.page_break()


def _styled_runs(b: Builder, text: str, role: str, char_style: str):
    run = text_run(text, b.rpr(role))
    rpr = run[0]
    rpr.insert(0, el("w:rStyle", {"val": char_style}))
    return [run]


def write_attachment_list(b: Builder, doc: Document) -> None:
    """附件说明: "附件：1.名称" two characters in; later names and wrapped lines hang under the first name."""
    names = doc.attachment_list
    if not names:
        return
    b.blank_lines(b.profile.body.attachment_list_gap_lines)
    start = b.chars(b.profile.body.first_line_indent_chars)
    label = b.chars(3)  # 附件：
    if len(names) == 1:
        b.paragraph(b.text(f"附件：{names[0]}"), left=start + label, hanging=label, align="left")
        return
    for i, name in enumerate(names, 1):
        number = f"{i}."
        num_w = b.chars(text_cells(number))
        left = start + label + num_w
        if i == 1:
            b.paragraph(b.text(f"附件：{number}{name}"), left=left, hanging=label + num_w, align="left")
        else:
            b.paragraph(b.text(f"{number}{name}"), left=left, hanging=num_w, align="left")


def write_signature(b: Builder, doc: Document) -> None:
    sig = doc.signature
    if sig is None:
        return
    body = b.profile.body
    names = sig.issuers or []
    date_w = text_cells(sig.date)
    if sig.is_sealed:
        _sealed(b, sig, names, date_w)
    else:
        b.blank_lines(body.signature_gap_lines)
        # 署名 right-aligned 2 characters in; the date starts 2 characters right of the 署名's first
        # character, set by a left indent so the digits' width (font-dependent) cannot move it.
        sig_w = max((text_cells(n) for n in names), default=0.0)
        block = b.block_twips / b.char
        sig_right = body.signature_right_chars
        date_left = block - sig_right - sig_w + body.date_offset_chars
        if date_left + date_w > block - body.signature_right_chars:  # 7.3.5.2: a long date moves 署名 left
            date_left = block - body.signature_right_chars - date_w
            sig_right = block - (date_left - body.date_offset_chars) - sig_w
        for name in names:
            right = sig_right + sig_w - text_cells(name)
            b.paragraph(b.text(name), align="right", right=b.chars(right), keep_next=True)
        if sig.date:
            b.paragraph(b.text(sig.date), align="left", left=b.chars(date_left))
    if doc.remark:
        remark = doc.remark.strip("（）()")
        b.paragraph(b.text(f"（{remark}）"), first_line=b.chars(body.first_line_indent_chars), align="left")


def _sealed(b: Builder, sig: Signature, names: list[str], date_w: float) -> None:
    """7.3.5.1: date right 4 characters, 署名 centred over it, the seal pressing on both."""
    body = b.profile.body
    date_right = body.date_right_chars_sealed
    b.blank_lines(body.sealed_gap_lines)
    first = True
    for name in names:
        right = date_right + (date_w - text_cells(name)) / 2
        p = b.paragraph(b.text(name), align="right", right=b.chars(max(0.0, right)), keep_next=True)
        if first and sig.seal is not None:
            p.append(seal_anchor(b, sig.seal, date_right + date_w / 2))
        first = False
    if sig.date:
        b.paragraph(b.text(sig.date), align="right", right=b.chars(date_right))


def write_attachments(b: Builder, doc: Document) -> None:
    """7.3.7: each attachment on a new page, 附件N in 黑体 on line 1, its title centred on line 3."""
    for i, att in enumerate(doc.attachments):
        _attachment(b, doc.attachment_label(i), att)


def _attachment(b: Builder, label: str, att: Attachment) -> None:
    first = att.blocks[0] if att.blocks else None
    turned = isinstance(first, Table) and first.landscape
    if turned:  # label and title go on the landscape page with the table they announce
        b.section_break(landscape_next=True)
    b.paragraph(b.text(label, "attachment_label"), align="left", page_break_before=not turned)
    b.blank_lines(1)
    font = b.profile.font("attachment_title")
    lines = break_title(att.title, b.block_twips / 20 / font.size)
    runs = []
    for i, line in enumerate(lines):
        if i:
            runs.append(el("w:r", None, el("w:br")))
        runs += b.text(line, "attachment_title", spacing_pt=0)
    b.paragraph(runs, align="center", line=b.exact(b.profile.body.title_line_pitch_pt), keep_next=True)
    b.blank_lines(1)
    write_blocks(b, att.blocks)
