"""The yearly work plan (plan.yaml): schema, loader and the task/unit views the generators use."""

from .loader import load_plan, load_plan_text
from .models import (
    Item,
    Plan,
    PlanAttachment,
    PlanColophon,
    PlanMasthead,
    Section,
    Unit,
    json_schema,
)
from .tasks import Task

__all__ = [
    "Item",
    "Plan",
    "PlanAttachment",
    "PlanColophon",
    "PlanMasthead",
    "Section",
    "Task",
    "Unit",
    "json_schema",
    "load_plan",
    "load_plan_text",
]
