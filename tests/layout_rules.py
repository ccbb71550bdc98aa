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
    problems += typesetting_problems(path)
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
    """Every full line ends on the block's right edge and neither starts nor ends with a forbidden mark
    (its character count is typesetting_problems' job)."""
    out = []
    flat = [(ln, i) for i, page in enumerate(pages) if not turned[i] for ln in _body(page)]
    for ln, i in flat:
        right = edges[i].get(ln.text.replace(" ", ""), (0, ln.x1))[1] if edges else ln.x1
        if right < RIGHT - 3 or re.search(r"[0-9A-Za-z]", ln.text) or ln.x0 > LEFT + 3 * CELL:
            continue  # a last line, proportional digits, or a right-aligned line (署名)
        if abs(right - RIGHT) > 0.5:
            out.append(f"page {i + 1}: {ln.text[:20]!r} ends at {right:.2f} mm")
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


# ---------------------------------------------------------------------------------------- typesetting

CELL_PT = CELL / MM  # one body character of the 28-per-line grid, in pt


def _pdfium_chars(path) -> list[tuple[float, float, list[dict]]]:
    """Per page (width, height, chars): every character's text, origin x / baseline y (pt from the top),
    size and natural advance (pt), read with pdfium. pdfminer is not used here: it leaves out the
    character spacing (Tc) after the last glyph of each string, misplacing characters by the stretch."""
    import ctypes

    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    pages = []
    doc = pdfium.PdfDocument(str(path))
    try:
        for page in doc:
            width, height = page.get_size()
            textpage = page.get_textpage()
            x, y, box = ctypes.c_double(), ctypes.c_double(), raw.FS_RECTF()
            chars = []
            for i in range(textpage.count_chars()):
                ch = chr(raw.FPDFText_GetUnicode(textpage.raw, i))
                if ch in "\r\n":
                    continue
                if raw.FPDFText_IsGenerated(textpage.raw, i):  # pdfium lists a word space as generated
                    if ch == " " and chars:
                        chars[-1]["space_after"] = True
                    continue
                raw.FPDFText_GetCharOrigin(textpage.raw, i, x, y)
                raw.FPDFText_GetLooseCharBox(textpage.raw, i, box)
                chars.append({"text": ch, "x0": x.value, "baseline": height - y.value,
                              "size": round(raw.FPDFText_GetFontSize(textpage.raw, i), 1),
                              "adv": box.right - box.left,
                              "upright": abs(raw.FPDFText_GetCharAngle(textpage.raw, i)) < 0.01})
            pages.append((width, height, chars))
            textpage.close()
            page.close()
    finally:
        doc.close()
    return pages


def _text_rows(chars: list[dict], size: float = 16.0) -> list[list[dict]]:
    """Characters of one size grouped into lines by baseline, spaces kept, left to right."""
    rows: dict[float, list[dict]] = {}
    for c in chars:
        if c["size"] == size and c["upright"]:
            rows.setdefault(round(c["baseline"] * 2) / 2, []).append(c)
    return [sorted(cs, key=lambda c: c["x0"]) for _, cs in sorted(rows.items())]


def _grid_advance(c: dict) -> float:
    """Where the next character should start on the grid: a full-width character takes one cell; a
    narrower one its share (two half-width digits per cell)."""
    return CELL_PT * min(c["adv"] / c["size"], 1.0)


def _cells(text_chars: list[dict]) -> float:
    return sum(min(c["adv"] / c["size"], 1.0) for c in text_chars)


def _free_break(text: str, p: int) -> int:
    """Break level between text[p-1] and text[p]: 0 free, 1 soft, 2 kept (the engine's classes), 3 never."""
    from officialdocs.cjk import keep_together

    a, b = text[p - 1], text[p]
    if a in NO_END or b in NO_START or (a.isascii() and a.isalnum() and b.isascii() and b.isalnum()):
        return 3
    if a == b and a in "—…":
        return 3
    return keep_together(text).get(p, 0)


def typesetting_problems(path, cells: int = 28, max_stretch: float = 0.25) -> list[str]:
    """Body lines (3号) of any PDF that break the 全角式 grid, one message each, prefixed by its kind:

    - `stretched`: a gap between two characters wider than the grid by more than `max_stretch` of a
      character (clreq's limit; a line that cannot break at all may need it: the caller decides);
    - `squeezed`: a character closer to the next than the grid by more than a quarter character, inside a
      line (a mark squeezed mid-line: 主线,以 — readers take it for a half-width comma);
    - `count`: a full line (one ending at the block's right edge, not right-aligned) whose characters do
      not fill exactly `cells` cells, unless the characters that would have filled it could not end it
      (kinsoku: the character before a closing mark is pushed down, and so on).
    """
    out: list[str] = []
    rows = []
    for n, (width, height, chars) in enumerate(_pdfium_chars(path), 1):
        if width > height or sum(not c["upright"] for c in chars) > len(chars) / 2:
            continue  # a landscape table page
        rows += [(n, r) for r in _text_rows(chars) if not _is_number_row(r)]
    for idx, (n, row) in enumerate(rows):
        text = "".join(c["text"] for c in row)
        size = row[0]["size"]
        where = f"page {n}: {text[:24]!r}"
        worst_gap, worst_squeeze = 0.0, 0.0
        for a, b in zip(row, row[1:], strict=False):
            excess = (b["x0"] - a["x0"]) - _grid_advance(a)
            if a.get("space_after") or " " in (a["text"], b["text"]):
                excess = max(0.0, excess - size * 0.75)  # a word space opens up to half a character
            worst_gap = max(worst_gap, excess)
            worst_squeeze = min(worst_squeeze, excess)
        if worst_gap > max_stretch * size + 0.01:
            out.append(f"stretched {where}: a gap {worst_gap / size:.2f} char beyond the grid")
        if worst_squeeze < -0.25 * size:
            out.append(f"squeezed {where}: characters {-worst_squeeze / size:.2f} char closer than the grid")
        left = row[0]["x0"] * MM
        end = row[-1]["x0"] + _grid_advance(row[-1])
        hung = row[-1]["text"] in NO_START and abs(end * MM - CELL / 2 - RIGHT) <= 0.5  # a squeezed line-end mark
        if (abs(end * MM - RIGHT) > 0.5 and not hung) or left > LEFT + 3 * CELL or any(c.get("space_after") for c in row):
            continue  # a paragraph's last line, a right-aligned or centred one, or one with word spaces
        indent = round((left - LEFT) / CELL * 2) / 2
        used = indent + _cells(row)
        if used > cells + 0.01:
            out.append(f"count {where}: {used:g} cells on a line of {cells}")
        elif used < cells - 0.51:
            nxt = rows[idx + 1][1] if idx + 1 < len(rows) else []
            joined = text + "".join(c["text"] for c in nxt)
            fill, p = used, len(text)
            for c in nxt:
                fill += min(c["adv"] / c["size"], 1.0)
                p += 1
                if fill > cells + 0.01 or p >= len(joined):
                    break
                level = _free_break(joined, p)
                if level == 0 or (level == 1 and (cells - used) / max(len(row) - 1, 1) > 0.125):
                    out.append(f"count {where}: {used:g} cells although {joined[len(text):p]!r} fit")
                    break
    return out


def _is_number_row(row) -> bool:
    return bool(PAGE_NUMBER.match("".join(c["text"] for c in row).replace(" ", "")))
