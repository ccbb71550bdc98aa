"""Golden fixtures (issue 9.6): line breaking and title breaking, input -> expected lines, in milliseconds.

The fixtures are YAML under tests/data/golden/ (see tests/golden.py; OFFICIALDOCS_UPDATE_GOLDEN=1 rewrites
them). Line breaking uses the bundled faces only, so the fixtures hold on any machine.
"""

from __future__ import annotations

from functools import cache

import pytest

from officialdocs import load_profile
from officialdocs.fonts import FontBook
from officialdocs.layout.flow import Frame
from officialdocs.layout.text import Piece
from officialdocs.titlebreak import break_title

from .golden import GOLDEN, check_golden

LINEBREAK = sorted((GOLDEN / "linebreak").glob("*.yaml"))
TITLE_MEASURE = 156 / 25.4 * 72 / 22  # a 2号 title line in the 156 mm block, in characters


@cache
def _frame(punctuation: str) -> Frame:
    profile = load_profile()
    profile = profile.model_copy(update={"pdf": profile.pdf.model_copy(update={"punctuation": punctuation})})
    roles = {role: [c for c in font.candidates if c.startswith("bundled:")] for role, font in profile.fonts.items()}
    return Frame(profile, FontBook(roles, name="bundled"), [])


def break_case(case) -> list[str]:
    f = _frame(case.get("punctuation", "full"))
    cells = case.get("measure", 28)
    lines = f.lines([Piece(case["text"], case.get("role", "body"))], first_indent=case.get("indent", 2) * f.g.cell,
                    rest_indent=case.get("rest_indent", 0) * f.g.cell, right_indent=f.g.measure - cells * f.g.cell,
                    justify=case.get("justify", True))
    return [ln.text for ln in lines]


@pytest.mark.parametrize("path", LINEBREAK, ids=[p.stem for p in LINEBREAK])
def test_line_breaking_fixtures(path):
    assert check_golden(path, "lines", break_case) == []


def test_title_fixtures():
    assert check_golden(GOLDEN / "titles.yaml", "lines", lambda case: break_title(case["title"], TITLE_MEASURE)) == []


def test_fixtures_are_many_and_fast():
    from .golden import load_cases

    assert sum(len(load_cases(p)) for p in LINEBREAK) >= 20
    assert len(load_cases(GOLDEN / "titles.yaml")) >= 40


def test_titles_break_only_between_words():
    """Every break of every fixture title falls between dictionary words and splits none of the terms the
    fixture names (written by hand: 高等学校, 安全生产, 营商环境 ...); many titles need two or three lines."""
    from officialdocs.words import inside_words

    from .golden import load_cases

    cases = load_cases(GOLDEN / "titles.yaml")
    several = 0
    for case in cases:
        title, lines = case["title"], case["lines"]
        assert "".join(lines) == title
        several += len(lines) > 1
        cuts = [sum(len(ln) for ln in lines[:k]) for k in range(1, len(lines))]
        inside = inside_words(title)
        assert not [c for c in cuts if c in inside], (title, lines)
        for term in case["whole"]:
            start = title.find(term)
            assert start >= 0, (title, term)
            assert not [c for c in cuts if start < c < start + len(term)], (title, lines, term)
    assert several >= 30


@pytest.mark.slow  # over 0.4 s (a new process, a whole pipeline): not in the quick loop
def test_word_boundaries_are_jiebas(monkeypatch):
    """The shipped dictionary (without the 公文 terms) segments exactly like jieba itself; run where jieba is
    installed (pip install jieba; tools/build_words.py rebuilds the dictionary from it)."""
    import re

    jieba = pytest.importorskip("jieba")
    from officialdocs import words

    from .golden import load_cases

    jieba.setLogLevel(60)
    monkeypatch.setattr(words, "_terms", lambda: frozenset())
    words._words_from.cache_clear()
    try:
        for case in load_cases(GOLDEN / "titles.yaml"):
            for run in re.findall(r"[\u4e00-\u9fff]+", case["title"]):
                assert words._segment_han(run) == jieba.lcut(run, HMM=False)
    finally:
        words._words_from.cache_clear()
