"""The anatomy decides every GB/T 9704 element once; the PDF and the .docx (through LibreOffice) honour it the
same way. Each test pins one decision that used to be made twice and had drifted apart (issue 9)."""

from __future__ import annotations

import re
import shutil

import pytest

from officialdocs import OfficialDocsError, load_profile, parse_markup
from officialdocs.anatomy import build_anatomy
from officialdocs.anatomy.model import Mark, Para, Seal, Signers
from officialdocs.pipeline import render_formats

from .conftest import ROOT, convert_to_pdf
from .measure import MM, lines, open_pdf

LEFT, RIGHT = 28.0, 184.0
CELL = 156 / 28

CLOSING = """---
issuer: ××区双拥工作领导小组
doc_number: 区双拥〔2011〕5号
title: 关于做好走访慰问工作的通知
recipients: [各镇人民政府]
attachment_list: [××区2011年元旦春节期间走访慰问对象名单及慰问标准, 走访慰问工作联系表]
signature: ××区双拥工作领导小组
date: 2011-12-20
remark: 此件公开发布
cc: [市双拥工作领导小组办公室, 区委办公室, 区政府办公室]
printed_by: ××区双拥工作领导小组办公室
printed_on: 2011-12-21
---
请各单位认真组织好走访慰问工作。
"""

SEALED = """---
issuers: [××区人民政府, ××区人民武装部]
doc_number: 区府〔2011〕3号
signers: [张三, 李四, 王五]
title: 关于2011年双拥工作情况的报告
recipients: [××市人民政府]
signature: ××区人民政府
date: 2011-12-20
seal: seal.png
---
今年以来，我区认真贯彻落实上级关于双拥工作的部署要求，各项工作取得新进展。

特此报告。
"""


def anatomy_of(text: str):
    return build_anatomy(parse_markup(text, source="t.md", base_dir=ROOT / "tests" / "data"), load_profile())


def paras(anatomy, kind: str) -> list[Para]:
    return [e for e in anatomy.all_body() if isinstance(e, Para) and e.kind == kind]


# ------------------------------------------------------------------------------------ the decisions themselves

def test_unsealed_signature_and_date_rule():
    """7.3.5.2: 署名 ends 2 characters from the right; the date starts 2 characters right of its first character."""
    a = anatomy_of(CLOSING)
    (name,), (date,) = paras(a, "signature"), paras(a, "date")
    name_w, date_w = 11, 7  # ××区双拥工作领导小组 (× is full width); 2011年12月20日 with half-width digits
    assert name.first == pytest.approx(28 - 2 - name_w)
    assert date.first == pytest.approx(name.first + 2)
    assert date.first + date_w <= 28 - 2


def test_a_date_longer_than_the_signature_moves_the_signature_left():
    a = anatomy_of(CLOSING.replace("signature: ××区双拥工作领导小组", "signature: 区双拥办"))
    (name,), (date,) = paras(a, "signature"), paras(a, "date")
    assert date.first + 7 == pytest.approx(28 - 2)  # the date's right edge 2 characters in
    assert name.first == pytest.approx(date.first - 2)


def test_attachment_list_hangs_under_the_first_name():
    first, second = paras(anatomy_of(CLOSING), "attachment_list")
    assert first.text.startswith("附件：1.") and second.text.startswith("2.")
    assert first.first == 2 and first.left == pytest.approx(2 + 3 + 1)  # under the name, after “附件：1.”
    assert second.first == pytest.approx(2 + 3)


def test_remark_is_bracketed_once_and_indented():
    (remark,) = paras(anatomy_of(CLOSING.replace("remark: 此件公开发布", "remark: （此件公开发布）")), "remark")
    assert remark.text == "（此件公开发布）" and remark.first == 2


def test_colophon_rows():
    c = anatomy_of(CLOSING).colophon
    assert [r.kind for r in c.rows] == ["list", "printed"]
    assert c.rows[0].text == "抄送：市双拥工作领导小组办公室，区委办公室，区政府办公室。"
    assert c.rows[1].left == "××区双拥工作领导小组办公室" and c.rows[1].right == "2011年12月21日印发"


def test_signers_two_a_line_and_joint_mark_gap():
    a = anatomy_of(SEALED)
    (signers,) = [e for e in a.masthead if isinstance(e, Signers)]
    assert signers.lines == ["张三　李四", "王五"] and signers.doc_number == "区府〔2011〕3号"
    (mark,) = [e for e in a.masthead if isinstance(e, Mark)]
    assert mark.names == ["××区人民政府", "××区人民武装部"] and mark.suffix_gap_em == 0.5
    assert mark.top_mm == 72


def test_seal_is_one_decision():
    (seal,) = [e for e in anatomy_of(SEALED).body if isinstance(e, Seal)]
    assert seal.diameter_mm == 42 and seal.rise_mm == load_profile().body.seal_rise
    assert seal.centre_right == pytest.approx(4 + 7 / 2)  # centred on the date, which ends 4 characters in


def test_format_is_read_and_an_unregistered_one_is_refused(monkeypatch):
    import officialdocs.anatomy as anatomy

    text = CLOSING.replace("---\n", "---\nformat: minutes\n", 1)
    assert anatomy_of(text).format == "minutes"
    monkeypatch.delitem(anatomy.FORMATS, "minutes")
    with pytest.raises(OfficialDocsError) as exc:
        anatomy_of(text)
    assert "format" in str(exc.value) and "t.md" in str(exc.value)


def test_docx_only_never_lays_the_pages_out(monkeypatch):
    import officialdocs.layout as layout

    def boom(*args, **kwargs):
        raise AssertionError("laid out for a .docx")

    monkeypatch.setattr(layout, "layout_anatomy", boom)
    doc = parse_markup(CLOSING, source="t.md")
    rendered = render_formats(doc, load_profile(), ["docx"])
    assert rendered.files["docx"][:2] == b"PK" and rendered.pages is None


# ------------------------------------------------------------------------------------ both media, measured

@pytest.fixture(scope="module")
def media(tmp_path_factory):
    """Each document as our PDF and as the .docx converted by LibreOffice."""
    folder = tmp_path_factory.mktemp("anatomy")
    shutil.copy(ROOT / "tests" / "data" / "seal.png", folder / "seal.png")
    out = {}
    for name, text in (("closing", CLOSING), ("sealed", SEALED)):
        doc = parse_markup(text, source=str(folder / f"{name}.md"), base_dir=folder)
        files = render_formats(doc, load_profile(), ["docx", "pdf"]).files
        (folder / f"{name}.docx").write_bytes(files["docx"])
        (folder / f"{name}.pdf").write_bytes(files["pdf"])
        out[name] = {"pdf": folder / f"{name}.pdf", "docx": convert_to_pdf(folder / f"{name}.docx", folder / "lo")}
    return out


def _line(pdf, text: str):
    """The last line whose text is `text` (or starts with it, for a text ending in “…”), on any page (the last:
    a 署名 can read like a name of the joint mark above it)."""
    prefix = text.endswith("…")
    with open_pdf(pdf) as doc:
        found = [(n, ln) for n, page in enumerate(doc.pages) for ln in lines(page)
                 if (ln.text.startswith(text[:-1]) if prefix else ln.text == text)]
    assert found, f"no line {text!r} in {pdf}"
    return found[-1][1]


@pytest.mark.slow
@pytest.mark.parametrize("medium", ["pdf", "docx"])
def test_signature_date_and_remark_in_both_media(media, medium):
    pdf = media["closing"][medium]
    name, date, remark = _line(pdf, "××区双拥工作领导小组"), _line(pdf, "2011年12月20日"), _line(pdf, "（此件公开发布）")
    assert name.x0 + 11 * CELL == pytest.approx(RIGHT - 2 * CELL, abs=1.0)
    assert date.x0 - name.x0 == pytest.approx(2 * CELL, abs=0.8)
    assert remark.x0 == pytest.approx(LEFT + 2 * CELL, abs=0.8)


@pytest.mark.slow
@pytest.mark.parametrize("medium", ["pdf", "docx"])
def test_attachment_list_hangs_in_both_media(media, medium):
    pdf = media["closing"][medium]
    first, second = _line(pdf, "附件：1.…"), _line(pdf, "2.走访慰问工作联系表")
    with open_pdf(pdf) as doc:
        chars = [c for page in doc.pages for c in page.chars
                 if c["text"] == "×" and abs(c["top"] * MM - first.top) < 2]
    name_x = min(c["x0"] for c in chars) * MM  # the first character of the first name
    assert first.x0 == pytest.approx(LEFT + 2 * CELL, abs=0.8)
    assert second.x0 == pytest.approx(LEFT + 5 * CELL, abs=0.8)  # the number under the first number
    assert name_x > second.x0


@pytest.mark.slow
@pytest.mark.parametrize("medium", ["pdf", "docx"])
def test_seal_sits_on_signature_and_date_in_both_media(media, medium):
    """The 署名's glyph top sits `seal_rise` below the seal's centre, the seal centred on the date."""
    pdf = media["sealed"][medium]
    name, date = _line(pdf, "××区人民政府"), _line(pdf, "2011年12月20日")
    with open_pdf(pdf) as doc:
        page = [p for p in doc.pages if any(ln.text == "××区人民政府" for ln in lines(p))][-1]
        images = list(page.images)
    assert images, "no seal image"
    img = images[0]
    top, bottom = img["top"] * MM, img["bottom"] * MM
    centre_x, centre_y = (img["x0"] + img["x1"]) / 2 * MM, (top + bottom) / 2
    assert bottom - top == pytest.approx(42, abs=0.5)
    # LibreOffice widens the date by its Han-digit spacing (about 1.3 mm a gap, issue 10.8); Word does not.
    assert centre_x == pytest.approx((date.x0 + date.x1) / 2, abs=1.5 if medium == "pdf" else 3.5)
    # The glyph top of a 16 pt line is about 0.1 em below its em top: allow for fonts and renderers.
    assert name.top - centre_y == pytest.approx(load_profile().body.seal_rise, abs=1.5)


# ------------------------------------------------------------------------------------ page 1 and the closing block

LONG_RECIPIENTS = CLOSING.replace("recipients: [各镇人民政府]", "recipients: [" + ", ".join(
    f"××区第{i}镇人民政府" for i in range(1, 31)) + "]")


def test_a_main_recipient_list_that_would_fill_page_one_moves_to_the_colophon():
    """7.3.3 page 1 shows 正文; 7.4.2 a long 主送 goes to the 版记 as 主送：…。 (directly above 抄送)."""
    a = anatomy_of(LONG_RECIPIENTS)
    assert not paras(a, "recipients")
    assert [r.label for r in a.colophon.rows[:2]] == ["主送：", "抄送："]
    assert a.colophon.rows[0].text.endswith("人民政府。")
    kept = anatomy_of(LONG_RECIPIENTS.replace("---\n", "---\nrecipients_in_colophon: false\n", 1))
    assert paras(kept, "recipients")  # the writer's own choice wins
    assert paras(anatomy_of(CLOSING), "recipients")  # a short 主送 stays where it is


@pytest.mark.slow
def test_page_one_carries_text_and_the_colophon_has_no_rule_between_main_and_cc(tmp_path):
    doc = parse_markup(LONG_RECIPIENTS, source="t.md")
    files = render_formats(doc, load_profile(), ["pdf"]).files
    (tmp_path / "t.pdf").write_bytes(files["pdf"])
    with open_pdf(tmp_path / "t.pdf") as pdf:
        first = [ln.text for ln in lines(pdf.pages[0]) if ln.size == 16.0]
        assert any(t.startswith("请各单位") for t in first), first
        last = pdf.pages[-1]
        rows = {ln.text[:3]: ln for ln in lines(last) if ln.size == 14.0}
        rules = sorted(r["top"] * MM for r in last.lines + last.rects if (r["x1"] - r["x0"]) * MM > 150)
    main, cc = rows["主送："], rows["抄送："]
    assert main.top < cc.top
    assert not [y for y in rules if main.bottom < y < cc.top], "no rule between 主送 and 抄送 (7.4.2)"


def _district_recipients(n: int) -> str:
    names = "".join(f"\n  - ××市第{i}区人民政府及其所属各街道办事处" for i in range(1, n + 1))
    return CLOSING.replace("recipients: [各镇人民政府]", "recipients:" + names)


def test_a_main_recipient_list_moves_to_the_colophon_only_when_the_colophon_then_fits_the_block():
    """7.4.1/7.4.2: 30 long names would make a 版记 taller than the block (26 lines of 10.2 mm against 225 mm): the
    主送 stays in the 主体, even when asked for in the 版记; 15 names (13 lines) move."""
    for n, asked in ((30, ""), (30, "recipients_in_colophon: true\n")):
        a = anatomy_of(_district_recipients(n).replace("---\n", "---\n" + asked, 1))
        assert paras(a, "recipients") and [r.label for r in a.colophon.rows[:1]] == ["抄送："], (n, asked)
    a = anatomy_of(_district_recipients(15))
    assert not paras(a, "recipients") and a.colophon.rows[0].label == "主送："


@pytest.mark.slow
@pytest.mark.parametrize("n", [6, 15, 30])
def test_the_colophon_stays_on_the_page_with_its_last_rule_on_the_block_bottom(tmp_path, n):
    """Whatever the length of the 主送, no glyph or rule leaves the page, every rule of the 版记 lies in the block
    (37–262 mm) and its last rule is on the block's bottom edge, in the PDF and in the .docx (LibreOffice)."""
    files = render_formats(parse_markup(_district_recipients(n), source="t.md"), load_profile(), ["docx", "pdf"]).files
    (tmp_path / "t.pdf").write_bytes(files["pdf"])
    (tmp_path / "d.docx").write_bytes(files["docx"])
    for path in (tmp_path / "t.pdf", convert_to_pdf(tmp_path / "d.docx", tmp_path)):
        with open_pdf(path) as pdf:
            for page in pdf.pages:
                tops = [c["top"] * MM for c in page.chars if c["text"].strip()]
                assert not tops or (min(tops) >= 0 and max(c["bottom"] * MM for c in page.chars) <= 297), path
            last = pdf.pages[-1]
            rules = sorted((r["top"] + r["bottom"]) / 2 * MM for r in last.lines + last.rects
                           if (r["x1"] - r["x0"]) * MM > 150)
        assert len(rules) == 3, (path.name, rules)  # thick, thin above the 印发 row, thick
        assert rules[0] >= 37 - 0.5 and rules[-1] == pytest.approx(262, abs=1), (path.name, rules)


def _cc(n: int, name: str = "××区第{i}街道办事处社区工作委员会") -> str:
    names = ", ".join(name.format(i=i) for i in range(1, n + 1))
    return CLOSING.replace("cc: [市双拥工作领导小组办公室, 区委办公室, 区政府办公室]", f"cc: [{names}]")


@pytest.mark.parametrize("name, counts", [("××区第{i}街道办事处社区工作委员会", range(26, 34)),
                                          ("第{i}中学", range(90, 130, 3))], ids=["long-names", "short-names"])
def test_a_colophon_taller_than_the_block_is_refused_and_one_that_fits_stays_in_it(tmp_path, name, counts):
    """7.4.1: the 版记 lies in the last page's block. Around the limit (dozens of 抄送机关), every length either
    renders with all of the 版记 inside the block (37–262 mm) or is refused with a message that says why and what
    to do; 60 names used to be drawn up to 174 mm above the page."""
    refused = rendered = 0
    for n in counts:
        doc = parse_markup(_cc(n, name), source="t.md")
        try:
            pdf = render_formats(doc, load_profile(), ["pdf"]).files["pdf"]
        except OfficialDocsError as exc:
            assert "版记过长" in str(exc) and "统称" in str(exc) and "t.md" in str(exc)
            refused += 1
            continue
        rendered += 1
        (tmp_path / "t.pdf").write_bytes(pdf)
        with open_pdf(tmp_path / "t.pdf") as opened:
            colophon = [ln for ln in lines(opened.pages[-1]) if not re.fullmatch(r"—\s*\d+\s*—", ln.text)]
            assert colophon[0].chars[0]["top"] * MM >= 37 - 0.5, n  # the page number is not the 版记's
            assert colophon[-1].chars[0]["bottom"] * MM <= 262 + 0.5, n
    assert refused and rendered  # the range straddles the limit


def test_lint_and_check_only_refuse_the_colophon_render_refuses(tmp_path):
    """Pre-flight builds the anatomy as render does: `lint` and `render --check-only` say what render would."""
    from officialdocs.check.lint.api import lint_file
    from officialdocs.check.lint.preflight import check_source

    path = tmp_path / "cc.md"
    path.write_text(_cc(60), encoding="utf-8")
    found = [f for f in lint_file(path).findings if f.id == "P01"]
    assert len(found) == 1 and "版记过长" in found[0].message
    with pytest.raises(OfficialDocsError, match="版记过长"):
        check_source(path)


def _filler(n: int) -> str:
    return "\n\n".join("各单位要高度重视，认真组织，周密安排，确保各项工作落到实处，取得实效。" * 2 for _ in range(n))


@pytest.mark.slow
def test_the_closing_block_takes_two_lines_of_text_along_not_the_whole_paragraph(tmp_path):
    """Whatever the length of the text, the 附件说明 and signature never open a page alone, and when they must
    go over, exactly two lines of the text (the end of its last paragraph) go with them: the page before keeps
    the rest of that paragraph (issue 10.4)."""
    seen_break = False
    for n in range(1, 9):
        text = CLOSING.replace("请各单位认真组织好走访慰问工作。", _filler(n))
        doc = parse_markup(text, source="t.md")
        laid = render_formats(doc, load_profile(), ["pdf"])
        pdf = tmp_path / f"c{n}.pdf"
        pdf.write_bytes(laid.files["pdf"])
        with open_pdf(pdf) as d:
            pages = [[ln for ln in lines(p) if ln.size == 16.0 and not ln.text.startswith("—")] for p in d.pages]
        closing_page = next(i for i, p in enumerate(pages) if any(ln.text.startswith("附件：") for ln in p))
        before = [ln for ln in pages[closing_page] if ln.top < next(
            ln.top for ln in pages[closing_page] if ln.text.startswith("附件："))]
        assert len([ln for ln in before if ln.x0 < 40]) >= 1, f"{n}: the closing block opens page {closing_page + 1}"
        assert len(before) >= 2, f"{n}: fewer than two lines of text before the closing block"
        if closing_page > 0 and pages[closing_page - 1][-1].bottom < 262 - 5:  # the keep ended that page early
            seen_break = True
            assert len(before) == 2, f"{n}: {len(before)} lines of text went over, not two"
            assert before[0].x0 < 28.5, f"{n}: the whole last paragraph went over, not its last two lines"
    assert seen_break


# A one-line notice under a two-line title, with three attachments and a 附注: with its empty lines the
# closing block needs 9 lines and page 1 has 7 left, so it went over with the only line of 正文, leaving page 1
# with the title and 主送 alone (7.3.3). Closed up (7.3.5.5) it needs 7.
SHORT_NOTICE = """---
issuer: ××区人民政府办公室
doc_number: 区府办〔2024〕5号
title: 关于印发《××区2024年度重点工作任务分解方案》的通知
recipients: [各镇人民政府, 各街道办事处]
attachment_list: [××区2024年度重点工作任务分解表, ××区2024年度重点项目清单, 联系人名单]
signature: ××区人民政府办公室
date: 2024-03-01
remark: 此件公开发布
---
现将有关材料印发给你们，请认真贯彻执行。
"""


def test_a_closing_block_that_would_empty_page_one_closes_up_instead():
    """The decision is the anatomy's (both media follow it): the gaps above the 附件说明 and the signature close
    up only when the closing block would otherwise take every line of 正文 off page 1."""
    a = anatomy_of(SHORT_NOTICE)
    assert [p.gap_before for p in paras(a, "attachment_list")[:1] + paras(a, "signature")[:1]] == [0, 0]
    roomy = anatomy_of(SHORT_NOTICE.replace("title: 关于印发《××区2024年度重点工作任务分解方案》的通知", "title: 关于印发方案的通知")
                       .replace("remark: 此件公开发布\n", ""))
    assert [p.gap_before for p in paras(roomy, "attachment_list")[:1] + paras(roomy, "signature")[:1]] == [1, 1]
    long_text = anatomy_of(SHORT_NOTICE.replace("现将有关材料印发给你们，请认真贯彻执行。", _filler(3)))
    assert paras(long_text, "attachment_list")[0].gap_before == 1  # 正文 stays on page 1 anyway


def _page_one(pdf) -> list[str]:
    with open_pdf(pdf) as d:
        return [ln.text.replace(" ", "") for ln in lines(d.pages[0])]


def test_page_one_keeps_its_only_line_of_text_with_the_closing_block(tmp_path):
    from officialdocs.check import check_file

    files = render_formats(parse_markup(SHORT_NOTICE, source="t.md"), load_profile(), ["pdf"]).files
    (tmp_path / "t.pdf").write_bytes(files["pdf"])
    first = _page_one(tmp_path / "t.pdf")
    for text in ("现将有关材料印发给你们，请认真贯彻执行。", "××区人民政府办公室", "2024年3月1日", "（此件公开发布）"):
        assert text in first, first
    assert {r.id: r.status for r in check_file(tmp_path / "t.pdf").results}["L14"] == "pass"


@pytest.mark.slow
def test_page_one_keeps_its_only_line_of_text_in_the_docx(tmp_path):
    files = render_formats(parse_markup(SHORT_NOTICE, source="t.md"), load_profile(), ["docx"]).files
    (tmp_path / "t.docx").write_bytes(files["docx"])
    first = _page_one(convert_to_pdf(tmp_path / "t.docx", tmp_path / "lo"))
    for text in ("现将有关材料印发给你们，请认真贯彻执行。", "××区人民政府办公室", "2024年3月1日", "（此件公开发布）"):
        assert text in first, first


def test_a_document_that_opens_with_a_level_two_heading_renders(tmp_path):
    """The outline is well formed whatever the first heading's level (it crashed the PDF writer)."""
    doc = parse_markup("---\ntitle: 关于做好工作的通知\n---\n\n## 加强领导\n\n正文。\n\n# 总体要求\n\n正文。\n", source="t.md")
    files = render_formats(doc, load_profile(), ["pdf", "docx"]).files
    assert files["pdf"].startswith(b"%PDF")
