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
    return sum(cell_width(ch) for ch in text)


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


def may_start_line(ch: str) -> bool:
    return ch not in LINE_START_FORBIDDEN


def may_end_line(ch: str) -> bool:
    return ch not in LINE_END_FORBIDDEN


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


def title_end_problem(text: str) -> str | None:
    """The punctuation mark `text` wrongly ends with (a title or heading), or None."""
    stripped = text.rstrip()
    return stripped[-1] if stripped and stripped[-1] in TITLE_END_FORBIDDEN else None


__all__ = [
    "ATTACHMENT_HEADING", "BRACKET_PAIRS", "CJK_MARKS", "CLOSING", "FULL_WIDTH", "LATIN_INNER",
    "LINE_END_FORBIDDEN", "LINE_START_FORBIDDEN", "NAME_END_FORBIDDEN", "OPENING", "PAUSE_AND_CLOSING", "SQUEEZE_INK_LEFT",
    "SQUEEZE_INK_RIGHT", "TITLE_END_FORBIDDEN", "UNSPLIT_PAIRS", "cell_width", "is_cjk", "is_han", "is_wide",
    "may_end_line", "may_start_line", "text_cells", "title_end_problem",
]
