"""Serialise a python-docx document to byte-identical .docx files: fixed timestamps, no stray parts."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime, timezone

from docx.document import Document as WordDocument
from lxml import etree

# Parts of python-docx's default template that carry nothing of ours (and a thumbnail of someone else's page).
_DROP_RELTYPE_SUFFIXES = ("/thumbnail", "/customXml", "/stylesWithEffects", "/webSettings")
ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def prune_parts(word: WordDocument) -> None:
    for owner in (word.part.package, word.part):
        for rid, rel in list(owner.rels.items()):
            if rel.reltype.endswith(_DROP_RELTYPE_SUFFIXES):
                del owner.rels[rid]


def set_core_properties(word: WordDocument, title: str, author: str, when: datetime) -> None:
    core = word.core_properties
    core.title = title[:255]  # python-docx refuses longer core properties; the document keeps the whole title
    core.author = author
    core.last_modified_by = author
    core.comments = "officialdocs"
    core.subject = ""
    core.keywords = ""
    core.category = ""
    core.revision = 1
    core.created = when
    core.modified = when


def to_bytes(word: WordDocument) -> bytes:
    """Save, then rewrite the zip with fixed entry times and attributes so equal input gives equal bytes."""
    flush_generic_parts(word)
    raw = io.BytesIO()
    word.save(raw)
    raw.seek(0)
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            entry.create_system = 0
            dst.writestr(entry, src.read(info.filename))
    return out.getvalue()


def flush_generic_parts(word: WordDocument) -> None:
    """Parts python-docx does not model (fontTable) were parsed and edited by us: write them back."""
    for part in word.part.package.iter_parts():
        element = getattr(part, "_element", None)
        if element is not None and not hasattr(type(part), "element"):
            part._blob = etree.tostring(element, xml_declaration=True, encoding="UTF-8", standalone=True)


def fixed_time(date_text: str | None) -> datetime:
    """The document's own date when it has one, else a constant: never the wall clock."""
    from ...numerals import parse_date

    if date_text:
        try:
            d = parse_date(date_text)
            return datetime(d.year, d.month, d.day, tzinfo=timezone.utc)
        except ValueError:
            pass
    return datetime(2000, 1, 1, tzinfo=timezone.utc)
