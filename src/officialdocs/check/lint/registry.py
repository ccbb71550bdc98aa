"""The lint rules' registry. A lint rule is `rule(source: LintSource) -> Iterable[Hit]`: it reads the
located text and structure of one file and yields what it finds; the caller attaches the rule's id,
severity and clause from the catalogue."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ...errors import Location
from ..registry import Registry
from .units import LintSource, Pos, Unit


@dataclass
class Hit:
    """One finding of a rule: in a unit (text[start:end], pointed at `at` when not `start`) or at `pos`."""

    message: str
    unit: Unit | None = None
    start: int = 0
    end: int = 0
    fix: str | None = None  # the replacement of text[start:end] (a safe fix)
    hint: str | None = None
    at: int | None = None
    pos: Pos | None = None
    where: Location | None = None  # a location in another file (a template, a composed document)


LintRule = Callable[[LintSource], Iterable[Hit]]
RULES: Registry[LintRule] = Registry("lint")
