"""`officialdocs draft`: next year's plan data from this year's, flagged for review, loadable and renderable."""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path

import pdfplumber
import pytest

from officialdocs import cli
from officialdocs.errors import OfficialDocsError
from officialdocs.plan import Plan, load_plan, load_plan_text
from officialdocs.plan.draft import build_draft, make_draft
from officialdocs.render import render_file

from .conftest import ROOT, SAMPLE

REVIEW = "# 待修改：沿用2011年原文，请结合2012年实际修改"


@pytest.fixture(scope="module")
def draft_text() -> str:
    return make_draft(SAMPLE, 2012)


@pytest.fixture(scope="module")
def draft_file(draft_text: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("draft") / "plan-2012.yaml"
    path.write_text(draft_text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def draft_plan(draft_file: Path) -> Plan:
    return load_plan(draft_file)


def _lines_above(text: str, key: str) -> list[list[str]]:
    """For each `key:` line, the comment lines directly above it."""
    lines = text.splitlines()
    found = []
    for i, line in enumerate(lines):
        if re.match(rf"^\s*(?:- )?{key}:", line):
            above, j = [], i - 1
            while j >= 0 and lines[j].strip().startswith("#"):
                above.append(lines[j].strip())
                j -= 1
            found.append(above)
    return found


# ---------------------------------------------------------------- the sample


def test_sample_draft_loads_and_renders(draft_file: Path, tmp_path: Path) -> None:
    result = render_file(draft_file, tmp_path, ["docx", "pdf"], only=["plan"])
    assert not result.failed and not result.warnings
    assert sorted(o.format for o in result.outputs) == ["docx", "pdf"]
    pdf = next(o.path for o in result.outputs if o.format == "pdf")
    assert pdf.name == "02-××区2012年双拥工作要点.pdf"  # 01 is the cover notice
    with pdfplumber.open(pdf) as doc:
        first = doc.pages[0].extract_text().splitlines()
        everything = "".join(page.extract_text() for page in doc.pages)
    assert first[:2] == ["××区2012年双拥工作要点", "（征求意见稿）"]  # the marking sits right under the title
    assert "〔2012〕" not in everything and "〔2011〕" not in everything


def test_draft_notice_has_no_doc_number(draft_file: Path, tmp_path: Path) -> None:
    # With a cover notice it is the notice that would carry the 文号; a draft must not show one.
    result = render_file(draft_file, tmp_path, ["pdf"], only=["notice"])
    with pdfplumber.open(result.outputs[0].path) as doc:
        text = doc.pages[0].extract_text()
    assert "（征求意见稿）" in text and "〔2012〕" not in text and "1号" not in text


def test_plan_year_moved(draft_plan: Plan) -> None:
    assert draft_plan.title == "××区2012年双拥工作要点"
    assert draft_plan.year == 2012
    assert draft_plan.masthead is not None and draft_plan.masthead.doc_number == "区双拥〔2012〕1号"
    assert draft_plan.date == date(2012, 1, 20)
    assert draft_plan.colophon is not None and draft_plan.colophon.printed_on == date(2012, 1, 21)
    assert draft_plan.preamble is not None and draft_plan.preamble.startswith("2012年，是")
    assert draft_plan.notice is not None and "《××区2012年双拥工作要点》" in (draft_plan.notice.text or "")
    assert "并于2012年2月28日前" in (draft_plan.notice.text or "")
    assert all("《××区2012年双拥工作要点》" in (s.preamble or "") for s in draft_plan.schemes)
    dues = {t.title: t.due for t in draft_plan.tasks()}
    assert dues["进一步引导“两新”组织拥军创新发展"] == "2012年6月底前"
    assert dues["做好各项考评迎检工作"] == "一季度" and dues["全力支持部队现代化建设"] == "全年"
    assert dues["认真谋划双拥工作规划"] == "年内" and dues["召开本区双拥表彰大会"] == "8月1日前"


def test_everything_else_is_unchanged(draft_plan: Plan) -> None:
    # Moving the year is the only change to the data: undo it and the plan is last year's again.
    original = load_plan(SAMPLE).model_dump()
    moved = draft_plan.model_dump()
    assert moved.pop("draft") == "征求意见稿" and original.pop("draft") is None
    assert "2012" not in repr(original)
    assert repr(moved).replace("2012", "2011") == repr(original)


def test_range_untouched_and_flagged(draft_plan: Plan, draft_text: str) -> None:
    planning = next(t for t in draft_plan.sections[1].items if t.title == "认真谋划双拥工作规划")
    assert "《××区双拥工作2011—2015年规划》" in (planning.text or "")
    assert "# 待核对：“2011—2015年”未改动，请核对年份" in draft_text
    assert "2012—2015" not in draft_text


def test_every_narrative_block_flagged(draft_text: str) -> None:
    texts = _lines_above(draft_text, "text")
    assert len(texts) == draft_text.count("text: |-") == 30
    assert all(REVIEW in above for above in texts)
    assert all(REVIEW in above for above in _lines_above(draft_text, "preamble"))


def test_marked_as_draft_and_comments_survive(draft_text: str) -> None:
    assert re.search(r"^draft: 征求意见稿$", draft_text, re.M)
    assert draft_text.index("\ntitle: ") < draft_text.index("\ndraft: ")
    original = SAMPLE.read_text(encoding="utf-8")
    comments = [line.strip() for line in original.splitlines() if line.strip().startswith("#")]
    assert comments and all(c in draft_text for c in comments)
    assert 'copy_number: "000018"' in draft_text  # quoting kept
    assert "recipients: [各镇人民政府, 各街道办事处" in draft_text  # flow style kept


@pytest.mark.slow  # over 0.4 s (a new process, a whole pipeline): not in the quick loop
def test_default_year_is_plan_year_plus_one(draft_text: str) -> None:
    assert make_draft(SAMPLE) == draft_text
    later = load_plan_text(make_draft(SAMPLE, 2014))
    assert later.title == "××区2014年双拥工作要点" and later.date == date(2014, 1, 20)


@pytest.mark.parametrize("year", [2010, 2011])
def test_year_not_after_plan_year_rejected(year: int) -> None:
    with pytest.raises(OfficialDocsError, match=f"草稿年份 {year} 不晚于计划年份 2011"):
        make_draft(SAMPLE, year)


def test_output_equal_to_input_rejected(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    shutil.copy(SAMPLE, plan)
    (tmp_path / "sub").mkdir()
    for out in (plan, tmp_path / "sub" / ".." / "plan.yaml"):
        with pytest.raises(OfficialDocsError, match="就是输入文件"):
            build_draft(plan, out=out)


# ---------------------------------------------------------------- the command


def run(args: list[object], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = cli.main([str(a) for a in args])
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.mark.slow  # over 0.4 s (a new process, a whole pipeline): not in the quick loop
def test_cli_writes_the_draft(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plan = tmp_path / "plan.yaml"
    shutil.copy(SAMPLE, plan)
    code, out, err = run(["draft", plan], capsys)
    assert code == 0, err
    written = tmp_path / "plan-2012.yaml"
    assert out.splitlines()[0] == f"已生成 {written}"
    assert "2011年 → 2012年：年份前移 12 处，33 段沿用原文待修改，1 处未改动待核对" in out
    assert written.read_text(encoding="utf-8") == make_draft(SAMPLE)
    code, out, err = run(["draft", plan, "--year", "2013", "-o", tmp_path / "next" / "p.yaml"], capsys)
    assert code == 0, err
    assert load_plan(tmp_path / "next" / "p.yaml").title == "××区2013年双拥工作要点"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["next", "plan-2012.yaml", "plan.yaml"]  # no temp files


def test_cli_user_errors_exit_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plan = tmp_path / "plan.yaml"
    shutil.copy(SAMPLE, plan)
    before = plan.read_bytes()
    code, _, err = run(["draft", plan, "--year", "2010"], capsys)
    assert code == 1 and err.startswith("错误：") and "不晚于计划年份 2011" in err
    code, _, err = run(["draft", plan, "-o", plan], capsys)
    assert code == 1 and "就是输入文件" in err
    code, _, err = run(["draft", tmp_path / "missing.yaml"], capsys)
    assert code == 1 and "找不到计划文件" in err
    code, _, err = run(["draft", plan, "--year", "明年"], capsys)
    assert code == 2  # a usage error (click's convention)
    assert plan.read_bytes() == before and sorted(p.name for p in tmp_path.iterdir()) == ["plan.yaml"]


# ---------------------------------------------------------------- the rules, on a plan made for them

EDGES = """\
masthead:
  issuer: ××区人民政府
  doc_number: 区府〔2011〕35号  # 上年12月发文
title: ××区2012年工作要点
preamble: 根据区委〔2012〕5号文件精神，二〇一二年是关键之年。2010—2012年三年行动、2012年至2015年规划，2012届毕业生。
sections:
  - title: 重点工作
    items:
      - {title: 第一项, text: 2012年2月29日前完成，即2012-02-29；2011年的成果要巩固。, lead: 区民政局, due: 2012-02-29}
      - title: 第二项  # 原有注释
        lead: 区民政局
        due: 2012年2月29日前
      - title: 第三项
date: 2011-12-28
seal: seal.png
colophon:
  printed_on: 2011年12月29日
units:
  - {name: ××区民政局, short: 区民政局}
"""


@pytest.fixture
def edges(tmp_path: Path) -> Path:
    shutil.copy(ROOT / "tests" / "data" / "seal.png", tmp_path / "seal.png")
    plan = tmp_path / "plan.yaml"
    plan.write_text(EDGES, encoding="utf-8")
    return plan


def test_rules_on_edge_cases(edges: Path) -> None:
    out = edges.parent / "drafts" / "plan-2013.yaml"
    result = build_draft(edges, out=out)
    assert (result.plan_year, result.year, result.target) == (2012, 2013, out)
    assert not out.parent.exists()  # checked before anything is written, folder or not
    out.parent.mkdir()
    out.write_text(result.text, encoding="utf-8")
    plan = load_plan(out, cross_checks=False)  # EDGES has no 署名: only the shape is at stake
    assert plan.title == "××区2013年工作要点"
    # The document's own 文号 and dates move even when issued the December before; Feb 29 becomes Feb 28.
    assert plan.masthead is not None and plan.masthead.doc_number == "区府〔2012〕35号"
    assert plan.date == date(2012, 12, 28)
    assert plan.colophon is not None and plan.colophon.printed_on == date(2012, 12, 29)
    first, second, third = plan.sections[0].items
    assert first.text == "2013年2月28日前完成，即2013-02-28；2011年的成果要巩固。"
    assert first.due == "2013年2月28日" and second.due == "2013年2月28日前"
    # A cited document, ranges and other uses of the year stay as written, each noted.
    assert plan.preamble == "根据区委〔2012〕5号文件精神，二〇一三年是关键之年。2010—2012年三年行动、2012年至2015年规划，2012届毕业生。"
    assert result.kept == ["根据区委〔2012〕5号", "2010—2012年", "2012年至2015年", "2012届毕业生"]
    for note in result.kept:
        assert f"# 待核对：“{note}”未改动" in result.text
    # Tasks with no text are flagged on their title; a comment already there survives.
    assert "title: 第二项  # 原有注释" in result.text
    assert "title: 第三项  # 待修改：沿用2012年原文，请结合2013年实际修改" in result.text
    assert result.flagged == 4  # preamble, the first text, two title-only tasks
    assert plan.seal_path is not None and plan.seal_path.resolve() == (edges.parent / "seal.png").resolve()
    assert "seal: ../seal.png" in result.text


def test_drafting_a_draft_does_not_stack_marks(edges: Path) -> None:
    first = build_draft(edges)
    first.target.write_text(first.text, encoding="utf-8")
    second = build_draft(first.target)
    assert second.target.name == "plan-2014.yaml"
    assert second.text.count("# 待修改") == first.text.count("# 待修改")
    assert second.text.count("稿本标注") == 1 and second.text.count("草稿（征求意见稿）") == 1
    assert "沿用2012年原文" not in second.text and "沿用2013年原文" in second.text


def test_the_profile_can_add_a_diagonal_draft_watermark(tmp_path):
    import pdfplumber

    from officialdocs import load_profile, parse_markup
    from officialdocs.fonts import font_book
    from officialdocs.layout import layout_document
    from officialdocs.writers.pdf import pdf_bytes_from_layout

    doc = parse_markup("---\ntitle: 关于测试的通知\ndraft: 征求意见稿\n---\n正文。\n", source="d.md")
    base = load_profile()
    marked = base.model_copy(update={"pdf": base.pdf.model_copy(update={"watermark": True})})
    for profile, expected in ((base, False), (marked, True)):
        path = tmp_path / f"{expected}.pdf"
        path.write_bytes(pdf_bytes_from_layout(layout_document(doc, profile, font_book(base))))
        with pdfplumber.open(path) as pdf:
            diagonal = [ch for ch in pdf.pages[0].chars if ch["size"] > 60 and ch["text"] in "征求意见稿"]
            assert bool(diagonal) is expected
