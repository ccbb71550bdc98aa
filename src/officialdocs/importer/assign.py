"""Merge a spreadsheet's units and task assignments into an existing plan.yaml:
`officialdocs import 任务分解表.xlsx -o plan.yaml`.

Units are matched by full or short name (new ones are added, changed 简称/类别/落款 updated); task rows by
the item's title (the 条目 column, e.g. 二（一）, settles titles that occur twice). A row whose title is not
in the plan is reported as new and left out (where it belongs in the structure is the writer's decision);
a row that fits several items is reported as ambiguous. A unit name the plan does not declare is an error
with its cell, and then nothing is written. plan.yaml is edited round-trip (ruamel.yaml), so its comments,
key order and quoting survive; the result is loaded back before it is written.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from ..errors import Location, OfficialDocsError, Problem
from ..numerals import strip_heading_number
from ..plan.models import Plan, Task, Unit
from ..textio import read_text_file
from ..yamlio import suggest
from .sheet import Table, read_tables

Status = Literal["unchanged", "changed", "new", "ambiguous", "added", "updated"]
_KINDS = {"镇": "town", "乡": "town", "乡镇": "town", "街道": "street", "园区": "park", "开发区": "park",
          "部门": "department", "部队": "army", "其他": "other"}
_SPLIT = re.compile(r"[、,，;；/\n]+|\s{2,}|\u3000")


@dataclass
class RowResult:
    where: str  # 任务分解表.xlsx（任务分解表）第5行
    kind: Literal["task", "unit"]
    status: Status
    name: str  # the task title or unit name
    detail: str = ""

    def as_dict(self) -> dict[str, str]:
        return {"where": self.where, "kind": self.kind, "status": self.status, "name": self.name, "detail": self.detail}


@dataclass
class MergeResult:
    text: str  # the merged plan.yaml
    changed: bool
    rows: list[RowResult] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return dict(Counter(f"{r.kind}:{r.status}" for r in self.rows))

    def summary(self) -> str:
        c = self.counts()
        tasks = c.get("task:unchanged", 0) + c.get("task:changed", 0)
        return (f"任务：匹配 {tasks} 项（修改 {c.get('task:changed', 0)} 项），计划中没有的 {c.get('task:new', 0)} 项"
                f"（未写入），不明确 {c.get('task:ambiguous', 0)} 项；单位：新增 {c.get('unit:added', 0)} 个，"
                f"更新 {c.get('unit:updated', 0)} 个，未变 {c.get('unit:unchanged', 0)} 个")


def merge_tables(source: Path, plan_path: Path) -> MergeResult:
    """Read `source` (.xlsx or .csv) and merge it into the plan file's text (not written here)."""
    from ..plan import load_plan
    from ..plan.draft import _round_trip_yaml
    from ..plan.loader import load_plan_text

    if not Path(plan_path).is_file():
        raise OfficialDocsError(Problem("找不到要并入的 plan.yaml", Location(str(plan_path)),
                                        "表格中的单位和分工并入已有的计划文件：-o 指向它"))
    tables = read_tables(source)
    plan = load_plan(plan_path)
    text = read_text_file(plan_path)
    yaml = _round_trip_yaml(text)
    data = yaml.load(text)
    merger = _Merger(plan, data)
    for table in (t for t in tables if t.kind == "units"):
        merger.units(table)
    for table in (t for t in tables if t.kind == "tasks"):
        merger.tasks(table)
    if merger.problems:
        raise OfficialDocsError(merger.problems)
    buffer = io.StringIO()
    yaml.dump(data, buffer)
    merged = buffer.getvalue()
    load_plan_text(merged, str(plan_path))  # never write a plan that does not load
    return MergeResult(merged, merged != text, merger.rows)


class _Merger:
    def __init__(self, plan: Plan, data: CommentedMap):
        self.plan, self.data = plan, data
        self.rows: list[RowResult] = []
        self.problems: list[Problem] = []
        self.by_key: dict[str, Unit] = dict(plan.units_by_key())
        self.short = _prefers_short(plan)

    # ------------------------------------------------------------------------------------------ units
    def units(self, table: Table) -> None:
        if self.data.get("units") is None:
            self.data["units"] = CommentedSeq()
        nodes: CommentedSeq = self.data["units"]
        for row, cells in table.rows:
            name = table.cell(cells, "单位全称") or ""
            if not name:
                continue
            where = f"{table.where}第{row}行"
            short, kind_label, signature = (table.cell(cells, c) for c in ("简称", "类别", "落款"))
            kind = _KINDS.get(kind_label or "", kind_label if kind_label in _KINDS.values() else None)
            if kind_label and kind is None:
                loc = table.ref(row, "类别")
                self.problems.append(Problem(f"单元格 {Table.cell_name(loc)}：单位类别 “{kind_label}” 不认识", loc,
                                             "可写：" + "、".join(dict.fromkeys(_KINDS))))
                continue
            wanted = {"short": short or None, "kind": kind, "signature": signature or None}
            node = next((n for n in nodes if name in (n.get("name"), n.get("short"))), None)
            if node is None:
                node = CommentedMap([("name", name)] + [(k, v) for k, v in wanted.items() if v])
                nodes.append(node)
                self.rows.append(RowResult(where, "unit", "added", name))
            else:
                changes = [f"{k}: {node.get(k) or '（无）'} → {v}" for k, v in wanted.items() if v and node.get(k) != v]
                if short and node.get("short") and node["short"] != short:
                    self._rename(node["short"], short)  # tasks that name the unit by its old short name
                for k, v in wanted.items():
                    if v:
                        node[k] = v
                self.rows.append(RowResult(where, "unit", "updated" if changes else "unchanged", node["name"],
                                           "；".join(changes)))
            unit = Unit.model_validate(dict(node))
            for key in unit.keys:
                self.by_key[key] = unit

    def _rename(self, old: str, new: str) -> None:
        self.by_key.pop(old, None)

        def walk(node: Any) -> None:
            if isinstance(node, dict):
                if node.get("lead") == old:
                    node["lead"] = new
                partners = node.get("partners")
                if isinstance(partners, list):
                    partners[:] = [new if p == old else p for p in partners]
                elif partners == old:
                    node["partners"] = new
                for value in node.values():
                    walk(value)
            elif isinstance(node, list):
                for value in node:
                    walk(value)

        for key in ("sections", "schemes"):
            walk(self.data.get(key))

    # ------------------------------------------------------------------------------------------ tasks
    def tasks(self, table: Table) -> None:
        from ..tasks_xlsx import position

        index: dict[str, list[Task]] = {}
        for task in self.plan.tasks():
            index.setdefault(_plain_title(task.title), []).append(task)
        used: set[tuple[int, ...]] = set()
        for row, cells in table.rows:
            title = _plain_title(table.cell(cells, "工作任务") or "")
            if not title:
                continue
            where = f"{table.where}第{row}行"
            found = index.get(title, [])
            place = table.cell(cells, "条目")
            if len(found) > 1 and place:
                found = [t for t in found if position(t) == re.sub(r"\s", "", place)] or found
            if not found:
                guess = suggest(title, list(index))
                self.rows.append(RowResult(where, "task", "new", title, f"是否指 “{guess}”？" if guess else
                                           "计划中没有这一条目；请在 plan.yaml 的相应部分加入后再导入"))
                continue
            if len(found) > 1 or found[0].path in used:
                places = "、".join(position(t) for t in found)
                note = f"计划中有 {len(found)} 处同名条目（{places}）；填写“条目”列以区分" if len(found) > 1 else "与前面的行重复"
                self.rows.append(RowResult(where, "task", "ambiguous", title, note))
                continue
            used.add(found[0].path)
            self._assign(table, row, cells, found[0], where)

    def _assign(self, table: Table, row: int, cells: list[str], task: Task, where: str) -> None:
        lead_text, partner_text, due = (table.cell(cells, c) for c in ("牵头单位", "配合单位", "完成时限"))
        lead = self._units(table, row, "牵头单位", lead_text) if lead_text is not None else None
        partners = self._units(table, row, "配合单位", partner_text) if partner_text is not None else None
        if lead is None and lead_text or partners is None and partner_text:
            return  # an unknown unit: reported as a problem
        if lead is not None and len(lead) > 1:
            loc = table.ref(row, "牵头单位")
            self.problems.append(Problem(f"单元格 {Table.cell_name(loc)}：牵头单位只能写一个", loc,
                                         "其余单位写在“配合单位”列"))
            return
        node = self._node(task.path)
        changes: list[str] = []
        if lead_text is not None:
            new = lead[0] if lead else None
            if (task.lead.name if task.lead else None) != (new.name if new else None):
                changes.append(f"牵头单位 {task.lead.label if task.lead else '（无）'} → {new.label if new else '（无）'}")
                _put(node, "lead", self._label(new) if new else None)
        if partners is not None and [u.name for u in partners] != [u.name for u in task.partners]:
            old = "、".join(u.label for u in task.partners) or "（无）"
            changes.append(f"配合单位 {old} → {'、'.join(u.label for u in partners) or '（无）'}")
            flow = not isinstance(node.get("partners"), CommentedSeq) or node["partners"].fa.flow_style()
            seq = CommentedSeq([self._label(u) for u in partners])
            if flow:
                seq.fa.set_flow_style()
            _put(node, "partners", seq if partners else None)
        if due is not None and (due or None) != (task.due or None) and (due or None) != node.get("due"):
            changes.append(f"完成时限 {task.due or '（无）'} → {due or '（无）'}")
            _put(node, "due", due or None)
        self.rows.append(RowResult(where, "task", "changed" if changes else "unchanged", task.title, "；".join(changes)))

    def _units(self, table: Table, row: int, column: str, text: str) -> list[Unit] | None:
        names = [n.strip() for n in _SPLIT.split(text) if n.strip()]
        unknown = [n for n in names if n not in self.by_key]
        if unknown:
            loc = table.ref(row, column)
            guess = suggest(unknown[0], list(self.by_key))
            self.problems.append(Problem(
                f"单元格 {Table.cell_name(loc)}：{column} “{unknown[0]}” 不是 plan.yaml 中声明的责任单位", loc,
                f"是否想写 “{guess}”？" if guess else "先在 plan.yaml 的 units 中声明，或在同一工作簿的“责任单位”表中列出"))
            return None
        return list(dict.fromkeys(self.by_key[n] for n in names))

    def _label(self, unit: Unit) -> str:
        return unit.short if self.short and unit.short else unit.name

    def _node(self, path: tuple[int, ...]) -> CommentedMap:
        node = self.data["sections"][path[0]]
        for index in path[1:]:
            node = node["items"][index]
        return node


def _put(node: CommentedMap, key: str, value: Any) -> None:
    """Set, add (before a nested `items`, where the sample keeps lead/partners/due) or remove a key."""
    if value is None:
        node.pop(key, None)
    elif key in node:
        node[key] = value
    else:
        node.insert(list(node).index("items") if "items" in node else len(node), key, value)


def _plain_title(text: str) -> str:
    """A title as the plan keeps it: no heading number a writer may have typed, no spaces, no final 。."""
    text = re.sub(r"\s+", "", text)
    for level in (2, 3, 4):
        number, rest = strip_heading_number(level, text)
        if number:
            text = rest
            break
    return text.rstrip("。；;.")


def _prefers_short(plan: Plan) -> bool:
    """Whether the plan mostly names units by their short names (new assignments are written the same way)."""
    shorts = {u.short for u in plan.units if u.short}
    named = [n for s in plan.sections for n in _unit_names(s.items)]
    return sum(n in shorts for n in named) >= len(named) / 2 if named else True


def _unit_names(items: list[Any]) -> list[str]:
    out: list[str] = []
    for item in items:
        out += ([item.lead] if item.lead else []) + list(item.partners) + _unit_names(item.items)
    return out
