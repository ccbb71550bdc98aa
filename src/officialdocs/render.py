"""The pipeline: plan.yaml or 公文 Markdown -> Document -> output files. The CLI and the API both call this."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .document import Document
from .errors import Location, OfficialDocsError, Problem
from .output import atomic_write
from .style import Profile, load_profile

FORMATS = ("docx", "pdf")
_WINDOWS_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}


@dataclass(frozen=True)
class Output:
    path: Path
    format: str
    source: str


def safe_filename(name: str, max_length: int = 120) -> str:
    """A file name that stays inside its folder on every OS: no separators, .., control or reserved names."""
    name = unicodedata.normalize("NFC", name)
    name = "".join(c for c in name if unicodedata.category(c)[0] != "C")
    name = re.sub(r'[\\/:*?"<>|]+', "_", name).strip(" .")
    name = re.sub(r"\.{2,}", ".", name)
    if not name:
        name = "document"
    if name.split(".")[0].upper() in _WINDOWS_RESERVED:
        name = f"_{name}"
    encoded = name.encode("utf-8")
    if len(encoded) > max_length * 3 or len(name) > max_length:
        name = name[:max_length]
    return name


def load_document(path: Path, templates: Sequence[Path] = ()) -> tuple[Document, str | None]:
    """Read a plan (.yaml) or a 公文 Markdown file (.md) into a Document; also return its profile name."""
    path = Path(path)
    if not path.is_file():
        raise OfficialDocsError(Problem("找不到输入文件", Location(str(path)), "检查文件路径"))
    suffix = path.suffix.lower()
    if suffix in (".yaml", ".yml"):
        from .markup import parse_markup
        from .plan import load_plan
        from .plan_document import plan_markdown

        plan = load_plan(path)
        text = plan_markdown(plan, templates)
        return parse_markup(text, source=f"{path}（由模板生成）", base_dir=path.parent), plan.profile
    if suffix in (".md", ".markdown"):
        from .markup import load_markup

        return load_markup(path), None
    raise OfficialDocsError(Problem(f"不支持的输入类型 “{path.suffix}”", Location(str(path)),
                                    "输入应为 plan.yaml（计划数据）或 .md（公文 Markdown）"))


@dataclass
class RenderResult:
    outputs: list[Output]
    warnings: list[Problem]
    failed: list[tuple[str, list[Problem]]] = field(default_factory=list)  # (document title, problems)
    notes: list[str] = field(default_factory=list)  # things the user should know (units with no task ...)
    manifest: Path | None = None


def missing_glyph_problems(missing, source: str) -> list[Problem]:
    """One message per character no font has, with where it occurs (never an empty box in silence)."""
    seen: dict[str, list[str]] = {}
    for m in missing:
        places = seen.setdefault(m.char, [])
        if m.where and m.where not in places:
            places.append(m.where)
    return [Problem(f"字符 “{ch}”（U+{ord(ch):04X}）在所有候选字体中都没有，PDF 中会显示为空框；出现在：{'、'.join(w) or '文中'}",
                    Location(source), "安装含此字的字体，或用 --font 角色=字体文件 指定；--strict 时视为错误")
            for ch, w in seen.items()]


def render_document(doc: Document, profile: Profile, fmt: str, *, fonts: dict[str, Path] | None = None,
                    strict: bool = False, warnings: list[Problem] | None = None, stats: dict | None = None) -> bytes:
    """One Document in one format, as bytes. `stats` receives {"pages": n} when a PDF is made."""
    if fmt == "docx":
        from .writers.docx import docx_bytes

        return docx_bytes(doc, profile)
    if fmt == "pdf":
        from .fonts import font_book
        from .layout import layout_document
        from .writers.pdf import pdf_bytes_from_layout

        laid = layout_document(doc, profile, font_book(profile, fonts))
        if stats is not None:
            stats["pages"] = len(laid.pages)
        problems = missing_glyph_problems(laid.missing, doc.source or doc.plain_title)
        if problems and strict:
            raise OfficialDocsError(problems)
        if warnings is not None:
            warnings.extend(problems)
        return pdf_bytes_from_layout(laid)
    raise OfficialDocsError(Problem(f"未知的输出格式 “{fmt}”", hint=f"可选：{', '.join(FORMATS)}"))


def render_file(
    path: Path,
    out_dir: Path,
    formats: Sequence[str] = ("docx", "pdf"),
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
    if path.suffix.lower() in (".yaml", ".yml"):
        return _render_plan(path, Path(out_dir), formats, templates, profile, fonts, strict, only, jobs, progress)
    doc, plan_profile = load_document(path, templates)
    style = load_profile(profile or plan_profile or "gbt9704")
    stem = safe_filename(doc.plain_title)
    warnings: list[Problem] = []
    built = [(Path(out_dir) / f"{stem}.{fmt}", fmt,
              render_document(doc, style, fmt, fonts=fonts, strict=strict, warnings=warnings)) for fmt in formats]
    outputs = []
    for target, fmt, data in built:
        atomic_write(target, data)
        outputs.append(Output(target, fmt, str(path)))
    return RenderResult(outputs, warnings)


def _render_plan(path: Path, out_dir: Path, formats, templates, profile, fonts, strict, only, jobs,
                 progress) -> RenderResult:
    from .batch import Work, render_all, write_manifest
    from .family import KINDS, plan_jobs
    from .plan import load_plan

    plan = load_plan(path)
    style_name = profile or plan.profile or "gbt9704"
    load_profile(style_name)  # a bad profile is one error before any work starts
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
    return RenderResult(outputs, result.warnings, failed, notes, manifest if result.written else None)
