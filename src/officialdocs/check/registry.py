"""Rules as registries (the markdown-it-py Ruler pattern): one small function per rule, registered by id.

Each medium has one registry and one signature for its rules (PDF: `(measure, out)`, .docx: `(package,
out)`, lint: `(source) -> hits`). A rule declares the tolerances it reads; the catalogue must give each of
them, so no tolerance has a default in code (catalogue.load_catalogue proves it).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Generic, TypeVar

F = TypeVar("F", bound=Callable)


@dataclass(frozen=True)
class Implementation(Generic[F]):
    id: str
    func: F
    tolerances: tuple[str, ...] = ()
    values: tuple[str, ...] = ()  # the standard's numbers read from the catalogue (see rules.Rule.values)
    formats: frozenset[str] | None = None  # the 公文 formats a PDF rule applies to (None: all)


class Registry(Generic[F]):
    """Rules of one medium in the order they run (their registration order)."""

    def __init__(self, medium: str):
        self.medium = medium
        self._rules: dict[str, Implementation[F]] = {}

    def rule(self, rule_id: str, *, tolerances: tuple[str, ...] = (), values: tuple[str, ...] = (),
             formats: tuple[str, ...] | None = None) -> Callable[[F], F]:
        def register(func: F) -> F:
            if rule_id in self._rules:
                raise ValueError(f"rule {rule_id} registered twice in the {self.medium} registry")
            self._rules[rule_id] = Implementation(rule_id, func, tuple(tolerances), tuple(values),
                                                  frozenset(formats) if formats else None)
            return func
        return register

    def __iter__(self) -> Iterator[Implementation[F]]:
        return iter(self._rules.values())

    def __contains__(self, rule_id: object) -> bool:
        return rule_id in self._rules

    def ids(self) -> list[str]:
        return list(self._rules)
