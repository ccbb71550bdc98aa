"""公文 Markdown (YAML front matter + a Markdown body) -> `document.Document`. See docs/markup.md."""

from __future__ import annotations

from .parser import load_markup, parse_markup

__all__ = ["load_markup", "parse_markup"]
