"""The GB/T 9704 layout assertions every PDF we make must pass, as one function usable on any of them.

Returns a list of problems (empty when the document conforms), so a test can report all of them at once.
"""

from __future__ import annotations

import re
import shutil
import subprocess

from officialdocs.cjk import LINE_END_FORBIDDEN as NO_END
from officialdocs.cjk import LINE_START_FORBIDDEN as NO_START

from .measure import MM, horizontal_rules, is_red, lines, open_pdf, poppler_edges

LEFT, RIGHT, TOP, BOTTOM = 28.0, 184.0, 37.0, 262.0
CELL = 156 / 28
PAGE_NUMBER = re.compile(r"^—\s*(\d+)\s*—$")


def _is_number(line) -> bool:
    return bool(PAGE_NUMBER.match(line.text.replace(" ", "")))


def _body(page_lines):
    return [ln for ln in page_lines if ln.size == 16.0 and not _is_number(ln)]


def layout_problems(path) -> list[str]:
    problems: list[str] = []
    with open_pdf(path) as pdf:
        pages = [lines(p) for p in pdf.pages]
        turned = [p.width > p.height or _turned(p) for p in pdf.pages]
        edges = [poppler_edges(path, n + 1) for n in range(len(pages))] if shutil.which("pdftotext") else None
        for n, (page, raw) in enumerate(zip(pages, pdf.pages, strict=True), 1):
            if raw.width > raw.height:
                problems.append(f"page {n}: landscape paper (content must be turned on A4 portrait)")
            if not turned[n - 1]:
                problems += _page_problems(n, page, edges[n - 1] if edges else None)
            problems += _number_problems(n, page, edges[n - 1] if edges else None)
        problems += _line_problems(pages, turned, edges)
        problems += _masthead_problems(pdf, pages)
        problems += _colophon_problems(pdf, pages)
    problems += _font_problems(path)
    return problems


def _turned(page) -> bool:
    """A landscape table page: its characters are drawn rotated (upright is False)."""
    chars = [c for c in page.chars if c["size"] < 20]
    return bool(chars) and sum(not c["upright"] for c in chars) > len(chars) / 2


def _page_problems(n: int, page, page_edges) -> list[str]:
    out = []
    for ln in page:
        if _is_number(ln):
            continue
        right = page_edges.get(ln.text.replace(" ", ""), (ln.x0, ln.x1))[1] if page_edges else ln.x1
        if ln.x0 < LEFT - 0.5 or right > RIGHT + 0.5 or ln.top < TOP - 0.5 or ln.bottom > BOTTOM + 0.5:
            out.append(f"page {n}: {ln.text[:20]!r} leaves the block ({ln.x0:.1f}-{right:.1f}, {ln.top:.1f}-{ln.bottom:.1f})")
    body = _body(page)
    if len(body) > 22:
        out.append(f"page {n}: {len(body)} body lines")
    pitch = (225 - 16 * MM) / 21
    tops = [ln.top for ln in body]
    on_grid = [abs((t - TOP) / pitch - round((t - TOP) / pitch)) < 0.05 for t in tops]
    plain = n > 1 and all(ln.size in (14.0, 16.0) for ln in page) and not any(
        ln.size == 14.0 and not _is_number(ln) for ln in page)
    if plain and not all(on_grid):
        out.append(f"page {n}: body lines off the 22-line grid")
    # A full page: text from the block's top to its foot with no empty line between (no signature gap ...).
    full = plain and body and body[-1].bottom > BOTTOM - 6 and all(b - a < 1.5 * pitch for a, b in zip(tops, tops[1:], strict=False))
    if full:
        if len(body) != 22:
            out.append(f"page {n}: a full page with {len(body)} lines")
        if abs(body[0].top - TOP) > 0.5 or abs(body[-1].bottom - BOTTOM) > 0.5:
            out.append(f"page {n}: lines do not fill the block ({body[0].top:.1f}-{body[-1].bottom:.1f})")
    return out


def _line_problems(pages, turned, edges) -> list[str]:
    """Every full line ends on the block's right edge and holds 28 cells (clreq push-in/out allowed)."""
    out = []
    flat = [(ln, i) for i, page in enumerate(pages) if not turned[i] for ln in _body(page)]
    for (ln, i), nxt in zip(flat, [*[f[0] for f in flat[1:]], None], strict=True):
        right = edges[i].get(ln.text.replace(" ", ""), (0, ln.x1))[1] if edges else ln.x1
        if right < RIGHT - 3 or re.search(r"[0-9A-Za-z]", ln.text) or ln.x0 > LEFT + 3 * CELL:
            continue  # a last line, proportional digits, or a right-aligned line (署名)
        if abs(right - RIGHT) > 0.5:
            out.append(f"page {i + 1}: {ln.text[:20]!r} ends at {right:.2f} mm")
        cells = 26 if ln.x0 > LEFT + CELL else 28
        pushed_out = nxt is not None and (nxt.text[0] in NO_END or (len(nxt.text) > 1 and nxt.text[1] in NO_START))
        allowed = {cells} | ({cells - 1} if pushed_out else set()) | ({cells + 1} if ln.text[-1] in NO_START else set())
        if len(ln.text) not in allowed:
            out.append(f"page {i + 1}: {ln.text[:20]!r} has {len(ln.text)} characters")
        if ln.text[0] in NO_START - {"—"} or ln.text[-1] in NO_END:
            out.append(f"page {i + 1}: {ln.text[:20]!r} starts or ends with a forbidden mark")
    return out


def _number_problems(n: int, page, page_edges) -> list[str]:
    found = [ln for ln in page if _is_number(ln)]
    if not found:
        return []
    ln = found[0]
    out = []
    if int(PAGE_NUMBER.match(ln.text.replace(" ", "")).group(1)) != n:
        out.append(f"page {n}: numbered {ln.text!r}")
    if ln.size != 14.0 or abs((ln.top + ln.bottom) / 2 - (BOTTOM + 7)) > 0.5:
        out.append(f"page {n}: page number size {ln.size} at {(ln.top + ln.bottom) / 2:.1f} mm")
    one = 14 * MM
    right = page_edges.get(ln.text.replace(" ", ""), (ln.x0, ln.x1))[1] if page_edges else ln.x1
    if n % 2 and abs(right - (RIGHT - one)) > 0.5:
        out.append(f"page {n}: odd page number ends at {right:.1f} mm")
    if not n % 2 and abs(ln.x0 - (LEFT + one)) > 0.5:
        out.append(f"page {n}: even page number starts at {ln.x0:.1f} mm")
    return out


def _masthead_problems(pdf, pages) -> list[str]:
    marks = [ln for ln in pages[0] if ln.size > 30]
    if not marks:
        return []
    out = []
    if abs(marks[0].top - 72) > 0.5:
        out.append(f"mark top at {marks[0].top:.1f} mm")
    red = [r for r in horizontal_rules(pdf.pages[0]) if is_red(r["color"])]
    if len(red) != 1 or abs(red[0]["x1"] - red[0]["x0"] - 156) > 0.3:
        out.append(f"red rule: {red}")
    return out


def _colophon_problems(pdf, pages) -> list[str]:
    last = pdf.pages[-1]
    rules = [r for r in horizontal_rules(last) if r["x1"] - r["x0"] > 150 and r["thickness"] > 0.2
             and not is_red(r["color"])]
    if not any(ln.text.endswith("印发") for ln in pages[-1]):
        return []
    out = []
    if len(pdf.pages) % 2:
        out.append("版记 on an odd page")
    if not rules or abs(rules[-1]["y"] + rules[-1]["thickness"] / 2 - BOTTOM) > 0.3:
        out.append(f"版记 last rule: {rules[-1] if rules else None}")
    return out


def _font_problems(path) -> list[str]:
    if not shutil.which("pdffonts"):
        return []
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    return [f"font not embedded as a subset: {row}" for row in out.strip().splitlines()[2:]
            if "+" not in row.split()[0] or " yes yes " not in row]
