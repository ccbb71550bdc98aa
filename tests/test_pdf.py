"""The native PDF of the sample, measured with pdfplumber (and poppler where pdfminer is unreliable).

pdfminer adds character spacing (Tc) to a glyph's box, so right edges are taken as the last glyph's
origin plus its advance (one em for a Han character), the way poppler's pdftotext -bbox reports them.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys

import pytest

from officialdocs import load_document, load_profile, render_file
from officialdocs.fonts import font_book
from officialdocs.layout import layout_document

from .conftest import SAMPLE
from .layout_rules import BOTTOM, CELL, LEFT, NO_END, NO_START, PAGE_NUMBER, RIGHT, TOP
from .measure import MM, horizontal_rules, is_red, lines, open_pdf, poppler_edges


@pytest.fixture(scope="module")
def pdf(sample_pdf):
    with open_pdf(sample_pdf) as doc:
        yield doc


@pytest.fixture(scope="module")
def pages(pdf):
    return [lines(p) for p in pdf.pages]


@pytest.fixture(scope="module")
def edges(sample_pdf, pdf):
    """Per page, line text -> (left, right) mm, from poppler (see the module note)."""
    if not shutil.which("pdftotext"):
        pytest.skip("poppler-utils not installed")
    return [poppler_edges(sample_pdf, n + 1) for n in range(len(pdf.pages))]


def right_edge(line, page_edges) -> float:
    return page_edges[line.text.replace(" ", "")][1]


def body(page_lines):
    return [ln for ln in page_lines if ln.size == 16.0 and not PAGE_NUMBER.match(ln.text.replace(" ", ""))]


def full_pages(pages) -> list[int]:
    """Pages after the first whose text runs down to the foot of the block, with no title or table on them."""
    return [i for i, page in enumerate(pages[1:], 1)
            if body(page) and body(page)[-1].bottom > BOTTOM - 6 and all(ln.size in (14.0, 16.0) for ln in page)
            and not any(ln.size == 14.0 and not PAGE_NUMBER.match(ln.text.replace(" ", "")) for ln in page)]


def test_full_pages_have_22_lines_filling_the_block(pages):
    full = full_pages(pages)
    assert len(full) >= 2
    for i in full:
        lines_ = body(pages[i])
        assert len(lines_) == 22, f"page {i + 1}: {len(lines_)} lines"
        assert lines_[0].top == pytest.approx(TOP, abs=0.5)
        assert lines_[-1].bottom == pytest.approx(BOTTOM, abs=0.5)
    assert all(len(body(page)) <= 22 for page in pages)


def test_full_lines_hold_28_cells_and_are_justified(pages, edges):
    flat = [(ln, edges[i]) for i, page in enumerate(pages) for ln in body(page)]
    checked = 0
    for (ln, page_edges), nxt in zip(flat, [*[f[0] for f in flat[1:]], None], strict=True):
        edge = right_edge(ln, page_edges)
        if edge < RIGHT - 3:
            continue  # a paragraph's last line
        assert edge == pytest.approx(RIGHT, abs=0.5), f"{ln.text!r} ends at {edge:.2f}"
        assert ln.x0 == pytest.approx(LEFT, abs=0.5) or ln.x0 == pytest.approx(LEFT + 2 * CELL, abs=0.5)
        if re.search(r"[0-9A-Za-z]", ln.text):
            continue  # proportional digits and Latin
        cells = 26 if ln.x0 > LEFT + CELL else 28
        pushed_out = nxt is not None and (nxt.text[0] in NO_END or (len(nxt.text) > 1 and nxt.text[1] in NO_START))
        pushed_in = ln.text[-1] in NO_START  # a mark squeezed in at the line end
        allowed = {cells} | ({cells - 1} if pushed_out else set()) | ({cells + 1} if pushed_in else set())
        assert len(ln.text) in allowed, f"{ln.text!r}: {len(ln.text)} characters"
        checked += 1
    assert checked > 60


def test_no_line_starts_or_ends_with_a_forbidden_mark(pages):
    for page in pages:
        for ln in body(page):
            assert ln.text[0] not in NO_START - {"—"} or ln.text.startswith("——"), ln.text
            assert ln.text[-1] not in NO_END, ln.text


def test_text_stays_inside_the_block(pages, edges):
    for n, page in enumerate(pages, 1):
        for ln in page:
            if PAGE_NUMBER.match(ln.text.replace(" ", "")) or ln.size < 16 and n == len(pages):
                continue
            if ln.size > 14:  # table cells are checked by their own borders
                assert ln.x0 >= LEFT - 0.5 and right_edge(ln, edges[n - 1]) <= RIGHT + 0.5, f"page {n}: {ln.text!r}"
            assert ln.top >= TOP - 0.5 and ln.bottom <= BOTTOM + 0.5, f"page {n}: {ln.text!r}"


def test_mark_red_rule_and_doc_number(pdf, pages, edges):
    first = pages[0]
    mark = next(ln for ln in first if ln.size == 36.0)
    assert mark.top == pytest.approx(72, abs=0.5)
    left, right = edges[0][mark.text]
    assert (left + right) / 2 == pytest.approx(106, abs=0.5) and left >= LEFT - 0.5 and right <= RIGHT + 0.5
    assert all(c["non_stroking_color"] == (0, 0.8, 0.8, 0) for c in mark.chars)
    number = next(ln for ln in first if "〔2011〕" in ln.text)
    assert (number.x0 + right_edge(number, edges[0])) / 2 == pytest.approx(106, abs=0.5)
    red = [r for r in horizontal_rules(pdf.pages[0]) if is_red(r["color"])]
    assert len(red) == 1
    rule = red[0]
    assert rule["x1"] - rule["x0"] == pytest.approx(156, abs=0.2) and rule["x0"] == pytest.approx(LEFT, abs=0.2)
    assert rule["y"] - rule["thickness"] / 2 - number.bottom == pytest.approx(4, abs=0.5)
    assert rule["color"] == (0, 0.8, 0.8, 0)


def test_title_two_lines_below_the_rule_and_centred(pdf, pages, edges):
    title = next(ln for ln in pages[0] if ln.size == 22.0)
    assert (title.x0 + right_edge(title, edges[0])) / 2 == pytest.approx(106, abs=0.5)
    assert all(c["non_stroking_color"] in ((0, 0, 0, 1), (0,), 0) for c in title.chars)


def test_page_numbers(pages, edges):
    for n, page in enumerate(pages, 1):
        found = [ln for ln in page if PAGE_NUMBER.match(ln.text.replace(" ", ""))]
        if not found:
            continue
        ln = found[0]
        assert int(PAGE_NUMBER.match(ln.text.replace(" ", "")).group(1)) == n
        assert ln.size == 14.0
        assert (ln.top + ln.bottom) / 2 == pytest.approx(BOTTOM + 7, abs=0.5)
        one = 14 * MM
        if n % 2:
            assert right_edge(ln, edges[n - 1]) == pytest.approx(RIGHT - one, abs=0.5)
        else:
            assert ln.x0 == pytest.approx(LEFT + one, abs=0.5)
    assert sum(1 for page in pages if any(PAGE_NUMBER.match(ln.text.replace(" ", "")) for ln in page)) >= 6


def test_colophon_on_an_even_last_page(pdf, pages, edges):
    assert len(pdf.pages) % 2 == 0
    rules = [r for r in horizontal_rules(pdf.pages[-1]) if r["y"] > 200 and r["x1"] - r["x0"] > 150
             and r["thickness"] > 0.2]
    assert len(rules) == 3
    assert rules[-1]["y"] + rules[-1]["thickness"] / 2 == pytest.approx(BOTTOM, abs=0.3)
    assert [round(r["thickness"], 2) for r in rules] == [0.35, 0.25, 0.35]
    printed = next(ln for ln in pages[-1] if ln.text.endswith("印发"))
    assert edges[-1][printed.text.replace(" ", "")][1] == pytest.approx(RIGHT - 14 * MM, abs=0.5)
    cc = next(ln for ln in pages[-1] if ln.text.startswith("抄送："))
    assert cc.x0 == pytest.approx(LEFT + 14 * MM, abs=0.5)


def test_every_font_is_embedded_and_subsetted(sample_pdf):
    if not shutil.which("pdffonts"):
        pytest.skip("poppler-utils not installed")
    out = subprocess.run(["pdffonts", str(sample_pdf)], capture_output=True, text=True, check=True).stdout
    rows = out.strip().splitlines()[2:]
    assert rows
    for row in rows:
        name, *_ = row.split()
        assert "+" in name, f"{name} is not a subset"
        assert " yes yes " in row, f"{name} is not embedded: {row}"
    assert "Helvetica" not in out


def test_no_missing_glyphs_and_text_is_complete(sample_pdf):
    doc, _ = load_document(SAMPLE)
    laid = layout_document(doc, load_profile(), font_book(load_profile()))
    assert laid.missing == []
    if not shutil.which("pdftotext"):
        pytest.skip("poppler-utils not installed")
    text = subprocess.run(["pdftotext", str(sample_pdf), "-"], capture_output=True, text=True, check=True).stdout
    text = re.sub(r"—\s*\d+\s*—", "", text)
    flat = re.sub(r"\s+", "", text)
    for block in doc.blocks:
        content = re.sub(r"\s+", "", getattr(block, "text", "") or getattr(block, "full_text", ""))
        assert content in flat, content[:20]
    assert flat.index("2011年，是") < flat.index("一、服务和推动") < flat.index("三、服务和推动")


def test_identical_input_gives_identical_pdf(sample_pdf, tmp_path):
    again = render_file(SAMPLE, tmp_path, ["pdf"], only=["notice"]).outputs[0].path
    assert again.read_bytes() == sample_pdf.read_bytes()


def test_metadata_and_bookmarks(pdf):
    info = pdf.metadata
    assert info["Title"] == "关于印发《××区2011年双拥工作要点》的通知"
    assert info["Author"] == "××区双拥工作领导小组"
    outlines = list(pdf.doc.get_outlines())
    titles = [o[1] for o in outlines]
    assert "附件1 ××区2011年双拥工作要点" in titles
    assert "一、服务和推动军民融合式发展，在增强军地工作合力上下功夫" in titles
    assert any(t.startswith("（一）全力支持部队现代化建设") for t in titles)


@pytest.mark.slow  # over 0.4 s (a new process, a whole pipeline): not in the quick loop
def test_bundled_fonts_alone_are_enough(tmp_path):
    """With fontconfig pointed at an empty font set, the sample still renders correctly."""
    conf = tmp_path / "empty.conf"
    conf.write_text('<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
                    f"<cachedir>{tmp_path}/cache</cachedir></fontconfig>", encoding="utf-8")
    env = dict(os.environ, FONTCONFIG_FILE=str(conf), XDG_CACHE_HOME=str(tmp_path / "xdg"))
    out = tmp_path / "out"
    result = subprocess.run([sys.executable, "-m", "officialdocs.cli", "render", str(SAMPLE), "-o", str(out),
                             "--format", "pdf", "--strict", "--only", "notice"], capture_output=True, text=True,
                            env=env, timeout=300)
    assert result.returncode == 0, result.stderr
    pdf_path = next(out.glob("**/*.pdf"))
    with open_pdf(pdf_path) as doc:
        fonts = {c["fontname"].split("+")[-1] for page in doc.pages for c in page.chars}
        assert fonts and all(f.startswith("Officialdocs") for f in fonts), fonts
        pages_ = [lines(p) for p in doc.pages]
        full = full_pages(pages_)
        assert full and all(len(body(pages_[i])) == 22 for i in full)


def test_missing_character_is_reported_and_strict_fails(tmp_path, capsys):
    from officialdocs import cli

    source = tmp_path / "rare.md"
    source.write_text("---\ntitle: 关于生僻字的通知\n---\n这个字𠀀在常用字库里没有。\n", encoding="utf-8")
    code = cli.main(["render", str(source), "-o", str(tmp_path / "a"), "--format", "pdf"])
    err = capsys.readouterr().err
    assert code == 0
    assert "𠀀" in err and "U+20000" in err and "正文第1段" in err
    code = cli.main(["render", str(source), "-o", str(tmp_path / "b"), "--format", "pdf", "--strict"])
    assert code == 1
    assert not (tmp_path / "b").exists() or not any((tmp_path / "b").iterdir())


def test_font_caches_do_not_change_the_output(tmp_path, sample_pdf):
    """First run parses the fonts and fills the cache, the second reads it: the PDFs are the same bytes."""
    env = dict(os.environ, OFFICIALDOCS_CACHE_DIR=str(tmp_path / "cache"))
    made = []
    for run in ("first", "second"):
        out = tmp_path / run
        subprocess.run([sys.executable, "-m", "officialdocs.cli", "render", str(SAMPLE), "-o", str(out),
                        "--format", "pdf", "--only", "notice"], check=True, capture_output=True, env=env, timeout=300)
        made.append(next(out.glob("**/*.pdf")).read_bytes())
    assert list((tmp_path / "cache" / "fonts" / "metrics").glob("*.odc"))
    assert made[0] == made[1] == sample_pdf.read_bytes()


def test_a_token_wider_than_its_cell_cannot_hang_the_layout():
    """A long number in a narrow table column once made the line breaker loop, filling memory."""
    from officialdocs import parse_markup

    doc = parse_markup("---\ntitle: 测试表格\n---\n<!-- table: widths=1,30 -->\n\n| 编号 | 内容 |\n|---|---|\n"
                       "| 201120112011201120112011 | 正文 |\n", source="t.md")
    laid = layout_document(doc, load_profile(), font_book(load_profile()))
    assert any("201120112011" in run.text for page in laid.pages for run in page.runs)
