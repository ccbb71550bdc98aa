"""Serialise a python-docx document to byte-identical .docx files: fixed timestamps, no stray parts."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime, timezone
from typing import Any

from docx.document import Document as WordDocument
from docx.oxml.ns import qn
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


_APP_NS = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
_VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
_WORD = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003ffff]|[A-Za-z0-9]+(?:[.'’-][A-Za-z0-9]+)*")


def set_app_properties(word: WordDocument, title: str, pages: int | None = None) -> None:
    """docProps/app.xml naming officialdocs (python-docx's template says Microsoft Macintosh Word, Pages 1), with
    Word's statistics: each Chinese character counts as a word, as Word counts them. `pages` is the page count
    of the PDF engine's layout of the same document; without it Pages is left out (Word counts on opening)."""
    from ... import __version__

    text = ["".join(t.text or "" for t in p.iter(qn("w:t"))) for p in word.element.body.iter(qn("w:p"))]
    joined = "".join(text)
    version = [int(n) if n.isdigit() else 0 for n in (__version__.split(".") + ["0", "0"])[:3]]
    fields: list[tuple[str, str | None]] = [
        ("Template", "Normal.dotm"), ("TotalTime", "0"), ("Pages", None if pages is None else str(pages)),
        ("Words", str(sum(len(_WORD.findall(t)) for t in text))),
        ("Characters", str(sum(not c.isspace() for c in joined))), ("Application", "officialdocs"),
        ("DocSecurity", "0"), ("Paragraphs", str(sum(bool(t.strip()) for t in text))), ("ScaleCrop", "false"),
    ]
    root = etree.Element(f"{{{_APP_NS}}}Properties", nsmap={None: _APP_NS, "vt": _VT_NS})
    for name, value in fields:
        if value is not None:
            etree.SubElement(root, f"{{{_APP_NS}}}{name}").text = value
    pairs = etree.SubElement(etree.SubElement(root, f"{{{_APP_NS}}}HeadingPairs"), f"{{{_VT_NS}}}vector",
                             size="2", baseType="variant")
    etree.SubElement(etree.SubElement(pairs, f"{{{_VT_NS}}}variant"), f"{{{_VT_NS}}}lpstr").text = "Title"
    etree.SubElement(etree.SubElement(pairs, f"{{{_VT_NS}}}variant"), f"{{{_VT_NS}}}i4").text = "1"
    parts = etree.SubElement(etree.SubElement(root, f"{{{_APP_NS}}}TitlesOfParts"), f"{{{_VT_NS}}}vector",
                             size="1", baseType="lpstr")
    etree.SubElement(parts, f"{{{_VT_NS}}}lpstr").text = title
    for name, value in (("LinksUpToDate", "false"), ("CharactersWithSpaces", str(len(joined))),
                        ("SharedDoc", "false"), ("HyperlinksChanged", "false"),
                        ("AppVersion", f"{version[0]:02d}.{version[1]:02d}{version[2]:02d}")):
        etree.SubElement(root, f"{{{_APP_NS}}}{name}").text = value
    blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    for part in word.part.package.iter_parts():
        if str(part.partname) == "/docProps/app.xml":
            part._blob = blob
            return
    raise RuntimeError("python-docx template has no docProps/app.xml part")


def to_bytes(word: WordDocument) -> bytes:
    """The package zipped once, with fixed entry times and attributes, so equal input gives equal bytes.

    What python-docx's save does (each part's before_marshal, then [Content_Types].xml, the package rels,
    every part and its rels, in that order) but straight into a zip whose entries carry no clock.
    """
    from docx.opc.pkgwriter import PackageWriter

    flush_generic_parts(word)
    package = word.part.package
    parts = list(package.parts)
    for part in parts:
        part.before_marshal()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        writer: Any = _FixedTimeZip(archive)  # duck-types python-docx's PhysPkgWriter (write(pack_uri, blob))
        PackageWriter._write_content_types_stream(writer, parts)
        PackageWriter._write_pkg_rels(writer, package.rels)
        PackageWriter._write_parts(writer, parts)
    return out.getvalue()


class _FixedTimeZip:
    """python-docx's physical package writer interface (`write(pack_uri, blob)`), with fixed entry times."""

    def __init__(self, archive: zipfile.ZipFile):
        self.archive = archive

    def write(self, pack_uri, blob: bytes) -> None:
        entry = zipfile.ZipInfo(pack_uri.membername, date_time=ZIP_TIME)
        entry.compress_type = zipfile.ZIP_DEFLATED
        entry.external_attr = 0o644 << 16
        entry.create_system = 0
        self.archive.writestr(entry, blob)


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
