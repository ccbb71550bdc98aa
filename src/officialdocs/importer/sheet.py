"""Tables from a spreadsheet (.xlsx) or a CSV (UTF-8, GB 18030 or UTF-16): the 任务分解表 and unit lists
offices keep in Excel, found by their header row, whatever the column order or extra columns.

    tables = read_tables(Path("任务分解表.xlsx"))   # [Table(kind="tasks", ...), Table(kind="units", ...)]
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal

from ..errors import Location, OfficialDocsError, Problem
from .source import decode_bytes

# Canonical column -> the header texts offices use for it (compared without spaces).
TASK_HEADERS = {
    "工作任务": ("工作任务", "任务", "工作内容", "任务内容", "重点任务", "工作事项", "事项", "任务名称"),
    "牵头单位": ("牵头单位", "牵头部门", "牵头", "主责单位", "责任单位"),
    "配合单位": ("配合单位", "配合部门", "配合", "协办单位", "参与单位"),
    "完成时限": ("完成时限", "时限", "完成时间", "时间要求", "完成期限"),
    "条目": ("条目", "位置", "编号"),
}
UNIT_HEADERS = {
    "单位全称": ("单位全称", "单位名称", "全称", "名称", "单位"),
    "简称": ("简称", "单位简称"),
    "类别": ("类别", "单位类别", "类型"),
    "落款": ("落款", "署名"),
}
_HEADER_ROWS = 10  # the header is looked for in the first rows (a title row may come first)
_SPACE = re.compile(r"[\s\u3000*＊]+")


@dataclass
class Table:
    kind: Literal["tasks", "units"]
    where: str  # the file, and the sheet of a workbook: 任务分解表.xlsx（任务分解表）
    columns: dict[str, int]  # canonical column -> 0-based index
    rows: list[tuple[int, list[str]]] = field(default_factory=list)  # (1-based row number, cells as text)

    def cell(self, cells: list[str], column: str) -> str | None:
        """The cell's text, or None when the table has no such column."""
        index = self.columns.get(column)
        if index is None:
            return None
        return cells[index].strip() if index < len(cells) else ""

    def ref(self, row: int, column: str) -> Location:
        return Location(self.where, row, self.columns[column] + 1)

    @staticmethod
    def cell_name(location: Location) -> str:
        """Spreadsheet notation of a location: D5."""
        from openpyxl.utils import get_column_letter

        return f"{get_column_letter(location.column or 1)}{location.line}"


def read_tables(path: Path) -> list[Table]:
    """Every task table and unit table in the file (one per sheet at most)."""
    path = Path(path)
    if not path.is_file():
        raise OfficialDocsError(Problem("找不到输入文件", Location(str(path)), "检查文件路径"))
    grids = [(str(path), _csv_rows(path))] if path.suffix.lower() == ".csv" else _xlsx_rows(path)
    tables = [t for where, grid in grids if (t := _table(where, grid)) is not None]
    if not tables:
        raise OfficialDocsError(Problem(
            "表格中没有找到任务分解表或单位名单的表头", Location(str(path)),
            "任务表需有“工作任务”和“牵头单位”或“配合单位”列；单位表需有“单位全称”（或“单位名称”）列"))
    return tables


def _csv_rows(path: Path) -> list[list[str]]:
    text, _ = decode_bytes(path.read_bytes(), str(path))
    try:
        dialect: Any = csv.Sniffer().sniff(text[:4096], delimiters=",\t;，")
    except csv.Error:
        dialect = csv.excel
    return [list(row) for row in csv.reader(io.StringIO(text), dialect)]


def _xlsx_rows(path: Path) -> list[tuple[str, list[list[str]]]]:
    from ..extras import require

    openpyxl = require("openpyxl", "import", "读取 Excel 表格")
    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a damaged or non-xlsx file
        raise OfficialDocsError(Problem(f"无法读取 Excel 文件：{type(exc).__name__}", Location(str(path)),
                                        "确认是 .xlsx 文件（旧的 .xls 请先在 Excel 或 WPS 中另存为 .xlsx）")) from None
    try:
        return [(f"{path}（{ws.title}）", [[_text(v) for v in row] for row in ws.iter_rows(values_only=True)])
                for ws in wb.worksheets]
    finally:
        wb.close()


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _table(where: str, grid: list[list[str]]) -> Table | None:
    for index, row in enumerate(grid[:_HEADER_ROWS]):
        names = [_SPACE.sub("", cell) for cell in row]
        tasks = _columns(names, TASK_HEADERS)
        if "工作任务" in tasks and {"牵头单位", "配合单位", "完成时限"} & tasks.keys():
            return Table("tasks", where, tasks, _body(grid, index))
        units = _columns(names, UNIT_HEADERS)
        if "单位全称" in units:
            return Table("units", where, units, _body(grid, index))
    return None


def _columns(names: list[str], headers: dict[str, tuple[str, ...]]) -> dict[str, int]:
    found: dict[str, int] = {}
    for canonical, variants in headers.items():
        for i, name in enumerate(names):
            if name in variants and i not in found.values():
                found[canonical] = i
                break
    return found


def _body(grid: list[list[str]], header: int) -> list[tuple[int, list[str]]]:
    return [(n, row) for n, row in enumerate(grid[header + 1:], header + 2) if any(cell.strip() for cell in row)]
