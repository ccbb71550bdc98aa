"""Templates are compiled once per process per folder set, and an edited template file still takes effect."""

from __future__ import annotations

import os
import shutil

from officialdocs import compose, load_plan, plan_markdown

from .conftest import ROOT, SAMPLE


def test_one_environment_per_folder_set_and_templates_compiled_once(tmp_path, monkeypatch):
    compiled = []
    original = compose.SandboxedEnvironment.compile

    def counting(self, source, name=None, filename=None, raw=False, defer_init=False):
        compiled.append(name)
        return original(self, source, name, filename, raw, defer_init)

    compose._environment.cache_clear()
    monkeypatch.setattr(compose.SandboxedEnvironment, "compile", counting)
    plan = load_plan(SAMPLE)
    first = plan_markdown(plan)
    after_first = len(compiled)
    assert after_first >= 2  # plan.md.j2 and what it includes
    for _ in range(5):
        assert plan_markdown(plan) == first
    assert len(compiled) == after_first
    assert compose.make_environment() is compose.make_environment()
    assert compose.make_environment([tmp_path]) is compose.make_environment([tmp_path / "." ])
    assert compose.make_environment([tmp_path]) is not compose.make_environment()


def test_an_edited_template_is_read_again(tmp_path):
    folder = tmp_path / "mine"
    folder.mkdir()
    shutil.copy(ROOT / "templates" / "plan.md.j2", folder / "plan.md.j2")
    plan = load_plan(SAMPLE)
    before = plan_markdown(plan, [folder])
    template = folder / "plan.md.j2"
    template.write_text(template.read_text(encoding="utf-8") + "\n本段由自定义模板添加。\n", encoding="utf-8")
    stat = template.stat()
    os.utime(template, ns=(stat.st_atime_ns, stat.st_mtime_ns + 2_000_000_000))  # a later mtime, surely
    after = plan_markdown(plan, [folder])
    assert "本段由自定义模板添加" in after and "本段由自定义模板添加" not in before
