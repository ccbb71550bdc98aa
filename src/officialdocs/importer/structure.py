"""Line classification: paragraphs in, a plain structure out (title, recipients, preamble, headings, closing
block, attachments, colophon), plus findings for every classification that is uncertain.

Rules work on the text (the numbering a writer typed) and on what a .docx or .md states itself (Word
style and outline level, automatic numbering, `#`). Nothing is dropped: a paragraph that fits nowhere is
kept as text where it stood and listed as unclassified.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from ..cjk import TITLE_END_FORBIDDEN
from .lines import (
    _ATTACH_LABEL,
    _ATTACH_LIST,
    _CC,
    _CLASSIFICATION,
    _COPY_NUMBER,
    _DATE,
    _DOC_NUMBER,
    _DRAFT,
    _ISSUER_MARK,
    _LIST_ITEM,
    _ORGAN_END,
    _PRINTED,
    _REMARK,
    _SIGNERS,
    _URGENCY,
    HeadingMatch,
    attachment_names,
    date_text,
    heading_of,
    is_closing,
    is_date,
    looks_like_signature,
    recipients_of,
    split_paragraphs,
    split_run_in,
    verb_ordinal,
)
from .source import Para


@dataclass
class Finding:
    """An uncertain classification, for the report."""

    line: int
    column: int | None
    message: str


@dataclass
class Node:
    """A heading (levels 1–4) with the paragraphs under it and its sub-headings."""

    level: int
    title: str
    line: int
    marker: str = ""          # the typed or automatic number that was recognised and removed
    run_in: bool = False      # title and first paragraph were one paragraph: （一）标题。正文
    text: list[str] = field(default_factory=list)
    children: list[Node] = field(default_factory=list)


@dataclass
class Attachment:
    title: str
    line: int
    label: str = ""
    blocks: list[str | tuple[tuple[str, ...], ...]] = field(default_factory=list)   # paragraphs and tables


@dataclass
class Structure:
    title: list[str] = field(default_factory=list)   # lines as in the source
    title_line: int = 1
    masthead: dict[str, object] = field(default_factory=dict)
    draft: str | None = None
    recipients: list[str] = field(default_factory=list)
    preamble: list[str] = field(default_factory=list)
    sections: list[Node] = field(default_factory=list)
    closing: list[str] = field(default_factory=list)
    attachment_list: list[str] = field(default_factory=list)
    signature: list[str] = field(default_factory=list)
    date: str | None = None
    remark: str | None = None
    cc: list[str] = field(default_factory=list)
    printed_by: str | None = None
    printed_on: str | None = None
    attachments: list[Attachment] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    unclassified: list[tuple[int, str]] = field(default_factory=list)
    body_tables: int = 0

    def all_nodes(self) -> list[Node]:
        out: list[Node] = []

        def walk(nodes: list[Node]) -> None:
            for node in nodes:
                out.append(node)
                walk(node.children)

        walk(self.sections)
        return out


# ------------------------------------------------------------------ single-line tests (unit-tested)


def classify(paras: list[Para], front: dict[str, object] | None = None) -> Structure:
    doc = Structure()
    items: list[Para] = []
    for para in paras:
        items.extend(split_paragraphs(para))
    pos = _head(items, doc)
    body, tail, attach = _regions(items, pos, doc)
    _end_block(tail, doc)
    _body(body, doc)
    _attachments(attach, doc)
    _front(front or {}, doc)
    return doc


def _blank(p: Para) -> bool:
    return p.table is None and not p.text.strip()


def _head(items: list[Para], doc: Structure) -> int:
    """Masthead lines, title (one or more lines, or the Title style), draft marking, recipients."""
    pos = 0
    n = len(items)
    while pos < n and _blank(items[pos]):
        pos += 1
    # 版头: copy number, classification, urgency, the issuer mark, the document number, signers.
    while pos < n:
        p = items[pos]
        text = p.text.strip()
        if _blank(p):
            pos += 1
            continue
        if p.style and p.style.lower() == "title":
            break
        if _COPY_NUMBER.match(text):
            doc.masthead["copy_number"] = text
        elif _CLASSIFICATION.match(text):
            doc.masthead["classification"] = re.sub(r"\s+", "", text)
        elif _URGENCY.match(text):
            doc.masthead["urgency"] = re.sub(r"\s+", "", text)
        elif (mark := _ISSUER_MARK.match(text)) and not _DOC_NUMBER.match(text):
            doc.masthead["issuer"] = mark.group("name")
        elif _DOC_NUMBER.match(text) or _SIGNERS.match(text):
            number = _DOC_NUMBER.match(text)
            if number:
                doc.masthead["doc_number"] = re.sub(r"\s+", "", number.group("n"))
            signers = _SIGNERS.match(text)
            if signers:
                doc.masthead["signers"] = [s for s in re.split(r"[\s　、，,]+", signers.group("names")) if s]
        else:
            break
        pos += 1
    # 标题: the Title style, else the short lines before the first blank line / sentence / recipients.
    start = pos
    title_lines: list[Para] = []
    while pos < n and len(title_lines) < 4:
        p = items[pos]
        text = p.text.strip()
        if p.style and p.style.lower() == "title":
            title_lines.append(p)
            pos += 1
            continue
        if title_lines and (items[start].style or "").lower() == "title":
            break
        if not title_lines and p.level == 1 and p.style is None and not heading_of(text):
            title_lines.append(p)  # Markdown: a leading `# 标题` without a number is the document's title
            pos += 1
            break
        if _blank(p):
            if title_lines:
                break
            pos += 1
            continue
        if (p.table is not None or p.level or len(text) > 50 or text[-1:] in "。；" or heading_of(text)
                or recipients_of(text) is not None or is_date(text) or _DRAFT.match(text)
                or attachment_names(text) is not None or (title_lines and text.endswith("：")) or _CC.match(text)):
            break
        title_lines.append(p)
        pos += 1
    if title_lines:
        doc.title = [p.text.strip() for p in title_lines]
        doc.title_line = title_lines[0].line
    else:
        doc.findings.append(Finding(items[start].line if start < n else 1, None, "未识别出标题"))
    while pos < n and _blank(items[pos]):
        pos += 1
    if pos < n and (draft := _DRAFT.match(items[pos].text)):
        doc.draft = draft.group("body")
        pos += 1
    while pos < n and _blank(items[pos]):
        pos += 1
    if pos < n:
        text = items[pos].text.strip()
        found = recipients_of(text)
        if found is not None:
            doc.recipients = found
            pos += 1
        elif text.endswith(("：", ":")) and len(text) <= 40 and not heading_of(text):
            doc.findings.append(Finding(items[pos].line, items[pos].column(0),
                                        f"“{text}” 可能是主送机关，按正文导入"))
    return pos


def _regions(items: list[Para], pos: int, doc: Structure) -> tuple[list[Para], list[Para], list[Para]]:
    """Split what follows the head into body, closing block (附件说明 … 版记) and attachments."""
    rest = items[pos:]
    # Attachments start at a label line 附件 / 附件2 standing alone, after some body text.
    attach_at = next((i for i, p in enumerate(rest) if i > 0 and p.table is None and _ATTACH_LABEL.match(p.text)
                      and not (p.level and p.level <= 4)), len(rest))
    main, attach = rest[:attach_at], rest[attach_at:]
    # Colophon lines and tables may stand after the attachments (on the last page): move them to the tail.
    moved = [p for p in attach if _colophon_line(p)]
    attach = [p for p in attach if not _colophon_line(p)]
    # Walk back over the closing block: 版记, 附注, 成文日期, 署名, 附件说明, a closing formula.
    end = len(main)
    i = end - 1
    seen_date = seen_sig = False

    def skip_blank(k: int) -> int:
        while k >= 0 and _blank(main[k]):
            k -= 1
        return k

    i = skip_blank(i)
    # The 成文日期 anchors the block; a few lines after it (附注, 版记, a contact line) belong to the tail.
    late = [k for k in range(len(main)) if not _blank(main[k])][-6:]
    dated = next((k for k in reversed(late) if main[k].table is None and is_date(main[k].text.strip())), None)
    if dated is not None:
        seen_date = True
        i = skip_blank(dated - 1)
    else:
        while i >= 0 and _colophon_line(main[i]):
            i = skip_blank(i - 1)
    sig_lines = 0
    while i >= 0 and sig_lines < 4 and looks_like_signature(main[i].text) and main[i].table is None and (
            seen_date or _organ(main[i].text)) and not _ATTACH_LIST.match(main[i].text) and not main[i].level:
        seen_sig = True
        sig_lines += 1
        i = skip_blank(i - 1)
    # 附件说明 (附件：1.甲 then 2.乙 on the following lines) and a closing formula, in either order.
    for _ in range(2):
        k = i
        while k >= 0 and _LIST_ITEM.match(main[k].text) and not main[k].level:
            k = skip_blank(k - 1)
        if k >= 0 and _ATTACH_LIST.match(main[k].text):
            i = skip_blank(k - 1)
            continue
        if i >= 0 and is_closing(main[i].text) and (seen_date or seen_sig or i < end - 1):
            i = skip_blank(i - 1)
    cut = i + 1
    del seen_date, seen_sig
    return main[:cut], main[cut:] + moved, attach


def _organ(text: str) -> bool:
    return text.strip().endswith(_ORGAN_END)


def _colophon_line(p: Para) -> bool:
    if p.table is not None:
        cells = [c for row in p.table for c in row]
        return bool(cells) and any(_CC.match(c) or _PRINTED.match(c) for c in cells) and all(
            _CC.match(c) or _PRINTED.match(c) or len(c) <= 40 for c in cells)
    return bool(_CC.match(p.text) or _PRINTED.match(p.text))


def _end_block(tail: list[Para], doc: Structure) -> None:
    expecting_list = False
    for p in tail:
        if _blank(p):
            continue
        if p.table is not None:
            for row in p.table:
                for cell in dict.fromkeys(row):
                    _colophon_text(cell, p, doc)
            continue
        text = p.text.strip()
        names = attachment_names(text)
        if names is not None:
            doc.attachment_list.extend(names)
            expecting_list = True
            continue
        item = _LIST_ITEM.match(text)
        if expecting_list and item:
            doc.attachment_list.append(item.group("name").strip().rstrip("。；;，,"))
            continue
        expecting_list = False
        if _colophon_text(text, p, doc):
            continue
        if is_date(text) and doc.date is None:
            doc.date = date_text(text)
            if not _DATE.match(text):
                doc.findings.append(Finding(p.line, p.column(0), f"成文日期 “{text}” 改写为阿拉伯数字 “{doc.date}”"))
            continue
        if doc.date is not None and (remark := _REMARK.match(text)) and doc.remark is None:
            doc.remark = remark.group("body")
            continue
        if doc.date is None and not doc.closing and is_closing(text) and not doc.attachment_list and not doc.signature:
            doc.closing.append(text)
            continue
        if doc.date is None and looks_like_signature(text):
            doc.signature.append(text)
            continue
        doc.unclassified.append((p.line, text))
        doc.findings.append(Finding(p.line, p.column(0), f"无法归类的段落 “{_short(text)}”，按正文保留在结尾"))
    if doc.signature and doc.date is None:
        doc.findings.append(Finding(tail[0].line if tail else 1, None, f"署名 “{'、'.join(doc.signature)}” 后没有成文日期"))


def _colophon_text(text: str, p: Para, doc: Structure) -> bool:
    cc = _CC.match(text)
    if cc:
        doc.cc.extend(x.strip() for x in re.split(r"[，、,；;]", cc.group("rest").rstrip("。.")) if x.strip())
        return True
    printed = _PRINTED.match(text)
    if printed:
        doc.printed_by = printed.group("by").strip()
        doc.printed_on = date_text(printed.group("date"))
        return True
    if p.table is not None and text and doc.printed_by is None and not is_date(text) and len(text) <= 40:
        # The 版记 table of a .docx puts 印发机关 and 印发日期 in two cells.
        row = next((r for r in p.table if text in r), ())
        if any(_PRINTED_DATE.match(c) for c in row):
            doc.printed_by = text
            return True
    dated = _PRINTED_DATE.match(text)
    if p.table is not None and dated:
        doc.printed_on = date_text(dated.group("date"))
        return True
    return False


_PRINTED_DATE = re.compile(r"^\s*(?P<date>\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)\s*印\s*发\s*$")


def _short(text: str, limit: int = 24) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


# ------------------------------------------------------------------ body: headings and paragraphs


@dataclass
class _Candidate:
    para: Para
    match: HeadingMatch | None
    stated: int | None     # level from the file (outline level / #)


def _body(body: list[Para], doc: Structure) -> None:
    cands = []
    for p in body:
        if _blank(p):
            continue
        text = p.text.strip() if p.table is None else ""
        if p.marker and p.table is None:
            text = p.marker + text
            p = replace(p, text=text, cols=())
        stated = p.level if p.level and p.level <= 4 else None
        cands.append(_Candidate(p, heading_of(text) if p.table is None else None, stated))
    _confirm_verb_ordinals(cands, doc)
    _check_sequences(cands, doc)
    stack: list[Node] = []
    top_levels: list[Node] = []
    for cand in cands:
        p = cand.para
        if p.table is not None:
            doc.body_tables += 1
            rows = ["　".join(cell for cell in row) for row in p.table]
            _append_text(stack, doc, "\n".join(rows))
            doc.findings.append(Finding(p.line, None, "正文中的表格按文字导入（每行一段，单元格以全角空格分隔）"))
            continue
        level = cand.stated or (cand.match.level if cand.match else None)
        if level is None:
            _append_text(stack, doc, p.text.strip())
            continue
        node = _node(cand, level, doc)
        while stack and stack[-1].level >= node.level:
            stack.pop()
        if stack:
            stack[-1].children.append(node)
        else:
            top_levels.append(node)
        stack.append(node)
    doc.sections = _normalise_levels(top_levels, doc)


def _append_text(stack: list[Node], doc: Structure, text: str) -> None:
    if stack:
        stack[-1].text.append(text)
    else:
        doc.preamble.append(text)


def _node(cand: _Candidate, level: int, doc: Structure) -> Node:
    p = cand.para
    text = p.text.strip()
    marker = ""
    if cand.match is not None:
        marker, rest = cand.match.marker, cand.match.rest.strip()
        if cand.stated and cand.match.level != cand.stated and not cand.match.marker.endswith(("是", "要")):
            doc.findings.append(Finding(p.line, p.column(0), f"“{marker}” 是第{cand.match.level}级序号，"
                                        f"但文件标为第{cand.stated}级标题，按第{cand.stated}级导入"))
    else:
        rest = text
    node = Node(level, rest, p.line, marker)
    split = split_run_in(rest)
    if split:
        node.title, first = split
        node.run_in = level >= 2
        node.text.append(first)
        if level == 1:
            # 公文 has no run-in level-1 heading: the sentence after it becomes the part's opening text.
            doc.findings.append(Finding(p.line, p.column(0), f"一级标题 “{_short(node.title)}” 后接正文，"
                                        "“。”之后的文字作为本部分的引言段落"))
        elif len(node.title) > 40:
            doc.findings.append(Finding(p.line, p.column(0), f"段首标题较长（{len(node.title)}字），可能是带序号的段落：“{_short(node.title)}”"))
    else:
        stripped = node.title.rstrip(TITLE_END_FORBIDDEN)
        if stripped != node.title and stripped:
            if node.title.endswith("。") and level >= 2:
                node.run_in = True
            else:
                doc.findings.append(Finding(p.line, p.column(len(p.text.rstrip()) - 1),
                                            f"标题末尾的 “{node.title[len(stripped):]}” 已去掉"))
            node.title = stripped
        if len(node.title) > 60:
            doc.findings.append(Finding(p.line, p.column(0), f"带序号的长段落按标题导入，请核对：“{_short(node.title)}”"))
    return node


def _confirm_verb_ordinals(cands: list[_Candidate], doc: Structure) -> None:
    """一是 / 二要 at the start of paragraphs are level 3 only as a run 一、二 … in consecutive places."""
    runs: list[list[int]] = []
    for i, cand in enumerate(cands):
        if cand.match or cand.stated or cand.para.table is not None:
            if cand.match and cand.match.level <= 2 or cand.stated:
                runs.append([])  # a higher heading ends the run
            continue
        verb = verb_ordinal(cand.para.text.strip())
        if verb is None:
            continue
        if verb.number == 1:
            runs.append([i])
        elif runs and runs[-1] and (before := verb_ordinal(cands[runs[-1][-1]].para.text.strip())) is not None \
                and before.number == verb.number - 1:
            runs[-1].append(i)
        else:
            doc.findings.append(Finding(cand.para.line, cand.para.column(0),
                                        f"段首 “{verb.marker}” 前面没有上一序号，按正文导入"))
    for run in runs:
        if len(run) >= 2:
            for i in run:
                cands[i].match = verb_ordinal(cands[i].para.text.strip())
        elif run:
            p = cands[run[0]].para
            doc.findings.append(Finding(p.line, p.column(0), "段首 “一是” 后面没有 “二是”，按正文导入"))


def _check_sequences(cands: list[_Candidate], doc: Structure) -> None:
    last: dict[int, int] = {}
    for cand in cands:
        match = cand.match
        if match is None or cand.stated:
            continue
        expected = last.get(match.level, 0) + 1
        if match.number != expected and match.number != 1:
            doc.findings.append(Finding(cand.para.line, cand.para.column(0),
                                        f"序号 “{match.marker}” 不连续（应为第{expected}个），请核对是否有缺失"))
        last[match.level] = match.number
        for deeper in [lv for lv in last if lv > match.level]:
            del last[deeper]


def _normalise_levels(nodes: list[Node], doc: Structure) -> list[Node]:
    """Levels as plan.yaml nests them: the top is level 1, each child one level deeper (no gaps)."""
    def renumber(node: Node, level: int) -> None:
        if node.level != level:
            doc.findings.append(Finding(node.line, None, f"“{_short(node.title)}” 由第{node.level}级调整为第{level}级"
                                        "（上级标题缺失或层级跳跃）"))
            node.level = level
        for child in node.children:
            renumber(child, min(level + 1, 4))

    for node in nodes:
        renumber(node, 1)
    return nodes


# ------------------------------------------------------------------ attachments and front matter


def _attachments(attach: list[Para], doc: Structure) -> None:
    current: Attachment | None = None
    for p in attach:
        label = _ATTACH_LABEL.match(p.text) if p.table is None else None
        if label:
            current = Attachment("", p.line, p.text.strip())
            doc.attachments.append(current)
            continue
        if current is None or _blank(p):
            continue
        if not current.title and p.table is None:
            current.title = p.text.strip().rstrip(TITLE_END_FORBIDDEN)
            continue
        current.blocks.append(p.table if p.table is not None else p.text.strip())
    for index, att in enumerate(doc.attachments):
        if not att.title:
            att.title = doc.attachment_list[index] if index < len(doc.attachment_list) else f"附件{index + 1}"
            doc.findings.append(Finding(att.line, None, f"附件没有标题，暂用 “{att.title}”"))


def _front(front: dict[str, object], doc: Structure) -> None:
    """A 公文 Markdown file's front matter fills what the text does not say."""
    def strings(value: object) -> list[str]:
        if isinstance(value, str):
            return [value]
        return [str(v) for v in value] if isinstance(value, list) else []

    if front.get("title") and not doc.title:
        doc.title = [t for t in strings(front["title"])[0].split("\n") if t.strip()] if isinstance(
            front["title"], str) else strings(front["title"])
    simple = {"recipients": "recipients", "signature": "signature", "cc": "cc"}
    for key, attr in simple.items():
        if front.get(key) and not getattr(doc, attr):
            setattr(doc, attr, strings(front[key]))
    for key in ("remark", "draft", "printed_by"):
        if isinstance(front.get(key), str) and not getattr(doc, key):
            setattr(doc, key, front[key])
    for key in ("date", "printed_on"):
        if front.get(key) and not getattr(doc, key):
            setattr(doc, key, str(front[key]))
    for key in ("issuer", "issuers", "doc_number", "copy_number", "classification", "urgency", "signers", "mark_suffix"):
        if front.get(key) is not None and key not in doc.masthead:
            doc.masthead[key] = front[key]
    if front.get("attachment_list") and not doc.attachment_list:
        doc.attachment_list = strings(front["attachment_list"])
