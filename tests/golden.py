"""Golden input -> expected fixtures: YAML files a reviewer reads (and diffs) like documentation.

Each file holds `cases:`, a list of mappings with inputs and an expected output key. A test compares what
the code makes with the expected value; with OFFICIALDOCS_UPDATE_GOLDEN=1 it writes the new values back
instead (comments and order kept), so a change in behaviour shows as a readable diff of the fixture:

    OFFICIALDOCS_UPDATE_GOLDEN=1 python -m pytest -q tests/test_golden.py && git diff tests/data/golden
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from ruamel.yaml import YAML

GOLDEN = Path(__file__).parent / "data" / "golden"
UPDATE = os.environ.get("OFFICIALDOCS_UPDATE_GOLDEN", "").strip() not in ("", "0")


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.width = 4096
    yaml.allow_unicode = True
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def load_cases(path: Path) -> list:
    return _yaml().load(path.read_text(encoding="utf-8"))["cases"]


def check_golden(path: Path, key: str, make: Callable[[dict], object]) -> list[str]:
    """Run `make` on every case of `path`; return the cases whose `key` differs (or rewrite them on update)."""
    yaml = _yaml()
    data = yaml.load(path.read_text(encoding="utf-8"))
    differ = []
    for case in data["cases"]:
        got = make(case)
        if case.get(key) != got:
            differ.append(f"{path.name}: {case.get('name') or str(case)[:40]}: expected {case.get(key)!r}, got {got!r}")
            case[key] = got
    if UPDATE and differ:
        with path.open("w", encoding="utf-8") as handle:
            yaml.dump(data, handle)
        return []
    return differ
