"""YAML typing mistakes explained in Chinese at the exact spot, with the corrected line (issue 13.3)."""

from __future__ import annotations

import re

import pytest

from officialdocs import cli

from .conftest import ROOT, SAMPLE

ENGLISH = re.compile(r"[A-Za-z]{4,} [a-z]{2,} [a-z]{2,}")  # an English phrase (not a key or a file name)

# (name, line of the sample to change, its replacement, expected column, words in the message, corrected line)
MISTAKES = [
    ("full-width colon", "title: ××区2011年双拥工作要点", "title：××区2011年双拥工作要点", 6, "全角冒号",
     "title: ××区2011年双拥工作要点"),
    ("full-width colon, nested", "        lead: 区双拥办", "        lead：区双拥办", 13, "全角冒号", "        lead: 区双拥办"),
    ("full-width space indentation", "        lead: 区民政局", "\u3000\u3000\u3000\u3000lead: 区民政局", 1, "全角空格",
     "        lead: 区民政局"),
    ("tab indentation", "        lead: 区民政局", "\t\t\t\tlead: 区民政局", 1, "制表符", "        lead: 区民政局"),
    ("missing space after the colon", "  doc_number: 区双拥〔2011〕1号", "  doc_number:区双拥〔2011〕1号", 13, "缺少空格",
     "  doc_number: 区双拥〔2011〕1号"),
    ("unclosed double quote", '  copy_number: "000018"', '  copy_number: "000018', 16, "引号没有闭合",
     '  copy_number: "000018"'),
    ("stray dash", "        lead: 区民政局", "        - lead: 区民政局", 9, "“-”", "          lead: 区民政局"),
    ("dash without a space", "      - title: 全力支持部队现代化建设", "      -title: 全力支持部队现代化建设", 7, "“-”后面缺少空格",
     "      - title: 全力支持部队现代化建设"),
]


def run(args, capsys):
    code = cli.main([str(a) for a in args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.mark.parametrize("name,old,new,column,words,fixed", MISTAKES, ids=[m[0] for m in MISTAKES])
def test_a_typing_mistake_is_explained_at_its_line_and_column(name, old, new, column, words, fixed, tmp_path, capsys):
    text = SAMPLE.read_text(encoding="utf-8")
    lines = text.split("\n")
    line = lines.index(old) + 1
    lines[line - 1] = new
    plan = tmp_path / "plan.yaml"
    plan.write_text("\n".join(lines), encoding="utf-8")
    for command in (["render", plan, "-o", tmp_path / "out"], ["lint", plan]):
        code, out, err = run(command, capsys)
        assert code == 1, err
        # render says 错误：FILE:L:C: …; lint lists it as its first finding: FILE:L:C: 错误 P01 …
        first = err.splitlines()[0] if command[0] == "render" else "错误：" + out.splitlines()[0].replace(" 错误 P01 ", " ")
        assert first.startswith(f"错误：{plan}:{line}:{column}: "), first
        assert words in first and re.search("改成：" + re.escape(fixed) + "[）；]", first), first
        assert not ENGLISH.search(first.split("解析器原文")[0]), first
    assert not (tmp_path / "out").exists()


def test_a_mistake_in_markdown_front_matter_is_located_in_the_md_file(tmp_path, capsys):
    text = (ROOT / "samples" / "notice.md").read_text(encoding="utf-8").replace("signature: ", "signature：", 1)
    source = tmp_path / "notice.md"
    source.write_text(text, encoding="utf-8")
    line = text.split("\n").index("signature：××区双拥工作领导小组") + 1
    code, _, err = run(["render", source, "-o", tmp_path / "out"], capsys)
    assert code == 1 and f"notice.md:{line}:10: 这里用了全角冒号" in err, err


def test_a_lone_line_with_a_full_width_colon_is_explained(tmp_path, capsys):
    plan = tmp_path / "plan.yaml"
    plan.write_text("title：2012年双拥工作要点\n", encoding="utf-8")
    code, _, err = run(["render", plan, "-o", tmp_path / "out"], capsys)
    assert code == 1 and "plan.yaml:1:6: 这里用了全角冒号" in err, err


@pytest.mark.parametrize("text,where,words", [
    ("title: 计划\nsections:\n  - title: 一\n    text: 坚持原则: 服务大局\n", "4:15", "值里有“: ”"),
    ("title: 计划\nsections:\n  - title: 一\n     text: 坚持\n", "4:6", "缩进不一致"),
    ("title: 计划\nsections:\n  - title: 一\n   - title: 二\n", "4:4", "列表项没有对齐"),
    ("title: 计划\nrecipients: [甲, 乙\nsections: []\n", "2:13", "方括号"),
    ("title: *计划\n", "1:8", "别名"),
    ("title: 计划\nsections: []\n---\ntitle: 又一份\n", "3:1", "第二份"),
])
def test_the_parsers_other_messages_are_translated(text, where, words, tmp_path, capsys):
    plan = tmp_path / "plan.yaml"
    plan.write_text(text, encoding="utf-8")
    code, out, err = run(["lint", plan], capsys)
    assert code == 1 and f"plan.yaml:{where}: 错误 P01 " in out and words in out, out
    assert not ENGLISH.search(out.split("解析器原文")[0]), out
