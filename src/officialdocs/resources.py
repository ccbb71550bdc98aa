"""Locate the data folders (templates/, fonts/) in a source checkout and in an installed wheel."""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


@cache
def data_dir(name: str) -> Path:
    """Return the folder `name` ("templates" or "fonts").

    A wheel carries them under officialdocs/_data/ (see pyproject force-include); an editable
    install or a checkout finds them at the top of the repository.
    """
    for candidate in (_PACKAGE / "_data" / name, _PACKAGE.parents[1] / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"officialdocs data folder {name!r} is missing from the installation")


def templates_dir() -> Path:
    return data_dir("templates")
