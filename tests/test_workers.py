"""Worker processes (issue 12.7, 16.3): they die with their parent, a killed run's leftovers are cleaned by
the next run, and the pool gives the same files whichever way its workers start."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from officialdocs import batch, render_file
from officialdocs.transaction import STAGING_PREFIX

from .conftest import ROOT, SAMPLE
from .test_transaction import leftovers, snapshot

sys.path.insert(0, str(ROOT / "bench"))
from family import plan_text  # noqa: E402  (the benchmark's generated plan)


def children(pid: int) -> list[int]:
    """Processes whose parent is `pid` (from /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")  # a zombie is dead, only not yet reaped


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc to find the workers")
@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM], ids=["SIGKILL", "SIGTERM"])
def test_workers_die_with_their_parent_and_the_next_run_cleans_up(tmp_path, how):
    source = tmp_path / "plan.yaml"
    source.write_text(plan_text(300), encoding="utf-8")
    out = tmp_path / "out"
    render_file(source, out, ["docx"], only=["plan"])  # a previous output in the folder
    before = snapshot(out)
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    parent = subprocess.Popen([sys.executable, "-m", "officialdocs", "render", str(source), "-o", str(out), "-j", "2"],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:  # until both workers write documents into the staging folder
            staged = [p for p in out.glob(f"{STAGING_PREFIX}*/单位方案/*")]
            workers = children(parent.pid)
            if len(staged) >= 4 and len(workers) == 2:
                break
            assert parent.poll() is None, parent.stderr.read().decode()
            time.sleep(0.05)
        else:
            pytest.fail("the render never got going")
        parent.send_signal(how)
        parent.wait(timeout=30)
        deadline = time.monotonic() + 5
        while any(running(w) for w in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert [w for w in workers if running(w)] == [], "a worker outlived its parent by 5 s"
    finally:
        if parent.poll() is None:
            parent.kill()
    if how == signal.SIGTERM:  # stopped like Ctrl-C: it removed its own staging folder
        assert parent.returncode == 1 and "已取消" in parent.stderr.read().decode()  # as after Ctrl-C
        assert leftovers(out) == []
    else:
        assert leftovers(out)  # a kill -9 leaves the staging folder ...
    assert snapshot(out) == before  # ... and the previous output untouched
    render_file(source, out, ["docx"], only=["plan"])  # the next run into the folder
    assert leftovers(out) == [] and snapshot(out) == before


@pytest.mark.slow
def test_spawned_workers_make_the_same_files_as_forked_ones(tmp_path, monkeypatch):
    """Where fork is unsafe (macOS) or missing (Windows) the workers are spawned and the batch is pickled."""
    import multiprocessing

    monkeypatch.setattr(batch, "SERIAL_BELOW", 0)
    forked = render_file(SAMPLE, tmp_path / "fork", ["docx"], only=["units"], jobs=2)
    monkeypatch.setattr(batch, "_context", lambda: multiprocessing.get_context("spawn"))
    spawned = render_file(SAMPLE, tmp_path / "spawn", ["docx"], only=["units"], jobs=2)
    assert len(spawned.outputs) == len(forked.outputs) >= 6
    assert snapshot(tmp_path / "spawn") == snapshot(tmp_path / "fork")


@pytest.mark.exhaustive
def test_ten_thousand_units_render_within_a_gigabyte(tmp_path):
    """Issue 12.6: 10,000 units x 1 task, `--only units --format docx`, in one process under 1 GB (the time is
    in bench/family.py's output, not asserted here)."""
    import json

    source = tmp_path / "plan.yaml"
    source.write_text(plan_text(10_000, partners=0), encoding="utf-8")
    out = tmp_path / "out"
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    script = ("import resource, sys\nfrom officialdocs.cli import main\ncode = main()\n"
              "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\nsys.exit(code)")
    done = subprocess.run([sys.executable, "-c", script, "-q", "render", str(source), "-o", str(out), "--only", "units",
                           "--format", "docx"], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
    peak_mb = int(done.stdout.split()[-1]) / (1024 * 1024 if sys.platform == "darwin" else 1024)  # bytes / KiB
    assert peak_mb < 1024, f"peak memory {peak_mb:.0f} MB"
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert len(manifest["outputs"]) == 10_000 and manifest["failed"] == []
    assert len(list((out / "单位方案").iterdir())) == 10_000
