"""officialdocs.markup: 公文 Markdown -> Document."""

from __future__ import annotations

from pathlib import Path

import pytest

from officialdocs.document import Heading, PageBreak, Paragraph, RunIn, Span, Table
from officialdocs.errors import OfficialDocsError
from officialdocs.markup import load_markup, parse_markup

FRONT = "---\ntitle: 关于做好双拥工作的通知\n---\n"  # body line 1 is file line 4


def parse(body: str, front: str = FRONT, **kwargs: object) -> object:
    return parse_markup(front + body, source="t.md", **kwargs)  # type: ignore[arg-type]


def errors(text: str, base_dir: Path | None = None) -> list[str]:
    with pytest.raises(OfficialDocsError) as info:
        parse_markup(text, source="t.md", base_dir=base_dir)
    return [str(problem) for problem in info.value.problems]


def headings(blocks: list[object]) -> list[tuple[int, str, str]]:
    return [(b.level, b.number, b.text) for b in blocks if isinstance(b, Heading)]


# --- headings and numbering -------------------------------------------------------------------------------


def test_four_levels_numbered_with_resets() -> None:
    doc = parse("# 甲\n## 乙\n### 丙\n#### 丁\n#### 丁二\n### 丙二\n## 乙二\n### 丙三\n# 甲二\n## 乙三\n")
    assert headings(doc.blocks) == [
        (1, "一、", "甲"), (2, "（一）", "乙"), (3, "1.", "丙"), (4, "（1）", "丁"), (4, "（2）", "丁二"),
        (3, "2.", "丙二"), (2, "（二）", "乙二"), (3, "1.", "丙三"), (1, "二、", "甲二"), (2, "（一）", "乙三"),
    ]


def test_typed_numbers_are_not_doubled() -> None:
    doc = parse("# 一、总体要求\n## (二)加强领导\n### 1.明确分工\n#### （1）细化\n")
    assert headings(doc.blocks) == [
        (1, "一、", "总体要求"), (2, "（一）", "加强领导"), (3, "1.", "明确分工"), (4, "（1）", "细化"),
    ]


def test_wrong_typed_number_keeps_automatic_number_and_text() -> None:
    doc = parse("# 三、工作目标\n## 一、用错了形式\n")
    assert headings(doc.blocks) == [(1, "一、", "工作目标"), (2, "（一）", "用错了形式")]


def test_level_jump_is_allowed() -> None:
    doc = parse("# 甲\n### 丙\n")
    assert headings(doc.blocks) == [(1, "一、", "甲"), (3, "1.", "丙")]


def test_heading_deeper_than_four_is_located() -> None:
    assert errors(FRONT + "正文\n\n##### 太深\n") == [
        "t.md:6:1: 标题层级过深（5 级）：公文正文最多 4 级标题（一、（一）1.（1））"
        "（用 # 到 #### 表示一到四级标题，更细的内容写成段落）"
    ]


# --- run-in headings --------------------------------------------------------------------------------------


def test_run_in_heading_merges_with_following_paragraph() -> None:
    doc = parse("# 一、总体要求\n## （一）全力支持部队现代化建设。\n各级双拥组织要着眼**部队**建设需要。\n")
    heading, paragraph = doc.blocks
    assert heading == Heading(1, "一、", "总体要求")
    assert isinstance(paragraph, Paragraph)
    assert paragraph.run_in == RunIn(2, "（一）", "全力支持部队现代化建设。")
    assert paragraph.spans == [Span("各级双拥组织要着眼"), Span("部队", True), Span("建设需要。")]
    assert paragraph.text == "（一）全力支持部队现代化建设。各级双拥组织要着眼部队建设需要。"
    assert doc.headings() == [heading, paragraph.run_in]


def test_run_in_levels_three_and_four_and_blank_line_between() -> None:
    doc = parse("### 抓好落实。\n\n内容甲。\n#### 细化。\n内容乙。\n")
    assert [b.run_in for b in doc.blocks] == [RunIn(3, "1.", "抓好落实。"), RunIn(4, "（1）", "细化。")]


def test_run_in_heading_followed_by_heading_stays_heading() -> None:
    doc = parse("## 加强领导。\n## 狠抓落实\n正文。\n")
    assert doc.blocks[0] == Heading(2, "（一）", "加强领导。")
    assert doc.blocks[1] == Heading(2, "（二）", "狠抓落实")


def test_level_one_heading_is_never_run_in_and_typed_run_in_is_plain() -> None:
    doc = parse("# 总体要求。\n正文。\n\n（一）加强领导。各单位要……\n")
    assert doc.blocks[0] == Heading(1, "一、", "总体要求。")
    assert doc.blocks[1] == Paragraph.plain("正文。")
    assert doc.blocks[2] == Paragraph.plain("（一）加强领导。各单位要……")


# --- inline text ------------------------------------------------------------------------------------------


def test_soft_breaks_join_cjk_without_space_and_latin_with_one() -> None:
    doc = parse("　　各镇人民政府要\n认真贯彻 GB/T\n9704 标准，\n做好\\\n工作。\n")
    assert doc.blocks == [Paragraph.plain("各镇人民政府要认真贯彻 GB/T 9704 标准，做好工作。")]


def test_emphasis_links_code_and_html_reduce_to_text() -> None:
    doc = parse("要*坚持*和**完善**，见[通知](http://x)和`附表`，<b>加粗</b>。\n")
    assert doc.blocks[0].spans == [
        Span("要"), Span("坚持", True), Span("和"), Span("完善", True), Span("，见通知和附表，加粗。"),
    ]


def test_lists_quotes_and_code_become_paragraphs() -> None:
    doc = parse("1. 第一项\n2. 第二项\n\n- 要点\n\n> 引文\n\n```\n甲行\n\n乙行\n```\n")
    assert [b.text for b in doc.blocks] == ["1.第一项", "2.第二项", "要点", "引文", "甲行", "乙行"]


# --- tables and page breaks -------------------------------------------------------------------------------


def test_pipe_table_rows_and_alignment() -> None:
    doc = parse("| 序号 | 工作任务 | 牵头单位 |\n|:---:|---|---:|\n| 1 | **召开**大会 | 区双拥办 |\n")
    assert doc.blocks == [
        Table(
            rows=[["序号", "工作任务", "牵头单位"], ["1", "召开大会", "区双拥办"]],
            header_rows=1,
            align=["center", "left", "right"],
        )
    ]


def test_table_without_markers_leaves_alignment_open() -> None:
    doc = parse("| a | b |\n|---|---|\n| 1 | 2 |\n")
    assert doc.blocks[0].align is None


def test_page_break_comment_and_thematic_break() -> None:
    doc = parse("甲\n\n<!-- pagebreak -->\n\n乙\n\n---\n\n丙\n\n***\n\n丁\n")
    kinds = [type(b) for b in doc.blocks]
    assert kinds == [Paragraph, PageBreak, Paragraph, PageBreak, Paragraph, PageBreak, Paragraph]


def test_dashes_under_a_line_are_a_page_break_not_a_heading() -> None:
    doc = parse("甲\n---\n乙\n")
    assert [type(b) for b in doc.blocks] == [Paragraph, PageBreak, Paragraph]


# --- attachments ------------------------------------------------------------------------------------------


ATTACHED = """# 一、正文标题
正文。

<!-- pagebreak -->

# 附件1：考评验收工作安排
## 总体安排
# 一、时间
## 具体时间
# 附件 2: 任务分解表
# 要求
"""


def test_attachments_split_with_own_numbering() -> None:
    doc = parse(ATTACHED)
    assert headings(doc.blocks) == [(1, "一、", "正文标题")]
    assert not any(isinstance(b, PageBreak) for b in doc.blocks)  # attachments start a page themselves
    first, second = doc.attachments
    assert (first.title, first.label) == ("考评验收工作安排", "附件1")
    assert headings(first.blocks) == [(2, "（一）", "总体安排"), (1, "一、", "时间"), (2, "（一）", "具体时间")]
    assert (second.title, second.label) == ("任务分解表", "附件2")
    assert headings(second.blocks) == [(1, "一、", "要求")]
    assert doc.attachment_list == ["考评验收工作安排", "任务分解表"]


def test_single_attachment_label_and_explicit_attachment_list() -> None:
    front = "---\ntitle: 通知\nattachment_list: [××区2011年双拥工作要点]\n---\n"
    doc = parse("正文。\n# 附件：工作要点\n内容\n", front)
    assert doc.attachments[0].label == "附件"
    assert doc.attachment_list == ["××区2011年双拥工作要点"]


def test_attachment_title_with_trailing_punctuation_is_located() -> None:
    assert errors(FRONT + "正文。\n# 附件：考评名单。\n") == [
        "t.md:5:10: 附件标题末尾不能有标点“。”（GB/T 9704 7.3.4）（写成 “考评名单”）"
    ]


# --- front matter -----------------------------------------------------------------------------------------


FULL = """---
issuers: [××区人民政府, 中国人民解放军××部队]
doc_number: 区双拥〔2011〕1号
copy_number: 000001
classification: 秘密★1年
urgency: 加急
signers: 张三
title: [××区关于印发, 《2011年双拥工作要点》的通知]
recipients: [各镇人民政府, 各街道办事处：]
signature: [××区人民政府, 中国人民解放军××部队]
date: 2011年1月20日
seal: seal.png
remark: （此件公开发布）
cc: [市双拥办。]
printed_by: ××区双拥工作领导小组办公室
printed_on: 2011-01-21
draft: 征求意见稿
format: file
---
正文。
"""


def test_front_matter_fills_the_document(tmp_path: Path) -> None:
    (tmp_path / "seal.png").write_bytes((Path(__file__).parent / "data" / "seal.png").read_bytes())  # a real image
    source = tmp_path / "notice.md"
    source.write_text(FULL, encoding="utf-8")
    doc = load_markup(source)
    assert doc.masthead.issuers == ["××区人民政府", "中国人民解放军××部队"]
    assert doc.masthead.mark_suffix == "文件"
    assert (doc.masthead.doc_number, doc.masthead.copy_number) == ("区双拥〔2011〕1号", "000001")
    assert (doc.masthead.classification, doc.masthead.urgency, doc.masthead.signers) == ("秘密★1年", "加急", ["张三"])
    assert doc.title_lines == ["××区关于印发", "《2011年双拥工作要点》的通知"]
    assert doc.recipients == ["各镇人民政府", "各街道办事处"]
    assert doc.signature is not None
    assert doc.signature.issuers == ["××区人民政府", "中国人民解放军××部队"]
    assert (doc.signature.date, doc.signature.seal, doc.signature.is_sealed) == (
        "2011年1月20日", tmp_path / "seal.png", True,
    )
    assert (doc.remark, doc.draft, doc.format, doc.source) == ("此件公开发布", "征求意见稿", "file", str(source))
    assert (doc.colophon.cc, doc.colophon.printed_by, doc.colophon.printed_on) == (
        ["市双拥办"], "××区双拥工作领导小组办公室", "2011年1月21日",
    )


def test_single_issuer_and_no_mark_suffix() -> None:
    doc = parse("正文。\n", "---\nissuer: ××区双拥工作领导小组\nmark_suffix: ''\ndoc_number: 区双拥〔2011〕1号\n"
                "title: 通知\nsignature: ××区双拥工作领导小组\ndate: 2011-01-20\n---\n")
    assert (doc.masthead.issuers, doc.masthead.mark_suffix) == (["××区双拥工作领导小组"], "")
    assert doc.attachments == [] and doc.attachment_list == []


def test_a_bare_document_needs_no_signature() -> None:
    # Title and text only (an attachment made on its own, a plan issued by a notice): nothing to sign.
    doc = parse("正文。\n", "---\ntitle: ××区2011年双拥工作要点\n---\n")
    assert doc.signature is None and doc.masthead.issuers == []


ISSUED_HINT = ("（一份印发的公文须有正文、发文机关署名和成文日期，有版头的还须有发文字号。请补写：")


@pytest.mark.parametrize(("front", "body", "missing"), [
    ("issuer: ××区双拥工作领导小组\n", "正文。\n", "发文机关署名、成文日期、发文字号"),
    ("signature: 某局\n", "正文。\n", "成文日期"),
    ("date: 2011-01-20\nsignature: 某局\n", "<!-- 待写 -->\n", "正文"),
    ("issuer: 某局\ndraft: 征求意见稿\n", "", "正文"),  # a draft is not signed, dated or numbered yet
])
def test_an_issued_document_needs_text_signature_and_date(front: str, body: str, missing: str) -> None:
    (message,) = errors(f"---\ntitle: 通知\n{front}---\n{body}")
    assert message.startswith(f"t.md:2:1: 这份公文缺少必备的要素：{missing}{ISSUED_HINT}")


def test_minutes_are_not_signed() -> None:
    doc = parse("会议议定事项如下。\n", "---\nformat: minutes\nissuer: 某局\ndoc_number: 第3号\ntitle: 会议纪要\n---\n")
    assert doc.signature is None


def test_printed_before_signed_is_located() -> None:
    text = "---\ntitle: 通知\nsignature: 某局\ndate: 2012年3月5日\nprinted_by: 某局办公室\nprinted_on: 2012-01-21\n---\n正文\n"
    assert errors(text) == ["t.md:6:1: 印发日期 2012年1月21日 早于成文日期 2012年3月5日"
                            "（公文先签发后印发，印发日期不能早于成文日期；请核对 date 和 printed_on）"]


def test_unknown_key_suggests_the_right_one() -> None:
    assert errors("---\ntitle: 通知\nurgncy: 加急\n---\n正文\n") == ["t.md:3:1: 未知的字段 “urgncy”（是否想写 “urgency”？）"]


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("区双拥〔2011〕01号", "序号不编虚位（不加前导0）"),
        ("区双拥[2011]1号", "年份应使用六角括号〔〕"),
        ("区双拥〔11〕1号", "年份应写全4位"),
        ("区双拥〔2011〕第1号", "序号前不加“第”字"),
    ],
)
def test_bad_doc_number_is_located_with_the_right_form(typed: str, reason: str) -> None:
    (message,) = errors(f"---\ntitle: 通知\ndoc_number: {typed}\n---\n")
    assert message == f"t.md:3:13: “doc_number”：发文字号 “{typed}” 不规范：{reason}（应写成 “区双拥〔2011〕1号”）"


def test_impossible_date_is_located() -> None:
    assert errors("---\ntitle: 通知\nsignature: 某局\ndate: 2011-02-30\n---\n正文\n") == [
        "t.md:4:7: “date”：日期 “2011-02-30” 不存在（2011年没有2月30日）"
    ]


def test_copy_number_urgency_and_issuer_conflict() -> None:
    text = "---\nissuer: 甲\nissuers: [乙]\ntitle: 通知\ncopy_number: 12\nurgency: 很急\n---\n"
    numbered = "---\ntitle: 通知\ncopy_number: 000012\nsignature: 某局\ndate: 2011-01-20\n---\n"
    assert parse("正文。\n", numbered).masthead.copy_number == "000012"
    assert errors(text) == [
        "t.md:3:1: issuer 和 issuers 只能写一个（联合行文用 issuers 列表，主办机关在前）",
        "t.md:5:14: “copy_number”：份号 “12” 应为6位阿拉伯数字（应写成 “000012”）",
        "t.md:6:10: “urgency”：紧急程度 “很急” 不规范（应为 “特急” 或 “加急”）",
    ]


def test_title_ending_in_full_stop_is_located() -> None:
    assert errors("---\ntitle: 关于做好双拥工作的通知。\n---\n正文\n") == [
        "t.md:2:8: “title”：标题末尾不加标点“。”（改为 “关于做好双拥工作的通知”）"]


def test_front_matter_and_plan_refuse_the_same_titles() -> None:
    """One Title type (officialdocs.fields) for plan.yaml and front matter: same refusals, same words."""
    from officialdocs import OfficialDocsError, load_plan_text

    for title in ("关于做好双拥工作的通知：", "关于做好双拥工作的通知，", "工作要点、"):
        md = errors(f"---\ntitle: {title}\n---\n正文\n")
        with pytest.raises(OfficialDocsError) as exc:
            load_plan_text(f"title: {title}\n", "t.yaml")
        plan = [str(p) for p in exc.value.problems]
        assert len(md) == 1 and len(plan) == 1
        assert md[0].split(": ", 1)[1] == plan[0].split(": ", 1)[1], (md, plan)


def test_missing_seal_file_is_located(tmp_path: Path) -> None:
    text = "---\ntitle: 通知\nsignature: 某局\ndate: 2011-01-20\nseal: 无.png\n---\n正文。\n"
    (message,) = errors(text, base_dir=tmp_path)
    assert message.startswith("t.md:5:7: 印章图片不存在")


def test_missing_title_is_an_error() -> None:
    hint = "（在文件开头的两行 --- 之间写 title: ××关于××的通知）"
    assert errors("---\nissuer: 某局\n---\n正文\n") == [f"t.md:2:1: 缺少标题（title）{hint}"]
    assert errors("只有正文，没有前置数据\n") == [f"t.md:1:1: 缺少标题（title）{hint}"]
    assert errors("  \n") == ["t.md: 文件为空（至少需要前置数据中的 title 和正文）"]
