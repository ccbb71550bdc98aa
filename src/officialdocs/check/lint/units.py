"""What lint rules read: units of text located in their file, and the structure of the document.

A unit is a piece of text (a YAML string value, a Markdown heading, paragraph or table cell, a Word
paragraph) with a map from its character offsets to file positions, so a finding points at the character
and a fix edits the source in place. A `LintSource` is one file made into units plus the structure the
structural rules need (headings, 附件说明, attachment titles, the document's kind), whatever the format.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from ...numerals import Ordinal

Pos = tuple[int, int]  # 1-based line, column

_MASKS = [
    re.compile(r"<!--.*?-->", re.S),
    re.compile(r"`[^`\n]*`"),
    re.compile(r"\]\([^)\s]*\)"),  # a Markdown link target
    re.compile(r"(?:https?|ftp)://[^\s\u3000-\u303f\uff00-\uffef“”‘’，。]+|www\.[A-Za-z0-9.-]+[^\s\u3000-\u303f\uff00-\uffef，。]*"),
    re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"),
]


def mask(text: str) -> str:
    """URLs, e-mail addresses, inline code and link targets become 'x' (same length): their punctuation is
    not Chinese text."""
    for pattern in _MASKS:
        text = pattern.sub(lambda m: "x" * len(m.group(0)), text)
    return text


@dataclass(eq=False)
class Unit:
    """A piece of text to lint, and how its offsets map back to the file."""

    text: str
    # text | title | heading | attachment | recipient | cc | doc_number | attachment_item | cell
    # | recipient_line | cc_line  (a .docx line as printed, with its punctuation)
    role: str
    locate: Callable[[int], Pos]
    span: Callable[[int, int], tuple[int, int] | None] = lambda a, b: None  # text range -> source range
    level: int = 0  # heading level (Markdown, .docx)
    line_starts: bool = True  # T09 applies at line starts inside the unit
    folded: bool = False  # a YAML folded block scalar (>)

    @cached_property
    def masked(self) -> str:
        return mask(self.text)


@dataclass
class HeadingMark:
    """A heading or a paragraph that starts with a typed ordinal, in document order (S11)."""

    pos: Pos
    level: int | None  # the heading level the markup gives (Markdown #, Word Heading N); None: the ordinal's
    ordinal: Ordinal | None  # the number typed
    typed: str = ""  # the typed ordinal's text
    restart: bool = False  # an attachment starts: numbering begins again


@dataclass
class Listed:
    """One 附件说明 entry: its typed number and separator (if any), its name, where it is."""

    pos: Pos
    name: str
    number: str = ""
    separator: str = ""
    unit: Unit | None = None  # yaml/md: the entry's text (a typed number can be fixed away)


@dataclass
class LintSource:
    file: str
    kind: str  # "yaml" | "md" | "docx"
    units: list[Unit] = field(default_factory=list)
    headings: list[HeadingMark] = field(default_factory=list)
    listed: list[Listed] = field(default_factory=list)  # the 附件说明 as written
    attachments: list[tuple[str, Pos]] = field(default_factory=list)  # the titles of the attachment pages
    numbered_by_writer: bool = True  # yaml/md: the writer numbers headings and attachments
    # The document's own elements, for the kind rules (请示, 报告): title, 主送, 签发人.
    title: tuple[str, Pos] | None = None
    recipients: list[tuple[str, Pos]] = field(default_factory=list)
    signers: list[str] = field(default_factory=list)


class SourceText:
    """Offsets <-> 1-based (line, column) in a text file."""

    def __init__(self, text: str):
        self.text = text
        self.starts = [0]
        for m in re.finditer("\n", text):
            self.starts.append(m.end())

    def offset(self, line: int, col: int) -> int:
        return self.starts[line - 1] + col - 1

    def position(self, offset: int) -> Pos:
        line = bisect.bisect_right(self.starts, offset) - 1
        return line + 1, offset - self.starts[line] + 1

    def line(self, number: int) -> str:
        start = self.starts[number - 1]
        end = self.starts[number] - 1 if number < len(self.starts) else len(self.text)
        return self.text[start:end].rstrip("\r")


def map_value(source: str, start: int, value: str) -> list[int] | None:
    """Where each character of a YAML string value sits in the source, starting from the value's token.

    Walks the source, skipping what YAML adds around the characters (quotes, block indicators, line breaks
    and indentation); None when an escape or anything else breaks the one-to-one correspondence."""
    i = start
    if i < len(source) and source[i] in "|>":
        nl = source.find("\n", i)
        i = len(source) if nl < 0 else nl + 1
    elif i < len(source) and source[i] in "\"'":
        i += 1
    out: list[int] = []
    for ch in value:
        skipped = 0
        while i < len(source) and source[i] != ch:
            if source[i] not in " \t\r\n\"'" or skipped > 200:
                return None
            i += 1
            skipped += 1
        if i >= len(source):
            return None
        out.append(i)
        i += 1
    return out


def offsets_unit(src: SourceText, offsets: list[int] | None, text: str, role: str, fallback: Pos, *,
                 level: int = 0, line_starts: bool = True, folded: bool = False) -> Unit:
    """A unit whose i-th character sits at source offset offsets[i] (None: all at `fallback`)."""

    def locate(k: int) -> Pos:
        if offsets and 0 <= k < len(offsets):
            return src.position(offsets[k])
        if offsets and k == len(offsets):  # just after the last character (where a missing mark belongs)
            return src.position(offsets[-1] + 1)
        return fallback

    def span(a: int, b: int) -> tuple[int, int] | None:
        if not offsets or b <= a or b > len(offsets):
            return None
        if offsets[b - 1] - offsets[a] != b - 1 - a:
            return None  # not contiguous in the source (a line break, an escape): leave it to the writer
        return offsets[a], offsets[b - 1] + 1

    return Unit(text, role, locate, span, level, line_starts, folded)


def value_unit(src: SourceText, value: str, pos: Pos | None, role: str) -> Unit:
    """A YAML string value as a unit (its characters found in the source after its position)."""
    start = src.offset(*pos) if pos else 0
    offsets = map_value(src.text, start, value) if pos else None
    folded = pos is not None and src.text[start:start + 1] == ">"
    return offsets_unit(src, offsets, value, role, pos or (1, 1), folded=folded)


def shifted(unit: Unit, src: SourceText, base: int, inner: SourceText) -> Unit:
    """A unit located in an embedded text (the front matter), re-based onto the whole file."""
    locate, span = unit.locate, unit.span

    def new_locate(k: int) -> Pos:
        line, column = locate(k)
        return src.position(base + inner.offset(line, column))

    def new_span(a: int, b: int) -> tuple[int, int] | None:
        s = span(a, b)
        return (base + s[0], base + s[1]) if s else None

    return Unit(unit.text, unit.role, new_locate, new_span, unit.level, unit.line_starts, unit.folded)
