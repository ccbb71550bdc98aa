"""officialdocs: Chinese official documents (党政机关公文) per GB/T 9704-2012 from structured plan data.

Pipeline: plan.yaml -> plan -> compose (templates) -> 公文 Markdown -> markup -> Document -> writers.
"""

from __future__ import annotations

from .document import (
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
from .errors import Location, OfficialDocsError, Problem
from .markup import load_markup, parse_markup
from .plan import Plan, json_schema, load_plan, load_plan_text
from .plan_document import plan_markdown
from .render import Output, RenderResult, load_document, render_document, render_file, safe_filename
from .style import Profile, load_profile
from .writers.docx import docx_bytes, write_docx

__version__ = "0.1.0"

__all__ = [
    "Attachment", "Colophon", "Document", "Heading", "Location", "Masthead", "OfficialDocsError", "Output",
    "PageBreak", "Paragraph", "Plan", "Problem", "Profile", "RenderResult", "RunIn", "Signature", "Span", "Table",
    "docx_bytes", "json_schema", "load_document", "load_markup", "load_plan", "load_plan_text", "load_profile",
    "parse_markup", "plan_markdown", "render_document", "render_file", "safe_filename", "write_docx",
]
