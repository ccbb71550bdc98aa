"""PDF rules of page 1: the 版头 of 文件格式 (7.2), the title and the 正文 on page 1 (7.3), and the 版头 of
the chapter-10 formats (信函 10.1, 命令 10.2, 纪要 10.3; rules L31–L34 of the project's notes)."""

from __future__ import annotations

from ...style import pt_to_mm
from ..colour import color_text, red_distance
from ..faces import FAMILY_NAMES, font_family
from ..pdfread import HRule, TextLine
from ..rules import Out
from .measure import Measure
from .registry import RULES, centre_x, mm

_N1 = "“空N行”有两种读法（空行数或间距），容差覆盖两者之差"
_ATTENDEES = ("出席", "请假", "列席")


def _red(m: Measure, out: Out, name: str, colors: list[tuple[float, ...]], tol: float) -> None:
    red = m.profile.colors.red
    worst = max(colors, key=lambda c: red_distance(c, red))
    out.add(name, color_text(worst), f"红色 #{red.rgb} 或 CMYK{tuple(red.cmyk)}", f"换算为 RGB 后每通道 ±{tol:g}",
            red_distance(worst, red) <= tol, "第1页")


def _mark_box(m: Measure) -> tuple[float, float, float, float]:
    top = min(ln.top for ln in m.mark)
    bottom = max(ln.bottom for ln in m.mark)
    return top, bottom, min(ln.x0 for ln in m.mark), max(ln.x1 for ln in m.mark)


def _chapter10_mark(m: Measure, out: Out, name: str, wanted: str) -> float | None:
    """The red mark of a chapter-10 format (令, 纪要): top `mark_top` below the block top, centred, red.
    Returns the mark's bottom edge, or None where page 1 has no mark."""
    b = m.block
    if not m.mark:
        out.add(name, "未发现", wanted, "", False, "第1页")
        return None
    top, bottom, left, right = _mark_box(m)
    expected = b.top + out.value("mark_top")
    tol = out.tol("top")
    out.add("标志上边缘", mm(top), f"{mm(expected)}（版心上边缘下 {out.value('mark_top'):g} mm）", f"±{tol:g} mm",
            abs(top - expected) <= tol, "第1页")
    tol = out.tol("centre")
    out.add("标志居中", f"中心 {mm((left + right) / 2)}", mm(b.centre), f"±{tol:g} mm",
            abs((left + right) / 2 - b.centre) <= tol, "第1页")
    _red(m, out, "标志颜色", [g.color for ln in m.mark for g in ln.glyphs], out.tol("color"))
    return bottom


@RULES.rule("L06", tolerances=("top", "centre", "width", "color"), formats=("file",))
def l06_mark(m: Measure, out: Out) -> None:
    ms = m.profile.masthead
    b = m.block
    expected_top = b.top + ms.mark_top
    if not m.mark:
        out.na("标志位置", "首页没有红色的发文机关标志（如无版头）", mm(expected_top))
        return
    top, _, left, right = _mark_box(m)
    tol = out.tol("top")
    out.add("标志上边缘", mm(top), f"{mm(expected_top)}（版心上边缘下 {ms.mark_top:g} mm）", f"±{tol:g} mm",
            abs(top - expected_top) <= tol, "第1页")
    tol = out.tol("centre")
    centre = (left + right) / 2
    out.add("标志居中", f"中心 {mm(centre)}", f"{mm(b.centre)}（版心中线）", f"±{tol:g} mm", abs(centre - b.centre) <= tol, "第1页")
    tol = out.tol("width")
    out.add("标志宽度", mm(right - left), f"≤ {mm(b.width)}", f"{tol:g} mm", right - left <= b.width + tol, "第1页")
    _red(m, out, "标志颜色", [g.color for ln in m.mark for g in ln.glyphs], out.tol("color"))


@RULES.rule("L08", tolerances=("centre", "gap"), formats=("file", "minutes"))
def l08_doc_number(m: Measure, out: Out) -> None:
    number = m.doc_number
    if number is None:
        out.na("发文字号居中", "版头中没有发文字号")
        return
    b = m.block
    # 签发人 (7.2.6) on the 发文字号's row or, with more names than a line holds, on the rows above it: the
    # number shares the last names' row, and the 签发人 row is the one two lines below the mark.
    signers = [ln for ln in m.pages[0].lines if "签发人" in ln.text and ln.top <= number.top + 0.5
               and (not m.mark or ln.top > max(x.bottom for x in m.mark))]
    if signers:
        out.na("发文字号居中", "上行文：发文字号居左空一字，与签发人同行")
    else:
        tol = out.tol("centre")
        out.add("发文字号居中", f"中心 {mm(centre_x(number))}", mm(b.centre), f"±{tol:g} mm",
                abs(centre_x(number) - b.centre) <= tol, "第1页")
    if m.mark:
        gap = min(ln.top for ln in [number, *signers]) - max(ln.bottom for ln in m.mark)
        n = m.profile.masthead.doc_number_gap_lines
        expected = m.gap_expected(n)
        tol = out.tol("gap")
        out.add("标志下空行", mm(gap), f"{mm(expected)}（空{n}行）", f"±{tol:g} mm", abs(gap - expected) <= tol, "第1页", _N1)


@RULES.rule("L10", tolerances=("span", "gap", "color"), formats=("file", "minutes"))
def l10_separator(m: Measure, out: Out) -> None:
    rule = m.separator
    b = m.block
    if rule is None:
        if m.mark and m.format == "file":
            out.add("红色分隔线", "未发现", f"版心宽 {mm(b.width)} 的红线", "", False, "第1页")
        else:
            out.na("红色分隔线", "没有版头分隔线")
        return
    tol = out.tol("span")
    out.add("分隔线长度", mm(rule.length), f"{mm(b.width)}（与版心等宽）", f"±{tol:g} mm", abs(rule.length - b.width) <= tol, "第1页")
    out.add("分隔线起点", mm(rule.x0), f"{mm(b.left)}（版心左边缘）", f"±{tol:g} mm", abs(rule.x0 - b.left) <= tol, "第1页")
    if m.doc_number is not None:
        gap = rule.y - rule.thickness / 2 - m.doc_number.bottom
        expected = m.profile.masthead.rule_gap
        tol = out.tol("gap")
        out.add("分隔线与发文字号间距", mm(gap), mm(expected), f"±{tol:g} mm", abs(gap - expected) <= tol, "第1页")
    _red(m, out, "分隔线颜色", [rule.color], out.tol("color"))


@RULES.rule("L11", tolerances=("size_pt", "centre", "gap_lines"))
def l11_title(m: Measure, out: Out) -> None:
    role = m.profile.font("title")
    if not m.title:
        out.na("标题字号", "首页没有大于正文字号的标题", f"{role.size:g} pt")
        return
    size = max(ln.size for ln in m.title)
    tol = out.tol("size_pt")
    out.add("标题字号", f"{size:g} pt", f"{role.size:g} pt", f"±{tol:g} pt", abs(size - role.size) <= tol, "第1页")
    tol = out.tol("centre")
    worst = max(m.title, key=lambda ln: abs(centre_x(ln) - m.block.centre))
    out.add("标题居中", f"中心 {mm(centre_x(worst))}", mm(m.block.centre), f"±{tol:g} mm",
            abs(centre_x(worst) - m.block.centre) <= tol, "第1页")
    if m.separator is not None and m.format in ("file", "minutes"):
        # "标题 … 红色分隔线下空二行": two empty lines between (the title's top two pitches below the rule)
        # or the title on the third line under the rule's own line (three pitches): both are read.
        gap = m.title[0].top - m.separator.y
        n = m.profile.masthead.title_gap_lines
        pitch = m.block.pitch
        tol = out.tol("gap_lines")
        low, high = (n - tol) * pitch, (n + 1 + tol) * pitch
        out.add("分隔线下空行", f"{mm(gap)}（{gap / pitch:.2f} 行）", f"{n}–{n + 1} 行（{mm(n * pitch)}–{mm((n + 1) * pitch)}）",
                f"±{tol:g} 行", low <= gap <= high, "第1页", "标题上边缘到分隔线；行距 " + mm(pitch))


@RULES.rule("L14")
def l14_text_on_page_one(m: Measure, out: Out) -> None:
    if not m.pages:
        return
    lines = m.first_text
    why = f"主送机关占满第1页（{len(m.recipients)} 行），可移入版记（7.4.2）" if not lines and m.recipients else ""
    out.add("首页正文", f"{len(lines)} 行", "至少 1 行", "", bool(lines), "第1页", why)


# ------------------------------------------------------------------------------------ chapter 10 formats

def _pair_text(pair: list[HRule]) -> str:
    return " / ".join(f"{r.thickness:.2f}" for r in pair) + " mm"


@RULES.rule("L31", tolerances=("top", "gap", "span", "position", "color"),
            values=("mark_top", "rule_gap", "rule_length", "bottom_rule"), formats=("letter",))
def l31_letter_head(m: Measure, out: Out) -> None:
    """信函 (10.1): mark top 30 mm from the page top; red double rules 170 mm, centred on the page or on the
    block, thick over thin 4 mm below the mark, thin over thick 20 mm above the page bottom."""
    if not m.mark:
        out.add("信函标志", "未发现", "红色发文机关标志", "", False, "第1页")
        return
    page = m.pages[0]
    top, bottom, left, right = _mark_box(m)
    expected = out.value("mark_top")
    tol = out.tol("top")
    out.add("标志上边缘", mm(top), f"{mm(expected)}（距页面上边缘）", f"±{tol:g} mm", abs(top - expected) <= tol, "第1页")
    centres = (page.width / 2, m.block.centre)
    tol = out.tol("span")
    out.add("标志居中", f"中心 {mm((left + right) / 2)}", f"{mm(centres[0])}（页面）或 {mm(centres[1])}（版心）", f"±{tol * 2:g} mm",
            min(abs((left + right) / 2 - c) for c in centres) <= tol * 2, "第1页")
    for name, pair, thick_first in (("上双线", m.upper_double, True), ("下双线", m.lower_double, False)):
        if len(pair) != 2:
            out.add(name, "未发现", "红色双线", "", False, "第1页")
            continue
        order_ok = (pair[0].thickness > pair[1].thickness) == thick_first and pair[0].thickness != pair[1].thickness
        out.add(f"{name}粗细", _pair_text(pair), "上粗下细" if thick_first else "上细下粗", "", order_ok, "第1页")
        length = out.value("rule_length")
        worst = max(pair, key=lambda r: abs(r.length - length))
        mid = (worst.x0 + worst.x1) / 2
        out.add(f"{name}长度和居中", f"长 {mm(worst.length)}，中心 {mm(mid)}",
                f"长 {mm(length)}，中心 {mm(centres[0])}（页面）或 {mm(centres[1])}（版心）", f"±{tol:g} mm",
                abs(worst.length - length) <= tol and min(abs(mid - c) for c in centres) <= tol, "第1页")
        _red(m, out, f"{name}颜色", [r.color for r in pair], out.tol("color"))
    if len(m.upper_double) == 2:
        gap = m.upper_double[0].y - m.upper_double[0].thickness / 2 - bottom
        want = out.value("rule_gap")
        tol = out.tol("gap")
        out.add("上双线距标志", mm(gap), mm(want), f"±{tol:g} mm", abs(gap - want) <= tol, "第1页")
    if len(m.lower_double) == 2:
        lower = m.lower_double[1]
        want = page.height - out.value("bottom_rule")
        error = min(abs(lower.y - want), abs(lower.y + lower.thickness / 2 - want))
        tol = out.tol("position")
        out.add("下双线位置", f"{mm(lower.y + lower.thickness / 2)}（下沿）",
                f"{mm(want)}（距页面下边缘 {out.value('bottom_rule'):g} mm）", f"±{tol:g} mm", error <= tol, "第1页")


@RULES.rule("L32", tolerances=("edge", "gap", "title_gap"), values=("number_gap_em",), formats=("letter",))
def l32_letter_body(m: Measure, out: Out) -> None:
    """信函 (10.1): 发文字号 flush right 7/8 of a 3号 character under the double rule, 份号/密级/紧急程度 at
    the left, the title 2 lines below the last of them, no page number on page 1, a 版记 without 印发 and rules."""
    b = m.block
    rule = m.upper_double[-1] if m.upper_double else None
    tol = out.tol("edge")
    gap_tol = out.tol("gap")
    want_gap = out.value("number_gap_em") * pt_to_mm(m.body_size)
    edge = rule.y + rule.thickness / 2 if rule else 0.0
    if m.doc_number is None:
        out.na("发文字号", "双线下没有发文字号")
    else:
        number = m.doc_number
        out.add("发文字号居右", f"右端 {mm(number.x1)}", f"{mm(b.right)}（版心右边缘）", f"±{tol:g} mm",
                abs(number.x1 - b.right) <= tol, "第1页")
        if rule is not None:
            gap = number.top - edge
            out.add("发文字号距双线", mm(gap), f"{mm(want_gap)}（3号字高的 7/8）", f"±{gap_tol:g} mm",
                    abs(gap - want_gap) <= gap_tol, "第1页")
    if m.head_elements and rule is not None:
        first = m.head_elements[0]
        worst = max(m.head_elements, key=lambda ln: abs(ln.x0 - b.left))
        ok = abs(worst.x0 - b.left) <= tol and abs(first.top - edge - want_gap) <= gap_tol
        out.add("份号密级紧急程度", f"左端 {mm(worst.x0)}，首项距双线 {mm(first.top - edge)}",
                f"左端 {mm(b.left)}，距双线 {mm(want_gap)}", f"±{tol:g} mm", ok, "第1页")
    above = [ln for ln in [*m.head_elements, m.doc_number] if ln is not None]
    if m.title and above:
        last = max(ln.bottom for ln in above)
        gap = m.title[0].top - last
        expected = m.gap_expected(2)
        title_tol = out.tol("title_gap")
        out.add("标题位置", mm(gap), f"{mm(expected)}（下空二行）", f"±{title_tol:g} mm", abs(gap - expected) <= title_tol,
                "第1页", _N1)
    first_number = m.page_numbers.get(0)
    out.add("首页不编页码", f"“{first_number.text}”" if first_number else "无页码", "无页码", "", first_number is None,
            "第1页")
    if m.colophon_page is None:
        out.na("版记", "没有版记（抄送）")
        return
    printed = [ln for ln in m.colophon_lines if ln.text.endswith("印发")]
    rules = m.colophon_rules
    measured = "、".join(x for x in ("有印发机关和印发日期" if printed else "", f"{len(rules)} 条分隔线" if rules else "") if x)
    out.add("版记", measured or "无印发、无分隔线", "无印发机关和印发日期，无分隔线", "", not printed and not rules,
            f"第{m.colophon_page + 1}页")


@RULES.rule("L33", tolerances=("top", "centre", "gap", "color"), values=("mark_top", "number_gap_lines", "text_gap_lines"),
            formats=("order",))
def l33_order_head(m: Measure, out: Out) -> None:
    """命令（令）(10.2): mark top 20 mm below the block top, centred, red; 令号 centred 2 lines below; 正文
    2 lines below the 令号."""
    b = m.block
    bottom = _chapter10_mark(m, out, "令标志", "红色发文机关标志（××令）")
    if bottom is None:
        return
    tol = out.tol("centre")
    number = m.order_number
    gap_tol = out.tol("gap")
    if number is None:
        out.add("令号", "未发现", "标志下空二行居中的 “第N号”", "", False, "第1页")
        return
    n = out.value("number_gap_lines")
    gap = number.top - bottom
    out.add("令号位置", f"中心 {mm(centre_x(number))}，距标志 {mm(gap)}", f"中心 {mm(b.centre)}，距标志 {mm(m.gap_expected(n))}（空{n:g}行）",
            f"±{tol:g} mm；间距 ±{gap_tol:g} mm",
            abs(centre_x(number) - b.centre) <= tol and abs(gap - m.gap_expected(n)) <= gap_tol, "第1页", _N1)
    text = [ln for ln in m.body[0] if ln.top > number.bottom and ln is not number]
    if not text:
        out.na("正文位置", "第1页令号下没有正文")
        return
    n = out.value("text_gap_lines")
    gap = text[0].top - number.bottom
    out.add("正文位置", f"距令号 {mm(gap)}", f"{mm(m.gap_expected(n))}（空{n:g}行）", f"±{gap_tol:g} mm",
            abs(gap - m.gap_expected(n)) <= gap_tol, "第1页", _N1)


@RULES.rule("L34", tolerances=("top", "centre", "indent", "color"), values=("mark_top",), formats=("minutes",))
def l34_minutes(m: Measure, out: Out) -> None:
    """纪要 (10.3): mark top 35 mm below the block top, centred, red; 出席/请假/列席 in 3号黑体 two characters
    in, names in 仿宋 after the full-width colon, wrapped lines under the first character after the colon."""
    b = m.block
    if _chapter10_mark(m, out, "纪要标志", "红色 “××纪要”") is None:
        return
    lists = _attendee_lists(m)
    if not lists:
        out.na("出席、请假、列席", "没有出席、请假、列席名单")
        return
    indent = b.left + m.profile.body.first_line_indent_chars * b.cell
    tol = out.tol("indent")
    bad: list[str] = []
    for label, wrapped in lists:
        name = label.text[:2]
        label_font = font_family(label.glyphs[0].font)
        names = [g for g in label.glyphs[3:]] + [g for ln in wrapped for g in ln.glyphs]
        name_fonts = {font_family(g.font) for g in names}
        if abs(label.x0 - indent) > tol:
            bad.append(f"{name}左端 {mm(label.x0)}（应为 {mm(indent)}）")
        if label_font != "hei" or abs(label.size - m.profile.font("body").size) > 0.3:
            bad.append(f"{name}为 {FAMILY_NAMES.get(label_font or '', label.glyphs[0].font)} {label.size:g} pt（应为3号黑体）")
        if names and name_fonts - {"fang"}:
            bad.append(f"{name}名单不是仿宋")
        after_colon = label.glyphs[3].x0 if len(label.glyphs) > 3 else label.x1
        for ln in wrapped:
            if abs(ln.x0 - after_colon) > tol:
                bad.append(f"{name}转行左端 {mm(ln.x0)}（应与冒号后首字 {mm(after_colon)} 对齐）")
                break
    out.add("出席、请假、列席", "；".join(bad[:3]) or f"{len(lists)} 项均符合", "标签3号黑体、左空二字；名单仿宋，转行与冒号后首字对齐",
            f"±{tol:g} mm", not bad, "、".join(f"第{label.page + 1}页" for label, _ in lists[:1]))


def _attendee_lists(m: Measure) -> list[tuple[TextLine, list[TextLine]]]:
    """Each 出席/请假/列席 line with the lines that continue its list (the next lines up to the next label
    or a gap of more than a line)."""
    out: list[tuple[TextLine, list[TextLine]]] = []
    for page in m.pages:
        lines = m.body[page.index]
        for i, ln in enumerate(lines):
            if ln.text.startswith(_ATTENDEES) and ln.text[2:3] in ("：", ":"):
                wrapped: list = []
                for nxt in lines[i + 1:]:
                    if nxt.text.startswith(_ATTENDEES) or nxt.baseline - (wrapped or [ln])[-1].baseline > 1.5 * m.block.pitch:
                        break
                    wrapped.append(nxt)
                out.append((ln, wrapped))
    return out

