"""lint_file and lint_text: pre-flight (what `render` would refuse), then the catalogue's lint rules, then
(with fix=True) the safe fixes written back atomically."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path

from ...errors import Location, OfficialDocsError, Problem
from ...output import atomic_write
from ..catalogue import load_catalogue
from ..rules import Catalogue, Finding, Fix
from .fix import apply_fixes
from .preflight import PREFLIGHT
from .registry import RULES, Hit
from .sources import docx_source, source_for
from .units import LintSource


@dataclass
class LintResult:
    file: str
    findings: list[Finding]
    fixed: int = 0  # fixes applied (with fix=True)
    diff: str = ""
    catalogue: str = "gbt9704"
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(f.severity == "error" for f in self.findings)

    def as_dict(self) -> dict:
        return {"file": self.file, "ok": self.ok, "fixed": self.fixed, "rules": self.catalogue,
                "findings": [f.as_dict() for f in self.findings], "notes": self.notes}


def run_rules(source: LintSource, catalogue: Catalogue) -> list[Finding]:
    """Every registered lint rule the catalogue does not switch off, as located findings in file order."""
    findings: list[Finding] = []
    for impl in RULES:
        rule = catalogue.rule(impl.id)
        if rule.severity == "off":
            continue
        for hit in impl.func(source):
            findings.append(_finding(source.file, rule.id, rule.clause, rule.severity, hit))
    return _sorted(findings)


def _finding(file: str, rule_id: str, clause: str, severity, hit: Hit) -> Finding:
    unit = hit.unit
    fix = None
    pos: tuple[int, int] | None
    if hit.where is not None:
        return Finding(rule_id, clause, severity, hit.message, hit.where, None, hit.hint)
    if unit is not None:
        pos = unit.locate(hit.start if hit.at is None else hit.at)
        if hit.fix is not None:
            span = unit.span(hit.start, hit.end)
            fix = Fix(span[0], span[1], hit.fix) if span is not None else None
    else:
        pos = hit.pos  # a rule's own position, or None
    loc = Location(file, *pos) if pos else Location(file)
    return Finding(rule_id, clause, severity, hit.message, loc, fix, hit.hint)


def _sorted(findings: list[Finding]) -> list[Finding]:
    seen: set[tuple] = set()
    out = []
    for f in sorted(findings, key=lambda f: (f.location.line or 0, f.location.column or 0, f.id)):
        key = (f.id, f.location.line, f.location.column, f.message)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


def preflight(file: str, kind: str, catalogue: Catalogue, text: str | None = None) -> list[Finding]:
    """What `render` would refuse, as findings with render's own messages and locations."""
    findings: list[Finding] = []
    for impl in PREFLIGHT:
        rule = catalogue.rule(impl.id)
        if rule.severity != "off":
            findings += [_finding(file, rule.id, rule.clause, rule.severity, hit) for hit in impl.func(file, kind, text)]
    return findings


def _lint(text: str, kind: str, file: str, catalogue: Catalogue) -> list[Finding]:
    """Pre-flight, then the style rules (which need the file to parse: when it does not, pre-flight has said
    where)."""
    first = preflight(file, kind, catalogue)
    try:
        return first + lint_text(text, kind, file, catalogue)
    except OfficialDocsError:
        if first:
            return first
        raise


def lint_text(text: str, kind: str, file: str = "<text>", catalogue: Catalogue | None = None) -> list[Finding]:
    """Lint YAML (`kind` "yaml") or 公文 Markdown ("md") given as text (style rules only: no pre-flight)."""
    if kind not in ("yaml", "md"):
        raise ValueError(f"unknown kind {kind!r}")
    return run_rules(source_for(kind, text, file), catalogue or load_catalogue())


def _kind(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in (".yaml", ".yml"):
        return "yaml"
    if suffix in (".md", ".markdown"):
        return "md"
    if suffix == ".docx":
        return "docx"
    raise OfficialDocsError(Problem(f"不支持检查 “{path.suffix}” 文件", Location(str(path)), "可检查 .yaml、.md 和 .docx"))


def lint_file(path: Path | str, fix: bool = False, rules: str | None = None, write: bool = True) -> LintResult:
    """Lint one file. With `fix`, apply the safe fixes (.yaml, .md), write the file atomically (unless
    `write` is False) and return the findings that remain plus a unified diff."""
    path = Path(path)
    if not path.is_file():
        raise OfficialDocsError(Problem("找不到要检查的文件", Location(str(path)), "检查文件路径"))
    catalogue = load_catalogue(rules)
    kind = _kind(path)
    if kind == "docx":
        if fix:
            raise OfficialDocsError(Problem("--fix 只能修改 .yaml 和 .md 文件", Location(str(path)), "在 Word 中手工修改"))
        return LintResult(str(path), run_rules(docx_source(path, str(path)), catalogue), catalogue=catalogue.name)
    from ...textio import read_text

    source = read_text(path)  # any encoding we read; written back in the same one
    text = source.text
    findings = _lint(text, kind, str(path), catalogue)
    if not fix:
        return LintResult(str(path), findings, catalogue=catalogue.name)
    fixed_text, applied = text, 0
    current = findings
    for _ in range(3):  # a fix can expose another (a comma next to a bracket that became full-width)
        fixed_text, count = apply_fixes(fixed_text, current, kind, str(path))
        if count == 0:
            break
        applied += count
        current = lint_text(fixed_text, kind, str(path), catalogue)
    if applied == 0:
        return LintResult(str(path), findings, catalogue=catalogue.name)
    diff = "".join(difflib.unified_diff(text.splitlines(keepends=True), fixed_text.splitlines(keepends=True),
                                        f"{path}（修改前）", f"{path}（修改后）"))
    if write:
        atomic_write(path, source.encode(fixed_text))
    current = preflight(str(path), kind, catalogue, None if write else fixed_text) + current
    return LintResult(str(path), current, applied, diff, catalogue.name)
