"""plan.yaml -> Plan, with every user error reported at its line and column in one go."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..errors import Location, OfficialDocsError, Problem
from ..yamlio import Positions, load_yaml_with_positions, parse_yaml_text, position_of, pydantic_problems
from .models import Plan, reference_findings


def load_plan(path: str | Path) -> Plan:
    """Read and validate a plan file; raise OfficialDocsError listing all problems (sorted by line)."""
    path = Path(path)
    if not path.is_file():
        raise OfficialDocsError(Problem(f"找不到计划文件 {path}", hint="检查路径和文件名"))
    data, positions = load_yaml_with_positions(path)
    return _build(data, positions, str(path), path)


def load_plan_text(text: str, file: str = "plan.yaml") -> Plan:
    """Validate plan YAML given as text; `file` names it in messages and anchors relative paths (seal)."""
    data, positions = parse_yaml_text(text, file)
    return _build(data, positions, file, Path(file))


def _build(data: Any, positions: Positions, file: str, source: Path) -> Plan:
    _check_top_level(data, file, positions)
    problems = _reference_problems(data, positions, file)
    plan: Plan | None = None
    try:
        plan = Plan.model_validate(
            data, context={"base_dir": source.parent, "references_checked": True}
        )
    except ValidationError as exc:
        problems += pydantic_problems(exc, file, positions, model=Plan)
    if problems:
        raise OfficialDocsError(sorted(problems, key=_line_order))
    assert plan is not None  # no problems means validation succeeded
    plan._source = source
    return plan


def _check_top_level(data: Any, file: str, positions: Positions) -> None:
    if data is None:
        raise OfficialDocsError(Problem("计划文件是空的", Location(file, 1, 1), "至少写 title: 和 sections:"))
    if not isinstance(data, dict):
        line, col = position_of(positions, ()) or (1, 1)
        raise OfficialDocsError(
            Problem("计划文件顶层应为键值表（key: value），而不是列表或单个值", Location(file, line, col), "参照示例以 title: 开头")
        )


def _reference_problems(data: dict[str, Any], positions: Positions, file: str) -> list[Problem]:
    """Unit checks span the whole file, so pydantic cannot place them; locate them via the positions map."""
    problems = []
    for finding in reference_findings(data):
        pos = position_of(positions, finding.path)
        problems.append(Problem(finding.message, Location(file, *pos) if pos else Location(file), finding.hint))
    return problems


def _line_order(problem: Problem) -> tuple[int, int]:
    loc = problem.location
    return (loc.line or 0, loc.column or 0) if loc else (0, 0)
