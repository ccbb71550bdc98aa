"""The GB/T 9704 decisions shared by every format: one function per element, each returning anatomy elements.

Widths of text are in cells (officialdocs.cjk.text_cells): the one estimate both media agree on. The media
measure real glyphs only to align what the anatomy aligned (right edges, centres).
"""

from __future__ import annotations

import math
import re
from dataclasses import replace

from ..cjk import text_cells
from ..document import Attachment, Colophon, Document, Heading, Masthead, PageBreak, Paragraph, Signature
from ..document import Table as DocTable
from ..style import Profile, mm_to_pt, pt_to_mm
from ..tablegrid import fit_table, list_lines
from ..titlebreak import break_title
from .model import (
    AttachmentPart,
    ColophonRow,
    EdgeLine,
    Element,
    Mark,
    PageNumbers,
    Para,
    Rule,
    Run,
    Seal,
    Signers,
    Stroke,
    Table,
)
from .model import Colophon as ColophonElement
from .model import (
    PageBreak as PageBreakElement,
)

KEEP_ALL = 10**6
CAPTION = re.compile(r"^\s*(?:续?表\s*[0-9一二三四五六七八九十]+|附表)")  # 表1 …, 表一 …  # keep_with_next: every line of what follows (a closing block that must not open a page)


def block_cells(profile: Profile) -> float:
    return float(profile.grid.chars_per_line)


def title_lines(title: str, profile: Profile, role: str) -> list[str]:
    """Break a title (7.3.1) for a line of the block's width in the role's size: both media set these lines."""
    font = profile.font(role)
    return break_title(title, pt_to_mm(mm_to_pt(profile.page.block_width)) / pt_to_mm(font.size))


# ------------------------------------------------------------------------------------------------ 版头 (7.2)

def corner_rows(m: Masthead) -> list[Para]:
    """份号 on line 1, 密级 on line 2 (line 1 empty without a 份号), 紧急程度 below them, flush left (7.2.1-3)."""
    rows: list[Para] = []
    for slot, (text, role) in enumerate(m.corner_rows()):
        if text:
            rows.append(Para(role, [Run(text, role)], align="left", slot=slot, where="版头"))
    return rows


def mark(m: Masthead, profile: Profile, top_mm: float) -> Mark:
    style = profile.masthead
    return Mark(list(m.issuers), m.mark_suffix, top_mm, name_gap_mm=style.mark_line_gap,
                suffix_gap_em=style.mark_suffix_gap_em if len(m.issuers) > 1 and m.mark_suffix else 0.0)


def centred_head(m: Masthead, profile: Profile, mark_top: float, number_gap_lines: int, where: str) -> list[Element]:
    """The head of a chapter-10 format (令, 纪要): corner rows, the red mark `mark_top` mm below the block top,
    the number centred `number_gap_lines` below it."""
    head: list[Element] = list(corner_rows(m))
    if m.issuers:
        head.append(mark(m, profile, profile.page.margins.top + mark_top))
    if m.doc_number:
        head.append(Para("doc_number", [Run(m.doc_number, "doc_number")], align="center",
                         gap_before=number_gap_lines, where=where))
    return head


def doc_number(m: Masthead, profile: Profile, gap_lines: int) -> Element | None:
    """发文字号 centred (7.2.5), or for an upward document the 签发人 block with the 文号 on its last line."""
    if m.upward:
        pairs = ["　".join(m.signers[i:i + 2]) for i in range(0, len(m.signers), 2)]  # two names a line (7.2.6)
        indent = profile.masthead.signer_indent_chars
        return Signers("签发人：", pairs, indent, m.doc_number, indent, gap_before=gap_lines)
    if not m.doc_number:
        return None
    return Para("doc_number", [Run(m.doc_number, "doc_number")], align="center", gap_before=gap_lines, where="版头")


def separator(profile: Profile) -> Rule:
    style = profile.masthead
    return Rule("separator", style.rule_gap, [Stroke(style.rule_width)], color="red")


# ------------------------------------------------------------------------------------------------ 主体 (7.3)

def title(doc: Document, profile: Profile, gap_lines: int) -> list[Para]:
    """Title lines centred in 2号小标宋 (7.3.1), the draft marking under it, one empty line after them."""
    out = [Para("title", [Run(doc.plain_title, "title")], align="center", gap_before=gap_lines,
                pitch_pt=profile.body.title_line_pitch_pt, lines=title_lines(doc.title, profile, "title"),
                keep_with_next=1, where="标题")]
    if doc.draft:
        out.append(Para("draft", [Run(f"（{doc.draft}）", "draft")], align="center", keep_with_next=1, where="标题"))
    return out


def recipients(doc: Document, profile: Profile) -> list[Para]:
    if not doc.recipients:
        return []
    return [Para("recipients", [Run("、".join(doc.recipients) + "：")], align="justify",
                 gap_before=profile.body.recipients_gap_lines, where="主送机关")]


def page_one_room(masthead: list[Element], title_paras: list[Para], profile: Profile) -> int:
    """Body lines left on page 1 below the title and its gap: an estimate both media share (the nominal line
    of block height / lines per page, glyph boxes per the profile), for decisions that page 1 needs."""
    page, std = profile.page, profile
    line = page.block_height / std.grid.lines_per_page
    body = pt_to_mm(std.font("body").size)
    y = page.margins.top  # bottom of what is placed so far (mm from the page top)
    for e in masthead:
        if isinstance(e, Para) and e.slot is not None:
            y = page.margins.top + e.slot * line + body
        elif isinstance(e, Mark):
            y = e.top_mm + len(e.names) * pt_to_mm(std.font(e.role).size) + (len(e.names) - 1) * e.name_gap_mm
        elif isinstance(e, Para):
            y += (line - body) + e.gap_before * line + body
        elif isinstance(e, Signers):
            y += (line - body) + e.gap_before * line + len(e.lines) * line - (line - body)
        elif isinstance(e, Rule):
            y += e.gap_mm + sum(s.thickness_mm for s in e.strokes)
        elif isinstance(e, EdgeLine):  # 信函 份号/文号, 纪要 office and date (chapter 10)
            y += (e.gap_mm if e.gap_mm is not None else (line - body) + e.gap_before * line) + body
    for p in title_paras:
        size = pt_to_mm(std.font(p.runs[0].role).size)
        y += (line - body) + p.gap_before * line
        y += (len(p.lines) - 1) * pt_to_mm(p.pitch_pt or 0) + size if p.lines else body
    first_text = y + (line - body) + profile.body.recipients_gap_lines * line
    bottom = page.margins.top + page.block_height
    return max(0, int((bottom - body - first_text) / line) + 1)


def recipients_to_colophon(doc: Document, room: int, profile: Profile) -> bool:
    """7.4.2: a 主送 so long that page 1 would show no 正文 (7.3.3) moves to the 版记 as “主送：…。”. Two lines
    of 正文 must fit under it (one line of margin for the media's small differences in line pitch).

    It moves only when the 版记 then still fits in the block of one page: 7.4.1 puts the 版记 on the last page
    with its last rule on the block's bottom edge, so a 版记 taller than the block cannot be printed (its top
    would leave the page). A 主送 that long stays in the 主体 (7.3.2), where it may run on to page 2 and the
    正文 follow it: a clerk loses the 正文 on page 1, never a line of the 主送. This holds for an explicit
    `recipients_in_colophon: true` too."""
    if not doc.recipients or doc.recipients_in_colophon is False:
        return False
    moved = colophon(replace(doc.colophon, recipients=list(doc.recipients)), profile)
    if moved is None or colophon_lines(moved, profile) + 1 > colophon_capacity(profile):  # 1: margin, as above
        return False
    if doc.recipients_in_colophon:
        return True
    lines = math.ceil(text_cells("、".join(doc.recipients) + "：") / profile.grid.chars_per_line)
    return room - lines < 2


def after_title_gap(elements: list[Element], profile: Profile) -> None:
    """The text starts one empty line below the title even without 主送机关."""
    first = elements[0] if elements else None
    if isinstance(first, Para) and first.kind != "recipients":
        first.gap_before = max(first.gap_before, profile.body.recipients_gap_lines)


def blocks(items: list, profile: Profile, where: str) -> list[Element]:
    """Headings, paragraphs (with run-in headings), tables and page breaks of the text (7.3.3)."""
    indent = profile.body.first_line_indent_chars
    out: list[Element] = []
    for i, block in enumerate(items):
        label = f"{where}第{i + 1}段"
        if isinstance(block, Heading):
            out.append(Para("heading", [Run(block.full_text, f"heading{block.level}")], first=indent,
                            keep_with_next=profile.body.heading_keep_lines, keep_together=True,
                            outline=block.level - 1, where=label))
        elif isinstance(block, Paragraph):
            runs = []
            if block.run_in:
                runs.append(Run(block.run_in.full_text, f"heading{block.run_in.level}", heading=block.run_in.level))
            runs += [Run(s.text, "heading2" if s.emphasis else "body") for s in block.spans]
            outline = block.run_in.level - 1 if block.run_in and block.run_in.level <= 2 else None
            out.append(Para("text", runs, first=indent if block.indent else 0.0, outline=outline, where=label))
        elif isinstance(block, DocTable):
            out.append(table(block, profile, label))
        elif isinstance(block, PageBreak):
            out.append(PageBreakElement())
    for before, after in zip(out, out[1:], strict=False):
        if isinstance(before, Para) and isinstance(after, Table) and CAPTION.match(before.text):
            before.keep_with_next, before.keep_together = 1, True  # a caption stays with its table's first row
    return out


def table(block: DocTable, profile: Profile, where: str) -> Table:
    """Widths, size and orientation decided once (tablegrid.fit_table): content-based columns, then 小四,
    then a landscape page of its own (clause 8)."""
    fit = fit_table(block.rows, block.header_rows, profile, landscape=block.landscape, preferred=block.widths,
                    where=where)
    cols = len(fit.widths_mm)
    align = [(block.align[c] if block.align and c < len(block.align) and block.align[c] else "left")
             for c in range(cols)]
    # Cells that list units break after their separators, the same lines in every medium ("\n").
    padding = 2 * profile.table.cell_margin + pt_to_mm(fit.size_pt) / 2
    chars = [(w - padding) / pt_to_mm(fit.size_pt) - 0.5 for w in fit.widths_mm]  # half a character to spare
    rows = [[("\n".join(lines) if r >= block.header_rows and c < cols and (lines := list_lines(text, chars[c]))
              else text) for c, text in enumerate(row)] for r, row in enumerate(block.rows)]
    return Table(rows, block.header_rows, fit.widths_mm, align, fit.landscape, size_pt=fit.size_pt,
                 header_size_pt=fit.header_size_pt,
                 pitch_pt=fit.pitch_pt, caption=block.caption, where=where)


def attachment_list(doc: Document, profile: Profile) -> list[Para]:
    """附件说明 (7.3.4): "附件：1.名称" two characters in; later names and wrapped lines hang under the first name."""
    names = doc.attachment_list
    if not names:
        return []
    start = profile.body.first_line_indent_chars
    label = text_cells("附件：")
    out = []
    for i, name in enumerate(names, 1):
        number = f"{i}." if len(names) > 1 else ""
        text = ("附件：" if i == 1 else "") + number + name
        out.append(Para("attachment_list", [Run(text)], align="justify", first=start if i == 1 else start + label,
                        left=start + label + text_cells(number), keep_together=True, keep_with_next=KEEP_ALL,
                        gap_before=profile.body.attachment_list_gap_lines if i == 1 else 0, where="附件说明"))
    out[-1].keep_with_next = KEEP_ALL if doc.signature else 0
    return out


def signature(sig: Signature | None, profile: Profile) -> list[Element]:
    """署名、成文日期、印章 (7.3.5): sealed (7.3.5.1) or unsealed (7.3.5.2)."""
    if sig is None:
        return []
    body = profile.body
    block = block_cells(profile)
    names = sig.issuers or []
    date_w = text_cells(sig.date)
    out: list[Element] = []
    if sig.is_sealed:
        # Date right 4 characters, each 署名 centred over it; the seal centred on the date, pressing on both.
        right = body.date_right_chars_sealed
        out += [Para("signature", [Run(n)], align="right", right=right + (date_w - text_cells(n)) / 2)
                for n in names]
        if sig.date:
            out.append(Para("date", [Run(sig.date)], align="right", right=right))
        gap = body.sealed_gap_lines
        if sig.seal is not None:
            out.insert(0, Seal(sig.seal, body.seal_diameter, right + date_w / 2, body.seal_rise))
    else:
        # 署名 right 2 characters; the date starts 2 characters right of the 署名's first character, and a date
        # longer than that moves the 署名 left instead (7.3.5.2).
        sig_w = max((text_cells(n) for n in names), default=0.0)
        sig_left = block - body.signature_right_chars - sig_w
        date_left = sig_left + body.date_offset_chars
        if date_left + date_w > block - body.signature_right_chars:
            date_left = block - body.signature_right_chars - date_w
            sig_left = date_left - body.date_offset_chars
        out += [Para("signature", [Run(n)], align="left", first=sig_left, left=sig_left) for n in names]
        if sig.date:
            out.append(Para("date", [Run(sig.date)], align="left", first=date_left, left=date_left))
        gap = body.signature_gap_lines
    paras = [e for e in out if isinstance(e, Para)]
    if sig.is_sealed and sig.seal is not None and paras:
        # The seal's lower half reaches below the first 署名 line; the block must hold it (7.3.5.1: the seal
        # stays inside the 版心), so the page keeps that many lines below the signature block.
        line_mm = profile.page.block_height / profile.grid.lines_per_page
        reach = math.ceil((body.seal_diameter / 2 - body.seal_rise) / line_mm)
        paras[-1].reserve_after = max(0, reach - (len(paras) - 1))
    for p in paras:
        p.keep_together = True
        p.keep_with_next = KEEP_ALL
        p.where = "署名" if p.kind == "signature" else "成文日期"
    if paras:
        paras[0].gap_before = gap
        paras[0].gap_closes = True  # 7.3.5.5: closer to the text rather than a page of its own
        paras[-1].keep_with_next = 0
    return out


def remark(doc: Document, profile: Profile) -> list[Para]:
    """附注 (7.3.6): in brackets, two characters in, on the line after the 成文日期."""
    if not doc.remark:
        return []
    text = doc.remark.strip("（）()")
    return [Para("remark", [Run(f"（{text}）")], align="left", first=profile.body.first_line_indent_chars,
                 where="附注")]


def closing_keeps(text: list[Element], closing: list[Element]) -> None:
    """The 附件说明, signature, date and 附注 stay together, and the text keeps its last line with them: the
    closing block never opens a page alone (7.3.5)."""
    paras = [e for e in closing if isinstance(e, Para)]
    if not paras:
        return
    for p in paras[:-1]:
        p.keep_with_next = KEEP_ALL
    last = text[-1] if text else None
    if isinstance(last, Para):
        last.keep_with_next = KEEP_ALL
        last.tail = 2  # two lines of text go over with the closing block, not one and not the whole paragraph


def close_up_for_page_one(text: list[Element], closing: list[Element], room: int, profile: Profile) -> None:
    """7.3.3: page 1 shows 正文. When the closing block, with the two lines of text it takes along, would take
    every line of 正文 off page 1 (a one-paragraph notice with a long 附件说明 and a 附注) but fits there with
    the empty lines inside it closed up, they close up (7.3.5.5: adjust the spacing so that the signature
    stays with the 正文): the signature's gap first, then the 附件说明's. `room` is page_one_room's estimate,
    which both media share."""
    if not text or not all(isinstance(e, Para) for e in text):
        return  # a table or a page break in the text: the estimate would not hold
    paras = [e for e in text if isinstance(e, Para)]
    body = sum(_estimated_lines(p, profile) for p in paras if p.kind in ("text", "heading"))
    closing_paras = [e for e in closing if isinstance(e, Para)]
    if not body or body > paras[-1].tail or not closing_paras:
        return  # some 正文 stays on page 1 whatever happens to the closing block
    need = sum(_estimated_lines(p, profile) + p.gap_before for p in paras + closing_paras) - paras[0].gap_before
    over = need - room
    gaps = sum(p.gap_before for p in closing_paras)
    if over <= 0 or over > gaps:
        return
    for p in sorted(closing_paras, key=lambda p: p.kind != "signature"):
        take = min(p.gap_before, over)
        p.gap_before -= take
        over -= take


def _estimated_lines(p: Para, profile: Profile) -> int:
    """Lines of a paragraph on the nominal grid (cells per line less its indents)."""
    if p.lines is not None:
        return len(p.lines)
    cells = profile.grid.chars_per_line
    width, first, rest = text_cells(p.text), cells - p.first, cells - p.left
    return 1 if width <= first else 1 + math.ceil((width - first) / rest)


def attachments(doc: Document, profile: Profile) -> list[AttachmentPart]:
    """附件 (7.3.7): each on a new page, 附件N in 黑体 on line 1, its title centred on line 3."""
    parts = []
    for i, att in enumerate(doc.attachments):
        parts.append(attachment(doc.attachment_label(i), att, profile))
    return parts


def attachment(label: str, att: Attachment, profile: Profile) -> AttachmentPart:
    elements = blocks(att.blocks, profile, label)
    first = elements[0] if elements else None
    turned = isinstance(first, Table) and first.landscape
    head = Para("attachment_label", [Run(label, "attachment_label")], align="left", slot=0, keep_with_next=1,
                where=label)
    title_para = Para("attachment_title", [Run(att.title, "attachment_title")], align="center",
                      slot=profile.body.attachment_title_line - 1, pitch_pt=profile.body.title_line_pitch_pt,
                      lines=title_lines(att.title, profile, "attachment_title"), keep_with_next=1, where=label)
    if isinstance(first, (Para, Table)):
        first.gap_before = max(first.gap_before, 1)  # one empty line between the title and the text
    return AttachmentPart(head, title_para, elements, landscape=turned)


# ------------------------------------------------------------------------------------------------ 版记 (7.4)

def colophon(c: Colophon, profile: Profile, printed: bool = True, rules: bool = True) -> ColophonElement | None:
    """主送 (moved here, 7.4.2) and 抄送 lists, then 印发机关 left and 印发日期 right (7.4.3)."""
    if c.empty:
        return None
    rows = []
    for label, names in (("主送", c.recipients), ("抄送", c.cc)):
        if names:
            rows.append(ColophonRow("list", text=f"{label}：" + "，".join(names) + "。", label=f"{label}："))
    if printed and (c.printed_by or c.printed_on):
        rows.append(ColophonRow("printed", left=c.printed_by or "",
                                right=f"{c.printed_on}印发" if c.printed_on else ""))
    if not rows:
        return None
    style = profile.colophon
    return ColophonElement(rows, style.rule_thick, style.rule_thin, style.indent_chars, style.line_pitch_pt,
                           rules=rules, even_page=profile.pdf.duplex)


def colophon_lines(c: ColophonElement, profile: Profile) -> int:
    """Lines of the 版记 on its own pitch, estimated in cells of the colophon face like the rest of the anatomy:
    a list row wraps under its first name, `indent_em` in from both edges; the 印发 row is one line."""
    width = profile.page.block_width / pt_to_mm(profile.font(c.role).size) - 2 * c.indent_em
    count = 0
    for row in c.rows:
        if row.kind != "list":
            count += 1
            continue
        cells, rest = text_cells(row.text), width - text_cells(row.label)
        count += 1 if cells <= width else 1 + math.ceil((cells - width) / rest)
    return count


def colophon_capacity(profile: Profile) -> int:
    """Colophon lines the block of one page holds (7.4.1: the whole 版记 lies inside the block)."""
    return int(mm_to_pt(profile.page.block_height) // profile.colophon.line_pitch_pt)


def page_numbers(profile: Profile, first_page: bool = True) -> PageNumbers:
    style = profile.page_number
    return PageNumbers(style.dash, style.below_block, style.outer_indent_chars, first_page=first_page)
