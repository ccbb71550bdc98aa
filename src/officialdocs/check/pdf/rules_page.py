"""PDF rules of the page and the text: paper, block, grid, body font, indent, colours, line breaks, fonts."""

from __future__ import annotations

import re
import statistics

from ...cjk import SQUEEZE_INK_LEFT, may_end_line_text, may_start_line_text
from ..colour import color_text, is_black
from ..faces import FAMILY_NAMES, font_family
from ..pdfread import MM, TextLine
from ..rules import Out
from .measure import Measure, cluster
from .registry import RULES, mm

_LATIN = re.compile(r"[A-Za-z0-9]")


@RULES.rule("L01", tolerances=("size",))
def l01_page_size(m: Measure, out: Out) -> None:
    p = m.profile.page
    tol = out.tol("size")
    def fits(pg, width: float, height: float) -> bool:
        return abs(pg.width - width) <= tol and abs(pg.height - height) <= tol

    # a landscape page is the A4 sheet turned for a wide table (clause 8)
    bad = [pg for pg in m.pages if not fits(pg, p.width, p.height) and not fits(pg, p.height, p.width)]
    shown = bad[0] if bad else (m.pages[0] if m.pages else None)
    if shown is None:
        out.na("纸张", "PDF 没有页面")
        return
    out.add("纸张", f"{shown.width:.1f} × {shown.height:.1f} mm" + ("" if bad else f"（全部 {len(m.pages)} 页）"),
            f"{p.width:g} × {p.height:g} mm", f"±{tol:g} mm", not bad, f"第{bad[0].index + 1}页" if bad else "")


def _ink_right(line: TextLine) -> float:
    last = line.glyphs[-1]
    if last.text in SQUEEZE_INK_LEFT:  # at a line end it may take half a cell (GB/T 15834 5.1.10)
        return max(last.x0 + last.size * MM / 2, line.glyphs[-2].x1 if len(line.glyphs) > 1 else last.x0)
    return line.x1


@RULES.rule("L02", tolerances=("edge",))
def l02_block(m: Measure, out: Out) -> None:
    p = m.profile.page
    b = m.block
    tol = out.tol("edge")
    margins = p.margins
    tolerance = f"±{tol:g} mm"
    for name, value, expected, measured in (
            ("版心左边缘", b.left, margins.left, b.measured_left),
            ("版心右边缘", b.right, p.width - margins.right, b.measured_right)):
        if measured:
            out.add(name, mm(value), mm(expected), tolerance, abs(value - expected) <= tol, message="由正文行的起止位置测得")
        else:
            out.na(name, "正文行太少，无法测定", mm(expected))
    how = {"glyph": "首末行字面边缘（应用指南读法）", "box": "首末行行框（每行占版心高度的 1/行数）"}.get(b.reading, "")
    for name, value, expected in (("版心上边缘", b.top, margins.top), ("版心下边缘", b.bottom, p.height - margins.bottom)):
        if b.measured_vertical:
            out.add(name, mm(value), mm(expected), tolerance, abs(value - expected) <= tol, message=how)
        else:
            out.na(name, "没有排满的正文页，无法测定", mm(expected))
    # Nothing but the page number may leave the block (hanging punctuation, a wide table, a stray line); the
    # mark of a 信函 sits above it by design (10.1).
    outside = []
    exempt = {id(ln) for ln in m.mark} if m.format == "letter" else set()
    for page in m.pages:
        for ln in m.content[page.index]:
            if id(ln) not in exempt and (ln.x0 < b.left - tol or _ink_right(ln) > b.right + tol or ln.top < b.top - tol
                    or (ln.bottom > b.bottom + tol and b.measured_vertical)):
                outside.append(ln)
    first = outside[0] if outside else None
    out.add("文字在版心内", f"{len(outside)} 行超出" if outside else "无超出", "无超出", tolerance, not outside,
            f"第{first.page + 1}页 “{first.text[:12]}”（x {first.x0:.1f}–{first.x1:.1f}，y {first.top:.1f}–{first.bottom:.1f} mm）"
            if first else "")


@RULES.rule("L03")
def l03_lines_per_page(m: Measure, out: Out) -> None:
    expected = m.profile.grid.lines_per_page
    full = m.full_pages()
    if not full:
        out.na("满页行数", "没有排满的正文页", f"{expected} 行")
        return
    counts = {i: len(m.body[i]) for i in full}
    bad = [i for i, n in counts.items() if n != expected]
    shown = counts[bad[0]] if bad else expected
    listed = "、".join(str(i + 1) for i in full)
    out.add("满页行数", f"{shown} 行（满页：第{listed}页）", f"{expected} 行", "0", not bad, f"第{bad[0] + 1}页" if bad else "")


@RULES.rule("L04", tolerances=("chars",))
def l04_chars_per_line(m: Measure, out: Out) -> None:
    """Characters per line = block width / character pitch. The pitch is the median advance between two
    Han characters in body lines: justification changes a few gaps, not the median."""
    expected = m.profile.grid.chars_per_line
    b = m.block
    cell = m.cell()
    if cell is None or not b.measured_left or not b.measured_right:
        out.na("每行字数", "正文太少，无法测定字距和版心宽度", f"{expected} 字")
        return
    per_line = b.width / cell
    full = [len(ln.text) for ln in m.all_body if abs(ln.x0 - b.left) <= 0.5 and abs(ln.x1 - b.right) <= 1.0
            and not _LATIN.search(ln.text)]
    detail = f"；满行 {len(full)} 行，{min(full)}–{max(full)} 字" if full else ""
    tol = out.tol("chars")
    out.add("每行字数", f"{per_line:.1f} 字（字距 {cell:.2f} mm{detail}）", f"{expected} 字", f"±{tol:g} 字",
            abs(per_line - expected) < tol)


@RULES.rule("L05", tolerances=("size_pt",))
def l05_body_font(m: Measure, out: Out) -> None:
    role = m.profile.font("body")
    tol = out.tol("size_pt")
    if not m.all_body:  # a scan or an empty file: nothing on it can be shown to conform
        out.add("正文字号", "没有文字", f"{role.size:g} pt", "", False, message="PDF 中没有可测量的文字（扫描件或空白页？）")
        return
    out.add("正文字号", f"{m.body_size:g} pt", f"{role.size:g} pt", f"±{tol:g} pt", abs(m.body_size - role.size) <= tol,
            message="排满版心宽度的正文行的字号")
    want = font_family(role.docx)
    fonts: dict[str, int] = {}
    for ln in m.all_body:
        for g in ln.glyphs:
            fonts[g.font] = fonts.get(g.font, 0) + 1
    main = max(fonts, key=lambda f: fonts[f])
    have = font_family(main)
    if want is None or have is None:
        out.add("正文字体", main, role.docx, "", None, message="字体名称无法判断字体类别")
        return
    out.add("正文字体", f"{main}（{FAMILY_NAMES[have]}）", f"{role.docx}（{FAMILY_NAMES[want]}）", "", have == want)


@RULES.rule("L15", tolerances=("indent",))
def l15_indent(m: Measure, out: Out) -> None:
    b = m.block
    chars = m.profile.body.first_line_indent_chars
    expected = chars * b.cell
    if not b.measured_left:
        out.na("首行缩进", "无法测定版心左边缘", f"{chars:g} 字")
        return
    offsets = [ln.x0 - b.left for ln in m.all_body if 0.5 * b.cell < ln.x0 - b.left < (chars + 2.5) * b.cell]
    if not offsets:
        out.na("首行缩进", "没有缩进的段落首行", f"{chars:g} 字")
        return
    largest: list[float] = max(cluster(offsets, 0.3), key=len)
    main = statistics.median(largest)
    tol = out.tol("indent")
    out.add("首行缩进", f"{mm(main)}（{main / b.cell:.2f} 字）", f"{mm(expected)}（{chars:g} 字，字宽 {b.cell:.2f} mm）",
            f"±{tol:g} mm", abs(main - expected) <= tol)


@RULES.rule("L30", tolerances=("black",))
def l30_colours(m: Measure, out: Out) -> None:
    marks = {id(ln) for ln in m.mark}
    tol = out.tol("black")
    for page in m.pages:
        for ln in page.lines:
            if id(ln) in marks:
                continue
            for g in ln.glyphs:
                if not is_black(g.color, tol):
                    out.add("文字颜色", f"“{ln.text[:10]}” {color_text(g.color)}", "黑色（发文机关标志除外）",
                            f"各通道 ≤ {tol:g}", False, f"第{page.index + 1}页")
                    return
    out.add("文字颜色", "黑色", "黑色（发文机关标志除外）", f"各通道 ≤ {tol:g}", True)


@RULES.rule("L36")
def l36_line_breaks(m: Measure, out: Out) -> None:
    """The line-start and line-end classes of cjk, the ones the layout engine breaks lines with."""
    bad = [ln for ln in m.all_body if not may_start_line_text(ln.text) or not may_end_line_text(ln.text)]
    first = bad[0] if bad else None
    out.add("行首行尾标点", f"{len(bad)} 行违例：“{first.text[:6]}…{first.text[-3:]}”" if first else "无违例",
            "行首无 。，、；：？！）》” 等，行尾无 （《“ 等", "", not bad, f"第{first.page + 1}页" if first else "")


@RULES.rule("L39")
def l39_embedded(m: Measure, out: Out) -> None:
    fonts = m.facts.fonts
    if not fonts:
        out.na("字体嵌入", "PDF 中没有字体（可能是扫描件）")
        return
    missing = sorted({f.name for f in fonts if not f.embedded})
    names = sorted({f.name for f in fonts})
    out.add("字体嵌入", f"未嵌入：{'、'.join(missing)}" if missing else f"{len(names)} 种字体均已嵌入", "全部嵌入", "",
            not missing)


@RULES.rule("L40")
def l40_missing_glyphs(m: Measure, out: Out) -> None:
    missing = m.facts.missing
    if not missing:
        out.add("缺字", "无", "无", "", True)
        return
    shown = "、".join(f"U+{ord(g.char[0]):04X}（{g.font}）" if g.char else g.font for g in missing[:3])
    listed = sorted({p for g in missing for p in g.pages})
    out.add("缺字", f"{len(missing)} 处字形缺失：{shown}", "无", "", False, "第" + "、".join(map(str, listed[:6])) + "页",
            "字体中没有这些字，显示为空框或空白")
