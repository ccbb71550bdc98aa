"""Fonts for the PDF engine: find each role's faces on this machine, load their metrics, fall back to ours.

Each font role of the style profile lists candidates (official names first, then open fonts, then
`bundled:NAME`, a TrueType subset of Fandol in fonts/). `font_book(profile)` resolves them once per process;
`Face` gives metrics in em and a TrueType path the PDF writer embeds (CFF fonts are converted and cached).
Layout and writers share this module.

    book = font_book(load_profile("gbt9704"))
    face = book.chain("body").face_for("中")      # Face | None
    face.advance("中"), face.path, face.key       # 1.0, TrueType file, unique name
"""

from __future__ import annotations

from .book import BUNDLED_PREFIX, FontBook, FontChain, bundled_path, font_book, report, resolve_candidate
from .cache import cache_dir
from .convert import cff_to_glyf, converted_path
from .discover import (
    NO_SYSTEM_FONTS_ENV,
    faces_with_char,
    find_faces,
    find_font,
    font_dirs,
    system_fonts_disabled,
    system_index,
)
from .face import Face, FaceInfo, gb2312_chars, gb2312_hanzi, load_face


def clear_caches() -> None:
    """Forget loaded faces, the system font index and font books (tests; fonts installed while running)."""
    from . import book, convert, face

    face.clear()
    convert._made.clear()
    system_index.cache_clear()
    faces_with_char.cache_clear()
    book._cached_book.cache_clear()


__all__ = [
    "BUNDLED_PREFIX", "NO_SYSTEM_FONTS_ENV", "Face", "FaceInfo", "FontBook", "FontChain", "bundled_path",
    "cache_dir", "cff_to_glyf", "clear_caches", "converted_path", "faces_with_char", "find_faces", "find_font",
    "font_book",
    "font_dirs", "gb2312_chars", "gb2312_hanzi", "load_face", "report", "resolve_candidate",
    "system_fonts_disabled", "system_index",
]
