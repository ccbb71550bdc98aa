"""The fix engine of `lint --fix`: safe fixes change characters, never structure.

Fixes are applied from the end of the file backwards, never two over the same characters; YAML (and a
Markdown file's front matter) is parsed again afterwards and, when the whole set would break it, the fixes
are tried one by one and only those after which the file still parses are kept.
"""

from __future__ import annotations

from ...errors import OfficialDocsError
from ...markup.frontmatter import split_front_matter
from ...yamlio import parse_yaml_text
from ..rules import Finding


def apply_fixes(text: str, findings: list[Finding], kind: str, file: str) -> tuple[str, int]:
    """`text` with the non-overlapping fixes of `findings` applied, and how many were applied."""
    fixes = sorted({(f.fix.start, f.fix.end, f.fix.text) for f in findings if f.fix is not None}, reverse=True)
    chosen: list[tuple[int, int, str]] = []
    limit = len(text) + 1
    for start, end, repl in fixes:
        if end <= limit:
            chosen.append((start, end, repl))
            limit = start

    def apply(items: list[tuple[int, int, str]]) -> str:
        out = text
        for start, end, repl in items:  # descending: earlier offsets stay valid
            out = out[:start] + repl + out[end:]
        return out

    candidate = apply(chosen)
    if parses(candidate, kind, file):
        return candidate, len(chosen)
    kept: list[tuple[int, int, str]] = []
    for item in chosen:
        if parses(apply(sorted([*kept, item], reverse=True)), kind, file):
            kept.append(item)
    kept.sort(reverse=True)
    return apply(kept), len(kept)


def parses(text: str, kind: str, file: str) -> bool:
    try:
        if kind == "yaml":
            parse_yaml_text(text, file)
        else:
            parts = split_front_matter(text, file)
            if parts.yaml is not None:
                parse_yaml_text(parts.yaml, file)
    except OfficialDocsError:
        return False
    return True
