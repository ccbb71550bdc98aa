"""Import an existing document (.txt, .docx, .md — also a scraped web copy) as plan.yaml or 公文 Markdown.

    source ──► clean (optional) ──► structure ──► emit ──► self-check (load it back)

Nothing is dropped in silence: every repair and every uncertain classification is in `ImportResult.report`
as a located Problem, and what could not be restored is a TODO comment in the output.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from ..errors import Location, OfficialDocsError, Problem
from .clean import Repair, clean_paras
from .source import Source, control_problems, read_source
from .structure import Structure, classify

Kind = Literal["yaml", "markdown"]
_KINDS: dict[str, Kind] = {".yaml": "yaml", ".yml": "yaml", ".md": "markdown", ".markdown": "markdown"}

__all__ = ["ImportResult", "import_file", "import_to", "kind_for"]


@dataclass
class ImportResult:
    text: str                          # the output file's content
    kind: Kind
    report: list[Problem]              # repairs and uncertain classifications, in source order
    structure: Structure = field(repr=False, default_factory=Structure)
    repairs: list[Repair] = field(default_factory=list, repr=False)


def kind_for(output: Path) -> Kind:
    """The output kind from the -o file name: plan.yaml → yaml, doc.md → markdown."""
    kind = _KINDS.get(Path(output).suffix.lower())
    if kind is None:
        raise OfficialDocsError(Problem(f"不知道要生成哪种文件：“{output}”", Location(str(output)),
                                        "输出文件名应以 .yaml（计划数据）或 .md（公文 Markdown）结尾"))
    return kind


def import_file(path: Path | str, *, clean: bool, kind: Kind = "yaml") -> ImportResult:
    """Read `path`, optionally clean it, classify its lines and write plan.yaml or 公文 Markdown text.

    The result is checked by loading it back (plan loader or markup parser), so it renders with no edits.
    """
    path = Path(path)
    source = read_source(path)
    paras, repairs = clean_paras(source.paras) if clean else (source.paras, [])
    leftover = control_problems(Source(source.path, source.kind, paras), "删除它，或加 --clean 自动删除")
    if leftover:  # said here, at the source's line, not later in the generated text
        raise OfficialDocsError(leftover)
    doc = classify(paras, source.front_matter)
    messages = {r.todo: r.message for r in repairs if r.todo is not None}

    def todo_text(index: int) -> str:
        return messages.get(index, "此处需要人工核对")

    header = _header(source, clean, repairs, doc)
    from .emit import markup_text, plan_yaml

    text = plan_yaml(doc, todo_text, header) if kind == "yaml" else markup_text(doc, todo_text, header)
    _self_check(text, kind, path)
    report = _report(path, repairs, doc) + [Problem(m, Location(str(path), line)) for line, m in source.notes]
    return ImportResult(text, kind, report, doc, repairs)


def import_to(path: Path | str, output: Path | str, *, clean: bool, force: bool = True) -> ImportResult:
    """import_file, then write the result to `output` atomically (the kind follows its suffix).
    With `force=False` an existing `output` is never replaced."""
    from ..output import atomic_write

    result = import_file(path, clean=clean, kind=kind_for(Path(output)))
    atomic_write(Path(output), result.text.encode("utf-8"), force=force)
    return result


def _header(source: Source, clean: bool, repairs: list[Repair], doc: Structure) -> list[str]:
    todos = sum(1 for r in repairs if r.todo is not None)
    lines = [f"由 officialdocs import 从 {source.path.name} 导入" + ("（已清理）" if clean else "") + "。"]
    if todos:
        lines.append(f"有 {todos} 处 TODO 需要对照原件补全（搜索 TODO 和“□”）。")
    if doc.findings:
        lines.append(f"有 {len(doc.findings)} 处结构判断不确定，运行 officialdocs import --report 查看。")
    return lines


def _report(path: Path, repairs: list[Repair], doc: Structure) -> list[Problem]:
    file = str(path)
    entries = [(r.line, r.column or 0, Problem(r.message, Location(file, r.line, r.column))) for r in repairs]
    entries += [(f.line, f.column or 0, Problem(f.message, Location(file, f.line, f.column))) for f in doc.findings]
    return [problem for _, _, problem in sorted(entries, key=lambda e: (e[0], e[1]))]


def _self_check(text: str, kind: Kind, path: Path) -> None:
    """The imported text must load as it is; if not, that is a bug of the importer, said plainly."""
    name = path.with_suffix(".yaml" if kind == "yaml" else ".md").name
    try:
        if kind == "yaml":
            from ..plan import load_plan_text

            load_plan_text(text, name, cross_checks=False)  # the clerk completes it (署名, 日期 …)
        else:
            from ..markup import parse_markup

            parse_markup(text, source=name)
    except OfficialDocsError as exc:
        problems = [Problem(f"导入结果未通过校验：{p.message}", p.location, p.hint) for p in exc.problems]
        raise OfficialDocsError(problems) from None
