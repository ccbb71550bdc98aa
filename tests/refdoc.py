"""Reference 公文 PDFs drawn directly with reportlab's canvas, independently of our layout engine.

The checker must accept every correct reading of GB/T 9704 and reject the wrong ones; to prove that on
documents our engine did not make, these pages are drawn from the standard's numbers alone (A4, block
28…184 × 37…262 mm, 22 lines of 3号 glyphs filling the block, 28 characters a line) with the Fandol fonts
the tests install (/usr/local/share/fonts/fandol, found with fc-match otherwise), subset and converted to
TrueType for reportlab.

    doc = RefDoc(path)                       # 文件格式, every element placed by the standard
    doc.build(mark_color=(0, 1, 1, 0))       # keyword arguments change one thing at a time
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from reportlab.lib.colors import CMYKColor, Color
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

MM = 72 / 25.4  # pt per mm
PAGE_W, PAGE_H = 210.0, 297.0
LEFT, RIGHT, TOP, BOTTOM = 28.0, 184.0, 37.0, 262.0
BODY_PT, SMALL_PT, TITLE_PT = 16.0, 14.0, 22.0
BODY_MM = BODY_PT / MM
PITCH = (BOTTOM - TOP - BODY_MM) / 21  # 22 rows of glyphs and 21 equal gaps fill the block
CELL = (RIGHT - LEFT) / 28
RED = (0, 1, 1, 0)

HAN = ("为贯彻落实区委区政府关于加强新形势下双拥工作的意见进一步推动军民融合式发展巩固军政军民团结现结合实际"
       "制定本方案各单位要高度重视明确责任细化措施认真组织实施确保取得实效切实做好驻区部队服务保障工作积极"
       "协调解决部队建设中的实际困难和问题广泛开展拥军优属活动营造全社会关心支持国防建设良好氛围")
# Every character the reference documents use: whatever this file writes (the fonts are subset to these).
TEXT = "".join(sorted(set(Path(__file__).read_text(encoding="utf-8")) | set("0123456789 ")))


@cache
def fonts() -> dict[str, str]:
    """reportlab names of the Fandol faces (仿宋, 黑体, 宋体, 小标宋 = FandolSong Bold), registered once."""
    from fontTools import subset
    from fontTools.ttLib import TTFont as FontFile

    from officialdocs.fonts.convert import cff_to_glyf

    out_dir = Path(tempfile.mkdtemp(prefix="refdoc-fonts-"))
    names = {}
    for role, file in (("fang", "FandolFang-Regular.otf"), ("hei", "FandolHei-Regular.otf"),
                       ("song", "FandolSong-Regular.otf"), ("xbs", "FandolSong-Bold.otf")):
        source = _fandol(file)
        font = FontFile(str(source))
        options = subset.Options()
        options.name_IDs = ["*"]
        options.notdef_outline = True
        subsetter = subset.Subsetter(options)
        subsetter.populate(text=TEXT)
        subsetter.subset(font)
        cff_to_glyf(font)
        target = out_dir / f"{role}.ttf"
        font.save(str(target))
        name = f"Ref{role.capitalize()}"
        pdfmetrics.registerFont(TTFont(name, str(target)))
        names[role] = name
    return names


def _fandol(file: str) -> Path:
    installed = Path("/usr/local/share/fonts/fandol") / file
    if installed.is_file():
        return installed
    family = file.split("-")[0]
    if shutil.which("fc-match"):
        found = subprocess.run(["fc-match", "-f", "%{file}", family], capture_output=True, text=True).stdout
        if found.endswith(file):
            return Path(found)
    import pytest

    pytest.skip(f"the Fandol font {file} is not installed (tools/install-test-fonts.sh installs it)")
    raise AssertionError  # unreachable


def body_lines(count: int, start: int = 0) -> list[str]:
    """`count` lines of body text: a paragraph's first line (26 characters after the indent) then full lines
    of 28, punctuated inside the line only."""
    out = []
    for k in range(count):
        width = 26 if k == 0 else 28
        chars = [HAN[(start * 28 + k * 28 + i) % len(HAN)] for i in range(width)]
        chars[9] = "，"
        out.append("".join(chars))
    return out


@dataclass
class RefDoc:
    """A 公文 drawn with reportlab. `build(**changes)` draws the document with one thing changed."""

    path: Path
    fmt: str = "file"
    log: list[str] = field(default_factory=list)

    def build(self, **opt) -> Path:
        self.opt = opt
        self.f = fonts()
        self.c = canvas.Canvas(str(self.path), pagesize=A4, invariant=1, initialFontName=self.f["fang"])
        self.page = 1
        {"file": self._file, "letter": self._letter, "order": self._order, "minutes": self._minutes}[self.fmt]()
        self.c.save()
        return self.path

    # ------------------------------------------------------------------------------------ drawing
    def text(self, text: str, x: float, top: float, size: float = BODY_PT, face: str = "fang", color=(0, 0, 0, 1),
             cell: float | None = None, right: bool = False) -> float:
        """Draw `text` with its em boxes' top at `top` mm; x is its left (or right) edge in mm. Characters are
        placed one by one at `cell` mm steps (full width) or at their own advance. Returns the right edge."""
        c = self.c
        name = self.f[face]
        widths = [pdfmetrics.stringWidth(ch, name, size) / MM for ch in text]
        steps = [cell if cell is not None and w > size / MM * 0.9 else w for w in widths]
        total = sum(steps[:-1]) + widths[-1]
        x0 = x - total if right else x
        ascent = 1 + pdfmetrics.getFont(name).face.descent / 1000  # the em box above the baseline, as PDF readers place it
        baseline = PAGE_H * MM - top * MM - ascent * size
        c.setFillColor(_color(color))
        c.setFont(name, size)
        pos = x0
        for ch, step in zip(text, steps, strict=True):
            if ch != " ":
                c.drawString(pos * MM, baseline, ch)
            pos += step
        return x0 + total

    def centred(self, text: str, top: float, size: float, face: str, color=(0, 0, 0, 1), centre: float | None = None):
        name = self.f[face]
        width = pdfmetrics.stringWidth(text, name, size) / MM
        self.text(text, (centre or (LEFT + RIGHT) / 2) - width / 2, top, size, face, color)

    def rule(self, y: float, x0: float = LEFT, x1: float = RIGHT, width: float = 0.35, color=(0, 0, 0, 1)) -> None:
        """A horizontal rule centred on y mm, `width` mm thick (stroked, as Word and LibreOffice draw them)."""
        c = self.c
        if self.opt.get("rules_as_rectangles"):
            # LibreOffice's way: a filled rectangle whose path starts half-way along its top edge
            top, bottom, middle = (PAGE_H - y + width / 2) * MM, (PAGE_H - y - width / 2) * MM, (x0 + x1) / 2 * MM
            path = c.beginPath()
            path.moveTo(middle, bottom)
            for px, py in ((x0 * MM, bottom), (x0 * MM, top), (x1 * MM, top), (x1 * MM, bottom), (middle, bottom)):
                path.lineTo(px, py)
            path.close()
            c.setFillColor(_color(color))
            c.drawPath(path, stroke=0, fill=1)
            return
        c.setStrokeColor(_color(color))
        c.setLineWidth(width * MM)
        c.line(x0 * MM, (PAGE_H - y) * MM, x1 * MM, (PAGE_H - y) * MM)

    def line_top(self, slot: int) -> float:
        return TOP + slot * PITCH

    def body(self, first_slot: int, count: int, start: int = 0) -> None:
        """A paragraph of `count` lines on the grid from line `first_slot` (0-based) of the page."""
        for k, line in enumerate(body_lines(count, start)):
            self.text(line, LEFT + (2 * CELL if k == 0 else 0.0), self.line_top(first_slot + k), cell=CELL)

    def page_number(self, n: int) -> None:
        o = self.opt
        if o.get("no_page_number") == n:
            return
        label = f"— {n} —"
        one = SMALL_PT / MM
        dash_line = BOTTOM + 7 + o.get("number_shift", 0.0)
        top = dash_line if o.get("number_reading") == "top" else dash_line - SMALL_PT / MM / 2
        if o.get("number_centred"):
            self.centred(label, top, SMALL_PT, "song")
        elif n % 2:
            self.text(label, RIGHT - one, top, SMALL_PT, "song", right=True)
        else:
            self.text(label, LEFT + one, top, SMALL_PT, "song")

    def next_page(self) -> None:
        if getattr(self, "landscape", False):
            if self.opt.get("landscape_number_turned"):  # clause 8: where the portrait pages have it, turned
                self.c.saveState()
                self.c.transform(0, -1, 1, 0, 0, PAGE_W * MM)  # the A4 frame onto the sheet turned landscape
                self.page_number(self.page)
                self.c.restoreState()
            else:
                self.c.setFont(self.f["song"], SMALL_PT)
                self.c.drawString(235 * MM, (PAGE_W - 190) * MM, f"— {self.page} —")
            self.c.showPage()
            self.c.setPageSize(A4)
            self.landscape = False
            self.page += 1
            return
        self.page_number(self.page)
        self.c.showPage()
        self.page += 1

    # --------------------------------------------------------------------------------------- formats
    def _file(self) -> None:
        o = self.opt
        mark_pt = 32.0
        mark_top = TOP + 35
        self.centred("××区双拥工作领导小组文件", mark_top, mark_pt, "xbs", o.get("mark_color", RED))
        number_top = mark_top + mark_pt / MM + (PITCH - BODY_MM) + 2 * PITCH
        self.centred("区双拥〔2011〕1号", number_top, BODY_PT, "fang")
        rule_y = number_top + BODY_MM + 4 + 0.25
        self.rule(rule_y, width=0.5, color=o.get("rule_color", RED))
        title_top = rule_y + o.get("title_gap_lines", 2.5) * PITCH if "title_gap_mm" not in o else rule_y + o["title_gap_mm"]
        self.centred("关于加强双拥工作的通知", title_top, TITLE_PT, "xbs")
        if o.get("long_recipients"):  # a 主送 that fills page 1: the 正文 starts on page 2
            for slot in range(13, 22):
                self.text("各镇人民政府，各街道办事处，各有关部门，驻区部队，", LEFT, self.line_top(slot), cell=CELL)
            self.next_page()
            self.text("驻区各部队：", LEFT, self.line_top(0), cell=CELL)
            self.body(1, 21)
        else:
            self.text("各镇人民政府，各街道办事处：", LEFT, self.line_top(13), cell=CELL)
            self.body(14, 2 if o.get("short_text") else 8)  # short_text: two 3号 lines, then only tables
            self.next_page()
            if o.get("landscape_page"):
                self._landscape_page()
            elif o.get("table_page"):
                self._table_page()
            elif o.get("mostly_tables"):
                self._table_page(rows=21, row=PITCH)
            else:
                self.body(0, 22, start=8)
        self.next_page()
        if o.get("mostly_tables"):
            self._table_page(rows=21, row=PITCH)
        else:
            self.body(0, 22, start=30)
        self.next_page()
        self._closing_and_colophon()

    def _landscape_page(self) -> None:
        """A wide table on an A4 page turned landscape (as Word and LibreOffice write a landscape section),
        its page number in the turned footer: at the foot of the landscape page (wrong by clause 8)."""
        c = self.c
        c.setPageSize((PAGE_H * MM, PAGE_W * MM))
        c.setFillColor(_color((0, 0, 0, 1)))
        c.setStrokeColor(_color((0, 0, 0, 1)))
        c.setLineWidth(0.18 * MM)
        c.setFont(self.f["fang"], SMALL_PT)
        for r in range(14):
            y = PAGE_W - 30 - r * 10.0
            c.line(37 * MM, y * MM, 262 * MM, y * MM)
            c.drawString(40 * MM, (y - 7) * MM, f"{r + 1}　切实做好驻区部队服务保障工作协调解决实际困难　区双拥办")
        c.line(37 * MM, (PAGE_W - 170) * MM, 262 * MM, (PAGE_W - 170) * MM)
        self.landscape = True  # next_page draws its number at the landscape foot, then turns back to A4

    def _table_page(self, rows: int = 8, row: float = PITCH * 2) -> None:
        """A task table (4号, ruled) whose last row ends on the block's foot, its 序号 alone at the left."""
        # short_text: the table ends a line above the block's foot (it is not mistaken for the 版记)
        if self.opt.get("short_text"):
            rows -= 1
        top = BOTTOM - rows * row - (PITCH if self.opt.get("short_text") else 0.0)
        above = int((top - TOP) / PITCH) - 1
        if above > 0:
            self.body(0, above, start=8)
        if self.opt.get("cell_boxes"):  # each cell a stroked rectangle (as our PDF engine draws a grid)
            self.c.setStrokeColor(_color((0, 0, 0, 1)))
            self.c.setLineWidth(0.18 * MM)
            edges = (LEFT, LEFT + 10, LEFT + 132, RIGHT)
            for r in range(rows):
                for a, b in zip(edges, edges[1:], strict=False):
                    self.c.rect(a * MM, (PAGE_H - top - (r + 1) * row) * MM, (b - a) * MM, row * MM, stroke=1, fill=0)
        else:
            for r in range(rows + 1):
                self.rule(top + r * row, width=0.18)
        for r in range(rows):
            y = top + r * row + (row - SMALL_PT / MM) / 2
            self.text(str(r + 1 + 30 * (self.page - 2)), LEFT + 4, y, SMALL_PT, "fang")
            text_x = LEFT + (12 if self.opt.get("short_text") else 24)  # 12: the 序号 joins the row's line
            self.text("切实做好驻区部队服务保障工作协调解决实际困难", text_x, y, SMALL_PT, "fang")
            self.text("区双拥办", LEFT + 136, y, SMALL_PT, "fang")

    def _closing_and_colophon(self) -> None:
        o = self.opt
        slot = 0
        if not o.get("closing_opens_page"):
            self.body(0, 2, start=52)
            slot = 3
        signature = "××区双拥工作领导小组"
        sig_right = RIGHT - 2 * CELL
        sig_left = self.text(signature, sig_right, self.line_top(slot), cell=CELL, right=True) - len(signature) * CELL
        self.text("2011年1月20日", sig_left + 2 * CELL, self.line_top(slot + 1))
        self.colophon()
        self.next_page()

    def colophon(self, rules: bool = True, printed: bool = True) -> None:
        o = self.opt
        thick, thin = o.get("colophon_rules", (0.35, 0.25))
        one = SMALL_PT / MM
        bottom_rule = BOTTOM - thick / 2
        rows = [("cc", "抄送：市双拥办，区委办公室。")] + ([("printed", "")] if printed else [])
        y = bottom_rule
        lines = []
        for kind, text in reversed(rows):
            lines.append((kind, text, y - PITCH / 2 - SMALL_PT / MM / 2))
            y -= PITCH
        if rules:
            self.rule(bottom_rule, width=thick)
            if printed:
                self.rule(bottom_rule - PITCH, width=thin)
            self.rule(y, width=thick)
        for kind, text, top in lines:
            if kind == "cc":
                self.text(text, LEFT + one, top, SMALL_PT)
            else:
                self.text("××区双拥工作领导小组办公室", LEFT + one, top, SMALL_PT)
                self.text("2011年1月21日印发", RIGHT - one, top, SMALL_PT, right=True)

    def _letter(self) -> None:
        """10.1: mark 30 mm from the page top, double rules 170 mm centred on the page, 文号 flush right."""
        o = self.opt
        mark_pt = 26.0
        mark_top = o.get("mark_top", 30.0)
        self.centred("××区双拥工作领导小组办公室", mark_top, mark_pt, "xbs", RED)
        upper = mark_top + mark_pt / MM + 4
        x0, x1 = PAGE_W / 2 - 85, PAGE_W / 2 + 85
        self.rule(upper + 0.53 / 2, x0, x1, 0.53, RED)
        self.rule(upper + 0.53 + 0.7 + 0.26 / 2, x0, x1, 0.26, RED)
        edge = upper + 0.53 + 0.7 + 0.26
        number_top = edge + 0.875 * BODY_MM
        self.text("区双拥办函〔2011〕3号", RIGHT, number_top, right=True)
        last = number_top
        if o.get("head_elements"):  # 份号, 密级, 紧急程度 at the left, one a line, the first beside the 文号
            for k, element in enumerate(("000025", "秘密", "特急")):
                last = number_top + k * PITCH
                self.text(element, LEFT, last, face="fang" if k == 0 else "hei")
        lower_bottom = PAGE_H - 20
        self.rule(lower_bottom - 0.53 / 2, x0, x1, 0.53, RED)
        self.rule(lower_bottom - 0.53 - 0.7 - 0.26 / 2, x0, x1, 0.26, RED)
        title_top = last + BODY_MM + (PITCH - BODY_MM) + 2 * PITCH
        self.centred("关于加强双拥工作的通知", title_top, TITLE_PT, "xbs")
        slot = 11 + round((last - number_top) / PITCH)
        self.text("各镇人民政府，各街道办事处：", LEFT, self.line_top(slot), cell=CELL)
        self.body(slot + 1, 21 - slot)
        if o.get("number_on_page_one"):
            self.page_number(1)
        self.c.showPage()
        self.page = 2
        self.body(0, 22, start=10)
        self.next_page()
        self.body(0, 22, start=32)
        self.next_page()
        self.body(0, 4, start=54)
        signature = "××区双拥工作领导小组办公室"
        sig_left = RIGHT - 2 * CELL - len(signature) * CELL
        self.text(signature, sig_left, self.line_top(5), cell=CELL)
        self.text("2011年1月20日", sig_left + 2 * CELL, self.line_top(6))
        self.colophon(rules=o.get("colophon_rules_in_letter", False), printed=o.get("printed_in_letter", False))
        self.next_page()

    def _order(self) -> None:
        """10.2: mark 20 mm below the block top, 令号 centred two lines below, 正文 two lines below that."""
        o = self.opt
        mark_pt = 36.0
        mark_top = TOP + 20
        self.centred("××市人民政府令", mark_top, mark_pt, "xbs", RED)
        number_top = mark_top + mark_pt / MM + (PITCH - BODY_MM) + 2 * PITCH
        if o.get("order_number_left"):
            self.text("第12号", LEFT + 2 * CELL, number_top)
        else:
            self.centred("第12号", number_top, BODY_PT, "fang")
        first = number_top + BODY_MM + (PITCH - BODY_MM) + 2 * PITCH
        for k, line in enumerate(body_lines(10)):
            self.text(line, LEFT + (2 * CELL if k == 0 else 0), first + k * PITCH, cell=CELL)
        self.next_page()
        self.body(0, 22, start=10)
        self.next_page()
        self.body(0, 3, start=32)
        self.text("市长", RIGHT - 4 * CELL - 3 * CELL - 2 * CELL - 2 * CELL, self.line_top(5), cell=CELL)
        self.text("张三", RIGHT - 4 * CELL - 2 * CELL, self.line_top(5), cell=CELL)
        self.text("2011年1月20日", RIGHT - 4 * CELL, self.line_top(6), right=True)
        self.next_page()

    def _minutes(self) -> None:
        """10.3: mark 35 mm below the block top; 出席/请假/列席 in 黑体 two characters in, names in 仿宋."""
        o = self.opt
        mark_pt = 28.0
        mark_top = TOP + 35
        self.centred("××区双拥工作领导小组会议纪要", mark_top, mark_pt, "xbs", RED)
        number_top = mark_top + mark_pt / MM + (PITCH - BODY_MM) + 2 * PITCH
        self.centred("第5期", number_top, BODY_PT, "fang")
        rule_y = number_top + BODY_MM + 4 + 0.25
        self.rule(rule_y, width=0.5, color=RED)
        self.body(12, 10)
        self.next_page()
        self.body(0, 22, start=10)
        self.next_page()
        self.body(0, 4, start=32)
        label_face = o.get("attendee_label_face", "hei")
        x = LEFT + 2 * CELL
        names = "区委副书记张三，区人民政府副区长李四，区人武部部长王五，区民政局局长赵六，区财政局局长钱七"
        after = x + 3 * CELL
        per_line = int((RIGHT - after) / CELL)
        slot = 5
        for label, people in (("出席", names), ("请假", "孙八"), ("列席", "周九，吴十")):
            self.text(label, x, self.line_top(slot), face=label_face, cell=CELL)
            self.text("：", x + 2 * CELL, self.line_top(slot), cell=CELL)
            chunks = [people[i:i + per_line] for i in range(0, len(people), per_line)]
            for k, chunk in enumerate(chunks):
                wrap_x = after + (o.get("wrap_shift", 0.0) if k else 0.0)
                self.text(chunk, wrap_x, self.line_top(slot + k), cell=CELL)
            slot += len(chunks)
        self.next_page()


def _color(value) -> Color:
    if len(value) == 4:
        return CMYKColor(*value)
    return Color(*value)
