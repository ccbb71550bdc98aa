"""Benchmark: a generated plan with many units rendered as a family (one scheme per unit), docx + PDF each.

    python bench/family.py                 # 200 units, --jobs 2
    python bench/family.py --units 50 --jobs 1
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--units", type=int, default=200)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()

    from officialdocs import render_file

    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "plan.yaml"
        source.write_text(plan_text(args.units), encoding="utf-8")
        start = time.perf_counter()
        result = render_file(source, Path(tmp) / "out", ["docx", "pdf"], jobs=args.jobs)
        elapsed = time.perf_counter() - start
        documents = len({o.path.with_suffix("") for o in result.outputs})
        print(f"plan with {args.units} units: {documents} documents ({len(result.outputs)} files, docx+pdf each), "
              f"--jobs {args.jobs}: {elapsed:.1f} s = {documents / elapsed:.1f} documents/s; failed: {len(result.failed)}")


if __name__ == "__main__":
    main()
