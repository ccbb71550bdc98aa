"""The rule catalogue (templates/rules/*.yaml) as data, and the result types of `check` and `lint`.

The catalogue gives each rule its severity, clause, Chinese title and tolerances. A provincial variant
`extends` another catalogue and changes severities or tolerances, so a local rule needs no code. This module
only reads the file; `catalogue.load_catalogue` also proves that the catalogue and the implemented rules
match one to one.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal

from ..errors import Location, OfficialDocsError, Problem
from ..resources import templates_dir

Severity = Literal["error", "warning", "off"]
Status = Literal["pass", "fail", "na"]
SEVERITIES = ("error", "warning", "off")


@dataclass(frozen=True)
class Rule:
    id: str
    severity: Severity
    clause: str
    title: str
    tolerances: tuple[tuple[str, float], ...] = ()
    values: tuple[tuple[str, float], ...] = ()  # the standard's own numbers that no style profile carries
    where: Location | None = None  # the catalogue line that defines it (for messages)

    def tol(self, name: str) -> float:
        """A tolerance from the catalogue; catalogue.load_catalogue has proved that it is there."""
        return _lookup(self.tolerances, name, self.id)

    def value(self, name: str) -> float:
        return _lookup(self.values, name, self.id)


def _lookup(items: tuple[tuple[str, float], ...], name: str, rule_id: str) -> float:
    for key, value in items:
        if key == name:
            return value
    raise KeyError(f"rule {rule_id} has no {name!r} in its catalogue entry")


@dataclass(frozen=True)
class Catalogue:
    name: str
    path: str
    rules: dict[str, Rule]

    def rule(self, rule_id: str) -> Rule:
        return self.rules[rule_id]


@dataclass
class CheckResult:
    """One measurement of `check`: what was measured, what the profile expects, and whether it conforms.

    status "na" (不适用) means the element is absent or could not be measured; it never fails a check.
    """

    id: str
    name: str  # the aspect measured, in Chinese (e.g. 左边缘)
    clause: str
    severity: Severity
    measured: str
    expected: str
    tolerance: str
    status: Status
    location: str = ""  # e.g. 第3页
    message: str = ""

    @property
    def passed(self) -> bool | None:
        return None if self.status == "na" else self.status == "pass"

    @property
    def failed_error(self) -> bool:
        return self.status == "fail" and self.severity == "error"

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "clause": self.clause, "severity": self.severity,
                "measured": self.measured, "expected": self.expected, "tolerance": self.tolerance,
                "status": self.status, "passed": self.passed, "location": self.location, "message": self.message}


@dataclass(frozen=True)
class Fix:
    """Replace text[start:end] of the source file with `text`."""

    start: int
    end: int
    text: str


@dataclass
class Finding:
    """One problem found by `lint`, located as file:line:col."""

    id: str
    clause: str
    severity: Severity
    message: str
    location: Location
    fix: Fix | None = None
    hint: str | None = None

    @property
    def measured(self) -> str:  # the shape shared with CheckResult (report.py prints both)
        return self.message

    @property
    def passed(self) -> bool:
        return False

    def as_dict(self) -> dict[str, Any]:
        loc = self.location
        return {"id": self.id, "clause": self.clause, "severity": self.severity, "message": self.message,
                "hint": self.hint, "file": loc.file, "line": loc.line, "column": loc.column,
                "fixable": self.fix is not None}


def rules_path(name_or_path: str) -> Path:
    path = Path(name_or_path)
    if path.suffix in (".yaml", ".yml") or path.exists():
        return path
    return templates_dir() / "rules" / f"{name_or_path}.yaml"


def read_catalogue(name_or_path: str | None = None) -> Catalogue:
    """A built-in catalogue by name (default gbt9704) or a YAML file, as written (not yet matched with the
    implemented rules: use catalogue.load_catalogue)."""
    path = rules_path(name_or_path or "gbt9704")
    if not path.is_file():
        raise OfficialDocsError(Problem(f"找不到规则文件 {name_or_path}", hint="给出规则 YAML 文件的路径，或用内置名称 gbt9704"))
    return _load(str(path.resolve()), _stamp(path))


def builtin_catalogue_for(profile_name: str) -> str:
    """The built-in catalogue named like the style profile (a province's), else gbt9704."""
    own = templates_dir() / "rules" / f"{profile_name}.yaml"
    return str(own) if own.is_file() else "gbt9704"


def _stamp(path: Path) -> tuple[int, int]:
    """A file's modification time and size: an edited catalogue is read again, an unchanged one is not."""
    stat = path.stat()
    return stat.st_mtime_ns, stat.st_size


@cache
def _load(path: str, stamp: tuple[int, int] = (0, 0), depth: int = 0) -> Catalogue:
    from ..yamlio import load_yaml_with_positions

    data, positions = load_yaml_with_positions(Path(path))
    where = Location(path)
    if not isinstance(data, dict) or not (isinstance(data.get("rules"), dict) or data.get("extends")):
        raise OfficialDocsError(Problem("不是规则文件：应有 rules 或 extends", where, "参见 templates/rules/gbt9704.yaml"))
    rules: dict[str, Rule] = {}
    base = data.get("extends")
    if base:
        if depth > 5:
            raise OfficialDocsError(Problem("规则文件 extends 层级过深（循环引用？）", where))
        parent = rules_path(str(base))
        if not parent.is_absolute() and not parent.is_file():
            parent = Path(path).parent / str(base)
        if not parent.is_file():
            raise OfficialDocsError(Problem(f"extends 指向的规则文件 “{base}” 不存在", where))
        rules = dict(_load(str(parent.resolve()), _stamp(parent), depth + 1).rules)
    for rule_id, spec in (data.get("rules") or {}).items():
        at = _at(path, positions, ("rules", rule_id))
        if not isinstance(spec, dict):
            raise OfficialDocsError(Problem(f"规则 {rule_id} 应为键值表", at))
        old = rules.get(rule_id)
        rules[rule_id] = Rule(
            id=str(rule_id),
            severity=_severity(spec.get("severity", old.severity if old else "error"), path, positions,
                               ("rules", rule_id, "severity")),
            clause=str(spec.get("clause", old.clause if old else "")),
            title=str(spec.get("title", old.title if old else rule_id)),
            tolerances=_numbers(old.tolerances if old else (), spec.get("tolerances"), path, positions,
                                ("rules", rule_id, "tolerances")),
            values=_numbers(old.values if old else (), spec.get("values"), path, positions, ("rules", rule_id, "values")),
            where=at,
        )
    for rule_id, level in (data.get("severity") or {}).items():
        old = rules.get(rule_id)
        if old is None:
            raise OfficialDocsError(Problem(f"未知的规则编号 “{rule_id}”", _at(path, positions, ("severity", rule_id))))
        rules[rule_id] = Rule(old.id, _severity(level, path, positions, ("severity", rule_id)), old.clause,
                              old.title, old.tolerances, old.values, old.where)
    for rule_id, tols in (data.get("tolerances") or {}).items():
        old = rules.get(rule_id)
        if old is None:
            raise OfficialDocsError(Problem(f"tolerances 中的 “{rule_id}” 不是已知规则",
                                            _at(path, positions, ("tolerances", rule_id))))
        rules[rule_id] = Rule(old.id, old.severity, old.clause, old.title,
                              _numbers(old.tolerances, tols, path, positions, ("tolerances", rule_id)), old.values,
                              _at(path, positions, ("tolerances", rule_id)))
    return Catalogue(str(data.get("name") or Path(path).stem), path, rules)


def _numbers(old: tuple[tuple[str, float], ...], spec: Any, path: str, positions: dict,
             key: tuple) -> tuple[tuple[str, float], ...]:
    merged = dict(old)
    if spec is None:
        return tuple(sorted(merged.items()))
    if not isinstance(spec, dict):
        raise OfficialDocsError(Problem(f"{key[-1]} 应为键值表，如 {{edge: 1.0}}", _at(path, positions, key)))
    for name, value in spec.items():
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
            raise OfficialDocsError(Problem(f"{key[-1]} 中 {name} 的值 “{value}” 应为非负数", _at(path, positions, (*key, name))))
        merged[str(name)] = float(value)
    return tuple(sorted(merged.items()))


def _severity(value: Any, path: str, positions: dict, key: tuple) -> Severity:
    if value not in SEVERITIES:
        raise OfficialDocsError(Problem(f"严重级别 “{value}” 无效", _at(path, positions, key), "应为 error、warning 或 off"))
    return value


def _at(path: str, positions: dict, key: tuple) -> Location:
    from ..yamlio import position_of

    pos = position_of(positions, key)
    return Location(path, *pos) if pos else Location(path)


class Out:
    """Where one rule writes its results: its id, severity and clause come from the catalogue."""

    def __init__(self, rule: Rule, results: list[CheckResult]):
        self.rule = rule
        self.results = results

    def tol(self, name: str) -> float:
        return self.rule.tol(name)

    def value(self, name: str) -> float:
        return self.rule.value(name)

    def add(self, name: str, measured: str, expected: str, tolerance: str, ok: bool | None, location: str = "",
            message: str = "") -> None:
        status: Status = "na" if ok is None else ("pass" if ok else "fail")
        self.results.append(CheckResult(self.rule.id, name, self.rule.clause, self.rule.severity, measured, expected,
                                        tolerance, status, location, message))

    def na(self, name: str, why: str, expected: str = "") -> None:
        self.add(name, "—", expected, "", None, message=why)
