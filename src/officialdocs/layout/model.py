"""What the layout engine produces: pages of positioned glyph runs, rules and images. Plain data.

Units are points; the origin is the page's top-left corner and y grows downwards (the PDF writer flips it).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

Color = tuple[float, float, float, float]  # CMYK, 0..1
BLACK: Color = (0.0, 0.0, 0.0, 1.0)


@dataclass(frozen=True)
class GlyphRun:
    """Characters in one face and size, drawn from `x` on `baseline`; `advances` are per character
    (the pen moves by advance[i] after character i), so justified and squeezed text is exact."""

    x: float
    baseline: float
    text: str
    face: str  # fonts.Face.key
    size: float
    advances: tuple[float, ...]
    naturals: tuple[float, ...]  # the font's own advances; advance - natural becomes character spacing
    color: Color = BLACK
    h_scale: float = 100.0  # horizontal scale in percent (long issuer names)
    element: str = ""  # the anatomy element it belongs to (title, text, signature, ...): semantic tags

    @property
    def width(self) -> float:
        return sum(self.advances)


@dataclass(frozen=True)
class Rule:
    """A horizontal line from x0 to x1 whose centre is at y."""

    x0: float
    x1: float
    y: float
    thickness: float
    color: Color = BLACK
    element: str = ""  # separator, colophon_rule ...


@dataclass(frozen=True)
class Box:
    """A table cell border or any rectangle outline."""

    x0: float
    y0: float
    x1: float
    y1: float
    thickness: float
    color: Color = BLACK


@dataclass(frozen=True)
class Image:
    path: Path
    x: float
    y: float  # top edge
    width: float
    height: float


@dataclass
class Page:
    width: float
    height: float
    number: int | None = None  # printed page number; None for an unnumbered page
    runs: list[GlyphRun] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)
    boxes: list[Box] = field(default_factory=list)
    images: list[Image] = field(default_factory=list)
    # A landscape table page (clause 8): runs, rules and boxes are in a 297 x 210 mm frame that the writer
    # turns 90° anticlockwise, so the table's head faces the left edge; `fixed` (the page number) is not turned.
    landscape_content: bool = False
    fixed: list[GlyphRun] = field(default_factory=list)


@dataclass(frozen=True)
class Bookmark:
    title: str
    level: int  # 0-based outline level
    page: int  # 0-based page index
    y: float


@dataclass(frozen=True)
class MissingGlyph:
    """A character the role's faces lack: drawn from `face` (another installed or bundled face), or, when
    `face` is empty, from no face at all (an empty box)."""

    char: str
    role: str
    where: str  # e.g. "正文第3段"
    face: str = ""


@dataclass
class LaidOut:
    """The whole document laid out, ready for a writer."""

    pages: list[Page]
    title: str
    author: str
    subject: str = ""
    bookmarks: list[Bookmark] = field(default_factory=list)
    missing: list[MissingGlyph] = field(default_factory=list)
    fonts: dict[str, tuple[Path, int]] = field(default_factory=dict)  # face key -> (TrueType file, face index)
    watermark: tuple[str, str] | None = None  # (text, face key): a diagonal draft mark on every page
    date: str | None = None  # the document's date (成文日期) as ISO yyyy-mm-dd, for metadata; None if unknown
    # Screen (RGB "RRGGBB") equivalents the profile declares for its print colours, e.g. red CMYK(0,.8,.8,0) ->
    # FF0000; writers whose format is RGB (OFD) use them, other colours are converted arithmetically.
    rgb: dict[Color, str] = field(default_factory=dict)
