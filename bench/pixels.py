"""Do two source trees draw the same pages? Renders every sample document (the sample plan's whole family,
samples/notice.md, and extra documents with a seal image, a landscape table, a draft with and without
the diagonal watermark, characters only installed fallback faces have) to PDF with tree A and with tree B, rasterises both with pdfium at 100 dpi and compares pixels.

    python bench/pixels.py /tmp/old/src src        # prints per document: pages, differing pixels, sizes

Prints figures; exits 1 when a page differs by more than --tolerance (max channel difference) anywhere.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

EXTRA = {
    # Characters outside GB 2312: drawn from installed fallback faces (a TrueType collection among them).
    "rare.md": """---
issuer: ××区人民政府办公室
title: 关于表彰王堃等同志的通报
signature: ××区人民政府办公室
date: 2024-03-15
---

# 表彰王堃、张喆、李珺同志

王堃、张喆、李珺、赵昇、刘嵘和陈䶮同志在工作中表现突出，特予通报表彰。
""",
    "sealed.md": """---
issuers: [××区人民政府, ××区人民武装部]
doc_number: 区府〔2011〕3号
signers: [张三, 李四, 王五]
title: 关于2011年双拥工作情况的报告
recipients: [××市人民政府]
signature: ××区人民政府
date: 2011-12-20
seal: seal.png
---
今年以来，我区认真贯彻落实上级关于双拥工作的部署要求，各项工作取得新进展。现将有关情况报告如下。

# 主要做法

加强组织领导，完善工作机制（2011年）。这个字𠀀在常用字库里没有。

特此报告。
""",
    "draft.md": """---
issuer: ××区双拥工作领导小组
title: 关于做好2011年元旦春节期间走访慰问工作的通知（征求意见稿）
draft: 征求意见稿
recipients: [各镇人民政府]
signature: ××区双拥工作领导小组办公室
date: 2011-12-20
---
请各单位认真组织好走访慰问工作，ABC abc 123 ①②③ “引号” 《书名》——破折号……省略号。

<!-- table: landscape widths=1,6,3,3,3,3,3 -->

| 序号 | 单位名称 | 一月 | 二月 | 三月 | 四月 | 合计 |
|:---:|---|---:|---:|---:|---:|---:|
| 1 | ××区第一街道办事处 | 12 | 13 | 14 | 15 | 54 |
| 2 | ××区第二街道办事处 | 22 | 23 | 24 | 25 | 94 |
""",
}

_RENDER = """
import sys
from pathlib import Path
from officialdocs import render_file
out = Path(sys.argv[1])
for arg in sys.argv[2:]:
    source, _, profile = arg.partition("::")
    render_file(Path(source), out / Path(source).stem, ["pdf"], profile=profile or None)
"""


def render_all(src: str, out: Path, sources: list) -> None:
    env = dict(os.environ, PYTHONPATH=str(Path(src).resolve()))
    subprocess.run([sys.executable, "-c", _RENDER, str(out), *map(str, sources)], env=env, check=True)


def pages(pdf: Path, dpi: int = 100):
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(pdf))
    try:
        for page in doc:
            yield page.render(scale=dpi / 72).to_pil().convert("RGB")
    finally:
        doc.close()


def compare(a: Path, b: Path) -> tuple[int, int, int]:
    """(pages, pixels that differ, largest channel difference)."""
    from PIL import ImageChops

    count = differing = worst = 0
    pa, pb = list(pages(a)), list(pages(b))
    if len(pa) != len(pb):
        return max(len(pa), len(pb)), -1, 255
    for x, y in zip(pa, pb, strict=True):
        count += 1
        if x.size != y.size:
            return count, -1, 255
        diff = ImageChops.difference(x, y)
        if diff.getbbox() is None:
            continue
        gray = diff.convert("L")
        hist = gray.histogram()
        differing += sum(hist[1:])
        worst = max(worst, max(i for i, n in enumerate(hist) if n))
    return count, differing, worst


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("a")
    parser.add_argument("b")
    parser.add_argument("--tolerance", type=int, default=0, help="largest allowed channel difference (0-255)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        shutil.copy(ROOT / "tests" / "data" / "seal.png", folder / "seal.png")
        sources: list = [ROOT / "samples" / "2011-shuangyong" / "plan.yaml", ROOT / "samples" / "notice.md"]
        for name, text in EXTRA.items():
            (folder / name).write_text(text, encoding="utf-8")
            sources.append(folder / name)
        # The draft once more with the diagonal watermark switched on in a profile of its own.
        profile = folder / "watermark.yaml"
        profile.write_text((ROOT / "templates" / "styles" / "gbt9704.yaml").read_text(encoding="utf-8")
                           .replace("watermark: false", "watermark: true"), encoding="utf-8")
        shutil.copy(folder / "draft.md", folder / "watermarked.md")
        sources.append(f"{folder / 'watermarked.md'}::{profile}")
        render_all(args.a, folder / "A", sources)
        render_all(args.b, folder / "B", sources)
        failed = 0
        total_pages = total_a = total_b = 0
        for pdf_a in sorted((folder / "A").rglob("*.pdf")):
            pdf_b = folder / "B" / pdf_a.relative_to(folder / "A")
            if not pdf_b.is_file():
                print(f"MISSING in B: {pdf_a.relative_to(folder / 'A')}")
                failed += 1
                continue
            n, differing, worst = compare(pdf_a, pdf_b)
            size_a, size_b = pdf_a.stat().st_size, pdf_b.stat().st_size
            total_pages, total_a, total_b = total_pages + n, total_a + size_a, total_b + size_b
            bad = differing < 0 or worst > args.tolerance
            failed += bad
            print(f"{'DIFF' if bad else 'same'} {str(pdf_a.relative_to(folder / 'A'))[:60]:60} {n:3} pages  "
                  f"{differing:7} px differ (max {worst:3})  {size_a / 1024:7.1f} -> {size_b / 1024:7.1f} KiB")
        print(f"{total_pages} pages; size B/A {total_b / total_a:.3f}; documents that differ: {failed}")
        sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
