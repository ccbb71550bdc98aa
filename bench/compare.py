"""officialdocs against its peers on the same content, interleaved, medians and ratios. Prints; asserts nothing.

    python bench/compare.py              # every contender that is installed
    python bench/compare.py --rounds 30  # steadier medians

Content: the sample plan's text (samples/2011-shuangyong/plan.yaml through the templates: a 9-section
工作要点 with a task table). Contenders, each skipped with a note when its package is missing:
- officialdocs: `render_document` of that plan (warm: fonts loaded), PDF and .docx;
- Typst (`pip install typst`): bench/typst/gongwen.typ, a 公文 template of our own with the same page, type
  and numbering, compiled by one reused `typst.Compiler` (warm) and by `typst.compile` in a new process (cold);
- reportlab platypus: the same paragraphs, headings and table in a SimpleDocTemplate with the same fonts;
- docxtpl (`pip install docxtpl`): a template .docx with the same paragraphs and table rows, rendered and saved.
Warm figures: every contender once per round in turn (A, B, C, A, B, C ...), so drift hits all alike.
Every warm run renders a new document (the title gains "（第N稿）"), as a batch does: a reused Typst
compiler given the very same source again answers from its memo (printed too, as "unchanged source").
"""

from __future__ import annotations

import argparse
import io
import itertools
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))  # measure this checkout, not whatever is installed
PLAN = ROOT / "samples" / "2011-shuangyong" / "plan.yaml"
NOTICE = ROOT / "samples" / "notice.md"
FONTS = ROOT / "fonts"
TYPST_TEMPLATE = ROOT / "bench" / "typst" / "gongwen.typ"


# --- the content, as plain blocks every contender can set ----------------------------------------------

def content() -> tuple[str, list[tuple[str, str]], list[list[str]], str]:
    """(title, blocks, table rows, markdown): blocks are ("p" | "h1" | "h2" | "attachment", text)."""
    from officialdocs import load_plan, plan_markdown

    markdown = plan_markdown(load_plan(PLAN))
    title = re.search(r'^title: "(.*)"$', markdown, re.MULTILINE).group(1)
    body = markdown.split("\n---\n", 1)[1]
    blocks: list[tuple[str, str]] = []
    rows: list[list[str]] = []
    for line in body.splitlines():
        line = line.strip()
        if not line or line.startswith("<!--") or line.startswith("|:") or line.startswith("|-"):
            continue
        if line.startswith("|"):
            rows.append([c.strip() for c in line.strip("|").split("|")])
        elif line.startswith("# 附件"):
            blocks.append(("attachment", line[2:].split("：", 1)[-1]))
        elif line.startswith("## "):
            blocks.append(("h2", line[3:]))
        elif line.startswith("# "):
            blocks.append(("h1", line[2:]))
        else:
            blocks.append(("p", line))
    return title, blocks, rows, markdown


# --- contenders ---------------------------------------------------------------------------------------

def draft_titles(title: str):
    """A new title per call: every run is a document the contender has not seen."""
    return (f"{title}（第{n}稿）" for n in itertools.count(1))


def officialdocs_contenders() -> dict[str, Callable[[], bytes]]:
    from officialdocs import load_document, load_profile, render_document

    doc, _ = load_document(PLAN)
    profile = load_profile()
    titles = draft_titles(doc.title)

    def render(fmt: str) -> bytes:
        doc.title = next(titles)
        return render_document(doc, profile, fmt)

    return {"officialdocs PDF": lambda: render("pdf"), "officialdocs .docx": lambda: render("docx")}


def typst_source(title: str, blocks, rows) -> str:
    def esc(text: str) -> str:
        return re.sub(r"([#*_`$<>@\\\[\]=~/-])", r"\\\1", text)

    out = [f'#import "{TYPST_TEMPLATE.as_posix()}": gongwen',
           f'#show: gongwen.with(title: "{title}" + sys.inputs.at("draft", default: ""))', ""]
    for kind, text in blocks:
        if kind == "p":
            out.append(esc(text) + "\n")
        elif kind == "h1":
            out.append("= " + esc(text) + "\n")
        elif kind == "h2":
            out.append("== " + esc(text) + "\n")
        else:
            out.append("#pagebreak()\n#text(font: (\"Officialdocs Hei\",))[附件]\n")
            out.append(f'#align(center, text(font: ("Officialdocs XBS",), size: 22pt)[{esc(text)}])\n')
    if rows:
        cells = ", ".join(f"[{esc(c)}]" for row in rows for c in row)
        out.append(f"#table(columns: (1.2fr, 7fr, 3.2fr, 6fr, 3.4fr), {cells})\n")
    return "\n".join(out)


def typst_contenders(source: Path) -> dict[str, Callable[[], bytes]]:
    try:
        import typst
    except ImportError:
        return {}
    compiler = typst.Compiler(str(source), root="/", font_paths=[str(FONTS)], ignore_system_fonts=True)
    drafts = (f"（第{n}稿）" for n in itertools.count(1))
    return {"Typst (reused Compiler)": lambda: compiler.compile(sys_inputs={"draft": next(drafts)}),
            "Typst (reused, unchanged source)": compiler.compile}


def platypus_contender(title: str, blocks, rows) -> Callable[[], bytes]:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Table, TableStyle

    for name in ("fang", "hei", "kai", "xbs", "song"):
        pdfmetrics.registerFont(TTFont(f"bench-{name}", str(FONTS / f"officialdocs-{name}.ttf")))
    body = ParagraphStyle("body", fontName="bench-fang", fontSize=16, leading=28.95, firstLineIndent=32,
                          wordWrap="CJK", alignment=4)
    styles = {"p": body, "h1": ParagraphStyle("h1", parent=body, fontName="bench-hei"),
              "h2": ParagraphStyle("h2", parent=body, fontName="bench-kai")}
    head = ParagraphStyle("title", parent=body, fontName="bench-xbs", fontSize=22, leading=35, alignment=1,
                          firstLineIndent=0, spaceAfter=28.95)
    cell = ParagraphStyle("cell", parent=body, fontSize=14, leading=18, firstLineIndent=0, alignment=0)
    numerals = "一二三四五六七八九十"

    def page_number(canvas, doc):
        canvas.setFont("bench-song", 14)
        n = doc.page
        text = f"— {n} —"
        if n % 2:
            canvas.drawRightString(A4[0] - 26 * mm - 14, 28 * mm, text)
        else:
            canvas.drawString(28 * mm + 14, 28 * mm, text)

    titles = draft_titles(title)

    def build() -> bytes:
        story = [Paragraph(next(titles), head)]
        h1 = h2 = 0
        for kind, text in blocks:
            if kind == "h1":
                h1, h2 = h1 + 1, 0
                text = f"{numerals[h1 - 1]}、{text}"
            elif kind == "h2":
                h2 += 1
                text = f"（{numerals[h2 - 1]}）{text}"
            if kind == "attachment":
                story += [PageBreak(), Paragraph("附件", styles["h1"]), Paragraph(text, head)]
            else:
                story.append(Paragraph(text, styles[kind]))
        if rows:
            data = [[Paragraph(c, cell) for c in row] for row in rows]
            widths = [w / 20.8 * 156 * mm for w in (1.2, 7, 3.2, 6, 3.4)]
            table = Table(data, colWidths=widths, repeatRows=1)
            table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, (0, 0, 0))]))
            story.append(table)
        out = io.BytesIO()
        SimpleDocTemplate(out, pagesize=A4, topMargin=37 * mm, bottomMargin=35 * mm, leftMargin=28 * mm,
                          rightMargin=26 * mm, title=title, invariant=1).build(
            story, onFirstPage=page_number, onLaterPages=page_number)
        return out.getvalue()

    return build


def docxtpl_contender(title: str, blocks, rows, folder: Path) -> Callable[[], bytes] | None:
    try:
        from docxtpl import DocxTemplate
    except ImportError:
        return None
    from docx import Document

    template = Document()
    template.add_paragraph("{{ title }}")
    template.add_paragraph("{%p for b in blocks %}")
    template.add_paragraph("{{ b }}")
    template.add_paragraph("{%p endfor %}")
    table = template.add_table(rows=3, cols=5)
    table.rows[0].cells[0].text = "{%tr for r in rows %}"
    for i in range(5):
        table.rows[1].cells[i].text = f"{{{{ r[{i}] }}}}"
    table.rows[2].cells[0].text = "{%tr endfor %}"
    path = folder / "template.docx"
    template.save(path)
    context = {"title": title, "blocks": [text for _kind, text in blocks], "rows": rows}
    titles = draft_titles(title)

    def build() -> bytes:
        doc = DocxTemplate(str(path))
        doc.render({**context, "title": next(titles)})
        out = io.BytesIO()
        doc.save(out)
        return out.getvalue()

    return build


# --- cold runs ----------------------------------------------------------------------------------------

def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    src = str(ROOT / "src")
    env["PYTHONPATH"] = src + os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else src
    return env


def cold_commands(folder: Path, markdown: str, typst_file: Path | None) -> dict[str, list[str]]:
    plan_md = folder / "plan.md"
    plan_md.write_text(markdown, encoding="utf-8")
    cli = [sys.executable, "-m", "officialdocs.cli"]
    commands = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "officialdocs --help": [*cli, "--help"],
        "officialdocs --version": [*cli, "--version"],
        "cold officialdocs notice.md PDF": [*cli, "render", str(NOTICE), "-o", str(folder / "o1"), "--format", "pdf"],
        "cold officialdocs plan PDF": [*cli, "render", str(plan_md), "-o", str(folder / "o2"), "--format", "pdf"],
    }
    if typst_file is not None:
        commands["cold typst.compile plan PDF"] = [
            sys.executable, "-c",
            f"import typst; typst.compile({str(typst_file)!r}, output={str(folder / 't.pdf')!r}, root='/', "
            f"font_paths=[{str(FONTS)!r}], ignore_system_fonts=True)"]
    return commands


def run_cold(commands: dict[str, list[str]], rounds: int) -> dict[str, list[float]]:
    env = _env()
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "src")], env=env, capture_output=True)
    times: dict[str, list[float]] = {name: [] for name in commands}
    for command in commands.values():  # once untimed: bytecode and font caches
        subprocess.run(command, env=env, capture_output=True, check=True)
    for _ in range(rounds):
        for name, command in commands.items():
            start = time.perf_counter()
            subprocess.run(command, env=env, capture_output=True, check=True)
            times[name].append(time.perf_counter() - start)
    return times


def run_warm(contenders: dict[str, Callable[[], bytes]], rounds: int) -> tuple[dict[str, list[float]], dict[str, int]]:
    sizes = {name: len(fn()) for name, fn in contenders.items()}  # warm-up: fonts, caches, compiled code
    times: dict[str, list[float]] = {name: [] for name in contenders}
    for _ in range(rounds):
        for name, fn in contenders.items():
            start = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - start)
    return times, sizes


def report(times: dict[str, list[float]], ratios: list[tuple[str, str]], sizes: dict[str, int] | None = None) -> None:
    med = {name: statistics.median(ts) for name, ts in times.items()}
    for name, ts in times.items():
        size = f"  {sizes[name] / 1024:7.1f} KiB" if sizes else ""
        print(f"  {name:34} median {med[name] * 1000:8.1f} ms  (min {min(ts) * 1000:.1f}, max {max(ts) * 1000:.1f}){size}")
    for a, b in ratios:
        if a in med and b in med:
            print(f"  ratio {a} / {b}: {med[a] / med[b]:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=20, help="warm rounds (default 20)")
    parser.add_argument("--cold-rounds", type=int, default=7, help="cold rounds (default 7)")
    args = parser.parse_args()

    title, blocks, rows, markdown = content()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        typst_file = folder / "plan.typ"
        typst_file.write_text(typst_source(title, blocks, rows), encoding="utf-8")
        contenders = officialdocs_contenders()
        missing = []
        typst_fns = typst_contenders(typst_file)
        contenders.update(typst_fns)
        if not typst_fns:
            missing.append("typst")
        contenders["reportlab platypus"] = platypus_contender(title, blocks, rows)
        docxtpl_fn = docxtpl_contender(title, blocks, rows, folder)
        if docxtpl_fn:
            contenders["docxtpl"] = docxtpl_fn
        else:
            missing.append("docxtpl")
        if missing:
            print(f"not installed, skipped: {', '.join(missing)} (pip install {' '.join(missing)})")
        print(f"content: {PLAN.relative_to(ROOT)} ({len(blocks)} blocks, {len(rows)} table rows)")
        print(f"warm, per document ({args.rounds} interleaved rounds):")
        times, sizes = run_warm(contenders, args.rounds)
        report(times, [("officialdocs PDF", "Typst (reused Compiler)"), ("officialdocs PDF", "reportlab platypus"),
                       ("officialdocs .docx", "docxtpl")], sizes)
        print(f"cold, one process per run ({args.cold_rounds} interleaved rounds):")
        cold = run_cold(cold_commands(folder, markdown, typst_file if typst_fns else None), args.cold_rounds)
        report(cold, [("officialdocs --help", "python -c pass"),
                      ("cold officialdocs notice.md PDF", "cold typst.compile plan PDF"),
                      ("cold officialdocs plan PDF", "cold typst.compile plan PDF")])


if __name__ == "__main__":
    main()
