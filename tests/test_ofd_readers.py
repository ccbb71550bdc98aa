"""The sample family as OFD, read by independent third-party OFD readers (test extra):

- ofdkit extracts the text of every document in reading order: the document's own text (title, recipients,
  paragraphs, headings, attachment titles) comes out in order, and every page holds exactly the characters
  its PDF holds (table pages: the reading order of a grid is the reader's choice, the characters are not);
- ofd2img converts the cover notice to PDF with the fonts embedded in the OFD (run with an empty fontconfig
  and HOME, so no installed font can stand in): its page 1 matches our PDF's page 1 pixel for pixel outside the
  issuer mark, and its glyph positions pass our GB/T 9704 checks;
- `check` on every sample OFD gives the results of its PDF.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from officialdocs import render_file
from officialdocs.check import check_file
from officialdocs.check.catalogue import catalogue_for_profile
from officialdocs.check.pdf import check_pdf, is_red
from officialdocs.check.pdfread import read_pdf
from officialdocs.document import Heading, Paragraph
from officialdocs.style import load_profile

from .conftest import SAMPLE

pytestmark = pytest.mark.slow  # the whole family, and a third-party converter in a subprocess

# The converted PDF of ofd2img measures 200 units per inch (its own "OP" constant), where a PDF has 72.
READER_UNITS = 200 / 72
DPI = 100
# A pixel "differs" when the darkest channel differs by more than this. Above the colour-space gap: the PDF
# carries the red as print CMYK(0,80,80,0), which PDFium shows as about RGB(240,89,62), the OFD the profile's
# screen red FF0000 (darkest channel 62 apart); far below what a misplaced or missing glyph or rule makes
# (ink on white: 150-255).
PIXEL_THRESHOLD = 96
# Share of the page's ink pixels allowed to differ outside the issuer mark: rasteriser noise only (0 measured).
INK_BUDGET = 0.001


def _reader(module: str):
    try:
        return __import__(module)
    except ImportError:
        if os.environ.get("CI"):
            pytest.fail(f"{module} is required in CI: pip install -e '.[test]'")
        pytest.skip(f"{module} is not installed (pip install -e '.[test]')")


@pytest.fixture(scope="module")
def family(tmp_path_factory):
    """The sample family as PDF and OFD: [(job, pdf, ofd)] in family order."""
    from officialdocs.family import plan_jobs
    from officialdocs.plan import load_plan

    out = tmp_path_factory.mktemp("ofd-family")
    result = render_file(SAMPLE, out, ["pdf", "ofd"], jobs=2)
    assert not result.failed, result.failed
    jobs = plan_jobs(load_plan(SAMPLE))
    files = [(job, out / f"{job.stem}.pdf", out / f"{job.stem}.ofd") for job in jobs]
    assert len(files) == 17 and all(p.is_file() and o.is_file() for _, p, o in files)
    return files


@pytest.fixture(scope="module")
def converted(family, tmp_path_factory):
    """The cover notice converted to PDF by ofd2img, with no font installed for it."""
    _reader("ofd2img")
    work = tmp_path_factory.mktemp("ofd2img")
    (work / "empty-fonts.conf").write_text('<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n'
                                          "<fontconfig></fontconfig>\n", encoding="utf-8")
    env = {**os.environ, "FONTCONFIG_FILE": str(work / "empty-fonts.conf"), "HOME": str(work)}
    target = work / "notice.pdf"
    done = subprocess.run([sys.executable, str(Path(__file__).with_name("ofd_convert.py")), str(family[0][2]),
                           str(target)], cwd=work, env=env, capture_output=True, timeout=300)
    assert done.returncode == 0 and target.is_file(), done.stderr.decode(errors="replace")[-2000:]
    return target


def _plain(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _document_text(job) -> list[str]:
    """The document's own text pieces in reading order (tables left to the character comparison)."""
    from officialdocs.markup import parse_markup

    doc = parse_markup(job.markdown(()), source=job.source, base_dir=SAMPLE.parent)
    pieces = [doc.plain_title, "、".join(doc.recipients) + "：" if doc.recipients else ""]

    def blocks(items) -> None:
        for block in items:
            if isinstance(block, Heading):
                pieces.append(block.full_text)
            elif isinstance(block, Paragraph):
                pieces.append(block.text)

    blocks(doc.blocks)
    for attachment in doc.attachments:
        pieces.append(attachment.title)
        blocks(attachment.blocks)
    return [_plain(p) for p in pieces if p]


def test_reader_extracts_the_full_text_of_every_sample_in_order(family):
    ofdkit = _reader("ofdkit")
    import pdfplumber

    for job, pdf, ofd in family:
        with ofdkit.open(ofd) as document:
            assert document.info.title == job.title
            pages = [page.text() for page in document.pages]
        # The document's text, in order, with the page numbers that interrupt paragraphs taken out.
        text = _plain("".join(re.sub(r"^— \d+ —$", "", page, flags=re.M) for page in pages))
        cursor = 0
        for piece in _document_text(job):
            found = text.find(piece, cursor)
            assert found >= 0, f"{ofd.name}: “{piece[:30]}” missing or out of order"
            cursor = found + len(piece)
        # Every page holds exactly the characters its PDF holds.
        with pdfplumber.open(pdf) as doc:
            assert len(doc.pages) == len(pages)
            for number, (page, ours) in enumerate(zip(doc.pages, pages, strict=True), 1):
                assert sorted(_plain(ours)) == sorted(_plain(page.extract_text())), f"{ofd.name} page {number}"


def test_docinfo_read_by_the_reader(family):
    ofdkit = _reader("ofdkit")
    with ofdkit.open(family[0][2]) as document:
        info = document.info
    assert (info.title, info.author, info.creation_date) == (family[0][0].title, "××区双拥工作领导小组", "2011-01-20")
    assert re.fullmatch(r"[0-9a-f]{32}", info.doc_id) and info.creator == "officialdocs"


def test_every_sample_ofd_passes_the_rules_its_pdf_passes(family):
    for _, pdf, ofd in family:
        ours, theirs = check_file(ofd), check_file(pdf)
        assert ours.ok and theirs.ok, ofd.name
        assert [(r.id, r.name, r.status) for r in ours.results] == [(r.id, r.name, r.status) for r in theirs.results]


def _render(path: Path, scale: float):
    import numpy as np
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(path))
    try:
        return np.asarray(doc[0].render(scale=scale).to_numpy())[:, :, :3].astype(int).min(axis=2)
    finally:
        doc.close()


def test_reader_renders_page_one_like_our_pdf(family, converted):
    import pdfplumber

    ours = _render(family[0][1], DPI / 72)
    theirs = _render(converted, DPI / 72 / READER_UNITS)
    assert ours.shape == theirs.shape
    # The issuer mark: the reader places each glyph at its DeltaX position but ignores the CTM's horizontal
    # scale of the glyph shapes (94.5 % here), so its glyphs are wider; the band is compared separately.
    mark = [ln for ln in read_pdf(family[0][1]).pages[0].lines if is_red(ln.glyphs[0].color)]
    px = DPI / 25.4
    top, bottom = int((min(ln.top for ln in mark) - 1) * px), int((max(ln.bottom for ln in mark) + 1) * px)  # ink beyond the em box
    differs = abs(ours - theirs) > PIXEL_THRESHOLD
    ink = (ours < 128).sum()
    outside = differs.copy()
    outside[top:bottom] = False
    assert outside.sum() <= INK_BUDGET * ink, f"{outside.sum()} of {ink} ink pixels differ outside the mark"
    cols_ours = (ours[top:bottom] < 128).any(axis=0).nonzero()[0]
    cols_theirs = (theirs[top:bottom] < 128).any(axis=0).nonzero()[0]
    assert abs(cols_ours[0] - cols_theirs[0]) / px < 0.3  # the mark starts where ours does
    assert 0 <= (cols_theirs[-1] - cols_ours[-1]) / px < 1.0  # and ends no more than the unscaled glyph later
    # Only the fonts embedded in the OFD drew the text: no installed font stood in.
    with pdfplumber.open(converted) as doc:
        fonts = {c["fontname"].split("+")[-1] for page in doc.pages for c in page.chars}
    assert fonts and all(name.startswith("Officialdocs") for name in fonts), fonts


def test_reader_pdf_passes_our_geometry_checks(family, converted):
    """The reader's PDF keeps every position (in its own units): scaled back, it passes the rules our PDF
    passes, except the two the reader itself changes."""
    facts = read_pdf(converted)
    k = 1 / READER_UNITS
    for page in facts.pages:
        page.width, page.height = page.width * k, page.height * k
        for line in page.lines:
            for g in line.glyphs:
                g.x0, g.x1, g.top, g.bottom, g.baseline, g.size = (v * k for v in (g.x0, g.x1, g.top, g.bottom, g.baseline, g.size))
        for rule in page.rules:
            rule.x0, rule.x1, rule.y, rule.thickness = (v * k for v in (rule.x0, rule.x1, rule.y, rule.thickness))
    profile = load_profile()
    catalogue = catalogue_for_profile(profile.name)
    theirs = {(r.id, r.name): r.status for r in check_pdf(facts, profile, catalogue)}
    ours = {(r.id, r.name): r.status for r in check_pdf(read_pdf(family[0][1]), profile, catalogue)}
    # L06 标志宽度: the unscaled mark glyphs (above); L39: the reader's canvas declares Helvetica, never used.
    reader_made = {("L06", "标志宽度"), ("L39", "字体嵌入")}
    assert {k for k in ours if ours[k] != theirs.get(k)} <= reader_made
    assert sum(status == "pass" for status in theirs.values()) >= 40


def test_same_bytes_from_a_worker_process_and_this_one(family, tmp_path):
    """The family was written by worker processes (jobs=2); the notice again, here, gives the same file."""
    result = render_file(SAMPLE, tmp_path, ["ofd"], only=["notice"], jobs=1)
    (made,) = [o.path for o in result.outputs]
    assert made.read_bytes() == family[0][2].read_bytes()
