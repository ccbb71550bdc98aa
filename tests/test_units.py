"""Unit schemes (issue 13.6) and the unit -> tasks index that makes them linear (issue 12.6/12.9)."""

from __future__ import annotations

import pytest

from officialdocs.family import plan_jobs
from officialdocs.plan import Plan
from officialdocs.plan import tasks as task_views


def _many_units(n: int) -> Plan:
    """n units with one task each (the shape of the 10,000-unit report in issue 12)."""
    units = [{"name": f"××区第{i}街道办事处", "short": f"第{i}街道", "kind": "street"} for i in range(n)]
    items = [{"title": f"做好第{i}项工作", "text": f"认真做好第{i}项工作。", "lead": f"第{i}街道", "due": "年内"}
             for i in range(n)]
    sections = [{"title": f"第{s + 1}部分", "items": items[s * 1000:(s + 1) * 1000]} for s in range(-(-n // 1000))]
    return Plan.model_validate({"title": "××区2011年双拥工作要点", "sections": sections, "units": units})


def _count_task_work(monkeypatch, n: int) -> int:
    """Items walked plus tasks built while making the unit-scheme jobs of an n-unit plan."""
    calls = {"n": 0}
    walk, make = task_views.walk, task_views.make_task

    def counting_walk(items, parent):
        calls["n"] += 1
        return walk(items, parent)

    def counting_make(*args, **kwargs):
        calls["n"] += 1
        return make(*args, **kwargs)

    monkeypatch.setattr(task_views, "walk", counting_walk)
    monkeypatch.setattr(task_views, "make_task", counting_make)
    plan = _many_units(n)
    jobs = plan_jobs(plan, ["units"])
    assert len(jobs) == n and not plan.units_without_tasks()
    assert [task.title for task, _ in plan.tasks_for(plan.units[-1])] == [f"做好第{n - 1}项工作"]
    return calls["n"]


@pytest.mark.slow
def test_unit_schemes_are_linear_in_the_number_of_units(monkeypatch):
    small = _count_task_work(monkeypatch, 1_000)
    large = _count_task_work(monkeypatch, 10_000)
    # One walk over the plan, however many units ask: 10× the units is 10× the work (it was 100×).
    assert small <= 3 * 1_000
    assert large <= 10.5 * small
