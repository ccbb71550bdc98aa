"""Rendering many documents: worker processes that load fonts once each, a progress callback, a manifest.

Workers only turn 公文 Markdown into bytes; the parent writes every file atomically, so a failure in one
document never leaves a half-written file, and the others still finish.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from .errors import OfficialDocsError, Problem
from .output import atomic_write


@dataclass(frozen=True)
class Work:
    """One document: its 公文 Markdown (already composed) and where its files go."""

    kind: str
    stem: str  # output path without suffix, relative to the output folder
    title: str
    source: str  # for messages and the manifest
    markdown: str
    base_dir: Path


@dataclass
class Made:
    work: Work
    files: list[tuple[str, bytes]] = field(default_factory=list)  # (format, data)
    pages: int | None = None
    warnings: list[Problem] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # non-empty: this document failed


@dataclass
class BatchResult:
    written: list[tuple[Work, str, Path, int | None, str]]  # work, format, path, pages (None: not laid out), sha256
    failed: list[Made]
    warnings: list[Problem]


_STATE: dict = {}


def _init(profile: str, fonts: dict[str, Path] | None) -> None:
    """Worker start: load the profile and the fonts once for all the documents this process renders."""
    from .fonts import font_book
    from .style import load_profile

    style = load_profile(profile)
    _STATE.update(profile=style, fonts=fonts)
    font_book(style, fonts).primary("body")


def _render(work: Work, formats: Sequence[str], strict: bool) -> Made:
    from .markup import parse_markup
    from .pipeline import render_formats

    made = Made(work)
    profile, fonts = _STATE["profile"], _STATE["fonts"]
    try:
        doc = parse_markup(work.markdown, source=work.source, base_dir=work.base_dir)
        rendered = render_formats(doc, profile, formats, fonts=fonts, strict=strict)
        made.files = list(rendered.files.items())
        made.pages = rendered.pages
        made.warnings += rendered.warnings
    except OfficialDocsError as exc:
        made.files, made.problems = [], exc.problems
    return made


def render_all(
    works: Sequence[Work],
    out_dir: Path,
    formats: Sequence[str],
    profile: str,
    fonts: dict[str, Path] | None = None,
    strict: bool = False,
    jobs: int = 1,
    progress: Callable[[Work, bool], None] | None = None,
) -> BatchResult:
    """Render `works` with `jobs` processes; write each document's files as soon as it is done."""
    result = BatchResult([], [], [])

    def done(made: Made) -> None:
        if made.problems:
            result.failed.append(made)
        else:
            for fmt, data in made.files:
                path = Path(out_dir) / f"{made.work.stem}.{fmt}"
                atomic_write(path, data)
                result.written.append((made.work, fmt, path, made.pages, hashlib.sha256(data).hexdigest()))
            result.warnings += made.warnings
        if progress:
            progress(made.work, not made.problems)

    if jobs <= 1 or len(works) <= 1:
        _init(profile, fonts)
        for work in works:
            done(_render(work, formats, strict))
    else:
        with ProcessPoolExecutor(max_workers=jobs, initializer=_init, initargs=(profile, fonts)) as pool:
            futures = [pool.submit(_render, work, tuple(formats), strict) for work in works]
            for future in futures:  # in submission order: the manifest's order never depends on timing
                done(future.result())
    order = {w.stem: i for i, w in enumerate(works)}
    result.written.sort(key=lambda row: (order[row[0].stem], formats.index(row[1])))
    return result


def write_manifest(path: Path, source: str, result: BatchResult, extra: dict | None = None) -> None:
    """manifest.json: every output with its source, page count and sha256; no timestamps (reproducible)."""
    from . import __version__

    outputs = [{
        "kind": work.kind, "title": work.title, "path": file.relative_to(path.parent).as_posix(), "format": fmt,
        "source": work.source, "pages": pages, "sha256": digest,
    } for work, fmt, file, pages, digest in result.written]
    failed = [{"kind": m.work.kind, "title": m.work.title, "source": m.work.source,
               "problems": [str(p) for p in m.problems]} for m in result.failed]
    data = {"generator": f"officialdocs {__version__}", "source": source, "outputs": outputs, "failed": failed,
            **(extra or {})}
    atomic_write(path, (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
