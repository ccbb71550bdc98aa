"""What the anatomy decides, as plain data in medium-independent units.

Units: `cells` are body characters (one 3号 Chinese character with the grid's spacing; 28 per line), `lines`
are body grid lines, lengths in mm, font sizes and special line pitches in pt. A font role names the face and
size (style profile). Every writer and the layout engine read these and never decide them again.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

Align = Literal["left", "center", "right", "justify", "distribute"]
Color = Literal["text", "red"]


@dataclass(frozen=True)
class Run:
    """Text in one font role. `heading` marks a run-in heading (its level), which Word gets as a character style."""

    text: str
    role: str = "body"
    color: Color = "text"
    heading: int | None = None


@dataclass
class Para:
    """A text element set on the body grid: one paragraph, broken into lines by the medium unless `lines` is
    given (titles, whose breaks the anatomy chooses)."""

    kind: str  # glossary name: title, recipients, heading, text, attachment_list, signature, date, remark, ...
    runs: list[Run]
    align: Align = "justify"
    first: float = 0.0  # first-line indent from the block's left edge, cells
    left: float = 0.0  # indent of the following lines, cells (hanging when > first)
    right: float = 0.0  # right indent, cells
    gap_before: int = 0  # empty body lines before it ("空N行", reading A)
    pitch_pt: float | None = None  # a line pitch of its own (titles); None: the body grid
    lines: list[str] | None = None  # chosen line breaks (titles)
    keep_with_next: int = 0  # lines of the next element that must share this element's page
    tail: int = 1  # when it keeps with the next and must break, this many of its last lines go along
    reserve_after: int = 0  # empty lines it needs below it on its page (the seal's lower half)
    keep_together: bool = False  # never split across pages
    gap_closes: bool = False  # the gap may close up when space runs short (7.3.5.5: the signature block)
    outline: int | None = None  # 0-based outline level (navigation pane, PDF bookmarks)
    slot: int | None = None  # a fixed body line of its page, 0-based (份号 line 1, 附件N line 1, its title line 3)
    where: str = ""  # for messages: 正文第3段

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


@dataclass
class Mark:
    """发文机关标志 (7.2.4): red, centred, top edge `top_mm` below the page's top edge. Joint issuers are stacked,
    each justified to the longest, with `suffix` (文件) to their right, centred on the block of names."""

    names: list[str]
    suffix: str
    top_mm: float
    name_gap_mm: float = 0.0
    suffix_gap_em: float = 0.0  # between the stacked names and the suffix
    role: str = "mark"
    color: Color = "red"

    @property
    def single(self) -> bool:
        return len(self.names) == 1


@dataclass
class Signers:
    """签发人 (7.2.6) for an upward document: 签发人：names, two per line, the block `right` cells from the right
    edge, wrapped lines under the first name; the 发文字号 `number_left` cells in, on the last line."""

    label: str
    lines: list[str]
    right: float
    doc_number: str | None
    number_left: float
    gap_before: int = 0  # lines below the mark
    label_role: str = "signer_label"
    name_role: str = "signer_name"
    number_role: str = "doc_number"


@dataclass(frozen=True)
class Stroke:
    thickness_mm: float
    offset_mm: float = 0.0  # below the rule's top edge (double rules)


@dataclass
class Rule:
    """A separator rule (7.2.7): `gap_mm` below the glyphs of the element above it, as long as the block (or
    `length_mm` centred on `centre`)."""

    kind: str
    gap_mm: float
    strokes: list[Stroke]
    color: Color = "red"
    length_mm: float | None = None
    centre: Literal["block", "page"] = "block"


@dataclass
class PageRule:
    """A rule fixed to the page, not to the text: page furniture of the page it is placed on (信函 10.1: the
    second red double rule, 20 mm above the page's bottom edge, on the letterhead page)."""

    kind: str
    top_mm: float  # the top edge of its first stroke, from the page's top edge
    strokes: list[Stroke]
    length_mm: float
    centre: Literal["block", "page"] = "page"
    color: Color = "red"


@dataclass
class EdgeLine:
    """One 版头 line with text at both edges of the block: 信函 份号 left and 发文字号 right under the double rule
    (10.1); 纪要 issuing office left and date right under the number (practice)."""

    left: Run | None
    right: Run | None
    gap_mm: float | None = None  # below the glyphs (or rule) above it, mm; None: `gap_before` body lines
    gap_before: int = 0
    where: str = "版头"


@dataclass
class Seal:
    """The seal image (7.3.5.1) centred over the date, its top `rise_mm` above the first 署名 line's top. A
    signer's seal (签名章, 7.3.5.3) may be oblong: `width_mm` (None: round, as wide as high)."""

    image: Path
    diameter_mm: float  # the height
    centre_right: float  # cells from the block's right edge to the seal's centre
    rise_mm: float
    width_mm: float | None = None

    @property
    def size_mm(self) -> tuple[float, float]:
        return (self.width_mm or self.diameter_mm, self.diameter_mm)


@dataclass
class Table:
    """A table with its column widths decided (mm), header rows repeated after a page break."""

    rows: list[list[str]]
    header_rows: int
    widths_mm: list[float]
    align: list[str]  # per column: left / center / right (header cells are centred)
    landscape: bool
    size_pt: float = 14  # the text size (4号, or 小四 for a table fitted by stepping down)
    header_size_pt: float = 14  # the header rows' size, stepped down in proportion
    pitch_pt: float = 20
    role: str = "table"
    header_role: str = "table_header"
    caption: str | None = None
    gap_before: int = 0  # empty body lines before it
    where: str = ""


@dataclass
class PageBreak:
    pass


Element = Para | Mark | Signers | Rule | Seal | Table | PageBreak | PageRule | EdgeLine


@dataclass
class AttachmentPart:
    """附件 (7.3.7): a new page (turned when it opens with a landscape table), label on line 1, title on line 3."""

    label: Para
    title: Para
    elements: list[Element]
    landscape: bool = False


@dataclass
class ColophonRow:
    """One 版记 row: a 主送/抄送 list (label, then names wrapping under the first name) or the 印发 line."""

    kind: Literal["list", "printed"]
    text: str = ""  # list: 抄送：甲，乙。
    label: str = ""  # list: 抄送：
    left: str = ""  # printed: 印发机关
    right: str = ""  # printed: 2011年1月21日印发


@dataclass
class Colophon:
    """版记 (7.4) at the foot of the last page, its last rule on the block's bottom edge."""

    rows: list[ColophonRow]
    thick_mm: float
    thin_mm: float
    indent_em: float  # in ems of the colophon face, from both edges
    pitch_pt: float
    role: str = "colophon"
    rules: bool = True
    even_page: bool = True  # printed on both sides: the 版记 page is even, blank page before if needed (7.5)


@dataclass
class PageNumbers:
    """页码 (7.5): "— N —", its dash `below_mm` under the block, odd pages right and even pages left, `outer_em`
    ems of its own face in from the edge."""

    dash: str
    below_mm: float
    outer_em: float
    role: str = "page_number"
    first_page: bool = True  # 信函: page 1 carries no number
    blank_and_colophon_unnumbered: bool = True


@dataclass
class Anatomy:
    """One document, decided: its zones in order. The layout engine and every writer read only this."""

    format: str
    masthead: list[Element]
    body: list[Element]
    attachments: list[AttachmentPart]
    colophon: Colophon | None
    page_numbers: PageNumbers
    title: str = ""  # plain title, for metadata
    author: str = ""
    subject: str = ""
    date: str | None = None
    watermark: str | None = None  # the draft marking, drawn diagonally by page-drawing media that want it

    def all_body(self) -> list[Element]:
        return [*self.masthead, *self.body, *(e for a in self.attachments for e in (a.label, a.title, *a.elements))]
