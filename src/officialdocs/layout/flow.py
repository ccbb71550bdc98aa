"""The page frame: geometry from the profile, the line grid, the cursor, and placing lines on pages.

The body grid follows the 应用指南 reading of 5.2.3 by default ("fill"): 22 rows of 3号 glyphs and 21
equal gaps fill the 225 mm block, so the first line's glyphs touch the block's top edge and the 22nd
line's its bottom edge. The profile can choose "slots" (225/22 mm boxes, glyphs centred) instead.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..style import Profile, mm_to_pt
from .model import BLACK, Bookmark, Color, GlyphRun, Page, Rule
from .text import Line, Piece, Shaper, Token, break_lines


def grid_roles(profile: Profile) -> list[str]:
    """Font roles whose wide characters sit on the 28-per-line character grid: those set in the body size."""
    body = profile.font("body").size
    return [role for role, font in profile.fonts.items() if font.size == body]


# Glyph metrics per (font book, profile), kept for the process: the second document measures nothing.
_METRICS: dict[tuple[int, str], dict] = {}


def cmyk(values) -> Color:
    return tuple(float(v) for v in values)  # type: ignore[return-value]


def text_color(profile: Profile) -> Color:
    """The profile's text colour (RRGGBB) as CMYK: pure black is K100 (6.2), anything else a naive conversion."""
    r, g, b = (int(profile.colors.text[i:i + 2], 16) / 255 for i in (0, 2, 4))
    k = 1 - max(r, g, b)
    if k >= 1:
        return BLACK
    return ((1 - r - k) / (1 - k), (1 - g - k) / (1 - k), (1 - b - k) / (1 - k), k)


@dataclass
class Geometry:
    width: float
    height: float
    left: float
    right: float
    top: float
    bottom: float
    lines: int
    cell: float  # one body character
    pitch: float  # baseline to baseline of body lines
    first_top: float  # em-box top of body line 0
    body_size: float
    ascent: float  # em-box ascent fraction of the body face (baseline = em top + ascent * size)

    @property
    def measure(self) -> float:
        return self.right - self.left

    def slot_top(self, k: int) -> float:
        return self.first_top + k * self.pitch

    def baseline(self, k: int) -> float:
        return self.slot_top(k) + self.ascent * self.body_size

    def slot_at_or_below(self, y: float) -> int:
        """The first slot whose em top is at or below `y` (pt from the page top)."""
        k = 0
        while self.slot_top(k) < y - 0.01:
            k += 1
        return k


def geometry(profile: Profile, book) -> Geometry:
    page = profile.page
    body = profile.font("body").size
    block_h = mm_to_pt(page.block_height)
    lines = profile.grid.lines_per_page
    if profile.pdf.line_placement == "fill":
        pitch = (block_h - body) / (lines - 1)
        first_top = mm_to_pt(page.margins.top)
    else:
        pitch = block_h / lines
        first_top = mm_to_pt(page.margins.top) + (pitch - body) / 2
    face = book.primary("body")
    ascent = 1.0 - abs(face.descent) if face.ascent + abs(face.descent) > 0 else 0.88
    return Geometry(
        width=mm_to_pt(page.width), height=mm_to_pt(page.height),
        left=mm_to_pt(page.margins.left), right=mm_to_pt(page.width - page.margins.right),
        top=mm_to_pt(page.margins.top), bottom=mm_to_pt(page.height - page.margins.bottom),
        lines=lines, cell=mm_to_pt(page.block_width) / profile.grid.chars_per_line, pitch=pitch,
        first_top=first_top, body_size=body, ascent=ascent,
    )


def rotated(g: Geometry) -> Geometry:
    """The portrait block turned 90°: 225 mm wide and 156 mm high on a 297 x 210 mm frame. The frame's top
    edge is the portrait page's left edge and its left edge the portrait bottom, so the margins follow."""
    return Geometry(
        width=g.height, height=g.width,
        left=g.height - g.bottom, right=g.height - g.top,
        top=g.left, bottom=g.right,
        lines=int((g.right - g.left - g.body_size) / g.pitch) + 1, cell=g.cell, pitch=g.pitch, first_top=g.left,
        body_size=g.body_size, ascent=g.ascent,
    )


class Frame:
    """Pages under construction and the cursor (the next free body slot on the current page)."""

    def __init__(self, profile: Profile, book, missing: list):
        self.profile = profile
        self.book = book
        self.g = self.portrait = geometry(profile, book)
        self._landscape = rotated(self.g)
        sizes = {role: font.size for role, font in profile.fonts.items()}
        tracking = {role: self.g.cell - sizes[role] for role in grid_roles(profile)}
        cache = _METRICS.setdefault((id(book), profile.model_dump_json()), {})
        self.shaper = Shaper(book, sizes, tracking, missing, cache)
        self.ink = text_color(profile)
        self.element = ""  # the anatomy element being drawn: glyph runs and rules carry it
        self.pages: list[Page] = []
        self.bookmarks: list[Bookmark] = []
        self.slot = 0
        self.content_bottom = self.g.top  # lowest ink on the current page, for the 版记
        self.last_bottom: float | None = None  # bottom of what was placed last on this page (None: nothing yet)
        self.new_page()

    # -- pages -----------------------------------------------------------------------------------------
    @property
    def page(self) -> Page:
        return self.pages[-1]

    def new_page(self) -> None:
        self.pages.append(Page(self.portrait.width, self.portrait.height, landscape_content=self.g is not self.portrait))
        self.slot = 0
        self.content_bottom = self.g.top
        self.last_bottom = None

    @property
    def in_landscape(self) -> bool:
        return self.g is not self.portrait

    def landscape(self, on: bool) -> None:
        """Start a landscape page (its content turned), or go back to portrait: then the page is closed and
        whatever comes next starts a new portrait page; nothing at all creates no empty page."""
        if on:
            self.g = self._landscape
            self.new_page()
        else:
            self.g = self.portrait
            self.slot = self.g.lines
            self.content_bottom = self.last_bottom = self.g.bottom

    def mark_bottom(self, y: float) -> None:
        self.content_bottom = max(self.content_bottom, y)
        self.last_bottom = y

    def bookmark(self, title: str, level: int, where: tuple[int, float]) -> None:
        """An outline entry; a level never deeper than one below the entry before it (a document that opens
        with a （一） heading still has a well-formed outline)."""
        previous = self.bookmarks[-1].level if self.bookmarks else -1
        self.bookmarks.append(Bookmark(title, min(level, previous + 1), where[0], where[1]))

    @property
    def slots_left(self) -> int:
        return self.g.lines - self.slot

    def skip_to(self, y: float) -> None:
        """Move the cursor to the first slot at or below `y` (after a title, a table ...)."""
        self.slot = max(self.slot, self.g.slot_at_or_below(y))

    def gap_top(self, lines: int) -> float | None:
        """Em top of a body line `lines` empty lines below what was placed last ("空N行", reading A: N empty
        lines in between, as Word users type them); None at the head of a page, where gaps are dropped."""
        if self.last_bottom is None:
            return None
        return self.last_bottom + (self.g.pitch - self.g.body_size) + lines * self.g.pitch

    # -- text ------------------------------------------------------------------------------------------
    def tokens(self, pieces: list[Piece], where: str = "") -> list[Token]:
        self.shaper.where = where
        return self.shaper.tokens(pieces)

    def lines(self, pieces: list[Piece], *, first_indent: float = 0.0, rest_indent: float = 0.0,
              right_indent: float = 0.0, justify: bool = True, where: str = "") -> list[Line]:
        return break_lines(self.tokens(pieces, where), self.g.measure - right_indent, first_indent, rest_indent,
                           justify, squeeze=self.profile.pdf.punctuation == "squeeze")

    def draw_line(self, line: Line, x: float, baseline: float, color: Color | None = None,
                  h_scale: float = 100.0) -> None:
        """Append `line` as glyph runs. A squeezed opening mark is drawn left of its pen position: it starts
        a run there, and its advance in the run grows by the same amount so what follows stays in place."""
        color = self.ink if color is None else color
        pen = x
        run: list = []
        advances: list[float] = []
        start = x

        def flush():
            if run:
                self.page.runs.append(GlyphRun(
                    start, baseline, "".join(g.char for g in run), run[0].face, run[0].size, tuple(advances),
                    tuple(g.natural * h_scale / 100 for g in run), color, h_scale, self.element))

        for glyph in line.glyphs:
            if not run or glyph.face != run[0].face or glyph.size != run[0].size or glyph.offset:
                flush()
                run, advances = [], []
                start = pen - glyph.offset
            run.append(glyph)
            advances.append(glyph.advance + glyph.offset)
            pen += glyph.advance
        flush()

    def place_line(self, line: Line, *, x: float | None = None) -> float:
        """Put a line on the current slot; returns its em-box top."""
        if self.slot >= self.g.lines:
            self.new_page()
        top = self.g.slot_top(self.slot)
        self.draw_line(line, self.g.left + line.x if x is None else x, self.g.baseline(self.slot))
        self.slot += 1
        self.mark_bottom(top + self.g.body_size)
        return top

    def place_lines(self, lines: list[Line], *, keep_after: int = 0, tail: int = 1,
                    widow_orphan: bool | None = None) -> tuple[int, float]:
        """Place a paragraph's lines, breaking across pages as needed.

        `keep_after`: slots that must stay free on the page of the last line (a heading keeps its next
        lines; the text before a signature keeps the signature). When the lines fit but what they keep does
        not, only the last `tail` lines go over with it: the page before ends as late as it can. Widow/orphan
        control, when on, never leaves one line of a multi-line paragraph alone at a page's foot or head.
        """
        control = self.profile.pdf.widow_orphan if widow_orphan is None else widow_orphan
        rest = list(lines)
        first: tuple[int, float] | None = None
        while rest:
            room = self.slots_left
            if room <= 0:
                self.new_page()
                continue
            take = len(rest)
            if take + keep_after > room:
                # What follows does not fit here: the last `tail` lines go over with it (when the lines do not
                # all fit either, at least as many as the tail).
                take = max(0, min(room, len(rest) - tail)) if keep_after else min(take, room)
                if control and len(lines) > 1:
                    if take == 1 and len(rest) == len(lines):
                        take = 0  # orphan: the first line alone at the foot
                    elif len(rest) - take == 1 and take > 1:
                        take -= 1  # widow: the last line alone at the head
                if take == 0 and self.slot == 0:
                    take = min(len(rest), room)  # a page of its own cannot help: set what fits
            for line in rest[:take]:
                top = self.place_line(line)
                if first is None:
                    first = (len(self.pages) - 1, top)
            rest = rest[take:]
            if rest:
                self.new_page()
        return first or (len(self.pages) - 1, self.g.slot_top(self.slot))

    def rule(self, x0: float, x1: float, y: float, thickness: float, color: Color | None = None) -> None:
        self.page.rules.append(Rule(x0, x1, y, thickness, self.ink if color is None else color, self.element))
