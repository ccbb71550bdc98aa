"""公文 text knowledge, defined once: character classes, cell widths and the punctuation classes of line
breaking (GB/T 15834-2011 5.1, W3C clreq), bracket pairs, the half-width → full-width map, and the marks a
title or an attachment name may not end with.

Every stage that needs one of these imports it from here: the layout engine, title breaking, table widths,
check (L36), lint, import, markup and the plan models. Numbers, heading ordinals and dates are in
`numerals`.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

# ---------------------------------------------------------------------------------------- characters

# CJK Unified Ideographs: the basic block, extensions A–F and the compatibility blocks.
_HAN_RANGES = (
    (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x2A6DF), (0x2A700, 0x2EBEF),
    (0x2F800, 0x2FA1F), (0x30000, 0x3134F),
)
# CJK symbols and punctuation, full-width forms: Chinese text, though not Han.
_CJK_RANGES = ((0x3000, 0x303F), (0xFF00, 0xFFEF), (0xFE30, 0xFE4F))
# Punctuation outside the CJK blocks that Chinese text uses (East-Asian-ambiguous code points).
CJK_MARKS = frozenset("“”‘’—…·")


def is_han(ch: str) -> bool:
    """A Chinese character (汉字), including rare ones outside GB 2312 (堃 喆 䶮 …)."""
    if not ch:
        return False
    code = ord(ch[0])
    return any(lo <= code <= hi for lo, hi in _HAN_RANGES) or ch == "〇"


def is_cjk(ch: str) -> bool:
    """Chinese text: a Han character, a CJK or full-width mark, or “”‘’—…·."""
    if not ch:
        return False
    code = ord(ch[0])
    return is_han(ch) or ch in CJK_MARKS or any(lo <= code <= hi for lo, hi in _CJK_RANGES)


def is_wide(ch: str) -> bool:
    """East Asian Wide or Fullwidth by Unicode (always one full cell)."""
    return unicodedata.east_asian_width(ch) in ("W", "F")


def _double_byte(ch: str) -> bool:
    """GBK (the GB 2312 repertoire with Microsoft's mapping: A1AA is —, A1A4 is ·) encodes it in two bytes."""
    try:
        return len(ch.encode("gbk")) == 2
    except UnicodeEncodeError:
        return False


@cache  # a document uses a few thousand distinct characters and measures each many times
def cell_width(ch: str) -> float:
    """Width of one character in 公文 cells (one cell = one Chinese character of the same size).

    Wide and full-width characters take a cell. The one explicit rule for East-Asian-ambiguous characters
    (× · “ ” — … ① Greek, pinyin ā): a cell when GB 2312 has them as a double-byte character (GBK's mapping
    of it), because the 公文 faces (仿宋_GB2312 …) draw every such character full width; half a cell
    otherwise. Everything
    else (ASCII, Latin, digits) takes half a cell, as the digits of 仿宋_GB2312 do.
    """
    width = unicodedata.east_asian_width(ch)
    if width in ("W", "F"):
        return 1.0
    if width == "A" and _double_byte(ch):
        return 1.0
    if unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return 0.0
    return 0.5


def text_cells(text: str) -> float:
    """Width of `text` in 公文 cells (see cell_width)."""
    return sum(map(cell_width, text))


# ---------------------------------------------------------------------------------------- line breaking

# Pause and stop marks, closing brackets and quotes (GB/T 15834 5.1.1–5.1.3): they follow the text they close.
PAUSE_AND_CLOSING = frozenset("、，。．：；？！）》〉」』】〕〗”’…")
# GB/T 15834 5.1.1–5.1.3, 5.1.6–5.1.7, 5.1.9 and clreq "basic": marks that never start a line (the above,
# connectors, the interpunct, the solidus) in full- and half-width forms, and per-mille/percent/degree signs
# that belong to the number before them ...
LINE_START_FORBIDDEN = PAUSE_AND_CLOSING | frozenset(
    "—～·／%‰℃％"  # connectors, interpunct, solidus, signs of the number before
    ",.:;?!)]}/"  # half-width forms: a line never starts with ASCII punctuation either
)
# ... and marks that never end one (opening brackets and quotes, the solidus).
LINE_END_FORBIDDEN = frozenset("（《〈「『【〔〖“‘([{／/")

# Full-width marks whose ink fills half the cell: the blank half may be squeezed away (clreq 标点挤压).
SQUEEZE_INK_LEFT = frozenset("、，。．：；？！）》〉」』】〕〗”’")  # blank on the right
SQUEEZE_INK_RIGHT = frozenset("（《〈「『【〔〖“‘")  # blank on the left

# 破折号 —— and 省略号 …… are two characters that never split (GB/T 15834 5.1.4–5.1.5).
UNSPLIT_PAIRS = ("——", "……")

# Characters that may sit inside a Latin word or a number without splitting it (1.5, 2011-01-20, a/b, 15%).
LATIN_INNER = frozenset(".,:-/%+'_")


# Runs that stay on one line (GB/T 15835: a number never leaves its unit; clreq: a date is one unit), as
# regexes over the text. Inside a match a line never breaks, except at the match's "soft" group boundaries
# (after the 〕 of a 文号's year, after the year of a date, between a date and the 前/后 after it), and even there only when the line
# would otherwise be stretched (a line that cannot break at all may still break inside, as a last resort).
_NUMBER = r"\d+(?:[.,:]\d+)*"
_UNIT = (r"(?:余|多)?(?:个月|平方公里|平方米|公里|千米|公斤|千克|公顷|小时|分钟|周年|季度|"
         r"[年月日号时分秒个人次项名家所件条天周岁倍万亿千百元台辆套张份册本篇部场期批户处座栋间米吨斤克亩届级类%‰℃％]"
         r"{1,2})")
_DAY = r"(?:\d+日|底|初|末|上旬|中旬|下旬)(?:\d+时(?:\d+分)?)?"
_DATE = rf"\d+年(?P<month>\d+月(?:{_DAY})?)?|\d+月{_DAY}"
KEEP_TOGETHER = re.compile(
    rf"(?P<date>{_DATE})(?P<date_after>前|后|起|止|以前|以后|之前)?"  # 8月1日前, 2011年6月底前
    rf"|(?P<year>〔\d+〕)(?P<serial>\d+号)"  # 〔2011〕1号: may break after 〕
    rf"|第?{_NUMBER}{_UNIT}"  # 15%, 3万元, 300余人, 第3季度
    r"|×{2,}"  # ×× (a placeholder name) is one unit
)


def keep_together(text: str) -> dict[int, int]:
    """Break positions inside `text` that KEEP_TOGETHER protects: index i (a break between text[i-1] and
    text[i]) -> 1 for a soft point (may break to avoid stretching a line), 2 for a hard one (only when a
    line cannot break anywhere else)."""
    out: dict[int, int] = {}
    for m in KEEP_TOGETHER.finditer(text):
        for i in range(m.start() + 1, m.end()):
            out[i] = 2
        for group in ("month", "date_after", "serial"):
            if m.group(group):
                out[m.start(group)] = 1
    return out


def may_start_line(ch: str) -> bool:
    return ch not in LINE_START_FORBIDDEN


def may_end_line(ch: str) -> bool:
    return ch not in LINE_END_FORBIDDEN


# A URL or e-mail address in running text (https://…, www.…, name@host.cn). A long one may break inside
# (layout/text.py): after a dot and before @ _ - # & = ~ as the classes above allow, and after the "/" of a
# path or of "https://", which ends a line only there (a URL reads "…/zwgk/" | "index.html"; "GB/T" is
# never split).
URL = re.compile(r"(?:https?://|ftp://|www\.)[\w.\-/?=&#~%@:+]*|[\w.\-+]+@[\w\-]+(?:\.[\w\-]+)+", re.ASCII)


def may_end_line_text(text: str) -> bool:
    """Whether a line of set text may end like this: not with a line-end-forbidden mark, except the "/" of
    a URL's path broken after it."""
    if not text:
        return False
    if may_end_line(text[-1]):
        return True
    tail = text.rsplit(" ", 1)[-1]
    return text[-1] == "/" and (text[-2:-1].isalnum() or tail.endswith("://")) and any(
        m.end() == len(tail) for m in URL.finditer(tail))


def may_start_line_text(text: str) -> bool:
    """Whether a line of set text may start like this: not with a line-start-forbidden mark, except a whole
    破折号 or 省略号 (clreq's basic rules allow them at a line start; our engine never breaks before them)."""
    return bool(text) and (may_start_line(text[0]) or text.startswith(UNSPLIT_PAIRS))


# ---------------------------------------------------------------------------------------- pairs and marks

BRACKET_PAIRS = {"（": "）", "《": "》", "〈": "〉", "“": "”", "‘": "’", "【": "】", "〔": "〕", "「": "」",
                 "『": "』", "〖": "〗"}
OPENING = frozenset(BRACKET_PAIRS) | frozenset("([")
CLOSING = frozenset(BRACKET_PAIRS.values()) | frozenset(")]")

# Half-width punctuation typed in Chinese text -> the full-width mark it stands for (GB/T 15834).
FULL_WIDTH = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）", ".": "。"}

# A title (7.3.1) never ends with these; an attachment name (7.3.4) or a stand-alone heading neither.
TITLE_END_FORBIDDEN = "。．.，,；;：:、"
NAME_END_FORBIDDEN = "。，、；：！？…,.;:!?．"

# `附件：标题`, `附件1：标题`, `附件 2: 标题`: an attachment heading (7.3.7); the number is optional.
ATTACHMENT_HEADING = re.compile(r"^附\s*件\s*(\d*)\s*[：:]\s*(.*)$")


# Marks that end a sentence (GB/T 15834 4.1–4.3): where a text may be cut into whole sentences.
SENTENCE_END = frozenset("。！？")


def sentences(text: str) -> list[str]:
    """Split running text into whole sentences, each with its end mark (and a closing quote after it)."""
    found = re.findall(r"[^。！？]+(?:[。！？]+[”’」』）]?)?", text.replace("\n", ""))
    return [s for s in (part.strip() for part in found) if s]


def _alnum(ch: str) -> bool:
    return ch.isascii() and ch.isalnum() or unicodedata.category(ch) in ("Nd", "Lu", "Ll") and not is_han(ch)


def join_words(*parts: str | None) -> str:
    """Compose a name from parts (单位名称 + 2024年 + 双拥工作 + 实施方案). Chinese parts join directly; where a
    part ending in a digit or Latin letter meets one starting with such (社卫48 + 2024年), a space keeps them
    apart, so the numbers are never read as one (社卫482024年)."""
    out = ""
    for part in parts:
        if not part:
            continue
        if out and _alnum(out[-1]) and _alnum(part[0]):
            out += " "
        out += part
    return out


def title_end_problem(text: str) -> str | None:
    """The punctuation mark `text` wrongly ends with (a title or heading), or None."""
    stripped = text.rstrip()
    return stripped[-1] if stripped and stripped[-1] in TITLE_END_FORBIDDEN else None


__all__ = [
    "ATTACHMENT_HEADING", "BRACKET_PAIRS", "CJK_MARKS", "CLOSING", "FULL_WIDTH", "KEEP_TOGETHER", "LATIN_INNER",
    "LINE_END_FORBIDDEN", "LINE_START_FORBIDDEN", "NAME_END_FORBIDDEN", "OPENING", "PAUSE_AND_CLOSING", "SENTENCE_END",
    "SQUEEZE_INK_LEFT", "SQUEEZE_INK_RIGHT", "TITLE_END_FORBIDDEN", "UNSPLIT_PAIRS", "cell_width", "is_cjk", "is_han",
    "is_wide", "join_words", "keep_together", "may_end_line", "may_end_line_text", "may_start_line",
    "may_start_line_text", "sentences",
    "text_cells", "title_end_problem",
]
