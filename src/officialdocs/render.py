"""`render_file`: an input file -> its documents' files in a folder. The CLI and the API both call this.

A 公文 Markdown file is one document (pipeline.render_formats); a plan is a family of documents
(family.plan_jobs) rendered by batch.render_all with a manifest.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .errors import OfficialDocsError, Problem
from .output import atomic_write, safe_filename
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

    A 公文 Markdown file gives one document, built in memory first so an error writes nothing. A plan gives
    its whole family (cover notice, plan, sub-schemes, one scheme per unit; `only` narrows it) plus
    manifest.json; a document that fails is reported while the others are still written.
    """
    path = Path(path)
    if path.suffix.lower() in (".yaml", ".yml") or (is_stdin(path) and _stdin_is_plan()):
        return _render_plan(path, Path(out_dir), formats, templates, profile, fonts, strict, only, jobs, progress)
    doc, plan_profile = _load_stdin() if is_stdin(path) else load_document(path, templates)
    style = load_profile(profile or plan_profile or "gbt9704")
    formats = tuple(formats) if formats else style.formats
    stem = safe_filename(doc.plain_title)
    rendered = render_formats(doc, style, formats, fonts=fonts, strict=strict)
    outputs = []
    for fmt, data in rendered.files.items():  # built in memory first: an error above writes nothing
        target = Path(out_dir) / f"{stem}.{fmt}"
        atomic_write(target, data)
        outputs.append(Output(target, fmt, str(path)))
    return RenderResult(outputs, rendered.warnings)


def _render_plan(path: Path, out_dir: Path, formats, templates, profile, fonts, strict, only, jobs,
                 progress) -> RenderResult:
    from .batch import Work, render_all, write_manifest
    from .family import KINDS, plan_jobs

    plan = _load_plan(path)
    style_name = profile or plan.profile or "gbt9704"
    style = load_profile(style_name)  # a bad profile is one error before any work starts
    formats = tuple(formats) if formats else style.formats
    kinds = tuple(only) if only else KINDS
    works, failed = [], []
    for job in plan_jobs(plan, kinds):
        try:
            works.append(Work(job.kind, job.stem, job.title, job.source, job.markdown(templates), path.parent))
        except OfficialDocsError as exc:  # a broken template fails its documents only
            failed.append((job.title, exc.problems))
    if not works and failed:
        raise OfficialDocsError([p for _, problems in failed for p in problems])
    result = render_all(works, out_dir, formats, style_name, fonts, strict, jobs, progress)
    failed += [(m.work.title, m.problems) for m in result.failed]
    idle = plan.units_without_tasks() if "units" in kinds else []
    notes = [f"以下单位没有分配任务，未生成实施方案：{'、'.join(u.name for u in idle)}"] if idle else []
    manifest = out_dir / "manifest.json"
    if result.written:
        write_manifest(manifest, str(path), result, {"units_without_tasks": [u.name for u in idle]})
    outputs = [Output(file, fmt, work.source) for work, fmt, file, _, _ in result.written]
    return RenderResult(outputs, plan.warnings + result.warnings, failed, notes, manifest if result.written else None)


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
