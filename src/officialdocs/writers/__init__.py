"""The writers: one per output medium, registered by name.

A writer turns a prepared document (its anatomy, and its laid-out pages when it draws pages) into the bytes
of one file. The pipeline builds the anatomy once and lays the pages out at most once per document, whatever
the number of writers. Writers are imported on first use, so `officialdocs --help` loads none of them.

    register(Writer("ofd", ".ofd", needs_layout=True, target="officialdocs.writers.ofd:write"))
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..errors import OfficialDocsError, Problem

if TYPE_CHECKING:
    from ..pipeline import Prepared


@dataclass(frozen=True)
class Writer:
    """One output medium: `target` names its `write(prepared) -> bytes` as "module:function"."""

    name: str
    suffix: str
    needs_layout: bool
    target: str
    default: bool = True  # part of `render`'s default set of formats
    _fn: list[Callable[[Prepared], bytes]] = field(default_factory=list, compare=False, repr=False)

    def write(self, prepared: Prepared) -> bytes:
        if not self._fn:
            module, _, attr = self.target.partition(":")
            self._fn.append(getattr(importlib.import_module(module), attr))
        return self._fn[0](prepared)


_REGISTRY: dict[str, Writer] = {}


def register(writer: Writer) -> Writer:
    _REGISTRY[writer.name] = writer
    return writer


def names() -> tuple[str, ...]:
    return tuple(_REGISTRY)


def default_formats() -> tuple[str, ...]:
    return tuple(name for name, w in _REGISTRY.items() if w.default)


def get(name: str) -> Writer:
    try:
        return _REGISTRY[name]
    except KeyError:
        raise OfficialDocsError(Problem(f"未知的输出格式 “{name}”", hint=f"可选：{', '.join(_REGISTRY)}")) from None


register(Writer("docx", ".docx", needs_layout=False, target="officialdocs.writers.docx:write"))
register(Writer("pdf", ".pdf", needs_layout=True, target="officialdocs.writers.pdf:write"))
# GB/T 33190 OFD from the same layout as the PDF; on request (--format ofd) until a profile asks for it.
register(Writer("ofd", ".ofd", needs_layout=True, target="officialdocs.writers.ofd:write", default=False))

__all__ = ["Writer", "default_formats", "get", "names", "register"]
