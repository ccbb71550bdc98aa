"""Chinese word boundaries for title breaking (GB/T 9704 7.3.1: a title breaks between words, 词意完整).

A maximum-probability segmentation (jieba's algorithm without its HMM) over a compact copy of jieba's
dictionary shipped as data (templates/words/jieba-words.txt.gz, built by tools/build_words.py) plus a
hand-kept list of 公文 terms that must stay whole (templates/words/gongwen-terms.txt: 安全生产, 营商环境 …;
terms with marks such as “八一”建军节 are matched as written).
The dictionary (1.4 MB; jieba itself installs 42 MB and loads in about 600 ms) is indexed once per process by
first character (30-60 ms) and only the lines of the characters a text uses are parsed.
"""

from __future__ import annotations

import gzip
import math
import re
from functools import cache

from .resources import data_dir

_HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_ENTRY = re.compile(r"^(\D*)(\d+)$")
TERM_FREQ = 2.0 ** 14  # a 公文 term outweighs the words it is made of


@cache
def _index() -> tuple[dict[str, str], float]:
    """First character -> its line of the dictionary; and log of jieba's total frequency."""
    text = gzip.decompress((data_dir("templates") / "words" / "jieba-words.txt.gz").read_bytes()).decode("utf-8")
    header, _, body = text.partition("\n")
    index = {line[0]: line[1:] for line in body.split("\n") if line}
    return index, math.log(float(header.split("=", 1)[1]))


@cache
def _terms() -> frozenset[str]:
    path = data_dir("templates") / "words" / "gongwen-terms.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


@cache
def _words_from(first: str) -> dict[str, float]:
    """Words starting with `first` -> frequency (the dictionary's, or TERM_FREQ for a 公文 term)."""
    line = _index()[0].get(first, "")
    words: dict[str, float] = {}
    for entry in line.split(" ") if line else ():
        m = _ENTRY.match(entry)
        if m:
            words[first + m.group(1)] = float(m.group(2))
    for term in _terms():
        if term[0] == first:
            words[term] = max(words.get(term, 0.0), TERM_FREQ)
    return words


def _segment_han(run: str) -> list[str]:
    """jieba's route: the segmentation with the highest product of word probabilities."""
    log_total = _index()[1]
    n = len(run)
    route: list[tuple[float, int]] = [(0.0, 0)] * (n + 1)
    for i in range(n - 1, -1, -1):
        words = _words_from(run[i])
        best = (-math.inf, i)
        for j in range(i + 1, n + 1):
            freq = words.get(run[i:j]) if j > i + 1 else words.get(run[i], 1.0)
            if freq is None:
                continue
            score = math.log(freq) - log_total + route[j][0]
            if score > best[0]:
                best = (score, j)
        route[i] = best
    out, i = [], 0
    while i < n:
        j = route[i][1]
        out.append(run[i:j])
        i = j
    return out


def segment(text: str) -> list[str]:
    """`text` cut into words; characters outside Han runs (digits, Latin, marks) come one by one."""
    out: list[str] = []
    pos = 0
    for m in _HAN_RUN.finditer(text):
        out += list(text[pos:m.start()])
        out += _segment_han(m.group())
        pos = m.end()
    out += list(text[pos:])
    return out


@cache
def _marked_terms() -> tuple[str, ...]:
    """Terms with marks or digits in them (“八一”建军节): the segmentation sees Han runs only, so these are
    found as written."""
    return tuple(t for t in _terms() if not _HAN_RUN.fullmatch(t))


def inside_words(text: str) -> set[int]:
    """Positions i (a break between text[i-1] and text[i]) that fall inside a word of `text`."""
    inside: set[int] = set()
    pos = 0
    for word in segment(text):
        inside.update(range(pos + 1, pos + len(word)))
        pos += len(word)
    for term in _marked_terms():
        start = text.find(term)
        while start >= 0:
            inside.update(range(start + 1, start + len(term)))
            start = text.find(term, start + 1)
    return inside
