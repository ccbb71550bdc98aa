"""The 任务分解表 as a working spreadsheet: `officialdocs tasks plan.yaml -o 任务分解表.xlsx`.

Two sheets: 任务分解表 (every item of levels 2–4, so an office can also assign the items that have no unit
yet; a 进展 column for tracking) and 责任单位 (the plan's units). `officialdocs import` reads either sheet, or
a CSV of either, back into plan.yaml (importer/assign.py); the column names below are the contract.
openpyxl (the `import` extra) writes it; the file is byte-identical for the same plan.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from datetime import datetime
from pathlib import Path
from typing import Any

from .numerals import heading_number
from .plan.models import Plan, Task

TASK_SHEET, UNIT_SHEET = "任务分解表", "责任单位"
TASK_COLUMNS = ("序号", "条目", "工作任务", "牵头单位", "配合单位", "完成时限", "进展")
UNIT_COLUMNS = ("单位全称", "简称", "类别", "落款")
KIND_LABELS = {"town": "镇", "street": "街道", "park": "园区", "department": "部门", "army": "部队", "other": "其他"}
PROGRESS = ("未开始", "进行中", "已完成", "延期")
_WIDTHS = {"序号": 6, "条目": 11, "工作任务": 48, "牵头单位": 20, "配合单位": 34, "完成时限": 14, "进展": 28,
           "单位全称": 36, "简称": 18, "类别": 8, "落款": 36}
_EPOCH = datetime(2000, 1, 1)  # fixed document dates: the same plan gives the same bytes


def position(task: Task) -> str:
    """Where an item sits: 二（一）1.（2）."""
    parts = [heading_number(1, task.path[0] + 1).rstrip("、")]
    parts += [heading_number(level, index + 1) for level, index in enumerate(task.path[1:], start=2)]
    return "".join(parts)


def task_table(plan: Plan) -> list[list[str]]:
    """Header and one row per item of levels 2–4 (with or without units), in document order."""
    rows = [list(TASK_COLUMNS)]
    for n, task in enumerate(plan.tasks(), 1):
        rows.append([str(n), position(task), task.title, task.lead.label if task.lead else "",
                     "、".join(u.label for u in task.partners), task.due or "", ""])
    return rows


def unit_table(plan: Plan) -> list[list[str]]:
    rows = [list(UNIT_COLUMNS)]
    for unit in plan.units:
        rows.append([unit.name, unit.short or "", KIND_LABELS.get(unit.kind, unit.kind),
                     unit.signature if unit.signature and unit.signature != unit.name else ""])
    return rows


def tasks_csv(plan: Plan) -> bytes:
    """The task sheet as CSV, UTF-8 with a BOM (so Excel opens it as UTF-8)."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(task_table(plan))
    return buffer.getvalue().encode("utf-8-sig")


def tasks_xlsx(plan: Plan) -> bytes:
    from .extras import require

    openpyxl = require("openpyxl", "import", "生成 Excel 任务分解表")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = TASK_SHEET
    tasks = task_table(plan)
    _task_sheet(ws, plan.task_table_title, tasks)
    units = wb.create_sheet(UNIT_SHEET)
    _fill(units, unit_table(plan), first_row=1)
    units.freeze_panes = "A2"
    _print_setup(units, "1:1", landscape=False)
    if len(plan.units):
        _unit_choices(ws, len(tasks) - 1, len(plan.units))
    wb.properties.creator = "officialdocs"
    wb.properties.title = plan.task_table_title
    wb.properties.created = wb.properties.modified = _EPOCH
    buffer = io.BytesIO()
    wb.save(buffer)
    return _fixed_zip(buffer.getvalue())


def _task_sheet(ws: Any, title: str, rows: list[list[str]]) -> None:
    from openpyxl.styles import Alignment, Font
    from openpyxl.worksheet.datavalidation import DataValidation

    ws.append([title])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(TASK_COLUMNS))
    ws["A1"].font = Font(name="黑体", size=16)
    ws["A1"].alignment = Alignment(horizontal="center", vertical="center")
    ws.row_dimensions[1].height = 32
    _fill(ws, rows, first_row=2)
    last = len(rows) + 1
    for row in ws.iter_rows(min_row=3, max_row=last):
        row[0].value = int(row[0].value)  # 序号 as a number, so sorting and filling down work
        row[0].alignment = row[1].alignment = Alignment(horizontal="center", vertical="center")
    ws.freeze_panes = "A3"
    ws.auto_filter.ref = f"A2:{_col(len(TASK_COLUMNS))}{last}"
    progress = DataValidation(type="list", formula1='"' + ",".join(PROGRESS) + '"', allow_blank=True,
                              showErrorMessage=False)  # a suggestion list: free text stays allowed
    progress.add(f"{_col(TASK_COLUMNS.index('进展') + 1)}3:{_col(TASK_COLUMNS.index('进展') + 1)}{max(last, 3) + 200}")
    ws.add_data_validation(progress)
    _print_setup(ws, "1:2", landscape=True)


def _unit_choices(ws: Any, task_count: int, unit_count: int) -> None:
    """牵头单位 offers the units' short names (全称 also accepted: a warning, not a refusal)."""
    from openpyxl.worksheet.datavalidation import DataValidation

    lead = _col(TASK_COLUMNS.index("牵头单位") + 1)
    choice = DataValidation(type="list", formula1=f"={UNIT_SHEET}!$B$2:$B${unit_count + 1}", allow_blank=True,
                            errorStyle="warning", error="不是“责任单位”表中的简称；导入时会核对", errorTitle="牵头单位")
    choice.add(f"{lead}3:{lead}{task_count + 2 + 200}")
    ws.add_data_validation(choice)


def _fill(ws: Any, rows: list[list[str]], first_row: int) -> None:
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    thin = Side(style="thin", color="808080")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    for r, values in enumerate(rows, first_row):
        for c, value in enumerate(values, 1):
            cell = ws.cell(row=r, column=c, value=value)
            cell.border = border
            if r == first_row:
                cell.font = Font(name="黑体", size=12)
                cell.fill = PatternFill("solid", fgColor="E7E6E6")
                cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            else:
                cell.font = Font(name="仿宋", size=12)
                cell.alignment = Alignment(vertical="center", wrap_text=True)
    for c, name in enumerate(rows[0], 1):
        ws.column_dimensions[_col(c)].width = _WIDTHS.get(name, 16)


def _print_setup(ws: Any, title_rows: str, landscape: bool) -> None:
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1  # all columns on the page width, as many pages down as needed
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = title_rows  # the header repeats on every printed page
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.6
    ws.page_margins.top = ws.page_margins.bottom = 0.8
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"


def _col(n: int) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(n))


def _fixed_zip(data: bytes) -> bytes:
    """The same archive with every entry dated 1980-01-01 (zip entries otherwise carry the time of writing) and
    the core properties' modified date fixed (openpyxl stamps the time of saving)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = info.external_attr
            content = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                stamp = _EPOCH.isoformat(timespec="seconds").encode() + b"Z"
                content = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + stamp, content)
            dst.writestr(entry, content)
    return out.getvalue()


def write_tasks(plan: Plan, target: Path, force: bool = True) -> Path:
    """Write the table as .xlsx (or .csv) to `target`, atomically (an existing file only with `force`)."""
    from .output import atomic_write

    data = tasks_csv(plan) if target.suffix.lower() == ".csv" else tasks_xlsx(plan)
    atomic_write(target, data, force=force)
    return target
