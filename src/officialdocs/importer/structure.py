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
from ..numerals import CN_NUMERAL_DATE, format_date, parse_chinese_numeral, parse_ordinal
from .source import Para

# 一是 / 二要: level 3 in many plans, but also ordinary words (一是一，二是二): only a run of them counts.
_VERB_ORDINAL = re.compile(r"^(?P<n>[一二三四五六七八九十]{1,2})(?P<v>是|要)(?=\S)")
_DATE = re.compile(r"^\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*$")
_ATTACH_LIST = re.compile(r"^\s*附\s*件\s*[:：]\s*(?P<rest>.*)$")
_ATTACH_LABEL = re.compile(r"^\s*附\s*件\s*(?P<n>\d{0,2})\s*$")
_LIST_ITEM = re.compile(r"^\s*(?P<n>\d{1,2})[.．、]\s*(?P<name>\S.*)$")
_CC = re.compile(r"^\s*抄\s*送\s*[:：]\s*(?P<rest>.*)$")
_PRINTED = re.compile(r"^\s*(?P<by>\S.*?)\s*(?P<date>\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)\s*印\s*发\s*$")
_REMARK = re.compile(r"^\s*[（(](?P<body>[^（）()]{2,60})[）)]\s*$")
_DRAFT = re.compile(r"^\s*[（(](?P<body>征求意见稿|讨论稿|送审稿|草稿|草案|修改稿|代拟稿|审议稿|初稿)[）)]\s*$")
_COPY_NUMBER = re.compile(r"^\s*(\d{6})\s*$")
_CLASSIFICATION = re.compile(r"^\s*((?:绝密|机密|秘密)(?:\s*★\s*\S*)?)\s*$")
_URGENCY = re.compile(r"^\s*(特\s*急|加\s*急)\s*$")
_ISSUER_MARK = re.compile(r"^\s*(?P<name>[^\s，。；：、,.;:]{2,40}?)\s*文\s*件\s*$")
_DOC_NUMBER = re.compile(r"^\s*(?P<n>\S{1,20}[〔\[［(（]\d{4}[〕\]］)）]\s*第?\d+\s*号)\s*(?:签发人[:：].*)?$")
_SIGNERS = re.compile(r"^\s*(?:\S{1,20}[〔\[［(（]\d{4}[〕\]］)）]\s*第?\d+\s*号)?\s*签\s*发\s*人\s*[:：]\s*(?P<names>.+)$")
_CLOSING = re.compile(
    r"^(?:特此(?:通知|报告|函告|函复|批复|公告|通告|说明|请示)[。！]?"
    r"|妥否[，,]\s*请批示[。！]?|当否[，,]\s*请批示[。！]?|请予?审批[。！]?"
    r"|以上.{0,60}[。！]?"
    r"|(?:请|望).{0,40}(?:贯彻执行|遵照执行|认真执行|抓好落实|认真落实|贯彻落实|执行)[。！]?)$"
)
_ORGAN_END = ("政府", "办事处", "部门", "单位", "委员会", "委", "局", "部", "部队", "管委会", "办公室", "办", "厅",
              "处", "科", "室", "院", "所", "中心", "党委", "党组", "工委", "小组", "组", "会", "队", "街道", "镇",
              "乡", "村", "社区", "公司", "集团", "学校", "医院", "协会", "总队", "支队", "大队", "团", "师", "营")
_SENTENCE_END = "。！？；"


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


@dataclass(frozen=True)
class HeadingMatch:
    level: int
    number: int
    marker: str
    rest: str


def heading_of(text: str) -> HeadingMatch | None:
    """The typed heading number at the start of a paragraph: 一、 （一） (一) 1. 1． 1、 （1） (1)."""
    for level in (1, 2, 4, 3):
        found = parse_ordinal(text, level, commas=False)
        if found is None:
            continue
        rest = text[found.end:].lstrip()
        if not rest or (level == 1 and found.separator in ".．" and rest[:1].isdigit()):
            continue
        return HeadingMatch(level, found.number, text[:found.end].strip(), rest)
    return None


def verb_ordinal(text: str) -> HeadingMatch | None:
    """一是加强领导 → (3, 1, '一是', '加强领导'): only a candidate; `structure` checks the sequence."""
    match = _VERB_ORDINAL.match(text)
    if not match:
        return None
    number = parse_chinese_numeral(match.group("n"))
    return HeadingMatch(3, number, match.group(0), text[match.end():]) if number else None


def split_run_in(rest: str, max_title: int = 60) -> tuple[str, str] | None:
    """（一）标题。正文… → ("标题", "正文…"): the title is the first sentence, when something follows it."""
    for index, ch in enumerate(rest):
        if ch == "。":
            title, text = rest[:index].strip(), rest[index + 1:].strip()
            if title and text and index <= max_title and not _open_quote(title):
                return title, text
            return None
    return None


def _open_quote(text: str) -> bool:
    return text.count("“") > text.count("”") or text.count("《") > text.count("》")


def is_date(text: str) -> bool:
    """A 成文日期 alone on its line: 2011年1月20日 or 二〇一一年一月二十日 (not 2025年工作计划)."""
    return date_text(text) is not None


def date_text(text: str) -> str | None:
    """The date as plan.yaml takes it (2011年1月20日), Chinese numerals converted; None if not a date."""
    if not (_DATE.match(text) or CN_NUMERAL_DATE.fullmatch(text.strip())):
        return None
    try:
        return format_date(text.strip())
    except ValueError:
        return None


def recipients_of(text: str) -> list[str] | None:
    """各镇人民政府、各街道办事处： → the organs; None for a sentence such as 现将有关事项通知如下：."""
    stripped = text.strip()
    if not stripped or stripped[-1] not in "：:" or len(stripped) > 150:
        return None
    body = stripped[:-1]
    if any(word in body for word in ("如下", "现将", "为了", "为进一步", "根据", "通知", "报告", "。", "；", "要求", "关于")):
        return None
    parts = [p.strip() for p in re.split(r"[、，,；;]", body) if p.strip()]
    if not parts or any(len(p) > 30 for p in parts):
        return None
    organs = sum(1 for p in parts if p.endswith(_ORGAN_END) or p.startswith(("各", "驻")))
    return parts if organs * 2 >= len(parts) and organs else None


def attachment_names(text: str) -> list[str] | None:
    """附件：1.甲 2.乙 (one line) → ["甲", "乙"]; 附件：甲 → ["甲"]; None if not an attachment list."""
    match = _ATTACH_LIST.match(text)
    if not match:
        return None
    rest = match.group("rest").strip()
    if not rest:
        return []
    pieces = re.split(r"(?:^|\s+|(?<=[^\d]))(?=\d{1,2}[.．、]\D)", rest)
    names = [_LIST_ITEM.match(p).group("name").strip() if _LIST_ITEM.match(p) else p.strip() for p in pieces]
    return [n.rstrip("。；;，,") for n in names if n.strip()]


def looks_like_signature(text: str) -> bool:
    """××区双拥工作领导小组 (an organ, no closing punctuation) — not 特此通知。 or a sentence."""
    stripped = text.strip()
    if not stripped or len(stripped) > 30 or stripped[-1] in _SENTENCE_END + "，：:,.;" or heading_of(stripped):
        return False
    return not (_CLOSING.match(stripped) or is_date(stripped) or re.search(r"[，。；：,;:]", stripped))


def is_closing(text: str) -> bool:
    stripped = text.strip()
    return len(stripped) <= 80 and bool(_CLOSING.match(stripped))


# ------------------------------------------------------------------ paragraphs


_SPLIT = re.compile(r"[ \t　]+(?=\S)")


def split_paragraphs(para: Para) -> list[Para]:
    """One source line may hold several paragraphs: web copies join them with a space (or the two
    full-width spaces of an indent). Split where a new paragraph evidently starts: before a heading number,
    or after a sentence's end. Spaces inside a sentence (GB/T 9704, 印发机关　日期) stay."""
    text = para.text
    if para.table is not None or para.style or para.level or not text.strip():
        return [para]
    cuts = [0]
    for m in _SPLIT.finditer(text):
        if m.start() == 0:
            continue
        before, after = text[m.start() - 1], text[m.end():]
        new_paragraph = heading_of(after) or (
            before in _SENTENCE_END + "”…）)" and not before.isascii() and _starts_paragraph(after)
        )
        if new_paragraph:
            cuts.append(m.end())
    pieces = []
    for start, end in zip(cuts, [*cuts[1:], len(text)], strict=True):
        piece = para.sub(start, end)
        stripped = piece.text.rstrip(" \t　")
        lead = len(stripped) - len(stripped.lstrip(" \t　"))
        pieces.append(piece.sub(lead, len(stripped)))
    return [p for p in pieces if p.text]


def _starts_paragraph(after: str) -> bool:
    # After 。 and a space: a heading, 附件, 抄送, a date or a signature block starts a new paragraph; so does
    # any text in a web copy where the space is the only paragraph separator.
    return bool(after) and not after[0].isascii()


# ------------------------------------------------------------------ the classifier


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
        elif _ISSUER_MARK.match(text) and not _DOC_NUMBER.match(text):
            doc.masthead["issuer"] = _ISSUER_MARK.match(text).group("name")
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
    if pos < n and _DRAFT.match(items[pos].text):
        doc.draft = _DRAFT.match(items[pos].text).group("body")
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
        if doc.date is not None and _REMARK.match(text) and doc.remark is None:
            doc.remark = _REMARK.match(text).group("body")
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
        elif runs and runs[-1] and verb_ordinal(cands[runs[-1][-1]].para.text.strip()).number == verb.number - 1:
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
