"""Before/after benchmark: the same measurements for two source trees, interleaved, medians and ratios.

    python bench/ab.py /tmp/base/src src          # A = an older checkout's src, B = this tree's
    python bench/ab.py A B --rounds 7 --only warm_pdf,cold_pdf

Each measurement runs in a fresh process per tree per round, alternating A, B, A, B ... so drift of the
machine (other jobs, thermal) hits both alike. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PLAN = ROOT / "samples" / "2011-shuangyong" / "plan.yaml"
NOTICE = ROOT / "samples" / "notice.md"

# In-process figures: one process per round prints a JSON list of per-call seconds (after a warm-up call).
_WARM = """
import json, sys, time
from officialdocs import load_document, load_profile, render_document
doc, _ = load_document(sys.argv[1]); profile = load_profile()
fmt, repeat = sys.argv[2], int(sys.argv[3])
render_document(doc, profile, fmt)
times = []
for _ in range(repeat):
    t = time.perf_counter(); render_document(doc, profile, fmt); times.append(time.perf_counter() - t)
print(json.dumps(times))
"""


# Composing: every document of the sample family through the templates (warm: a second pass), per document.
_COMPOSE = """
import json, sys, time
from officialdocs import load_plan
from officialdocs.family import KINDS, plan_jobs
plan = load_plan(sys.argv[1])
jobs = list(plan_jobs(plan, KINDS))
[job.markdown(()) for job in jobs]
times = []
for _ in range(int(sys.argv[2])):
    t = time.perf_counter(); [job.markdown(()) for job in jobs]; times.append((time.perf_counter() - t) / len(jobs))
print(json.dumps(times))
"""


def compose(src: str, repeat: int = 5) -> float:
    out = subprocess.run([sys.executable, "-c", _COMPOSE, str(PLAN), str(repeat)], env=_env(src),
                         capture_output=True, text=True, check=True).stdout
    return statistics.median(json.loads(out.strip().splitlines()[-1]))


def _env(src: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPATH"] = str(Path(src).resolve())
    return env


def warm(src: str, fmt: str, repeat: int = 10) -> float:
    out = subprocess.run([sys.executable, "-c", _WARM, str(PLAN), fmt, str(repeat)], env=_env(src),
                         capture_output=True, text=True, check=True).stdout
    return statistics.median(json.loads(out.strip().splitlines()[-1]))


def cold(src: str, *args: str) -> float:
    with tempfile.TemporaryDirectory() as out:
        command = [sys.executable, "-m", "officialdocs.cli", *(a.replace("{out}", out) for a in args)]
        start = time.perf_counter()
        subprocess.run(command, env=_env(src), capture_output=True, check=True)
        return time.perf_counter() - start


MEASURES = {
    "warm_pdf": lambda src: warm(src, "pdf"),
    "warm_docx": lambda src: warm(src, "docx"),
    "compose": compose,
    "cold_pdf": lambda src: cold(src, "render", str(NOTICE), "-o", "{out}", "--format", "pdf"),
    "cold_plan": lambda src: cold(src, "render", str(PLAN), "-o", "{out}", "--only", "plan"),
    "help": lambda src: cold(src, "--help"),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("a")
    parser.add_argument("b")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--only", default=",".join(MEASURES))
    args = parser.parse_args()
    for src in (args.a, args.b):
        subprocess.run([sys.executable, "-m", "compileall", "-q", src], env=_env(src), capture_output=True)
    for name in args.only.split(","):
        fn = MEASURES[name]
        fn(args.a), fn(args.b)  # warm the caches (fonts, bytecode) of both trees
        a, b = [], []
        for _ in range(args.rounds):
            a.append(fn(args.a))
            b.append(fn(args.b))
        ma, mb = statistics.median(a), statistics.median(b)
        print(f"{name:10} A {ma * 1000:8.1f} ms   B {mb * 1000:8.1f} ms   B/A {mb / ma:5.2f}", flush=True)


if __name__ == "__main__":
    main()
