"""A render is a transaction (issue 12.2, 13.1): all new files or the previous output exactly as it was —
on errors, a full disk, a file-size limit, a kill in the middle of the commit; and a folder whose
manifest lists exactly the files the render made there."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from officialdocs import cli, render_file
from officialdocs.transaction import STAGING_PREFIX, Transaction

from .conftest import ROOT, SAMPLE

ENV = dict(os.environ, PYTHONPATH=str(ROOT / "src"))


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` with its bytes (our staging folders excluded)."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and not any(part.startswith(STAGING_PREFIX) for part in p.relative_to(folder).parts)}


def leftovers(folder: Path) -> list[str]:
    return [p.name for p in folder.rglob("*") if p.name.startswith(STAGING_PREFIX) or p.name.endswith(".tmp")]


def old_output(folder: Path) -> dict[str, bytes]:
    folder.mkdir()
    files = {"a.docx": b"old a docx", "a.pdf": b"old a pdf", "gone.pdf": b"old gone", "sub/b.docx": b"old b",
             "manifest.json": b'{"generator": "officialdocs"}'}
    for rel, data in files.items():
        (folder / rel).parent.mkdir(exist_ok=True)
        (folder / rel).write_bytes(data)
    return snapshot(folder)


NEW = {"a.docx": b"new a docx", "a.pdf": b"new a pdf", "sub/b.docx": b"new b", "sub2/c.docx": b"new c",
       "manifest.json": b'{"generator": "officialdocs", "new": 1}'}


def test_a_commit_replaces_everything_at_once(tmp_path):
    out = tmp_path / "out"
    old_output(out)
    os.chmod(out / "a.pdf", 0o600)  # a replaced file keeps its permissions
    with Transaction(out) as tx:
        for rel, data in NEW.items():
            tx.stage(rel, data)
        assert snapshot(out)["a.docx"] == b"old a docx"  # nothing visible before the commit
        tx.commit(list(NEW), remove=["gone.pdf"])
    assert snapshot(out) == NEW
    assert (out / "a.pdf").stat().st_mode & 0o777 == 0o600
    assert leftovers(out) == []


def test_an_error_in_the_middle_of_the_commit_puts_everything_back(tmp_path, monkeypatch):
    out = tmp_path / "out"
    before = old_output(out)
    real, calls = os.replace, []

    def failing(src, dst):
        calls.append(dst)
        if len(calls) == 3:  # the removal and two new files are in place: then the disk is full
            raise OSError(28, "No space left on device", str(dst))
        return real(src, dst)

    with Transaction(out) as tx:
        for rel, data in NEW.items():
            tx.stage(rel, data)
        monkeypatch.setattr(os, "replace", failing)
        with pytest.raises(Exception) as caught:
            tx.commit(list(NEW), remove=["gone.pdf"])
        monkeypatch.setattr(os, "replace", real)
    assert "磁盘已满" in str(caught.value) and "之前的输出未改动" in str(caught.value)
    assert snapshot(out) == before
    assert leftovers(out) == [] and not (out / "sub2").exists()


@pytest.mark.skipif(not hasattr(signal, "pthread_sigmask"), reason="signals cannot be held back here")
@pytest.mark.parametrize("other_thread", [False, True], ids=["one-thread", "pool-thread-alive"])
def test_a_sigterm_during_the_commit_lands_after_it(tmp_path, monkeypatch, other_thread):
    """`kill PID` halfway through the renames. With another thread alive (a `-j 2` pool's) the kernel hands
    the signal to that thread, the one that does not hold it back, and its Python handler would still run in
    the main thread mid-commit unless the commit records it."""
    out = tmp_path / "out"
    old_output(out)
    real, calls, release = os.replace, [], threading.Event()
    helper = threading.Thread(target=release.wait, daemon=True)
    if other_thread:
        helper.start()

    def signalled(src, dst):
        calls.append(dst)
        if len(calls) == 2:
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(0.05)  # let a handler run if it is going to
        return real(src, dst)

    def stop(_signum, _frame):
        raise KeyboardInterrupt  # as render_file's handler does

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        with pytest.raises(KeyboardInterrupt), Transaction(out) as tx:
            for rel, data in NEW.items():
                tx.stage(rel, data)
            monkeypatch.setattr(os, "replace", signalled)
            tx.commit(list(NEW), remove=["gone.pdf"])
    finally:
        signal.signal(signal.SIGTERM, previous)
        monkeypatch.setattr(os, "replace", real)
        release.set()
        if other_thread:
            helper.join()
    assert snapshot(out) == NEW and leftovers(out) == []  # complete: the interruption came after the commit
    assert len(calls) >= len(NEW)  # every rename ran


_CRASH = """
import os, sys
from pathlib import Path
from officialdocs.transaction import Transaction
out, new = Path(sys.argv[1]), {"a.docx": b"new a docx", "a.pdf": b"new a pdf", "sub/b.docx": b"new b",
                               "sub2/c.docx": b"new c", "manifest.json": b"{}"}
tx = Transaction(out)
tx.open()
for rel, data in new.items():
    tx.stage(rel, data)
real, calls = os.replace, []
def dying(src, dst):
    calls.append(dst)
    if len(calls) == 4:
        os._exit(9)  # killed between two renames of the commit
    return real(src, dst)
os.replace = dying
tx.commit(list(new), remove=["gone.pdf"])
"""


def test_a_run_killed_in_the_middle_of_the_commit_is_rolled_back_by_the_next(tmp_path):
    out = tmp_path / "out"
    before = old_output(out)
    crashed = subprocess.run([sys.executable, "-c", _CRASH, str(out)], env=ENV, capture_output=True, timeout=60)
    assert crashed.returncode == 9, crashed.stderr
    assert snapshot(out) != before  # half committed: a mix of old and new files
    assert [p.name for p in out.iterdir() if p.name.startswith(STAGING_PREFIX)]
    with Transaction(out) as tx:  # the next run, before it stages anything
        assert len(tx.recovered) == 1
    assert snapshot(out) == before
    assert leftovers(out) == [] and not (out / "sub2").exists()


def test_something_in_the_way_of_an_output_stops_the_commit_before_it_starts(tmp_path):
    out = tmp_path / "out"
    before = old_output(out)
    (out / "sub2" / "c.docx").mkdir(parents=True)  # a folder where a file must go
    with Transaction(out) as tx:
        for rel, data in NEW.items():
            tx.stage(rel, data)
        with pytest.raises(Exception) as caught:
            tx.commit(list(NEW))
    assert "c.docx 是文件夹" in str(caught.value)
    assert snapshot(out) == before and leftovers(out) == []


# -- a family rendered again into its folder ------------------------------------------------------------------
def _without_section_three(text: str) -> str:
    """The sample without section 三 and the sub-scheme it called for: five units have no task left."""
    start, end = text.index("  - title: 服务和推动军民融合式发展，在促进"), text.index("\nsignature:")
    text = text[:start] + text[end + 1:]
    start, end = text.index("  - title: ××区“两新”组织拥军工作实施方案"), text.index("\nunits:")
    return text[:start] + text[end + 1:]


def manifest_paths(out: Path) -> set[str]:
    return {o["path"] for o in json.loads((out / "manifest.json").read_text(encoding="utf-8"))["outputs"]}


@pytest.mark.slow
def test_render_again_after_removing_a_section_leaves_no_stale_file(tmp_path, capsys):
    out = tmp_path / "out"
    assert cli.main(["render", str(SAMPLE), "-o", str(out), "--format", "docx"]) == 0
    first = manifest_paths(out)
    (out / "说明.txt").write_text("办公室的备注", encoding="utf-8")  # the clerk's own file
    (out / "单位方案" / "草稿.docx").write_bytes(b"my draft")
    source = tmp_path / "plan.yaml"
    source.write_text(_without_section_three(SAMPLE.read_text(encoding="utf-8")), encoding="utf-8")
    capsys.readouterr()
    assert cli.main(["render", str(source), "-o", str(out), "--format", "docx"]) == 0
    err = capsys.readouterr().err
    second = manifest_paths(out)
    units_before = {p for p in first if p.startswith("单位方案/")}
    units_after = {p for p in second if p.startswith("单位方案/")}
    assert len(units_after) == len(units_before) - 5  # units whose only tasks were in section 三 have no scheme now
    ours = {p for p in snapshot(out) if p not in ("manifest.json", "说明.txt", "单位方案/草稿.docx")}
    assert ours == second  # the manifest equals the folder's officialdocs files: nothing stale
    assert (out / "说明.txt").is_file() and (out / "单位方案" / "草稿.docx").read_bytes() == b"my draft"
    assert err.count("不属于本次生成的文件") == 1 and "输出目录中有 2 个不属于本次生成的文件，未改动" in err
    assert f"已删除上次生成、本次不再生成的 {len(first - second)} 个文件" in err


@pytest.mark.slow
def test_an_edited_stale_file_and_other_kinds_are_kept(tmp_path, capsys):
    out = tmp_path / "out"
    assert cli.main(["render", str(SAMPLE), "-o", str(out), "--format", "docx"]) == 0
    first = manifest_paths(out)
    source = tmp_path / "plan.yaml"
    source.write_text(_without_section_three(SAMPLE.read_text(encoding="utf-8")), encoding="utf-8")
    units = sorted(p for p in first if p.startswith("单位方案/"))
    stale = set(units) - {p for p in manifest_paths(_render_units(source, tmp_path / "probe"))}
    touched = sorted(stale)[0]
    (out / touched).write_bytes(b"edited by the clerk")
    capsys.readouterr()
    assert cli.main(["render", str(source), "-o", str(out), "--format", "docx", "--only", "units"]) == 0
    err = capsys.readouterr().err
    after = manifest_paths(out)
    assert {p for p in first if not p.startswith("单位方案/")} <= after  # --only units keeps notice, plan, schemes
    assert (out / touched).read_bytes() == b"edited by the clerk" and touched not in after
    assert "生成后被改动过，未删除" in err and touched in err
    assert not any((out / p).exists() for p in stale - {touched})


def _render_units(source: Path, out: Path) -> Path:
    render_file(source, out, ["docx"], only=["units"])
    return out


@pytest.mark.slow
@pytest.mark.parametrize("jobs", [1, 2])
def test_a_failing_document_is_in_the_manifest_and_the_rest_is_committed(tmp_path, capsys, jobs):
    templates = tmp_path / "tpl"
    templates.mkdir()
    (templates / "scheme.md.j2").write_text("---\ntitle: {{ scheme.nope }}\n---\n正文。\n", encoding="utf-8")
    out = tmp_path / "out"
    code = cli.main(["render", str(SAMPLE), "-o", str(out), "--templates", str(templates), "--format", "docx",
                     "-j", str(jobs)])
    err = capsys.readouterr().err
    assert code == 1 and "scheme.md.j2:2" in err and "2 份文档生成失败，其余已生成" in err
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert [f["kind"] for f in manifest["failed"]] == ["schemes", "schemes"]
    assert all("scheme.md.j2:2" in f["problems"][0] for f in manifest["failed"])
    assert {o["kind"] for o in manifest["outputs"]} == {"notice", "plan", "units"}
    assert all(o["pages"] is None for o in manifest["outputs"])  # .docx only: no GB/T layout was made
    assert not (out / "方案").exists()


def test_when_every_document_fails_the_folder_is_left_as_it_was(tmp_path, capsys):
    out = tmp_path / "out"
    assert cli.main(["render", str(SAMPLE), "-o", str(out), "--only", "plan", "--format", "docx"]) == 0
    before = snapshot(out)
    templates = tmp_path / "tpl"
    templates.mkdir()
    (templates / "plan.md.j2").write_text("{{ plan.nope }}", encoding="utf-8")
    code = cli.main(["render", str(SAMPLE), "-o", str(out), "--only", "plan", "--templates", str(templates)])
    assert code == 1 and "1 份文档生成失败，输出目录未改动" in capsys.readouterr().err
    assert snapshot(out) == before and leftovers(out) == []


# -- the machine says no: a full disk, a file-size limit --------------------------------------------------------
def _changed_plan(tmp_path: Path) -> Path:
    source = tmp_path / "plan.yaml"
    source.write_text(SAMPLE.read_text(encoding="utf-8").replace("2011年，是", "2011年，正是"), encoding="utf-8")
    return source


@pytest.fixture
def small_disk(tmp_path):
    """A 1 MB tmpfs (needs root and mount; skipped elsewhere)."""
    if sys.platform != "linux" or os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root on Linux")
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode(errors='replace').strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], capture_output=True)


def test_a_full_disk_leaves_the_previous_output_and_says_so(small_disk, tmp_path, capsys):
    out = small_disk / "out"
    assert cli.main(["render", str(SAMPLE), "-o", str(out), "--only", "plan,notice"]) == 0
    before = snapshot(out)
    free = os.statvfs(small_disk).f_bavail * os.statvfs(small_disk).f_frsize
    (small_disk / "filler").write_bytes(b"\0" * max(0, free - 150_000))  # room for a .docx, not for a PDF
    capsys.readouterr()
    code = cli.main(["render", str(_changed_plan(tmp_path)), "-o", str(out), "--only", "plan,notice", "-j", "2"])
    err = capsys.readouterr().err
    assert code == 1 and "磁盘已满" in err and "之前的输出未改动" in err and "Traceback" not in err
    assert snapshot(out) == before and leftovers(out) == []


@pytest.mark.slow
def test_a_file_size_limit_leaves_the_previous_output_and_says_so(tmp_path):
    out = tmp_path / "out"
    assert cli.main(["render", str(SAMPLE), "-o", str(out), "-j", "2"]) == 0
    before = snapshot(out)
    # ulimit -f 150 KB: the unit schemes fit, the notice's and the plan's PDFs (~290 KB) do not; they are made
    # by the worker processes (the main process makes the smallest document before it starts them)
    limit = "import resource; resource.setrlimit(resource.RLIMIT_FSIZE, (150_000, 150_000))"
    done = subprocess.run([sys.executable, "-c", f"{limit}\nfrom officialdocs.cli import main; raise SystemExit(main())",
                           "render", str(_changed_plan(tmp_path)), "-o", str(out), "-j", "2"],
                          env=ENV, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1, done.stderr
    assert "超出文件大小限制" in done.stderr and "之前的输出未改动" in done.stderr
    assert snapshot(out) == before and leftovers(out) == []


def test_a_killed_runs_temporary_files_and_staging_folder_are_removed_by_the_next(tmp_path):
    out = tmp_path / "out"
    old_output(out)
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead = int(gone.stdout)  # a process that has ended
    (out / "单位方案").mkdir()
    stale = [out / f".a.docx.officialdocs-{dead}-0123abcd.tmp", out / "单位方案" / f".b.pdf.officialdocs-{dead}-89abcdef.tmp"]
    alive = out / f".c.pdf.officialdocs-{os.getpid()}-01234567.tmp"  # a run that is still going
    (out / f"{STAGING_PREFIX}{dead}-0123abcd" / "单位方案").mkdir(parents=True)
    for path in [*stale, alive]:
        path.write_bytes(b"half written")
        os.utime(path, (time.time() - 3600,) * 2)  # an hour old: older than this run
    with Transaction(out):
        pass
    assert not any(p.exists() for p in stale) and alive.exists()
    assert not (out / f"{STAGING_PREFIX}{dead}-0123abcd").exists()
