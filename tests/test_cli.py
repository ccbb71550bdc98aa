"""The `officialdocs` command as a user meets it: exit codes, located messages, nothing half-written."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from officialdocs import cli

from .conftest import ROOT, SAMPLE

BAD_PLANS = sorted((ROOT / "tests" / "data" / "bad_plans").glob("*.yaml"))
LOCATED = re.compile(r"^错误：\S+\.yaml(:\d+:\d+)?: \S")


def run(args, capsys):
    code = cli.main([str(a) for a in args])
    out = capsys.readouterr()
    return code, out.out, out.err


NOTICE = "01-关于印发《××区2011年双拥工作要点》的通知"


def test_render_sample_notice_and_plan(tmp_path, capsys):
    code, out, err = run(["render", SAMPLE, "-o", tmp_path, "--only", "notice,plan"], capsys)
    assert code == 0, err
    written = sorted(p.name for p in tmp_path.iterdir())
    assert written == [f"{NOTICE}.docx", f"{NOTICE}.pdf", "02-××区2011年双拥工作要点.docx",
                       "02-××区2011年双拥工作要点.pdf", "manifest.json"]
    assert out.count("已生成") == 4 and "共 2 份文档、4 个文件" in out
    assert (tmp_path / written[0]).read_bytes()[:2] == b"PK"
    assert (tmp_path / written[1]).read_bytes()[:5] == b"%PDF-"


def test_format_docx_only(tmp_path, capsys):
    code, _, err = run(["render", SAMPLE, "-o", tmp_path, "--format", "docx", "--only", "plan"], capsys)
    assert code == 0, err
    assert sorted(p.suffix for p in tmp_path.iterdir()) == [".docx", ".json"]


@pytest.mark.parametrize("bad", BAD_PLANS, ids=lambda p: p.stem)
def test_bad_plan_gives_a_located_message_and_writes_nothing(bad, tmp_path, capsys):
    out_dir = tmp_path / "out"
    code, out, err = run(["render", bad, "-o", out_dir], capsys)
    assert code == 1
    messages = [line for line in err.splitlines() if line.strip()]
    assert messages and all(LOCATED.match(m) for m in messages), err
    assert "Traceback" not in err
    if bad.stem not in ("empty", "top_level_list"):  # whole-file problems have no line
        assert re.search(rf"{re.escape(bad.name)}:\d+:\d+: ", err), err
    assert not out_dir.exists() or not any(out_dir.iterdir())


def test_failed_render_keeps_the_previous_good_file(tmp_path, capsys):
    code, _, _ = run(["render", SAMPLE, "-o", tmp_path, "--only", "notice"], capsys)
    assert code == 0
    good = tmp_path / f"{NOTICE}.docx"
    before = good.read_bytes()
    broken = tmp_path / "plan.yaml"
    broken.write_text(SAMPLE.read_text(encoding="utf-8").replace("doc_number: 区双拥〔2011〕1号",
                                                                  "doc_number: 区双拥[2011]01号"), encoding="utf-8")
    code, _, err = run(["render", broken, "-o", tmp_path, "--only", "notice"], capsys)
    assert code == 1 and "发文字号" in err
    assert good.read_bytes() == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")], "a temporary file was left behind"


def test_render_a_hand_written_markdown_notice(tmp_path, capsys):
    notice = ROOT / "samples" / "notice.md"
    code, out, err = run(["render", notice, "-o", tmp_path], capsys)
    assert code == 0, err
    assert len(list(tmp_path.glob("*.docx"))) == 1


def test_unknown_format_is_a_usage_error(tmp_path, capsys):  # click's convention: exit 2
    code, _, err = run(["render", SAMPLE, "-o", tmp_path, "--format", "odt", "--only", "plan"], capsys)
    assert code == 2 and "odt" in err
    assert not any(tmp_path.iterdir())


def test_missing_input_file(tmp_path, capsys):
    code, _, err = run(["render", tmp_path / "nope.yaml", "-o", tmp_path], capsys)
    assert code == 1 and "找不到" in err and "nope.yaml" in err


def test_internal_error_exits_3_without_traceback(monkeypatch, tmp_path, capsys):
    def boom(*_args, **_kwargs):
        raise RuntimeError("simulated bug")

    from officialdocs import render

    monkeypatch.setattr(render, "render_file", boom)  # the CLI imports it when `render` runs
    code, _, err = run(["render", SAMPLE, "-o", tmp_path, "--only", "plan"], capsys)
    assert code == 3
    assert "内部错误" in err and "Traceback" not in err
    code, _, err = run(["--debug", "render", SAMPLE, "-o", tmp_path, "--only", "plan"], capsys)
    assert code == 3 and "Traceback" in err


def test_schema_is_json_schema_for_plan_yaml(capsys):
    code, out, _ = run(["schema"], capsys)
    assert code == 0
    schema = json.loads(out)
    assert {"masthead", "title", "sections", "units", "colophon"} <= set(schema["properties"])


@pytest.mark.slow  # over 0.4 s (a new process, a whole pipeline): not in the quick loop
def test_console_script_runs_as_a_process(tmp_path):
    result = subprocess.run([sys.executable, "-m", "officialdocs.cli", "render", str(SAMPLE), "-o", str(tmp_path),
                             "--only", "plan"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert list(tmp_path.glob("*.docx")) and list(tmp_path.glob("*.pdf"))


@pytest.mark.slow  # over 0.4 s (a new process, a whole pipeline): not in the quick loop
def test_templates_override_the_builtin_plan_template(tmp_path, capsys):
    custom = tmp_path / "tpl"
    custom.mkdir()
    (custom / "plan.md.j2").write_text("---\ntitle: {{ plan.title | yaml }}\n---\n自定义模板正文{{ plan.nope }}\n",
                                       encoding="utf-8")
    code, _, err = run(["render", SAMPLE, "-o", tmp_path / "out", "--templates", custom], capsys)
    assert code == 1  # the plan fails; the other documents of the family are still written
    assert re.search(r"plan\.md\.j2:4: 模板使用了未定义的变量", err), err
    assert "1 份文档生成失败" in err and (tmp_path / "out" / f"{NOTICE}.pdf").is_file()
    (custom / "plan.md.j2").write_text("---\ntitle: {{ plan.title | yaml }}\n---\n自定义模板正文。\n", encoding="utf-8")
    code, _, err = run(["render", SAMPLE, "-o", tmp_path / "out", "--templates", custom, "--only", "plan"], capsys)
    assert code == 0, err


def test_source_tree_is_not_needed_at_run_time():
    """The product never reads ../shared/ (only tests may)."""
    for path in (ROOT / "src").rglob("*.py"):
        assert "shared/" not in path.read_text(encoding="utf-8"), path
    assert Path(ROOT / "templates" / "styles" / "gbt9704.yaml").is_file()
