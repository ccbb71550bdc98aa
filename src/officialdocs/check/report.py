"""Reports of `check` and `lint`: a readable table with Chinese labels, or JSON for machines."""

from __future__ import annotations

import json
import unicodedata

from .rules import CheckResult, Finding

STATUS = {"pass": "通过", "fail": "不合格", "na": "不适用"}
SEVERITY = {"error": "错误", "warning": "警告", "off": "关闭"}


def width(text: str) -> int:
    """Display width in a terminal: CJK and full-width characters take two columns."""
    return sum(2 if unicodedata.east_asian_width(c) in ("W", "F") else 1 for c in text)


def pad(text: str, cols: int) -> str:
    return text + " " * max(0, cols - width(text))


def status_label(r: CheckResult) -> str:
    if r.status == "fail" and r.severity == "warning":
        return "警告"
    return STATUS[r.status]


def check_table(report) -> str:
    """The results of one `check` as an aligned table, then a summary line and the verdict."""
    kind = {"pdf": "PDF", "ofd": "OFD", "docx": "Word 文档"}.get(report.kind, report.kind)
    out = [f"检查 {report.file}（{kind}，样式 {report.profile}，规则 {report.catalogue}）", ""]
    header = ["结果", "编号", "检查项", "实测", "应为", "容差", "条款", "位置/说明"]
    rows = [header]
    for r in report.results:
        note = "；".join(x for x in (r.location, r.message) if x)
        rows.append([status_label(r), r.id, r.name, r.measured, r.expected, r.tolerance, r.clause, note])
    caps = [6, 4, 22, 40, 40, 26, 18, 0]
    widths = [min(max(width(row[i]) for row in rows), caps[i]) if caps[i] else 0 for i in range(len(header))]
    for row in rows:
        cells = [pad(cell, widths[i]) if widths[i] else cell for i, cell in enumerate(row)]
        out.append("  ".join(cells).rstrip())
    counts = report.counts()
    out.append("")
    out.append(f"共 {len(report.results)} 项：通过 {counts['pass']}，不合格 {counts['fail']}，"
               f"警告 {counts['warning']}，不适用 {counts['na']}")
    for note in report.notes:
        out.append(f"说明：{note}")
    out.append("结论：" + ("符合 GB/T 9704-2012（无错误级不合格项）" if report.ok else
                          "不符合 GB/T 9704-2012（有错误级不合格项：" + "、".join(sorted(report.failed_ids())) + "）"))
    return "\n".join(out)


def check_json(report) -> str:
    return json.dumps(report.as_dict(), ensure_ascii=False, indent=2)


def finding_line(f: Finding) -> str:
    text = f"{f.location}: {SEVERITY[f.severity]} {f.id} {f.message}"
    if f.hint:
        text += f"（{f.hint}）"
    if f.fix is not None:
        text += " [可自动修正]"
    return text


def lint_text_report(result) -> str:
    out = [finding_line(f) for f in result.findings]
    errors = sum(f.severity == "error" for f in result.findings)
    warnings = len(result.findings) - errors
    fixable = sum(f.fix is not None for f in result.findings)
    if result.fixed:
        out.append(f"已修正 {result.fixed} 处，写回 {result.file}")
    if result.findings:
        tail = f"；其中 {fixable} 处可用 lint --fix 自动修正" if fixable else ""
        out.append(f"{'剩余' if result.fixed else '共'} {len(result.findings)} 处：错误 {errors}，警告 {warnings}{tail}")
    else:
        out.append(f"{result.file}：未发现问题")
    return "\n".join(out)


def lint_json(result) -> str:
    return json.dumps(result.as_dict(), ensure_ascii=False, indent=2)
