"""Measuring rendered PDFs the way GB/T 9704 states its rules: millimetres from the page's top-left corner."""

from __future__ import annotations

from dataclasses import dataclass

import pdfplumber

MM = 25.4 / 72


@dataclass
class Line:
    """One line of glyphs on a page (chars sharing a baseline and size)."""

    chars: list[dict]

    @property
    def text(self) -> str:
        return "".join(c["text"] for c in self.chars)

    @property
    def x0(self) -> float:
        return min(c["x0"] for c in self.chars) * MM

    @property
    def x1(self) -> float:
        return max(c["x1"] for c in self.chars) * MM

    @property
    def top(self) -> float:
        return min(c["top"] for c in self.chars) * MM

    @property
    def bottom(self) -> float:
        return max(c["bottom"] for c in self.chars) * MM

    @property
    def size(self) -> float:
        return round(max(c["size"] for c in self.chars), 1)

    @property
    def fonts(self) -> set[str]:
        return {c["fontname"].split("+")[-1] for c in self.chars}


def lines(page) -> list[Line]:
    """Group a page's characters into lines by baseline (rounded to 0.5 pt), top to bottom, left to right."""
    rows: dict[tuple[float, float], list[dict]] = {}
    for c in page.chars:
        if not c["text"].strip():
            continue
        key = (round(c["bottom"] * 2) / 2, round(c["size"], 1))
        rows.setdefault(key, []).append(c)
    out = [Line(sorted(cs, key=lambda c: c["x0"])) for _, cs in sorted(rows.items())]
    return out


def open_pdf(path):
    return pdfplumber.open(str(path))


def horizontal_rules(page, min_length_mm: float = 100) -> list[dict]:
    """Horizontal lines and thin rectangles at least `min_length_mm` long, as dicts in mm."""
    found = []
    # LibreOffice draws a filled shape (the 信函 double rules) as a closed path: pdfplumber calls it a curve.
    flat = [c for c in page.curves if c.get("fill") and (c["bottom"] - c["top"]) * MM < 2]
    for obj in list(page.lines) + list(page.rects) + flat:
        width = (obj["x1"] - obj["x0"]) * MM
        height = (obj["bottom"] - obj["top"]) * MM
        if width >= min_length_mm and height < 2:
            thickness = obj.get("linewidth", 0) * MM if height < 0.01 else height
            found.append({
                "x0": obj["x0"] * MM, "x1": obj["x1"] * MM, "y": (obj["top"] + obj["bottom"]) / 2 * MM,
                "thickness": thickness, "color": obj.get("stroking_color") or obj.get("non_stroking_color"),
            })
    # LibreOffice may draw the same border twice; keep one of each.
    unique: dict[tuple[int, int, int], dict] = {}
    for rule in found:
        unique.setdefault((round(rule["x0"]), round(rule["x1"]), round(rule["y"] * 10)), rule)
    return sorted(unique.values(), key=lambda r: r["y"])


def is_red(color) -> bool:
    if not color:
        return False
    if len(color) == 3:
        r, g, b = color
        return r > 0.8 and g < 0.4 and b < 0.4
    if len(color) == 4:
        c, m, y, k = color
        return m > 0.6 and y > 0.6 and c < 0.2 and k < 0.2
    return False


def poppler_edges(path, page_number: int) -> dict[str, tuple[float, float]]:
    """Line text -> (left, right) in mm from `pdftotext -bbox`, which applies character spacing (Tc)
    exactly where pdfminer misplaces the glyphs after it."""
    import html
    import re
    import subprocess

    out = subprocess.run(["pdftotext", "-f", str(page_number), "-l", str(page_number), "-bbox", str(path), "-"],
                         capture_output=True, text=True, check=True).stdout
    rows: dict[int, list[tuple[float, float, str]]] = {}
    for x0, x1, y1, word in re.findall(
            r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', out):
        rows.setdefault(round(float(y1) * 2), []).append((float(x0), float(x1), html.unescape(word)))
    edges = {}
    for words in rows.values():
        words.sort()
        text = "".join(w for _, _, w in words)
        edges[text] = (words[0][0] * MM, max(x1 for _, x1, _ in words) * MM)
    return edges
