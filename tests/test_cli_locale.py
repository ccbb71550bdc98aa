"""All Chinese on the surface (issue 13.7): click's own words, OS errors, --quiet / --verbose."""

from __future__ import annotations

import errno
import re

import pytest

from officialdocs import cli
from officialdocs.errors import os_error_text

from .conftest import SAMPLE

COMMANDS = ("render", "draft", "check", "lint", "import", "fonts", "schema", "preview", "tasks")
# What a user types or reads as a name, not as English prose.
NAMES = {"officialdocs", "docx", "pdf", "PDF", "ofd", "OFD", "formats", "YAML", "JSON", "Schema", "Markdown", "LibreOffice", "Python",
         "plan", "notice", "schemes", "units", "gbt9704", "out", "Excel", "fast", "small", "file", "letter", "order",
         "minutes", "preview", "front", "matter", "yaml", *COMMANDS}
# options, paths and files, METAVARS, and what the user typed (quoted back in “…”)
_NOT_PROSE = re.compile(r"--?[\w-]+|\S*[./=]\S*|\b[A-Z][A-Z_]+\b|“[^”]*”")


def english_words(text: str) -> list[str]:
    stripped = _NOT_PROSE.sub(" ", text)
    words = re.findall(r"[A-Za-z][A-Za-z0-9_]*", stripped)
    return [w for w in words if w not in NAMES and sum(c.isalpha() for c in w) >= 3]


def run(args, capsys):
    code = cli.main([str(a) for a in args])
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.mark.parametrize("args", [["--help"], ["render", "--help"], *[[c, "-h"] for c in COMMANDS]])
def test_help_has_no_english_sentence(args, capsys):
    code, out, err = run(args, capsys)
    assert code == 0 and out.startswith("用法：")
    assert "选项：" in out and "显示本帮助并退出。" in out
    assert english_words(out) == [], out


@pytest.mark.parametrize(("args", "phrase"), [
    (["import", "old.txt"], "错误：缺少选项 “-o” / “--output”。"),
    (["lint"], "错误：缺少参数 “文件”。"),
    (["render", "--fromat", "pdf", "x.yaml"], "错误：没有选项 “--fromat”。"),
    (["rendr"], "是否想写 “render”？"),
    (["render", "-j", "99", "x.yaml"], "的取值无效：99 不在允许的范围"),
])
def test_usage_errors_are_chinese(args, phrase, capsys):
    code, _, err = run(args, capsys)
    assert code != 0 and phrase in err
    assert "运行 “officialdocs" in err and "查看帮助。" in err
    assert english_words(err) == [], err


def test_default_values_and_metavars_read_in_chinese(capsys):
    _, out, _ = run(["render", "--help"], capsys)
    assert "-o, --output 路径" in out and "[默认：out]" in out and "[选项] 文件" in out


@pytest.mark.parametrize(("code", "cause"), [
    (errno.EEXIST, "已存在"), (errno.EACCES, "没有权限"), (errno.ENOSPC, "磁盘已满"),
    (errno.ENAMETOOLONG, "文件名过长"), (errno.ENOTDIR, "不是文件夹"),
])
def test_os_errors_have_chinese_causes(code, cause):
    assert cause in os_error_text(OSError(code, "English words"))


def test_an_os_error_on_output_is_reported_in_chinese(tmp_path, capsys):
    code, _, err = run(["schema", "-o", tmp_path / ("长" * 100 + ".json")], capsys)
    assert code == 1 and "文件名过长" in err
    assert "File name too long" not in err


def test_quiet_and_verbose(tmp_path, capsys):
    base = ["render", SAMPLE, "-o", tmp_path, "--only", "plan", "--format", "docx"]
    code, out, err = run(["-q", *base], capsys)
    assert code == 0 and out == "" and err == ""
    assert list(tmp_path.glob("*.docx"))
    code, out, err = run(["--verbose", *base], capsys)
    assert code == 0 and "已生成" in out
    assert "已完成 1 份：××区2011年双拥工作要点" in err and re.search(r"用时 \d+\.\d 秒", err)
    code, _, err = run(["-q", "-v", *base], capsys)
    assert code == 2 and "只能选一个" in err  # a usage error (exit 2, click's convention)
