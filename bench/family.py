"""Benchmark: a generated plan with many units rendered as a family (one scheme per unit), docx + PDF each.

    python bench/family.py                          # 10, 100 and 1,000 units, each with -j 1 and -j 2
    python bench/family.py --units 50 --jobs 1
    python bench/family.py --units 10,100,1000,10000 --jobs 2 --formats docx --only units

Each figure is one run in a fresh process (cold: imports and font loading included), as a user runs it.
Prints figures and the -j 2 / -j 1 ratio per size; asserts nothing.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))  # measure this checkout, not whatever is installed


def plan_text(units: int) -> str:
    """A plan whose 200 tasks each have a lead and two partners among `units` declared units."""
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
                         f"        lead: 第{i + 1}街道\n        partners: [第{(i + 1) % units + 1}街道, 第{(i + 2) % units + 1}街道]\n"
                         f"        due: 2011年{i % 12 + 1}月底前")
        sections.append(f"  - title: 第{s + 1}部分工作\n    items:\n" + "\n".join(items))
    return ("masthead:\n  issuer: ××区双拥工作领导小组\n  doc_number: 区双拥〔2011〕1号\n"
            "title: ××区2011年双拥工作要点\ndate: 2011-01-20\nsignature: ××区双拥工作领导小组\n"
            "preamble: 为做好2011年双拥工作，制定本要点。\nsections:\n" + "\n".join(sections) + "\nunits:\n" + decl + "\n")


_RUN = """
import json, sys, tempfile, time
from pathlib import Path
from officialdocs import render_file
source, jobs, formats, only = sys.argv[1], int(sys.argv[2]), sys.argv[3].split(","), sys.argv[4]
with tempfile.TemporaryDirectory() as tmp:
    start = time.perf_counter()
    result = render_file(Path(source), Path(tmp) / "out", formats, jobs=jobs, only=only.split(",") if only else None)
    elapsed = time.perf_counter() - start
print(json.dumps({"elapsed": elapsed, "documents": len({o.path.with_suffix("") for o in result.outputs}),
                  "files": len(result.outputs), "failed": len(result.failed)}))
"""


def run(units: int, jobs: int, formats: str, only: str) -> dict:
    """One render of the generated plan in a new process; wall time from process start to exit."""
    import json
    import os
    import subprocess

    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "plan.yaml"
        source.write_text(plan_text(units), encoding="utf-8")
        env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
        start = time.perf_counter()
        out = subprocess.run([sys.executable, "-c", _RUN, str(source), str(jobs), formats, only], env=env,
                             capture_output=True, text=True, check=True).stdout
        figures = json.loads(out.strip().splitlines()[-1])
        figures["wall"] = time.perf_counter() - start
        return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--units", default="10,100,1000", help="comma-separated unit counts")
    parser.add_argument("--jobs", default="1,2", help="comma-separated -j values")
    parser.add_argument("--formats", default="docx,pdf")
    parser.add_argument("--only", default="", help="document kinds, e.g. units (default: the whole family)")
    args = parser.parse_args()
    for units in (int(u) for u in args.units.split(",")):
        walls = {}
        for jobs in (int(j) for j in args.jobs.split(",")):
            f = run(units, jobs, args.formats, args.only)
            walls[jobs] = f["wall"]
            print(f"plan with {units} units: {f['documents']} documents ({f['files']} files, {args.formats}), "
                  f"-j {jobs}: {f['wall']:.1f} s wall ({f['elapsed']:.1f} s in render_file) = "
                  f"{f['documents'] / f['wall']:.1f} documents/s; failed: {f['failed']}", flush=True)
        if 1 in walls and 2 in walls:
            print(f"  ratio -j 2 / -j 1 at {units} units: {walls[2] / walls[1]:.2f}", flush=True)


if __name__ == "__main__":
    main()
