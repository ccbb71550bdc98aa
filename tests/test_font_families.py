"""One face per style family (issue 10.7): every 楷体 role draws with the same face."""

from __future__ import annotations

import pytest

from officialdocs import cli, fonts, load_profile, parse_markup
from officialdocs.layout import layout_document

from .fakefonts import fake_font, use_font_dir

KAI_ROLES = ("heading2", "signer_name", "draft")
UPWARD = """---
issuer: ××区双拥工作领导小组
doc_number: 区双拥〔2011〕3号
signers: [张三, 李四]
title: 关于申请双拥工作经费的请示
recipients: ××区人民政府
draft: 征求意见稿
---

## 经费用途。

用于全区双拥工作。
"""
TEXT = "\u3000张三李四征求意见稿经费用途。（）签发人：关于申请双拥工作的请示一二三四五六七八九十"


@pytest.fixture
def system_wenkai(tmp_path, monkeypatch):
    """A machine whose only fonts are a 楷体 only heading2 accepts (LXGW WenKai): signer_name and draft
    list only 楷体_GB2312, 楷体, KaiTi and the bundled face."""
    folder = tmp_path / "fonts"
    fake_font(folder / "LXGWWenKai-Regular.ttf", fonts.bundled_path("kai"), "LXGW WenKai", TEXT)
    monkeypatch.setenv("OFFICIALDOCS_CACHE_DIR", str(tmp_path / "cache"))
    use_font_dir(monkeypatch, folder, tmp_path)
    yield folder
    fonts.clear_caches()


def test_every_kai_role_uses_the_system_kai_heading2_accepts(system_wenkai, capsys):
    profile = load_profile()
    assert "LXGW WenKai" in profile.fonts["heading2"].candidates
    assert "LXGW WenKai" not in profile.fonts["signer_name"].candidates
    book = fonts.font_book(profile)
    faces = {role: book.primary(role) for role in KAI_ROLES}
    assert {f.family for f in faces.values()} == {"LXGW WenKai"}, faces
    # Characters the system face lacks still come from the family's chain (the bundled 楷体 after it).
    assert book.chain("signer_name").face_for("镇").family.startswith("Officialdocs Kai")
    laid = layout_document(parse_markup(UPWARD, source="t.md"), profile, book)
    kai_runs = {run.face for page in laid.pages for run in page.runs if "Kai" in run.face}
    assert kai_runs == {"LXGWWenKai-Regular"}, kai_runs  # heading, 签发人 names and draft mark alike
    assert cli.main(["fonts"]) == 0
    out = capsys.readouterr().out
    assert "heading2、signer_name、draft：LXGW WenKai（替代字体，代替 楷体_GB2312）" in out


def test_without_a_system_kai_every_kai_role_uses_the_bundled_face(tmp_path, monkeypatch):
    use_font_dir(monkeypatch, tmp_path / "empty", tmp_path)
    try:
        book = fonts.font_book(load_profile())
        assert {book.primary(role).key for role in KAI_ROLES} == {"OfficialdocsKai-Regular"}
    finally:
        fonts.clear_caches()


def test_a_pin_applies_to_its_role_only(tmp_path, monkeypatch):
    use_font_dir(monkeypatch, tmp_path / "empty", tmp_path)
    pinned = fake_font(tmp_path / "pinned.ttf", fonts.bundled_path("kai"), "Pinned Kai", TEXT)
    try:
        book = fonts.font_book(load_profile(), {"signer_name": pinned})
        assert book.primary("signer_name").family == "Pinned Kai"
        assert book.primary("heading2").key == "OfficialdocsKai-Regular"
    finally:
        fonts.clear_caches()
