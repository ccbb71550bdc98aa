"""Title line breaking (GB/T 9704 7.3.1): keep words whole, lines sensible, the shape a trapezoid or diamond.

Shared by the .docx writer and the PDF layout engine, so both break a title the same way.
"""

from __future__ import annotations

import math

from .cjk import LINE_END_FORBIDDEN, LINE_START_FORBIDDEN, text_cells

_width = text_cells


def _allowed(text: str, i: int) -> bool:
    """May a line break fall between text[i-1] and text[i]?"""
    before, after = text[i - 1], text[i]
    if before in LINE_END_FORBIDDEN or after in LINE_START_FORBIDDEN:
        return False
    if before.isascii() and before.isalnum() and after.isascii() and after.isalnum():
        return False
    # Keep a 书名号 title whole when it is short enough to fit on one line.
    depth = text[:i].count("《") - text[:i].count("》")
    return depth <= 0


def _preference(text: str, i: int) -> float:
    """Lower is better: break after 关于/的/《…》 boundaries and before 的通知 style endings."""
    before, after = text[i - 1], text[i]
    score = 0.0
    if before == "》" or after == "《":
        score -= 1.5
    if text[:i].endswith("关于"):
        score -= 1.0
    if before == "的" or text[i:].startswith(("的通知", "的意见", "的决定", "的报告", "的请示", "的批复")):
        score -= 0.8
    if before in "和与及、":
        score += 1.0
    return score


def break_title(title: str, max_chars: float) -> list[str]:
    """Split `title` into lines of at most `max_chars` character widths.

    Explicit "\\n" breaks are kept as they are. Otherwise the fewest lines are used, with a break
    chosen so that earlier lines are not shorter than later ones (a trapezoid) where possible.
    """
    if "\n" in title:
        return [line.strip() for line in title.split("\n") if line.strip()]
    if _width(title) <= max_chars:
        return [title]
    count = math.ceil(_width(title) / max_chars)
    lines: list[str] = []
    rest = title
    while count > 1 and _width(rest) > max_chars:
        target = _width(rest) / count
        best, best_cost = None, math.inf
        for i in range(1, len(rest)):
            head = rest[:i]
            w = _width(head)
            if w > max_chars or _width(rest[i:]) > max_chars * (count - 1):
                continue
            if not _allowed(rest, i):
                continue
            # Prefer the first line a little longer than the rest (trapezoid), then good break points.
            cost = abs(w - (target + 0.5)) + _preference(rest, i)
            if w < _width(rest[i:]) / (count - 1) - 1:
                cost += 2.0  # an hourglass-like shape: first line clearly shorter
            if cost < best_cost:
                best, best_cost = i, cost
        if best is None:  # nothing allowed: fall back to a hard break at the width limit
            best = max(1, int(max_chars))
        lines.append(rest[:best])
        rest = rest[best:]
        count -= 1
    lines.append(rest)
    return lines
