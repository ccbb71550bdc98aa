"""全角式 line breaking (issue 10.1): every mark a full cell, 28 characters a full line, kinsoku by pushing
the previous character down, units kept whole, no line stretched by more than a quarter character a gap."""

from __future__ import annotations

import json

import pytest

from officialdocs import load_profile, parse_markup
from officialdocs.cjk import may_end_line_text, may_start_line_text
from officialdocs.fonts import font_book
from officialdocs.layout import layout_document
from officialdocs.layout.flow import Frame
from officialdocs.layout.text import Piece
from officialdocs.writers.pdf import pdf_bytes_from_layout

from .layout_rules import typesetting_problems


def _profile(punctuation: str = "full"):
    profile = load_profile()
    return profile.model_copy(update={"pdf": profile.pdf.model_copy(update={"punctuation": punctuation})})


@pytest.fixture(scope="module")
def frame():
    profile = _profile()
    return Frame(profile, font_book(profile), [])


@pytest.fixture(scope="module")
def squeeze_frame():
    profile = _profile("squeeze")
    return Frame(profile, font_book(profile), [])


def _break(f: Frame, text: str, indent: int = 2):
    return f.lines([Piece(text, "body")], first_indent=indent * f.g.cell)


def _cells(line, f: Frame) -> float:
    return sum(g.natural for g in line.glyphs) / f.g.body_size


def _stretch(line, f: Frame) -> float:
    """Widest gap beyond the grid on a laid-out line, in characters."""
    return max((g.advance - (g.natural + (f.g.cell - f.g.body_size) * min(g.natural / g.size, 1)))
               for g in line.glyphs[:-1]) / f.g.body_size


TEXT = ("为贯彻落实全区双拥工作会议精神，进一步加强组织领导，落实工作责任，确保各项任务按时完成，现就做好"
        "今年双拥工作提出如下意见：一要提高认识，二要加强领导，三要狠抓落实，四要强化宣传，五要注重实效。")


def test_full_lines_hold_28_full_cells(frame):
    lines = _break(frame, TEXT * 3)
    assert len(lines) >= 5
    for line in lines[:-1]:
        indent = round(line.x / frame.g.cell)
        assert indent + len(line.text) in (27, 28), line.text  # 27 only when a character was pushed down
        assert line.width == pytest.approx(frame.g.measure - line.x, abs=0.01)
        # No mark squeezed: every glyph keeps at least its grid cell.
        assert all(g.advance >= frame.g.cell - 0.01 for g in line.glyphs), line.text
    assert sum(round(ln.x / frame.g.cell) + len(ln.text) == 28 for ln in lines[:-1]) >= len(lines) - 2


def test_kinsoku_pushes_the_previous_character_down(frame, squeeze_frame):
    text = "一、" * 12 + "二三，四五六七"  # indent 2 + 24 + 二三 fill the 28 cells; ， would be the 29th
    first, second = _break(frame, text)[:2]
    assert first.text == "一、" * 12 + "二"  # 三 moves down with the comma ...
    assert second.text.startswith("三，")
    assert first.width == pytest.approx(frame.g.measure - first.x, abs=0.01)  # ... and the line is justified
    assert _stretch(first, frame) < 0.05
    # The squeeze profile (book style) fits the comma by squeezing the line-end mark instead.
    first, _ = _break(squeeze_frame, text)[:2]
    assert first.text == "一、" * 12 + "二三，"
    cell = squeeze_frame.g.cell
    assert first.glyphs[-1].advance == pytest.approx(cell - 8, abs=0.01)  # the line-end mark gives half first
    squeezed = [g for g in first.glyphs[:-1] if g.advance < cell - 0.01]  # then the 、 inside, evenly
    assert {g.char for g in squeezed} == {"、"} and sum(cell - g.advance for g in squeezed) == pytest.approx(cell - 8, abs=0.01)


@pytest.mark.parametrize(("before", "unit", "cores"), [
    ("完成时限：", "8月1日前", ["8月1日"]), ("要求在", "2011年6月底前", ["2011年", "6月底"]),
    ("共有", "××工业园区", ["××"]), ("增长", "15%", ["15%"]), ("投入", "3万元", ["3万元"]),
    ("参加人员", "300余人", ["300余人"]), ("标准为", "GB/T 9704", ["GB/T"]), ("依据", "〔2011〕1号", ["〔2011〕", "1号"]),
])
def test_units_are_kept_whole(frame, before, unit, cores):
    """Wherever the line end falls inside the unit, its hard parts move down whole (a soft point such as
    8月1日|前 gives way only where the line would otherwise be stretched by over ⅛ character a gap)."""
    for pad in range(18, 28):
        lines = _break(frame, "一" * pad + before + unit + "，其余照常。", indent=0)
        texts = [ln.text for ln in lines]
        assert all(any(core in t for t in texts) for core in cores), (pad, texts)
        assert all(_stretch(ln, frame) <= 0.25 for ln in lines[:-1]), (pad, texts)


def test_a_wen_hao_breaks_after_its_year_rather_than_stretch_the_line(frame):
    # 24 characters leave exactly the four cells of 〔2011〕: breaking before 〔 would stretch the line by 4 cells.
    lines = _break(frame, "一" * 18 + "（区双拥〔2011〕1号）精神，结合实际制定本方案。")
    assert lines[0].text.endswith("〔2011〕") and lines[1].text.startswith("1号）")
    assert _stretch(lines[0], frame) < 0.01
    # The sample's case: only three cells are left, so 〔2011〕 moves down; the line is stretched by 3 cells
    # over 21 gaps (0.14 character a gap), within clreq's quarter.
    lines = _break(frame, "为贯彻落实《××区2011年双拥工作要点》（区双拥〔2011〕1号）精神，结合实际制定本方案。")
    assert lines[0].text.endswith("（区双拥") and lines[1].text.startswith("〔2011〕1号）")
    assert _stretch(lines[0], frame) < 0.15


def test_a_date_may_break_after_its_year_rather_than_stretch_the_line(frame):
    lines = _break(frame, "各单位要明确分管领导和具体责任人，制定本单位工作实施方案，并于2011年2月28日前报区双拥办。")
    assert [ln.text for ln in lines][:2] == ["各单位要明确分管领导和具体责任人，制定本单位工作实施",
                                             "方案，并于2011年2月28日前报区双拥办。"]
    lines = _break(frame, "各单位要对照工作要点，明确分管领导和具体责任人，制定本单位2011年双拥工作实施方案，"
                          "并于2011年2月28日前报区双拥办。")
    assert all(_stretch(ln, frame) < 0.15 for ln in lines[:-1]), [ln.text for ln in lines]
    assert not any(ln.text.endswith("2011年2") for ln in lines)


def test_a_line_that_cannot_break_may_overflow_nothing(frame):
    """A run with no legal break point at all is broken where the measure ends, never beyond it, and fills
    the line it starts on rather than leaving the words before it stretched across a line of their own."""
    for text in ("A" * 80, "代码：" + "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789" * 2 + "。"):
        lines = _break(frame, text)
        assert "".join(ln.text for ln in lines) == text
        assert len(lines) >= 2
        for ln in lines:
            assert ln.x + ln.width <= frame.g.measure + 0.01, (ln.text, ln.x + ln.width - frame.g.measure)
        assert all(_stretch(ln, frame) <= 0.25 for ln in lines[:-1]), [ln.text for ln in lines]


def test_a_hanging_label_is_not_stretched(frame):
    """出席：/抄送：/附件： hang their wrapped lines under the first name (10.3, 7.4.2, 7.3.4): a justified first
    line must not stretch the label, or the first name moves right of the names below it (1.4 mm in a 纪要)."""
    cell = frame.g.cell
    names = "、".join(f"{s}××" for s in "张李王赵钱孙周吴郑冯陈褚卫蒋沈韩杨")
    lines = frame.lines([Piece("出席：", "heading1"), Piece(names, "body")], first_indent=2 * cell,
                        rest_indent=5 * cell)
    assert len(lines) >= 2 and _stretch(lines[0], frame) > 0.05  # the first line is justified
    first_name = lines[0].x + sum(g.advance for g in lines[0].glyphs[:3])
    assert first_name == pytest.approx(lines[1].x, abs=0.01), (first_name - lines[1].x) / cell
    assert lines[0].x + lines[0].width == pytest.approx(frame.g.measure, abs=0.05)  # still flush right


URL_TEXT = ("请各单位将材料的电子版发送至邮箱office_zfb@example.gov.cn，联系电话：010-12345678，"
            "网址：https://www.example.gov.cn/zwgk/tzgg/index.html。")


def test_a_long_url_breaks_inside_rather_than_stretch_the_line(frame):
    """A URL or address too long for what is left of a line breaks inside (after a dot or a path's "/",
    before @ or _) rather than leave `010-12345678，网址：` stretched across the line before it."""
    lines = _break(frame, URL_TEXT)
    texts = [ln.text for ln in lines]
    assert "".join(texts) == URL_TEXT
    # Before: the first line stretched 0.66 character a gap; now the URL breaks after "www." (0.27: the
    # next piece "example." is a little wider than the four cells left).
    assert all(_stretch(ln, frame) <= 0.3 for ln in lines[:-1]), texts
    assert all(may_start_line_text(t) and may_end_line_text(t) for t in texts), texts
    assert "GB/T" in "".join(ln.text for ln in _break(frame, "一" * 25 + "按GB/T 9704执行。"))  # kept whole
    assert not any(t.endswith("GB/") for t in (ln.text for ln in _break(frame, "一" * 25 + "按GB/T 9704执行。")))


# ---------------------------------------------------------------------------------------- whole PDFs

SHAPES = """---
issuer: ××区人民政府办公室
doc_number: 区府办〔2024〕12号
title: 关于做好2024年全国普通高等学校毕业生就业创业和优化营商环境专项行动有关工作的通知
recipients: [各镇人民政府, 各街道办事处, ××经济技术开发区管委会, ××工业园区管委会, 区发展和改革委员会,
  区教育局, 区科学技术委员会, 区人力资源和社会保障局, 区财政局, 区商务委员会, 区市场监督管理局, 区税务局]
signature: ××区人民政府办公室
date: 2024-03-15
---

为深入贯彻落实《国务院办公厅关于优化调整稳就业政策措施全力促发展惠民生的通知》（国办发〔2023〕11号）精神，\
进一步做好2024年高校毕业生就业创业工作，经区政府同意，现将有关事项通知如下。

# 总体目标

到2024年12月底前，全区新增就业岗位不少于15000个，城镇调查失业率控制在5.5%以内，高校毕业生就业率达到\
95%以上，新培育市场主体3000户、高新技术企业120家，研发投入强度达到3.2%，营商环境评价进入全省前10名。\
采用ISO 9001质量管理体系和GB/T 19001标准，在2024年6月30日前完成PDCA循环评审，并于7月1日起实施。

# 主要任务

## 强化岗位供给。

各镇（街道）要在8月1日前摸清辖区内企业用工需求，建立“一人一档”“一人一策”服务台账，对有就业意愿的\
毕业生提供不少于3次岗位推介、1次职业指导、1次技能培训。区人社局牵头，区教育局、区财政局配合，\
完成时限：2024年9月30日。

## 优化营商环境。

深化“放管服”改革，推行“一网通办”“最多跑一次”，企业开办时间压缩至1个工作日以内，工程建设项目审批\
时间压缩至60个工作日以内；对符合条件的小微企业给予最高50万元、期限3年的创业担保贷款，财政按LPR的\
50%给予贴息。

| 序号 | 工作任务 | 牵头单位 | 完成时限 |
|---|---|---|---|
| 1 | 摸清企业用工需求并建立服务台账 | 区人社局 | 2024年8月1日前 |
| 2 | 企业开办时间压缩至1个工作日以内 | 区市场监督管理局 | 2024年6月底前 |

特此通知。
"""


def _render(tmp_path, source: str, punctuation: str = "full"):
    profile = _profile(punctuation)
    laid = layout_document(parse_markup(source, source="t.md"), profile, font_book(profile))
    path = tmp_path / f"{punctuation}.pdf"
    path.write_bytes(pdf_bytes_from_layout(laid))
    return path


LONG_RUNS = """---
issuer: ××区人民政府办公室
doc_number: 区府办〔2024〕5号
title: 关于报送材料的通知
recipients: [各单位]
signature: ××区人民政府办公室
date: 2024-03-01
---

请于2024年3月15日前将材料报送至区政府办公室，电子版发送至邮箱 zfb_office@example.gov.cn，\
联系电话：010-12345678，网址：https://www.example.gov.cn/zwgk/tzgg/index.html。

授权码：ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ。
"""


def test_long_urls_and_codes_stay_inside_the_block_and_pass_check(tmp_path):
    """Measured on the PDF: no glyph past the block's right edge (184 mm), no line stretched, and the
    checker's L02 (text inside the block) and L36 (line-start/line-end classes) pass."""
    import pdfplumber

    from officialdocs.check import check_file

    path = _render(tmp_path, LONG_RUNS)
    with pdfplumber.open(path) as pdf:
        right = max(c["x1"] for p in pdf.pages for c in p.chars) / 72 * 25.4
    assert right <= 184.5, f"text drawn to {right:.1f} mm"
    # Before: `010-12345678，网址：` alone on a full line, 4.5 characters between its words, and the code
    # drawn to 333 mm. Now the URL breaks after "zwgk/"; what stretch is left (0.52, 0.44 a gap) comes from
    # the unbreakable phone number and the URL's pieces, which the greedy line filler cannot do better with.
    assert [p for p in typesetting_problems(path, max_stretch=0.6) if p.startswith("stretched")] == []
    results = {r.id: r.status for r in check_file(path).results}
    assert results["L02"] == "pass" and results["L36"] == "pass", results


def test_other_shapes_keep_the_grid(tmp_path):
    """A long 主送, a three-line title, headings, a table, digits, percentages and Latin words in the text."""
    assert typesetting_problems(_render(tmp_path, SHAPES)) == []


def test_the_helper_sees_squeezed_marks_and_29_character_lines(tmp_path):
    """The squeeze profile still works, and the helper reports what it does (the helper can fail)."""
    found = typesetting_problems(_render(tmp_path, SHAPES + "\n" + "".join(TEXT + "一" * k for k in range(8)), "squeeze"))
    kinds = {p.split()[0] for p in found}
    assert "count" in kinds, found
    assert any("29 cells" in p for p in found)


def test_the_helper_sees_a_stretched_line(tmp_path):
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    from officialdocs.fonts import bundled_path

    pdfmetrics.registerFont(TTFont("TestFang", str(bundled_path("fang"))))
    path = tmp_path / "stretched.pdf"
    c = canvas.Canvas(str(path), pagesize=(595.28, 841.89))
    text = c.beginText()
    text.setFont("TestFang", 16)
    text.setTextOrigin(28 / 25.4 * 72, 841.89 - 150)
    text.setCharSpace(16 * 0.3)  # 0.3 character between every two characters: 21 characters fill the line
    text.textOut("一二三四五六七八九十一二三四五六七八九十一")
    c.drawText(text)
    c.save()
    assert [p.split()[0] for p in typesetting_problems(path)] == ["stretched"]


def test_the_sample_family_keeps_the_grid(sample_family):
    """Every PDF of the family: no mid-line squeeze, no 29-character line, no gap over a quarter character."""
    manifest = json.loads(sample_family.manifest.read_text(encoding="utf-8"))
    pdfs = [sample_family.manifest.parent / o["path"] for o in manifest["outputs"] if o["format"] == "pdf"]
    problems = {p.name: typesetting_problems(p) for p in pdfs}
    assert {name: found for name, found in problems.items() if found} == {}


LATIN_TITLE = LONG_RUNS.replace("title: 关于报送材料的通知", "title: 关于在政务系统中推广Python 3.10及Django Web框架的通知")


def test_a_title_broken_at_a_space_is_centred_without_it(tmp_path):
    """7.3.1 centres each title line: a break at the space between two Latin words drops the space, so neither
    line carries half a space of its own (the line ending in "Python " sat 1.2 mm off centre)."""
    import pdfplumber

    from officialdocs.titlebreak import break_title

    lines = break_title("关于在政务系统中推广Python 3.10及Django Web框架的通知", 20.1)
    assert len(lines) == 2 and all(ln == ln.strip() for ln in lines), lines
    with pdfplumber.open(_render(tmp_path, LATIN_TITLE)) as pdf:
        title = sorted({round(c["top"], 1) for c in pdf.pages[0].chars if 21 < c["size"] < 23})  # 2号
        assert len(title) == 2
        for top in title:
            chars = sorted((c for c in pdf.pages[0].chars if round(c["top"], 1) == top and c["text"].strip()),
                           key=lambda c: c["x0"])
            centre = (chars[0]["x0"] + chars[-1]["x1"]) / 2 * 25.4 / 72
            assert centre == pytest.approx(28 + 156 / 2, abs=0.3), (top, centre)
