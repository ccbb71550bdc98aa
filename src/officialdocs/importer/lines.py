"""One paragraph at a time: is it a heading (and of which level), a date, a 主送 list, an attachment list, a
signature, a closing sentence? The classifiers `structure` combines into a document."""

from __future__ import annotations

import re
from dataclasses import dataclass

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
    names = [item.group("name").strip() if (item := _LIST_ITEM.match(p)) else p.strip() for p in pieces]
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
