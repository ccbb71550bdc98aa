"""The 任务分解表 as a spreadsheet and back: `tasks plan.yaml -o x.xlsx`, `import x.xlsx|x.csv -o plan.yaml`."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from officialdocs.cli import main
from officialdocs.plan import load_plan

from .conftest import SAMPLE, soffice

openpyxl = pytest.importorskip("openpyxl")


@pytest.fixture
def plan(tmp_path) -> Path:
    """A copy of the sample plan (the import writes into it)."""
    target = tmp_path / "plan.yaml"
    shutil.copyfile(SAMPLE, target)
    return target


def export(plan: Path, tmp_path: Path, name: str = "任务分解表.xlsx") -> Path:
    target = tmp_path / name
    assert main(["tasks", str(plan), "-o", str(target)]) == 0
    return target


def scheme_text(out: Path, unit_label: str) -> str:
    import docx

    unit = load_plan(SAMPLE).units_by_key()[unit_label]  # scheme titles carry the unit's full name
    [path] = [p for p in out.glob("单位方案/*实施方案.docx") if unit.name in p.name]
    return "\n".join(p.text for p in docx.Document(str(path)).paragraphs)


# ------------------------------------------------------------------------------------------ the workbook

def test_the_workbook_is_a_working_spreadsheet(plan, tmp_path):
    path = export(plan, tmp_path)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["任务分解表", "责任单位"]
    ws = wb["任务分解表"]
    assert ws["A1"].value == "××区2011年双拥工作任务分解表" and "A1:G1" in {str(r) for r in ws.merged_cells.ranges}
    assert [c.value for c in ws[2]] == ["序号", "条目", "工作任务", "牵头单位", "配合单位", "完成时限", "进展"]
    tasks = load_plan(plan).tasks()
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=3)]
    assert len(rows) == len(tasks) == 9
    assert rows[0] == [1, "一（一）", "全力支持部队现代化建设", "区双拥办", "区发改委、区科委", "全年", None]
    assert ws.freeze_panes == "A3" and ws.auto_filter.ref == "A2:G11"
    assert ws.column_dimensions["C"].width == 48 and ws.column_dimensions["E"].width == 34
    assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == int(ws.PAPERSIZE_A4)
    assert ws.print_title_rows == "$1:$2" and ws.sheet_properties.pageSetUpPr.fitToPage
    assert any("区双拥办" not in str(dv.formula1) and "责任单位" in str(dv.formula1) for dv in ws.data_validations.dataValidation)
    units = [[c.value for c in row] for row in wb["责任单位"].iter_rows()]
    assert units[0] == ["单位全称", "简称", "类别", "落款"] and len(units) == 14
    assert units[9][:3] == ["××区华新镇人民政府", "华新镇", "镇"]
    assert path.read_bytes() == export(plan, tmp_path, "again.xlsx").read_bytes()  # deterministic


# ------------------------------------------------------------------------------------------ round trip

def test_two_edited_assignments_change_the_two_unit_schemes(plan, tmp_path, capsys):
    path = export(plan, tmp_path)
    wb = openpyxl.load_workbook(path)
    ws = wb["任务分解表"]
    rows = {ws.cell(r, 3).value: r for r in range(3, ws.max_row + 1)}
    ws.cell(rows["全力支持部队现代化建设"], 4).value = "华新镇"  # lead: 区双拥办 -> 华新镇
    ws.cell(rows["召开本区双拥表彰大会"], 5).value += "、××区盈浦街道办事处"  # a partner, by its full name
    wb.save(path)
    before = plan.read_text(encoding="utf-8")
    assert main(["import", str(path), "-o", str(plan), "--report"]) == 0
    out = capsys.readouterr().out
    assert "修改 2 项" in out and "第3行：已修改 “全力支持部队现代化建设”（牵头单位 区双拥办 → 华新镇）" in out
    after = plan.read_text(encoding="utf-8")
    changed = [(a, b) for a, b in zip(before.splitlines(), after.splitlines(), strict=True) if a != b]
    assert changed == [("        lead: 区双拥办", "        lead: 华新镇"),
                       ("        partners: [区委宣传部, 区人武部, 区财政局]",
                        "        partners: [区委宣传部, 区人武部, 区财政局, 盈浦街道]")]  # comments and layout kept

    from officialdocs import render_file

    result = render_file(plan, tmp_path / "out", ["docx"], only=["units"])
    assert not result.failed
    town = scheme_text(tmp_path / "out", "华新镇")
    assert "全力支持部队现代化建设" in town and "由本单位牵头" in town
    street = scheme_text(tmp_path / "out", "盈浦街道")
    assert "召开本区双拥表彰大会" in street
    assert "全力支持部队现代化建设" not in scheme_text(tmp_path / "out", "区双拥办")


def test_a_gb18030_csv_of_units_imports(plan, tmp_path):
    csv = tmp_path / "单位名单.csv"
    csv.write_bytes("单位名称,简称,类别\n××区教育局,区教育局,部门\n××区民政局,民政局,部门\n".encode("gb18030"))
    assert main(["import", str(csv), "-o", str(plan)]) == 0
    merged = load_plan(plan)
    units = {u.name: u for u in merged.units}
    assert units["××区教育局"].short == "区教育局" and units["××区教育局"].kind == "department"
    assert len(units) == 14 and units["××区民政局"].short == "民政局"
    assert merged.tasks()[1].lead.name == "××区民政局"  # the renamed short name is renamed where tasks use it
    assert "lead: 民政局" in plan.read_text(encoding="utf-8")


def test_the_tasks_csv_round_trips(plan, tmp_path, capsys):
    path = tmp_path / "任务.csv"
    assert main(["tasks", str(plan), "-o", str(path)]) == 0
    assert path.read_bytes().startswith("\ufeff序号,条目,工作任务".encode())
    text = path.read_text(encoding="utf-8-sig").replace("区双拥办,区发改委、区科委,全年", "区双拥办,区发改委,全年")
    path.write_text(text, encoding="utf-8-sig")
    assert main(["import", str(path), "-o", str(plan)]) == 0
    assert [u.short for u in load_plan(plan).tasks()[0].partners] == ["区发改委"]


def test_unknown_units_new_and_ambiguous_rows(plan, tmp_path, capsys):
    csv = tmp_path / "t.csv"
    csv.write_text("工作任务,牵头单位\n全力支持部队现代化建设,区教委\n", encoding="utf-8")
    before = plan.read_bytes()
    assert main(["import", str(csv), "-o", str(plan)]) == 1
    err = capsys.readouterr().err
    assert "t.csv:2:2: 单元格 B2：牵头单位 “区教委” 不是 plan.yaml 中声明的责任单位" in err
    assert plan.read_bytes() == before  # nothing written
    csv.write_text("工作任务,牵头单位\n全力支持部队现代化建设,区民政局\n全力支持部队现代化建设,区民政局\n"
                   "全力支持部队现代化建没,区民政局\n", encoding="utf-8")
    assert main(["import", str(csv), "-o", str(plan)]) == 0
    captured = capsys.readouterr()
    assert "第3行：不明确 “全力支持部队现代化建设”（与前面的行重复）" in captured.err
    assert "第4行：计划中没有 “全力支持部队现代化建没”（是否指 “全力支持部队现代化建设”？）" in captured.err
    assert "计划中没有的 1 项" in captured.out and load_plan(plan).tasks()[0].lead.short == "区民政局"


@pytest.mark.slow
def test_a_spreadsheet_made_by_libreoffice_imports(plan, tmp_path):
    exe = soffice()
    if exe is None:
        pytest.skip("LibreOffice is not installed")
    csv = tmp_path / "分工.csv"
    csv.write_text("序号,工作任务,牵头单位,配合单位,完成时限\n1,全力支持部队现代化建设,区民政局,区发改委,2011年6月底前\n",
                   encoding="utf-8")
    done = subprocess.run([exe, f"-env:UserInstallation=file://{tmp_path / 'lo'}", "--headless",
                           "--infilter=CSV:44,34,76", "--convert-to", "xlsx", "--outdir", str(tmp_path), str(csv)],
                          capture_output=True, timeout=180)
    xlsx = tmp_path / "分工.xlsx"
    if not xlsx.is_file():
        pytest.skip(f"LibreOffice Calc could not convert (apt-get install libreoffice-calc-nogui): {done.stderr[-200:]!r}")
    assert main(["import", str(xlsx), "-o", str(plan)]) == 0
    task = load_plan(plan).tasks()[0]
    assert (task.lead.short, [u.short for u in task.partners], task.due) == ("区民政局", ["区发改委"], "2011年6月底前")
