"""Title line breaking (GB/T 9704 7.3.1): keep words whole, lines sensible, the shape a trapezoid or diamond.

A title breaks only between words (officialdocs.words: jieba's dictionary plus 公文 terms such as 安全生产,
营商环境), never inside a date or a number with its unit, never against the line-start and line-end rules.
Among those points it prefers the ones after 关于, around 《》 and before 的通知, and a first line a little
longer than the next. Only a title with no such point at all breaks inside a word.

Shared by the .docx writer and the PDF layout engine, so both break a title the same way.
"""

from __future__ import annotations

import math
from functools import cache

from .cjk import LINE_END_FORBIDDEN, LINE_START_FORBIDDEN, keep_together, text_cells
from .words import inside_words

_width = text_cells

# Break levels: between words; between words inside a 《…》 or “…” that would fit on one line; inside a word;
# never (line-start and line-end rules, inside a date, a number with its unit or a Latin word).
_BETWEEN, _IN_QUOTE, _IN_WORD, _NEVER = 0, 1, 2, 3
_ENDINGS = ("的通知", "的意见", "的决定", "的报告", "的请示", "的批复", "的函", "的实施意见", "的实施方案")


def _short_quotes(text: str, max_chars: float) -> set[int]:
    """Break points inside a 《…》 or “…” that fits on one line: such a name stays whole when it can."""
    inside: set[int] = set()
    for opening, closing in (("《", "》"), ("“", "”")):
        start = text.find(opening)
        while start >= 0:
            end = text.find(closing, start)
            if end < 0:
                break
            if _width(text[start:end + 1]) <= max_chars:
                inside.update(range(start + 1, end + 1))
            start = text.find(opening, end)
    return inside


def _levels(text: str, max_chars: float) -> list[int]:
    """levels[i]: may a line break fall between text[i-1] and text[i] (index 0 unused)?"""
    kept = keep_together(text)
    inside = inside_words(text)
    quoted = _short_quotes(text, max_chars)
    levels = [_NEVER] * (len(text) + 1)
    for i in range(1, len(text)):
        before, after = text[i - 1], text[i]
        if before in LINE_END_FORBIDDEN or after in LINE_START_FORBIDDEN or i in kept:
            continue
        if before.isascii() and before.isalnum() and after.isascii() and after.isalnum():
            continue
        levels[i] = _IN_WORD if i in inside else _IN_QUOTE if i in quoted else _BETWEEN
    return levels


def _preference(text: str, i: int) -> float:
    """Lower is better: break after 关于/的/《…》 boundaries and before 的通知 style endings; not inside 《》."""
    before, after = text[i - 1], text[i]
    score = 0.0
    if before == "》" or after == "《":
        score -= 1.5
    if text[:i].endswith("关于"):
        score -= 1.0
    if before == "的" or text[i:].startswith(_ENDINGS):
        score -= 0.8
    if before in "和与及、":
        score += 1.0
    if text[:i].count("《") > text[:i].count("》"):
        score += 1.5  # inside a long 书名号 title: rather at its edges
    return score


def _split(text: str, max_chars: float, lines: int, max_level: int) -> list[str] | None:
    """`lines` lines, each break at a level <= max_level, at the lowest total cost; None if impossible.

    A line's cost: its distance from an even share of what is left (plus half a character: the first line a
    little longer, a trapezoid), a penalty for a line clearly shorter than the lines after it (an hourglass),
    and the preference of its break point."""
    levels = _levels(text, max_chars)
    widths = [0.0]
    for ch in text:
        widths.append(widths[-1] + _width(ch))

    @cache
    def best(start: int, lines: int) -> tuple[float, tuple[int, ...]] | None:
        rest = widths[-1] - widths[start]
        if lines == 1:
            return (0.0, ()) if rest <= max_chars + 1e-9 else None
        target = rest / lines
        found: tuple[float, tuple[int, ...]] | None = None
        for i in range(start + 1, len(text)):
            w = widths[i] - widths[start]
            if w > max_chars + 1e-9:
                break
            if levels[i] > max_level or rest - w > max_chars * (lines - 1) + 1e-9:
                continue
            after = best(i, lines - 1)
            if after is None:
                continue
            cost = abs(w - (target + 0.5)) + _preference(text, i) + after[0]
            if w < (rest - w) / (lines - 1) - 1:
                cost += 2.0
            if found is None or cost < found[0]:
                found = (cost, (i, *after[1]))
        return found

    result = best(0, lines)
    if result is None:
        return None
    cuts = (0, *result[1], len(text))
    # A break at the space between two Latin words drops it: a line ending in "Python " is centred half a
    # space off (7.3.1 centres each line).
    return [text[a:b].strip(" ") for a, b in zip(cuts, cuts[1:], strict=False)]


def break_title(title: str, max_chars: float) -> list[str]:
    """Split `title` into lines of at most `max_chars` character widths.

    Explicit "\\n" breaks are kept as they are. Otherwise the fewest lines are used, breaking between words
    where possible, with a break chosen so that earlier lines are not shorter than later ones (a trapezoid).
    """
    if "\n" in title:
        return [line.strip() for line in title.split("\n") if line.strip()]
    if _width(title) <= max_chars:
        return [title]
    fewest = math.ceil(_width(title) / max_chars)
    # A 《…》 breaks between its words before the title takes another line; a word breaks only when even
    # one more line cannot avoid it.
    for lines, level in ((fewest, _BETWEEN), (fewest, _IN_QUOTE), (fewest + 1, _BETWEEN), (fewest + 1, _IN_QUOTE),
                         (fewest, _IN_WORD)):
        found = _split(title, max_chars, lines, level)
        if found is not None:
            return found
    # Nothing allowed (a title of Latin letters or digits only): hard breaks at the width limit.
    step = max(1, int(max_chars))
    return [title[i:i + step] for i in range(0, len(title), step)]
