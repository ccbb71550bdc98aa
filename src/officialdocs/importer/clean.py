"""Cleanup of imported text (`--clean`): each step takes a paragraph's text and returns the new text plus
the Repair records that say what changed and where.

Order matters: mojibake first (it needs the bytes as scraped and the pinyin right after a run), then pinyin
annotations, then traditional → simplified (OpenCC), then web residue (matched in simplified spelling),
then punctuation widths. A passage that cannot be restored is never made up: it becomes a TODO marker
(a private-use character, see `todo_char`) that the emitter turns into a comment at that place.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from ..cjk import PAUSE_AND_CLOSING, is_cjk, is_han
from . import mojibake
from .source import Para

TODO_BASE = 0xF0000  # plane-15 private use: never in a real document, one character per TODO
_TODO_CHARS = re.compile("[\U000f0000-\U000ffffd]")
LOST_MARK = "□"      # 缺字符号: stands where characters were lost


@dataclass(frozen=True)
class Repair:
    """One change made by cleanup (or one problem it found), located in the source."""

    kind: str                 # mojibake | lost | pinyin | traditional | url | paywall | navigation | label | punctuation | control
    line: int
    column: int | None
    before: str
    after: str
    message: str              # Chinese, for the report
    todo: int | None = None   # the TODO this repair left in the text (an index), if any


def todo_char(index: int) -> str:
    return chr(TODO_BASE + index)


def split_todos(text: str) -> tuple[str, list[int]]:
    """Remove TODO markers from `text`; return the text and the TODO indexes it held."""
    found = [ord(c) - TODO_BASE for c in _TODO_CHARS.findall(text)]
    return _TODO_CHARS.sub("", text), found


# ------------------------------------------------------------------ text with source columns


@dataclass(frozen=True)
class Edit:
    start: int
    end: int
    new: str


def apply_edits(para: Para, edits: list[Edit]) -> Para:
    """Replace non-overlapping spans; new characters take the source column of the span they replace."""
    cols = para.cols or tuple(range(len(para.text)))
    text: list[str] = []
    out_cols: list[int] = []
    pos = 0
    for edit in sorted(edits, key=lambda e: e.start):
        if edit.start < pos:
            continue
        text.append(para.text[pos:edit.start])
        out_cols.extend(cols[pos:edit.start])
        anchor = cols[edit.start] if edit.start < len(cols) else (cols[-1] + 1 if cols else 0)
        text.append(edit.new)
        out_cols.extend([anchor] * len(edit.new))
        pos = edit.end
    text.append(para.text[pos:])
    out_cols.extend(cols[pos:])
    return replace(para, text="".join(text), cols=tuple(out_cols))


class Todos:
    """Hands out TODO indexes; the messages are kept in the Repair records that asked for them."""

    def __init__(self) -> None:
        self._next = 0

    def take(self) -> int:
        self._next += 1
        return self._next - 1


Step = Callable[[Para, Todos], tuple[Para, list[Repair]]]


def _repair(para: Para, kind: str, index: int, before: str, after: str, message: str,
            todo: int | None = None) -> Repair:
    return Repair(kind, para.line, para.column(index), before, after, message, todo)


# ------------------------------------------------------------------ steps


def strip_controls(para: Para, todos: Todos) -> tuple[Para, list[Repair]]:
    """Control characters and our own TODO code points cannot be part of a document's text."""
    edits = [Edit(m.start(), m.end(), "") for m in re.finditer(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\U000f0000-\U000ffffd]",
                                                                  para.text)]
    if not edits:
        return para, []
    return apply_edits(para, edits), [_repair(para, "control", edits[0].start, "", "", f"删除控制字符 {len(edits)} 个")]


def repair_mojibake(para: Para, todos: Todos) -> tuple[Para, list[Repair]]:
    edits, repairs = [], []
    for fix in mojibake.find_fixes(para.text):
        if fix.recovered:
            edits.append(Edit(fix.start, fix.end, fix.text))
            note = f"（{fix.note}）" if fix.note else ""
            repairs.append(_repair(para, "mojibake", fix.start, fix.raw, fix.text,
                                   f"乱码已修复：“{fix.raw}” → “{fix.text}”{note}"))
        else:
            todo = todos.take()
            edits.append(Edit(fix.start, fix.end, fix.text + LOST_MARK + todo_char(todo)))
            kept = f"，保留了可确认的序号“{fix.text}”" if fix.text else ""
            repairs.append(_repair(para, "lost", fix.start, fix.raw, fix.text + LOST_MARK,
                                   f"乱码无法可靠恢复：原文 “{fix.raw}”，机械解码为 “{fix.guess}”（{fix.note}）{kept}；"
                                   f"已用“{LOST_MARK}”占位，请对照原件补全", todo))
    return (apply_edits(para, edits) if edits else para), repairs


_TONED = re.compile("[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ]")
_LOST_WITH_READING = re.compile(r"(?:[?\ufffd][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,7}\)){1,4}")


def remove_pinyin(para: Para, todos: Todos) -> tuple[Para, list[Repair]]:
    """`區(qū)` → `區`: a tone-marked syllable in brackets glued after a character is an annotation, not text.

    `?wèi)` is a character the scraper could not encode, with the rest of its annotation: a lost character.
    """
    text = para.text
    edits: list[Edit] = []
    repairs: list[Repair] = []
    plain = 0
    for m in mojibake.PINYIN_ANNOTATION.finditer(text):
        before = text[m.start() - 1] if m.start() else ""
        syllable = m.group(1)
        if not before or before.isascii():
            continue
        if before == LOST_MARK or (not _TONED.search(syllable) and not mojibake.reading_matches(before, syllable)):
            continue
        edits.append(Edit(m.start(), m.end(), ""))
        if mojibake.reading_matches(before, syllable):
            plain += 1
        else:
            repairs.append(_repair(para, "pinyin", m.start(), m.group(0), "",
                                   f"删除拼音注音 “{before}{m.group(0)}”（读音与前字不符，可能前字有误）"))
    for m in _LOST_WITH_READING.finditer(text):
        if any(e.start < m.end() and m.start() < e.end for e in edits):
            continue
        readings = "、".join(re.findall(r"[?\ufffd]([^)]+)\)", m.group(0)))
        count = m.group(0).count(")")
        todo = todos.take()
        edits.append(Edit(m.start(), m.end(), LOST_MARK * count + todo_char(todo)))
        repairs.append(_repair(para, "lost", m.start(), m.group(0), LOST_MARK * count,
                               f"缺字 {count} 个：原文 “{m.group(0)}” 只剩注音（{readings}），字本身已丢失；"
                               f"已用“{LOST_MARK}”占位，请对照原件补全", todo))
    if plain:
        first = next(e.start for e in sorted(edits, key=lambda e: e.start))
        repairs.insert(0, _repair(para, "pinyin", first, "", "", f"删除字后的拼音注音 {plain} 处，如 “{_example(text, edits)}”"))
    return (apply_edits(para, edits) if edits else para), repairs


def _example(text: str, edits: list[Edit]) -> str:
    edit = min(edits, key=lambda e: e.start)
    return text[max(0, edit.start - 1):edit.end]


@lru_cache(maxsize=1)
def _converter() -> Any:
    from ..extras import require

    return require("opencc", "import", "繁简转换").OpenCC("t2s.json")


def traditional_share(paras: list[Para]) -> float:
    """The share of Han characters that OpenCC changes from traditional to simplified."""
    han = Counter(c for p in paras for c in p.text if "\u4e00" <= c <= "\u9fff")
    if not han:
        return 0.0
    changed = sum(n for c, n in han.items() if _converter().convert(c) != c)
    return changed / sum(han.values())


def is_traditional(paras: list[Para]) -> bool:
    # Simplified text has almost no characters OpenCC would change (a few like 著 are shared); a traditional
    # text has one in five or more.
    return traditional_share(paras) >= 0.05


def to_simplified(para: Para, todos: Todos) -> tuple[Para, list[Repair]]:
    text = para.text
    converted = _converter().convert(text)
    if converted == text:
        return para, []
    if len(converted) == len(text):
        edits = [Edit(i, i + 1, b) for i, (a, b) in enumerate(zip(text, converted, strict=True)) if a != b]
    else:  # a phrase conversion changed the length: map it back with a diff
        import difflib

        matcher = difflib.SequenceMatcher(None, text, converted, autojunk=False)
        edits = [Edit(i1, i2, converted[j1:j2]) for op, i1, i2, j1, j2 in matcher.get_opcodes() if op != "equal"]
    sample = next(e for e in edits)
    return apply_edits(para, edits), [_repair(
        para, "traditional", sample.start, "", "",
        f"繁体转简体 {len(edits)} 处（OpenCC t2s），如 “{text[sample.start:sample.end]}” → “{sample.new}”")]


# Web residue, matched in simplified spelling (this step runs after OpenCC).
_URL_TAIL = r"[A-Za-z0-9\-._~:/?#@!$&'*+;=%]*[A-Za-z0-9/#=&_%-]"  # no comma: 网址,请查阅
_URL = re.compile(rf"(?:https?://|www\.){_URL_TAIL}|"
                  r"(?<![A-Za-z0-9@.])(?:[A-Za-z0-9-]+\.)+(?:com|cn|net|org|gov|edu|info|cc|top|xyz|vip|site|tv|me|io)"
                  r"(?:\.cn)?(?:/[A-Za-z0-9\-._~/?#=&%]*)?(?![A-Za-z0-9])", re.IGNORECASE)
_PAYWALL = re.compile(
    r"[ \t　]*(?P<pre>……|…|\.{3,6})?[ \t　]*[（(](?P<body>[^（）()]{0,120}?"
    r"(?:省略\s*\d+\s*字|正式会员|会员可|未完[，,]?\s*全文共|全文共\s*\d+\s*字|阅读全文|余下全文|注册会员|查看全文)"
    r"[^（）()]{0,120})[）)](?P<post>……|…|\.{3,6})?")
_NAVIGATION = re.compile(r"(?:^|(?<=[\s。！？）)…]))(?:上一篇|下一篇|相关栏目|相关文章|相关阅读|热门文章|返回顶部|打印本页|"
                         r"关闭窗口|收藏本文|责任编辑|推荐阅读)\s*[：:].*$")
_LABEL = re.compile(r"^\s*(?:标题|文章标题|题目)\s*[：:]\s*")
_BAR = re.compile(r"\s*\|\s*$|^\s*\|\s*")


def remove_web_residue(para: Para, todos: Todos) -> tuple[Para, list[Repair]]:
    text = para.text
    edits: list[Edit] = []
    repairs: list[Repair] = []

    def free(start: int, end: int) -> bool:
        return not any(e.start < end and start < e.end for e in edits)

    for m in _PAYWALL.finditer(text):
        body = m.group("body")
        todo = todos.take()
        keep = m.group("pre") or ""
        omitted = re.search(r"省略\s*(\d+)\s*字", body)
        total = re.search(r"全文共\s*(\d+)\s*字", body)
        shown = re.search(r"(?:只|仅)?显示\s*(\d+)\s*字", body)
        if omitted:
            what = f"原文此处省略约{omitted.group(1)}字（网页付费墙），需补全"
        elif total:
            what = f"原文至此截断（全文共{total.group(1)}字" + (f"，网页仅显示{shown.group(1)}字" if shown else "") + "），需补全"
        else:
            what = "原文此处有删节（网页付费墙），需补全"
        edits.append(Edit(m.start(), m.end(), keep + todo_char(todo)))
        removed = text[m.end("pre") if keep else m.start():m.end()].strip()
        at = m.start("pre") if keep else text.index(removed[:1], m.start())
        repairs.append(_repair(para, "paywall", at, removed, "", f"删除付费提示 “{removed}”；{what}", todo))
    nav = _NAVIGATION.search(text)
    if nav and free(nav.start(), nav.end()):
        edits.append(Edit(nav.start(), nav.end(), ""))
        repairs.append(_repair(para, "navigation", nav.start(), nav.group(0), "", f"删除网页导航 “{nav.group(0).strip()}”"))
    label = _LABEL.match(text)
    if label and free(label.start(), label.end()):
        edits.append(Edit(label.start(), label.end(), ""))
        repairs.append(_repair(para, "label", label.start(), label.group(0), "", f"删除网页标签 “{label.group(0).strip()}”"))
    for m in _URL.finditer(text):
        before = text[m.start() - 1] if m.start() else ""
        after = text[m.end()] if m.end() < len(text) else ""
        # A link glued into the middle of a Chinese word was inserted by a copying site; one that stands on
        # its own (详见 www.gov.cn。) is the author's and stays.
        if _is_han(before) and _is_han(after) and free(m.start(), m.end()):
            edits.append(Edit(m.start(), m.end(), ""))
            repairs.append(_repair(para, "url", m.start(), m.group(0), "", f"删除插入正文的网址 “{m.group(0)}”"))
    for m in _BAR.finditer(text):
        if m.group(0).strip() and free(m.start(), m.end()):
            edits.append(Edit(m.start(), m.end(), ""))
            repairs.append(_repair(para, "label", m.start(), m.group(0), "", "删除网页分隔符 “|”"))
    return (apply_edits(para, edits) if edits else para), repairs


_is_han = is_han
_CLOSING = "".join(sorted(PAUSE_AND_CLOSING))
_SIMPLE = {",": "，", ";": "；", "?": "？", "!": "！", ":": "："}
_PROTECT = re.compile(
    rf"(?:https?://|www\.){_URL_TAIL}|[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{{2,}}"
    r"|\b\d{1,2}:\d{2}(?::\d{2})?\b|\d+(?:\.\d+)+|[vV]\d+(?:\.\d+)*|(?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,}"
)


def _chinese(ch: str) -> bool:
    return is_cjk(ch) or ch == LOST_MARK or ch == "×"


def normalise_punctuation(para: Para, todos: Todos) -> tuple[Para, list[Repair]]:
    """Half-width punctuation in Chinese context → full width; URLs, e-mail, times, decimals stay as they are."""
    text = para.text
    protected = [False] * len(text)
    for m in _PROTECT.finditer(text):
        for i in range(m.start(), m.end()):
            protected[i] = True

    def neighbour(i: int, step: int) -> str:
        j = i + step
        while 0 <= j < len(text) and (text[j] in " \t" or _TODO_CHARS.match(text[j])):
            j += step
        return text[j] if 0 <= j < len(text) else ""

    edits: list[Edit] = []
    for i, ch in enumerate(text):
        if protected[i]:
            continue
        prev, nxt = neighbour(i, -1), neighbour(i, 1)
        if ch in _SIMPLE and (_chinese(prev) or _chinese(nxt)):
            if ch == ":" and prev.isdigit() and nxt.isdigit():
                continue
            edits.append(Edit(i, i + 1, _SIMPLE[ch]))
        elif ch == "." and _is_han(prev) and (not nxt or _is_han(nxt) or nxt in "“‘（"):
            edits.append(Edit(i, i + 1, "。"))
    edits += _bracket_pairs(text, protected, "(", ")", "（", "）")
    edits += _quote_pairs(text, protected)
    # A space before closing punctuation is copy residue (优待 ……): no paragraph starts with 。 or ……
    for m in re.finditer(rf"[ \t]+(?=[{_CLOSING}]|……)", text):
        if not any(protected[m.start():m.end()]):
            edits.append(Edit(m.start(), m.end(), ""))
    if not edits:
        return para, []
    changed = [e for e in edits if e.new]
    first = min(edits, key=lambda e: e.start)
    message = f"半角标点改为全角 {len(changed)} 处" if changed else "删除标点前的空格"
    return apply_edits(para, edits), [_repair(para, "punctuation", first.start, "", "", message)]


def _bracket_pairs(text: str, protected: list[bool], open_: str, close: str, wide_open: str,
                   wide_close: str) -> list[Edit]:
    edits, stack = [], []
    for i, ch in enumerate(text):
        if protected[i]:
            continue
        if ch == open_:
            stack.append(i)
        elif ch == close and stack:
            start = stack.pop()
            inner = text[start + 1:i]
            before = text[start - 1] if start else ""
            after = text[i + 1] if i + 1 < len(text) else ""
            if any(_chinese(c) for c in inner) or _chinese(before) or _chinese(after):
                edits += [Edit(start, start + 1, wide_open), Edit(i, i + 1, wide_close)]
    return edits


def _quote_pairs(text: str, protected: list[bool]) -> list[Edit]:
    spots = [i for i, ch in enumerate(text) if ch == '"' and not protected[i]]
    if len(spots) % 2 or not any(_is_han(c) for c in text):
        return []
    return [Edit(i, i + 1, "“" if n % 2 == 0 else "”") for n, i in enumerate(spots)]


# ------------------------------------------------------------------ the pipeline


def clean_paras(paras: list[Para]) -> tuple[list[Para], list[Repair]]:
    """Run every cleanup step over every paragraph (and table cell); return the new paragraphs and repairs."""
    todos = Todos()
    steps: list[Step] = [strip_controls, repair_mojibake, remove_pinyin]
    # Decided once for the whole text: a few shared characters must not flip a simplified file.
    after_steps: list[Step] = [remove_web_residue, normalise_punctuation]
    repairs: list[Repair] = []
    stage1 = [_run(p, steps, todos, repairs) for p in paras]
    if is_traditional(stage1):
        stage1 = [_run(p, [to_simplified], todos, repairs) for p in stage1]
    out = [_run(p, after_steps, todos, repairs) for p in stage1]
    return out, sorted(repairs, key=lambda r: (r.line, r.column or 0))


def _run(para: Para, steps: list[Step], todos: Todos, repairs: list[Repair]) -> Para:
    for step in steps:
        para, found = step(para, todos)
        repairs.extend(found)
    if para.table is not None:
        rows = []
        for row in para.table:
            cells = []
            for cell in row:
                cleaned = Para(cell, para.line)
                for step in steps:
                    cleaned, found = step(cleaned, todos)
                    repairs.extend(found)
                cells.append(cleaned.text)
            rows.append(tuple(cells))
        para = replace(para, table=tuple(rows))
    return para

