"""Plan data -> 公文 Markdown through the plan template (the `compose` stage for plans)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from .compose import render_template
from .plan import Plan


def plan_markdown(plan: Plan, templates: Sequence[Path] = (), template: str = "plan.md.j2") -> str:
    """The plan document itself (with its generated task table); the family module makes the others."""
    return render_template(template, {"plan": plan, "task_rows": plan.task_rows()}, templates)
