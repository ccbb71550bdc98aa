"""`render_file`: an input file -> its documents' files in a folder. The CLI and the API both call this.

A 公文 Markdown file is one document (pipeline.render_formats); a plan is a family of documents
(family.plan_jobs) made by batch.render_batch, listed in manifest.json. Either way the run is a transaction
(transaction.Transaction): every file is staged beside the target and committed at the end, so the folder
holds the whole new output or the whole previous one, never a mix.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from .errors import OfficialDocsError, Problem
from .output import safe_filename
from .pipeline import load_document, render_document, render_formats
from .style import load_profile
from .textio import STDIN, STDIN_NAME, is_stdin, read_text, sniff_kind
from .writers import names

FORMATS = names()


@dataclass(frozen=True)
class Output:
    path: Path
    format: str
    source: str


@dataclass
class RenderResult:
    outputs: list[Output]
    warnings: list[Problem]
    failed: list[tuple[str, list[Problem]]] = field(default_factory=list)  # (document title, problems)
    notes: list[str] = field(default_factory=list)  # things the user should know (units with no task ...)
    manifest: Path | None = None
    removed: list[Path] = field(default_factory=list)  # files of the previous run no longer produced


def render_file(
    path: Path,
    out_dir: Path,
    formats: Sequence[str] | None = None,
    templates: Sequence[Path] = (),
    profile: str | None = None,
    fonts: dict[str, Path] | None = None,
    strict: bool = False,
    *,
    only: Sequence[str] | None = None,
    jobs: int = 1,
    progress: Callable | None = None,
) -> RenderResult:
    """Render an input file into `out_dir`.

    A 公文 Markdown file gives one document. A plan gives its whole family (cover notice, plan, sub-schemes,
    one scheme per unit; `only` narrows it) plus manifest.json; a document that fails is reported while the
    others are still written. Nothing in `out_dir` changes until everything is made; then it all changes at
    once (an error or a kill leaves the previous output as it was).
    """
    path = Path(path)
    with _sigterm_interrupts():
        if path.suffix.lower() in (".yaml", ".yml") or (is_stdin(path) and _stdin_is_plan()):
            return _render_plan(path, Path(out_dir), formats, templates, profile, fonts, strict, only, jobs,
                                progress)
        return _render_markdown(path, Path(out_dir), formats, templates, profile, fonts, strict)


def _render_markdown(path: Path, out_dir: Path, formats, templates, profile, fonts, strict) -> RenderResult:
    from .transaction import Transaction

    doc, plan_profile = _load_stdin() if is_stdin(path) else load_document(path, templates)
    style = load_profile(profile or plan_profile or "gbt9704")
    formats = tuple(formats) if formats else style.formats
    stem = safe_filename(doc.plain_title)
    rendered = render_formats(doc, style, formats, fonts=fonts, strict=strict)
    files = {f"{stem}.{fmt}": (fmt, data) for fmt, data in rendered.files.items()}
    with Transaction(out_dir) as tx:
        for rel, (_, data) in files.items():
            _stage(tx, rel, data)
        tx.commit(list(files))
    outputs = [Output(out_dir / rel, fmt, str(path)) for rel, (fmt, _) in files.items()]
    return RenderResult(outputs, rendered.warnings, notes=_recovery_notes(tx))


def _render_plan(path: Path, out_dir: Path, formats, templates, profile, fonts, strict, only, jobs,
                 progress) -> RenderResult:
    from .batch import Batch, render_batch
    from .family import KINDS, plan_jobs
    from .transaction import Transaction

    plan = _load_plan(path)
    style_name = profile or plan.profile or "gbt9704"
    style = load_profile(style_name)  # a bad profile is one error before any work starts
    formats = tuple(formats) if formats else style.formats
    kinds = tuple(only) if only else KINDS
    doc_jobs = plan_jobs(plan, kinds)
    idle = plan.units_without_tasks() if "units" in kinds else []
    with Transaction(out_dir) as tx:
        base_dir = Path.cwd() if is_stdin(path) else path.parent  # where the plan's relative paths (seal) start
        batch = Batch(doc_jobs, tuple(templates), base_dir, style_name, formats, fonts, strict, tx.staging)
        try:
            made = render_batch(batch, jobs, progress)
        except OSError as exc:
            raise _write_failure(out_dir, exc) from None
        failed = [(doc_jobs[m.index], m.problems) for m in made if m.problems]
        done = [m for m in made if not m.problems]
        warnings = plan.warnings + [w for m in done for w in m.warnings]
        titles = [(job.title, problems) for job, problems in failed]
        if not done:  # nothing to show for it: the folder stays as it was
            return RenderResult([], warnings, titles, _recovery_notes(tx))
        outputs, notes, removed = _commit_family(tx, path, doc_jobs, done, failed, kinds, idle)
    notes = _recovery_notes(tx) + notes
    if idle:
        notes.insert(0, f"以下单位没有分配任务，未生成实施方案：{'、'.join(u.name for u in idle)}")
    from .manifest import MANIFEST

    return RenderResult(outputs, warnings, titles, notes, out_dir / MANIFEST, removed)


def _commit_family(tx, path: Path, doc_jobs, done, failed, kinds, idle) -> tuple[list[Output], list[str], list[Path]]:
    """Write the manifest and commit: this run's files, the kept files of kinds not rendered, the previous
    run's files of the rendered kinds removed."""
    from .manifest import MANIFEST, foreign, manifest_bytes, settle

    out_dir = tx.out_dir
    rows = [(doc_jobs[m.index], fmt, rel, m.pages, digest) for m in done for fmt, rel, digest in m.files]
    entries = [{"kind": job.kind, "title": job.title, "path": rel, "format": fmt, "source": job.source,
                "pages": pages, "sha256": digest} for job, fmt, rel, pages, digest in rows]
    failures = [{"kind": job.kind, "title": job.title, "source": job.source,
                 "problems": [str(p) for p in problems]} for job, problems in failed]
    produced = {rel for _, _, rel, _, _ in rows}
    with tx.locked():  # the previous manifest is read under the lock that guards the commit
        owned = settle(out_dir, produced, set(kinds))
        data = manifest_bytes(str(path), owned.keep + entries, failures,
                              {"units_without_tasks": [u.name for u in idle]})
        _stage(tx, MANIFEST, data)
        tx.commit([rel for _, _, rel, _, _ in rows] + [MANIFEST], remove=owned.remove)
        others = foreign(out_dir, produced | {e["path"] for e in owned.keep})
    notes = []
    if owned.remove:
        notes.append(f"已删除上次生成、本次不再生成的 {len(owned.remove)} 个文件")
    if owned.edited:
        notes.append(f"上次生成的 {len(owned.edited)} 个文件本次不再生成，但生成后被改动过，未删除："
                     + "、".join(owned.edited[:5]) + ("等" if len(owned.edited) > 5 else ""))
    if owned.unreadable:
        notes.append(f"{out_dir / MANIFEST} 无法读取（不是本程序生成的清单或已损坏），已替换；目录中原有的文件均未删除")
    elif others:
        notes.append(f"输出目录中有 {len(others)} 个不属于本次生成的文件，未改动")
    outputs = [Output(out_dir / rel, fmt, job.source) for job, fmt, rel, _, _ in rows]
    return outputs, notes, [out_dir / rel for rel in owned.remove]


def _stage(tx, rel: str, data: bytes) -> None:
    try:
        tx.stage(rel, data)
    except OSError as exc:
        raise _write_failure(tx.out_dir, exc) from None


def _write_failure(out_dir: Path, exc: OSError) -> OfficialDocsError:
    from .transaction import write_error

    return write_error(out_dir, exc)


def _recovery_notes(tx) -> list[str]:
    if not tx.recovered:
        return []
    return [f"上次在此目录的生成被中断，已恢复到中断前的状态（{len(tx.recovered)} 处）"]


@contextmanager
def _sigterm_interrupts() -> Iterator[None]:
    """While a render runs, SIGTERM stops it like Ctrl-C: workers stopped, staged files deleted, the output
    folder as it was. (Only the main thread can handle signals.)"""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(_signum, _frame):
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _stdin_is_plan() -> bool:
    """`render -`: plan data or 公文 Markdown, told apart by the first lines (a note says which)."""
    import logging

    plan = sniff_kind(read_text(STDIN).text) == "yaml"
    logging.getLogger("officialdocs").info("标准输入按%s读取", "计划数据（YAML）" if plan else "公文 Markdown")
    return plan


def _load_stdin():
    """A 公文 Markdown document from standard input; a seal path in it is relative to the working folder."""
    from .markup import parse_markup

    return parse_markup(read_text(STDIN).text, source=STDIN_NAME, base_dir=Path.cwd()), None


def _load_plan(path: Path):
    from .plan import load_plan, load_plan_text

    return load_plan_text(read_text(STDIN).text, STDIN_NAME) if is_stdin(path) else load_plan(path)


__all__ = ["FORMATS", "Output", "RenderResult", "load_document", "render_document", "render_file", "safe_filename"]
