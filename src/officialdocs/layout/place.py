"""Setting the anatomy's elements on the grid, in order: paragraphs broken into lines and placed with their
gaps, slots and keep intentions; the rest (mark, rules, tables, seal) handed to their own modules."""

from __future__ import annotations

from ..anatomy.model import EdgeLine, Element, Mark, PageBreak, PageRule, Para, Rule, Seal, Signers, Table
from .flow import Frame
from .masthead import place_edge_line, place_mark, place_page_rule, place_rule, place_signers
from .model import Image
from .tables import layout_table, table_head_slots
from .text import Line, Piece, single_line


def para_lines(f: Frame, p: Para) -> list[Line]:
    """The lines of a paragraph, broken (or as the anatomy chose them) and aligned within the block."""
    cell = f.g.cell
    pieces = [Piece(r.text, r.role) for r in p.runs]
    if p.lines is not None:
        role = p.runs[0].role if p.runs else "body"
        lines = [single_line(f.tokens([Piece(text, role)], where=p.where)) for text in p.lines]
    else:
        lines = f.lines(pieces, first_indent=p.first * cell, rest_indent=p.left * cell, right_indent=p.right * cell,
                        justify=p.align == "justify", where=p.where)
    measure = f.g.measure - p.right * cell
    for i, line in enumerate(lines):
        indent = (p.first if i == 0 else p.left) * cell
        if p.align == "right":
            line.x = measure - line.width
        elif p.align == "center":
            line.x = indent + (measure - indent - line.width) / 2 if p.lines is None else (f.g.measure - line.width) / 2
        else:
            line.x = indent
    return lines


class Placer:
    """Places a zone's elements one after another; `keep_with_next` chains are honoured across elements."""

    def __init__(self, f: Frame, elements: list[Element], free: bool = False, zone: str = ""):
        self.f = f
        self.zone = zone  # "attachment." inside an attachment: its runs are the attachment's
        self.elements = elements
        self.free = free  # the 版头: lines where their gaps put them, not on the body grid
        self.lines: dict[int, list[Line]] = {}
        self.seal: Seal | None = None

    def count(self, i: int) -> int:
        e = self.elements[i]
        if isinstance(e, Para):
            return len(self._lines(i)) + (0 if e.gap_closes else e.gap_before)
        return 0

    def _lines(self, i: int) -> list[Line]:
        if i not in self.lines:
            self.lines[i] = para_lines(self.f, self.elements[i])  # type: ignore[arg-type]
        return self.lines[i]

    def keep_after(self, i: int) -> int:
        """Body lines that must follow element i on its page: the lines its keep_with_next chain asks for, and
        the room the chain's last element reserves below itself (the seal's lower half)."""
        own = self.elements[i]
        want = own.keep_with_next if isinstance(own, Para) else 0
        reserve = own.reserve_after if isinstance(own, Para) else 0
        total, j = 0, i + 1
        while want > 0 and j < len(self.elements):
            e = self.elements[j]
            if isinstance(e, Seal):  # drawn with the line after it: no line of its own
                j += 1
                continue
            if isinstance(e, Table):  # a caption keeps the table's header and first row
                return total + table_head_slots(self.f, e)
            if not isinstance(e, Para):
                break
            n = self.count(j)
            if n >= want:
                return total + want + (e.reserve_after if n == want else 0)
            total += n
            want = max(want - n, e.keep_with_next)
            reserve = e.reserve_after
            j += 1
        return total + reserve

    def run(self) -> None:
        for i, e in enumerate(self.elements):
            self.f.element = self.zone + _element_name(e)
            if isinstance(e, Para):
                self.para(i, e)
            elif isinstance(e, Mark):
                place_mark(self.f, e)
            elif isinstance(e, Signers):
                place_signers(self.f, e)
            elif isinstance(e, Rule):
                place_rule(self.f, e)
            elif isinstance(e, PageRule):
                place_page_rule(self.f, e)
            elif isinstance(e, EdgeLine):
                place_edge_line(self.f, e)
            elif isinstance(e, Table):
                layout_table(self.f, e)
            elif isinstance(e, Seal):
                self.seal = e  # drawn over the next line placed: the first 署名
            elif isinstance(e, PageBreak):
                self.f.new_page()

    def para(self, i: int, p: Para) -> None:
        f = self.f
        lines = self._lines(i)
        if p.pitch_pt is not None:
            self._own_pitch(p, lines)
            return
        if self.free and p.slot is None:
            self._free(p, lines)
            return
        if p.slot is not None:
            f.skip_to(f.g.slot_top(p.slot))
        else:
            gap = p.gap_before
            keep = self.keep_after(i)
            if p.gap_closes:  # 7.3.5.5: close the gap up before anything moves to a new page
                while gap > 0 and f.slots_left < gap + len(lines) + keep:
                    gap -= 1
            top = f.gap_top(gap)
            if top is not None:
                f.skip_to(top)
        keep = self.keep_after(i)
        if p.keep_together and f.slot and f.slots_left < len(lines) + keep:
            f.new_page()
        where = f.place_lines(lines, keep_after=keep, tail=p.tail,
                              widow_orphan=None if p.kind == "text" else False)
        if self.seal is not None:
            self._seal(where[1])
        if p.outline is not None:
            title = p.runs[0].text.rstrip("。") if p.runs and p.runs[0].heading else p.text
            f.bookmark(title, p.outline, where)

    def _own_pitch(self, p: Para, lines: list[Line]) -> None:
        """Title lines on their own pitch, centred on the body line box of their slot or the gap's line."""
        f, g = self.f, self.f.g
        size = max((gl.size for line in lines for gl in line.glyphs), default=g.body_size)
        if p.slot is not None:
            top = g.slot_top(p.slot) - (size - g.body_size) / 2
        else:
            gap_top = f.gap_top(p.gap_before)
            top = g.top if gap_top is None else gap_top
        role = p.runs[0].role if p.runs else "title"
        ascent = 1.0 - abs(f.book.primary(role).descent)
        pitch = p.pitch_pt
        assert pitch is not None  # only paragraphs with a pitch of their own are placed here
        for k, line in enumerate(lines):
            f.draw_line(line, g.left + line.x, top + k * pitch + ascent * size)
        f.mark_bottom(top + (len(lines) - 1) * pitch + size)
        if p.outline is not None:
            f.bookmark(p.text, p.outline, (len(f.pages) - 1, top))

    def _free(self, p: Para, lines: list[Line]) -> None:
        """A 版头 line `gap_before` lines below what is above it, wherever that ended (7.2.5: 文号 under the mark)."""
        f, g = self.f, self.f.g
        top = f.gap_top(p.gap_before)
        top = g.slot_top(f.slot) if top is None else top
        for k, line in enumerate(lines):
            f.draw_line(line, g.left + line.x, top + k * g.pitch + g.ascent * g.body_size)
        f.mark_bottom(top + (len(lines) - 1) * g.pitch + g.body_size)

    def _seal(self, first_top: float) -> None:
        """The seal centred over the date, the first 署名 line just below its centre; never above the block."""
        f, seal = self.f, self.seal
        assert seal is not None
        from ..style import mm_to_pt

        w, d = (mm_to_pt(v) for v in seal.size_mm)
        centre_x = f.g.right - seal.centre_right * f.g.cell
        top = max(f.g.top, first_top - d / 2 - mm_to_pt(seal.rise_mm))
        f.page.images.append(Image(seal.image, centre_x - w / 2, top, w, d))
        self.seal = None


def _element_name(e: Element) -> str:
    if isinstance(e, Para):
        return e.kind
    if isinstance(e, (Rule, PageRule)):
        return e.kind
    return {Mark: "mark", Signers: "signers", Table: "table"}.get(type(e), "")


def place_elements(f: Frame, elements: list[Element], free: bool = False, zone: str = "") -> None:
    Placer(f, elements, free, zone).run()
