"""The sample .docx converted by LibreOffice and measured with pdfplumber against GB/T 9704-2012.

Positions in mm from the top-left corner; the text block is x 28-184, y 37-262.
"""

from __future__ import annotations

import re

import pytest

from .layout_rules import BOTTOM, LEFT, PAGE_NUMBER, RIGHT, TOP
from .layout_rules import CELL as CHAR  # one body character cell
from .measure import MM, horizontal_rules, is_red, lines, open_pdf


@pytest.fixture(scope="module")
def pdf(sample_docx_pdf):
    with open_pdf(sample_docx_pdf) as doc:
        yield doc


@pytest.fixture(scope="module")
def pages(pdf):
    return [lines(p) for p in pdf.pages]


def body_lines(page_lines):
    """3号 (16 pt) lines: the body text and headings, without the page number."""
    return [ln for ln in page_lines if ln.size == 16.0]


def full_pages(pages) -> list[int]:
    """Pages after the first whose text runs down to the foot of the block, with no title or table on them."""
    found = []
    for i, page in enumerate(pages[1:], 1):
        body = body_lines(page)
        if body and body[-1].bottom > BOTTOM - 6 and all(ln.size in (14.0, 16.0) for ln in page) and not any(
                ln.size == 14.0 and not PAGE_NUMBER.match(ln.text.replace(" ", "")) for ln in page):
            found.append(i)
    return found


def test_every_full_page_has_22_lines(pages):
    full = full_pages(pages)
    assert len(full) >= 2, "the sample should fill several whole pages"
    for i in full:
        count = len(body_lines(pages[i]))
        assert count == 22, f"page {i + 1} has {count} body lines"
    assert all(len(body_lines(page)) <= 22 for page in pages)


NO_LINE_START = set("。，、；：？！）》”’〕】」』…—")
NO_LINE_END = set("（《“‘〔【「『")


def test_every_full_line_has_28_characters(pages):
    """28 cells per full line (26 after a 2-character indent); one fewer only where the next line starts
    with a mark that may not start a line, so its last character was pushed down (clreq "push out")."""
    checked = 0
    body = [ln for page in pages for ln in body_lines(page)]  # in reading order, across pages
    for ln, following in zip(body, [*body[1:], None], strict=True):
        if ln.x1 < RIGHT - 1.5 or re.search(r"[A-Za-z0-9]", ln.text):
            continue  # a paragraph's last line, or one with proportional Latin/digits
        expected = 26 if ln.x0 > LEFT + CHAR else 28
        # pushed: an opening mark that may not end a line went down, or a character went down with the
        # closing mark that may not start one
        pushed = following is not None and (following.text[0] in NO_LINE_END or (
            len(following.text) > 1 and following.text[1] in NO_LINE_START))
        assert len(ln.text) == expected or (pushed and len(ln.text) == expected - 1), (
            f"{ln.text!r} has {len(ln.text)} characters")
        assert ln.x1 == pytest.approx(RIGHT, abs=0.6)
        checked += 1
    assert checked > 60


def test_text_stays_inside_the_block(pages):
    for n, page in enumerate(pages, 1):
        for ln in page:
            if PAGE_NUMBER.match(ln.text.replace(" ", "")):
                continue
            assert ln.x0 >= LEFT - 1 and ln.x1 <= RIGHT + 1, f"page {n}: {ln.text!r} spans {ln.x0:.1f}-{ln.x1:.1f}"
            assert ln.top >= TOP - 1 and ln.bottom <= BOTTOM + 1, f"page {n}: {ln.text!r} at {ln.top:.1f}"


def test_body_lines_fill_the_block(pages):
    full = pages[full_pages(pages)[0]]
    body = body_lines(full)
    assert body[0].x0 == pytest.approx(LEFT, abs=1) or body[0].x0 == pytest.approx(LEFT + 2 * CHAR, abs=1)
    assert max(ln.x1 for ln in body) == pytest.approx(RIGHT, abs=1)
    assert body[0].top == pytest.approx(TOP, abs=3.5)
    assert body[-1].bottom == pytest.approx(BOTTOM, abs=3.5)
    pitches = [b.top - a.top for a, b in zip(body, body[1:], strict=False)]
    assert all(p == pytest.approx(225 / 22, abs=0.1) for p in pitches)


def test_issuer_mark_is_red_and_72mm_from_the_top(pdf, pages):
    mark = next(ln for ln in pages[0] if "文件" in ln.text and ln.size > 20)
    assert mark.top == pytest.approx(72, abs=1.5)
    assert (mark.x0 + mark.x1) / 2 == pytest.approx((LEFT + RIGHT) / 2, abs=1)
    assert all(is_red(c["non_stroking_color"]) for c in mark.chars)


def test_doc_number_centred_and_red_rule_below_it(pdf, pages):
    number = next(ln for ln in pages[0] if "〔2011〕" in ln.text)
    assert (number.x0 + number.x1) / 2 == pytest.approx((LEFT + RIGHT) / 2, abs=1)
    red = [r for r in horizontal_rules(pdf.pages[0]) if is_red(r["color"])]
    assert len(red) == 1
    rule = red[0]
    assert rule["x1"] - rule["x0"] == pytest.approx(156, abs=0.5)
    assert rule["x0"] == pytest.approx(LEFT, abs=0.5)
    assert rule["y"] - number.bottom == pytest.approx(4, abs=1)


def test_copy_number_on_line_one(pages):
    first = pages[0][0]
    assert first.text == "000018"
    assert first.x0 == pytest.approx(LEFT, abs=0.5)
    assert first.top < TOP + 10.2


def test_page_numbers_follow_7_5(pages):
    for n, page in enumerate(pages, 1):
        number = [ln for ln in page if PAGE_NUMBER.match(ln.text.replace(" ", ""))]
        assert len(number) == 1, f"page {n} has no page number"
        ln = number[0]
        assert int(PAGE_NUMBER.match(ln.text.replace(" ", "")).group(1)) == n
        assert ln.size == 14.0
        assert (ln.top + ln.bottom) / 2 == pytest.approx(BOTTOM + 7, abs=1)
        one = 14 * MM  # one 4号 character
        if n % 2:
            assert ln.x1 == pytest.approx(RIGHT - one, abs=1), f"odd page {n} number at {ln.x1:.1f}"
        else:
            assert ln.x0 == pytest.approx(LEFT + one, abs=1), f"even page {n} number at {ln.x0:.1f}"


def test_colophon_at_the_foot_of_the_last_page(pdf, pages):
    rules = [r for r in horizontal_rules(pdf.pages[-1]) if r["x1"] - r["x0"] > 150 and not is_red(r["color"])]
    colophon = [r for r in rules if r["y"] > 200 and r["thickness"] > 0.2]  # not the 0.5 pt table borders
    assert len(colophon) == 3
    first, middle, last = colophon
    assert last["y"] == pytest.approx(BOTTOM, abs=0.5)
    assert first["thickness"] == pytest.approx(0.35, abs=0.05)
    assert middle["thickness"] == pytest.approx(0.25, abs=0.05)
    assert last["thickness"] == pytest.approx(0.35, abs=0.05)
    for rule in colophon:
        assert rule["x1"] - rule["x0"] == pytest.approx(156, abs=0.5)
    printed = next(ln for ln in pages[-1] if ln.text.endswith("印发"))
    assert first["y"] < printed.top < last["y"]
    assert printed.x1 == pytest.approx(RIGHT - 14 * MM, abs=1)


def test_run_in_heading_uses_two_faces(pages):
    line = next(ln for page in pages for ln in page if ln.text.startswith("（一）全力支持部队现代化建设。"))
    heading = [c for c in line.chars if c["text"] in "全力支持"]
    body = [c for c in line.chars if c["text"] in "各级双拥组织"]
    assert all("Kai" in c["fontname"] for c in heading)
    assert all("Fang" in c["fontname"] for c in body)


def test_attachment_starts_a_new_page(pages):
    index = next(i for i, page in enumerate(pages) if page and re.fullmatch(r"附件\d*", page[0].text))
    label, title = pages[index][0], pages[index][1]
    assert "Hei" in next(iter(label.fonts))
    assert label.x0 == pytest.approx(LEFT, abs=0.5)
    assert title.size == 22.0
    assert (title.x0 + title.x1) / 2 == pytest.approx((LEFT + RIGHT) / 2, abs=1)
    assert title.top == pytest.approx(TOP + 2 * 225 / 22, abs=3)


def test_the_docx_paginates_like_the_pdf_with_the_colophon_on_an_even_page(sample_pdf, sample_docx_pdf):
    """Issue 10.8: the same page count in both media, the 版记 on the last page, an even one (6.2, 7.4.1)."""
    with open_pdf(sample_pdf) as ours, open_pdf(sample_docx_pdf) as theirs:
        assert len(theirs.pages) == len(ours.pages)
        for doc in (ours, theirs):
            last = doc.pages[-1]
            assert len(doc.pages) % 2 == 0
            assert any(ln.text.startswith("抄送") for ln in lines(last))
            assert not any(ln.text.startswith("抄送") for page in doc.pages[:-1] for ln in lines(page))
