"""Untrusted .docx packages (zip) read within bounds: `check`, `lint` and `import` open files from anyone.

A 10 MB .docx can hold a 10 GiB entry. Every entry is read as a stream and stopped one byte past its
bound, whatever its header claims, so memory stays low and a bomb is refused in a fraction of a second.
XML parts are parsed without entity expansion or network access, and a malformed one is reported by name.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

from lxml import etree

from .errors import Location, OfficialDocsError, Problem

MAX_PART = 64 * 1024 * 1024     # bytes, one decompressed part (a 公文's document.xml is well under 1 MB)
MAX_TOTAL = 256 * 1024 * 1024   # bytes, all parts read from one package
MAX_ENTRIES = 10_000
_CHUNK = 1024 * 1024


def xml_parser() -> etree.XMLParser:
    """The one XML parser for untrusted input: no DTD, no entity expansion, no network, no huge trees."""
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def read_parts(source: Path | bytes, name: str, want: Callable[[str], bool] = lambda _: True) -> dict[str, bytes]:
    """The decompressed parts of a zip package whose names satisfy `want`, each and all within bounds.
    `source` is a path or the package's bytes; `name` is how the file is called in messages."""
    try:
        with zipfile.ZipFile(io.BytesIO(source) if isinstance(source, bytes) else source) as z:
            infos = z.infolist()
            if len(infos) > MAX_ENTRIES:
                raise _refuse(name, f"压缩包内的条目过多（{len(infos)} 个，上限 {MAX_ENTRIES}）")
            parts: dict[str, bytes] = {}
            total = 0
            for info in infos:
                if info.is_dir() or not want(info.filename):
                    continue
                if info.file_size > MAX_PART:  # the header already says too much: do not even start
                    raise _too_big(name, info.filename, info.file_size)
                data = _read_bounded(z, info, min(MAX_PART, MAX_TOTAL - total), name)
                total += len(data)
                parts[info.filename] = data
            return parts
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, NotImplementedError) as exc:
        raise _refuse(name, f"无法读取 .docx（压缩包已损坏：{exc}）") from None
    except OSError as exc:
        raise _refuse(name, f"无法读取 .docx：{exc.strerror or exc}") from None


def _read_bounded(z: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int, name: str) -> bytes:
    out = bytearray()
    with z.open(info) as stream:
        while True:
            chunk = stream.read(_CHUNK)
            if not chunk:
                return bytes(out)
            out += chunk
            if len(out) > limit:
                raise _too_big(name, info.filename, len(out), more=True)


def _too_big(name: str, part: str, size: int, more: bool = False) -> OfficialDocsError:
    what = f"解压后超过 {size / 1048576:.0f} MB" if more else f"解压后 {size / 1048576:.0f} MB"
    return _refuse(name, f"部件 {part} {what}，超过上限（单个部件 {MAX_PART // 1048576} MB、"
                         f"全部 {MAX_TOTAL // 1048576} MB）：疑似“压缩炸弹”")


def _refuse(name: str, message: str) -> OfficialDocsError:
    return OfficialDocsError(Problem(message, Location(name), "确认文件是完整的 Word 文档（.docx）"))


def parse_xml(data: bytes, part: str, name: str) -> etree._Element:
    """One XML part, or a located error naming the part, line and column."""
    try:
        return etree.fromstring(data, xml_parser())
    except etree.XMLSyntaxError as exc:
        line, column = exc.position if exc.position else (None, None)
        where = f"第 {line} 行第 {column} 列" if line else ""
        raise OfficialDocsError(Problem(f"部件 {part} {where}不是有效的 XML", Location(name),
                                        f"文件已损坏或不是 Word 生成的；解析器原文：{exc.msg}")) from None


def check_docx(source: Path | bytes, name: str) -> dict[str, bytes]:
    """A .docx that python-docx may open: bounded parts, word/document.xml present, every XML part
    well-formed (python-docx would fail on the first bad one without saying which)."""
    parts = read_parts(source, name)
    if "word/document.xml" not in parts:
        raise _refuse(name, "不是 Word 文档（缺少 word/document.xml）")
    for part, data in parts.items():
        if part.endswith((".xml", ".rels")):
            parse_xml(data, part, name)
    return parts


__all__ = ["MAX_PART", "MAX_TOTAL", "check_docx", "parse_xml", "read_parts", "xml_parser"]
