"""PDF rules of the foot of the document: the closing block (7.3.4–7.3.5), the 版记 (7.4) and page numbers (7.5)."""

from __future__ import annotations

import re

from ...numerals import parse_date
from ...style import pt_to_mm
from ..colour import color_text, is_black
from ..rules import Out
from .measure import Measure
from .registry import RULES, mm, pages, spaced

_ATTACHMENT_NOTE = re.compile(r"^附\s*件\s*[：:]")


def _where(m: Measure) -> str:
    return f"第{m.colophon_page + 1}页" if m.colophon_page is not None else ""


@RULES.rule("L23", tolerances=("span", "position", "thickness", "color"), formats=("file", "order", "minutes"))
def l23_colophon_rules(m: Measure, out: Out) -> None:
    rules = m.colophon_rules
    if not rules:
        out.na("版记分隔线", "没有版记" if m.colophon_page is None else "版记没有分隔线")
        return
    st = m.profile.colophon
    b = m.block
    tol = out.tol("thickness")
    expected = [st.rule_thick] + [st.rule_thin] * (len(rules) - 2) + [st.rule_thick] if len(rules) > 1 else [st.rule_thick]
    measured = [r.thickness for r in rules]
    out.add("粗细和顺序", " / ".join(f"{t:.2f}" for t in measured) + " mm",
            " / ".join(f"{t:.2f}" for t in expected) + " mm（首末粗、中间细）", f"±{tol:g} mm",
            len(rules) >= 2 and all(abs(a - e) <= tol for a, e in zip(measured, expected, strict=True)), _where(m))
    tol = out.tol("span")
    worst = max(rules, key=lambda r: max(abs(r.length - b.width), abs(r.x0 - b.left)))
    out.add("长度和起点", f"{mm(worst.x0)} 起，长 {mm(worst.length)}", f"{mm(b.left)} 起，长 {mm(b.width)}", f"±{tol:g} mm",
            abs(worst.length - b.width) <= tol and abs(worst.x0 - b.left) <= tol, _where(m))
    last = rules[-1]
    tol = out.tol("position")
    lower = last.y + last.thickness / 2
    error = min(abs(last.y - b.bottom), abs(lower - b.bottom))
    out.add("末条位置", f"{mm(lower)}（下沿）", f"{mm(b.bottom)}（版心下边缘）", f"±{tol:g} mm", error <= tol, _where(m))
    tol = out.tol("color")
    bad = [r for r in rules if not is_black(r.color, tol)]
    out.add("颜色", color_text(bad[0].color) if bad else "黑色", "黑色", f"各通道 ≤ {tol:g}", not bad, _where(m))


@RULES.rule("L24")
def l24_colophon_last(m: Measure, out: Out) -> None:
    if m.colophon_page is None:
        out.na("版记位置", "没有版记")
        return
    last = len(m.pages) - 1
    page = m.pages[m.colophon_page]
    start = m.colophon_rules[0].y if m.colophon_rules else min(ln.top for ln in m.colophon_lines)
    after = [ln for ln in m.content[page.index] if ln.top > start and ln not in m.colophon_lines]
    ok = m.colophon_page == last and not after
    measured = f"第{m.colophon_page + 1}页（共{len(m.pages)}页）"
    out.add("版记位置", measured + ("，其下还有正文" if after else ""), "末页，其下无正文", "", ok, _where(m))


@RULES.rule("L25", formats=("file", "order", "minutes"))  # 信函: the last page's foot, whatever its parity (10.1)
def l25_even_last_page(m: Measure, out: Out) -> None:
    if m.colophon_page is None:
        out.na("版记页", "没有版记")
        return
    n = m.colophon_page + 1
    out.add("版记页页序", f"第{n}页", "偶数页（双面印刷时位于末页背面）", "", n % 2 == 0, f"第{n}页")


def _colophon_em(m: Measure) -> float:
    return pt_to_mm(m.profile.font("colophon").size) * m.profile.colophon.indent_chars


@RULES.rule("L26", tolerances=("indent", "size_pt"))
def l26_cc(m: Measure, out: Out) -> None:
    lines = [ln for ln in m.colophon_lines if ln.text.startswith(("抄送", "主送"))]
    role = m.profile.font("colophon")
    if not lines:
        out.na("抄送机关", "版记中没有抄送或主送")
        return
    tol = out.tol("size_pt")
    size = max(ln.size for ln in lines)
    out.add("抄送字号", f"{size:g} pt", f"{role.size:g} pt", f"±{tol:g} pt", abs(size - role.size) <= tol, _where(m))
    tol = out.tol("indent")
    expected = m.block.left + _colophon_em(m)
    worst = max(lines, key=lambda ln: abs(ln.x0 - expected))
    out.add("抄送左空一字", mm(worst.x0), f"{mm(expected)}（版心左边缘右 1 字）", f"±{tol:g} mm",
            abs(worst.x0 - expected) <= tol, _where(m))


@RULES.rule("L27", tolerances=("indent", "size_pt"), formats=("file", "order", "minutes"))
def l27_printed(m: Measure, out: Out) -> None:
    printed = [ln for ln in m.colophon_lines if ln.text.endswith("印发")]
    role = m.profile.font("colophon")
    if not printed:
        out.na("印发日期", "版记中没有印发日期")
        return
    ln = printed[-1]
    b = m.block
    one = _colophon_em(m)
    tol = out.tol("size_pt")
    out.add("印发字号", f"{ln.size:g} pt", f"{role.size:g} pt", f"±{tol:g} pt", abs(ln.size - role.size) <= tol, _where(m))
    tol = out.tol("indent")
    out.add("印发日期右空一字", mm(ln.x1), f"{mm(b.right - one)}（版心右边缘左 1 字）", f"±{tol:g} mm",
            abs(ln.x1 - (b.right - one)) <= tol, _where(m))
    by = [o for o in m.colophon_lines if abs(o.baseline - ln.baseline) < 0.5 and o.x1 < ln.x0]
    if by:
        out.add("印发机关左空一字", mm(by[0].x0), f"{mm(b.left + one)}（版心左边缘右 1 字）", f"±{tol:g} mm",
                abs(by[0].x0 - (b.left + one)) <= tol, _where(m))
    rules = m.colophon_rules
    above_last = len(rules) >= 2 and rules[-2].y < ln.centre_y < rules[-1].y
    out.add("印发行位置", "末条分隔线之上" if above_last else "不在末条分隔线之上", "紧靠末条分隔线之上", "", above_last, _where(m))


@RULES.rule("L28", tolerances=("position", "size_pt"))
def l28_page_numbers(m: Measure, out: Out) -> None:
    """"一字线上距版心下边缘7 mm" has two readings in use: the dash (the middle of the em box) 7 mm below the
    block, or the top of the number's box 7 mm below it (Word templates). Either passes."""
    st = m.profile.page_number
    role = m.profile.font("page_number")
    if not m.page_numbers:
        out.na("页码", "没有找到页码")
        return
    b = m.block
    numbers = sorted(m.page_numbers.items())
    pattern = re.compile(rf"^{re.escape(st.dash)}\s?\d+\s?{re.escape(st.dash)}$")
    bad_text = [(i, ln) for i, ln in numbers if not pattern.match(spaced(ln))]
    example = spaced(numbers[0][1])
    out.add("页码格式", f"“{spaced(bad_text[0][1]) if bad_text else example}”",
            f"“{st.dash} N {st.dash}”（一字线 U+{ord(st.dash):04X}）", "", not bad_text, pages(i for i, _ in bad_text))
    tol = out.tol("size_pt")
    bad_size = [(i, ln) for i, ln in numbers if abs(ln.size - role.size) > tol]
    shown = bad_size[0][1].size if bad_size else numbers[0][1].size
    out.add("页码字号", f"{shown:g} pt", f"{role.size:g} pt", f"±{tol:g} pt", not bad_size, pages(i for i, _ in bad_size))
    tol = out.tol("position")
    offsets = []  # (page, error of the better reading, dash offset, top offset)
    for i, ln in numbers:
        dash, top = ln.centre_y - b.bottom, ln.top - b.bottom
        offsets.append((i, min(abs(dash - st.below_block), abs(top - st.below_block)), dash, top))
    worst = max(offsets, key=lambda o: o[1])
    # A landscape page (Word's landscape section) turns its footer with it; clause 8 keeps the number where the
    # other pages have it (at the foot of the sheet held upright, i.e. along the landscape page's long side).
    turned = [i for i, ln in numbers if i in m.turned and i not in m.turned_back]
    why = f"{pages(turned)}为横排页面，页码随页面转到了横排页的下方；横排表格的页码应与其他页码位置一致（第8条）" if turned else ""
    out.add("页码距版心下边缘", f"一字线 {mm(worst[2])}，页码上沿 {mm(worst[3])}",
            f"{mm(st.below_block)}（一字线或页码上沿在版心下边缘下）", f"±{tol:g} mm",
            all(o[1] <= tol for o in offsets), f"第{worst[0] + 1}页", why if worst[0] in turned else "")
    one = pt_to_mm(role.size) * st.outer_indent_chars
    sides: list[tuple[int, float, str]] = []
    for i, ln in numbers:
        if (i + 1) % 2:  # odd pages: right, one character in; even pages: left, one character in
            sides.append((i, ln.x1 - (b.right - one), f"右端 {mm(ln.x1)}"))
        else:
            sides.append((i, ln.x0 - (b.left + one), f"左端 {mm(ln.x0)}"))
    worst_side = max(sides, key=lambda s: abs(s[1]))
    out.add("单双页位置", f"第{worst_side[0] + 1}页{worst_side[2]}", f"单页右端 {mm(b.right - one)}，双页左端 {mm(b.left + one)}",
            f"±{tol:g} mm", all(abs(s[1]) <= tol for s in sides), pages(i for i, d, _ in sides if abs(d) > tol),
            why if worst_side[0] in turned else "")


@RULES.rule("L29")
def l29_page_sequence(m: Measure, out: Out) -> None:
    if not m.page_numbers:
        out.na("页码连续", "没有找到页码")
        return
    count = len(m.pages)
    wrong = [i for i, ln in m.page_numbers.items() if ln.page_number != i + 1]
    # Unnumbered pages are allowed at the end (the 版记 page and the blank page before it) and on page 1 (信函).
    allowed = {0, count - 1, count - 2}
    missing = [i for i in range(count) if i not in m.page_numbers and i not in allowed]
    bad = sorted(set(wrong) | set(missing))
    measured = "、".join(f"{i + 1}:{m.page_numbers[i].page_number if i in m.page_numbers else '无'}"
                        for i in bad[:4]) if bad else f"1–{count} 连续"
    out.add("页码连续", measured, "与页序一致；只有版记页及其前的空白页可不编页码", "", not bad, pages(bad))


@RULES.rule("L41")
def l41_closing_block_alone(m: Measure, out: Out) -> None:
    """A page must not open with the closing block (附件说明, 署名, 成文日期) with no 正文 above it: 7.3.5.5
    asks to adjust spacing so that seal and date stay with the text (the 1999 text forbade "此页无正文")."""
    bad: list[tuple[int, str]] = []
    for page in m.pages[1:]:
        lines = sorted((ln for ln in m.content[page.index] if ln not in m.colophon_lines), key=lambda ln: ln.top)
        if not lines:
            continue
        first = lines[0]
        text = first.text.strip()
        if _ATTACHMENT_NOTE.match(text):
            bad.append((page.index, f"附件说明 “{text[:10]}”"))
        elif _is_date(text):
            bad.append((page.index, f"成文日期 “{text}”"))
        elif first.x0 > m.block.centre - m.block.cell and any(_is_date(ln.text.strip()) for ln in lines[1:3]):
            bad.append((page.index, f"署名 “{text[:12]}”"))
    shown = bad[0][1] if bad else "无"
    out.add("页首不为落款", f"{len(bad)} 页以落款开头：{shown}" if bad else shown, "附件说明、署名、成文日期之上有正文", "",
            not bad, pages(i for i, _ in bad), "落款单独成页时应调整行距、字距，使其与正文同处一面（7.3.5.5）" if bad else "")


def _is_date(text: str) -> bool:
    """A whole line that is a date as 公文 write it (2011年1月20日, 二〇一一年一月二十日)."""
    if not text.endswith("日"):
        return False
    try:
        parse_date(text)
    except ValueError:
        return False
    return True
