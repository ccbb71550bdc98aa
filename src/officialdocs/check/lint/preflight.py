"""Pre-flight: everything `render` would refuse, found by the same loaders render calls, so `lint` and
`render --check-only` give the same messages at the same places as `render` itself.

A plan is loaded (`plan.load_plan`, with its cross-document checks), its style profile loaded, and every
document of its family composed through its template and parsed (`family.plan_jobs`, `DocJob.markdown`,
`markup.parse_markup`), as `render` does before it lays anything out; a 公文 Markdown file is read by
`markup.load_markup`; each document's anatomy is built (what it refuses: a 版记 taller than the block, a 请示
without 签发人 ...). After `lint --fix` without writing, the fixed text goes through the same steps. Each problem becomes a finding of rule P01.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from ...anatomy import build_anatomy
from ...errors import Location, OfficialDocsError, Problem
from ...family import plan_jobs
from ...markup import load_markup, parse_markup
from ...plan import load_plan, load_plan_text
from ...style import load_profile
from ..registry import Registry
from .registry import Hit

PREFLIGHT: Registry = Registry("preflight")


def problems(file: str, kind: str, text: str | None = None, templates: Sequence[Path] = (), profile: str | None = None,
             count: list[int] | None = None) -> list[Problem]:
    """What `render` would refuse in the plan ("yaml") or 公文 Markdown ("md") at `file` — read by render's
    own loaders, or given as `text` (a fixed text not yet written); `count` receives the number of
    documents it would make."""
    path = Path(file)
    found: list[Problem] = []
    documents = 0
    try:
        if kind == "yaml":
            plan = load_plan(path) if text is None else load_plan_text(text, file)
            style = load_profile(profile or plan.profile or "gbt9704")
            for job in plan_jobs(plan):
                documents += 1
                found += _attempt(lambda job=job: build_anatomy(
                    parse_markup(job.markdown(templates), source=job.source, base_dir=path.parent), style))
        else:
            documents = 1
            doc = load_markup(path) if text is None else parse_markup(text, source=file, base_dir=path.parent)
            build_anatomy(doc, load_profile(profile or "gbt9704"))
    except OfficialDocsError as exc:
        found += exc.problems
    if count is not None:
        count.append(documents)
    unique: dict[str, Problem] = {}
    for problem in found:
        unique.setdefault(str(problem), problem)
    return list(unique.values())


def check_source(path: Path, templates: Sequence[Path] = (), profile: str | None = None) -> int:
    """`render --check-only`: raise what render would refuse in the file at `path` (one error listing every
    problem), else return how many documents it would make. Nothing is written."""
    path = Path(path)
    suffix = path.suffix.lower()
    if not path.is_file():
        raise OfficialDocsError(Problem("找不到输入文件", Location(str(path)), "检查文件路径"))
    if suffix not in (".yaml", ".yml", ".md", ".markdown"):
        raise OfficialDocsError(Problem(f"不支持的输入类型 “{path.suffix}”", Location(str(path)),
                                        "输入应为 plan.yaml（计划数据）或 .md（公文 Markdown）"))
    count: list[int] = []
    found = problems(str(path), "yaml" if suffix in (".yaml", ".yml") else "md", None, templates, profile, count)
    if found:
        raise OfficialDocsError(found)
    return count[0]


def _attempt(action) -> list[Problem]:
    try:
        action()
    except OfficialDocsError as exc:
        return exc.problems
    return []


@PREFLIGHT.rule("P01")
def p01_render_would_refuse(file: str, kind: str, text: str | None) -> Iterator[Hit]:
    """Each problem at its own location (a plan's line, or the template or document it comes from)."""
    for problem in problems(file, kind, text):
        yield Hit(problem.message, hint=problem.hint, where=problem.location or Location(file))
