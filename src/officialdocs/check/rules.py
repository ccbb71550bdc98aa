"""The rule catalogue (templates/rules/*.yaml) and the result types of `check` and `lint`.

The catalogue is data: id, severity, clause, Chinese title and tolerances per rule. A provincial variant
`extends` another catalogue and changes severities or tolerances, so no code changes for a local rule.
"""

from __future__ import annotations

from dataclasses import dataclass, field
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
    tolerances: dict[str, float] = field(default_factory=dict)

    def tol(self, name: str, default: float) -> float:
        return float(self.tolerances.get(name, default))


@dataclass(frozen=True)
class Catalogue:
    name: str
    rules: dict[str, Rule]

    def rule(self, rule_id: str) -> Rule:
        try:
            return self.rules[rule_id]
        except KeyError:
            # A catalogue that drops a rule the code knows: keep going, as a warning with no clause.
            return Rule(rule_id, "warning", "", rule_id)

    def enabled(self, rule_id: str) -> bool:
        return self.rule(rule_id).severity != "off"


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


class Results:
    """Collects CheckResults against a catalogue (shared by the PDF and the .docx checks)."""

    def __init__(self, catalogue: Catalogue):
        self.cat = catalogue
        self.results: list[CheckResult] = []

    def add(self, rule_id: str, name: str, measured: str, expected: str, tolerance: str, ok: bool | None,
            location: str = "", message: str = "") -> None:
        rule = self.cat.rule(rule_id)
        if rule.severity == "off":
            return
        status: Status = "na" if ok is None else ("pass" if ok else "fail")
        self.results.append(CheckResult(rule_id, name, rule.clause, rule.severity, measured, expected, tolerance,
                                        status, location, message))


@dataclass(frozen=True)
class Fix:
    """Replace value[start:end] with `text`; offsets are in the linted text (a YAML value, a Markdown line)."""

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


def load_catalogue(name_or_path: str | None = None) -> Catalogue:
    """A built-in catalogue by name (default gbt9704) or a YAML file."""
    path = rules_path(name_or_path or "gbt9704")
    if not path.is_file():
        raise OfficialDocsError(Problem(f"找不到规则文件 {name_or_path}", hint="给出规则 YAML 文件的路径，或用内置名称 gbt9704"))
    return _load(str(path.resolve()), _stamp(path))


def catalogue_for_profile(profile_name: str) -> Catalogue:
    """The built-in catalogue named like the style profile (a province's), else gbt9704."""
    own = templates_dir() / "rules" / f"{profile_name}.yaml"
    return load_catalogue(str(own) if own.is_file() else "gbt9704")


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
        if not isinstance(spec, dict):
            raise OfficialDocsError(Problem(f"规则 {rule_id} 应为键值表", _at(path, positions, ("rules", rule_id))))
        old = rules.get(rule_id)
        rules[rule_id] = Rule(
            id=str(rule_id),
            severity=_severity(spec.get("severity", old.severity if old else "error"), path, positions,
                               ("rules", rule_id, "severity")),
            clause=str(spec.get("clause", old.clause if old else "")),
            title=str(spec.get("title", old.title if old else rule_id)),
            tolerances={**(old.tolerances if old else {}), **(spec.get("tolerances") or {})},
        )
    for rule_id, level in (data.get("severity") or {}).items():
        old = rules.get(rule_id)
        if old is None:
            raise OfficialDocsError(Problem(f"未知的规则编号 “{rule_id}”", _at(path, positions, ("severity", rule_id))))
        rules[rule_id] = Rule(old.id, _severity(level, path, positions, ("severity", rule_id)), old.clause,
                              old.title, old.tolerances)
    for rule_id, tols in (data.get("tolerances") or {}).items():
        old = rules.get(rule_id)
        if old is None or not isinstance(tols, dict):
            raise OfficialDocsError(Problem(f"tolerances 中的 “{rule_id}” 不是已知规则或不是键值表",
                                            _at(path, positions, ("tolerances", rule_id))))
        rules[rule_id] = Rule(old.id, old.severity, old.clause, old.title, {**old.tolerances, **tols})
    return Catalogue(str(data.get("name") or Path(path).stem), rules)


def _severity(value: Any, path: str, positions: dict, key: tuple) -> Severity:
    if value not in SEVERITIES:
        raise OfficialDocsError(Problem(f"严重级别 “{value}” 无效", _at(path, positions, key), "应为 error、warning 或 off"))
    return value


def _at(path: str, positions: dict, key: tuple) -> Location:
    from ..yamlio import position_of

    pos = position_of(positions, key)
    return Location(path, *pos) if pos else Location(path)
