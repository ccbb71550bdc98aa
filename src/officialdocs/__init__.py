"""officialdocs: Chinese official documents (党政机关公文) per GB/T 9704-2012 from structured plan data.

Pipeline: plan.yaml -> plan -> compose (templates) -> 公文 Markdown -> markup -> Document -> anatomy -> layout
-> writers.
The public names below are imported on first use, so `officialdocs --help` does not load every stage.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS = {
    "document": ["Attachment", "Colophon", "Document", "Heading", "Masthead", "PageBreak", "Paragraph", "RunIn",
                 "Signature", "Span", "Table"],
    "errors": ["Location", "OfficialDocsError", "Problem"],
    "markup": ["load_markup", "parse_markup"],
    "plan": ["Plan", "json_schema", "load_plan", "load_plan_text"],
    "family": ["plan_markdown"],
    "pipeline": ["Prepared", "Rendered", "load_document", "prepare", "render_document", "render_formats"],
    "render": ["Output", "RenderResult", "render_file"],
    "output": ["safe_filename"],
    "style": ["Profile", "load_profile"],
    "writers.docx": ["docx_bytes", "write_docx"],
}
_WHERE = {name: module for module, names in _EXPORTS.items() for name in names}
__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'officialdocs' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])


if TYPE_CHECKING:  # for type checkers and IDEs
    from .document import (  # noqa: F401
        Attachment,
        Colophon,
        Document,
        Heading,
        Masthead,
        PageBreak,
        Paragraph,
        RunIn,
        Signature,
        Span,
        Table,
    )
    from .errors import Location, OfficialDocsError, Problem  # noqa: F401
    from .family import plan_markdown  # noqa: F401
    from .markup import load_markup, parse_markup  # noqa: F401
    from .output import safe_filename  # noqa: F401
    from .pipeline import Prepared, Rendered, load_document, prepare, render_document, render_formats  # noqa: F401
    from .plan import Plan, json_schema, load_plan, load_plan_text  # noqa: F401
    from .render import Output, RenderResult, render_file  # noqa: F401
    from .style import Profile, load_profile  # noqa: F401
    from .writers.docx import docx_bytes, write_docx  # noqa: F401
