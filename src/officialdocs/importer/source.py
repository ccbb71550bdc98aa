"""Read an existing document into plain paragraphs: .txt (UTF-8 or GB 18030), .docx (python-docx) or .md.

Every paragraph keeps where it came from (line, or paragraph number in a .docx) and what the file itself
says about it: a Word style and outline level, automatic numbering, a Markdown heading level, a table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..errors import Location, OfficialDocsError, Problem
from ..textio import decode_bytes  # the one encoding detection (importers use it from here too)

SUFFIXES = (".txt", ".docx", ".md", ".markdown")


@dataclass(frozen=True)
class Para:
    """One paragraph (or one table) of the source."""

    text: str
    line: int                     # 1-based line of a text file; paragraph number (tables count) in a .docx
    cols: tuple[int, ...] = ()    # per character: 0-based column in the source line (empty: 0, 1, 2 …)
    style: str | None = None      # Word style name (“Title”, “Heading 1”, …)
    level: int | None = None      # heading level 1–4 the file states (outline level, Markdown #)
    marker: str = ""              # automatic numbering Word would print before the text (一、 （一） …)
    table: tuple[tuple[str, ...], ...] | None = None
    red: bool = False             # all text red: a masthead mark in a .docx

    def column(self, index: int) -> int:
        """1-based source column of character `index` of `text`."""
        if not self.cols:
            return index + 1
        if index < len(self.cols):
            return self.cols[index] + 1
        return (self.cols[-1] + 2) if self.cols else 1

    def sub(self, start: int, end: int) -> Para:
        """A slice of this paragraph that keeps its source columns."""
        cols = self.cols or tuple(range(len(self.text)))
        return replace(self, text=self.text[start:end], cols=cols[start:end])


@dataclass
class Source:
    path: Path
    kind: str                     # txt | docx | md
    paras: list[Para]
    encoding: str | None = None
    front_matter: dict[str, Any] = field(default_factory=dict)
    notes: list[tuple[int, str]] = field(default_factory=list)   # (line, message) for the report


def read_source(path: Path) -> Source:
    """Read a file to import; `-` reads standard input (a .docx if it is a zip package, else text)."""
    from ..textio import display_name, is_stdin, read_input_bytes

    path = Path(path)
    if is_stdin(path):
        data = read_input_bytes(path)
        if data.startswith(b"PK\x03\x04"):
            return _read_docx(Path(display_name(path)), data)
        suffix = ".md" if _looks_like_markdown(data) else ".txt"
    else:
        if not path.is_file():
            raise OfficialDocsError(Problem("找不到输入文件", Location(str(path)), "检查文件路径"))
        suffix = path.suffix.lower()
        if suffix not in SUFFIXES:
            raise OfficialDocsError(Problem(f"不支持导入 “{path.suffix}” 文件", Location(str(path)),
                                            "可导入 .txt（纯文本）、.docx（Word）或 .md（Markdown）"))
        if suffix == ".docx":  # a package with images may be large: its parts are bounded instead
            return _read_docx(path)
        data = read_input_bytes(path)
    name = display_name(path)
    text, encoding = decode_bytes(data, name)
    source_path = Path(name)
    if suffix == ".txt":
        return Source(source_path, "txt", text_paras(text), encoding)
    return _read_markdown(source_path, text, encoding)


def _looks_like_markdown(data: bytes) -> bool:
    head = data[:4096].removeprefix(b"\xef\xbb\xbf")
    return head.startswith(b"---") or any(line.startswith(b"# ") for line in head.splitlines())


def control_problems(source: Source, hint: str) -> list[Problem]:
    """Control characters left in the paragraphs to import, at their source line:col (in a .docx: the
    paragraph number); they cannot go into a plan or a document."""
    from ..textio import CONTROL, char_name

    problems: list[Problem] = []
    for para in source.paras:
        for text in (para.text, *(cell for row in para.table or () for cell in row)):
            found = CONTROL.search(text)
            if found:
                column = para.column(found.start()) if text is para.text else None
                problems.append(Problem(f"这里有一个看不见的控制字符 {char_name(found.group())}",
                                        Location(str(source.path), para.line, column), hint))
                break
        if len(problems) >= 10:
            break
    return problems


def text_paras(text: str, first_line: int = 1) -> list[Para]:
    """Every line of a text file; blank lines are kept (empty text) because they separate title and body."""
    return [Para(line.rstrip(), first_line + n) for n, line in enumerate(text.split("\n"))]


# ------------------------------------------------------------------ Markdown

_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_MD_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")


def _read_markdown(path: Path, text: str, encoding: str) -> Source:
    lines = text.split("\n")
    front: dict[str, Any] = {}
    first = 0
    if lines and lines[0].strip() == "---":
        end = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
        if end is not None:
            from ..yamlio import safe_load

            try:
                loaded = safe_load("\n".join(lines[1:end]))
            except Exception:  # a broken front matter is imported as text, not lost
                loaded = None
            if isinstance(loaded, dict):
                front = {str(k): v for k, v in loaded.items()}
                first = end + 1
    paras: list[Para] = []
    notes: list[tuple[int, str]] = []
    n = first
    while n < len(lines):
        line = _markdown_plain(lines[n], n + 1, notes)
        heading = _MD_HEADING.match(line)
        if heading:
            offset = line.index(heading.group(2)) if heading.group(2) else 0
            body = heading.group(2)
            paras.append(Para(body, n + 1, tuple(range(offset, offset + len(body))),
                              level=min(len(heading.group(1)), 5)))
        elif line.lstrip().startswith("|") and n + 1 < len(lines) and _MD_TABLE_RULE.match(lines[n + 1]):
            rows, start = [], n
            while n < len(lines) and lines[n].lstrip().startswith("|"):
                if not _MD_TABLE_RULE.match(lines[n]):
                    rows.append(tuple(c.strip() for c in lines[n].strip().strip("|").split("|")))
                n += 1
            paras.append(Para("", start + 1, table=tuple(rows)))
            continue
        else:
            paras.append(Para(line.rstrip(), n + 1))
        n += 1
    return Source(path, "md", paras, encoding, front, notes)


_COMMENT = re.compile(r"<!--.*?-->")
_ESCAPE = re.compile(r"\\([\\`*_\[\]<>#|~.()+\-!{}])")
_EMPHASIS = re.compile(r"(\*\*|\*)(?=\S)(.+?)(?<=\S)\1")


def _markdown_plain(line: str, number: int, notes: list[tuple[int, str]]) -> str:
    """Markdown syntax that is not text: comments (TODOs of an earlier import), emphasis, backslash escapes."""
    comments = _COMMENT.findall(line)
    for comment in comments:
        notes.append((number, f"Markdown 注释未导入：{comment[:60]}"))
    line = _COMMENT.sub("", line)
    line = _EMPHASIS.sub(r"\2", line)
    return _ESCAPE.sub(r"\1", line)


# ------------------------------------------------------------------ Word

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _read_docx(path: Path, data: bytes | None = None) -> Source:
    import io

    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    from ..safezip import check_docx

    check_docx(path if data is None else data, str(path))  # bounded parts, well-formed XML, named by part
    try:
        document = docx.Document(str(path) if data is None else io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, OSError) as exc:
        raise OfficialDocsError(Problem(f"无法读取 Word 文件：{exc}", Location(str(path)),
                                        "确认它是 .docx（Word 2007 及以后的格式），旧的 .doc 请先另存为 .docx")) from None
    numbering = _Numbering(document)
    paras: list[Para] = []
    number = 0
    for child in document.element.body.iterchildren():
        if child.tag == f"{_W}p":
            number += 1
            paras.extend(_docx_paragraph(Paragraph(child, document), number, numbering))
        elif child.tag == f"{_W}tbl":
            number += 1
            table = Table(child, document)
            rows = [tuple(_dedupe_merged(row)) for row in table.rows]
            paras.append(Para("", number, table=tuple(rows)))
    return Source(path, "docx", paras)


def _dedupe_merged(row: Any) -> list[str]:
    """A horizontally merged cell is returned once per grid column: keep it once."""
    out: list[str] = []
    seen: list[Any] = []
    for cell in row.cells:
        if any(cell._tc is s for s in seen):
            continue
        seen.append(cell._tc)
        out.append("\n".join(p.text for p in cell.paragraphs).strip())
    return out


def _docx_paragraph(paragraph: Any, number: int, numbering: _Numbering) -> list[Para]:
    text = paragraph.text.replace("\t", " ")
    style = paragraph.style.name if paragraph.style is not None else None
    level = _outline_level(paragraph)
    marker = numbering.marker(paragraph)
    runs = [r for r in paragraph.runs if r.text.strip()]
    red = bool(runs) and all(r.font.color is not None and r.font.color.type is not None
                             and str(r.font.color.rgb or "") in ("FF0000", "E60012", "C00000") for r in runs)
    if style and style.lower() in ("title", "标题") and "\n" in text:
        # A title broken by hand over lines: one paragraph per line, each flagged as title.
        return [Para(line, number, style=style) for line in text.split("\n") if line.strip()]
    return [Para(text.replace("\n", ""), number, style=style, level=level, marker=marker, red=red)]


def _outline_level(paragraph: Any) -> int | None:
    """Outline level 0–3 (→ heading 1–4) from the paragraph, else its style chain; Heading N names too."""
    p_pr = paragraph._p.pPr
    if p_pr is not None and p_pr.find(f"{_W}outlineLvl") is not None:
        return _level(p_pr.find(f"{_W}outlineLvl").get(f"{_W}val"))
    style = paragraph.style
    while style is not None:
        s_pr = style.element.pPr
        if s_pr is not None and s_pr.find(f"{_W}outlineLvl") is not None:
            return _level(s_pr.find(f"{_W}outlineLvl").get(f"{_W}val"))
        match = re.fullmatch(r"(?:heading|标题)\s*([1-9])", (style.name or "").strip(), re.IGNORECASE)
        if match:
            return _level(str(int(match.group(1)) - 1))
        style = style.base_style
    return None


def _level(value: str | None) -> int | None:
    try:
        level = int(value or "") + 1
    except ValueError:
        return None
    return level if 1 <= level <= 9 else None


class _Numbering:
    """Word's automatic list numbers (numbering.xml), printed as 公文 ordinals: 一、 （一） 1. （1）."""

    def __init__(self, document: Any):
        self.formats: dict[tuple[str | None, int], tuple[str, str]] = {}
        self.counters: dict[tuple[str, int], int] = {}
        try:
            part = document.part.numbering_part
        except (NotImplementedError, KeyError, AttributeError):
            return
        root = part.element
        abstract = {}
        for node in root.findall(f"{_W}abstractNum"):
            levels = {}
            for lvl in node.findall(f"{_W}lvl"):
                fmt = lvl.find(f"{_W}numFmt")
                text = lvl.find(f"{_W}lvlText")
                levels[int(lvl.get(f"{_W}ilvl", "0"))] = (
                    fmt.get(f"{_W}val") if fmt is not None else "decimal",
                    text.get(f"{_W}val") if text is not None else "%1.",
                )
            abstract[node.get(f"{_W}abstractNumId")] = levels
        for num in root.findall(f"{_W}num"):
            ref = num.find(f"{_W}abstractNumId")
            if ref is not None:
                for ilvl, spec in abstract.get(ref.get(f"{_W}val"), {}).items():
                    self.formats[(num.get(f"{_W}numId"), ilvl)] = spec

    def marker(self, paragraph: Any) -> str:
        p_pr = paragraph._p.pPr
        num_pr = p_pr.find(f"{_W}numPr") if p_pr is not None else None
        style = paragraph.style
        while num_pr is None and style is not None:  # numbering linked to the style (Word's heading numbering)
            s_pr = style.element.pPr
            num_pr = s_pr.find(f"{_W}numPr") if s_pr is not None else None
            style = style.base_style
        if num_pr is None:
            return ""
        num_id_el, ilvl_el = num_pr.find(f"{_W}numId"), num_pr.find(f"{_W}ilvl")
        num_id = num_id_el.get(f"{_W}val") if num_id_el is not None else None
        ilvl = int(ilvl_el.get(f"{_W}val")) if ilvl_el is not None else 0
        spec = self.formats.get((num_id, ilvl))
        if spec is None or num_id in (None, "0"):
            return ""
        key = (num_id, ilvl)
        self.counters[key] = self.counters.get(key, 0) + 1
        for other in list(self.counters):  # a higher level restarts the deeper counters
            if other[0] == num_id and other[1] > ilvl:
                del self.counters[other]
        fmt, pattern = spec
        from ..numerals import chinese_numeral

        n = self.counters[key]
        value = chinese_numeral(n) if fmt in ("chineseCounting", "chineseCountingThousand", "ideographTraditional",
                                              "chineseLegalSimplified", "taiwaneseCounting") else str(n)
        if fmt in ("bullet", "none"):
            return ""
        return pattern.replace(f"%{ilvl + 1}", value).replace("(", "（").replace(")", "）") if "%" in pattern else ""
