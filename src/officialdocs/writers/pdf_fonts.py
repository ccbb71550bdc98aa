"""reportlab TrueType fonts, registered once per process.

(The parsed faces used to be pickled into the user cache; a pickle runs code when loaded, so that cache is
gone: reportlab parses each face once per process.)
"""

from __future__ import annotations

from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

_REGISTERED: dict[str, tuple[Path, int]] = {}


def register(key: str, path: Path, index: int = 0) -> str:
    """Register face `key` (a fonts.Face key) with reportlab once; return the reportlab font name."""
    name = f"od-{key}"
    if _REGISTERED.get(name) != (path, index):
        pdfmetrics.registerFont(TTFont(name, str(path), subfontIndex=index, shapable=False))  # we position glyphs
        _REGISTERED[name] = (path, index)
    return name
