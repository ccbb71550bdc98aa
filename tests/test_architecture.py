"""The architecture holds: one-way imports (no circle, also none hidden inside functions), small modules,
third-party libraries where the architecture puts them (docs: architecture.md)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = SRC / "officialdocs"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in PACKAGE.rglob("*.py")}


def _imports(name: str, path: Path) -> set[str]:
    """Every module this one imports, at module level or inside functions (absolute names)."""
    is_package = path.name == "__init__.py"
    base = name.split(".") if is_package else name.split(".")[:-1]
    found: set[str] = set()
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only = {id(n) for block in ast.walk(tree) if isinstance(block, ast.If) and _is_type_checking(block.test)
                   for stmt in block.body for n in ast.walk(stmt)}
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parent = base[: len(base) - node.level + 1]
                target = ".".join(parent + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            found.add(target)
            found.update(f"{target}.{alias.name}" for alias in node.names)  # `from . import x` imports x
    return found


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        edges = set()
        for target in _imports(name, path):
            if target not in modules:
                continue
            # Importing a.b.c runs a/__init__ and a/b/__init__ first, unless they are this module's own packages
            # (already running when one of their modules is imported).
            parts = target.split(".")
            for i in range(1, len(parts) + 1):
                ancestor = ".".join(parts[:i])
                if ancestor in modules and not name.startswith(ancestor + "."):
                    edges.add(ancestor)
        edges.discard(name)
        graph[name] = edges
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                out.append(sorted(component))

    for v in graph:
        if v not in index:
            visit(v)
    return out


@pytest.mark.slow  # over 0.4 s (a new process, a whole pipeline): not in the quick loop
def test_no_import_circle_even_inside_functions():
    assert _cycles(_graph()) == []


def test_the_cycle_finder_finds_a_cycle():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}) == [["a", "b", "c"]]


# Modules allowed over 600 lines: none (check/lint and check/pdf are packages of registered rules now).
_BEING_SPLIT: set[str] = set()


def test_no_module_over_600_lines():
    long = {name: n for name, path in _modules().items()
            if (n := len(path.read_text(encoding="utf-8").splitlines())) > 600 and name not in _BEING_SPLIT}
    assert long == {}


@pytest.mark.slow  # over 0.4 s (a new process, a whole pipeline): not in the quick loop
def test_rendering_libraries_stay_in_the_writers():
    """Only writers/* draw with reportlab or build Word files with python-docx (the importer may read .docx)."""
    offenders = []
    for name, path in _modules().items():
        imported = {t.split(".")[0] for t in _imports(name, path)}
        if "reportlab" in imported and not name.startswith("officialdocs.writers."):
            offenders.append((name, "reportlab"))
        if "docx" in imported and not name.startswith(("officialdocs.writers.", "officialdocs.importer.")):
            offenders.append((name, "docx"))
        if "jinja2" in imported and name != "officialdocs.compose":
            offenders.append((name, "jinja2"))
    assert offenders == []
