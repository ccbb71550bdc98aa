"""manifest.json: what a render made in its output folder — and so what the next render there owns.

A render replaces the files of the document kinds it renders: a file the previous manifest lists under one
of those kinds and this run no longer produces is removed with the commit (unless it was edited since: then
it is left, and said so). Files of kinds not rendered this time (`--only`) stay and stay listed. Anything
the manifest never listed is the user's: left alone, and counted once.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from .output import is_temp_name
from .transaction import is_staging_name

MANIFEST = "manifest.json"
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


@dataclass
class Ownership:
    """The previous manifest read against this run's outputs."""

    keep: list[dict] = field(default_factory=list)  # entries of kinds not rendered now, unchanged since
    remove: list[str] = field(default_factory=list)  # ours, no longer produced: removed with the commit
    edited: list[str] = field(default_factory=list)  # ours, no longer produced, but changed since: left alone
    unreadable: bool = False  # a manifest.json that is not ours or is damaged: nothing removed


def previous_outputs(out_dir: Path) -> tuple[list[dict], bool]:
    """The `outputs` of the manifest in `out_dir` (only well-formed entries naming a path inside the
    folder); the flag is False when a manifest.json exists but cannot be read as ours."""
    path = Path(out_dir) / MANIFEST
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return [], True
    except (OSError, ValueError):
        return [], False
    outputs = data.get("outputs") if isinstance(data, dict) else None
    if not isinstance(outputs, list) or not str(data.get("generator", "")).startswith("officialdocs"):
        return [], False
    return [e for e in outputs if _well_formed(e)], True


def _well_formed(entry: object) -> bool:
    if not isinstance(entry, dict):
        return False
    rel, digest = entry.get("path"), entry.get("sha256")
    if not isinstance(rel, str) or not isinstance(digest, str) or not _SHA256.match(digest):
        return False
    parts = PurePosixPath(rel).parts
    return bool(parts) and not PurePosixPath(rel).is_absolute() and ".." not in parts and rel != MANIFEST \
        and not any(is_staging_name(p) for p in parts) and "\\" not in rel


def settle(out_dir: Path, produced: set[str], kinds: set[str]) -> Ownership:
    """What becomes of the previous run's files, given the paths this run produces and its kinds."""
    entries, readable = previous_outputs(out_dir)
    owned = Ownership(unreadable=not readable)
    for entry in entries:
        rel = entry["path"]
        if rel in produced:
            continue  # replaced by this run's file
        if not _unchanged(Path(out_dir) / rel, entry["sha256"]):
            if entry.get("kind") in kinds and (Path(out_dir) / rel).exists():
                owned.edited.append(rel)
            continue  # gone, or no longer ours
        if entry.get("kind") in kinds:
            owned.remove.append(rel)
        else:
            owned.keep.append(entry)
    return owned


def _unchanged(path: Path, digest: str) -> bool:
    """Still the file we wrote: a regular file (not a link) with the recorded sha256."""
    try:
        if not stat.S_ISREG(os.lstat(path).st_mode):
            return False
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        with os.fdopen(fd, "rb") as handle:
            sha = hashlib.sha256()
            while chunk := handle.read(1 << 20):
                sha.update(chunk)
        return sha.hexdigest() == digest
    except OSError:
        return False


def manifest_bytes(source: str, outputs: list[dict], failed: list[dict], extra: dict | None = None) -> bytes:
    """manifest.json: every output with its kind, source, page count and sha256; no timestamps (a render of
    the same input gives the same bytes)."""
    from . import __version__

    data = {"generator": f"officialdocs {__version__}", "source": source, "outputs": outputs, "failed": failed,
            **(extra or {})}
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def foreign(out_dir: Path, owned: set[str]) -> list[str]:
    """Entries of the output folder (and of the folders holding our files) that are not ours: the user's
    files, left alone. A folder with none of our files counts as one entry."""
    out_dir = Path(out_dir)
    ours_dirs = {PurePosixPath(rel).parent.as_posix() for rel in owned} | {"."}
    found: list[str] = []
    for folder in sorted(ours_dirs):
        try:
            names = sorted(os.listdir(out_dir / folder))
        except OSError:
            continue
        for name in names:
            rel = name if folder == "." else f"{folder}/{name}"
            if rel in owned or rel in ours_dirs or (folder == "." and (name == MANIFEST or is_staging_name(name))):
                continue
            if is_temp_name(name):
                continue  # a temporary file of ours (swept when its run is gone)
            if any(d.startswith(rel + "/") for d in ours_dirs):
                continue  # a folder on the way to ours (单位方案/ inside a folder of ours)
            found.append(rel)
    return found
