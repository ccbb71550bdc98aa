"""Output files (issue 12.1, 12.6, 12.10, 12.11): only regular files are written, through symlinks, with the
umask, with file names bounded in bytes, and temp files of killed runs are cleaned up."""

from __future__ import annotations

import os
import socket
import stat
import time
import zipfile
from pathlib import Path

import pytest

from officialdocs import cli, output
from officialdocs.errors import OfficialDocsError
from officialdocs.output import atomic_write, safe_filename

from .conftest import ROOT

NOTICE = ROOT / "samples" / "notice.md"


def run(args, capsys):
    code = cli.main([str(a) for a in args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_schema_onto_a_fifo_is_refused_and_the_fifo_stays(tmp_path, capsys):  # 12.1
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    code, _, err = run(["schema", "-o", fifo], capsys)
    assert code == 1 and "命名管道" in err and f"{fifo}:" in err
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert [p.name for p in tmp_path.iterdir()] == ["pipe"]  # no temp file left


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="mknod of a device needs root")
def test_schema_onto_a_device_is_refused_and_the_device_stays(tmp_path, capsys):  # 12.1 (/dev/full as root)
    dev = tmp_path / "full"
    os.mknod(dev, stat.S_IFCHR | 0o666, os.makedev(1, 7))  # the same device as /dev/full, in our own folder
    code, _, err = run(["schema", "-o", dev], capsys)
    assert code == 1 and "设备文件" in err
    assert stat.S_ISCHR(os.lstat(dev).st_mode)


def test_sockets_pipes_and_links_to_them_are_refused(tmp_path):  # 12.1
    sock_path = tmp_path / "s"
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(sock_path))
    fifo = tmp_path / "f"
    os.mkfifo(fifo)
    link = tmp_path / "link"
    link.symlink_to(fifo)
    read_end, write_end = os.pipe()
    try:
        for target, kind in [(sock_path, "套接字"), (link, "命名管道"), (Path(f"/proc/self/fd/{write_end}"), "命名管道"),
                             (tmp_path, "文件夹")]:
            if not target.parent.exists():
                continue
            with pytest.raises(OfficialDocsError, match=kind):
                atomic_write(target, b"data")
        assert stat.S_ISSOCK(os.lstat(sock_path).st_mode) and link.is_symlink()
    finally:
        server.close()
        os.close(read_end)
        os.close(write_end)


def test_a_dangling_symlink_is_refused(tmp_path):
    link = tmp_path / "out.json"
    link.symlink_to(tmp_path / "nowhere" / "x.json")
    with pytest.raises(OfficialDocsError, match="不存在"):
        atomic_write(link, b"{}")
    assert not (tmp_path / "nowhere").exists()


def test_a_symlink_to_a_regular_file_is_written_through(tmp_path):
    real = tmp_path / "real" / "schema.json"
    real.parent.mkdir()
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "schema.json"
    link.symlink_to(real)
    atomic_write(link, b"new")
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_bytes() == b"new"


def test_lint_fix_writes_through_a_symlink(tmp_path, capsys):  # 12.11
    real = tmp_path / "docs" / "notice.md"
    real.parent.mkdir()
    real.write_text(NOTICE.read_text(encoding="utf-8").replace("上午9时。", "上午9时."), encoding="utf-8")
    link = tmp_path / "notice.md"
    link.symlink_to(real)
    code, out, err = run(["lint", link, "--fix", "--force"], capsys)
    assert "修改后" in out, out + err
    assert link.is_symlink()
    assert "上午9时。" in real.read_text(encoding="utf-8")


@pytest.mark.parametrize("umask,expected", [(0o077, 0o600), (0o022, 0o644), (0o002, 0o664)])
def test_new_files_follow_the_umask(tmp_path, umask, expected):  # 12.11
    old = os.umask(umask)
    try:
        atomic_write(tmp_path / "a.pdf", b"%PDF-")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "a.pdf").stat().st_mode) == expected


def test_a_replaced_file_keeps_its_permissions(tmp_path):
    target = tmp_path / "secret.docx"
    target.write_bytes(b"old")
    target.chmod(0o600)
    atomic_write(target, b"new")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600 and target.read_bytes() == b"new"


def test_without_force_an_existing_file_is_kept(tmp_path):  # 13.1
    target = tmp_path / "plan.yaml"
    target.write_text("mine", encoding="utf-8")
    with pytest.raises(OfficialDocsError, match="已存在"):
        atomic_write(target, b"theirs", force=False)
    assert target.read_text(encoding="utf-8") == "mine"
    atomic_write(tmp_path / "new.yaml", b"x", force=False)
    assert (tmp_path / "new.yaml").read_bytes() == b"x"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["new.yaml", "plan.yaml"]


def test_file_names_are_cut_by_bytes_not_characters():  # 12.6
    name = safe_filename("关于" * 150)
    assert len(name.encode("utf-8")) <= 200 and name == "关于" * 33
    assert safe_filename("a" * 300) == "a" * 120
    assert safe_filename("𠀀" * 100, max_length=80).encode("utf-8") == "𠀀".encode() * 50
    assert safe_filename("../..") == "_" and safe_filename(" .. ") == "document" and safe_filename("con.txt") == "_con.txt"


def test_temp_names_stay_within_the_file_system_limit(tmp_path):  # 12.6
    name = "国" * 66 + ".docx"  # 203 bytes: the longest safe_filename plus an extension
    assert len(output._temp_name(name, 255).encode()) <= 255
    atomic_write(tmp_path / name, b"PK")
    assert (tmp_path / name).read_bytes() == b"PK"


def test_a_200_character_title_renders(tmp_path, capsys):  # 12.6
    title = ("关于加强和改进新形势下双拥工作的若干意见" * 11)[:200]
    source = tmp_path / "long.md"
    source.write_text(NOTICE.read_text(encoding="utf-8").replace("关于召开2011年度双拥工作会议的通知", title, 1),
                      encoding="utf-8")
    code, _, err = run(["render", source, "-o", tmp_path / "out"], capsys)
    assert code == 0, err
    files = sorted((tmp_path / "out").iterdir())
    assert [p.suffix for p in files] == [".docx", ".pdf"]
    assert all(len(p.name.encode()) <= 255 for p in files)
    with zipfile.ZipFile(files[0]) as z:
        core = z.read("docProps/core.xml").decode("utf-8")
    assert title[:60] in core


def test_stale_temp_files_of_dead_runs_are_removed(tmp_path):  # 12.10
    old = time.time() - 7200
    dead = tmp_path / ".01-通知.docx.officialdocs-999999999-0123abcd.tmp"
    legacy = tmp_path / ".01-通知.pdf.k2j4_x9a.tmp"
    mine = tmp_path / f".02-通知.docx.officialdocs-{os.getpid()}-0123abcd.tmp"
    users = tmp_path / ".notes.tmp"
    for path in (dead, legacy, mine, users):
        path.write_bytes(b"partial")
        os.utime(path, (old, old))
    atomic_write(tmp_path / "01-通知.docx", b"PK")
    left = sorted(p.name for p in tmp_path.iterdir())
    assert left == sorted([mine.name, users.name, "01-通知.docx"])


# ------------------------------------------------------------------ no file of the user's replaced (13.1)


@pytest.mark.slow  # over 0.4 s (a new process, a whole pipeline): not in the quick loop
def test_a_second_draft_does_not_replace_the_edited_one(tmp_path, capsys):
    plan = tmp_path / "plan.yaml"
    plan.write_bytes((ROOT / "samples" / "2011-shuangyong" / "plan.yaml").read_bytes())
    code, _, err = run(["draft", plan], capsys)
    assert code == 0, err
    draft = tmp_path / "plan-2012.yaml"
    draft.write_text(draft.read_text(encoding="utf-8") + "# 我的修改\n", encoding="utf-8")
    code, _, err = run(["draft", plan], capsys)
    assert code == 1 and f"{draft}: 文件已存在，未覆盖" in err and "--force" in err
    assert draft.read_text(encoding="utf-8").endswith("# 我的修改\n")
    code, _, err = run(["draft", plan, "--force"], capsys)
    assert code == 0 and "# 我的修改" not in draft.read_text(encoding="utf-8")


def test_import_and_schema_do_not_replace_an_existing_file(tmp_path, capsys):
    old = tmp_path / "old.txt"
    old.write_text("关于印发工作要点的通知\n\n各单位：\n    现将要点印发给你们。\n", encoding="utf-8")
    for args in (["import", old, "-o"], ["schema", "-o"]):
        target = tmp_path / "mine.yaml"
        target.write_text("title: 我的计划\n", encoding="utf-8")
        code, _, err = run([*args, target], capsys)
        assert code == 1 and "已存在" in err and target.read_text(encoding="utf-8") == "title: 我的计划\n"
        code, _, err = run([*args, target, "--force"], capsys)
        assert code == 0, err
        assert target.read_text(encoding="utf-8") != "title: 我的计划\n"
        target.unlink()


def test_lint_fix_shows_the_diff_and_writes_only_with_force(tmp_path, capsys):
    source = tmp_path / "notice.md"
    source.write_text(NOTICE.read_text(encoding="utf-8").replace("上午9时。", "上午9时."), encoding="utf-8")
    before = source.read_bytes()
    code, out, err = run(["lint", source, "--fix"], capsys)
    assert code == 1 and "+时间：2011年2月25日（星期五）上午9时。" in out and "未写回" in err and "--force" in err
    assert "写回" not in out and source.read_bytes() == before
    code, out, err = run(["lint", source, "--fix", "--force"], capsys)
    assert code == 0 and "已修正 1 处" in out and source.read_bytes() != before
