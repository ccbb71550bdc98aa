"""Write an imported Structure as plan.yaml (ruamel.yaml round-trip, so TODOs become comments at their
place) or as 公文 Markdown (TODOs become `<!-- TODO: … -->` where the text was lost)."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import LiteralScalarString

from ..cjk import TITLE_END_FORBIDDEN
from ..compose import md_escape
from ..numerals import parse_date
from .clean import split_todos
from .lines import heading_of, split_run_in
from .structure import Attachment, Node, Structure

TodoText = Callable[[int], str]   # TODO index -> its message


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096  # never fold a paragraph: a 公文 paragraph is one line of text
    yaml.allow_unicode = True
    return yaml


def _join_title(lines: list[str]) -> str:
    out = ""
    for line in lines:
        line = line.strip()
        if out and out[-1].isascii() and out[-1].isalnum() and line[:1].isascii() and line[:1].isalnum():
            out += " "
        out += line
    return out


def _block(paragraphs: list[str]) -> str:
    return "\n\n".join(p.strip() for p in paragraphs if p.strip())


class _Todos:
    """Collects the comments for one field: the TODO messages of the markers found in its text."""

    def __init__(self, todo_text: TodoText):
        self.todo_text = todo_text

    def take(self, text: str, where: str = "") -> tuple[str, list[str]]:
        clean, found = split_todos(text)
        return clean, [f"TODO{where}: {self.todo_text(i)}" for i in found]


# ------------------------------------------------------------------ plan.yaml


def _valid_masthead(masthead: dict[str, Any], notes: list[str]) -> CommentedMap | None:
    from .. import validators

    out = CommentedMap()
    issuers = masthead.get("issuers") or ([masthead["issuer"]] if masthead.get("issuer") else [])
    if not issuers:
        if masthead:
            shown = "，".join(f"{k}: {v}" for k, v in masthead.items())
            notes.append(f"TODO: 原文版头有 {shown}，但没有发文机关标志，未写入 masthead")
        return None
    if len(issuers) == 1:
        out["issuer"] = issuers[0]
    else:
        out["issuers"] = list(issuers)
    checks: dict[str, Callable[[str], str]] = {"doc_number": validators.check_doc_number, "copy_number": validators.check_copy_number,
              "classification": validators.check_classification, "urgency": validators.check_urgency}
    for key, check in checks.items():
        value = masthead.get(key)
        if value is None:
            continue
        try:
            out[key] = check(str(value))
        except ValueError as exc:
            notes.append(f"TODO: 原文 {key} “{value}” 不规范（{exc}），未写入")
    if masthead.get("signers"):
        out["signers"] = list(masthead["signers"])
    return out


def plan_yaml(doc: Structure, todo_text: TodoText, header: list[str]) -> str:
    todos = _Todos(todo_text)
    root = CommentedMap()
    top_notes: list[str] = []

    def put(key: str, value: Any, notes: list[str] | None = None) -> None:
        root[key] = value
        if notes:
            root.yaml_set_comment_before_after_key(key, before="\n".join(notes), indent=0)

    masthead = _valid_masthead(doc.masthead, top_notes)
    if masthead:
        put("masthead", masthead)
    title, notes = todos.take(_join_title(doc.title))
    title, stripped = _strip_end(title)
    if stripped:
        notes.append(f"原标题末尾的 “{stripped}” 已去掉")
    if not title:
        title = "（标题待补）"
        notes.append("TODO: 未识别出标题，请填写")
    put("title", title, notes)
    if doc.draft:
        put("draft", doc.draft)
    if doc.recipients:
        recipients, notes = todos.take("\n".join(doc.recipients))
        put("recipients", [r for r in recipients.split("\n") if r], notes)
    if doc.preamble:
        text, notes = todos.take(_block(doc.preamble))
        put("preamble", LiteralScalarString(text), notes)
    if doc.sections:
        sections = CommentedSeq()
        for index, node in enumerate(doc.sections):
            _add_node(sections, index, node, 0, todos, root, "sections")
        root["sections"] = sections
    if doc.closing or doc.unclassified:
        paragraphs = doc.closing + [text for _, text in doc.unclassified]
        text, notes = todos.take(_block(paragraphs))
        if doc.unclassified:
            notes.append(f"TODO: 其中 {len(doc.unclassified)} 段无法归类（第 {'、'.join(str(n) for n, _ in doc.unclassified)} 行），请核对")
        put("closing", LiteralScalarString(text), notes)
    attachments = _plan_attachments(doc, todos)
    if attachments:
        root["attachments"] = attachments
    if doc.signature:
        names, notes = todos.take("\n".join(doc.signature))
        names_list = [n for n in names.split("\n") if n]
        put("signature", names_list[0] if len(names_list) == 1 else names_list, notes)
    if doc.date:
        if _is_date(doc.date):
            put("date", doc.date)
        else:
            top_notes.append(f"TODO: 成文日期 “{doc.date}” 不是有效日期，未写入")
    if doc.remark:
        remark, notes = todos.take(doc.remark)
        put("remark", remark, notes)
    colophon = CommentedMap()
    if doc.cc:
        colophon["cc"] = [split_todos(c)[0] for c in doc.cc]
    if doc.printed_by:
        colophon["printed_by"] = split_todos(doc.printed_by)[0]
    if doc.printed_on and _is_date(doc.printed_on):
        colophon["printed_on"] = doc.printed_on
    if colophon:
        put("colophon", colophon)
    start = list(header) + top_notes
    if start:
        root.yaml_set_start_comment("\n".join(start))
    stream = io.StringIO()
    _yaml().dump(root, stream)
    return stream.getvalue()


def _is_date(text: str) -> bool:
    try:
        parse_date(text)
    except ValueError:
        return False
    return True


def _strip_end(title: str) -> tuple[str, str]:
    stripped = title.rstrip(TITLE_END_FORBIDDEN + " 　")
    return stripped, title[len(stripped):].strip()


def _add_node(seq: CommentedSeq, index: int, node: Node, depth: int, todos: _Todos, parent: CommentedMap,
              parent_key: str) -> None:
    item = CommentedMap()
    title, title_notes = todos.take(node.title, "（标题）")
    title, _ = _strip_end(title)
    item["title"] = title or "（标题待补）"
    if not title:
        title_notes.append("TODO: 标题为空，请填写")
    if node.text:
        text, notes = todos.take(_block(node.text), "（正文）")
        item["text"] = LiteralScalarString(text)
        if notes:
            item.yaml_set_comment_before_after_key("text", before="\n".join(notes), indent=4 * depth + 4)
    if node.children:
        children = CommentedSeq()
        for i, child in enumerate(node.children):
            _add_node(children, i, child, depth + 1, todos, item, "items")
        item["items"] = children
    seq.append(item)
    if title_notes:
        # A comment right above the `- title:` line of this entry.
        dash = 4 * depth + 2
        if index == 0:
            parent.yaml_set_comment_before_after_key(parent_key, after="\n".join(title_notes), after_indent=dash)
        else:
            seq.yaml_set_comment_before_after_key(index, before="\n".join(title_notes), indent=dash)


def _plan_attachments(doc: Structure, todos: _Todos) -> CommentedSeq | None:
    pages = list(doc.attachments)
    listed = list(doc.attachment_list)
    if not pages and not listed:
        return None
    seq = CommentedSeq()
    count = max(len(pages), len(listed))
    for i in range(count):
        page = pages[i] if i < len(pages) else None
        name = page.title if page else listed[i]
        entry = CommentedMap()
        title, notes = todos.take(name)
        entry["title"], _ = _strip_end(title)
        if page and i < len(listed) and split_todos(listed[i])[0] != split_todos(page.title)[0]:
            notes.append(f"附件说明中写作 “{split_todos(listed[i])[0]}”，附件页标题为 “{split_todos(page.title)[0]}”，请统一")
        if page and page.blocks:
            text, more = todos.take(attachment_markdown(page))
            notes += more
            entry["text"] = LiteralScalarString(text)
        elif not page:
            notes.append("TODO: 原文只有附件说明，附件正文未随原文导入，请补充 text")
        seq.append(entry)
        if notes:
            seq.yaml_set_comment_before_after_key(i, before="\n".join(notes), indent=2)
    return seq


def attachment_markdown(att: Attachment) -> str:
    """The attachment as 公文 Markdown: 一、 and （一） paragraphs become headings again (unambiguous
    forms only; a list 1. 2. inside an attachment stays a list of paragraphs)."""
    parts = []
    for block in att.blocks:
        if isinstance(block, tuple):
            parts.append(markdown_table(block))
            continue
        match = heading_of(split_todos(block)[0])
        if match is None or match.level > 2:
            parts.append(_escape_keeping_todos(block))
            continue
        rest = block[block.index(match.marker) + len(match.marker):].strip() if match.marker in block else block
        run_in = split_run_in(rest) if match.level == 2 else None
        if run_in:
            parts += ["#" * match.level + " " + _escape_keeping_todos(run_in[0]) + "。", _escape_keeping_todos(run_in[1])]
        else:
            parts.append("#" * match.level + " " + _escape_keeping_todos(rest))
    return "\n\n".join(parts) + "\n"


def markdown_table(rows: tuple[tuple[str, ...], ...]) -> str:
    width = max(len(r) for r in rows)
    lines = []
    for n, row in enumerate(rows):
        cells = [md_escape(c.replace("\n", " ")) for c in row] + [""] * (width - len(row))
        lines.append("| " + " | ".join(cells) + " |")
        if n == 0:
            lines.append("|" + "|".join(["---"] * width) + "|")
    return "\n".join(lines)


def _escape_keeping_todos(text: str) -> str:
    # TODO markers must survive escaping untouched: escape the pieces between them.
    return "".join(md_escape(piece) if not re.fullmatch("[\U000f0000-\U000ffffd]", piece) else piece
                   for piece in re.split("([\U000f0000-\U000ffffd])", text))


# ------------------------------------------------------------------ 公文 Markdown


def _comment(message: str) -> str:
    # An HTML comment may not contain "--"; the markup parser drops comments, block or inline.
    return f"<!-- TODO: {message.replace('--', '—').replace('>', '＞')} -->"


def markup_text(doc: Structure, todo_text: TodoText, header: list[str]) -> str:
    def inline(text: str) -> str:
        escaped = _escape_keeping_todos(text)
        return re.sub("[\U000f0000-\U000ffffd]", lambda m: _comment(todo_text(ord(m.group(0)) - 0xF0000)), escaped)

    front = CommentedMap()
    notes: list[str] = []
    masthead = _valid_masthead(doc.masthead, notes)
    if masthead:
        front.update(masthead)
    title, title_notes = _Todos(todo_text).take(_join_title(doc.title))
    title, _ = _strip_end(title)
    front["title"] = title or "（标题待补）"
    notes += title_notes
    if doc.draft:
        front["draft"] = doc.draft
    if doc.recipients:
        front["recipients"] = [split_todos(r)[0] for r in doc.recipients]
    if doc.attachment_list and not doc.attachments:
        front["attachment_list"] = [_strip_end(split_todos(n)[0])[0] for n in doc.attachment_list]
    if doc.signature:
        names = [split_todos(s)[0] for s in doc.signature]
        front["signature"] = names[0] if len(names) == 1 else names
    if doc.date and _is_date(doc.date):
        front["date"] = doc.date
    if doc.remark:
        front["remark"] = split_todos(doc.remark)[0]
    if doc.cc:
        front["cc"] = [split_todos(c)[0] for c in doc.cc]
    if doc.printed_by:
        front["printed_by"] = split_todos(doc.printed_by)[0]
    if doc.printed_on and _is_date(doc.printed_on):
        front["printed_on"] = doc.printed_on
    start = list(header) + notes
    if start:
        front.yaml_set_start_comment("\n".join(start))
    stream = io.StringIO()
    _yaml().dump(front, stream)
    out = ["---", stream.getvalue().rstrip("\n"), "---", ""]
    for paragraph in doc.preamble:
        out += [inline(paragraph), ""]

    def node_lines(node: Node) -> None:
        run_in = node.run_in and bool(node.text)
        out.extend(["#" * node.level + " " + inline(node.title) + ("。" if run_in else ""), ""])
        for paragraph in node.text:
            out.extend([inline(paragraph), ""])
        for child in node.children:
            node_lines(child)

    for node in doc.sections:
        node_lines(node)
    for paragraph in doc.closing + [text for _, text in doc.unclassified]:
        out += [inline(paragraph), ""]
    for att in doc.attachments:
        out += [f"# 附件：{inline(_strip_end(att.title)[0])}", ""]
        body = attachment_markdown(att)
        out += [re.sub("[\U000f0000-\U000ffffd]", lambda m: _comment(todo_text(ord(m.group(0)) - 0xF0000)), body), ""]
    return "\n".join(out).rstrip("\n") + "\n"
