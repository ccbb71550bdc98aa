"""One plan -> every document it implies: the cover notice, the plan, its sub-schemes and one
implementation scheme per responsible unit. Each becomes 公文 Markdown through its template.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .compose import render_template
from .output import safe_filename
from .plan import Plan
from .plan.tasks import Assignment

KINDS = ("notice", "plan", "schemes", "units")
FOLDERS = {"notice": "", "plan": "", "schemes": "方案", "units": "单位方案"}


@dataclass(frozen=True)
class DocJob:
    """One document to make: its kind, its output path stem (relative, safe) and its template."""

    kind: str
    stem: str
    title: str
    template: str
    context: dict[str, Any] = field(hash=False, compare=False)
    source: str = ""
    weight: int = 1  # how much work it is, in tasks (batch renders the biggest first)

    def markdown(self, templates: Sequence[Path] = ()) -> str:
        return render_template(self.template, self.context, templates)


def _stem(kind: str, index: int, title: str) -> str:
    folder = FOLDERS[kind]
    name = f"{index:02d}-{safe_filename(title, max_length=80)}"
    return f"{folder}/{name}" if folder else name


def plan_jobs(plan: Plan, only: Sequence[str] = KINDS) -> list[DocJob]:
    """The documents of a plan in a fixed order (notice, plan, schemes, units), so outputs are predictable."""
    source = str(plan.source)
    rows = plan.task_rows()
    whole = 1 + len(plan.tasks())  # the notice carries the plan and its task table as attachments
    jobs: list[DocJob] = []
    if "notice" in only and plan.notice is not None:
        jobs.append(DocJob("notice", _stem("notice", 1, plan.notice_title), plan.notice_title, "notice.md.j2",
                           {"plan": plan, "task_rows": rows}, source, whole))
    if "plan" in only:
        jobs.append(DocJob("plan", _stem("plan", 2 if plan.notice else 1, plan.title), plan.title, "plan.md.j2",
                           {"plan": plan, "task_rows": rows}, source, whole))
    if "schemes" in only:
        sizes = Counter(t.scheme for t in plan.scheme_tasks())
        for i, scheme in enumerate(plan.schemes, 1):
            jobs.append(DocJob("schemes", _stem("schemes", i, scheme.title), scheme.title, "scheme.md.j2",
                               {"plan": plan, "scheme": scheme}, f"{source}（schemes 第{i}项）", 1 + sizes[i - 1]))
    if "units" in only:
        for i, unit in enumerate(plan.units_with_tasks(), 1):
            title = plan.unit_scheme_title(unit)
            held = plan.assignments(unit)
            cited = list(dict.fromkeys(a.scheme_title for a in held if a.scheme_title))
            jobs.append(DocJob("units", _stem("units", i, title), title, "unit-scheme.md.j2",
                               {"plan": plan, "unit": unit, "title": title, "groups": unit_groups(plan, unit),
                                "schemes_cited": cited, "date": plan.unit_schemes_date,
                                "task_rows": plan.task_rows([a.task for a in held])},
                               f"{source}（单位 {unit.name}）", 1 + len(held)))
    return jobs


def plan_markdown(plan: Plan, templates: Sequence[Path] = ()) -> str:
    """The plan document itself (with its generated task table) as 公文 Markdown: the family's plan job."""
    return plan_jobs(plan, ("plan",))[0].markdown(templates)


def unit_groups(plan: Plan, unit) -> list[tuple[str, list[Assignment]]]:
    """A unit's tasks, from the plan and its sub-schemes, grouped under the plan's sections (in order)."""
    groups: dict[str, list[Assignment]] = {}
    for held in plan.assignments(unit):
        groups.setdefault(held.group, []).append(held)
    return list(groups.items())
