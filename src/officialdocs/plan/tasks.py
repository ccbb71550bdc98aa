"""The task views of a plan: every item as a Task with its units resolved, and the unit -> tasks index.

The index is built once per Plan (one walk over the plan and its sub-schemes), so asking for the tasks of
every unit is linear in the size of the plan, not units × tasks.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from ..cjk import sentences
from ..numerals import heading_number, parse_item_reference, strip_heading_number

if TYPE_CHECKING:
    from .models import Plan, Unit

Role = Literal["牵头", "配合"]


@dataclass(frozen=True)
class Task:
    """One item (levels 2–4) of the plan or of a sub-scheme, with its units resolved.

    `path` holds 0-based indexes from the section; `scheme` is the index of the sub-scheme it belongs to
    (None: the plan itself)."""

    path: tuple[int, ...]
    level: int
    number: str
    title: str
    lead: Unit | None
    partners: list[Unit] = field(default_factory=list)
    due: str | None = None
    section_title: str = ""
    text: str | None = None
    scheme: int | None = None

    @property
    def units(self) -> list[Unit]:
        return ([self.lead] if self.lead else []) + self.partners


@dataclass
class TaskIndex:
    """Every task of the plan and its sub-schemes, and for each unit (by full name) the tasks it holds."""

    units_by_key: dict[str, Unit]
    tasks: list[Task]  # the plan's own, in document order
    scheme_tasks: list[Task]  # the sub-schemes', scheme by scheme
    by_unit: dict[str, list[tuple[Task, Role]]]  # plan tasks first, then the sub-schemes'
    anchors: list[tuple[int, ...] | None] = field(default_factory=list)  # per scheme: the plan item it serves


def walk(items: list[Any], parent: tuple[int, ...]) -> Iterator[tuple[Any, tuple[int, ...]]]:
    """Depth-first, parents before their children (document order)."""
    for i, item in enumerate(items):
        path = (*parent, i)
        yield item, path
        yield from walk(item.items, path)


def make_task(item: Any, path: tuple[int, ...], section_title: str, by_key: Mapping[str, Unit],
              scheme: int | None = None) -> Task:
    level = len(path)
    return Task(
        path=path,
        level=level,
        number=heading_number(level, path[-1] + 1),
        title=strip_heading_number(level, item.title)[1],
        lead=by_key[item.lead] if item.lead else None,
        partners=[by_key[p] for p in item.partners],
        due=item.due,
        section_title=strip_heading_number(1, section_title)[1],
        text=item.text,
        scheme=scheme,
    )


def _section_tasks(sections: list[Any], by_key: Mapping[str, Unit], scheme: int | None) -> list[Task]:
    return [make_task(item, path, section.title, by_key, scheme)
            for s, section in enumerate(sections) for item, path in walk(section.items, (s,))]


def build_index(plan: Plan) -> TaskIndex:
    """One pass over the plan and its sub-schemes."""
    by_key = {key: unit for unit in plan.units for key in unit.keys}
    tasks = _section_tasks(plan.sections, by_key, None)
    scheme_tasks = [t for k, scheme in enumerate(plan.schemes) for t in _section_tasks(scheme.sections, by_key, k)]
    by_unit: dict[str, list[tuple[Task, Role]]] = {}
    for task in tasks + scheme_tasks:
        if task.lead is not None:
            by_unit.setdefault(task.lead.name, []).append((task, "牵头"))
        for name in dict.fromkeys(u.name for u in task.partners):
            if task.lead is None or name != task.lead.name:
                by_unit.setdefault(name, []).append((task, "配合"))
    anchors = [resolve_item(plan, scheme.item) if scheme.item else None for scheme in plan.schemes]
    return TaskIndex(by_key, tasks, scheme_tasks, by_unit, anchors)


# ---------------------------------------------------------------- what a unit is asked to do

# Words by which a plan's text addresses every unit of a kind (各镇、街道、园区要…) or every unit (各单位要…).
_ADDRESSED = {"town": ("各镇", "镇、街道"), "street": ("街道",), "park": ("园区",), "army": ("部队", "人武部")}
_EVERYONE = ("各单位", "各有关单位", "军地各单位", "有关单位", "各级")


@dataclass(frozen=True)
class Assignment:
    """One task as one unit holds it: its role, the other units, and the plan's own words for it."""

    task: Task
    role: Role
    unit: Unit
    group: str  # the plan section it is listed under (or the sub-scheme, when that names no plan item)
    scheme_title: str | None = None  # the sub-scheme the task comes from

    @property
    def lead(self) -> str | None:
        return self.task.lead.label if self.task.lead else None

    @property
    def others(self) -> list[str]:
        """The other units on the task: partners for a lead, fellow partners for a partner."""
        return [u.label for u in self.task.partners if u.name != self.unit.name]

    def what(self, limit: int = 200) -> str:
        """The plan's text of the task, condensed to about `limit` characters of whole sentences: the first
        sentence (what is to be done), then those that address this unit — by name, or as one of 各镇 /
        街道 / 各单位 — then the rest in order while there is room."""
        parts = sentences(self.task.text or "")
        if sum(len(p) for p in parts) <= limit:
            return "".join(parts)
        words = [*self.unit.keys, *_ADDRESSED.get(self.unit.kind, ()), *_EVERYONE]
        keep = {0}
        for wanted in (lambda p: any(w in p for w in words), lambda p: True):
            for i, part in enumerate(parts):
                size = sum(len(parts[k]) for k in keep)
                if i not in keep and wanted(part) and size + len(part) <= limit:
                    keep.add(i)
        return "".join(parts[i] for i in sorted(keep))


def assignments(plan: Plan, index: TaskIndex, unit: Unit) -> list[Assignment]:
    """Every task `unit` holds in the plan and its sub-schemes, in the plan's order: a sub-scheme's tasks
    follow the plan item it serves (二（一） -> after 二（一）'s own tasks), under that item's section."""
    sections = [strip_heading_number(1, s.title)[1] for s in plan.sections]
    end = len(sections)
    ranked = []
    for seq, (task, role) in enumerate(index.by_unit.get(unit.name, [])):
        if task.scheme is None:
            key, group, scheme_title = (task.path[0], task.path[1] if len(task.path) > 1 else -1, 0, seq), \
                sections[task.path[0]], None
        else:
            anchor = index.anchors[task.scheme]
            scheme_title = plan.schemes[task.scheme].title
            if anchor is None:
                key, group = (end, task.scheme, 1, seq), f"落实《{scheme_title}》"
            else:
                key, group = (anchor[0], anchor[1] if len(anchor) > 1 else end, 1, seq), sections[anchor[0]]
        ranked.append((key, Assignment(task, role, unit, group, scheme_title)))
    return [a for _, a in sorted(ranked, key=lambda pair: pair[0])]


def resolve_item(plan: Plan, reference: str) -> tuple[int, ...] | None:
    """The plan item a sub-scheme's `item:` names: by number (二（一）) or by title; 0-based path or None."""
    reference = reference.strip()
    numbers = parse_item_reference(reference)
    if numbers is not None:
        path = tuple(n - 1 for n in numbers)
        return path if _exists(plan.sections, path) else None
    for s, section in enumerate(plan.sections):
        if strip_heading_number(1, section.title)[1] == reference:
            return (s,)
        for item, path in walk(section.items, (s,)):
            if strip_heading_number(len(path), item.title)[1] == reference:
                return path
    return None


def _exists(sections: list[Any], path: tuple[int, ...]) -> bool:
    if not path or path[0] >= len(sections):
        return False
    items: list[Any] = sections[path[0]].items
    for index in path[1:]:
        if index >= len(items):
            return False
        items = items[index].items
    return True
