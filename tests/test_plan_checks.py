"""Cross-document checks of plan.yaml (issue 13.2): what render refuses, and what it warns about."""

from __future__ import annotations

import pytest

from officialdocs import cli, parse_markup
from officialdocs.errors import OfficialDocsError
from officialdocs.family import plan_jobs
from officialdocs.plan import load_plan, load_plan_text

from .conftest import SAMPLE

SAMPLE_TEXT = SAMPLE.read_text(encoding="utf-8")


def refused(text: str) -> list[str]:
    with pytest.raises(OfficialDocsError) as info:
        load_plan_text(text)
    return [str(p) for p in info.value.problems]


def edited(old: str, new: str) -> str:
    assert old in SAMPLE_TEXT
    return SAMPLE_TEXT.replace(old, new, 1)


def line_of(text: str, needle: str) -> int:
    return text.split("\n").index(next(line for line in text.split("\n") if needle in line)) + 1


def test_a_title_only_plan_is_refused_with_what_an_issued_document_needs():
    (message,) = refused("title: ××区2012年双拥工作要点\n")
    assert message.startswith("plan.yaml:1:1: 计划缺少公文必备的要素：正文、发文机关署名、成文日期（")
    assert "一份印发的公文须有正文、发文机关署名和成文日期" in message
    assert "signature: " in message and "date: " in message


def test_an_empty_notice_and_a_masthead_without_number_are_refused():
    text = "masthead:\n  issuer: ××区双拥工作领导小组\ntitle: ××区2012年双拥工作要点\nnotice: {}\n"
    (message,) = refused(text)
    assert "印发通知缺少公文必备的要素：正文、发文机关署名、成文日期、发文字号" in message
    assert "signature: ××区双拥工作领导小组" in message  # the fix names the issuer already written
    # A draft for comment has no 文号 yet.
    draft = text + "draft: 征求意见稿\npreamble: 为做好工作，制定本要点。\nsignature: ××区双拥工作领导小组\ndate: 2012-01-20\n"
    assert load_plan_text(draft).draft == "征求意见稿"


def test_printed_before_signed_is_refused_at_printed_on():
    text = edited("date: 2011-01-20", "date: 2012/3/5")
    (message,) = refused(text)
    line = line_of(text, "printed_on:")
    assert message.startswith(f"plan.yaml:{line}:15: 印发日期 2011年1月21日 早于成文日期 2012年3月5日")


def test_doc_number_year_against_date_is_a_warning():
    text = edited("date: 2011-01-20", "date: 2012-01-20").replace("printed_on: 2011-01-21", "printed_on: 2012-01-21")
    (warning,) = load_plan_text(text).warnings
    assert str(warning).startswith(f"plan.yaml:{line_of(text, 'doc_number:')}:15: 发文字号 “区双拥〔2011〕1号” 的年份是 2011，"
                                   "成文日期 2012年1月20日 却在 2012 年")


@pytest.mark.parametrize(("item", "hint"), [
    ("四（二）", "计划只有 3 个部分"),
    ("三（九）", "计划第3部分没有这一条"),
    ("进一步引导两新组织拥军创新发展", "是否想写 “进一步引导“两新”组织拥军创新发展”？"),
])
def test_a_scheme_must_name_an_existing_item(item, hint):
    text = edited("    item: 三（二）", f"    item: {item}")
    (message,) = refused(text)
    assert message.startswith(f"plan.yaml:{line_of(text, f'item: {item}')}:11: 子方案《××区“两新”组织拥军工作实施方案》"
                              f"对应的计划条目 “{item}” 不存在")
    assert hint in message


@pytest.mark.parametrize("item", ["二（一）", "二、（一）", "做好各项考评迎检工作"])
def test_scheme_items_by_number_or_title(item):
    load_plan_text(edited("    item: 二（一）", f"    item: {item}"))


def test_attachment_without_text_and_undeclared_unit_are_warned(tmp_path, capsys):
    text = edited("signature: ××区双拥工作领导小组\n",
                  "signature: ××区双拥工作领导小组\nattachments:\n  - title: ××区双拥工作联系人名单\n")
    text = text.replace("积极协调有关部门", "积极协调区卫生局等有关部门", 1)
    warnings = [str(w) for w in load_plan_text(text).warnings]
    assert len(warnings) == 2, warnings
    row = line_of(text, "积极协调区卫生局")
    col = text.split("\n")[row - 1].index("区卫生局") + 1  # at the name itself, inside the |- block
    assert warnings[0].startswith(f"plan.yaml:{row}:{col}: ")
    assert "正文提到了 “区卫生局”，但 units 中没有这个单位" in warnings[0]
    assert warnings[1].startswith(f"plan.yaml:{line_of(text, '联系人名单')}:5: 附件“××区双拥工作联系人名单”只有标题，没有内容")
    # render reports them with the files it writes, through the same channel as missing glyphs
    source = tmp_path / "plan.yaml"
    source.write_text(text, encoding="utf-8")
    assert cli.main(["render", str(source), "-o", str(tmp_path / "out"), "--only", "plan", "--format", "docx"]) == 0
    err = capsys.readouterr().err
    assert err.count("警告：") == 2 and "区卫生局" in err


def test_the_sample_has_no_warnings():
    assert load_plan(SAMPLE).warnings == []


def test_a_draft_drops_copy_number_seal_and_publication_remark(tmp_path):
    (tmp_path / "seal.png").write_bytes((SAMPLE.parents[2] / "tests" / "data" / "seal.png").read_bytes())
    text = edited("title: ××区2011年双拥工作要点\n", "title: ××区2011年双拥工作要点\ndraft: 征求意见稿\nseal: seal.png\n")
    source = tmp_path / "plan.yaml"
    source.write_text(text, encoding="utf-8")
    plan = load_plan(source)
    notice = next(j for j in plan_jobs(plan, ["notice"]))
    doc = parse_markup(notice.markdown(), source="notice", base_dir=tmp_path)
    assert doc.draft == "征求意见稿"
    assert (doc.masthead.doc_number, doc.masthead.copy_number, doc.remark) == (None, None, None)
    assert doc.signature is not None and doc.signature.seal is None and not doc.signature.sealed
    # Issued, the same plan carries all three.
    issued = load_plan_text(text.replace("draft: 征求意见稿\n", ""), str(source))
    doc = parse_markup(plan_jobs(issued, ["notice"])[0].markdown(), source="notice", base_dir=tmp_path)
    assert (doc.masthead.copy_number, doc.remark) == ("000018", "此件公开发布") and doc.signature.seal is not None
