"""Atomic file output: write to a temporary file beside the target, then rename over it."""

from __future__ import annotations

import os
import re
import tempfile
import unicodedata
from pathlib import Path

from .errors import OfficialDocsError, Problem, os_error_text


def atomic_write(path: Path, data: bytes) -> None:
    """Write `data` to `path` so that readers see the old file or the new one, never half of one."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise OfficialDocsError(Problem(f"无法写入输出目录：{os_error_text(exc)}", hint=str(path.parent))) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise OfficialDocsError(Problem(f"无法写入 {path}：{os_error_text(exc)}")) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


_WINDOWS_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}


def cut_utf8(text: str, max_bytes: int) -> str:
    """The longest prefix of `text` that is at most `max_bytes` bytes in UTF-8 (never half a character)."""
    encoded = text.encode("utf-8", "surrogatepass")
    if len(encoded) <= max_bytes:
        return text
    return encoded[:max_bytes].decode("utf-8", "ignore")


def safe_filename(name: str, max_length: int = 120, max_bytes: int = 200) -> str:
    """A file name that stays inside its folder on every OS: no separators, .., control or reserved names;
    at most `max_length` characters and `max_bytes` UTF-8 bytes (a CJK character is 3 bytes; 200 leaves
    room for a numbering prefix, the extension and our temporary-file tag within the 255-byte limit)."""
    name = unicodedata.normalize("NFC", name)
    name = "".join(c for c in name if unicodedata.category(c)[0] != "C")
    name = re.sub(r'[\\/:*?"<>|]+', "_", name).strip(" .")
    name = re.sub(r"\.{2,}", ".", name)
    if not name:
        name = "document"
    if name.split(".")[0].upper() in _WINDOWS_RESERVED:
        name = f"_{name}"
    name = cut_utf8(name[:max_length], max_bytes).rstrip(" .")
    return name or "document"
