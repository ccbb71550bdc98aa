"""Tables that read and always fit (issue 10.6): widths from content, header cells on one line, unit names and
dates never broken, 小四 then landscape when too wide, never outside the page, captions with their table."""

from __future__ import annotations

import io
import zipfile

import pytest
from lxml import etree

from officialdocs import OfficialDocsError, load_plan_text, load_profile, parse_markup
from officialdocs.pipeline import render_formats
from officialdocs.tablegrid import atoms, fit_table, list_lines

from .conftest import convert_to_pdf
from .measure import lines, open_pdf

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
UNITS = ["区委宣传部", "区人武部", "区退役军人事务局", "区财政局", "区民政局", "区人力资源和社会保障局", "华新镇",
         "××工业园区管委会", "夏阳街道", "区教育局"]


def test_atoms_and_list_lines():
    assert atoms("区委宣传部、区人武部，区财政局") == ["区委宣传部", "区人武部", "区财政局"]
    assert list_lines("区委宣传部、区人武部、区退役军人事务局", 11) == ["区委宣传部、区人武部、", "区退役军人事务局"]
    assert list_lines("区委宣传部、区人武部、区退役军人事务局", 10) == ["区委宣传部、", "区人武部、", "区退役军人事务局"]
    assert list_lines("区委宣传部", 10) is None  # fits on one line
    assert list_lines("认真做好全年双拥工作的各项任务安排", 8) is None  # running text: the media break it


def test_columns_from_content_header_on_one_line_and_units_whole():
    rows = [["序号", "工作任务", "牵头单位", "配合单位", "完成时限"]] + [
        [str(i), "认真做好迎接全国双拥模范城考评验收的各项准备工作", UNITS[i % 10], "、".join(UNITS[:4]),
         "2011年6月底前"] for i in range(1, 9)]
    fit = fit_table(rows, 1, load_profile())
    char = fit.size_pt * 25.4 / 72
    padding = 2 * load_profile().table.cell_margin + char / 2
    room = [(w - padding) / char for w in fit.widths_mm]
    assert room[2] >= 8 and room[4] >= 6.5 and room[0] >= 2  # 区退役军人事务局, 2011年6月底前, 序号
    assert fit.landscape or sum(fit.widths_mm) == pytest.approx(156, abs=0.01)


def _table(cols: int) -> list[list[str]]:
    return [[f"指标{i}" for i in range(cols)]] + [[f"数值{i}" for i in range(cols)] for _ in range(3)]


def test_too_wide_steps_down_then_turns_then_wraps_headers_then_fails():
    profile = load_profile()
    fits = []
    for n in range(4, 40):
        try:
            fits.append((n, fit_table(_table(n), 1, profile)))
        except OfficialDocsError:
            break
    assert 10 < len(fits) < 36  # a table fits until it has far too many columns
    kinds = [(f.landscape, f.size_pt) for _, f in fits]
    # The order of the fitting: portrait 4号, portrait 小四, landscape 4号, landscape 小四 — never backwards.
    order = [(False, 14.0), (False, 12.0), (True, 14.0), (True, 12.0)]
    ranks = [order.index(k) for k in kinds]
    assert ranks == sorted(ranks) and set(ranks) == {0, 1, 2, 3}
    for _, f in fits:
        assert sum(f.widths_mm) == pytest.approx(225 if f.landscape else 156, abs=0.01)
    with pytest.raises(OfficialDocsError, match="表格过宽"):
        fit_table([[f"第{i}项考核指标名称" for i in range(60)]] * 2, 1, profile, where="正文第3段")


TEN_BY_THIRTY = "---\ntitle: 关于报送2011年双拥工作考核指标完成情况的通知\n---\n请各单位对照下表填报。\n\n" + (
    "| " + " | ".join(f"考核指标{i}" for i in range(1, 11)) + " |\n|" + "---|" * 10 + "\n" + "".join(
        "| " + " | ".join(f"{r * 10 + c}" if c % 2 else f"完成{r}项" for c in range(10)) + " |\n" for r in range(30)))

CAPTIONED = "---\ntitle: 关于做好工作的通知\n---\n" + "各单位要认真组织，确保各项工作落实到位。\n\n" * 17 + (
    "表1 2011年双拥工作任务进度\n\n| 序号 | 任务 |\n|---|---|\n" + "".join(f"| {i} | 任务{i} |\n" for i in range(1, 6)))


def _render(text: str, tmp_path, name: str):
    files = render_formats(parse_markup(text, source=f"{name}.md"), load_profile(), ["docx", "pdf"]).files
    (tmp_path / f"{name}.pdf").write_bytes(files["pdf"])
    (tmp_path / f"{name}.docx").write_bytes(files["docx"])
    return tmp_path / f"{name}.pdf", tmp_path / f"{name}.docx"


def _inside(pdf) -> list[str]:
    """Glyphs outside the page or the block's reach (a table drawn off the page fails here)."""
    bad = []
    with open_pdf(pdf) as doc:
        for n, page in enumerate(doc.pages):
            for c in page.chars:
                if c["x0"] < 0 or c["x1"] > page.width or c["top"] < 0 or c["bottom"] > page.height:
                    bad.append(f"page {n + 1}: {c['text']}")
    return bad


@pytest.mark.slow
@pytest.mark.parametrize("medium", ["pdf", "docx"])
def test_ten_columns_thirty_rows_fit_inside_the_page_every_column_visible(tmp_path, medium):
    pdf, docx = _render(TEN_BY_THIRTY, tmp_path, "wide")
    target = pdf if medium == "pdf" else convert_to_pdf(docx, tmp_path / "lo")
    assert _inside(target) == []
    with open_pdf(target) as doc:
        text = "".join(c["text"] for page in doc.pages for c in page.chars)
    for i in range(1, 11):
        assert f"考核指标{i}" in text.replace("\n", "")  # every header, each on one line
    assert "29" in text and "完成29项" in text  # the last row too


@pytest.mark.slow
def test_a_caption_stays_with_the_first_row_of_its_table(tmp_path):
    pdf, _ = _render(CAPTIONED, tmp_path, "caption")
    with open_pdf(pdf) as doc:
        pages = [" ".join(ln.text for ln in lines(p)) for p in doc.pages]
    caption_page = next(i for i, t in enumerate(pages) if "表1" in t)
    assert "任务1" in pages[caption_page], pages


def _table_texts_pdf(pdf) -> list[str]:
    """Every line of 14 pt or smaller text (the tables), also on turned pages, where a line is a column of
    rotated glyphs sharing their x."""
    out = []
    with open_pdf(pdf) as doc:
        for page in doc.pages:
            chars = [c for c in page.chars if c["size"] <= 14.1 and c["text"].strip()]
            if chars and sum(not c["upright"] for c in chars) > len(chars) / 2:
                cols: dict[float, list[dict]] = {}
                for c in chars:
                    cols.setdefault(round(c["x0"] * 2) / 2, []).append(c)
                out += ["".join(c["text"] for c in sorted(cs, key=lambda c: -c["top"])) for cs in cols.values()]
            else:
                out += [ln.text for ln in lines(page) if ln.size <= 14.1]
    return out


@pytest.mark.slow
@pytest.mark.parametrize("medium", ["pdf", "docx"])
def test_task_table_headers_on_one_line_and_no_unit_name_broken(sample_family, medium):
    """The sample's task table (a portrait attachment of the cover notice, fitted to the 156 mm block), in both media."""
    from .conftest import family_files

    pdf = family_files(sample_family, "plan", "pdf")[0]
    if medium == "docx":
        pdf = convert_to_pdf(family_files(sample_family, "plan", "docx")[0], pdf.parent / "lo-tables")
    texts = _table_texts_pdf(pdf)
    for header in ("序号", "工作任务", "牵头单位", "配合单位", "完成时限"):
        assert any(header in t.replace(" ", "") for t in texts), header
    names = {"区委宣传部", "区人武部", "区退役军人事务局", "区民政局", "区财政局", "区人社局", "区双拥办"}
    joined = [t.replace(" ", "") for t in texts]
    broken = [n for n in names for t in joined if any(
        t.endswith(n[:k]) and any(u.startswith(n[k:]) for u in joined) for k in range(2, len(n) - 1))
        and not any(n in u for u in joined)]
    assert broken == []


@pytest.mark.slow
def test_a_200_unit_family_breaks_no_unit_name(tmp_path):
    units = [f"第{i}社区居民委员会" for i in range(1, 201)]
    yaml = "title: ××区2011年双拥工作要点\nsignature: ××区双拥工作领导小组\ndate: 2011-01-20\nunits:\n" + "".join(f"  - name: {u}\n" for u in units) + (
        "sections:\n  - title: 重点任务\n    items:\n" + "".join(
            f"      - title: 做好第{i}项双拥重点任务\n        lead: {units[i]}\n        partners: [{units[i + 1]}, "
            f"{units[i + 2]}, {units[i + 3]}]\n        due: 2011年6月底前\n" for i in range(0, 196, 4)))
    plan = tmp_path / "plan.yaml"
    plan.write_text(yaml, encoding="utf-8")
    from officialdocs import render_file

    result = render_file(plan, tmp_path / "out", ["pdf"], only=["plan"])
    texts = [t.replace(" ", "") for t in _table_texts_pdf(result.outputs[0].path)]
    for unit in units[:196:7]:  # the units with tasks
        assert any(unit in t for t in texts), unit  # each name whole on one line of a cell
    assert not any(t.endswith(("第", "社区居", "居民委")) for t in texts)


def test_plan_text_accepts_markdown_tables():
    """Section text in plan.yaml holds the same blocks as a .md file: a pipe table is a table, not |…| text."""
    from officialdocs.family import plan_markdown

    plan = load_plan_text("title: ××区2011年双拥工作要点\nsignature: ××区双拥工作领导小组\ndate: 2011-01-20\nsections:\n  - title: 工作目标\n    text: |\n"
                          "      全年目标如下。\n      | 指标 | 目标 |\n      |---|---|\n      | 走访覆盖率 | 100% |\n")
    doc = parse_markup(plan_markdown(plan), source="plan.yaml")
    from officialdocs.document import Table

    tables = [b for b in doc.blocks if isinstance(b, Table)]
    assert tables and tables[0].rows == [["指标", "目标"], ["走访覆盖率", "100%"]]
    files = render_formats(doc, load_profile(), ["docx"]).files
    body = etree.fromstring(zipfile.ZipFile(io.BytesIO(files["docx"])).read("word/document.xml"))
    assert body.findall(f".//{W}tbl") and "|" not in "".join(t.text or "" for t in body.iter(f"{W}t"))


ROSTER = """---
issuer: ××区人民政府办公室
doc_number: 区府办〔2024〕5号
title: 关于公布联络员名单的通知
recipients: [各镇人民政府]
signature: ××区人民政府办公室
date: 2024-03-01
---
现将名单公布如下。

# 附件：联络员名单

| 序号 | 单位 | 姓名 |
|:---:|---|---|
"""


def _roster(n: int) -> dict[str, bytes]:
    text = ROSTER + "".join(f"| {i} | ××镇人民政府第{i}村民委员会 | 王×× |\n" for i in range(1, n + 1))
    return render_formats(parse_markup(text, source="t.md"), load_profile(), ["docx", "pdf"]).files


def _rows_per_page(pdf_path) -> list[int]:
    with open_pdf(pdf_path) as pdf:
        return [sum(ln.text.endswith("王××") for ln in lines(page)) for page in pdf.pages]


def test_the_last_row_of_a_table_never_stands_alone_on_a_page(tmp_path):
    """18 rows: 17 fit on the attachment's first page and the 18th went over alone under the repeated header.
    The row before it goes over too; with 19 and 20 rows nothing moves. The .docx keeps the same two rows
    together: keepNext on the paragraphs of the row before the last, and on no other row."""
    for n, expected in ((18, [16, 2]), (19, [17, 2]), (20, [17, 3])):
        files = _roster(n)
        (tmp_path / f"t{n}.pdf").write_bytes(files["pdf"])
        assert _rows_per_page(tmp_path / f"t{n}.pdf")[1:] == expected, n
    body = etree.fromstring(zipfile.ZipFile(io.BytesIO(_roster(18)["docx"])).read("word/document.xml"))
    rows = body.findall(f".//{W}tbl")[0].findall(f"{W}tr")
    kept = [i for i, tr in enumerate(rows) if tr.find(f".//{W}keepNext") is not None]
    assert kept == [len(rows) - 2]
    assert all(p.find(f"{W}pPr/{W}keepNext") is not None for p in rows[-2].iter(f"{W}p"))


@pytest.mark.slow
def test_the_last_row_of_a_table_never_stands_alone_in_the_docx(tmp_path):
    """LibreOffice sets 19 rows on the page where the PDF sets 17: with 20 rows it left the 20th alone."""
    (tmp_path / "d.docx").write_bytes(_roster(20)["docx"])
    assert _rows_per_page(convert_to_pdf(tmp_path / "d.docx", tmp_path))[1:] == [18, 2]
