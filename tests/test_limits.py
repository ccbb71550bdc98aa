"""Input limits (issue 12.2, 12.4, 12.7, 12.8, 12.11): YAML bombs, nesting, size, control characters, bad
seal images, malformed and bomb .docx, settings that name foreign files: exit 1 with a location, quickly."""

from __future__ import annotations

import re
import resource
import shutil
import time
import zipfile
from pathlib import Path

import pytest

from officialdocs import cli

from .conftest import ROOT, SAMPLE
from .hostile import billion_laughs, zip_bomb

NOTICE = ROOT / "samples" / "notice.md"
SEAL = ROOT / "tests" / "data" / "seal.png"


def run(args, capsys):
    code = cli.main([str(a) for a in args])
    out = capsys.readouterr()
    return code, out.out, out.err


def timed(args, capsys):
    """Exit code, everything printed (lint prints its findings on stdout) and the seconds taken."""
    start = time.perf_counter()
    code, out, err = run(args, capsys)
    return code, out + err, time.perf_counter() - start


# ---------------------------------------------------------------------------------------- YAML bounds


@pytest.mark.parametrize("command", ["render", "lint", "draft", "md"])
def test_billion_laughs_exits_1_in_under_a_second(command, tmp_path, capsys):  # 12.2
    bomb = billion_laughs()
    assert len(bomb.encode()) < 400
    if command == "md":
        source = tmp_path / "bomb.md"
        source.write_text("---\ntitle: 通知\n" + bomb + "---\n\n正文。\n", encoding="utf-8")
        args = ["render", source, "-o", tmp_path / "out"]
        line = 8  # the `f:` line, whose expansion passes the bound, counted in the .md file
    else:
        source = tmp_path / "plan.yaml"
        source.write_text("title: 计划\n" + bomb, encoding="utf-8")
        args = {"render": ["render", source, "-o", tmp_path / "out"], "lint": ["lint", source],
                "draft": ["draft", source, "-o", tmp_path / "d.yaml"]}[command]
        line = 7
    code, err, seconds = timed(args, capsys)  # lint lists it as a finding (stdout), the others as an error
    assert code == 1 and "YAML 炸弹" in err and f"{source.name}:{line}:" in err, err
    assert seconds < 1.0, seconds
    assert not (tmp_path / "out").exists() and not (tmp_path / "d.yaml").exists()


def test_a_recursive_alias_is_refused(tmp_path, capsys):
    source = tmp_path / "plan.yaml"
    source.write_text("title: 计划\nsections: &s\n  - heading: 一\n    items: *s\n", encoding="utf-8")
    code, _, err = run(["render", source, "-o", tmp_path / "out"], capsys)
    assert code == 1 and "循环引用" in err and "plan.yaml:4:12:" in err, err


@pytest.mark.slow  # over 0.4 s (a new process, a whole pipeline): not in the quick loop
@pytest.mark.parametrize("style", ["flow", "block"])
def test_deep_nesting_gives_a_located_message(style, tmp_path, capsys):  # 12.11
    source = tmp_path / "plan.yaml"
    if style == "flow":
        source.write_text("title: 计划\nsections: " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
        where = "plan.yaml:2:"
    else:
        source.write_text("title: 计划\nsections:\n" + "".join("  " * i + "-\n" for i in range(1, 200)), encoding="utf-8")
        where = "plan.yaml:66:"
    code, err, seconds = timed(["render", source, "-o", tmp_path / "out"], capsys)
    assert code == 1 and "嵌套层数过深" in err and where in err, err
    assert "recursion" not in err and seconds < 2


def test_input_size_is_bounded_and_the_bound_can_be_raised(tmp_path, capsys, monkeypatch):  # 12.11
    monkeypatch.setenv("OFFICIALDOCS_MAX_INPUT_MB", "0.01")  # the sample is 20 KB
    code, _, err = run(["lint", SAMPLE], capsys)
    assert code == 1 and "文件过大" in err and "--max-input-mb" in err
    code, _, err = run(["--max-input-mb", "1", "lint", SAMPLE], capsys)
    assert "文件过大" not in err


def test_a_50_mb_plan_is_refused_at_once(tmp_path, capsys):  # 12.11
    big = tmp_path / "plan.yaml"
    with big.open("w", encoding="utf-8") as handle:
        handle.write("title: 计划\nsections:\n")
        line = "  - heading: 第一部分工作要点，各单位要认真总结本单位工作情况\n"
        handle.write(line * (50 * 1024 * 1024 // len(line.encode())))
    code, err, seconds = timed(["render", big, "-o", tmp_path / "out"], capsys)
    assert code == 1 and "文件过大" in err and seconds < 1


# ------------------------------------------------------------------------------- control characters


def _plan_with(tmp_path: Path, old: str, new: str) -> Path:
    text = SAMPLE.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "plan.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def _line_col(text: str, needle: str) -> tuple[int, int]:
    index = text.index(needle)
    return text.count("\n", 0, index) + 1, index - text.rfind("\n", 0, index)


@pytest.mark.parametrize("char", ["\x00", "\x01", "\x1f", "\x7f", "\x85", "\uffff"])
def test_a_control_character_typed_into_a_plan_is_located(char, tmp_path, capsys):  # 12.7
    plan = _plan_with(tmp_path, "双拥模范城", f"双拥{char}模范城")
    line, col = _line_col(plan.read_text(encoding="utf-8"), char)
    code, _, err = run(["render", plan, "-o", tmp_path / "out", "--only", "plan"], capsys)
    assert code == 1 and f"plan.yaml:{line}:{col}: " in err and f"U+{ord(char):04X}" in err, err
    assert "XML compatible" not in err and not (tmp_path / "out").exists()


@pytest.mark.parametrize("escape,code_point", [("\\x01", "U+0001"), ("\\uffff", "U+FFFF"), ("\\ud800", "U+D800"),
                                               ("\\x7f", "U+007F")])
def test_a_control_character_written_as_an_escape_is_located_at_its_value(escape, code_point, tmp_path, capsys):
    text = SAMPLE.read_text(encoding="utf-8")
    title = re.search(r"^title: (.*)$", text, re.M)
    plan = tmp_path / "plan.yaml"
    plan.write_text(text.replace(title.group(0), f'title: "{title.group(1)}{escape}"', 1), encoding="utf-8")
    line = text.count("\n", 0, title.start()) + 1
    code, _, err = run(["render", plan, "-o", tmp_path / "out"], capsys)
    assert code == 1 and f"plan.yaml:{line}:8: " in err and code_point in err, err


def test_a_control_character_in_markdown_is_located_in_the_users_file(tmp_path, capsys):  # 12.7 (\x7f)
    text = NOTICE.read_text(encoding="utf-8").replace("区行政中心", "区行政\x7f中心")
    source = tmp_path / "notice.md"
    source.write_text(text, encoding="utf-8")
    line, col = _line_col(text, "\x7f")
    code, _, err = run(["render", source, "-o", tmp_path / "out"], capsys)
    assert code == 1 and f"notice.md:{line}:{col}: " in err and "U+007F" in err, err
    assert "由模板生成" not in err


def test_import_without_clean_points_at_a_control_character(tmp_path, capsys):
    source = tmp_path / "old.txt"
    source.write_text("关于印发工作要点的通知\n\n各单位：\n    现将\x0b要点印发给你们。\n", encoding="utf-8")
    code, _, err = run(["import", source, "-o", tmp_path / "plan.yaml"], capsys)
    assert code == 1 and "old.txt:4:7: " in err and "--clean" in err, err
    code, _, err = run(["import", source, "-o", tmp_path / "plan.yaml", "--clean"], capsys)
    assert code == 0, err


# ----------------------------------------------------------------------------------- seal, settings


def test_a_seal_that_is_no_image_is_located_in_markdown(tmp_path, capsys):  # 12.11
    (tmp_path / "seal.png").write_text("not an image", encoding="utf-8")
    text = NOTICE.read_text(encoding="utf-8").replace("date: 2011-02-15", "seal: seal.png\ndate: 2011-02-15")
    source = tmp_path / "notice.md"
    source.write_text(text, encoding="utf-8")
    line, col = _line_col(text, "seal.png")
    code, _, err = run(["render", source, "-o", tmp_path / "out"], capsys)
    assert code == 1 and f"notice.md:{line}:{col}: " in err and "不是可用的图片" in err, err


def test_a_seal_that_is_no_image_is_located_in_a_plan(tmp_path, capsys):  # 12.11
    (tmp_path / "seal.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 40)  # a PNG signature, then nothing
    plan = _plan_with(tmp_path, "\ndate:", "\nseal: seal.png\ndate:")
    line, col = _line_col(plan.read_text(encoding="utf-8"), "seal.png")
    code, _, err = run(["render", plan, "-o", tmp_path / "out", "--only", "plan"], capsys)
    assert code == 1 and f"plan.yaml:{line}:{col}: " in err and "图片" in err, err
    shutil.copy(SEAL, tmp_path / "seal.png")
    code, _, err = run(["render", plan, "-o", tmp_path / "out", "--only", "plan", "--format", "docx"], capsys)
    assert code == 0, err


@pytest.mark.parametrize("via", ["option", "plan"])
def test_a_profile_naming_a_foreign_file_does_not_echo_it(via, tmp_path, capsys):  # 12.11
    secret = tmp_path / "passwd"
    secret.write_text("root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1::/usr/sbin:/usr/sbin/nologin\n", encoding="utf-8")
    if via == "option":
        args = ["render", NOTICE, "-o", tmp_path / "out", "--profile", secret]
    else:
        args = ["render", _plan_with(tmp_path, "\ndate:", f"\nprofile: {secret}\ndate:"), "-o", tmp_path / "out"]
    code, out, err = run(args, capsys)
    assert code == 1 and "不是样式配置文件" in err and f"{secret}:1:1" in err, err
    assert "root" not in err.replace(str(tmp_path), "") and "bash" not in out + err


def test_a_pinned_font_without_chinese_warns_and_fails_under_strict(tmp_path, capsys):  # 12.11
    dejavu = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    if not dejavu.is_file():
        pytest.skip("fonts-dejavu-core is not installed")
    args = ["render", NOTICE, "-o", tmp_path / "out", "--format", "docx", "--font", f"body={dejavu}"]
    code, _, err = run(args, capsys)
    assert code == 0 and "警告：--font body=" in err and "0%" in err
    code, _, err = run([*args[:3], tmp_path / "strict", *args[4:], "--strict"], capsys)
    assert code == 1 and "错误：--font body=" in err and not (tmp_path / "strict").exists()


def test_a_template_including_a_system_file_gets_an_honest_message(tmp_path, capsys):  # 12.11
    (tmp_path / "tpl").mkdir()
    (tmp_path / "tpl" / "plan.md.j2").write_text("{% include '/etc/passwd' %}\n", encoding="utf-8")
    code, _, err = run(["render", SAMPLE, "-o", tmp_path / "out", "--only", "plan", "--templates", tmp_path / "tpl"],
                       capsys)
    assert code == 1 and "模板目录以外" in err and "/etc/passwd" in err and "plan.md.j2:1:" in err, err
    assert "root:" not in err


# -------------------------------------------------------------------------------------- .docx input


def _sample_docx(tmp_path: Path, capsys) -> Path:
    code, _, err = run(["render", NOTICE, "-o", tmp_path / "docx", "--format", "docx"], capsys)
    assert code == 0, err
    return next((tmp_path / "docx").glob("*.docx"))


def _replace_part(source: Path, target: Path, part: str, data: bytes) -> Path:
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info, data if info.filename == part else zin.read(info.filename))
    return target


@pytest.mark.parametrize("command", ["check", "lint", "import"])
def test_malformed_xml_in_a_docx_is_named_by_part(command, tmp_path, capsys):  # 12.11, 12.4
    good = _sample_docx(tmp_path, capsys)
    bad = _replace_part(good, tmp_path / "bad.docx", "word/document.xml", b"<w:document><w:body></w:document>")
    args = {"check": ["check", bad], "lint": ["lint", bad], "import": ["import", bad, "-o", tmp_path / "p.yaml"]}
    code, _, err = run(args[command], capsys)
    assert code == 1 and "word/document.xml" in err and "不是有效的 XML" in err and "bad.docx" in err, err
    assert not (tmp_path / "p.yaml").exists()


@pytest.mark.parametrize("command", ["check", "lint", "import"])
@pytest.mark.parametrize("declared", ["true", "lying"])
def test_a_docx_zip_bomb_is_refused_quickly_in_little_memory(command, declared, tmp_path, capsys):  # 12.8
    bomb = zip_bomb(tmp_path / "bomb.docx", inflated_gib=10 if declared == "true" else 1,
                    declared=None if declared == "true" else 100)
    assert bomb.stat().st_size < 11 * 1024 * 1024
    args = {"check": ["check", bomb], "lint": ["lint", bomb], "import": ["import", bomb, "-o", tmp_path / "p.yaml"]}
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    code, err, seconds = timed(args[command], capsys)
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert code == 1 and "bomb.docx" in err and ("压缩炸弹" in err or "已损坏" in err), err
    assert seconds < 5 and grown_mb < 200, (seconds, grown_mb)
