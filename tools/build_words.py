"""Build templates/words/jieba-words.txt.gz, the word list title breaking segments with.

The list is jieba's dictionary (MIT licence, https://pypi.org/project/jieba/): every all-Han word with a
frequency of at least 3 (the words below that are rare names and fragments) and every single character,
each with its frequency. It is 1.4 MB (jieba installs 42 MB) and is indexed in
30-60 ms (jieba loads its dictionary in about 600 ms); the segmentation (jieba's maximum-probability route, no
HMM) gives jieba's word boundaries on the title fixtures and the sample plan (3131 of 3131).

    pip install jieba==0.42.1 && python tools/build_words.py

Format (inside the gzip): a first line `#total=N` (the sum of jieba's frequencies), then one line per first
character: the character, then space-separated entries `REST` + `BUCKET` (the word without its first
character, then its frequency): the line of 营 holds `商3` for 营商 (frequency 3), `业额12` for 营业额 ...
"""

from __future__ import annotations

import gzip
import re
import sys
from pathlib import Path

import jieba

TARGET = Path(__file__).resolve().parents[1] / "templates" / "words" / "jieba-words.txt.gz"
MIN_FREQ = 3
HAN = re.compile(r"^[\u3400-\u9fff]+$")


def main() -> int:
    source = Path(jieba.__file__).parent / "dict.txt"
    total = 0
    by_first: dict[str, list[str]] = {}
    for line in source.read_text(encoding="utf-8").splitlines():
        word, freq, *_ = line.split()
        total += int(freq)
        if HAN.match(word) and (int(freq) >= MIN_FREQ or len(word) == 1):
            by_first.setdefault(word[0], []).append(f"{word[1:]}{freq}")
    text = "\n".join([f"#total={total}"] + [c + " ".join(sorted(v)) for c, v in sorted(by_first.items())]) + "\n"
    TARGET.write_bytes(gzip.compress(text.encode("utf-8"), 9, mtime=0))
    words = sum(len(v) for v in by_first.values())
    print(f"{TARGET}: {words} words, {TARGET.stat().st_size / 1e6:.2f} MB (jieba {jieba.__version__})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
