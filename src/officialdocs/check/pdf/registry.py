"""The PDF rules' registry and the small formatting helpers their results share.

A PDF rule is `rule(m: Measure, out: Out) -> None`: it reads the classified PDF and writes its results.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from ..pdfread import TextLine
from ..registry import Registry
from ..rules import Out
from .measure import Measure

PdfRule = Callable[[Measure, Out], None]
RULES: Registry[PdfRule] = Registry("pdf")


def mm(value: float) -> str:
    return f"{value:.1f} mm"


def pages(indices: Iterable[int]) -> str:
    shown = [str(i + 1) for i in indices]
    if not shown:
        return ""
    return "第" + "、".join(shown[:8]) + ("…" if len(shown) > 8 else "") + "页"


def spaced(line: TextLine) -> str:
    """A line's text with a space wherever a gap of at least ¼ em separates two glyphs (pdfminer drops spaces)."""
    out = ""
    for a, b in zip(line.glyphs, [*line.glyphs[1:], None], strict=True):
        out += a.text
        if b is not None and b.x0 - a.x1 > 0.2 * a.size * 25.4 / 72:
            out += " "
    return out


def centre_x(line: TextLine) -> float:
    return (line.x0 + line.x1) / 2
