"""On-disk caches for font data, in a format that cannot execute and heals itself.

An entry is one file: a magic line, a JSON header (what it is, the key it was made for, the arrays that
follow), the arrays as raw little-endian numbers, and a SHA-256 of all of that. Reading one runs no code
from the file (no pickle): `json.loads` and `array.frombytes` only. An entry that is missing, truncated,
corrupt, made for another key or another version is dropped and rebuilt; the first such repair in a process
logs one warning. A cache folder that cannot be written leaves the values in memory only: slower next time,
never an error.

Keys name the font by its content (SHA-256 of the file, itself remembered per path, size, mtime and inode
so a cold start only stats the file) and include the versions of the code that made the entry.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import re
import sys
import tempfile
from array import array
from functools import cache
from pathlib import Path
from typing import Any

MAGIC = b"officialdocs-cache 1\n"
_DIGEST = 32
_SUFFIX = ".odc"
# Header fields every entry has; `arrays` lists (name, typecode, count) in file order.
_TYPECODES = {"b", "B", "h", "H", "i", "I", "l", "L", "q", "Q", "f", "d"}

log = logging.getLogger("officialdocs.cache")
_warned = False
_memory: dict[tuple[str, str], tuple[dict, dict[str, array]]] = {}


class CorruptEntry(ValueError):
    """A cache entry that cannot be trusted: it is dropped and rebuilt."""


def cache_dir() -> Path:
    """Where the caches live: $OFFICIALDOCS_CACHE_DIR/fonts, else officialdocs/fonts in the platform's
    user cache (the style profile cache too, as fonts/profiles: one folder to delete)."""
    override = os.environ.get("OFFICIALDOCS_CACHE_DIR")
    if override:
        return Path(override) / "fonts"
    import platformdirs

    return Path(platformdirs.user_cache_dir("officialdocs")) / "fonts"


def warn_once(message: str) -> None:
    """One warning per process about a cache repaired (the user can do nothing about it; it heals)."""
    global _warned
    if not _warned:
        _warned = True
        log.warning("警告：%s", message)
    else:
        log.debug(message)


def _reset_warning() -> None:  # tests
    global _warned
    _warned = False


# --- entries ----------------------------------------------------------------------------------------------

def encode(kind: str, key: str, meta: dict[str, Any], arrays: dict[str, array]) -> bytes:
    header = {"kind": kind, "key": key, "meta": meta,
              "arrays": [[name, a.typecode, len(a)] for name, a in arrays.items()]}
    parts = [MAGIC]
    head = json.dumps(header, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    parts.append(len(head).to_bytes(4, "little"))
    parts.append(head)
    for a in arrays.values():
        if sys.byteorder != "little":
            a = array(a.typecode, a)
            a.byteswap()
        parts.append(a.tobytes())
    body = b"".join(parts)
    return body + hashlib.sha256(body).digest()


def decode(data: bytes, kind: str, key: str) -> tuple[dict[str, Any], dict[str, array]]:
    """The (meta, arrays) of an entry; CorruptEntry for anything unexpected."""
    if len(data) < len(MAGIC) + 4 + _DIGEST or not data.startswith(MAGIC):
        raise CorruptEntry("not a cache entry")
    body, digest = data[:-_DIGEST], data[-_DIGEST:]
    if hashlib.sha256(body).digest() != digest:
        raise CorruptEntry("checksum mismatch")
    pos = len(MAGIC)
    size = int.from_bytes(body[pos:pos + 4], "little")
    pos += 4
    try:
        header = json.loads(body[pos:pos + size].decode("utf-8"))
    except ValueError as exc:
        raise CorruptEntry(f"bad header: {exc}") from None
    pos += size
    if not isinstance(header, dict) or header.get("kind") != kind or header.get("key") != key:
        raise CorruptEntry("made for another key")
    meta, specs = header.get("meta"), header.get("arrays")
    if not isinstance(meta, dict) or not isinstance(specs, list):
        raise CorruptEntry("bad header")
    arrays: dict[str, array] = {}
    for spec in specs:
        if (not isinstance(spec, list) or len(spec) != 3 or not isinstance(spec[0], str)
                or spec[1] not in _TYPECODES or not isinstance(spec[2], int) or spec[2] < 0):
            raise CorruptEntry("bad array description")
        name, typecode, count = spec
        a = array(typecode)
        end = pos + count * a.itemsize
        if end > len(body):
            raise CorruptEntry("truncated")
        a.frombytes(body[pos:end])
        if sys.byteorder != "little":
            a.byteswap()
        arrays[name] = a
        pos = end
    if pos != len(body):
        raise CorruptEntry("trailing bytes")
    return meta, arrays


def entry_path(kind: str, key: str) -> Path:
    return cache_dir() / kind / f"{key}{_SUFFIX}"


def load(kind: str, key: str) -> tuple[dict[str, Any], dict[str, array]] | None:
    """A cached entry, or None (missing, or corrupt: then it is removed and one warning is logged)."""
    remembered = _memory.get((kind, key))
    if remembered is not None:
        return remembered
    try:
        path = entry_path(kind, key)
        data = path.read_bytes()
    except OSError:
        return None
    try:
        return decode(data, kind, key)
    except CorruptEntry as exc:
        log.debug("cache entry %s: %s", path, exc)
        discard(path, f"字体缓存条目已损坏，已丢弃并重建：{path}")
        return None


def store(kind: str, key: str, meta: dict[str, Any], arrays: dict[str, array] | None = None) -> None:
    """Keep an entry on disk (atomically); in memory for this process when the folder is not writable."""
    arrays = arrays or {}
    try:
        write_atomic(entry_path(kind, key), encode(kind, key, meta, arrays))
    except OSError:
        _memory[(kind, key)] = (meta, arrays)


def discard(path: Path, message: str) -> None:
    with contextlib.suppress(OSError):
        path.unlink()
    warn_once(message)


def write_atomic(target: Path, data: bytes) -> None:
    """Temp file + rename: a reader (another process) sees the old entry or the new one, never half."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


# --- keys ---------------------------------------------------------------------------------------------------

def key_of(*parts: object) -> str:
    return hashlib.sha256("\0".join(map(str, parts)).encode("utf-8")).hexdigest()[:40]


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_stamp(path: str | Path) -> str:
    """Size and mtime of a file: changes when a source file is edited or reinstalled."""
    st = os.stat(path)
    return f"{st.st_size}-{st.st_mtime_ns}"


def content_hash(path: Path) -> str:
    """SHA-256 of a font file. Remembered on disk per (path, size, mtime, inode): hashing a 15 MB font
    once, then only a stat per run."""
    path = Path(path).resolve()
    st = path.stat()
    stamp = key_of(path, st.st_size, st.st_mtime_ns, st.st_ino)
    found = load("hashes", stamp)
    digest = found[0].get("sha256") if found else None
    if isinstance(digest, str) and re.fullmatch(r"[0-9a-f]{64}", digest):
        return digest
    sha = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            sha.update(block)
    digest = sha.hexdigest()
    store("hashes", stamp, {"sha256": digest})
    return digest


@cache
def library_version(module: str) -> str:
    """The version of an installed library without importing it (fontTools takes 20 ms to import): the
    version line of its __init__.py, else that file's size and mtime."""
    import importlib.util

    spec = importlib.util.find_spec(module)
    origin = spec.origin if spec else None
    if not origin:
        return "absent"
    with contextlib.suppress(OSError):
        head = Path(origin).read_text(encoding="utf-8", errors="replace")[:4000]
        match = re.search(r"""__version__\s*=\s*["']([^"']+)["']""", head)
        if match:
            return match.group(1)
        st = os.stat(origin)
        return f"{st.st_size}-{st.st_mtime_ns}"
    return "unknown"
