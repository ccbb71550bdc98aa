"""Rendering a family of documents: worker processes that each compose, lay out and write whole documents.

The pool starts as soon as the plan is loaded: the parent renders the smallest document itself (which
loads the fonts, compiles the templates and fills the caches once) and forks, so the workers start warm and
share the parsed plan and its job list; nothing is composed before. The parent sends a document's number and
gets back its file names, sha256 digests and page count — never the bytes, which the worker writes straight
into the transaction's staging folder (the commit syncs them all at once). Documents go out biggest first
(by task count, `DocJob.weight`) to whichever worker is free, so the long plan and notice never start last.
Below `SERIAL_BELOW` tasks in all, one process renders everything: workers would not pay for themselves.

Workers die with their parent: on Linux the kernel kills them when it goes (PR_SET_PDEATHSIG); elsewhere a
thread in each worker watches the parent's process id. They ignore Ctrl-C (the parent stops them).
"""

from __future__ import annotations

import gc
import hashlib
import multiprocessing
import os
import signal
import sys
import threading
import time
import traceback
from collections import deque
from collections.abc import Callable, Mapping, Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from multiprocessing.connection import wait
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import Location, OfficialDocsError, Problem, os_error_text
from .transaction import stage_file

if TYPE_CHECKING:
    from .family import DocJob

# Below this many tasks (DocJob.weight summed) one process is as fast as two: generated plans of 1-16 units,
# -j 1 vs -j 2 forced, 5 interleaved rounds: 0.68/0.68 s at 6 tasks, 0.73/0.72 s at 21, 0.77/0.71 s at 41.
SERIAL_BELOW = 20
_IN_FLIGHT = 2  # documents queued per worker, so it never waits for the parent between two


@dataclass(frozen=True)
class Batch:
    """Everything a worker needs to make any document of the family: sent once, not per document."""

    jobs: Sequence[DocJob]
    templates: tuple[Path, ...]
    base_dir: Path  # relative seal paths in the plan are read from here
    profile: str
    formats: tuple[str, ...]
    fonts: Mapping[str, Path] | None
    strict: bool
    staging: Path  # where the files go (transaction.Transaction.staging)


@dataclass
class Made:
    """One document's outcome, as the worker reports it."""

    index: int
    files: list[tuple[str, str, str]] = field(default_factory=list)  # (format, path relative to the folder, sha256)
    pages: int | None = None  # of the GB/T layout, when it was laid out
    warnings: list[Problem] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # non-empty: this document failed


def render_batch(batch: Batch, jobs: int = 1, progress: Callable[[Any, bool], None] | None = None) -> list[Made]:
    """Make every document of `batch` (in `jobs` processes); the outcomes in the order of `batch.jobs`.

    A document that fails (a template error, a text no font can draw under --strict) is reported in its
    Made; an OSError (disk full …) or a worker's crash stops the whole batch and is raised."""
    made: list[Made | None] = [None] * len(batch.jobs)

    def done(outcome: Made) -> None:
        made[outcome.index] = outcome
        if progress:
            progress(batch.jobs[outcome.index], not outcome.problems)

    workers = min(jobs, len(batch.jobs))
    if workers <= 1 or sum(job.weight for job in batch.jobs) < SERIAL_BELOW:
        renderer = _Renderer(batch)
        for index in range(len(batch.jobs)):
            done(renderer(index))
    else:
        order = sorted(range(len(batch.jobs)), key=lambda i: -batch.jobs[i].weight)  # stable: ties keep order
        warm = None
        if _context().get_start_method() == "fork":
            # Warm up once, here, and fork: the workers inherit the imports, fonts, compiled templates and
            # caches that the first document fills (~0.5 s of work each would otherwise repeat).
            warm = _Renderer(batch)
            done(warm(order.pop()))  # the smallest document
        gc.freeze()  # what the workers inherit stays shared: the collector never writes to those pages
        try:
            _Pool(batch, workers, warm).run(order, done)
        finally:
            gc.unfreeze()
    return [m for m in made if m is not None]


class _Renderer:
    """Composes, lays out and writes one document of the batch; loads the profile and fonts once."""

    def __init__(self, batch: Batch) -> None:
        from .fonts import font_book
        from .style import load_profile

        self.batch = batch
        self.profile = load_profile(batch.profile)
        font_book(self.profile, batch.fonts).primary("body")

    def __call__(self, index: int) -> Made:
        from .markup import parse_markup
        from .pipeline import render_formats

        batch, job = self.batch, self.batch.jobs[index]
        made = Made(index)
        try:
            doc = parse_markup(job.markdown(batch.templates), source=job.source, base_dir=batch.base_dir)
            rendered = render_formats(doc, self.profile, batch.formats, fonts=batch.fonts, strict=batch.strict)
        except OfficialDocsError as exc:
            made.problems = exc.problems
            return made
        except OSError as exc:  # a file the document reads (a seal image …); writing is another matter, below
            made.problems = [Problem(f"无法读取文件：{os_error_text(exc)}", Location(str(exc.filename or job.source)))]
            return made
        for fmt, data in rendered.files.items():
            rel = f"{job.stem}.{fmt}"
            stage_file(batch.staging, rel, data)
            made.files.append((fmt, rel, hashlib.sha256(data).hexdigest()))
        made.pages = rendered.pages
        made.warnings = rendered.warnings
        return made


# -- the pool ------------------------------------------------------------------------------------------------
def _context() -> Any:
    """fork where it is safe (Linux and other POSIX but macOS): the workers inherit the loaded plan and
    modules instead of importing and parsing again; spawn elsewhere (the Batch is then pickled once)."""
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods and sys.platform != "darwin" else "spawn")


@dataclass
class _Worker:
    process: Any
    conn: Any
    busy: int = 0


class _Pool:
    def __init__(self, batch: Batch, size: int, warm: _Renderer | None = None) -> None:
        self.batch, self.size, self.warm = batch, size, warm

    def run(self, order: list[int], done: Callable[[Made], None]) -> None:
        ctx = _context()
        workers: list[_Worker] = []
        queue = deque(order)
        finished = False
        try:
            for _ in range(self.size):
                here, there = ctx.Pipe()
                process = ctx.Process(target=_worker_main, args=(there, os.getpid(), self.batch, self.warm),
                                      daemon=True, name="officialdocs-worker")
                try:
                    process.start()
                except OSError as exc:  # too many processes, no memory: not the output folder's fault
                    raise OfficialDocsError(Problem(f"无法启动并行进程：{os_error_text(exc)}",
                                                    hint="减小 -j 或去掉 -j 后重试")) from None
                there.close()
                workers.append(_Worker(process, here))
            for depth in range(1, _IN_FLIGHT + 1):  # round-robin: the two biggest go to different workers
                for worker in workers:
                    self._feed(worker, queue, depth)
            while any(w.busy for w in workers):
                busy = [w for w in workers if w.busy]
                ready = wait([w.conn for w in busy] + [w.process.sentinel for w in busy])
                for worker in busy:
                    if worker.conn in ready or worker.conn.poll():
                        try:
                            reply = worker.conn.recv()
                        except (EOFError, OSError):
                            raise _worker_died(worker) from None
                        worker.busy -= 1
                        done(_unpack(reply))
                        self._feed(worker, queue)
                    elif worker.process.sentinel in ready:
                        raise _worker_died(worker)
            finished = True
        finally:
            for worker in workers:
                if finished:
                    with suppress(OSError):
                        worker.conn.send(None)  # done: the worker leaves its loop
                worker.conn.close()
            for worker in workers:
                if not finished:
                    worker.process.kill()  # interrupted or failed: stop at once, mid-document
                worker.process.join(timeout=5)
                if worker.process.is_alive():
                    worker.process.kill()
                    worker.process.join()

    @staticmethod
    def _feed(worker: _Worker, queue: deque, depth: int = _IN_FLIGHT) -> None:
        while queue and worker.busy < depth:
            worker.conn.send(queue.popleft())
            worker.busy += 1


def _unpack(reply: tuple) -> Made:
    kind, payload = reply
    if kind == "made":
        return payload
    if kind == "oserror":  # disk full, file too large …: the whole batch stops (the transaction rolls back)
        code, text, filename = payload
        raise OSError(code, text, filename)
    if kind == "error":
        raise OfficialDocsError(payload)
    error = RuntimeError(f"工作进程出错：{payload.strip().splitlines()[-1]}")
    if hasattr(error, "add_note"):
        error.add_note(payload)  # the worker's traceback, shown with --debug
    raise error


def _worker_died(worker: _Worker) -> RuntimeError:
    worker.process.join(timeout=1)
    return RuntimeError(f"工作进程意外退出（退出码 {worker.process.exitcode}），可能是内存不足")


def _worker_main(conn: Any, parent: int, batch: Batch, warm: _Renderer | None = None) -> None:
    """A worker: document numbers in, outcomes out, until the parent says stop or goes away."""
    _die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole group: the parent decides
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the parent's handler (inherited through fork)
    renderer: _Renderer | None = None
    failure: tuple[str, Any] = ("bug", "")
    try:
        renderer = warm or _Renderer(batch)
    except OfficialDocsError as exc:  # a font that cannot be read …: the user's to fix, said once by the parent
        renderer, failure = None, ("error", exc.problems)
    except BaseException:
        renderer, failure = None, ("bug", traceback.format_exc())
    while True:
        try:
            index = conn.recv()
        except (EOFError, OSError):
            break
        if index is None:
            break
        try:
            if renderer is None:
                reply: tuple = failure
            else:
                reply = ("made", renderer(index))
        except OSError as exc:
            reply = ("oserror", (exc.errno, exc.strerror, exc.filename))
        except BaseException:
            reply = ("bug", traceback.format_exc())
        try:
            conn.send(reply)
        except (OSError, ValueError):
            break
    conn.close()


def _die_with_parent(parent: int) -> None:
    """End this process when the parent ends, however it ends (kill -9 included)."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            if libc.prctl(1, signal.SIGKILL, 0, 0, 0) == 0:  # 1 = PR_SET_PDEATHSIG
                if os.getppid() != parent:  # it went before the request took effect
                    os._exit(1)
                return
        except (OSError, AttributeError):
            pass
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True, name="parent-watch").start()


def _watch_parent(parent: int) -> None:
    while True:
        time.sleep(0.5)
        if os.getppid() != parent:
            os._exit(1)
