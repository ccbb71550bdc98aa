"""`officialdocs lint`: each seeded mistake is found at its line and column; `--fix` output passes lint."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from officialdocs.check import lint_file, lint_text
from officialdocs.check.lint.units import map_value
from officialdocs.cli import main
from officialdocs.numerals import parse_ordinal
from officialdocs.yamlio import parse_yaml_text

from .conftest import ROOT, SAMPLE, family_files

# Line numbers are the file's; every (rule, line, column) below is one seeded mistake.
BAD_MD = """\
---
doc_number: 区双拥[2011]01号
title: 关于召开双拥工作会议的通知。
recipients: [各镇人民政府, 各街道办事处。]
cc: [区委办公室，]
attachment_list: [会议回执, 参会名单]
date: 2011年01月20日
---
为总结工作,部署任务,经研究决定召开会议。

# 会议时间

时间：2011年02月25日上午9:30，地点见 http://example.com/a,b?x=1 。

## （二）参会人员

各单位于2011-2015年期间……参加，规模10~20人。

# 有关要求。

#### 严肃会议纪律

请假须经批准（见《请假规定》。联系电话：１２３４５６７８。

会议材料。。请提前准备 请按时参加。

(一)加强领导

根据区委[2010]5号文件......安排，于二〇一一年三月一日前报送。

# 附件：会议回执
"""

EXPECTED_MD = {
    ("T02", 2, 16), ("S06", 2, 22),  # [2011] and 01号 in the 发文字号: at the bracket, at the sequence number
    ("T14", 3, 21),  # title ends in 。
    ("S10", 4, 28),  # a 主送机关 ends in 。
    ("S16", 5, 11),  # a 抄送机关 ends in ，
    ("T07", 7, 7),  # 01月
    ("T01", 9, 6), ("T01", 9, 11),  # half-width commas
    ("T07", 13, 4),  # 02月; 9:30 and the URL are left alone
    ("S11", 15, 4),  # the first level-2 heading typed as （二）
    ("T04", 17, 5), ("T05", 17, 24),  # 2011-2015年, 10~20人
    ("T14", 19, 7),  # a stand-alone heading ends in 。
    ("S11", 21, 6),  # level 4 right after level 1
    ("T10", 23, 7), ("T13", 23, 21),  # （ never closed; full-width digits
    ("T11", 25, 5), ("T12", 25, 12),  # 。。; a space between Chinese characters
    ("T09", 27, 1),  # (一)
    ("T02", 29, 5), ("T06", 29, 15), ("T07", 29, 25),  # [2010]; ......; 二〇一一年三月一日
    ("S13", 31, 6),  # 附件说明 lists two attachments, the text has one
}

BAD_YAML = """\
# 示例计划（注释应保留）
masthead:
  issuer: ××区双拥工作领导小组
  doc_number: "区双拥(2011)第3号"   # 文号
title: ××区2011年双拥工作要点。
recipients:
  - 各镇人民政府
  - 各街道办事处；
preamble: |-
  2011年,是开局之年。
  要以科学发展观为统领。。推动工作.
sections:
  - title: 服务和推动军民融合式发展，
    items:
      - title: 全力支持部队现代化建设
        text: >-
          各级双拥组织要着眼部队建设需要(具体见附件),服务军事斗争准备，（当年完成。
date: 2011-01-20
colophon:
  cc: [市双拥办, 区委办公室]
  printed_on: 二〇一一年一月二十一日
"""

EXPECTED_YAML = {
    ("T02", 4, 19), ("S06", 4, 25),  # (2011) and 第 in a quoted scalar
    ("T14", 5, 22),  # title ends in 。
    ("S10", 8, 11),  # 主送机关 ends in ；
    ("T01", 10, 8),  # in a literal block scalar
    ("T11", 11, 13), ("T01", 11, 19),
    ("T14", 13, 24),  # a section title ends in ，
    ("T01", 17, 26), ("T01", 17, 32), ("T01", 17, 33),  # (…), in a folded block scalar
    ("T10", 17, 43),  # （ never closed
    ("T07", 21, 15),
}


def found(findings) -> set[tuple[str, int, int]]:
    """The style rules' findings (pre-flight, P01, is tested on its own below)."""
    return {(f.id, f.location.line, f.location.column) for f in findings if f.id != "P01"}


def refused(findings) -> set[tuple[int, int, str]]:
    return {(f.location.line, f.location.column, f.message) for f in findings if f.id == "P01"}


def test_markdown_mistakes_found_at_their_line_and_column(tmp_path):
    path = tmp_path / "bad.md"
    path.write_text(BAD_MD, encoding="utf-8")
    result = lint_file(path)
    assert found(result.findings) == EXPECTED_MD
    assert not result.ok
    assert all(f.location.file == str(path) for f in result.findings)


def test_yaml_mistakes_found_at_their_line_and_column(tmp_path):
    path = tmp_path / "plan.yaml"
    path.write_text(BAD_YAML, encoding="utf-8")
    assert found(lint_file(path).findings) == EXPECTED_YAML


def test_fix_corrects_what_is_safe_and_keeps_yaml_comments(tmp_path):
    path = tmp_path / "plan.yaml"
    path.write_text(BAD_YAML, encoding="utf-8")
    result = lint_file(path, fix=True)
    text = path.read_text(encoding="utf-8")
    assert "# 示例计划（注释应保留）" in text and "# 文号" in text  # comments and layout stay
    assert '"区双拥〔2011〕3号"' in text and "printed_on: 2011年1月21日" in text
    assert "(具体见附件)," not in text and "（具体见附件），" in text
    data, _ = parse_yaml_text(text, str(path))
    assert data["title"] == "××区2011年双拥工作要点" and data["recipients"][1] == "各街道办事处"
    assert data["preamble"] == "2011年，是开局之年。\n要以科学发展观为统领。推动工作。"
    # What is left needs a person: the unclosed bracket.
    assert found(result.findings) == {("T10", 17, 43)}
    assert found(lint_file(path).findings) == {("T10", 17, 43)}
    assert result.fixed >= 10 and "+title: ××区2011年双拥工作要点" in result.diff


def test_fix_output_of_fixable_mistakes_passes_lint(tmp_path):
    fixable_md = "\n".join(line for line in BAD_MD.splitlines()
                           if not line.startswith(("## （二）", "#### ", "请假须经批准", "会议材料", "attachment_list")))
    fixable_md = fixable_md.replace("\ndate:", "\nsignature: 区双拥工作领导小组\ndate:", 1)  # issued: it needs a 署名
    path = tmp_path / "fixable.md"
    path.write_text(fixable_md + "\n", encoding="utf-8")
    before = lint_file(path)
    assert before.findings and all(f.fix is not None for f in before.findings if f.id not in ("S06", "P01"))
    result = lint_file(path, fix=True)
    assert result.findings == [] and result.ok
    assert lint_file(path).findings == []
    text = path.read_text(encoding="utf-8")
    assert "区双拥〔2011〕1号" in text and "2011—2015年" in text and "10～20人" in text and "（一）加强领导" in text
    assert "http://example.com/a,b?x=1" in text and "9:30" in text  # left alone

    fixable_yaml = BAD_YAML.replace("，（当年完成。", "。") + "signature: ××区双拥工作领导小组\n"  # issued: a 署名
    path = tmp_path / "fixable.yaml"
    path.write_text(fixable_yaml, encoding="utf-8")
    result = lint_file(path, fix=True)
    assert result.findings == [] and lint_file(path).findings == []


def test_fix_is_atomic_and_keeps_crlf_and_bom(tmp_path):
    path = tmp_path / "crlf.md"
    path.write_bytes(b"\xef\xbb\xbf" + "---\ntitle: 通知。\n---\n正文,内容。\n".replace("\n", "\r\n").encode("utf-8"))
    lint_file(path, fix=True)
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data and b"\n\n" not in data.replace(b"\r\n", b"")
    assert "正文，内容。" in data.decode("utf-8-sig")
    assert [p.name for p in tmp_path.iterdir()] == ["crlf.md"]  # no temporary file left behind


def test_samples_are_clean():
    assert lint_file(SAMPLE).findings == []
    assert lint_file(ROOT / "samples" / "notice.md").findings == []


def test_sample_docx_outputs_are_clean(sample_family):
    for path in family_files(sample_family, "notice", "docx") + family_files(sample_family, "plan", "docx"):
        assert lint_file(path).findings == [], path


def _mutated_docx(source: Path, target: Path, replacements: list[tuple[str, str]]) -> Path:
    with zipfile.ZipFile(source) as z:
        items = [(info, z.read(info.filename)) for info in z.infolist()]
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for info, data in items:
            if info.filename == "word/document.xml":
                text = data.decode("utf-8")
                for old, new in replacements:
                    assert text.count(old) == 1, old
                    text = text.replace(old, new)
                data = text.encode("utf-8")
            out.writestr(info, data)
    return target


def _paragraph_of(path: Path, needle: str) -> tuple[int, str]:
    from officialdocs.check.docx import DocxPackage, q

    for number, para in enumerate(DocxPackage(path).document.iter(q("w:p")), 1):
        text = "".join(t.text or "" for t in para.iter(q("w:t")))
        if needle in text:
            return number, text
    raise AssertionError(needle)


def test_docx_mistakes_found_by_paragraph(sample_docx, tmp_path):
    """In a .docx the line is the paragraph number (every w:p in document order, table cells included)."""
    path = _mutated_docx(sample_docx, tmp_path / "bad.docx", [
        ("驻区各部队：", "驻区各部队"),  # 主送机关 without ：
        ("请结合实际，", "请结合实际,"),  # half-width comma
        ("（三）召开本区双拥表彰大会", "（五）召开本区双拥表彰大会"),  # skipped numbers
        ("区政府办公室。", "区政府办公室"),  # 抄送 without 。
        ("2.××区2011年双拥工作任务分解表<", "2.××区2011年双拥任务表<"),  # 附件说明 differs from the attachment
    ])
    recipients, text = _paragraph_of(path, "驻区各部队")
    cc, cc_text = _paragraph_of(path, "区政府办公室")
    expected = {
        ("S10", recipients, len(text)),  # at the last character, where the colon belongs
        ("T01", _paragraph_of(path, "请结合实际,")[0], 30),
        ("S11", _paragraph_of(path, "（五）召开")[0], 1),  # only the wrong number: （四） after it follows the typo
        ("S16", cc, len(cc_text)),
        ("S13", _paragraph_of(path, "附件：1.")[0], 1),
    }
    assert found(lint_file(path).findings) == expected


def test_docx_cannot_be_fixed(sample_docx, capsys):
    assert main(["lint", str(sample_docx), "--fix"]) == 1
    assert "只能修改 .yaml 和 .md" in capsys.readouterr().err


def test_cli_lint_output_exit_codes_and_json(tmp_path, capsys):
    path = tmp_path / "bad.md"
    path.write_text(BAD_MD, encoding="utf-8")
    assert main(["lint", str(path)]) == 1
    captured = capsys.readouterr()
    assert f"{path}:2:16: 错误 T02" in captured.out and "[可自动修正]" in captured.out
    assert "错误级问题" in captured.err
    assert main(["lint", str(path), "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert {(f["id"], f["line"], f["column"]) for f in data["findings"] if f["id"] != "P01"} == EXPECTED_MD
    assert main(["lint", str(path), "--fix", "--force"]) == 1  # the unfixable ones remain
    out = capsys.readouterr().out
    assert out.startswith("---") and "+doc_number: 区双拥〔2011〕1号" in out and "已修正" in out
    clean = tmp_path / "clean.md"
    clean.write_text("---\ntitle: 关于召开会议的通知\n---\n现将有关事项通知如下。\n", encoding="utf-8")
    assert main(["lint", str(clean)]) == 0
    assert "未发现问题" in capsys.readouterr().out


def test_a_warning_only_file_passes(tmp_path):
    path = tmp_path / "w.md"
    path.write_text("---\ntitle: 通知\n---\n规模10~20人。\n", encoding="utf-8")
    result = lint_file(path)
    assert [f.id for f in result.findings] == ["T05"] and result.ok


def test_rules_catalogue_turns_rules_off(tmp_path):
    rules = tmp_path / "local.yaml"
    rules.write_text("extends: gbt9704\nseverity: {T01: off, T14: error}\n", encoding="utf-8")
    path = tmp_path / "a.md"
    path.write_text("---\ntitle: 通知。\n---\n正文,内容。\n", encoding="utf-8")
    result = lint_file(path, rules=str(rules))
    assert [(f.id, f.severity) for f in result.findings if f.id != "P01"] == [("T14", "error")]


@pytest.mark.parametrize(("text", "kept"), [
    ("见 https://example.org/a,b.html。", True),
    ("邮箱 office@example.gov.cn。", True),
    ("上午9:30开会。", True),
    ("增长1.5个百分点。", True),
    ("版本 v2.1.3 已发布。", True),
    ("GB/T 9704—2012", True),
    ("增长1,000人。", True),
    ("1.明确任务。", True),
    ("工作,", False),
])
def test_things_that_look_like_punctuation_but_are_not(text, kept):
    findings = lint_text(f"---\ntitle: 通知\n---\n{text}\n", "md")
    assert (not any(f.id == "T01" for f in findings)) == kept, findings


def test_helpers():
    def parsed(text):
        found = parse_ordinal(text)
        return found and (found.level, found.number, found.end, found.correct)

    assert parsed("一、总体要求") == (1, 1, 2, True)
    assert parsed("（十二）加强") == (2, 12, 4, True)
    assert parsed("3.明确") == (3, 3, 2, True)
    assert parsed("(1)细化") == (4, 1, 3, False)
    assert parsed("1、做好") == (3, 1, 2, False)
    assert parse_ordinal("2011，是") is None
    assert parse_ordinal("3，5") is None
    source = 'a: "x,y"\nb: |-\n  第一,\n  第二\n'
    assert map_value(source, source.index('"x'), "x,y") == [4, 5, 6]
    start = source.index("|-")
    mapped = map_value(source, start, "第一,\n第二")
    assert mapped is not None and source[mapped[2]] == "," and source[mapped[4]] == "第"


# ------------------------------------------------------------------------------ 请示 and 报告 (S07, S25, S26)

def test_a_request_needs_a_signer_and_one_recipient(tmp_path):
    path = tmp_path / "qs.md"
    path.write_text("---\ntitle: 关于拨付双拥工作经费的请示\nrecipients: [区人民政府, 区财政局]\n---\n"
                    "现将有关事项请示如下。\n", encoding="utf-8")
    findings = lint_file(path).findings
    # render refuses a 请示 without 签发人 (lint's pre-flight P01, render's own words); several 主送 is a warning.
    assert {(f.id, f.severity, f.location.line) for f in findings} == {("P01", "error", 2), ("S25", "warning", 3)}
    assert any("签发人" in f.message for f in findings if f.id == "P01")
    path.write_text("---\ntitle: 关于拨付双拥工作经费的请示\nsigners: [张三]\nrecipients: [区人民政府]\n---\n"
                    "现将有关事项请示如下。\n", encoding="utf-8")
    assert lint_file(path).findings == []


def test_a_request_in_a_plan_reads_the_masthead_signers(tmp_path):
    path = tmp_path / "plan.yaml"
    path.write_text("masthead:\n  issuer: 区民政局\n  signers: [张三]\ntitle: 关于拨付经费的请示\nrecipients: [区人民政府]\n",
                    encoding="utf-8")
    assert [f.id for f in lint_text(path.read_text(encoding="utf-8"), "yaml")] == []


def test_a_report_does_not_ask_for_instructions(tmp_path):
    path = tmp_path / "bg.md"
    path.write_text("---\ntitle: 关于2011年双拥工作情况的报告\n---\n今年以来，各项工作进展顺利。\n\n以上报告，妥否，请批示。\n",
                    encoding="utf-8")
    findings = lint_file(path).findings
    assert [(f.id, f.severity, f.location.line, f.location.column) for f in findings] == [
        ("S26", "warning", 6, 6), ("S26", "warning", 6, 9)]
    assert lint_file(path).ok  # warnings do not fail


# ------------------------------------------------------------------ pre-flight: what render would refuse

def _sample_copy(tmp_path: Path, change) -> Path:
    import shutil

    folder = tmp_path / "plan"
    shutil.copytree(SAMPLE.parent, folder)
    plan = folder / SAMPLE.name
    text = plan.read_text(encoding="utf-8")
    changed = change(text)
    assert changed != text
    plan.write_text(changed, encoding="utf-8")
    return plan


MISTAKES = {
    "unknown-key": lambda t: t.replace("title: ××区2011年双拥工作要点\n", "title: ××区2011年双拥工作要点\ntitel: 多余的键\n", 1),
    "undeclared-unit": lambda t: t.replace("lead: 区民政局", "lead: 区不存在局", 1),
    "missing-title": lambda t: t.replace("title: ××区2011年双拥工作要点\n", "", 1),
}


@pytest.mark.parametrize("mistake", list(MISTAKES))
def test_lint_reports_what_render_refuses_with_the_same_message(mistake, tmp_path, capsys):
    import re

    plan = _sample_copy(tmp_path, MISTAKES[mistake])
    assert main(["render", str(plan), "-o", str(tmp_path / "out")]) == 1
    refused_by_render = re.findall(r"^错误：(.+?:\d+:\d+): (.+)$", capsys.readouterr().err, re.M)
    assert refused_by_render, mistake
    assert main(["lint", str(plan)]) == 1
    out = capsys.readouterr().out
    for location, message in refused_by_render:
        assert f"{location}: 错误 P01 {message}" in out, (location, message, out)
    assert main(["render", str(plan), "--check-only", "-o", str(tmp_path / "out2")]) == 1
    err = capsys.readouterr().err
    assert all(f"错误：{location}: {message}" in err for location, message in refused_by_render)
    assert not (tmp_path / "out").exists() and not (tmp_path / "out2").exists()


def test_check_only_writes_nothing_and_counts_the_family(tmp_path, capsys):
    from officialdocs.family import plan_jobs
    from officialdocs.plan import load_plan

    assert main(["render", str(SAMPLE), "--check-only", "-o", str(tmp_path / "out")]) == 0
    assert f"排版前检查通过，{len(plan_jobs(load_plan(SAMPLE)))} 份文档均可生成" in capsys.readouterr().out
    assert not (tmp_path / "out").exists()
    notice = ROOT / "samples" / "notice.md"
    assert main(["render", str(notice), "--check-only", "-o", str(tmp_path / "out")]) == 0
    assert "1 份文档" in capsys.readouterr().out


def test_a_markdown_file_render_refuses_is_a_lint_error(tmp_path, capsys):
    path = tmp_path / "a.md"
    path.write_text("---\ntitle: 关于召开会议的通知\nformat: memo\n---\n现将有关事项通知如下。\n", encoding="utf-8")
    result = lint_file(path)
    assert not result.ok and [(f.id, f.location.line) for f in result.findings] == [("P01", 3)]
    assert main(["render", str(path), "-o", str(tmp_path / "o")]) == 1
    assert result.findings[0].message in capsys.readouterr().err
