"""Conformance check of a PDF or .docx against GB/T 9704 (`check`) and 公文 text lint (`lint`).

    report = check_file("公文.pdf")                 # CheckReport: results, .ok
    report = check_file("公文.pdf", fmt="letter")   # 信函格式 (chapter 10), else detected
    report = check_file("公文.docx", render=True)   # XML checks, then LibreOffice -> PDF -> geometry
    result = lint_file("plan.yaml", fix=True)       # LintResult: findings, diff

Expected values come from the style profile (templates/styles/NAME.yaml); rule severities, clauses and
tolerances from the rule catalogue (templates/rules/NAME.yaml, else gbt9704.yaml), which `load_catalogue`
matches one to one with the rules implemented in check/pdf, check/docx.py and check/lint.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import Location, OfficialDocsError, Problem
from . import docx as docx_module
from .catalogue import catalogue_for_profile, load_catalogue
from .lint.api import LintResult, lint_file, lint_text
from .ofdread import read_ofd
from .pdf import FORMATS, Measure, check_pdf, run_pdf_rules
from .pdfread import read_pdf
from .rules import Catalogue, CheckResult, Finding, Fix, Rule


@dataclass
class CheckReport:
    file: str
    kind: str  # "pdf" | "ofd" | "docx"
    profile: str
    catalogue: str
    results: list[CheckResult]
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """No error-level check failed (warnings and 不适用 do not fail a document)."""
        return not any(r.failed_error for r in self.results)

    def counts(self) -> dict[str, int]:
        out = {"pass": 0, "fail": 0, "warning": 0, "na": 0}
        for r in self.results:
            if r.status == "fail":
                out["fail" if r.severity == "error" else "warning"] += 1
            else:
                out[r.status] += 1
        return out

    def failed_ids(self, severity: str | None = "error") -> set[str]:
        return {r.id for r in self.results if r.status == "fail" and (severity is None or r.severity == severity)}

    def as_dict(self) -> dict[str, Any]:
        return {"file": self.file, "kind": self.kind, "profile": self.profile, "rules": self.catalogue,
                "ok": self.ok, "summary": self.counts(), "notes": self.notes,
                "results": [r.as_dict() for r in self.results]}


def check_file(path: Path | str, profile: str | None = None, render: bool = False, rules: str | None = None,
               fmt: str | None = None) -> CheckReport:
    """Check one PDF or .docx. `profile` names the style profile (expected values); the rule catalogue is
    `rules`, else the built-in one named like the profile, else gbt9704; `fmt` is the 公文 format (file,
    letter, order, minutes), else detected from the page."""
    return check_files([path], profile, render, rules, fmt)[0]


def check_files(paths: list[Path | str] | list[Path] | list[str], profile: str | None = None, render: bool = False,
                rules: str | None = None, fmt: str | None = None) -> list[CheckReport]:
    """Check several files; with `render`, every .docx goes through one LibreOffice run."""
    from ..style import load_profile

    if fmt is not None and fmt not in FORMATS:
        raise OfficialDocsError(Problem(f"未知的公文格式 “{fmt}”", hint=f"可选：{'、'.join(FORMATS)}"))
    files = [Path(p) for p in paths]
    for path in files:
        if not path.is_file():
            raise OfficialDocsError(Problem("找不到要检查的文件", Location(str(path)), "检查文件路径"))
        if path.suffix.lower() not in (".pdf", ".docx", ".ofd"):
            raise OfficialDocsError(Problem(f"不支持检查 “{path.suffix}” 文件", Location(str(path)), "可检查 .pdf、.ofd 和 .docx"))
    style = load_profile(profile or "gbt9704")
    catalogue = load_catalogue(rules) if rules else catalogue_for_profile(style.name)
    reports: list[CheckReport] = []
    for path in files:
        if path.suffix.lower() == ".pdf":
            facts = read_pdf(path)
            notes = [] if facts.exact_x else ["未能用 PDFium 精确定位字形，水平位置取自 pdfminer（字距调整较多时偏差可达 0.5 mm）"]
            if facts.unread:
                notes.append(f"有 {facts.unread} 个字形无法读出文字（所用字体未嵌入且无法替代），按位置以 U+FFFC 占位测量")
            results = check_pdf(facts, style, catalogue, fmt, notes)
            reports.append(CheckReport(str(path), "pdf", style.name, catalogue.name, results, notes))
        elif path.suffix.lower() == ".ofd":  # GB/T 33190: the same facts as a PDF's, the same geometric rules
            notes = []
            results = check_pdf(read_ofd(path), style, catalogue, fmt, notes)
            reports.append(CheckReport(str(path), "ofd", style.name, catalogue.name, results, notes))
        else:
            reports.append(CheckReport(str(path), "docx", style.name, catalogue.name, []))
    docx = [r for r in reports if r.kind == "docx"]
    if render and docx and docx_module.soffice() is None:
        for r in docx:
            r.notes.append("未安装 LibreOffice（soffice），已跳过 --render 的版面测量；"
                           "安装后（如 apt-get install libreoffice-writer）再试")
    elif render and docx:
        with tempfile.TemporaryDirectory(prefix="officialdocs-check-") as tmp:
            pdfs = docx_module.render_docx([Path(r.file) for r in docx], Path(tmp))
            for r, pdf in zip(docx, pdfs, strict=True):
                # The laid-out page decides the format (as for any PDF); the XML rules then follow it.
                measure = Measure(read_pdf(pdf), style, fmt)
                layout = run_pdf_rules(measure, catalogue, r.notes)
                r.results = docx_module.check_docx_xml(Path(r.file), style, catalogue, measure.format) + layout
                r.notes.append("版面（L 开头各项）由 LibreOffice 转换成的 PDF 测得；Word 的分页可能相差一行")
        return reports
    for r in docx:
        r.results = docx_module.check_docx_xml(Path(r.file), style, catalogue, fmt, r.notes)
    return reports


__all__ = ["FORMATS", "Catalogue", "CheckReport", "CheckResult", "Finding", "Fix", "LintResult", "Rule", "check_file",
           "check_files", "lint_file", "lint_text", "load_catalogue"]
