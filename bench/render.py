"""Benchmark: cold CLI time, warm per-document times, in-process throughput. Prints figures; asserts nothing.

    python bench/render.py            # the sample, 100 distinct documents
    python bench/render.py --docs 20  # quicker
"""

from __future__ import annotations

import argparse
import copy
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))  # measure this checkout, not whatever is installed
SAMPLE = ROOT / "samples" / "2011-shuangyong" / "plan.yaml"


def cold_cli(runs: int, only: str) -> list[float]:
    """A new process per run, as a user starts it. Bytecode is compiled first, as `pip install` does:
    some sandboxes set PYTHONDONTWRITEBYTECODE, which would otherwise recompile every module per run."""
    import os

    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPATH"] = str(ROOT / "src")  # this checkout, whatever is installed
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "src")], env=env, capture_output=True)
    command = [sys.executable, "-m", "officialdocs.cli"]
    times = []
    for _ in range(runs + 1):
        with tempfile.TemporaryDirectory() as out:
            start = time.perf_counter()
            subprocess.run([*command, "render", str(SAMPLE), "-o", out, "--only", only], check=True,
                           capture_output=True, env=env)
            times.append(time.perf_counter() - start)
    return times[1:]  # the first run also writes the bytecode and font caches


def warm(fn, repeat: int) -> list[float]:
    fn()  # first call loads fonts and warms caches
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return times


def writers_only(doc, profile, repeat: int) -> tuple[list[float], list[float]]:
    """The PDF and OFD writers alone, drawing the same laid-out pages (layout time left out)."""
    from officialdocs.fonts import font_book
    from officialdocs.layout import layout_document
    from officialdocs.writers.ofd import ofd_bytes_from_layout
    from officialdocs.writers.pdf import pdf_bytes_from_layout

    laid = layout_document(doc, profile, font_book(profile))
    return warm(lambda: pdf_bytes_from_layout(laid), repeat), warm(lambda: ofd_bytes_from_layout(laid), repeat)


def variants(doc, count: int):
    """`count` distinct documents: other titles, numbers and a changed paragraph each."""
    from officialdocs import Paragraph

    for i in range(count):
        d = copy.deepcopy(doc)
        d.title = f"{doc.title}（第{i + 1}稿）"
        d.masthead.doc_number = f"区双拥〔2011〕{i + 1}号"
        d.blocks.insert(1, Paragraph.plain(f"本稿为第{i + 1}稿，供第{i % 7 + 1}组讨论。" * (1 + i % 5)))
        yield d


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--docs", type=int, default=100)
    parser.add_argument("--cold-runs", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()

    from officialdocs import load_document, load_profile, render_document

    cold = cold_cli(args.cold_runs, "plan")
    cold_family = cold_cli(max(1, args.cold_runs // 2), "notice,plan,schemes,units")
    doc, _ = load_document(SAMPLE)
    profile = load_profile()
    docx_t = warm(lambda: render_document(doc, profile, "docx"), args.repeat)
    pdf_t = warm(lambda: render_document(doc, profile, "pdf"), args.repeat)
    ofd_t = warm(lambda: render_document(doc, profile, "ofd"), args.repeat)
    pdf_w, ofd_w = writers_only(doc, profile, args.repeat)
    docs = list(variants(doc, args.docs))
    start = time.perf_counter()
    for d in docs:
        render_document(d, profile, "docx")
        render_document(d, profile, "pdf")
    elapsed = time.perf_counter() - start

    ms = lambda xs: f"median {statistics.median(xs) * 1000:7.1f} ms  (min {min(xs) * 1000:.1f}, max {max(xs) * 1000:.1f})"  # noqa: E731
    print(f"sample: {SAMPLE.relative_to(ROOT)}")
    print(f"cold CLI render of the plan, docx+pdf ({args.cold_runs} runs): {ms(cold)}")
    print(f"cold CLI render of the whole family (17 documents), docx+pdf: {ms(cold_family)}")
    print(f"warm .docx per document  ({args.repeat} runs): {ms(docx_t)}")
    print(f"warm PDF per document    ({args.repeat} runs): {ms(pdf_t)}")
    print(f"warm OFD per document    ({args.repeat} runs): {ms(ofd_t)}")
    print(f"  of which the writer, from one layout: PDF {ms(pdf_w)}; OFD {ms(ofd_w)}")
    print(f"in-process throughput: {args.docs} distinct documents, docx+pdf each, in {elapsed:.2f} s "
          f"= {args.docs / elapsed:.1f} documents/s")


if __name__ == "__main__":
    main()
