"""One plan -> every document (issue 4): the family, per-unit schemes, task tables, batch behaviour."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest

from officialdocs import cli, parse_markup, render_file
from officialdocs.document import Paragraph, Table
from officialdocs.family import plan_jobs
from officialdocs.plan import load_plan, load_plan_text

from .conftest import SAMPLE
from .layout_rules import layout_problems
from .measure import lines, open_pdf


@pytest.fixture(scope="module")
def plan():
    return load_plan(SAMPLE)


def test_the_sample_family(sample_family, plan):
    manifest = json.loads(sample_family.manifest.read_text(encoding="utf-8"))
    kinds = [o["kind"] for o in manifest["outputs"] if o["format"] == "pdf"]
    assert kinds.count("notice") == 1 and kinds.count("plan") == 1
    assert kinds.count("schemes") == len(plan.schemes) >= 2
    assert kinds.count("units") == len(plan.units_with_tasks()) >= 6
    for out in manifest["outputs"]:
        data = (sample_family.manifest.parent / out["path"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == out["sha256"]
        assert out["pages"] >= 1
    assert manifest["failed"] == []
    assert manifest["units_without_tasks"] == [u.name for u in plan.units_without_tasks()]


def test_every_pdf_of_the_family_passes_the_layout_rules(sample_family):
    pdfs = [sample_family.manifest.parent / o["path"]
            for o in json.loads(sample_family.manifest.read_text(encoding="utf-8"))["outputs"] if o["format"] == "pdf"]
    assert len(pdfs) >= 10
    problems = {str(p.name): layout_problems(p) for p in pdfs}
    assert {name: found for name, found in problems.items() if found} == {}


def test_plan_has_one_task_table_row_per_task(plan):
    job = next(j for j in plan_jobs(plan, ["plan"]))
    doc = parse_markup(job.markdown(), source="plan")
    table = next(b for a in doc.attachments for b in a.blocks if isinstance(b, Table))
    tasks = [t for t in plan.tasks() if t.lead or t.partners]
    assert table.rows[0] == ["序号", "工作任务", "牵头单位", "配合单位", "完成时限"]
    assert [row[1] for row in table.rows[1:]] == [t.title for t in tasks]
    assert [row[0] for row in table.rows[1:]] == [str(i) for i in range(1, len(tasks) + 1)]
    assert doc.attachment_list[-1] == plan.task_table_title


@pytest.mark.parametrize("short", ["华新镇", "区双拥办", "区人武部"])
def test_a_unit_scheme_lists_exactly_its_tasks_and_roles(plan, short):
    unit = plan.units_by_key()[short]
    job = next(j for j in plan_jobs(plan, ["units"]) if j.context["unit"] == unit)
    doc = parse_markup(job.markdown(), source=job.source)
    assert doc.title == plan.unit_scheme_title(unit)
    assert doc.signature.issuers == [unit.signature]
    expected = plan.assignments(unit)
    tasks = [b for b in doc.blocks if isinstance(b, Paragraph) and b.run_in and b.run_in.level == 3]
    assert [t.run_in.text.rstrip("。") for t in tasks] == [held.task.title for held in expected]
    table = doc.attachments[0].blocks[0]
    assert [row[1] for row in table.rows[1:]] == [held.task.title for held in expected]
    assert plan.title in "".join(s.text for s in doc.blocks[0].spans)  # cites the plan
    assert (plan.masthead.doc_number or "") in "".join(s.text for s in doc.blocks[0].spans)


def test_a_unit_without_tasks_gets_no_scheme_and_is_listed(tmp_path, capsys):
    text = SAMPLE.read_text(encoding="utf-8").replace(
        "units:\n", "units:\n  - name: ××区档案局\n    short: 区档案局\n    kind: department\n", 1)
    source = tmp_path / "plan.yaml"
    source.write_text(text, encoding="utf-8")
    code = cli.main(["render", str(source), "-o", str(tmp_path / "out"), "--only", "units", "--format", "docx"])
    err = capsys.readouterr().err
    assert code == 0
    assert "没有分配任务" in err and "××区档案局" in err
    assert not any("档案局" in p.name for p in (tmp_path / "out").rglob("*.docx"))


HOSTILE = ["../../逃逸", "CON", "a/b\\c", "名" * 300, "tab\there", "..", "NUL.txt", "：*?<>|"]


def test_hostile_unit_names_stay_inside_the_output_folder(tmp_path):
    units = "\n".join(f"  - name: {json.dumps(name, ensure_ascii=False)}\n    short: {json.dumps(f'单位{i}')}"
                      for i, name in enumerate(HOSTILE))
    partners = ", ".join(json.dumps(name, ensure_ascii=False) for name in HOSTILE[1:])
    plan_text = f"""title: ××区2011年双拥工作要点
signature: ××区双拥工作领导小组
date: 2011-01-20
sections:
  - title: 第一部分
    items:
      - title: 一项任务
        text: 做好工作。
        lead: {json.dumps(HOSTILE[0], ensure_ascii=False)}
        partners: [{partners}]
units:
{units}
"""
    source = tmp_path / "in" / "plan.yaml"
    source.parent.mkdir()
    source.write_text(plan_text, encoding="utf-8")
    out = tmp_path / "out"
    result = render_file(source, out, ["docx"], only=["units"])
    assert not result.failed
    made = sorted(p for p in out.rglob("*") if p.is_file())
    assert len(made) == len(HOSTILE) + 1  # one scheme each and the manifest
    for path in made:
        assert out.resolve() in path.resolve().parents
        assert len(path.name.encode("utf-8")) < 255
        assert path.name.split(".")[0].upper() not in ("CON", "NUL")
    assert not (tmp_path / "逃逸").exists()


def test_one_failing_document_does_not_stop_the_others(tmp_path, capsys):
    templates = tmp_path / "tpl"
    templates.mkdir()
    (templates / "unit-scheme.md.j2").write_text("---\ntitle: {{ unit.nope }}\n---\n正文。\n", encoding="utf-8")
    code = cli.main(["render", str(SAMPLE), "-o", str(tmp_path / "out"), "--templates", str(templates),
                     "--only", "plan,units", "--format", "docx"])
    err = capsys.readouterr().err
    assert code == 1
    assert "unit-scheme.md.j2:2" in err and "份文档生成失败" in err
    assert (tmp_path / "out" / "02-××区2011年双拥工作要点.docx").is_file()
    assert not (tmp_path / "out" / "单位方案").exists()


def test_jobs_give_the_same_bytes_as_one_process(tmp_path, sample_family):
    result = render_file(SAMPLE, tmp_path, ["pdf"], only=["units"], jobs=1)
    for out in result.outputs:
        twin = sample_family.manifest.parent / out.path.relative_to(tmp_path)
        assert out.path.read_bytes() == twin.read_bytes(), out.path.name


def test_landscape_table_page(tmp_path):
    source = tmp_path / "wide.md"
    header = "| 序号 | 工作任务 | 牵头单位 | 配合单位 | 完成时限 | 进度 | 备注 |\n|---|---|---|---|---|---|---|\n"
    rows = "".join(f"| {i} | 第{i}项任务的内容比较长需要较宽的列 | 区双拥办 | 区民政局、区人武部 | 年内 | 进行中 | 无 |\n"
                   for i in range(1, 30))
    source.write_text("---\ntitle: 关于报送进度的通知\n---\n请按附件报送。\n\n# 附件：进度表\n\n"
                      f"<!-- table: landscape -->\n\n{header}{rows}", encoding="utf-8")
    result = render_file(source, tmp_path, ["pdf", "docx"])
    pdf_path = next(o.path for o in result.outputs if o.format == "pdf")
    with open_pdf(pdf_path) as pdf:
        turned = [p for p in pdf.pages if p.chars and not p.chars[len(p.chars) // 2]["upright"]]
        assert len(turned) >= 2  # the table runs over two landscape pages
        for page in pdf.pages:
            assert page.width < page.height  # A4 portrait paper throughout
        headers = [p for p in turned if "工作任务" in "".join(c["text"] for c in p.chars)]
        assert len(headers) == len(turned)  # the header row repeats on every page of the table
        numbers = [ln for ln in lines(turned[0]) if ln.text.replace(" ", "").startswith("—")]
        assert numbers and numbers[0].chars[0]["upright"]  # the page number is not turned
    assert layout_problems(pdf_path) == []
    docx_path = next(o.path for o in result.outputs if o.format == "docx")
    import zipfile

    xml = zipfile.ZipFile(docx_path).read("word/document.xml").decode()
    assert 'w:orient="landscape"' in xml


def test_generated_plan_with_many_units_renders_in_parallel(tmp_path):
    units = "\n".join(f"  - name: ××区第{i}街道办事处\n    short: 第{i}街道\n    kind: street" for i in range(40))
    items = "\n".join(f"      - title: 第{i}项工作\n        text: 认真做好第{i}项工作。\n        lead: 第{i}街道\n"
                      f"        partners: [第{(i + 1) % 40}街道]\n        due: 年内" for i in range(40))
    plan = load_plan_text(f"title: ××区2011年双拥工作要点\nsignature: 领导小组\ndate: 2011-01-20\nsections:\n  - title: 工作任务\n    items:\n{items}\n"
                          f"units:\n{units}\n", str(tmp_path / "plan.yaml"))
    assert len(plan.units_with_tasks()) == 40
    source = tmp_path / "plan.yaml"
    source.write_text(f"title: ××区2011年双拥工作要点\nsignature: 领导小组\ndate: 2011-01-20\nsections:\n  - title: 工作任务\n    items:\n{items}\n"
                      f"units:\n{units}\n", encoding="utf-8")
    result = render_file(source, tmp_path / "out", ["docx", "pdf"], only=["units"], jobs=2)
    assert not result.failed and len(result.outputs) == 80
    assert os.path.getsize(result.manifest) > 0
    assert Path(result.manifest).parent == tmp_path / "out"
