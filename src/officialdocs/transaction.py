"""A render as a transaction: every file of a run is written into a staging folder beside the target and
moved into place at the end — all of them, or none.

    out/.officialdocs-staging-<pid>-<hex>/    this run's files, at the paths they will have in out/
        .journal.json                         present only while the commit moves files (see below)
        .previous/                            the files the commit replaced or removed, until it is done

Commit (under an exclusive lock on the output folder where the OS has flock):
 1. sync the staged files in one go (syncfs, else fsync per file), then their folders;
 2. write the journal — the new files, the files to remove, the folders to create — and sync it;
 3. per file: keep the old one in .previous/ (a hard link, so the name is never missing), then rename the
    new one over it; files no longer produced are moved to .previous/; the manifest comes last;
 4. sync the output folders, delete the journal (the commit point), delete the staging folder.

An error in step 3 (no permission, a full folder) puts every old file back at once. A crash (kill -9, power
loss) between steps 2 and 4 leaves the staging folder with its journal: the next run into that folder
rolls it back before it starts, so the folder is again exactly what it was before the interrupted run. A
staging folder without a journal (killed while rendering, or after the commit point) is simply deleted.
Only staging folders of processes that are gone (or older than a day) are touched.
"""

from __future__ import annotations

import errno
import json
import os
import re
import shutil
import signal
import stat
import sys
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from .errors import Location, OfficialDocsError, Problem, os_error_text
from .output import process_alive, sweep_stale_temp_files, sync_folder

STAGING_PREFIX = ".officialdocs-staging-"
_STAGING = re.compile(rf"^{re.escape(STAGING_PREFIX)}(\d+)-[0-9a-f]{{8}}$")
_JOURNAL = ".journal.json"
_PREVIOUS = ".previous"
_DAY = 86400.0


def is_staging_name(name: str) -> bool:
    return bool(_STAGING.match(name))


def write_error(path: Path, exc: OSError, kept: bool = True) -> OfficialDocsError:
    """A write that the machine refused, in Chinese: 磁盘已满, 超出文件大小限制, 没有权限 …"""
    cause = "超出文件大小限制（ulimit -f 或文件系统的单个文件上限）" if exc.errno == errno.EFBIG else os_error_text(exc)
    hint = "之前的输出未改动" if kept else None
    return OfficialDocsError(Problem(f"无法写入输出目录：{cause}", Location(str(path)), hint))


class Transaction:
    """Stage files, then commit them into `out_dir` at once (see the module docstring).

        with Transaction(out) as tx:
            tx.stage("a.docx", data)            # or write into tx.staging directly (worker processes)
            tx.commit(["a.docx"], remove=[])    # nothing in out/ changes before this
    """

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = Path(out_dir)
        self.staging = self.out_dir  # set by open()
        self.recovered: list[Path] = []  # interrupted commits rolled back when this one opened
        self._lock_fd: int | None = None
        self._lock_depth = 0
        self._open = False

    # -- lifecycle -------------------------------------------------------------------------------------
    def __enter__(self) -> Transaction:
        self.open()
        return self

    def __exit__(self, *exc) -> None:
        self.abort()

    def open(self) -> None:
        try:
            self.out_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OfficialDocsError(Problem(f"无法创建输出目录：{os_error_text(exc)}", Location(str(self.out_dir)))) \
                from None
        if not self.out_dir.is_dir():
            raise OfficialDocsError(Problem("输出路径不是文件夹", Location(str(self.out_dir)), "用 -o 给出一个文件夹"))
        with self.locked():
            self.recovered = recover(self.out_dir)
            for folder in _folders_of_ours(self.out_dir):
                sweep_stale_temp_files(folder)  # `.NAME.*.tmp` of killed runs (output.atomic_write's or older)
            name = f"{STAGING_PREFIX}{os.getpid()}-{os.urandom(4).hex()}"
            try:
                (self.out_dir / name).mkdir(mode=0o700)  # in-progress files (a 密级 document …) stay private
            except OSError as exc:
                raise write_error(self.out_dir, exc) from None
        self.staging = self.out_dir / name
        self._open = True

    def abort(self) -> None:
        """Forget everything staged (nothing in the output folder changed). A staging folder whose journal
        is still there holds a commit to roll back: that is left to the next run."""
        if self._open:
            self._open = False
            if not (self.staging / _JOURNAL).exists():
                shutil.rmtree(self.staging, ignore_errors=True)
        self._unlock(all_levels=True)

    @contextmanager
    def locked(self) -> Iterator[None]:
        """An exclusive lock on the output folder (re-entrant): one commit or recovery at a time."""
        self._lock()
        try:
            yield
        finally:
            self._unlock()

    # -- staging ---------------------------------------------------------------------------------------
    def stage(self, rel: str, data: bytes) -> Path:
        return stage_file(self.staging, rel, data)

    # -- commit ----------------------------------------------------------------------------------------
    def commit(self, files: list[str], remove: Iterable[str] = ()) -> None:
        """Move the staged `files` (relative paths, in order: put the manifest last) into the output folder
        and remove `remove` from it, as one step. Raises OfficialDocsError with everything as before."""
        out, staging = self.out_dir, self.staging
        remove = [r for r in remove if r not in set(files)]
        with self.locked():
            modes = _check_targets(out, files)
            new_dirs = _missing_dirs(out, files)
            try:
                sync_files([staging / rel for rel in files], {staging / rel for rel in files})
                _write_journal(staging, {"new": files, "remove": remove, "dirs": new_dirs})
            except OSError as exc:
                with suppress(OSError):
                    (staging / _JOURNAL).unlink(missing_ok=True)  # half a journal: nothing was moved yet
                raise write_error(out, exc) from None
            with _signals_deferred():  # Ctrl-C or SIGTERM land after the commit, never inside it
                try:
                    _apply(out, staging, files, remove, new_dirs, modes)
                except BaseException as exc:
                    self._undo(exc)
                    raise
                _sync_dirs({out / rel for rel in [*files, *remove]})
                with suppress(OSError):
                    (staging / _JOURNAL).unlink()  # the commit point
                    _sync_dirs([staging / _JOURNAL])
                self._open = False
                shutil.rmtree(staging, ignore_errors=True)

    def _undo(self, exc: BaseException) -> None:
        """Put the previous output back after `_apply` failed; say why in Chinese for an OSError."""
        out = self.out_dir
        try:
            rollback(out, self.staging)
        except OSError:
            self._open = False  # the journal stays: the next run into the folder finishes the rollback
            if isinstance(exc, OSError):
                raise OfficialDocsError(Problem(
                    f"无法写入输出目录：{os_error_text(exc)}", Location(str(out)),
                    "已尽量恢复原有文件；下次在这个目录生成时会自动完成恢复")) from None
            return
        self._open = False
        if isinstance(exc, OSError):
            raise write_error(out, exc) from None

    # -- lock --------------------------------------------------------------------------------------------
    def _lock(self) -> None:
        self._lock_depth += 1
        if self._lock_depth > 1:
            return
        try:
            import fcntl
        except ImportError:  # Windows: no advisory locks on folders; a second run must not overlap
            return
        try:
            self._lock_fd = os.open(self.out_dir, os.O_RDONLY)
            fcntl.flock(self._lock_fd, fcntl.LOCK_EX)
        except OSError:
            if self._lock_fd is not None:
                os.close(self._lock_fd)
            self._lock_fd = None  # a file system without locks: go on unlocked

    def _unlock(self, all_levels: bool = False) -> None:
        self._lock_depth = 0 if all_levels else max(0, self._lock_depth - 1)
        if self._lock_depth == 0 and self._lock_fd is not None:
            os.close(self._lock_fd)  # closing releases the flock
            self._lock_fd = None


@contextmanager
def _signals_deferred() -> Iterator[None]:
    """Hold SIGINT and SIGTERM back until this ends; the commit's renames take well under a second, and a
    kill -9 inside them is what the journal is for. Two guards, because the mask is per thread: a `kill PID`
    may be delivered to another thread (a `-j 2` pool's), whose Python handler would still interrupt the
    main thread mid-commit, so in the main thread the handlers only record the signal until the end."""
    held = (signal.SIGINT, signal.SIGTERM)
    caught: list[int] = []
    handlers: dict[int, object] = {}
    if threading.current_thread() is threading.main_thread():
        for held_one in held:
            handlers[held_one] = signal.signal(held_one, lambda n, _f: caught.append(n))
    try:
        before = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    except (AttributeError, OSError, ValueError):
        before = None
    try:
        yield
    finally:
        if before is not None:
            signal.pthread_sigmask(signal.SIG_SETMASK, before)  # a held signal is recorded here
        for number, handler in handlers.items():
            signal.signal(number, handler if handler is not None else signal.SIG_DFL)  # type: ignore[arg-type]
        for number in dict.fromkeys(caught):
            signal.raise_signal(number)  # now delivered to the handlers the caller had


def stage_file(staging: Path, rel: str, data: bytes) -> Path:
    """Write one file into a staging folder (no fsync: the commit syncs them all at once)."""
    path = staging / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as handle:
        handle.write(data)
    return path


def _check_targets(out: Path, files: list[str]) -> dict[str, int]:
    """Every target is a regular file or absent, under folders; returns the modes of files being replaced
    (a replaced file keeps its permissions). Checked before anything moves."""
    modes: dict[str, int] = {}
    for rel in files:
        target = out / rel
        for parent in target.relative_to(out).parents:
            folder = out / parent
            if parent != Path(".") and (folder.is_symlink() or (folder.exists() and not folder.is_dir())):
                raise _not_regular(folder, "不是文件夹")
        try:
            info = os.lstat(target)
        except FileNotFoundError:
            continue
        except OSError as exc:
            raise write_error(target, exc) from None
        if not stat.S_ISREG(info.st_mode):
            kind = "符号链接" if stat.S_ISLNK(info.st_mode) else "文件夹" if stat.S_ISDIR(info.st_mode) else "特殊文件"
            raise _not_regular(target, f"是{kind}，不是普通文件")
        modes[rel] = stat.S_IMODE(info.st_mode)
    return modes


def _not_regular(path: Path, what: str) -> OfficialDocsError:
    return OfficialDocsError(Problem(f"输出目录中的 {path.name} {what}，无法替换", Location(str(path)),
                                     "把它移走或改名后重新生成；之前的输出未改动"))


def _missing_dirs(out: Path, files: list[str]) -> list[str]:
    """Folders the commit must create, parents first (recorded so a rollback can remove them again)."""
    needed = {p for rel in files for p in Path(rel).parents if p != Path(".")}
    return [p.as_posix() for p in sorted(needed, key=lambda p: len(p.parts)) if not (out / p).is_dir()]


def _write_journal(staging: Path, journal: dict) -> None:
    path = staging / _JOURNAL
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(journal, handle, ensure_ascii=False)
        handle.flush()
        os.fsync(handle.fileno())
    _sync_dirs([path])


def _apply(out: Path, staging: Path, files: list[str], remove: list[str], new_dirs: list[str],
           modes: dict[str, int]) -> None:
    previous = staging / _PREVIOUS
    for rel in remove:
        target = out / rel
        if target.exists() or target.is_symlink():
            _ensure_parent(previous / rel)
            os.replace(target, previous / rel)
    for folder in new_dirs:
        (out / folder).mkdir(exist_ok=True)
    for rel in files:
        target, new = out / rel, staging / rel
        if rel in modes:
            os.chmod(new, modes[rel])
            _ensure_parent(previous / rel)
            _keep(target, previous / rel)
        os.replace(new, target)
    _remove_empty_parents(out, remove)


def _keep(target: Path, backup: Path) -> None:
    """Keep the old file for a rollback without ever leaving its name missing: a hard link, else a copy."""
    try:
        os.link(target, backup, follow_symlinks=False)
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK, errno.ENOSYS):
            raise
        shutil.copy2(target, backup)


def _ensure_parent(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)


def _remove_empty_parents(out: Path, rels: Iterable[str]) -> None:
    """A folder of ours (单位方案/ …) emptied by the removals goes too; never one with anything left in it."""
    for rel in rels:
        for parent in Path(rel).parents:
            if parent == Path("."):
                break
            try:
                (out / parent).rmdir()
            except OSError:
                break


def rollback(out: Path, staging: Path) -> None:
    """Undo a commit that did not finish (its journal exists): every old file back, every new one gone."""
    journal = json.loads((staging / _JOURNAL).read_text(encoding="utf-8"))
    previous = staging / _PREVIOUS
    rels = [r for r in [*journal.get("new", []), *journal.get("remove", [])] if _inside(r)]
    new = set(journal.get("new", []))
    for rel in rels:
        target, backup = out / rel, previous / rel
        if backup.exists() or backup.is_symlink():
            _ensure_parent(target)
            os.replace(backup, target)
        elif rel in new and not (staging / rel).exists():  # moved in, with nothing before it: take it out
            target.unlink(missing_ok=True)
    for folder in reversed([d for d in journal.get("dirs", []) if _inside(d)]):
        with suppress(OSError):
            (out / folder).rmdir()
    _sync_dirs({out / rel for rel in rels})
    (staging / _JOURNAL).unlink()
    shutil.rmtree(staging, ignore_errors=True)


def _inside(rel: object) -> bool:
    """A journal path that stays inside the output folder (the journal is ours, but never trust a file)."""
    return isinstance(rel, str) and bool(rel) and not Path(rel).is_absolute() and ".." not in Path(rel).parts


def recover(out: Path) -> list[Path]:
    """Clean up after runs into `out` that were killed: roll back interrupted commits, delete abandoned
    staging folders. Only our own folders, of processes that are gone, older than this run."""
    rolled: list[Path] = []
    try:
        entries = list(os.scandir(out))
    except OSError:
        return rolled
    for entry in entries:
        found = _STAGING.match(entry.name)
        if not found or not entry.is_dir(follow_symlinks=False):
            continue
        try:
            mtime = entry.stat(follow_symlinks=False).st_mtime
        except OSError:
            continue
        if process_alive(int(found.group(1))) and mtime > time.time() - _DAY:
            continue  # a run that is still going (a process id in use for a day is another process)
        staging = Path(entry.path)
        if (staging / _JOURNAL).is_file():
            try:
                rollback(out, staging)
                rolled.append(staging)
            except ValueError:  # a journal cut short by the crash: written before anything was moved
                shutil.rmtree(staging, ignore_errors=True)
            except OSError:
                continue  # cannot put things back now: leave it for a later run rather than guess
        else:
            shutil.rmtree(staging, ignore_errors=True)
    return rolled


def _folders_of_ours(out: Path) -> list[Path]:
    """The output folder and its subfolders that hold files of ours (方案/, 单位方案/ …)."""
    try:
        return [out, *(Path(e.path) for e in os.scandir(out)
                       if e.is_dir(follow_symlinks=False) and not _STAGING.match(e.name))]
    except OSError:
        return [out]


# -- durability ----------------------------------------------------------------------------------------------
_SYNCFS_FROM = 16  # files: below, an fsync each is cheaper than flushing the whole file system


def sync_files(files: Iterable[Path], folders: Iterable[Path] = ()) -> None:
    """Make written files durable in one go: syncfs on the file system that holds them (Linux, for a batch),
    else fsync each one; then the folders that name them."""
    files = list(files)
    if files and not (len(files) >= _SYNCFS_FROM and _syncfs(files[0].parent)):
        for path in files:
            fd = os.open(path, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
    _sync_dirs(folders)


def _syncfs(folder: Path) -> bool:
    if not sys.platform.startswith("linux"):
        return False
    import ctypes  # here: a render that stages nothing does not pay for it

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        fd = os.open(folder, os.O_RDONLY)
    except (OSError, AttributeError):
        return False
    try:
        return getattr(libc, "syncfs", None) is not None and libc.syncfs(fd) == 0
    finally:
        os.close(fd)


def _sync_dirs(paths: Iterable[Path]) -> None:
    """fsync the folder of each path (once per folder; best effort where folders cannot be opened)."""
    for folder in {Path(p).parent for p in paths}:
        sync_folder(folder)
