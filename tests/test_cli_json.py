"""`--json` for `fonts` and `import --report`: machine-readable, the same facts as the text output."""

from __future__ import annotations

import json

from officialdocs.cli import main

from .conftest import ROOT


def test_fonts_json_lists_every_role(capsys):
    assert main(["fonts", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    roles = {row["role"]: row for row in data["roles"]}
    assert data["profile"] == "gbt9704" and {"body", "title", "mark", "page_number", "latin"} <= roles.keys()
    body = roles["body"]
    assert body["stands_in_for"] == "仿宋_GB2312" and 0 < body["coverage"] <= 100 and body["file"]
    assert isinstance(body["official"], bool) and isinstance(body["bundled"], bool)


def test_import_report_json_of_a_text_import(tmp_path, capsys):
    source = ROOT.parent / "shared" / "reference" / "2011-shuangyong-plan.txt"
    if not source.is_file():
        source = tmp_path / "plan.txt"
        source.write_text("××区2011年双拥工作要点\n\n一、总体要求\n\n（一）做好工作。\n", encoding="utf-8")
    out = tmp_path / "plan.yaml"
    assert main(["import", str(source), "-o", str(out), "--clean", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["kind"] == "yaml" and data["output"] == str(out) and out.is_file()
    for entry in data["report"]:
        assert set(entry) == {"file", "line", "column", "message", "hint"} and entry["message"]


def test_import_json_of_a_spreadsheet_merge(tmp_path, capsys):
    import shutil

    from .conftest import SAMPLE

    plan = tmp_path / "plan.yaml"
    shutil.copyfile(SAMPLE, plan)
    csv = tmp_path / "t.csv"
    csv.write_text("工作任务,牵头单位\n全力支持部队现代化建设,区民政局\n没有这一项,区民政局\n", encoding="utf-8")
    assert main(["import", str(csv), "-o", str(plan), "--json"]) == 0
    captured = capsys.readouterr()
    data = json.loads(captured.out)
    assert data["changed"] is True and data["counts"] == {"task:changed": 1, "task:new": 1}
    assert data["rows"][0] == {"where": f"{csv}第2行", "kind": "task", "status": "changed",
                               "name": "全力支持部队现代化建设", "detail": "牵头单位 区双拥办 → 区民政局"}
    assert "lead: 区民政局" in plan.read_text(encoding="utf-8")
