"""reportlab TrueType fonts, registered once per process and parsed once per machine.

reportlab parses a CJK font's tables in pure Python (about 45 ms for a GB 2312 font), so a cold start
with five faces would spend a quarter of a second there. The parsed face is kept in the user cache
(without the font's bytes, which are read again from the file) keyed by file, size, mtime and the
reportlab version; anything unexpected falls back to reportlab's own loader.
"""

from __future__ import annotations

import hashlib
import pickle
from pathlib import Path
from weakref import WeakKeyDictionary

import reportlab
from reportlab import rl_config
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTEncoding, TTFont, TTFontFace

_REGISTERED: dict[str, tuple[Path, int]] = {}
_UNPICKLABLE = ("_pdfScale", "_ttf_data")


def register(key: str, path: Path, index: int = 0) -> str:
    """Register face `key` (a fonts.Face key) with reportlab once; return the reportlab font name."""
    name = f"od-{key}"
    if _REGISTERED.get(name) != (path, index):
        pdfmetrics.registerFont(_load(name, path, index))
        _REGISTERED[name] = (path, index)
    return name


def _cache_file(path: Path, index: int) -> Path:
    from ..fonts import cache_dir

    stat = path.stat()
    text = f"{path.resolve()}\0{stat.st_size}\0{stat.st_mtime_ns}\0{index}\0{reportlab.Version}"
    return cache_dir() / "reportlab" / f"{hashlib.sha1(text.encode()).hexdigest()}.pickle"


def _load(name: str, path: Path, index: int) -> TTFont:
    try:
        target = _cache_file(path, index)
    except OSError:
        return TTFont(name, str(path), subfontIndex=index, shapable=False)
    try:
        with open(target, "rb") as handle:
            state = pickle.load(handle)
        return _font_from_state(name, path, state)
    except Exception:  # noqa: BLE001 - no cache, or one from another layout of reportlab's objects
        font = TTFont(name, str(path), subfontIndex=index, shapable=False)  # we position every glyph
        _save(target, font.face)
        return font


def _font_from_state(name: str, path: Path, state: dict) -> TTFont:
    face = TTFontFace.__new__(TTFontFace)
    face.__dict__.update(state)
    face._ttf_data = path.read_bytes()
    scale = 1000 / face.unitsPerEm
    face._pdfScale = (lambda x: x) if face.unitsPerEm == 1000 else (lambda x: x * scale)
    font = TTFont.__new__(TTFont)
    # What TTFont.__init__ sets besides the face (reportlab 4.x).
    font.fontName = name
    font.face = face
    font.encoding = TTEncoding()
    font.state = WeakKeyDictionary()
    font._asciiReadable = rl_config.ttfAsciiReadable
    font.shapable = False
    return font


def _save(target: Path, face: TTFontFace) -> None:
    from ..fonts.convert import save_pickle

    save_pickle(target, {k: v for k, v in face.__dict__.items() if k not in _UNPICKLABLE})
