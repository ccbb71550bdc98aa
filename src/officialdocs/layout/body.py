"""Body blocks on the grid: headings, paragraphs with run-in headings, tables, page breaks."""

from __future__ import annotations

from ..document import Heading, PageBreak, Paragraph, Table
from .flow import Frame
from .tables import layout_table
from .text import Piece


def paragraph_pieces(block: Paragraph) -> list[Piece]:
    pieces = []
    if block.run_in:
        pieces.append(Piece(block.run_in.full_text, f"heading{block.run_in.level}"))
    pieces += [Piece(s.text, "heading2" if s.emphasis else "body") for s in block.spans]
    return pieces


def layout_blocks(f: Frame, blocks: list, where: str, keep_last: int = 0) -> None:
    """Set `blocks` from the cursor on; the last text block keeps `keep_last` slots after it."""
    indent = f.g.cell * f.profile.body.first_line_indent_chars
    last_text = max((i for i, b in enumerate(blocks) if isinstance(b, (Heading, Paragraph))), default=-1)
    for i, block in enumerate(blocks):
        keep = keep_last if i == last_text else 0
        label = f"{where}第{i + 1}段"
        if isinstance(block, Heading):
            lines = f.lines([Piece(block.full_text, f"heading{block.level}")], first_indent=indent, where=label)
            keep = max(keep, _heading_keep(f, blocks, i))
            f.bookmark(block.full_text, block.level - 1, f.place_lines(lines, keep_after=keep, widow_orphan=False))
        elif isinstance(block, Paragraph):
            lines = f.lines(paragraph_pieces(block), first_indent=indent if block.indent else 0.0, where=label)
            where_placed = f.place_lines(lines, keep_after=keep)
            if block.run_in and block.run_in.level <= 2:
                f.bookmark(block.run_in.full_text.rstrip("。"), block.run_in.level - 1, where_placed)
        elif isinstance(block, Table):
            layout_table(f, block)
        elif isinstance(block, PageBreak):
            f.new_page()


def _heading_keep(f: Frame, blocks: list, i: int) -> int:
    """A heading stays with the next heading(s) and the first lines of the text after them."""
    keep = f.profile.pdf.heading_keep_lines
    j = i + 1
    while j < len(blocks) and isinstance(blocks[j], Heading):
        keep += 1
        j += 1
    return keep
