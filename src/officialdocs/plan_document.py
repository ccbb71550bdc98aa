"""Plan data -> 公文 Markdown through the plan template (the `compose` stage for plans)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from .compose import render_template
from .plan import Plan


def plan_markdown(plan: Plan, templates: Sequence[Path] = (), template: str = "plan.md.j2") -> str:
    return render_template(template, {"plan": plan}, templates)
