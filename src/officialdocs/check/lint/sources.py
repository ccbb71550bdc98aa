"""The three front-ends of lint: plan.yaml (string values by key, with ruamel.yaml positions), 公文 Markdown
(front matter as YAML, the body read from markdown-it tokens with their line maps) and .docx (paragraphs,
numbered in document order: line = paragraph number). Each gives a `LintSource`."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from markdown_it.token import Token

from ...cjk import ATTACHMENT_HEADING
from ...markup.blocks import _MD as MARKDOWN  # the markup stage's parser: lint reads what render reads
from ...markup.frontmatter import split_front_matter
from ...numerals import parse_ordinal
from ...yamlio import parse_yaml_text, position_of
from .units import HeadingMark, LintSource, Listed, Pos, SourceText, Unit, offsets_unit, shifted, value_unit

_KEY_ROLES = {"title": "title", "doc_number": "doc_number", "recipients": "recipient", "cc": "cc",
              "attachment_list": "attachment_item"}
_SKIP_KEYS = {"seal", "profile", "kind", "format", "mark_suffix", "copy_number"}


# --------------------------------------------------------------------------------------------------- YAML

def _walk_strings(data: Any, path: tuple = ()) -> Iterator[tuple[tuple, str]]:
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _walk_strings(value, (*path, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _walk_strings(value, (*path, i))
    elif isinstance(data, str):
        yield path, data


def _role(path: tuple) -> str | None:
    keys = [k for k in path if isinstance(k, str)]
    if not keys or keys[-1] in _SKIP_KEYS:
        return None
    if keys[-1] == "title" and len(keys) >= 2 and keys[-2] == "attachments":
        return "attachment"
    return _KEY_ROLES.get(keys[-1], "text")


def _yaml_into(out: LintSource, text: str, locate=None) -> dict:
    """The string values of a YAML text as units (re-located by `locate`), and the document's own title,
    主送, 签发人 and 附件说明 (the top level, or the plan's masthead)."""
    data, positions = parse_yaml_text(text, out.file)
    src = SourceText(text)
    for path, value in _walk_strings(data):
        role = _role(path)
        if role is None:
            continue
        unit = value_unit(src, value, position_of(positions, path), role)
        unit = locate(unit) if locate else unit
        out.units.append(unit)
        top = path[0] if len(path) <= 2 else None
        if top == "title" and len(path) == 1:
            out.title = (value, unit.locate(0))
        elif top == "recipients" and len(path) == 2:
            out.recipients.append((value, unit.locate(0)))
        elif top == "attachment_list":
            out.listed.append(Listed(unit.locate(0), value, unit=unit))
    if not isinstance(data, dict):
        return {}
    raw = data.get("masthead")
    masthead: dict = raw if isinstance(raw, dict) else {}
    signers = data.get("signers") or masthead.get("signers")
    out.signers = [str(s) for s in signers] if isinstance(signers, list) else ([str(signers)] if signers else [])
    return data


def yaml_source(text: str, file: str) -> LintSource:
    out = LintSource(file, "yaml")
    _yaml_into(out, text)
    return out


# ----------------------------------------------------------------------------------------------- Markdown

def markdown_source(text: str, file: str) -> LintSource:
    out = LintSource(file, "md")
    src = SourceText(text)
    parts = split_front_matter(text, file)
    if parts.yaml is not None:  # the front matter as its own YAML text, re-based on line 2 of the file
        inner = SourceText(parts.yaml)
        base = src.offset(2, 1)
        _yaml_into(out, parts.yaml, lambda unit: shifted(unit, src, base, inner))
    tokens = MARKDOWN.parse(parts.body)
    first = parts.body_offset  # 0-based file line of body line 0
    for index, token in enumerate(tokens):
        if token.type != "inline" or token.map is None:
            continue
        opening = tokens[index - 1]
        if opening.type == "heading_open":
            level = int(opening.tag[1])
            unit = _inline_unit(src, token, first, "heading", level)
            m = ATTACHMENT_HEADING.match(token.content) if level == 1 else None
            if m:
                name_start = m.start(2)
                unit = _inline_unit(src, token, first, "attachment", 1, skip=name_start)
                out.headings.append(HeadingMark(unit.locate(0), None, None, restart=True))
                out.attachments.append((m.group(2).strip(), unit.locate(0)))
            else:
                typed = parse_ordinal(token.content)
                out.headings.append(HeadingMark(unit.locate(0), level, typed,
                                                token.content[:typed.end] if typed else ""))
            out.units.append(unit)
        elif opening.type in ("th_open", "td_open"):
            out.units.append(_inline_unit(src, token, first, "cell", cell=_cell_index(tokens, index)))
        else:
            out.units.append(_inline_unit(src, token, first, "text"))
    return out


def _cell_index(tokens: list[Token], index: int) -> int:
    """Which cell of its row an inline token is (0-based)."""
    k = 0
    for token in reversed(tokens[:index - 1]):
        if token.type == "tr_open":
            break
        if token.type in ("th_open", "td_open"):
            k += 1
    return k


def _inline_unit(src: SourceText, token: Token, first: int, role: str, level: int = 0, skip: int = 0,
                 cell: int | None = None) -> Unit:
    """An inline token's text as a unit: each of its lines is found in its source line (markdown-it keeps
    the raw inline text, without the block's markers and indentation)."""
    assert token.map is not None
    content = token.content
    offsets: list[int] | None = []
    for k, part in enumerate(content.split("\n")):
        number = first + token.map[0] + k + 1
        if number > len(src.starts) or offsets is None:
            offsets = None
            break
        line = src.line(number)
        col = _find_cell(line, part, cell) if cell is not None else line.find(part)
        if col < 0:
            offsets = None
            break
        start = src.offset(number, col + 1)
        offsets.extend(range(start, start + len(part)))
        offsets.append(start + len(part))  # the line break
    if offsets:
        offsets.pop()
    fallback = (first + token.map[0] + 1, 1)
    text = content[skip:]
    return offsets_unit(src, offsets[skip:] if offsets else None, text, role, fallback, level=level,
                        line_starts=cell is None)


def _find_cell(line: str, part: str, cell: int) -> int:
    """The column of the `cell`-th cell's text in a table row."""
    bars = [m.start() for m in re.finditer(r"(?<!\\)\|", line)]
    if line.lstrip().startswith("|"):
        bars = bars[1:]
    start = bars[cell - 1] + 1 if 0 < cell <= len(bars) else 0
    return line.find(part, start)


# --------------------------------------------------------------------------------------------------- .docx

def docx_source(path: Path, file: str) -> LintSource:
    from ..docx import NS, DocxPackage, q

    out = LintSource(file, "docx", numbered_by_writer=False)
    paragraphs: list[tuple[int, str, str, bool]] = []  # (number, text, style, in a table)
    for number, para in enumerate(DocxPackage(path).document.iter(q("w:p")), 1):
        text = "".join(t.text or "" for t in para.iter(q("w:t")))
        style_node = para.find("w:pPr/w:pStyle", NS)
        style = style_node.get(q("w:val"), "") if style_node is not None else ""
        paragraphs.append((number, text, style, any(a.tag == q("w:tc") for a in para.iterancestors())))

    def unit(number: int, text: str, role: str, level: int = 0, skip: int = 0) -> Unit:
        def locate(k: int) -> tuple[int, int]:
            return (number, skip + k + 1)

        return Unit(text[skip:], role, locate, level=level, line_starts=False)

    # The paragraph after each "附件N" label is that attachment's title (7.3.7).
    titles_at: set[int] = set()
    for i, (_, text, _, in_table) in enumerate(paragraphs):
        if not in_table and re.match(r"^附件\s*\d*$", text.strip()):
            nxt = next((n for n, t, _, tab in paragraphs[i + 1:] if t.strip() and not tab), None)
            if nxt is not None:
                titles_at.add(nxt)
    title_seen = recipients_seen = in_list = False
    for number, text, style, in_table in paragraphs:
        stripped = text.strip()
        if not stripped:
            in_list = False
            continue
        if stripped.startswith(("抄送：", "抄送:")):
            out.units.append(unit(number, text, "cc_line"))
            continue
        signer = re.match(r"^.*?签发人\s*[：:]\s*(.+)$", stripped)
        if signer:
            out.signers += [s for s in re.split(r"\s+", signer.group(1)) if s]
        heading = re.match(r"Heading([1-4])$", style)
        if number in titles_at:
            out.units.append(unit(number, text, "attachment"))
            out.attachments.append((stripped, (number, 1)))
            continue
        if style == "Title":
            out.units.append(unit(number, text, "title"))
            out.title = out.title or (stripped, (number, 1))
            title_seen = True
            continue
        if in_table:
            out.units.append(unit(number, text, "text"))
            continue
        if title_seen and not recipients_seen and not re.match(r"^[（(].*[）)]$", stripped):
            recipients_seen = True  # the first paragraph after the title (a draft marking aside): 主送机关
            if "。" not in stripped and parse_ordinal(stripped) is None:
                out.units.append(unit(number, text, "recipient_line"))
                names = re.split(r"[、，,]", stripped.rstrip("：:"))
                out.recipients = [(n, (number, 1)) for n in names if n.strip()]
                continue
        if re.match(r"^附件\s*\d*$", stripped):
            out.headings.append(HeadingMark((number, 1), None, None, restart=True))
            continue
        listed = re.match(r"^(\s*附件\s*[：:]\s*)((\d+)\s*([.．、])\s*)?(.*)$", text)
        numbered = re.match(r"^(\s*)((\d+)\s*([.．、]))\s*(.*)$", text) if in_list else None
        if listed or numbered:
            m = listed or numbered
            assert m is not None
            in_list = True
            name_start = m.start(5)
            out.units.append(unit(number, text, "attachment_item", skip=name_start))
            out.listed.append(Listed((number, 1), m.group(5).strip(), m.group(3) or "", m.group(4) or ""))
            continue
        in_list = False
        out.units.append(unit(number, text, "heading" if heading else "text", int(heading.group(1)) if heading else 0))
        parsed = parse_ordinal(stripped)
        if parsed:
            out.headings.append(HeadingMark((number, 1), None, parsed, stripped[:parsed.end]))
    return out


def source_for(kind: str, text: str, file: str) -> LintSource:
    return yaml_source(text, file) if kind == "yaml" else markdown_source(text, file)


__all__ = ["Pos", "docx_source", "markdown_source", "source_for", "yaml_source"]
