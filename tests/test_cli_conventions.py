"""CLI conventions (issue 14.5): `-` for stdin/stdout, exit codes 0/1/2/3, GB 18030 and UTF-16 inputs, several
files and folders for render and check."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import zipfile

import pytest

from officialdocs import cli

from .conftest import ROOT, SAMPLE

NOTICE = ROOT / "samples" / "notice.md"
TITLE = "关于召开2011年度双拥工作会议的通知"


def run(args, capsys, stdin: bytes | None = None, monkeypatch=None):
    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8"))
    code = cli.main([str(a) for a in args])
    out = capsys.readouterr()
    return code, out.out, out.err


# -------------------------------------------------------------------------------------- stdin, stdout


def test_render_reads_markdown_from_stdin(tmp_path, capsys, monkeypatch):
    code, out, err = run(["render", "-", "-o", tmp_path, "--format", "docx"], capsys, NOTICE.read_bytes(), monkeypatch)
    assert code == 0, err
    assert (tmp_path / f"{TITLE}.docx").is_file() and "标准输入按公文 Markdown读取" in err


def test_render_reads_a_plan_from_stdin(tmp_path, capsys, monkeypatch):
    code, out, err = run(["render", "-", "-o", tmp_path, "--format", "docx", "--only", "plan"], capsys,
                         SAMPLE.read_bytes(), monkeypatch)
    assert code == 0, err
    assert (tmp_path / "02-××区2011年双拥工作要点.docx").is_file() and "计划数据（YAML）" in err


def test_a_stdin_error_is_located_in_stdin(tmp_path, capsys, monkeypatch):
    code, _, err = run(["render", "-", "-o", tmp_path], capsys, "title：计划\nsections: []\n".encode(), monkeypatch)
    assert code == 1 and "<stdin>:1:6: 这里用了全角冒号" in err, err


def test_schema_and_draft_write_to_stdout(tmp_path, capsys):
    code, out, _ = run(["schema", "-o", "-"], capsys)
    assert code == 0 and json.loads(out)["type"] == "object"
    code, out, err = run(["draft", SAMPLE, "-o", "-"], capsys)
    assert code == 0 and "title: ××区2012年双拥工作要点" in out and "年份前移" in err and "已生成" not in out
    assert not (tmp_path / "-").exists() and not (SAMPLE.parent / "plan-2012.yaml").exists()


def test_import_from_stdin_to_stdout(tmp_path, capsys, monkeypatch):
    text = "关于印发2011年工作要点的通知\n\n各单位：\n    现将要点印发给你们，请认真贯彻落实。\n"
    code, out, err = run(["import", "-", "-o", "-"], capsys, text.encode("gb18030"), monkeypatch)
    assert code == 0, err
    assert "title: 关于印发2011年工作要点的通知" in out and "已生成" not in out
    code, out, err = run(["import", "-", "-o", "-", "--to", "md"], capsys, text.encode(), monkeypatch)
    assert code == 0 and out.startswith("---") and "title: 关于印发2011年工作要点的通知" in out


def test_import_a_docx_from_stdin(tmp_path, capsys, monkeypatch):
    code, _, err = run(["render", NOTICE, "-o", tmp_path, "--format", "docx"], capsys)
    assert code == 0, err
    docx = (tmp_path / f"{TITLE}.docx").read_bytes()
    code, out, err = run(["import", "-", "-o", "-", "--to", "md"], capsys, docx, monkeypatch)
    assert code == 0, err
    assert f"title: {TITLE}" in out and "参加人员" in out


@pytest.mark.slow  # over 0.4 s (a new process, a whole pipeline): not in the quick loop
def test_stdin_through_a_real_pipe(tmp_path):
    result = subprocess.run([sys.executable, "-m", "officialdocs.cli", "render", "-", "-o", str(tmp_path),
                             "--format", "docx"], input=NOTICE.read_bytes(), capture_output=True, timeout=120)
    assert result.returncode == 0, result.stderr.decode()
    with zipfile.ZipFile(tmp_path / f"{TITLE}.docx") as z:
        assert "参加人员" in z.read("word/document.xml").decode()


# ------------------------------------------------------------------------------------------ exit codes


def test_exit_codes(tmp_path, capsys, monkeypatch):
    assert run(["schema", "-o", tmp_path / "s.json"], capsys)[0] == 0
    assert run(["render", tmp_path / "missing.md", "-o", tmp_path], capsys)[0] == 1
    assert run(["render", NOTICE, "--no-such-option"], capsys)[0] == 2
    assert run(["render"], capsys)[0] == 2
    assert run(["render", NOTICE, "-j", "0"], capsys)[0] == 2

    def boom(*_args, **_kwargs):
        raise RuntimeError("simulated bug")

    from officialdocs import render

    monkeypatch.setattr(render, "render_file", boom)  # the CLI imports it when `render` runs
    assert run(["render", NOTICE, "-o", tmp_path], capsys)[0] == 3


# ------------------------------------------------------------------------------------------- encodings


@pytest.mark.parametrize("encoding,bom,name", [("gb18030", b"", "GB 18030"), ("utf-16-le", b"\xff\xfe", "UTF-16"),
                                               ("utf-16-be", b"\xfe\xff", "UTF-16"), ("utf-8", b"\xef\xbb\xbf", None)])
def test_markdown_in_other_encodings_renders(encoding, bom, name, tmp_path, capsys):
    source = tmp_path / "notice.md"
    source.write_bytes(bom + NOTICE.read_text(encoding="utf-8").replace("\n", "\r\n").encode(encoding))
    code, _, err = run(["render", source, "-o", tmp_path / "out", "--format", "docx"], capsys)
    assert code == 0, err
    assert (f"按 {name}" in err) if name else ("编码" not in err)
    with zipfile.ZipFile(tmp_path / "out" / f"{TITLE}.docx") as z:
        assert "区行政中心三楼会议室" in z.read("word/document.xml").decode()


@pytest.mark.slow  # over 0.4 s (a new process, a whole pipeline): not in the quick loop
def test_a_gb18030_plan_renders_lints_and_drafts(tmp_path, capsys):
    plan = tmp_path / "plan.yaml"
    plan.write_bytes(SAMPLE.read_text(encoding="utf-8").encode("gb18030"))
    code, _, err = run(["render", plan, "-o", tmp_path / "out", "--only", "plan", "--format", "docx"], capsys)
    assert code == 0 and "GB 18030" in err, err
    assert run(["lint", plan], capsys)[0] in (0, 1)
    code, _, err = run(["draft", plan], capsys)
    assert code == 0, err
    assert "××区2012年双拥工作要点" in (tmp_path / "plan-2012.yaml").read_text(encoding="utf-8")


def test_lint_fix_writes_back_in_the_files_own_encoding(tmp_path, capsys):
    source = tmp_path / "notice.md"
    source.write_bytes(NOTICE.read_text(encoding="utf-8").replace("上午9时。", "上午9时.").encode("gb18030"))
    code, out, err = run(["lint", source, "--fix", "--force"], capsys)
    assert code == 0 and "已修正 1 处" in out, out + err
    assert "上午9时。" in source.read_bytes().decode("gb18030")


# ------------------------------------------------------------------------------ several files, folders


def test_render_several_files_and_a_folder(tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "plan.yaml").write_bytes(SAMPLE.read_bytes())
    (folder / "notice.md").write_bytes(NOTICE.read_bytes())
    (folder / "readme.txt").write_text("不是输入", encoding="utf-8")
    other = tmp_path / "other.md"
    other.write_text(NOTICE.read_text(encoding="utf-8").replace(TITLE, "关于做好春节期间走访慰问工作的通知"),
                     encoding="utf-8")
    same = tmp_path / "same.md"
    same.write_bytes(NOTICE.read_bytes())  # same title as notice.md: would overwrite its files
    out = tmp_path / "out"
    code, stdout, err = run(["render", folder, other, same, "-o", out, "--only", "plan", "--format", "docx"], capsys)
    assert code == 1 and f"{same}: 与 {folder / 'notice.md'} 的标题相同" in err, err
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*.*")) == [
        "plan/02-××区2011年双拥工作要点.docx", "plan/manifest.json",
        "关于做好春节期间走访慰问工作的通知.docx", f"{TITLE}.docx"]


def test_an_empty_folder_is_a_located_error(tmp_path, capsys):
    code, _, err = run(["render", tmp_path, "-o", tmp_path / "out"], capsys)
    assert code == 1 and f"{tmp_path}: 文件夹中没有" in err


def test_check_several_files_and_a_folder(tmp_path, capsys):
    docs = tmp_path / "docs"
    code, _, err = run(["render", NOTICE, "-o", docs], capsys)
    assert code == 0, err
    code, out, err = run(["check", docs, "--json"], capsys)
    reports = json.loads(out)
    assert [r["kind"] for r in reports] == ["docx", "pdf"] and all(r["ok"] for r in reports), err
    assert code == 0
    code, out, _ = run(["check", *sorted(docs.iterdir())], capsys)
    assert code == 0 and out.count(TITLE) >= 2
