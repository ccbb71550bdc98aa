"""plan.yaml -> Plan, with every user error reported at its line and column in one go."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..errors import Location, OfficialDocsError, Problem
from ..textio import read_text_file
from ..yamlio import (
    PathKey,
    Positions,
    load_yaml_with_positions,
    parse_yaml_text,
    position_of,
    pydantic_problems,
)
from .checks import plan_findings
from .models import Finding, Plan, reference_findings


def load_plan(path: str | Path, *, cross_checks: bool = True) -> Plan:
    """Read and validate a plan file; raise OfficialDocsError listing all problems (sorted by line).

    With `cross_checks` (render, lint) the plan must also be complete enough to issue (plan.checks); warnings
    are in `plan.warnings`. Without, only its shape and unit references are checked (what `import` and
    `draft` promise for a plan the clerk goes on to complete)."""
    path = Path(path)
    if not path.is_file():
        raise OfficialDocsError(Problem(f"找不到计划文件 {path}", hint="检查路径和文件名"))
    data, positions = load_yaml_with_positions(path)
    return _build(data, positions, str(path), path, cross_checks, lambda: read_text_file(path))


def load_plan_text(text: str, file: str = "plan.yaml", *, cross_checks: bool = True) -> Plan:
    """Validate plan YAML given as text; `file` names it in messages and anchors relative paths (seal)."""
    data, positions = parse_yaml_text(text, file)
    return _build(data, positions, file, Path(file), cross_checks, lambda: text)


def _build(data: Any, positions: Positions, file: str, source: Path, cross_checks: bool,
           text: Callable[[], str]) -> Plan:
    _check_top_level(data, file, positions)
    problems = _reference_problems(data, positions, file)
    plan: Plan | None = None
    try:
        plan = Plan.model_validate(
            data, context={"base_dir": source.parent, "references_checked": True}
        )
    except ValidationError as exc:
        problems += pydantic_problems(exc, file, positions, model=Plan, data=data, text=text)
    if problems:
        raise OfficialDocsError(sorted(problems, key=_line_order))
    assert plan is not None  # no problems means validation succeeded
    # Cross-document checks need a valid plan: they run once the schema is satisfied.
    findings = plan_findings(plan) if cross_checks else []
    spots = _Spots(data, positions, text)
    errors = [_locate(f, positions, file, spots) for f in findings if not f.warning]
    if errors:
        raise OfficialDocsError(sorted(errors, key=_line_order))
    plan._source = source
    plan._warnings = sorted((_locate(f, positions, file, spots) for f in findings if f.warning), key=_line_order)
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
    return [_locate(finding, positions, file) for finding in reference_findings(data)]


def _locate(finding: Finding, positions: Positions, file: str, spots: _Spots | None = None) -> Problem:
    pos = position_of(positions, finding.path)
    if pos and spots is not None and finding.offset is not None and finding.path in positions:
        pos = spots.inside(finding.path, pos, finding.offset)
    return Problem(finding.message, Location(file, *pos) if pos else Location(file), finding.hint)


class _Spots:
    """Line:col of a character inside a string value (a unit named in a |- block), read from the source
    text on demand; where the mapping is not certain, the value's own position."""

    def __init__(self, data: Any, positions: Positions, text: Callable[[], str]):
        self.data, self.positions, self.text = data, positions, text
        self.lines: list[str] | None = None

    def inside(self, path: PathKey, pos: tuple[int, int], offset: int) -> tuple[int, int]:
        value: Any = self.data
        for step in path:
            value = value[step]
        if not isinstance(value, str):
            return pos
        offset += len(value) - len(value.lstrip())  # the model strips whitespace, the file does not
        if self.lines is None:
            try:
                self.lines = self.text().split("\n")
            except OfficialDocsError:
                self.lines = []
        line, col = pos
        head = self.lines[line - 1][col - 1:] if line <= len(self.lines) else ""
        before = value[:offset]
        if head.startswith("|"):  # a literal block: the text starts on the next line, lines kept
            line += 1 + before.count("\n")
            if line > len(self.lines):
                return pos
            row = self.lines[line - 1]
            col = len(row) - len(row.lstrip(" ")) + len(before.rsplit("\n", 1)[-1]) + 1
        elif "\n" in before or head.startswith(">"):
            return pos  # folded or multi-line flow text: lines are joined, keep the value's start
        else:
            col += offset + (1 if head[:1] in "'\"" else 0)
        found = self.lines[line - 1][col - 1:] if line <= len(self.lines) else ""
        return (line, col) if found.startswith(value[offset:offset + 4]) else pos


def _line_order(problem: Problem) -> tuple[int, int]:
    loc = problem.location
    return (loc.line or 0, loc.column or 0) if loc else (0, 0)
