"""What a PDF's glyphs and rules are: body lines, page numbers, the text block, the 版头 of each format,
the title, the 主送, the 版记. Every rule reads this one classification (check/pdf/rules_*.py).

Robust to PDFs made by other tools: body lines are recognised by size and by how they fill the block, the
elements by what they look like (red text on page 1 is the 发文机关标志, a lone `— N —` under everything
else is a page number, rules at the foot of the last page around 抄送/印发 are the 版记). Whatever is
absent is left empty, never guessed; the rules then report 不适用.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Iterable
from dataclasses import dataclass

from ...cjk import is_wide
from ...style import Profile, mm_to_pt, pt_to_mm
from ..colour import is_red
from ..pdfread import MM, HRule, PdfFacts, PdfPage, TextLine

FORMATS = ("file", "letter", "order", "minutes")
FORMAT_NAMES = {"file": "文件格式", "letter": "信函格式", "order": "命令（令）格式", "minutes": "纪要格式"}

DOC_NUMBER = re.compile(r"\d+\s*号")
ORDER_NUMBER = re.compile(r"^第\s*\d+\s*号$")
_DASHES = "-—–－‒―~"
_COLOPHON = re.compile(r"^(抄送|主送)\s*[：:]|日\s*印发$")
_RECIPIENTS_END = ("：", ":")


@dataclass
class Block:
    """The text block (版心) as measured; the profile's where it cannot be measured."""

    left: float
    right: float
    top: float
    bottom: float
    measured_left: bool
    measured_right: bool
    measured_vertical: bool
    reading: str  # "glyph": glyph edges on the block edges; "box": line boxes fill it; "" unknown
    pitch: float  # mm between body baselines
    cell: float  # mm per body character

    @property
    def width(self) -> float:
        return self.right - self.left

    @property
    def centre(self) -> float:
        return (self.left + self.right) / 2


def cluster(values: Iterable[float], tol: float) -> list[list[float]]:
    groups: list[list[float]] = []
    for v in sorted(values):
        if groups and v - groups[-1][-1] <= tol:
            groups[-1].append(v)
        else:
            groups.append([v])
    return groups


def mostly_red(line: TextLine) -> bool:
    return sum(is_red(g.color) for g in line.glyphs) > len(line.glyphs) / 2


def covers(rule: HRule, line: TextLine) -> bool:
    middle = (line.x0 + line.x1) / 2
    return rule.x0 - 0.5 <= middle <= rule.x1 + 0.5


class Measure:
    """The classified PDF. `fmt` is the 公文 format when the user names it, else it is detected."""

    def __init__(self, facts: PdfFacts, profile: Profile, fmt: str | None = None):
        self.facts = facts
        self.pages = facts.pages
        self.profile = profile
        m = profile.page.margins
        self.expected_bottom = profile.page.height - m.bottom
        self.expected_width = profile.page.width - m.left - m.right
        self.turned_back: set[int] = set()  # landscape pages whose number is turned with the text (clause 8)
        self.page_numbers = {i: ln for i, ln in ((p.index, self._page_number(p)) for p in self.pages) if ln}
        numbers = {id(ln) for ln in self.page_numbers.values()}
        # A landscape page is an A4 table page turned (clause 8, as Word and LibreOffice write a landscape
        # section): its text is not measured against the portrait block (like rotated text on a portrait page).
        self.turned = {p.index for p in self.pages if p.width > p.height}
        self.content = {p.index: [] if p.index in self.turned else [ln for ln in p.lines if id(ln) not in numbers]
                        for p in self.pages}
        self.body_size = self._body_size()
        self.body = {p.index: [ln for ln in self.content[p.index] if abs(ln.size - self.body_size) <= 0.3
                               and not mostly_red(ln)] for p in self.pages}
        self.all_body = [ln for p in self.pages for ln in self.body[p.index]]
        self.format_told = fmt is not None
        self.format = fmt or self._detect_format()
        self.pitch = self._pitch()
        self.block = self._measure_block()
        self._masthead()
        self._front()
        self._colophon()

    # ------------------------------------------------------------------------------------ page numbers
    def _page_number(self, page: PdfPage) -> TextLine | None:
        """`— N —` (or `- N -`, `第N页`) or a lone number, standing alone below every other text of the page,
        outside any table box; a lone number must also be below the block (a table's 序号 cell is not).
        On a landscape page first the number turned with the text (clause 8: where the portrait pages have it
        once the sheet is turned back), then one at the landscape page's foot (turned with the page: L28 says so)."""
        if page.turned:
            found = self._number_among(page.turned, page.width, [])
            if found is not None:
                self.turned_back.add(page.index)
                return found
        return self._number_among(page.lines, page.height, page.rules)

    def _number_among(self, lines: list[TextLine], height: float, rules: list[HRule]) -> TextLine | None:
        candidates = [ln for ln in lines if ln.page_number is not None and ln.top > height * 0.8]
        for line in sorted(candidates, key=lambda ln: -ln.top):
            others = [o for o in lines if o is not line]
            if any(o.bottom > line.bottom + 0.5 or abs(o.baseline - line.baseline) < 1.0 for o in others):
                continue  # text below it or beside it: a table cell or a line of text
            if self._boxed(rules, line):
                continue
            dashed = any(c in _DASHES for c in line.text) or line.text.startswith("第")
            if not dashed and line.top < self.expected_bottom - 1.0:
                continue
            return line
        return None

    @staticmethod
    def _boxed(rules: list[HRule], line: TextLine) -> bool:
        """Between two rules close above and below it: inside a table row."""
        above = [r for r in rules if r.y < line.top and line.top - r.y < 15 and covers(r, line)]
        below = [r for r in rules if r.y > line.bottom and r.y - line.bottom < 15 and covers(r, line)]
        return bool(above and below)

    # ------------------------------------------------------------------------------------- body size
    def _body_size(self) -> float:
        """The size of the body text: the size with the most full lines (both ends on the same left and
        right edges, as wide as half the block at least); the profile's size wins when it has full lines,
        so a document that is mostly 4号 tables still has 3号 body text. Else the most common size."""
        by_size: dict[float, list[TextLine]] = {}
        glyphs: dict[float, int] = {}
        boxed = {id(ln) for page in self.pages for ln in self.content[page.index] if self._boxed(page.rules, ln)}
        for page in self.pages:
            colophon = self._colophon_span(page)
            for ln in self.content[page.index]:
                if mostly_red(ln) or (colophon and colophon[0] < ln.top < colophon[1]):
                    continue  # a long 主送 moved into the 版记 has more full 4号 lines than a short 正文
                if id(ln) in boxed and len(boxed) < sum(map(len, self.content.values())):
                    continue  # table cells: a long 4号 table must not make its size the body's
                by_size.setdefault(ln.size, []).append(ln)
                glyphs[ln.size] = glyphs.get(ln.size, 0) + len(ln.glyphs)
        if not glyphs:
            return self.profile.font("body").size
        full = {size: _full_lines(lines, self.expected_width / 2) for size, lines in by_size.items()}
        own = self.profile.font("body").size
        mine = next((s for s in full if abs(s - own) <= 0.3), None)
        if mine is not None and full[mine] >= 3:
            return mine
        best = max(full, key=lambda s: (full[s], glyphs[s]))
        if full[best] >= 3:
            return best
        return max(glyphs, key=lambda s: (glyphs[s], s))

    def _colophon_span(self, page: PdfPage) -> tuple[float, float] | None:
        """From the first to the last black rule as wide as the block, when the last is at the block's foot
        (the 版记's rules, 7.4.1); None on other pages."""
        wide = sorted((r for r in page.rules if r.length >= 0.9 * self.expected_width and not is_red(r.color)),
                      key=lambda r: r.y)
        if len(wide) < 2 or abs(wide[-1].y - self.expected_bottom) > 3:
            return None
        return wide[0].y, wide[-1].y

    # --------------------------------------------------------------------------------------- format
    def _detect_format(self) -> str:
        """信函: red double rules; 纪要 / 令: what the red mark says; else 文件格式."""
        if not self.pages:
            return "file"
        first = self.pages[0]
        if _double_rules(first):
            return "letter"
        mark = "".join(ln.text for ln in first.lines if mostly_red(ln) and ln.top < first.height / 2)
        if mark.endswith("纪要"):
            return "minutes"
        if mark.endswith("令"):
            return "order"
        return "file"

    # ------------------------------------------------------------------------------------- the block
    def _pitch(self) -> float | None:
        diffs = []
        for lines in self.body.values():
            for a, b in zip(lines, lines[1:], strict=False):
                d = b.baseline - a.baseline
                if self.body_size * MM < d < 2.5 * self.body_size * MM:
                    diffs.append(d)
        return statistics.median(diffs) if len(diffs) >= 3 else None

    def cell(self) -> float | None:
        steps = []
        for ln in self.all_body:
            gs = ln.glyphs
            for a, b in zip(gs, gs[1:], strict=False):
                if is_wide(a.text) and is_wide(b.text):
                    steps.append(b.x0 - a.x0)
        return statistics.median(steps) if len(steps) >= 20 else None

    def full_pages(self) -> list[int]:
        """Pages of body text alone (not page 1) whose text runs to the foot of the block."""
        candidates = []
        need = max(3, self.profile.grid.lines_per_page // 2)
        pitch = self.pitch or 10.0
        for page in self.pages[1:]:
            lines = self.body[page.index]
            others = [ln for ln in self.content[page.index] if ln not in lines]
            gaps = [b.baseline - a.baseline for a, b in zip(lines, lines[1:], strict=False)]
            if len(lines) >= need and not others and not page.rules and max(gaps, default=0) <= 1.5 * pitch:
                candidates.append(page.index)
        if not candidates:
            return []
        # Full: down to the lowest line any such page reaches, near the foot of the block as the profile has it.
        lowest = max(self.body[i][-1].bottom for i in candidates)
        if lowest < self.expected_bottom - 1.5 * pitch:
            return []
        # A page one line short (a heading kept with its text moved on) is full only beside a page that has
        # every line of the grid, or when its last line is at the foot anyway.
        whole = any(len(self.body[i]) >= self.profile.grid.lines_per_page for i in candidates)
        if not whole and lowest < self.expected_bottom - pitch / 2:
            return []
        return [i for i in candidates if self.body[i][-1].bottom >= lowest - pitch / 2]

    def _measure_block(self) -> Block:
        p = self.profile
        m = p.page.margins
        body = self.all_body
        need = max(3, len(body) // 20)
        left = right = None
        if body:
            starts = cluster((ln.x0 for ln in body), 0.6)
            groups = [g for g in starts if len(g) >= need]
            if groups:
                left = statistics.median(groups[0])
                # A short document has few lines at the block's edge (主送, a wrapped line) and more indented
                # two characters (first lines, headings, 此复。): the edge is two characters left of them.
                indent = 2 * p.page.block_width / p.grid.chars_per_line
                edge = [g for g in starts if abs(statistics.median(g) - (left - indent)) <= 0.6]
                if edge:
                    left = statistics.median(edge[0])
            # The right edge from lines at least half the block wide: a list of short names ends anywhere.
            groups = cluster((ln.x1 for ln in body if ln.x1 - ln.x0 >= self.expected_width / 2), 0.6)
            best = max(groups, key=len) if groups else []
            if len(best) >= need:
                right = statistics.median(best)
        pitch = self.pitch
        top = bottom = None
        reading = ""
        full = self.full_pages()
        if full and pitch:
            firsts = [self.body[i][0] for i in full]
            lasts = [self.body[i][-1] for i in full]
            glyph = (statistics.median(ln.top for ln in firsts), statistics.median(ln.bottom for ln in lasts))
            box = (statistics.median(ln.centre_y for ln in firsts) - pitch / 2,
                   statistics.median(ln.centre_y for ln in lasts) + pitch / 2)
            height = p.page.block_height
            if abs((glyph[1] - glyph[0]) - height) <= abs((box[1] - box[0]) - height):
                (top, bottom), reading = glyph, "glyph"
            else:
                (top, bottom), reading = box, "box"
        body_pt = p.font("body").size
        fallback_pitch = (pt_to_mm(mm_to_pt(p.page.block_height) - body_pt) / (p.grid.lines_per_page - 1)
                          if p.pdf.line_placement == "fill" else p.page.block_height / p.grid.lines_per_page)
        return Block(
            left=left if left is not None else m.left, right=right if right is not None else p.page.width - m.right,
            top=top if top is not None else m.top, bottom=bottom if bottom is not None else self.expected_bottom,
            measured_left=left is not None, measured_right=right is not None, measured_vertical=top is not None,
            reading=reading, pitch=pitch or fallback_pitch,
            cell=self.cell() or p.page.block_width / p.grid.chars_per_line)

    def gap_expected(self, lines: float) -> float:
        """Reading A of "空N行" (note N1): N empty body lines between, i.e. one line's leading plus N pitches."""
        b = self.block
        return (b.pitch - pt_to_mm(self.body_size)) + lines * b.pitch

    # ---------------------------------------------------------------------------------------- 版头
    def _masthead(self) -> None:
        """On page 1: the red mark; under it the red separator (信函: the upper double rule), the 发文字号,
        the 令号 (命令); the lower double rule of a 信函."""
        self.mark: list[TextLine] = []
        self.separator: HRule | None = None
        self.upper_double: list[HRule] = []
        self.lower_double: list[HRule] = []
        self.doc_number: TextLine | None = None
        self.order_number: TextLine | None = None
        self.head_elements: list[TextLine] = []  # 信函: 份号/密级/紧急程度 under the upper double rule
        if not self.pages:
            return
        first = self.pages[0]
        red_lines = [ln for ln in first.lines if mostly_red(ln)]
        doubles = _double_rules(first)
        if self.format == "letter" and doubles:
            self.upper_double = doubles[0]
            self.lower_double = doubles[-1] if len(doubles) > 1 and doubles[-1][0].y > first.height / 2 else []
            self.separator = self.upper_double[-1]
            self.mark = [ln for ln in red_lines if ln.bottom <= self.upper_double[0].y]
            below = [ln for ln in first.lines if ln.top > self.separator.y and not mostly_red(ln)][:6]
            numbers = [ln for ln in below if DOC_NUMBER.search(ln.text) and ln.x1 > self.block.centre]
            self.doc_number = numbers[0] if numbers else None
            # 份号, 密级, 紧急程度: short lines at the left, one under the other, up to the title (10.1)
            for ln in below:
                if ln is self.doc_number:
                    continue
                if ln.size > self.body_size + 2 or ln.x0 >= self.block.centre - 20 or len(ln.text) > 12:
                    break
                self.head_elements.append(ln)
            return
        red_rules = [r for r in first.rules if is_red(r.color) and r.length >= 50]
        if red_lines:
            mark_top = min(ln.top for ln in red_lines)
            below_mark = [r for r in red_rules if r.y > mark_top]
            self.separator = below_mark[0] if below_mark else None
        elif red_rules:
            self.separator = red_rules[0]
        limit = self.separator.y if self.separator else first.height / 2
        self.mark = [ln for ln in red_lines if ln.bottom < limit]
        top = max((ln.bottom for ln in self.mark), default=0.0)
        if self.format == "order" and self.mark:
            after = [ln for ln in first.lines if ln.top > top and not mostly_red(ln)]
            self.order_number = after[0] if after and ORDER_NUMBER.match(after[0].text) else None
        if self.separator is not None:
            candidates = [ln for ln in first.lines if top <= ln.top and ln.bottom <= self.separator.y
                          and ln not in self.mark and DOC_NUMBER.search(ln.text)]
            self.doc_number = candidates[-1] if candidates else None

    # ------------------------------------------------------------------------- title, 主送, 正文 on page 1
    def _front(self) -> None:
        """The title (the first lines larger than the body after the 版头), the 主送 (flush-left lines up to
        the one ending in ：) and the 正文 lines of page 1."""
        self.title: list[TextLine] = []
        self.recipients: list[TextLine] = []
        self.first_text: list[TextLine] = []
        if not self.pages:
            return
        start = 0.0
        for anchor in (self.separator, self.doc_number if self.format == "letter" else None, self.order_number):
            if anchor is not None:
                start = max(start, anchor.y if isinstance(anchor, HRule) else anchor.bottom)
        if self.format == "letter" and self.head_elements:
            start = max(start, max(ln.bottom for ln in self.head_elements))
        after = [ln for ln in self.content[0] if ln.top > start and ln not in self.mark]
        for ln in after:
            if ln.size > self.body_size + 2 and not is_red(ln.glyphs[0].color):
                if self.title and ln.top - self.title[-1].bottom > 3 * ln.size * MM:
                    break
                self.title.append(ln)
            elif self.title or ln.size <= self.body_size + 2:
                break
        below = self.title[-1].bottom if self.title else start
        lines = [ln for ln in self.body[0] if ln.top > below]
        flush = []
        for ln in lines:  # the 主送: flush left, up to the line that ends with the colon
            if abs(ln.x0 - self.block.left) > 0.5 * self.block.cell:
                break
            flush.append(ln)
            if ln.text.endswith(_RECIPIENTS_END):
                self.recipients = flush
                break
        else:  # page 1 ends inside a 主送 that goes on to page 2
            nxt = self.body[1][:12] if len(self.pages) > 1 else []
            if flush and any(ln.text.endswith(_RECIPIENTS_END) for ln in nxt):
                self.recipients = flush
        self.first_text = [ln for ln in lines if ln not in self.recipients and not _COLOPHON.search(ln.text)]

    # ----------------------------------------------------------------------------------------- 版记
    def _colophon(self) -> None:
        """On the last page that has them: the 抄送/主送/印发 lines at the foot and the wide rules from the
        one just above the first of them to the one just below the last."""
        self.colophon_rules: list[HRule] = []
        self.colophon_lines: list[TextLine] = []
        self.colophon_page: int | None = None
        for page in reversed(self.pages):
            lines = [ln for ln in self.content[page.index] if _COLOPHON.search(ln.text)]
            if not lines:
                continue
            top = min(ln.top for ln in lines)
            bottom = max(ln.bottom for ln in lines)
            span = 1.6 * self.block.pitch
            wide = _merge([r for r in page.rules if r.length >= 0.8 * self.block.width and r is not self.separator
                           and top - span < r.y < bottom + span])
            above = [r for r in wide if r.y <= top]
            below = [r for r in wide if r.y >= bottom]
            inside = [r for r in wide if top < r.y < bottom]
            rules = ([above[-1]] if above else []) + inside + ([below[0]] if below else [])
            self.colophon_page = page.index
            self.colophon_rules = rules
            first_rule = rules[0].y if rules else top - 0.5
            last_rule = rules[-1].y if rules else bottom + 0.5
            self.colophon_lines = [ln for ln in self.content[page.index]
                                   if first_rule < ln.centre_y < last_rule or ln in lines]
            return


def _full_lines(lines: list[TextLine], min_width: float) -> int:
    """How many lines start on the most common left edge and end on the most common right edge."""
    if len(lines) < 3:
        return 0
    lefts = max(cluster((ln.x0 for ln in lines), 0.6), key=len)
    rights = max(cluster((ln.x1 for ln in lines), 0.6), key=len)
    lo, hi = statistics.median(lefts), statistics.median(rights)
    if hi - lo < min_width:
        return 0
    return sum(1 for ln in lines if abs(ln.x0 - lo) <= 0.6 and abs(ln.x1 - hi) <= 0.6)


def _merge(rules: list[HRule]) -> list[HRule]:
    """One rule drawn twice (two table cells, two paragraph borders) counts once, as thick as it shows."""
    out: list[HRule] = []
    for rule in sorted(rules, key=lambda r: r.y):
        if out and abs(rule.y - out[-1].y) < 0.3 and rule.x0 < out[-1].x1 and out[-1].x0 < rule.x1:
            last = out[-1]
            out[-1] = HRule(min(last.x0, rule.x0), max(last.x1, rule.x1), last.y, max(last.thickness, rule.thickness),
                            last.color if last.thickness >= rule.thickness else rule.color, last.page)
        else:
            out.append(rule)
    return out


def _double_rules(page: PdfPage) -> list[list[HRule]]:
    """Red double rules (信函): two red rules at least 50 mm long, less than 3 mm apart, one over the other."""
    red = sorted((r for r in page.rules if is_red(r.color) and r.length >= 50), key=lambda r: r.y)
    pairs: list[list[HRule]] = []
    used: set[int] = set()
    for i, a in enumerate(red):
        if i in used:
            continue
        for j in range(i + 1, len(red)):
            b = red[j]
            if b.y - a.y < 3 and abs(a.x0 - b.x0) < 2 and abs(a.x1 - b.x1) < 2:
                pairs.append([a, b])
                used.update((i, j))
                break
    return pairs
