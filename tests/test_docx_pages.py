"""The .docx begins the pages the layout began for the 版记 and leaves them unnumbered as the PDF does (7.5), so Word and
LibreOffice put the 版记 on the same even page: checked in the XML and through LibreOffice against our PDF."""

from __future__ import annotations

import io
import re
import shutil
import zipfile

import pytest

from officialdocs import load_profile, parse_markup
from officialdocs.pipeline import render_formats

from .conftest import ROOT, convert_to_pdf
from .measure import horizontal_rules, lines, open_pdf

TEXT = ("各级双拥组织要着眼部队现代化建设需要，服务军事斗争准备，及时掌握驻地部队建设所需、所急、所难问题的相关信息，"
        "积极协调有关部门，想方设法帮助部队克服困难，解决问题。")

# The text ends on page 2 with the closing block on its last lines: the 版记 cannot share that page, and a page of
# its own would be page 3 (odd), so the layout puts a blank page first and numbers neither (7.5).
BLANK_PAGE_FIRST = """---
issuer: ××区双拥工作领导小组
doc_number: 区双拥〔2011〕34号
title: 关于做好双拥工作的通知
recipients: [各镇人民政府]
signature: ××区双拥工作领导小组
date: 2011-06-01
seal: seal.png
cc: [市双拥办]
printed_by: ××区双拥办
printed_on: 2011-06-02
---

""" + "\n\n".join([TEXT] * 8) + "\n\n特此通知。\n"

# A landscape table ends the last attachment: the portrait section after it begins the blank page by itself.
ROWS = "".join(f"| {i} | 召开本区双拥表彰大会并总结经验做法 | 区双拥办 | 区民政局、区人武部、区委宣传部 | 8月底前 | 张×× "
               f"| 1234567{i % 10} | 无 | 推进中 | 按期完成 |\n" for i in range(1, 16))
LANDSCAPE_LAST = """---
issuer: ××区双拥工作领导小组
doc_number: 区双拥〔2011〕8号
title: 关于印发2011年双拥工作任务分解表的通知
recipients: [区各有关部门]
signature: ××区双拥工作领导小组
date: 2011-02-01
printed_by: ××区双拥工作领导小组办公室
printed_on: 2011-02-01
---

现将2011年双拥工作任务分解表印发给你们，请认真贯彻落实。

# 附件：2011年双拥工作任务分解表

| 序号 | 工作任务 | 牵头单位 | 配合单位 | 完成时限 | 责任人 | 联系电话 | 备注说明 | 进展情况 | 督办意见 |
|:---:|---|---|---|:---:|---|---|---|---|---|
""" + ROWS

# 7.3.5.5: page 1 has room for the text and the closing block only when the layout closes up the empty line above
# the 署名; the .docx must be given that decision, or Word moves the text with the block and page 1 has none.
GAP_CLOSED = """---
issuer: ××区双拥工作领导小组
doc_number: 区双拥〔2011〕40号
title: 关于2011年双拥工作的通报
recipients: [各镇人民政府]
signature: ××区双拥工作领导小组
date: 2011-12-01
remark: 此件公开发布
---

""" + TEXT + """

# 附件：2011年双拥工作统计表

| 项目 | 数量 |
|---|---:|
| 走访慰问 | 123 |
"""

# A page break typed after text that fills page 1 to its last line.
LINE = "各级双拥组织要着眼部队现代化建设需要服务军事斗争准备"  # 26 characters after the 2-character indent: one line
BREAK_AFTER_FULL_PAGE = """---
issuer: ××区双拥工作领导小组
doc_number: 区双拥〔2011〕50号
title: 关于做好双拥工作的通知
recipients: [各镇人民政府]
signature: ××区双拥工作领导小组
date: 2011-06-01
---

""" + "\n\n".join([LINE] * 8) + "\n\n<!-- pagebreak -->\n\n第二页的正文。\n"

# 7.3.6: the 附注 on the line after the 成文日期, also when a seal image hangs below the date.
SEALED_REMARK = """---
issuer: ××区双拥工作领导小组
doc_number: 区双拥〔2011〕15号
title: 关于表彰2010年度双拥模范单位的决定
recipients: [各镇人民政府]
signature: ××区双拥工作领导小组
date: 2011-06-01
seal: seal.png
remark: 此件发至镇街道
---

""" + TEXT + "\n"

PAGE_NUMBER = re.compile(r"^—\s*\d+\s*—$")


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    folder = tmp_path_factory.mktemp("docx_pages")
    shutil.copy(ROOT / "tests" / "data" / "seal.png", folder / "seal.png")
    out = {}
    for name, text in (("blank_first", BLANK_PAGE_FIRST), ("landscape_last", LANDSCAPE_LAST), ("gap", GAP_CLOSED),
                       ("full_page_break", BREAK_AFTER_FULL_PAGE), ("sealed_remark", SEALED_REMARK)):
        doc = parse_markup(text, source=f"{name}.md", base_dir=folder)
        files = render_formats(doc, load_profile(), ["docx", "pdf"]).files
        (folder / f"{name}.docx").write_bytes(files["docx"])
        (folder / f"{name}.pdf").write_bytes(files["pdf"])
        out[name] = folder
    return out


def _pages(path):
    with open_pdf(path) as pdf:
        return [([ln.text.replace(" ", "") for ln in lines(p)] + _turned(p),
                 horizontal_rules(p)) for p in pdf.pages]


def _turned(page) -> list[str]:
    """Text turned a quarter clockwise, read top to bottom: a landscape page's number (clause 8)."""
    chars = [c for c in page.chars if c["matrix"][1] < 0 < c["matrix"][2] and c["text"].strip()]
    return ["".join(c["text"] for c in sorted(chars, key=lambda c: c["top"]))] if chars else []


def test_no_page_break_paragraph_and_an_unnumbered_last_section(rendered):
    """A paragraph holding only a page break takes a line of the page it ends: on a full page that line goes over
    and the break makes one page too many. The blank page and the 版记 page are a section with empty footers."""
    with zipfile.ZipFile(io.BytesIO((rendered["blank_first"] / "blank_first.docx").read_bytes())) as z:
        xml = z.read("word/document.xml").decode()
        footers = {n: z.read(n).decode() for n in z.namelist() if n.startswith("word/footer")}
        rels = z.read("word/_rels/document.xml.rels").decode()
    assert 'w:type="page"' not in xml
    assert xml.count("<w:pageBreakBefore/>") == 1
    sects = re.findall(r"<w:sectPr.*?</w:sectPr>", xml)
    assert len(sects) == 2

    def numbered(sect):
        ids = re.findall(r'<w:footerReference w:type="(?:default|even)" r:id="(\w+)"', sect)
        targets = [re.search(rf'Id="{i}"[^>]*Target="([^"]+)"|Target="([^"]+)"[^>]*Id="{i}"', rels) for i in ids]
        names = ["word/" + next(g for g in t.groups() if g) for t in targets]
        return [" PAGE " in footers[n] for n in names]

    assert numbered(sects[0]) == [True, True]
    assert numbered(sects[1]) == [False, False]


@pytest.mark.slow
@pytest.mark.parametrize("name", ["blank_first", "landscape_last"])
def test_libreoffice_puts_the_colophon_on_the_pdfs_even_page_unnumbered(rendered, name):
    folder = rendered[name]
    ours = _pages(folder / f"{name}.pdf")
    lo = _pages(convert_to_pdf(folder / f"{name}.docx", folder / "lo"))
    assert len(ours) == 4 if name == "blank_first" else 6
    assert len(lo) == len(ours)
    for pages in (ours, lo):
        texts, rules = pages[-1]
        assert any(t.endswith("印发") for t in texts) and len(rules) >= 2  # the 版记 is on the last page
        assert not any(PAGE_NUMBER.match(t) for t in pages[-1][0] + pages[-2][0])  # blank + 版记 page: no number
        assert pages[-2][0] == []  # the blank page
        assert any(PAGE_NUMBER.match(t) for t in pages[-3][0])  # the text's last page keeps its number


def _empty_before_signature(xml: bytes) -> int:
    from lxml import etree

    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    texts = ["".join(t.text or "" for t in p.iter(f"{w}t")) for p in etree.fromstring(xml).iter(f"{w}p")]
    at = max(i for i, t in enumerate(texts) if t == "××区双拥工作领导小组")
    return at - 1 - max(i for i, t in enumerate(texts[:at]) if t)


def test_the_closing_gap_is_the_layouts(rendered):
    """The anatomy asks one empty line above the unsealed 署名; the layout closed it up to keep page 1's text."""
    with zipfile.ZipFile(rendered["gap"] / "gap.docx") as z:
        xml = z.read("word/document.xml")
    assert _empty_before_signature(xml) == 0


@pytest.mark.slow
def test_libreoffice_keeps_the_text_and_closing_block_on_page_1_as_the_pdf(rendered):
    folder = rendered["gap"]
    ours = _pages(folder / "gap.pdf")
    lo = _pages(convert_to_pdf(folder / "gap.docx", folder / "lo"))
    assert len(lo) == len(ours) == 2
    for pages in (ours, lo):
        page1 = pages[0][0]
        assert any(t.startswith("各级双拥组织") for t in page1)
        assert any(t == "2011年12月1日" for t in page1) and any(t == "（此件公开发布）" for t in page1)


@pytest.mark.slow
def test_a_page_break_after_a_full_page_makes_no_blank_page(rendered):
    folder = rendered["full_page_break"]
    with zipfile.ZipFile(folder / "full_page_break.docx") as z:
        assert 'w:type="page"' not in z.read("word/document.xml").decode()
    ours = _pages(folder / "full_page_break.pdf")
    lo = _pages(convert_to_pdf(folder / "full_page_break.docx", folder / "lo"))
    assert sum(t == LINE for t in ours[0][0]) == 8  # page 1 is full: its last line is the eighth
    assert len(lo) == len(ours) == 2
    assert lo[1][0][0] == ours[1][0][0] == "第二页的正文。"


@pytest.mark.slow
def test_the_remark_is_on_the_line_after_the_sealed_date(rendered):
    """The seal's lower half reserves lines below the date; the 附注 fills them, no empty line comes first."""
    folder = rendered["sealed_remark"]
    for path in (folder / "sealed_remark.pdf", convert_to_pdf(folder / "sealed_remark.docx", folder / "lo")):
        with open_pdf(path) as pdf:
            found = {ln.text.replace(" ", ""): ln.top for ln in lines(pdf.pages[0])}
        assert abs(found["（此件发至镇街道）"] - found["2011年6月1日"] - 10.23) < 0.5, path


def test_check_reads_the_page_numbers_of_page_1s_section(rendered):
    """`officialdocs check` on the .docx: the footers with PAGE fields are the first section's (D06)."""
    from officialdocs.check import check_file

    report = check_file(rendered["blank_first"] / "blank_first.docx")
    d06 = [r for r in report.results if r.id == "D06"]
    assert d06 and all(r.passed for r in d06) and report.ok
