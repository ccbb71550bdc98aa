"""The anatomy's zones as Word paragraphs, tables and sections: 版头, 主体 and the attachments."""

from __future__ import annotations

from ...anatomy.model import (
    AttachmentPart,
    EdgeLine,
    Element,
    Mark,
    PageBreak,
    PageRule,
    Para,
    Rule,
    Seal,
    Signers,
    Table,
)
from .builder import Builder
from .letterhead import write_edge_line, write_page_rule
from .masthead import write_mark, write_rule, write_signers
from .seal import seal_anchor
from .tables import write_table


def write_elements(b: Builder, elements: list[Element], *, masthead: bool = False) -> None:
    keep_prev = False  # the element before keeps with this one: empty lines in between keep too
    widow_next = False  # a heading asked for two or more lines of what follows: Word's widow control does that
    reserve = 0  # lines still owed below the seal
    for e in elements:
        if reserve and not isinstance(e, Para):
            b.blank_lines(reserve)
            reserve = 0
        if isinstance(e, Para):
            before = 0
            if masthead and e.slot is None and e.gap_before:
                before, e = e.gap_before * b.line, _no_gap(e)  # 版头 gaps as spacing, not empty lines
            elif e.gap_closes and b.closing_gap is not None and b.closing_gap < e.gap_before:
                e = _no_gap(e, b.closing_gap)  # as closed up by the layout (7.3.5.5)
            # Word keeps two lines of a paragraph on each side of a page break with widow control: what `tail`
            # asks of the text before the closing block, and `heading_keep_lines` of the text after a heading.
            # The seal's lower half needs `reserve_after` lines below the 成文日期 on its page: what follows there
            # (the 附注, on the next line, 7.3.6) fills them and keeps with it; empty lines make up the rest.
            reserve = max(0, reserve - 1 - (e.gap_before if e.pitch_pt is None else 0))
            b.para(e, keep_prev=keep_prev, widow_control=widow_next or e.tail >= 2, before=before,
                   keep_next=e.reserve_after > 0 or reserve > 0)
            reserve = max(reserve, e.reserve_after)
            keep_prev = e.keep_with_next > 0
            widow_next = e.kind == "heading" and e.keep_with_next >= 2
        elif isinstance(e, Mark):
            write_mark(b, e)
        elif isinstance(e, Signers):
            write_signers(b, e)
        elif isinstance(e, Rule):
            write_rule(b, e)
        elif isinstance(e, PageRule):
            write_page_rule(b, e)
        elif isinstance(e, EdgeLine):
            write_edge_line(b, e)
        elif isinstance(e, Seal):
            b.seal = seal_anchor(b, e)  # lands in the next paragraph: the first 署名
        elif isinstance(e, Table):
            if e.gap_before:
                b.blank_lines(e.gap_before, keep_next=keep_prev)
            write_table(b, e)
            keep_prev = widow_next = False
        elif isinstance(e, PageBreak):
            b.page_break()
    if reserve:
        b.blank_lines(reserve)


def _no_gap(p: Para, gap: int = 0) -> Para:
    from dataclasses import replace

    return replace(p, gap_before=gap)


def write_attachment(b: Builder, part: AttachmentPart) -> None:
    """A new page (or a landscape section when it opens with a landscape table), label on line 1, title on
    line 3, then the attachment's elements."""
    if part.landscape:
        b.section_break(landscape_next=True)
        b.para(part.label)
    else:
        b.para(part.label, page_break_before=True)
        b.line_no = 1
    b.para(part.title)
    write_elements(b, part.elements)
