"""Markdown body -> a flat list of raw blocks with file line numbers (structure is resolved in parser.py)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.token import Token

from ..document import PageBreak, Span, Table
from .inline import Piece, join_pieces, plain_text, render_inline

# Setext headings are off so that `---` under a line is a page break, not a level-2 heading; indented code is
# off because writers indent Chinese paragraphs with spaces.
_MD = MarkdownIt("commonmark").enable("table").disable(["lheading", "code"])

_PAGEBREAK_COMMENT = re.compile(r"<!--\s*page-?break\s*-->", re.IGNORECASE)
_PAGEBREAK_CSS = re.compile(r"(page-)?break-(before|after)\s*:\s*(always|page)", re.IGNORECASE)
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_TAG = re.compile(r"<[^>]*>")
_ALIGN = re.compile(r"text-align\s*:\s*(left|center|right)")


@dataclass
class RawHeading:
    level: int
    text: str  # as typed, a typed number included
    line: int  # file line, 1-based
    column: int  # column of the first `#`
    source: str  # the source line, for pointing at a character


@dataclass
class RawParagraph:
    spans: list[Span]
    line: int
    plain: bool  # a top-level Markdown paragraph, the only kind a run-in heading may absorb


RawBlock = RawHeading | RawParagraph | Table | PageBreak


def read_blocks(body: str, line_offset: int) -> list[RawBlock]:
    """Walk markdown-it's token stream; `line_offset` = lines before the body (the front matter)."""
    tokens = _MD.parse(body)
    lines = body.split("\n")
    out: list[RawBlock] = []
    prefix: str | None = None  # "1." of the ordered list item whose first paragraph comes next
    directive: str | None = None  # a <!-- table: ... --> comment waiting for its table
    index = 0
    while index < len(tokens):
        token = tokens[index]
        kind = token.type
        if kind == "heading_open":
            out.append(_heading(token, tokens[index + 1], lines, line_offset))
            index += 3
            continue
        if kind == "paragraph_open":
            paragraph = _paragraph(token, tokens[index + 1], line_offset, prefix)
            prefix = None
            if paragraph.spans:
                out.append(paragraph)
            index += 3
            continue
        if kind == "table_open":
            index = _table(tokens, index, out, directive)
            directive = None
            continue
        if kind == "list_item_open":
            # Lists are not 公文 structure: each item is a paragraph, an ordered one keeps its typed number.
            prefix = f"{token.info}{token.markup}" if token.info else None
        elif kind == "list_item_close":
            prefix = None
        elif kind == "hr":
            out.append(PageBreak())
        elif kind == "html_block" and (table := _TABLE_DIRECTIVE.fullmatch(token.content.strip())):
            directive = table.group(1)
        elif kind == "html_block":
            out.extend(_html_block(token, line_offset))
        elif kind in ("fence", "code_block"):
            out.extend(_code_block(token, line_offset))
        index += 1
    return out


def _line(token: Token, line_offset: int) -> int:
    return (token.map[0] if token.map else 0) + 1 + line_offset


def _heading(opening: Token, inline: Token, lines: list[str], line_offset: int) -> RawHeading:
    row = opening.map[0] if opening.map else 0
    source = lines[row] if row < len(lines) else ""
    column = len(source) - len(source.lstrip()) + 1
    return RawHeading(len(opening.markup), plain_text(inline), row + 1 + line_offset, column, source)


def _paragraph(opening: Token, inline: Token, line_offset: int, prefix: str | None) -> RawParagraph:
    spans = render_inline(inline)
    if prefix:
        spans = join_pieces([Span(prefix), *spans])
    return RawParagraph(spans, _line(opening, line_offset), plain=opening.level == 0)


def _table(tokens: list[Token], index: int, out: list[RawBlock], directive: str | None = None) -> int:
    """Collect a pipe table; returns the index after table_close. A `<!-- table: landscape widths=1,6,2 -->`
    comment right before it sets a landscape page (GB/T 9704 clause 8) and relative column widths."""
    rows: list[list[str]] = []
    align: list[str | None] = []
    header = True
    while tokens[index].type != "table_close":
        token = tokens[index]
        if token.type == "tr_open":
            rows.append([])
        elif token.type in ("th_open", "td_open"):
            if header:
                match = _ALIGN.search(str(token.attrs.get("style", "")))
                align.append(match.group(1) if match else None)
            rows[-1].append(plain_text(tokens[index + 1]))
        elif token.type == "thead_close":
            header = False
        index += 1
    # No marker at all leaves alignment to the writer; otherwise unmarked columns are left-aligned.
    marked = [a or "left" for a in align] if any(align) else None
    table = Table(rows=rows, header_rows=1, align=marked)
    for word in (directive or "").split():
        if word in ("landscape", "横排"):
            table.landscape = True
        elif word.startswith("widths="):
            try:
                widths = [float(w) for w in word[len("widths="):].split(",")]
            except ValueError:
                widths = []
            if widths and all(w > 0 for w in widths):
                table.widths = widths
    out.append(table)
    return index + 1


_TABLE_DIRECTIVE = re.compile(r"<!--\s*table:\s*(.*?)\s*-->")


def _html_block(token: Token, line_offset: int) -> list[RawBlock]:
    content = token.content.strip()
    if _PAGEBREAK_COMMENT.fullmatch(content) or _PAGEBREAK_CSS.search(content):
        return [PageBreak()]
    text = _TAG.sub("", _COMMENT.sub("", content))
    pieces: list[Piece] = []
    for line in text.split("\n"):
        if line.strip():
            pieces += [Span(line.strip()), None]
    spans = join_pieces(pieces)
    return [RawParagraph(spans, _line(token, line_offset), plain=False)] if spans else []


def _code_block(token: Token, line_offset: int) -> list[RawBlock]:
    """One paragraph per non-blank line: code has no meaning in a 公文, its text does."""
    first = _line(token, line_offset) + (1 if token.type == "fence" else 0)
    return [
        RawParagraph([Span(text.strip())], first + number, plain=False)
        for number, text in enumerate(token.content.split("\n"))
        if text.strip()
    ]
