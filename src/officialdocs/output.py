"""Writing output files: atomically (temp file beside the target, then rename), only onto regular files,
through symlinks, with the user's umask, and never over a user's file without consent.

Temporary files are named `.NAME.officialdocs-PID-RANDOM.tmp`; one left behind by a killed run (its
process gone) is removed the next time we write into that folder.
"""

from __future__ import annotations

import errno
import os
import re
import secrets
import stat
import sys
import time
import unicodedata
from pathlib import Path

from .errors import Location, OfficialDocsError, Problem, os_error_text

STDOUT = "-"  # `-o -`: write to standard output
NAME_MAX = 255  # bytes in one file name on Linux/macOS file systems (Windows: 255 UTF-16 units)
_TMP_TAG = ".officialdocs-"
_TMP_SUFFIX = ".tmp"
# Ours: .NAME.officialdocs-PID-RANDOM.tmp ; an older release's: .NAME.docx.RANDOM8.tmp (tempfile.mkstemp)
_OUR_TMP = re.compile(r"^\..*\.officialdocs-(\d+)-[0-9a-f]{8}\.tmp$", re.DOTALL)
_OLD_TMP = re.compile(r"^\..+\.(?:docx|pdf|json|yaml|md|ofd|xlsx)\.[a-z0-9_]{8}\.tmp$", re.DOTALL)
_OLD_TMP_AGE = 3600.0  # seconds: an older release's temp file is surely dead after an hour
_PROCESS_START = time.time()
_swept: set[str] = set()
_WINDOWS_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}


def is_stdout(path: Path | str | None) -> bool:
    return path is not None and str(path) == STDOUT


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


def write_output(path: Path | str, data: bytes, *, force: bool = True) -> None:
    """`atomic_write`, or standard output when `path` is `-`."""
    if is_stdout(path):
        out = sys.stdout.buffer if hasattr(sys.stdout, "buffer") else None
        if out is None:  # a text-only stream (tests capturing output)
            sys.stdout.write(data.decode("utf-8"))
        else:
            sys.stdout.flush()
            out.write(data)
            out.flush()
        return
    atomic_write(Path(path), data, force=force)


def atomic_write(path: Path, data: bytes, *, force: bool = True) -> None:
    """Write `data` to `path` so that readers see the old file or the new one, never half of one.

    Only regular files are written: a device, FIFO, socket or folder (or a symlink to one) is refused; a
    symlink to a regular file is written through (the link stays, its target gets the new content).
    A new file gets the permissions the umask allows; a replaced file keeps its own. With `force=False`
    an existing file is never replaced (the check and the creation are one atomic step where the file
    system allows hard links).
    """
    path = Path(path)
    target = _regular_target(path)
    exists = target.exists()
    if exists and not force:
        raise OfficialDocsError(Problem("文件已存在，未覆盖", Location(str(path)),
                                        "确认要替换它就加 --force，或用 -o 另给文件名"))
    folder = target.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _write_error(folder, exc, "无法创建输出目录") from None
    sweep_stale_temp_files(folder)
    mode = stat.S_IMODE(target.stat().st_mode) if exists else 0o666  # 0o666 & ~umask, applied by the kernel
    tmp = folder / _temp_name(target.name, _name_max(folder))
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), mode)
    except OSError as exc:
        raise _write_error(folder, exc, "无法写入输出目录") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if exists:
            os.chmod(tmp, mode)  # the umask may have narrowed it at creation
        if force:
            os.replace(tmp, target)
        else:
            _create_exclusive(tmp, target, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise _write_error(path, exc, "无法写入") from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    sync_folder(folder)


def _regular_target(path: Path) -> Path:
    """The file to replace: `path` itself, or the regular file a symlink points to; anything else refused."""
    try:
        info = os.stat(path)  # follows symlinks (and /proc/self/fd/N)
    except FileNotFoundError:
        if path.is_symlink():
            raise OfficialDocsError(Problem("输出路径是指向不存在文件的符号链接", Location(str(path)),
                                            "删除这个链接，或让 -o 指向普通文件")) from None
        return path
    except OSError as exc:
        raise _write_error(path, exc, "无法访问输出路径") from None
    if stat.S_ISREG(info.st_mode):
        return Path(os.path.realpath(path)) if path.is_symlink() else path
    kind = _file_kind(info.st_mode)
    link = "（符号链接指向的）" if path.is_symlink() else ""
    raise OfficialDocsError(Problem(f"输出路径{link}是{kind}，只能写入普通文件", Location(str(path)),
                                    "用 -o 给出一个普通文件的路径；要输出到屏幕用 -o -"))


def _file_kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "文件夹"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "设备文件"
    if stat.S_ISFIFO(mode):
        return "命名管道（FIFO）"
    if stat.S_ISSOCK(mode):
        return "套接字"
    return "特殊文件"


def _create_exclusive(tmp: Path, target: Path, shown: Path) -> None:
    """Move `tmp` to `target` only if `target` does not exist (no window in which another file could be
    replaced): a hard link fails with EEXIST; where links are not supported, check and rename."""
    try:
        os.link(tmp, target)
    except FileExistsError:
        raise OfficialDocsError(Problem("文件已存在，未覆盖", Location(str(shown)),
                                        "确认要替换它就加 --force，或用 -o 另给文件名")) from None
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK, errno.ENOSYS):
            raise
        if target.exists():
            raise OfficialDocsError(Problem("文件已存在，未覆盖", Location(str(shown)),
                                            "确认要替换它就加 --force，或用 -o 另给文件名")) from None
        os.replace(tmp, target)
        return
    tmp.unlink(missing_ok=True)


def _temp_name(name: str, name_max: int) -> str:
    tail = f"{_TMP_TAG}{os.getpid()}-{secrets.token_hex(4)}{_TMP_SUFFIX}"
    room = name_max - 1 - len(tail.encode())
    return f".{cut_utf8(name, room)}{tail}"


def _name_max(folder: Path) -> int:
    try:
        return min(NAME_MAX, os.pathconf(folder, "PC_NAME_MAX"))
    except (OSError, ValueError, AttributeError):
        return NAME_MAX


def sweep_stale_temp_files(folder: Path) -> list[Path]:
    """Remove temporary files that runs killed before they could rename them left in `folder` (once per
    folder and process). Ours name their process: removed when it is gone, or a day after it started
    writing; an older release's `.NAME.docx.XXXXXXXX.tmp` when older than an hour."""
    key = str(folder.resolve()) if folder.exists() else str(folder)
    if key in _swept:
        return []
    _swept.add(key)
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        name = entry.name
        ours = _OUR_TMP.match(name)
        if not ours and not _OLD_TMP.match(name):
            continue
        try:
            info = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        if not stat.S_ISREG(info.st_mode) or info.st_mtime >= _PROCESS_START:
            continue
        if ours:
            stale = not _alive(int(ours.group(1))) or info.st_mtime < _PROCESS_START - 86400
        else:
            stale = info.st_mtime < time.time() - _OLD_TMP_AGE
        if stale:
            try:
                os.unlink(entry.path)
                removed.append(Path(entry.path))
            except OSError:
                pass
    return removed


def is_temp_name(name: str) -> bool:
    """A temporary file name of ours (this release's or an older one's): never a user's file."""
    return bool(_OUR_TMP.match(name) or _OLD_TMP.match(name))


def process_alive(pid: int) -> bool:
    """Whether process `pid` still runs (this one, another user's, or one we cannot tell about: yes)."""
    return _alive(pid)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError, OverflowError):
        return True  # exists (another user's) or cannot tell: leave it
    return True


def sync_folder(folder: Path) -> None:
    """Make the rename durable (best effort; not every OS lets a folder be opened)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _write_error(path: Path, exc: OSError, what: str) -> OfficialDocsError:
    return OfficialDocsError(Problem(f"{what}：{os_error_text(exc)}", Location(str(path))))
