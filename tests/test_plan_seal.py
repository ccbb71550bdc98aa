"""A plan's seal path is relative to plan.yaml's folder wherever the command is run from."""

from __future__ import annotations

import shutil

from officialdocs import render_file

from .conftest import ROOT


def test_a_plan_with_a_seal_renders_from_another_working_folder(tmp_path, monkeypatch):
    folder = tmp_path / "plans"
    folder.mkdir()
    shutil.copy(ROOT / "tests" / "data" / "seal.png", folder / "seal.png")
    text = (ROOT / "samples" / "2011-shuangyong" / "plan.yaml").read_text(encoding="utf-8")
    (folder / "plan.yaml").write_text(text.replace("date: 2011-01-20\n", "date: 2011-01-20\nseal: seal.png\n", 1),
                                      encoding="utf-8")
    monkeypatch.chdir(tmp_path)  # the plan is plans/plan.yaml: its folder is not the working folder
    result = render_file(folder.relative_to(tmp_path) / "plan.yaml", tmp_path / "out", ["docx"], only=["notice"])
    assert not result.failed
    docx = [o.path for o in result.outputs if o.path.suffix == ".docx"]
    assert len(docx) == 1 and b"word/media/" in docx[0].read_bytes()
