"""GB/T 9704 geometry of a PDF, measured from its glyphs and drawn rules (L-rules of the catalogue).

Robust to PDFs made by other tools: body lines are recognised by size (the most common glyph size) and
position, elements by what they look like (the red text on page 1 is the 发文机关标志, a line "— N —" below
the block is a page number, rules at the foot of the last page with 抄送/印发 between them are the 版记).
Whatever is absent or cannot be measured is reported "不适用", never guessed.

Only the text block's position (L02) is compared with the profile's margins; every other position is
measured relative to the block as found, so one fault (a shifted block, a short red rule) fails one check.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Iterable
from dataclasses import dataclass

from ..cjk import LINE_END_FORBIDDEN, LINE_START_FORBIDDEN, SQUEEZE_INK_LEFT, UNSPLIT_PAIRS, is_wide
from ..style import Profile, mm_to_pt, pt_to_mm
from .pdfread import MM, HRule, PdfFacts, PdfPage, TextLine
from .rules import Catalogue, CheckResult, Results

_LATIN = re.compile(r"[A-Za-z0-9]")
_N1 = "“空N行”有两种读法（空行数或间距），容差覆盖两者之差"
_DOC_NUMBER = re.compile(r"\d+\s*号")
# Font families by name: what a PDF calls 仿宋, 楷体, 黑体, 宋体 and 小标宋 faces.
_FAMILIES = {
    "fang": ("仿宋", "fangsong", "fang", "fs_gb2312", "simfang", "stfangsong"),
    "kai": ("楷体", "楷", "kaiti", "kai", "simkai", "stkaiti", "wenkai"),
    "hei": ("黑体", "simhei", "hei", "sans", "gothic"),
    "xbs": ("小标宋", "xiaobiaosong", "xbs", "biaosong", "bs_gbk"),
    "song": ("宋体", "simsun", "song", "serif", "mincho", "sun"),
}
_FAMILY_NAMES = {"fang": "仿宋", "kai": "楷体", "hei": "黑体", "xbs": "小标宋", "song": "宋体"}


def font_family(name: str) -> str | None:
    """The 公文 family a font name belongs to, or None when the name does not tell."""
    lower = name.lower()
    for family in ("xbs", "fang", "kai", "hei", "song"):  # 小标宋 before 宋, 仿宋 before 宋
        if any(key in lower for key in _FAMILIES[family]):
            return family
    return None


def to_rgb(color: tuple[float, ...]) -> tuple[float, float, float] | None:
    if len(color) == 1:
        return (color[0],) * 3  # type: ignore[return-value]
    if len(color) == 3:
        return color  # type: ignore[return-value]
    if len(color) == 4:
        c, m, y, k = color
        return ((1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k))
    return None


def is_red(color: tuple[float, ...]) -> bool:
    rgb = to_rgb(color)
    return rgb is not None and rgb[0] > 0.7 and rgb[1] < 0.45 and rgb[2] < 0.45


def is_black(color: tuple[float, ...]) -> bool:
    rgb = to_rgb(color)
    return rgb is None or max(rgb) <= 0.25


def color_text(color: tuple[float, ...]) -> str:
    if len(color) == 4:
        return "CMYK(" + ", ".join(f"{v:g}" for v in color) + ")"
    rgb = to_rgb(color)
    return "#" + "".join(f"{round(v * 255):02X}" for v in rgb) if rgb else "（无）"


def mm(value: float) -> str:
    return f"{value:.1f} mm"


@dataclass
class Block:
    """The text block (版心) as measured; falls back to the profile's where it cannot be measured."""

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


def _cluster(values: Iterable[float], tol: float) -> list[list[float]]:
    groups: list[list[float]] = []
    for v in sorted(values):
        if groups and v - groups[-1][-1] <= tol:
            groups[-1].append(v)
        else:
            groups.append([v])
    return groups


class PdfChecks(Results):
    def __init__(self, facts: PdfFacts, profile: Profile, catalogue: Catalogue):
        self.facts = facts
        self.pages = facts.pages
        self.profile = profile
        super().__init__(catalogue)
        self._classify()

    # ------------------------------------------------------------------------------------------ results

    def na(self, rule_id: str, name: str, why: str, expected: str = "") -> None:
        self.add(rule_id, name, "—", expected, "", None, message=why)

    def tol(self, rule_id: str, name: str, default: float) -> float:
        return self.cat.rule(rule_id).tol(name, default)

    # ------------------------------------------------------------------------------------ classification
    def _classify(self) -> None:
        p = self.profile
        self.expected_bottom = p.page.height - p.page.margins.bottom
        sizes: dict[float, int] = {}
        self.page_numbers: dict[int, TextLine] = {}
        for page in self.pages:
            for line in page.lines:
                if line.page_number is not None and line.top > page.height * 0.8 and page.index not in self.page_numbers:
                    self.page_numbers[page.index] = line
                    continue
                sizes[line.size] = sizes.get(line.size, 0) + len(line.glyphs)
        self.body_size = max(sizes, key=lambda s: (sizes[s], s)) if sizes else p.font("body").size
        numbers = {id(ln) for ln in self.page_numbers.values()}
        self.body: dict[int, list[TextLine]] = {
            page.index: [ln for ln in page.lines if id(ln) not in numbers and abs(ln.size - self.body_size) <= 0.3
                         and not all(is_red(g.color) for g in ln.glyphs)]
            for page in self.pages}
        self.all_body = [ln for page in self.pages for ln in self.body[page.index]]
        self._masthead()
        self.block = self._measure_block()
        self._colophon()

    def _masthead(self) -> None:
        """On page 1: the red mark, the red separator below it, the 发文字号 above the separator, the title."""
        self.mark: list[TextLine] = []
        self.separator: HRule | None = None
        self.doc_number: TextLine | None = None
        self.title: list[TextLine] = []
        if not self.pages:
            return
        first = self.pages[0]
        red_lines = [ln for ln in first.lines if sum(is_red(g.color) for g in ln.glyphs) > len(ln.glyphs) / 2]
        red_rules = [r for r in first.rules if is_red(r.color) and r.length >= 50]
        if red_lines:
            mark_top = min(ln.top for ln in red_lines)
            below = [r for r in red_rules if r.y > mark_top]
            self.separator = below[0] if below else None
        elif red_rules:
            self.separator = red_rules[0]
        limit = self.separator.y if self.separator else first.height / 2
        self.mark = [ln for ln in red_lines if ln.bottom < limit]
        if self.separator is not None:
            top = max((ln.bottom for ln in self.mark), default=0.0)
            candidates = [ln for ln in first.lines if top <= ln.top and ln.bottom <= self.separator.y
                          and ln not in self.mark and _DOC_NUMBER.search(ln.text)]
            self.doc_number = candidates[-1] if candidates else None
            after = [ln for ln in first.lines if ln.top > self.separator.y]
        else:
            after = list(first.lines)
        for ln in after:  # the title: the first lines below the masthead larger than the body text
            if ln.size > self.body_size + 2 and not is_red(ln.glyphs[0].color):
                if self.title and ln.top - self.title[-1].bottom > 3 * ln.size * MM:
                    break
                self.title.append(ln)
            elif self.title:
                break

    def _measure_block(self) -> Block:
        p = self.profile
        m = p.page.margins
        exp_left, exp_right = m.left, p.page.width - m.right
        exp_top, exp_bottom = m.top, p.page.height - m.bottom
        body = self.all_body
        need = max(3, len(body) // 20)
        left = right = None
        if body:
            groups = [g for g in _cluster((ln.x0 for ln in body), 0.6) if len(g) >= need]
            if groups:
                left = statistics.median(groups[0])
            groups = _cluster((ln.x1 for ln in body), 0.6)
            best = max(groups, key=len) if groups else []
            if len(best) >= need:
                right = statistics.median(best)
        pitch = self._pitch()
        cell = self._cell()
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
            left=left if left is not None else exp_left, right=right if right is not None else exp_right,
            top=top if top is not None else exp_top, bottom=bottom if bottom is not None else exp_bottom,
            measured_left=left is not None, measured_right=right is not None, measured_vertical=top is not None,
            reading=reading, pitch=pitch or fallback_pitch, cell=cell or p.page.block_width / p.grid.chars_per_line)

    def _pitch(self) -> float | None:
        diffs = []
        for lines in self.body.values():
            for a, b in zip(lines, lines[1:], strict=False):
                d = b.baseline - a.baseline
                if self.body_size * MM < d < 2.5 * self.body_size * MM:
                    diffs.append(d)
        return statistics.median(diffs) if len(diffs) >= 3 else None

    def _cell(self) -> float | None:
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
        pitch = self._pitch() or 10.0
        for page in self.pages[1:]:
            lines = self.body[page.index]
            others = [ln for ln in page.lines if ln not in lines and ln is not self.page_numbers.get(page.index)]
            # Line after line with no empty line between (the page of the signature has gaps).
            gaps = [b.baseline - a.baseline for a, b in zip(lines, lines[1:], strict=False)]
            if len(lines) >= need and not others and not page.rules and max(gaps, default=0) <= 1.5 * pitch:
                candidates.append(page.index)
        if not candidates:
            return []
        # Full: the text runs down to the lowest line any such page reaches, and that is near the foot of
        # the block as the profile has it (a page that ends a section half-way is not full).
        lowest = max(self.body[i][-1].bottom for i in candidates)
        if lowest < self.expected_bottom - 1.5 * pitch:
            return []
        # A page one line short (a heading kept with its text moved on) is full only beside a page that has
        # every line of the grid, or when its last line is at the foot anyway.
        whole = any(len(self.body[i]) >= self.profile.grid.lines_per_page for i in candidates)
        if not whole and lowest < self.expected_bottom - pitch / 2:
            return []
        return [i for i in candidates if self.body[i][-1].bottom >= lowest - pitch / 2]

    def _colophon(self) -> None:
        """The 版记: on the last page, the group of full-width rules at the foot with 版记 text between them."""
        self.colophon_rules: list[HRule] = []
        self.colophon_lines: list[TextLine] = []
        self.colophon_page: int | None = None
        for page in reversed(self.pages):
            rules, lines = self._colophon_on(page)
            if rules:
                self.colophon_rules, self.colophon_lines, self.colophon_page = rules, lines, page.index
                return

    def _colophon_on(self, page: PdfPage) -> tuple[list[HRule], list[TextLine]]:
        wide = [r for r in page.rules if r.length >= 0.8 * self.block.width and r is not self.separator]
        if len(wide) < 2:
            return [], []
        group = [wide[-1]]
        for rule in reversed(wide[:-1]):
            between = [ln for ln in page.lines if rule.y < ln.centre_y < group[0].y]
            if not between or group[0].y - rule.y > 4 * self.block.pitch:
                break
            group.insert(0, rule)
        if len(group) < 2:
            return [], []
        lines = [ln for ln in page.lines if group[0].y < ln.centre_y < group[-1].y]
        if not any(ln.text.startswith(("抄送", "主送")) or ln.text.endswith("印发") for ln in lines):
            return [], []
        return group, lines

    # -------------------------------------------------------------------------------------------- checks
    def run(self) -> list[CheckResult]:
        for check in (self.l01_page_size, self.l02_block, self.l03_lines_per_page, self.l04_chars_per_line,
                      self.l05_body_font, self.l06_mark, self.l08_doc_number, self.l10_separator, self.l11_title,
                      self.l14_text_on_page_one, self.l15_indent, self.l23_colophon_rules, self.l24_colophon_last,
                      self.l25_even_last_page, self.l26_cc, self.l27_printed, self.l28_page_numbers,
                      self.l29_page_sequence, self.l30_colours, self.l36_line_breaks, self.l39_embedded,
                      self.l40_missing_glyphs):
            check()
        return self.results

    def l01_page_size(self) -> None:
        p = self.profile.page
        tol = self.tol("L01", "size", 0.5)
        bad = [pg for pg in self.pages if abs(pg.width - p.width) > tol or abs(pg.height - p.height) > tol]
        shown = bad[0] if bad else (self.pages[0] if self.pages else None)
        if shown is None:
            self.na("L01", "纸张", "PDF 没有页面")
            return
        self.add("L01", "纸张", f"{shown.width:.1f} × {shown.height:.1f} mm" + ("" if bad else f"（全部 {len(self.pages)} 页）"),
                 f"{p.width:g} × {p.height:g} mm", f"±{tol:g} mm", not bad,
                 f"第{bad[0].index + 1}页" if bad else "")

    def l02_block(self) -> None:
        p = self.profile.page
        b = self.block
        tol = self.tol("L02", "edge", 1.0)
        m = p.margins
        tolerance = f"±{tol:g} mm"
        for name, value, expected, measured in (
                ("版心左边缘", b.left, m.left, b.measured_left),
                ("版心右边缘", b.right, p.width - m.right, b.measured_right)):
            if measured:
                self.add("L02", name, mm(value), mm(expected), tolerance, abs(value - expected) <= tol,
                         message="由正文行的起止位置测得")
            else:
                self.na("L02", name, "正文行太少，无法测定", mm(expected))
        how = {"glyph": "首末行字面边缘（应用指南读法）", "box": "首末行行框（每行占版心高度的 1/行数）"}.get(b.reading, "")
        for name, value, expected in (("版心上边缘", b.top, m.top), ("版心下边缘", b.bottom, p.height - m.bottom)):
            if b.measured_vertical:
                self.add("L02", name, mm(value), mm(expected), tolerance, abs(value - expected) <= tol, message=how)
            else:
                self.na("L02", name, "没有排满的正文页，无法测定", mm(expected))
        # Nothing but the page number may leave the block (hanging punctuation, a wide table, a stray line).
        outside = []
        numbers = {id(ln) for ln in self.page_numbers.values()}
        for page in self.pages:
            for ln in page.lines:
                if id(ln) in numbers:
                    continue
                if (ln.x0 < b.left - tol or _ink_right(ln) > b.right + tol or ln.top < b.top - tol
                        or (ln.bottom > b.bottom + tol and b.measured_vertical)):
                    outside.append(ln)
        first = outside[0] if outside else None
        self.add("L02", "文字在版心内", f"{len(outside)} 行超出" if outside else "无超出",
                 "无超出", tolerance, not outside,
                 f"第{first.page + 1}页 “{first.text[:12]}”（x {first.x0:.1f}–{first.x1:.1f}，y {first.top:.1f}–{first.bottom:.1f} mm）"
                 if first else "")

    def l03_lines_per_page(self) -> None:
        expected = self.profile.grid.lines_per_page
        full = self.full_pages()
        if not full:
            self.na("L03", "满页行数", "没有排满的正文页", f"{expected} 行")
            return
        counts = {i: len(self.body[i]) for i in full}
        bad = [i for i, n in counts.items() if n != expected]
        shown = counts[bad[0]] if bad else expected
        pages = "、".join(str(i + 1) for i in full)
        self.add("L03", "满页行数", f"{shown} 行（满页：第{pages}页）", f"{expected} 行", "0", not bad,
                 f"第{bad[0] + 1}页" if bad else "")

    def l04_chars_per_line(self) -> None:
        """Characters per line = block width / character pitch. The pitch is the median advance between two
        Han characters in body lines: justification and punctuation squeezing change a few gaps, not the
        median, so the grid shows through even when few lines are full."""
        expected = self.profile.grid.chars_per_line
        b = self.block
        cell = self._cell()
        if cell is None or not b.measured_left or not b.measured_right:
            self.na("L04", "每行字数", "正文太少，无法测定字距和版心宽度", f"{expected} 字")
            return
        per_line = b.width / cell
        full = [len(ln.text) for ln in self.all_body if abs(ln.x0 - b.left) <= 0.5 and abs(ln.x1 - b.right) <= 1.0
                and not _LATIN.search(ln.text)]
        detail = f"；满行 {len(full)} 行，{min(full)}–{max(full)} 字" if full else ""
        self.add("L04", "每行字数", f"{per_line:.1f} 字（字距 {cell:.2f} mm{detail}）", f"{expected} 字",
                 "±0.5 字", abs(per_line - expected) < 0.5,
                 message="满行字数可因行末标点挤进或推出差 1 字")

    def l05_body_font(self) -> None:
        role = self.profile.font("body")
        tol = self.tol("L05", "size_pt", 0.3)
        if not self.all_body:  # a scan or an empty file: nothing on it can be shown to conform
            self.add("L05", "正文字号", "没有文字", f"{role.size:g} pt", "", False,
                     message="PDF 中没有可测量的文字（扫描件或空白页？）")
            return
        self.add("L05", "正文字号", f"{self.body_size:g} pt", f"{role.size:g} pt", f"±{tol:g} pt",
                 abs(self.body_size - role.size) <= tol, message="全文最常见的字号")
        want = font_family(role.docx)
        fonts: dict[str, int] = {}
        for ln in self.all_body:
            for g in ln.glyphs:
                fonts[g.font] = fonts.get(g.font, 0) + 1
        main = max(fonts, key=lambda f: fonts[f])
        have = font_family(main)
        if want is None or have is None:
            self.add("L05", "正文字体", main, role.docx, "", None, message="字体名称无法判断字体类别")
            return
        self.add("L05", "正文字体", f"{main}（{_FAMILY_NAMES[have]}）", f"{role.docx}（{_FAMILY_NAMES[want]}）", "",
                 have == want)

    def l06_mark(self) -> None:
        ms = self.profile.masthead
        b = self.block
        expected_top = b.top + ms.mark_top
        if not self.mark:
            self.na("L06", "标志位置", "首页没有红色的发文机关标志（如无版头或为其他格式）", mm(expected_top))
            return
        top = min(ln.top for ln in self.mark)
        left, right = min(ln.x0 for ln in self.mark), max(ln.x1 for ln in self.mark)
        tol = self.tol("L06", "top", 1.0)
        self.add("L06", "标志上边缘", mm(top), f"{mm(expected_top)}（版心上边缘下 {ms.mark_top:g} mm）", f"±{tol:g} mm",
                 abs(top - expected_top) <= tol, "第1页")
        tol = self.tol("L06", "centre", 1.0)
        centre = (left + right) / 2
        self.add("L06", "标志居中", f"中心 {mm(centre)}", f"{mm(b.centre)}（版心中线）", f"±{tol:g} mm",
                 abs(centre - b.centre) <= tol, "第1页")
        self.add("L06", "标志宽度", mm(right - left), f"≤ {mm(b.width)}", "0.5 mm", right - left <= b.width + 0.5, "第1页")
        colors = [g.color for ln in self.mark for g in ln.glyphs]
        worst = max(colors, key=self._red_distance)
        tol = self.tol("L06", "color", 0.15)
        red = self.profile.colors.red
        self.add("L06", "标志颜色", color_text(worst), f"红色 #{red.rgb} / CMYK{tuple(red.cmyk)}", f"每通道 ±{tol:g}",
                 self._red_distance(worst) <= tol, "第1页")

    def _red_distance(self, color: tuple[float, ...]) -> float:
        red = self.profile.colors.red
        if len(color) == 4:
            return max(abs(a - b) for a, b in zip(color, red.cmyk, strict=True))
        rgb = to_rgb(color)
        if rgb is None:
            return 1.0
        want = tuple(int(red.rgb[i:i + 2], 16) / 255 for i in (0, 2, 4))
        return max(abs(a - b) for a, b in zip(rgb, want, strict=True))

    def _gap_expected(self, lines: int) -> float:
        """Reading A of "空N行" (note N1): N empty body lines between, i.e. one line's leading plus N pitches."""
        b = self.block
        return (b.pitch - pt_to_mm(self.body_size)) + lines * b.pitch

    def l08_doc_number(self) -> None:
        number = self.doc_number
        if number is None:
            self.na("L08", "发文字号居中", "版头中没有发文字号")
            return
        b = self.block
        same_row = [ln for ln in self.pages[0].lines if abs(ln.baseline - number.baseline) < 0.5 and ln is not number]
        if any("签发人" in ln.text for ln in same_row) or "签发人" in number.text:
            self.na("L08", "发文字号居中", "上行文：发文字号居左空一字，与签发人同行")
        else:
            tol = self.tol("L08", "centre", 1.0)
            centre = (number.x0 + number.x1) / 2
            self.add("L08", "发文字号居中", f"中心 {mm(centre)}", mm(b.centre), f"±{tol:g} mm",
                     abs(centre - b.centre) <= tol, "第1页")
        if self.mark:
            gap = number.top - max(ln.bottom for ln in self.mark)
            n = self.profile.masthead.doc_number_gap_lines
            expected = self._gap_expected(n)
            tol = self.tol("L08", "gap", 5.0)
            self.add("L08", "标志下空行", mm(gap), f"{mm(expected)}（空{n}行）", f"±{tol:g} mm",
                     abs(gap - expected) <= tol, "第1页", _N1)

    def l10_separator(self) -> None:
        rule = self.separator
        b = self.block
        if rule is None:
            if self.mark:
                self.add("L10", "红色分隔线", "未发现", f"版心宽 {mm(b.width)} 的红线", "", False, "第1页")
            else:
                self.na("L10", "红色分隔线", "没有版头")
            return
        tol = self.tol("L10", "span", 0.5)
        self.add("L10", "分隔线长度", mm(rule.length), f"{mm(b.width)}（与版心等宽）", f"±{tol:g} mm",
                 abs(rule.length - b.width) <= tol, "第1页")
        self.add("L10", "分隔线起点", mm(rule.x0), f"{mm(b.left)}（版心左边缘）", f"±{tol:g} mm",
                 abs(rule.x0 - b.left) <= tol, "第1页")
        if self.doc_number is not None:
            gap = rule.y - rule.thickness / 2 - self.doc_number.bottom
            expected = self.profile.masthead.rule_gap
            tol = self.tol("L10", "gap", 0.5)
            self.add("L10", "分隔线与发文字号间距", mm(gap), mm(expected), f"±{tol:g} mm", abs(gap - expected) <= tol, "第1页")
        tol = self.tol("L10", "color", 0.15)
        self.add("L10", "分隔线颜色", color_text(rule.color), f"红色 #{self.profile.colors.red.rgb}", f"每通道 ±{tol:g}",
                 self._red_distance(rule.color) <= tol, "第1页")

    def l11_title(self) -> None:
        role = self.profile.font("title")
        if not self.title:
            self.na("L11", "标题字号", "首页没有大于正文字号的标题", f"{role.size:g} pt")
            return
        size = max(ln.size for ln in self.title)
        tol = self.tol("L11", "size_pt", 0.3)
        self.add("L11", "标题字号", f"{size:g} pt", f"{role.size:g} pt", f"±{tol:g} pt", abs(size - role.size) <= tol, "第1页")
        tol = self.tol("L11", "centre", 1.0)
        worst = max(self.title, key=lambda ln: abs((ln.x0 + ln.x1) / 2 - self.block.centre))
        centre = (worst.x0 + worst.x1) / 2
        self.add("L11", "标题居中", f"中心 {mm(centre)}", mm(self.block.centre), f"±{tol:g} mm",
                 abs(centre - self.block.centre) <= tol, "第1页")
        if self.separator is not None:
            gap = self.title[0].top - self.separator.y
            n = self.profile.masthead.title_gap_lines
            expected = self._gap_expected(n)
            tol = self.tol("L11", "gap", 5.0)
            self.add("L11", "分隔线下空行", mm(gap), f"{mm(expected)}（空{n}行）", f"±{tol:g} mm",
                     abs(gap - expected) <= tol, "第1页", _N1)

    def l14_text_on_page_one(self) -> None:
        if not self.pages:
            return
        below = self.title[-1].bottom if self.title else (self.separator.y if self.separator else 0.0)
        lines = [ln for ln in self.body[0] if ln.top > below]
        self.add("L14", "首页正文", f"{len(lines)} 行", "至少 1 行", "", bool(lines), "第1页")

    def l15_indent(self) -> None:
        b = self.block
        chars = self.profile.body.first_line_indent_chars
        expected = chars * b.cell
        if not b.measured_left:
            self.na("L15", "首行缩进", "无法测定版心左边缘", f"{chars:g} 字")
            return
        offsets = [ln.x0 - b.left for ln in self.all_body if 0.5 * b.cell < ln.x0 - b.left < (chars + 2.5) * b.cell]
        if not offsets:
            self.na("L15", "首行缩进", "没有缩进的段落首行", f"{chars:g} 字")
            return
        main = statistics.median(max(_cluster(offsets, 0.3), key=len))
        tol = self.tol("L15", "indent", 0.5)
        self.add("L15", "首行缩进", f"{mm(main)}（{main / b.cell:.2f} 字）", f"{mm(expected)}（{chars:g} 字，字宽 {b.cell:.2f} mm）",
                 f"±{tol:g} mm", abs(main - expected) <= tol)

    def l23_colophon_rules(self) -> None:
        rules = self.colophon_rules
        if not rules:
            self.na("L23", "版记分隔线", "没有版记")
            return
        st = self.profile.colophon
        b = self.block
        where = f"第{self.colophon_page + 1}页" if self.colophon_page is not None else ""
        tol = self.tol("L23", "thickness", 0.05)
        expected = [st.rule_thick] + [st.rule_thin] * (len(rules) - 2) + [st.rule_thick]
        measured = [r.thickness for r in rules]
        self.add("L23", "粗细和顺序", " / ".join(f"{t:.2f}" for t in measured) + " mm",
                 " / ".join(f"{t:.2f}" for t in expected) + " mm（首末粗、中间细）", f"±{tol:g} mm",
                 all(abs(a - e) <= tol for a, e in zip(measured, expected, strict=True)), where)
        tol = self.tol("L23", "span", 0.5)
        worst = max(rules, key=lambda r: max(abs(r.length - b.width), abs(r.x0 - b.left)))
        self.add("L23", "长度和起点", f"{mm(worst.x0)} 起，长 {mm(worst.length)}", f"{mm(b.left)} 起，长 {mm(b.width)}",
                 f"±{tol:g} mm", abs(worst.length - b.width) <= tol and abs(worst.x0 - b.left) <= tol, where)
        last = rules[-1]
        tol = self.tol("L23", "position", 0.5)
        centre, lower = last.y, last.y + last.thickness / 2
        error = min(abs(centre - b.bottom), abs(lower - b.bottom))
        self.add("L23", "末条位置", f"{mm(lower)}（下沿）", f"{mm(b.bottom)}（版心下边缘）", f"±{tol:g} mm", error <= tol, where)
        bad = [r for r in rules if not is_black(r.color)]
        self.add("L23", "颜色", color_text(bad[0].color) if bad else "黑色", "黑色", "", not bad, where)

    def l24_colophon_last(self) -> None:
        if self.colophon_page is None:
            self.na("L24", "版记位置", "没有版记")
            return
        last = len(self.pages) - 1
        page = self.pages[self.colophon_page]
        first = self.colophon_rules[0]
        after = [ln for ln in page.lines if ln.top > first.y and ln not in self.colophon_lines
                 and ln is not self.page_numbers.get(page.index)]
        ok = self.colophon_page == last and not after
        measured = f"第{self.colophon_page + 1}页（共{len(self.pages)}页）"
        self.add("L24", "版记位置", measured + ("，其下还有正文" if after else ""), "末页，其下无正文", "", ok,
                 f"第{self.colophon_page + 1}页")

    def l25_even_last_page(self) -> None:
        if self.colophon_page is None:
            self.na("L25", "版记页", "没有版记")
            return
        n = self.colophon_page + 1
        self.add("L25", "版记页页序", f"第{n}页", "偶数页（双面印刷时位于末页背面）", "", n % 2 == 0, f"第{n}页")

    def _colophon_em(self) -> float:
        return pt_to_mm(self.profile.font("colophon").size) * self.profile.colophon.indent_chars

    def l26_cc(self) -> None:
        lines = [ln for ln in self.colophon_lines if ln.text.startswith(("抄送", "主送"))]
        role = self.profile.font("colophon")
        if not lines:
            self.na("L26", "抄送机关", "版记中没有抄送或主送")
            return
        b = self.block
        where = f"第{self.colophon_page + 1}页" if self.colophon_page is not None else ""
        tol = self.tol("L26", "size_pt", 0.3)
        size = max(ln.size for ln in lines)
        self.add("L26", "抄送字号", f"{size:g} pt", f"{role.size:g} pt", f"±{tol:g} pt", abs(size - role.size) <= tol, where)
        tol = self.tol("L26", "indent", 1.0)
        expected = b.left + self._colophon_em()
        worst = max(lines, key=lambda ln: abs(ln.x0 - expected))
        self.add("L26", "抄送左空一字", mm(worst.x0), f"{mm(expected)}（版心左边缘右 1 字）", f"±{tol:g} mm",
                 abs(worst.x0 - expected) <= tol, where)

    def l27_printed(self) -> None:
        printed = [ln for ln in self.colophon_lines if ln.text.endswith("印发")]
        role = self.profile.font("colophon")
        if not printed:
            self.na("L27", "印发日期", "版记中没有印发日期")
            return
        ln = printed[-1]
        b = self.block
        one = self._colophon_em()
        where = f"第{self.colophon_page + 1}页" if self.colophon_page is not None else ""
        tol = self.tol("L27", "size_pt", 0.3)
        self.add("L27", "印发字号", f"{ln.size:g} pt", f"{role.size:g} pt", f"±{tol:g} pt", abs(ln.size - role.size) <= tol, where)
        tol = self.tol("L27", "indent", 1.0)
        self.add("L27", "印发日期右空一字", mm(ln.x1), f"{mm(b.right - one)}（版心右边缘左 1 字）", f"±{tol:g} mm",
                 abs(ln.x1 - (b.right - one)) <= tol, where)
        by = [o for o in self.colophon_lines if abs(o.baseline - ln.baseline) < 0.5 and o.x1 < ln.x0]
        if by:
            self.add("L27", "印发机关左空一字", mm(by[0].x0), f"{mm(b.left + one)}（版心左边缘右 1 字）", f"±{tol:g} mm",
                     abs(by[0].x0 - (b.left + one)) <= tol, where)
        rules = self.colophon_rules
        above_last = len(rules) >= 2 and rules[-2].y < ln.centre_y < rules[-1].y
        self.add("L27", "印发行位置", "末条分隔线之上" if above_last else "不在末条分隔线之上", "紧靠末条分隔线之上", "",
                 above_last, where)

    def l28_page_numbers(self) -> None:
        st = self.profile.page_number
        role = self.profile.font("page_number")
        if not self.page_numbers:
            self.na("L28", "页码", "没有找到页码")
            return
        b = self.block
        numbers = sorted(self.page_numbers.items())
        pattern = re.compile(rf"^{re.escape(st.dash)}\s?\d+\s?{re.escape(st.dash)}$")
        bad_text = [(i, ln) for i, ln in numbers if not pattern.match(_spaced(ln))]
        example = _spaced(numbers[0][1])
        self.add("L28", "页码格式", f"“{_spaced(bad_text[0][1]) if bad_text else example}”",
                 f"“{st.dash} N {st.dash}”（一字线 U+{ord(st.dash):04X}）", "", not bad_text,
                 _pages(i for i, _ in bad_text))
        tol = self.tol("L28", "size_pt", 0.3)
        bad_size = [(i, ln) for i, ln in numbers if abs(ln.size - role.size) > tol]
        shown = bad_size[0][1].size if bad_size else numbers[0][1].size
        self.add("L28", "页码字号", f"{shown:g} pt", f"{role.size:g} pt", f"±{tol:g} pt", not bad_size,
                 _pages(i for i, _ in bad_size))
        tol = self.tol("L28", "position", 1.0)
        offsets = [(i, ln.centre_y - b.bottom) for i, ln in numbers]
        worst = max(offsets, key=lambda o: abs(o[1] - st.below_block))
        self.add("L28", "页码距版心下边缘", mm(worst[1]), f"{mm(st.below_block)}（一字线在版心下边缘下）", f"±{tol:g} mm",
                 all(abs(o - st.below_block) <= tol for _, o in offsets), f"第{worst[0] + 1}页")
        one = pt_to_mm(role.size) * st.outer_indent_chars
        sides: list[tuple[int, float, str]] = []
        for i, ln in numbers:
            if (i + 1) % 2:  # odd pages: right, one character in; even pages: left, one character in
                sides.append((i, ln.x1 - (b.right - one), f"右端 {mm(ln.x1)}"))
            else:
                sides.append((i, ln.x0 - (b.left + one), f"左端 {mm(ln.x0)}"))
        worst_side = max(sides, key=lambda s: abs(s[1]))
        self.add("L28", "单双页位置", f"第{worst_side[0] + 1}页{worst_side[2]}",
                 f"单页右端 {mm(b.right - one)}，双页左端 {mm(b.left + one)}", f"±{tol:g} mm",
                 all(abs(s[1]) <= tol for s in sides), _pages(i for i, d, _ in sides if abs(d) > tol))

    def l29_page_sequence(self) -> None:
        if not self.page_numbers:
            self.na("L29", "页码连续", "没有找到页码")
            return
        count = len(self.pages)
        wrong = [i for i, ln in self.page_numbers.items() if ln.page_number != i + 1]
        # Unnumbered pages are allowed at the end (the 版记 page and the blank page before it) and on page 1 (信函).
        allowed = {0, count - 1, count - 2}
        missing = [i for i in range(count) if i not in self.page_numbers and i not in allowed]
        bad = sorted(set(wrong) | set(missing))
        measured = "、".join(f"{i + 1}:{self.page_numbers[i].page_number if i in self.page_numbers else '无'}"
                            for i in bad[:4]) if bad else f"1–{count} 连续"
        self.add("L29", "页码连续", measured, "与页序一致；只有版记页及其前的空白页可不编页码", "", not bad, _pages(bad))

    def l30_colours(self) -> None:
        marks = {id(ln) for ln in self.mark}
        for page in self.pages:
            for ln in page.lines:
                if id(ln) in marks:
                    continue
                for g in ln.glyphs:
                    if not is_black(g.color):
                        self.add("L30", "文字颜色", f"“{ln.text[:10]}” {color_text(g.color)}", "黑色（发文机关标志除外）", "",
                                 False, f"第{page.index + 1}页")
                        return
        self.add("L30", "文字颜色", "黑色", "黑色（发文机关标志除外）", "", True)

    def l36_line_breaks(self) -> None:
        bad: list[TextLine] = []
        for ln in self.all_body:
            text = ln.text
            if (text[0] in LINE_START_FORBIDDEN and not text.startswith(UNSPLIT_PAIRS)) or text[-1] in LINE_END_FORBIDDEN:
                bad.append(ln)
        first = bad[0] if bad else None
        self.add("L36", "行首行尾标点", f"{len(bad)} 行违例：“{first.text[:6]}…{first.text[-3:]}”" if first else "无违例",
                 "行首无 。，、；：？！）》” 等，行尾无 （《“ 等", "", not bad,
                 f"第{first.page + 1}页" if first else "")

    def l39_embedded(self) -> None:
        fonts = self.facts.fonts
        if not fonts:
            self.na("L39", "字体嵌入", "PDF 中没有字体（可能是扫描件）")
            return
        missing = sorted({f.name for f in fonts if not f.embedded})
        names = sorted({f.name for f in fonts})
        self.add("L39", "字体嵌入", f"未嵌入：{'、'.join(missing)}" if missing else f"{len(names)} 种字体均已嵌入",
                 "全部嵌入", "", not missing)

    def l40_missing_glyphs(self) -> None:
        missing = self.facts.missing
        if not missing:
            self.add("L40", "缺字", "无", "无", "", True)
            return
        shown = "、".join(f"U+{ord(m.char[0]):04X}（{m.font}）" if m.char else m.font for m in missing[:3])
        pages = sorted({p for m in missing for p in m.pages})
        self.add("L40", "缺字", f"{len(missing)} 处字形缺失：{shown}", "无", "", False,
                 "第" + "、".join(map(str, pages[:6])) + "页", "字体中没有这些字，显示为空框或空白")


def _ink_right(line: TextLine) -> float:
    last = line.glyphs[-1]
    if last.text in SQUEEZE_INK_LEFT:  # at a line end it may take half a cell (GB/T 15834 5.1.10)
        return max(last.x0 + last.size * MM / 2, line.glyphs[-2].x1 if len(line.glyphs) > 1 else last.x0)
    return line.x1


def _spaced(line: TextLine) -> str:
    """A line's text with a space wherever a gap of at least ¼ em separates two glyphs (pdfminer drops spaces)."""
    out = ""
    for a, b in zip(line.glyphs, [*line.glyphs[1:], None], strict=True):
        out += a.text
        if b is not None and b.x0 - a.x1 > 0.2 * a.size * MM:
            out += " "
    return out


def _pages(indices: Iterable[int]) -> str:
    pages = [str(i + 1) for i in indices]
    if not pages:
        return ""
    return "第" + "、".join(pages[:8]) + ("…" if len(pages) > 8 else "") + "页"


def check_pdf(facts: PdfFacts, profile: Profile, catalogue: Catalogue) -> list[CheckResult]:
    return PdfChecks(facts, profile, catalogue).run()


__all__ = ["PdfChecks", "check_pdf", "font_family", "is_black", "is_red"]
