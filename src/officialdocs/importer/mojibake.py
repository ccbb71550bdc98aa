"""GBK byte-shift mojibake: find suspect runs, decode them one byte over, accept only ordinary Chinese.

A web page stored as GBK that lost (or gained) one byte is decoded by the next reader with every character
straddling two originals: `（一）全力支持部` becomes `。ㄒ唬┤χС植`. The run ends where an ASCII byte puts the
decoder back in step; a stray ASCII letter glued after the run (`┻M`, `箅p`) is the trail byte of the last
original character. Re-encoding the run and decoding it from its second byte gives the text back — unless
the first decoder dropped byte pairs it could not map (GBK's user-defined area), which loses characters.

Only a candidate whose decoding is ordinary Chinese is accepted. Two narrow, checkable completions are made:
a lost trail byte before a pinyin annotation (`黜(xiàng)`) when exactly one GBK character with that lead
byte has that reading, and a heading ordinal `（N）` whose `N）` lost a user-defined pair (the lead byte of N
is unique among 一…十). Everything else that lost bytes is reported as unrecoverable, never guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

LOST = "\ufffd"
NUMERALS = "一二三四五六七八九十"
# Where a reader puts characters it cannot map: GBK's user-defined areas. A pair there vanished in transit.
_UDA = ((0xAA, 0xAF, 0xA1, 0xFE), (0xF8, 0xFE, 0xA1, 0xFE), (0xA1, 0xA7, 0x40, 0xA0))
_COMMON_PUNCT = set("，。、；：？！“”‘’（）《》〈〉【】—…·％　０１２３４５６７８９") | set("0123456789")
_OPEN, _CLOSE = "（《“【", "）》”】"
# Symbols that ordinary Chinese prose does not glue between characters: bopomofo, box drawing, Greek,
# Cyrillic, kana, GBK's pinyin-letter row. Any of them inside a run of hanzi starts a suspect run.
_STRONG = re.compile(r"[\u3100-\u312f\u2500-\u257f\u0370-\u03ff\u0400-\u04ff\u3040-\u30ff]")
PINYIN_ANNOTATION = re.compile(r"\(([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüê]{1,7})\)")


@dataclass(frozen=True)
class Fix:
    """One mojibake run and what became of it. `start`/`end` index the text given to `find_fixes`."""

    start: int
    end: int          # exclusive; includes a consumed pinyin annotation
    raw: str          # the run as found (with the annotation, if consumed)
    text: str         # replacement: the decoded text, or the salvaged part for an unrecoverable run
    recovered: bool   # False: bytes were lost; `text` holds only a salvaged heading ordinal (or nothing)
    guess: str = ""   # for an unrecoverable run: the mechanical decoding, for the user to judge
    note: str = ""


@lru_cache(maxsize=1)
def _t2s() -> Any:
    from ..extras import require

    return require("opencc", "import", "繁简转换").OpenCC("t2s.json")


@lru_cache(maxsize=8192)
def _gbk(ch: str) -> bytes | None:
    try:
        data = ch.encode("gbk")
    except UnicodeEncodeError:
        return None
    return data if len(data) == 2 else None


@lru_cache(maxsize=8192)
def _char_cost(ch: str) -> int:
    """0 for what ordinary Chinese text is made of; 1 for rare characters; 2 for symbols and lost bytes."""
    if ch in _COMMON_PUNCT:
        return 0
    if ch == LOST:
        return 2
    if "\u4e00" <= ch <= "\u9fff":
        simple = _t2s().convert(ch)
        try:
            lead = simple.encode("gb2312")[0]
        except UnicodeEncodeError:
            return 1
        return 0 if 0xB0 <= lead <= 0xD7 else 1  # GB 2312 level 1: the 3755 common characters
    return 2


def badness(text: str) -> int:
    """How far `text` is from ordinary Chinese: rare characters, symbols, lost bytes, unbalanced brackets."""
    cost = sum(_char_cost(c) for c in text)
    for o, c in zip(_OPEN, _CLOSE, strict=True):
        cost += 2 * abs(text.count(o) - text.count(c))
    return cost


def _in_uda(a: int, b: int) -> bool:
    return any(lo <= a <= hi and tlo <= b <= thi for lo, hi, tlo, thi in _UDA)


@lru_cache(maxsize=1024)
def _by_lead_and_reading(lead: int, reading: str) -> tuple[str, ...]:
    """GBK characters with this lead byte that can be read `reading` (pypinyin's character readings)."""
    from ..extras import require

    PINYIN_DICT = require("pypinyin.constants", "import", "拼音核对").PINYIN_DICT

    found = []
    for trail in [*range(0x40, 0x7F), *range(0x80, 0xFF)]:
        try:
            ch = bytes((lead, trail)).decode("gbk")
        except UnicodeDecodeError:
            continue
        readings = PINYIN_DICT.get(ord(ch), "")
        if reading in readings.split(","):
            found.append(ch)
    return tuple(found)


def reading_matches(ch: str, reading: str) -> bool:
    from ..extras import require

    PINYIN_DICT = require("pypinyin.constants", "import", "拼音核对").PINYIN_DICT

    return reading in PINYIN_DICT.get(ord(ch), "").split(",")


def _seeds(text: str) -> list[int]:
    """Where a run may be: a strong symbol, or a lone Latin letter glued between two CJK characters."""
    seeds = [m.start() for m in _STRONG.finditer(text)]
    for i, ch in enumerate(text):
        if not (ch.isascii() and ch.isalpha()) or i == 0 or i + 1 >= len(text) or not _gbk(text[i - 1]):
            continue
        after = text[i + 1]
        if _gbk(after) or (after == "(" and PINYIN_ANNOTATION.match(text, i + 1)):
            seeds.append(i)
    return sorted(set(seeds))


def _decode_shifted(run: str) -> str:
    data = b"".join(_gbk(c) or c.encode("ascii") for c in run)
    return data[1:].decode("gbk", errors="replace")


def _complete_ordinal(decoded: str) -> tuple[str, str]:
    """`（醛進` -> `（三）進`: a heading ordinal whose `N）` lost a user-defined pair; (text, note)."""
    if len(decoded) < 2 or decoded[0] != "（" or decoded[1] in NUMERALS:
        return decoded, ""
    merged = _gbk(decoded[1])
    if merged is None or merged[1] != "）".encode("gbk")[1]:
        return decoded, ""
    fits = [n for n in NUMERALS if n.encode("gbk")[0] == merged[0] and _in_uda(n.encode("gbk")[1], "）".encode("gbk")[0])]
    if len(fits) != 1:
        return decoded, ""
    return f"（{fits[0]}）{decoded[2:]}", f"序号“{fits[0]}”由残存的首字节推定"


def _ordinal_prefix(decoded: str) -> str:
    match = re.match(rf"^(（[{NUMERALS}]+）|[{NUMERALS}]+、)", decoded)
    return match.group(1) if match else ""


def _window(text: str, seed: int) -> tuple[int, int]:
    """The stretch of two-byte characters around `seed`, plus a trailing glued ASCII letter (a trail byte)."""
    left = seed
    while left > 0 and _gbk(text[left - 1]) and seed - left < 16:
        left -= 1
    right = seed + 1 if _gbk(text[seed]) else seed
    while right < len(text) and _gbk(text[right]):
        right += 1
    if right < len(text) and text[right].isascii() and text[right].isalpha():
        nxt = text[right + 1] if right + 1 < len(text) else ""
        if nxt == "(" or (nxt and not nxt.isascii()):
            right += 1
    return left, right


def find_fixes(text: str) -> list[Fix]:
    """Suspect runs in `text` and their repairs, left to right, not overlapping."""
    fixes: list[Fix] = []
    done = 0
    for seed in _seeds(text):
        if seed < done:
            continue
        fix = _fix_at(text, seed, done)
        if fix is not None:
            fixes.append(fix)
            done = fix.end
    return fixes


def _fix_at(text: str, seed: int, floor: int) -> Fix | None:
    left, right = _window(text, seed)
    left = max(left, floor)
    best: tuple[tuple[int, int, bool, int], int, str] | None = None
    last = seed if text[seed].isascii() else seed + 1  # a run needs a two-byte character before its letter
    for start in range(left, min(last, right)):
        run = text[start:right]
        decoded = _decode_shifted(run)
        scored = _complete_ordinal(decoded)[0]
        if not decoded:
            continue
        gain = badness(run) - badness(scored)
        # Ties go to a run that starts after a space or at the start (web copies separate paragraphs with
        # a space), then to the shorter run: a correct character in front must not be absorbed.
        boundary = start == 0 or text[start - 1].isspace() or text[start - 1].isascii()
        key = (-badness(scored), gain, boundary, -(right - start))
        if best is None or key > best[0]:
            best = (key, start, decoded)
    if best is None:
        return None
    _, start, decoded = best
    run = text[start:right]
    end = right
    note = ""
    if decoded.endswith(LOST) and decoded.count(LOST) == 1:
        # The last character lost its trail byte; a pinyin annotation right after may name it.
        annotation = PINYIN_ANNOTATION.match(text, right)
        lead = (_gbk(run[-1]) or b"\0\0")[1]
        if annotation:
            end = annotation.end()
            candidates = _by_lead_and_reading(lead, annotation.group(1))
            if len(candidates) == 1:
                decoded = decoded[:-1] + candidates[0]
                note = f"末字“{candidates[0]}”由残存首字节和拼音“{annotation.group(1)}”确定"
            else:
                options = "、".join(candidates) or "无"
                note = f"末字缺一个字节，拼音“{annotation.group(1)}”对应多个候选（{options}）"
    decoded, ordinal_note = _complete_ordinal(decoded)
    note = "；".join(n for n in (note, ordinal_note) if n)
    raw = text[start:end]
    if LOST not in decoded and badness(decoded) == 0:
        return Fix(start, end, raw, decoded, True, note=note)
    if badness(run) - badness(decoded) <= 0 and not _clearly_garbled(run):
        return None  # ordinary-looking text with an odd character: leave it alone
    if LOST not in decoded and badness(decoded) > 0 and not _clearly_garbled(run):
        return None
    salvage = _ordinal_prefix(decoded) if LOST in decoded or badness(decoded) == 0 else ""
    return Fix(start, end, raw, salvage, False, guess=decoded.replace(LOST, "□"), note=note or "字节缺失，无法可靠恢复")


def _clearly_garbled(run: str) -> bool:
    """Two or more strong symbols, or at least half of the run rare or foreign with a rare character among
    them: not a false alarm."""
    strong = len(_STRONG.findall(run))
    odd = sum(1 for c in run if _char_cost(c) > 0)
    odd_wide = sum(1 for c in run if _char_cost(c) > 0 and not c.isascii())  # a letter alone (A股) is no sign
    return strong >= 2 or (len(run) >= 2 and odd_wide >= 1 and odd * 2 >= len(run))
