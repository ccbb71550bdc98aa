"""Inline Markdown -> Span list: emphasis kept, everything else reduced to its text, lines joined the CJK way."""

from __future__ import annotations

from markdown_it.token import Token

from ..document import Span

_EMPHASIS_OPEN = ("em_open", "strong_open")
_EMPHASIS_CLOSE = ("em_close", "strong_close")
_BREAKS = ("softbreak", "hardbreak")

Piece = Span | None  # None = a line break inside the paragraph, resolved by join_pieces


def render_inline(token: Token) -> list[Span]:
    """Spans of one inline token. Bold and italic both become emphasis (楷体 in 公文, never bold)."""
    pieces: list[Piece] = []
    depth = 0
    for child in token.children or []:
        kind = child.type
        if kind in ("text", "code_inline"):
            pieces.append(Span(child.content, emphasis=depth > 0))
        elif kind in _EMPHASIS_OPEN:
            depth += 1
        elif kind in _EMPHASIS_CLOSE:
            depth = max(0, depth - 1)
        elif kind in _BREAKS:
            pieces.append(None)
        # link_open/close, html_inline and image are dropped: a link's text arrives as its own text tokens.
    return join_pieces(pieces)


def plain_text(token: Token) -> str:
    return "".join(span.text for span in render_inline(token)).strip()


def join_pieces(pieces: list[Piece]) -> list[Span]:
    """Resolve line breaks (no line breaks inside a 公文 paragraph), merge equal neighbours, trim the ends."""
    spans: list[Span] = []
    pending_break = False
    for piece in pieces:
        if piece is None:
            pending_break = True
            continue
        if not piece.text:
            continue
        if pending_break and spans and _needs_space(spans[-1].text[-1], piece.text[0]):
            spans[-1] = Span(spans[-1].text + " ", spans[-1].emphasis)
        pending_break = False
        if spans and spans[-1].emphasis == piece.emphasis:
            spans[-1] = Span(spans[-1].text + piece.text, piece.emphasis)
        else:
            spans.append(Span(piece.text, piece.emphasis))
    return _trim(spans)


def _needs_space(before: str, after: str) -> bool:
    # Chinese has no spaces between words; only two Latin words (or numbers) need one when a line is joined.
    return _latin(before) and _latin(after)


def _latin(ch: str) -> bool:
    return not ch.isspace() and ord(ch) < 0x2000


def _trim(spans: list[Span]) -> list[Span]:
    """Strip leading/trailing whitespace, including the full-width spaces writers use as indentation."""
    spans = list(spans)
    while spans and not spans[0].text.strip():
        spans.pop(0)
    while spans and not spans[-1].text.strip():
        spans.pop()
    if spans:
        spans[0] = Span(spans[0].text.lstrip(), spans[0].emphasis)
        spans[-1] = Span(spans[-1].text.rstrip(), spans[-1].emphasis)
    return spans
