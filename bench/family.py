"""Benchmark: a generated plan with many units rendered as a family (one scheme per unit), docx + PDF each.

    python bench/family.py                          # 10, 100, 1,000 and 10,000 units, -j 1 and -j 2
    python bench/family.py --units 1000 --rounds 5  # medians of 5 interleaved rounds
    python bench/family.py --units 1000,10000 --jobs 1 --formats docx --only units --partners 0
                                                    # the linear scale check: 1 task per unit

Each run is a fresh process (cold: imports and font loading included), as a user runs it; the -j values
alternate within a round (A, B, A, B ...) so a busy machine slows both alike, and the medians are printed
with the -j 2 / -j 1 ratio, the peak memory of the main process and of its largest worker. Sizes of 10,000
units and more run one round (minutes each). Asserts nothing.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))  # measure this checkout, not whatever is installed


def plan_text(units: int, partners: int = 2) -> str:
    """A plan with one task per unit, led by it, with `partners` (0-2) of the next units as partners: each
    unit holds 1 + `partners` tasks."""
    def helpers(i: int) -> list[str]:
        return [f"第{(i + k) % units + 1}街道" for k in range(1, partners + 1)]

    decl = "\n".join(f"  - name: ××区第{i + 1}街道办事处\n    short: 第{i + 1}街道\n    kind: street" for i in range(units))
    sections = []
    for s in range(4):
        items = []
        for k in range(units // 4 + 1):
            i = s * (units // 4 + 1) + k
            if i >= units:
                break
            items.append(f"      - title: 做好第{i + 1}项重点工作\n"
                         f"        text: 各有关单位要按照职责分工，认真做好第{i + 1}项重点工作，确保按时保质完成。\n"
                         f"        lead: 第{i + 1}街道\n        partners: [{', '.join(helpers(i))}]\n"
                         f"        due: 2011年{i % 12 + 1}月底前")
        sections.append(f"  - title: 第{s + 1}部分工作\n    items:\n" + "\n".join(items))
    return ("masthead:\n  issuer: ××区双拥工作领导小组\n  doc_number: 区双拥〔2011〕1号\n"
            "title: ××区2011年双拥工作要点\ndate: 2011-01-20\nsignature: ××区双拥工作领导小组\n"
            "preamble: 为做好2011年双拥工作，制定本要点。\nsections:\n" + "\n".join(sections) + "\nunits:\n" + decl + "\n")


_RUN = """
import json, resource, sys, tempfile, time
from pathlib import Path
from officialdocs import render_file
source, jobs, formats, only = sys.argv[1], int(sys.argv[2]), sys.argv[3].split(","), sys.argv[4]
with tempfile.TemporaryDirectory() as tmp:
    start = time.perf_counter()
    result = render_file(Path(source), Path(tmp) / "out", formats, jobs=jobs, only=only.split(",") if only else None)
    elapsed = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"elapsed": elapsed, "documents": len({o.path.with_suffix("") for o in result.outputs}),
                  "files": len(result.outputs), "failed": len(result.failed), "rss": peak[0], "worker_rss": peak[1]}))
"""


def run(source: Path, jobs: int, formats: str, only: str) -> dict:
    """One render of the generated plan in a new process; wall time from process start to exit."""
    import json
    import os
    import subprocess

    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    start = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", _RUN, str(source), str(jobs), formats, only], env=env,
                         capture_output=True, text=True, check=True).stdout
    figures = json.loads(out.strip().splitlines()[-1])
    figures["wall"] = time.perf_counter() - start
    return figures


def main() -> None:
    import statistics

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--units", default="10,100,1000,10000", help="comma-separated unit counts")
    parser.add_argument("--jobs", default="1,2", help="comma-separated -j values")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds per size (1 from 10,000 units)")
    parser.add_argument("--formats", default="docx,pdf")
    parser.add_argument("--only", default="", help="document kinds, e.g. units (default: the whole family)")
    parser.add_argument("--partners", type=int, default=2, choices=(0, 1, 2),
                        help="partners per task: each unit holds 1 + this many tasks (0: 10,000 units x 1 task)")
    args = parser.parse_args()
    jobs = [int(j) for j in args.jobs.split(",")]
    for units in (int(u) for u in args.units.split(",")):
        with tempfile.TemporaryDirectory() as tmp:
            source = Path(tmp) / "plan.yaml"
            source.write_text(plan_text(units, args.partners), encoding="utf-8")
            runs: dict[int, list[dict]] = {j: [] for j in jobs}
            for _ in range(args.rounds if units < 10_000 else 1):
                for j in jobs:
                    runs[j].append(run(source, j, args.formats, args.only))
        walls = {j: statistics.median(f["wall"] for f in runs[j]) for j in jobs}
        for j in jobs:
            f = runs[j][-1]
            mb = max(r["rss"] for r in runs[j]) / 1024, max(r["worker_rss"] for r in runs[j]) / 1024
            each = ", ".join(f"{r['wall']:.1f}" for r in runs[j])
            print(f"plan with {units} units: {f['documents']} documents ({f['files']} files, {args.formats}), "
                  f"-j {j}: {walls[j]:.1f} s wall, median of {len(runs[j])} "
                  f"({each}) = "
                  f"{f['documents'] / walls[j]:.1f} documents/s; peak memory {mb[0]:.0f} MB"
                  + (f" (largest worker {mb[1]:.0f} MB)" if j > 1 else "") + f"; failed: {f['failed']}", flush=True)
        if 1 in walls and 2 in walls:
            print(f"  ratio -j 2 / -j 1 at {units} units: {walls[2] / walls[1]:.2f}", flush=True)


if __name__ == "__main__":
    main()
