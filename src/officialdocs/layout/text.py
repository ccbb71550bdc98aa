"""Chinese line breaking and justification (W3C clreq "basic" rules, GB/T 15834 5.1, set 全角式).

Text is cut into tokens that never split (one Han character or mark, a Latin word or number, a 破折号 or
省略号 pair). Each gap between tokens gets a break level: free, soft (inside a unit that should stay whole
but may break where clreq allows: after the 〕 of a 文号's year, before the 前 of a date), kept (inside a
date or a number with its unit: only when the line cannot break anywhere else) or never (line-start and
line-end prohibitions, inside a Latin word).

Lines are filled greedily. 公文 are set 全角式 by default: every mark keeps its full cell, so a full line
holds exactly the grid's characters; when the next token may not start a line, the characters before it
are pushed down ("push out") and the line is justified evenly. The profile's `pdf.punctuation: squeeze`
brings back clreq's book style: squeeze punctuation first ("push in", line end first), push out after.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

from ..cjk import (
    LATIN_INNER,
    LINE_END_FORBIDDEN,
    LINE_START_FORBIDDEN,
    SQUEEZE_INK_LEFT,
    SQUEEZE_INK_RIGHT,
    URL,
    is_wide,
    keep_together,
    may_end_line,
    may_start_line,
)

# Break levels of the gap between two tokens (see the module note).
FREE, SOFT, KEPT, NEVER = 0, 1, 2, 3
# A line broken at a free point may be stretched by this much per gap (a fraction of the character size)
# before a soft point inside a kept unit is tried instead; clreq's limit for any line is a quarter.
GOOD_STRETCH = 0.125


@dataclass
class Piece:
    """An input span: text in a font role (body, heading2 for run-in headings and emphasis, ...)."""

    text: str
    role: str


@dataclass(slots=True)  # thousands per document: slots make them cheaper to make and read
class Glyph:
    char: str
    role: str
    face: str
    size: float
    advance: float  # pt, after tracking and squeezing
    natural: float = 0.0  # pt, the font's own advance (the writer turns the difference into spacing)
    offset: float = 0.0  # pt the glyph is drawn left of its pen position (squeezed opening marks)
    wide: bool = False  # full-width in its face: takes one cell of the character grid


class Token:
    """Glyphs that never split; `width` is kept up to date by squeeze() and widen()."""

    __slots__ = ("before", "glued", "glyphs", "kind", "start", "width")

    def __init__(self, glyphs: list[Glyph], kind: str, start: int = 0, glued: bool = False):
        self.glyphs = glyphs
        self.kind = kind  # "wide" | "latin" | "space" | "pair"
        self.width = glyphs[0].advance if len(glyphs) == 1 else sum(g.advance for g in glyphs)
        self.start = start  # index of the first character in the text it was cut from
        self.before = FREE  # break level of the gap before this token (set by Shaper.tokens)
        self.glued = glued  # continues the Latin word before it (a piece of a URL): no justification gap

    @property
    def first(self) -> str:
        return self.glyphs[0].char

    @property
    def last(self) -> str:
        return self.glyphs[-1].char

    def squeezable(self) -> float:
        """How much this token can give up: half a cell for a full-width mark."""
        g = self.glyphs[0]
        if self.kind == "wide" and (g.char in SQUEEZE_INK_LEFT or g.char in SQUEEZE_INK_RIGHT) and g.offset == 0:
            return g.size / 2 if g.advance >= g.size * 0.9 else 0.0
        return 0.0

    def squeeze(self, amount: float) -> None:
        g = self.glyphs[0]
        g.advance -= amount
        self.width -= amount
        if g.char in SQUEEZE_INK_RIGHT:
            g.offset = amount  # the blank half is on the left: draw the glyph that much further left

    def widen(self, amount: float) -> None:
        """Extra space after the token (justification)."""
        self.glyphs[-1].advance += amount
        self.width += amount


@dataclass
class Line:
    glyphs: list[Glyph] = field(default_factory=list)
    x: float = 0.0  # start, relative to the measure's left edge
    last: bool = False  # a paragraph's last line (ragged)

    @property
    def width(self) -> float:
        return sum(g.advance for g in self.glyphs)

    @property
    def text(self) -> str:
        return "".join(g.char for g in self.glyphs)


class Shaper:
    """Turns pieces into tokens using the font book's metrics (faces chosen per character)."""

    def __init__(self, book, sizes: dict[str, float], tracking: dict[str, float], missing: list | None = None,
                 cache: dict | None = None):
        self.book = book
        self.sizes = sizes
        self.tracking = tracking  # extra pt after each full-width character, per role (the 28-per-line grid)
        self.missing = missing if missing is not None else []
        self.where = ""
        # (char, role) -> (face key, size, advance, natural advance, wide, fallback face's family or "");
        # shared across documents
        self._metrics: dict[tuple[str, str], tuple] = {} if cache is None else cache

    def glyph(self, ch: str, role: str) -> Glyph:
        known = self._metrics.get((ch, role))
        if known is None:
            known = self._measure(ch, role)
        face, size, adv, natural, wide, fallback = known
        if not face:  # no font has it: reported wherever it occurs
            self.missing.append((ch, role, self.where))
            face = self.book.primary(role.partition("@")[0]).key
        elif fallback:  # drawn from a face outside the role's own: reported too, with that face
            self.missing.append((ch, role, self.where, fallback))
        return Glyph(ch, role, face, size, adv, natural, wide=wide)

    def _measure(self, ch: str, role: str) -> tuple:
        # "table@12": the table role at another size (a table stepped down to 小四); same faces.
        base, _, sized = role.partition("@")
        chain = self.book.chain(base)
        face = chain.face_for(ch)
        metrics_face = face or self.book.primary(base)
        size = float(sized) if sized else self.sizes[role]
        em = metrics_face.advance(ch)
        # Ambiguous-width characters (× · “ ” — …) count as wide where the face draws them a full em wide.
        wide = is_wide(ch) or (unicodedata.east_asian_width(ch) == "A" and em >= 0.9)
        natural = em * size
        # The grid's tracking scales with the glyph: two half-width digits take exactly one cell, as they do
        # under the .docx's letter spacing, so 〔2011〕 fills four cells and not a fraction more.
        adv = natural + self.tracking.get(role, 0.0) * (1.0 if wide else min(em, 1.0))
        known = (face.key if face else "", size, adv, natural, wide, face.family if chain.substitute(face) else "")
        self._metrics[(ch, role)] = known
        return known

    def tokens(self, pieces: list[Piece]) -> list[Token]:
        chars = [(ch, p.role) for p in pieces for ch in p.text if ch not in "\n\r\t"]
        out: list[Token] = []
        i, n = 0, len(chars)
        while i < n:
            ch, role = chars[i]
            if ch in "—…" and i + 1 < n and chars[i + 1][0] == ch:  # 破折号 ——, 省略号 ……: never split
                out.append(Token([self.glyph(c, r) for c, r in chars[i:i + 2]], "pair", i))
                i += 2
                continue
            glyph = self.glyph(ch, role)
            if ch == " ":
                out.append(Token([glyph], "space", i))
                i += 1
            elif glyph.wide or not (ch.isalnum() or ch in LATIN_INNER):
                out.append(Token([glyph], "wide" if glyph.wide else "latin", i))
                i += 1
            else:  # a Latin word or a number, kept whole (with inner . , : - / % as in 1.5, 2011-01-20,
                # and runs of them as in https://a.cn/?q=1 or name@example.cn)
                j = i
                while j < n and _latin(chars[j][0]):
                    j += 1
                    k = j
                    while k < n and chars[k][0] in WORD_INNER:
                        k += 1
                    if k > j and k < n and chars[k][0].isalnum():  # "1." before 加大 stays one token too
                        j = k
                j = max(j, i + 1)
                for a, b in _word_pieces("".join(c for c, _ in chars[i:j])):
                    out.append(Token([self.glyph(c, r) for c, r in chars[i + a:i + b]], "latin", i + a, glued=a > 0))
                i = j
        kept = keep_together("".join(c for c, _ in chars))
        for before, after in zip(out, out[1:], strict=False):
            if after.glued:
                after.before = SOFT  # inside a URL or address: only where no free break serves
            else:
                after.before = NEVER if not _may_break(before, after) else kept.get(after.start, FREE)
        return out


WORD_INNER = LATIN_INNER | frozenset("@?=&#~")  # inside a Latin word when a letter or digit follows


def _latin(ch: str) -> bool:
    return ch.isalnum() and not is_wide(ch)


# A Latin word this long that looks like a URL, e-mail address or path may break inside, so that it neither
# overruns the line nor stretches the one before: where cjk.URL's note allows.
URL_MIN = 16
URL_BREAK_AFTER = frozenset(".")
URL_BREAK_BEFORE = frozenset("@_-#&=~")


def _word_pieces(word: str) -> list[tuple[int, int]]:
    """(start, end) of the pieces a Latin word may break into: one piece unless it is a long URL/address."""
    if len(word) < URL_MIN or not any(c in word for c in "/@_"):
        return [(0, len(word))]
    path = bool(URL.fullmatch(word)) and "@" not in word
    cuts = [k for k in range(2, len(word) - 1)
            if ((word[k - 1] in URL_BREAK_AFTER or word[k] in URL_BREAK_BEFORE)
                and may_end_line(word[k - 1]) and may_start_line(word[k]) and word[k - 1] not in URL_BREAK_BEFORE)
            or (path and word[k - 1] == "/" and (word[k - 2].isalnum() or word[k - 3:k] == "://")
                and word[k].isalnum())]
    bounds = [0, *cuts, len(word)]
    return list(zip(bounds, bounds[1:], strict=False))


def _may_break(before: Token, after: Token) -> bool:
    if after.kind == "space" or before.kind == "space":
        return True
    if after.glyphs[0].char in LINE_START_FORBIDDEN or before.glyphs[-1].char in LINE_END_FORBIDDEN:
        return False
    return not (before.kind == "latin" and after.kind == "latin")


def break_lines(tokens: list[Token], measure: float, first_indent: float = 0.0, rest_indent: float = 0.0,
                justify: bool = True, squeeze: bool = False) -> list[Line]:
    """Fill lines of `measure` pt (less the indents); justify all but the last when `justify`.

    `squeeze`: clreq's book style (punctuation squeezed before a character is pushed down) instead of
    全角式 (marks keep their full cell; the line is pushed out and justified)."""
    lines: list[Line] = []
    i, n, eps = 0, len(tokens), 0.01
    while i < n:
        while i < n and tokens[i].kind == "space" and lines:
            i += 1  # no space at a line start
        if i >= n:
            break
        indent = first_indent if not lines else rest_indent
        cap = measure - indent
        j, width = i, 0.0
        while j < n and width + tokens[j].width <= cap + eps:
            width += tokens[j].width
            j += 1
        if j >= n:
            lines.append(_line(tokens[i:n], indent, cap, last=True, justify=False, squeeze=squeeze))
            break
        nxt = tokens[j]
        if nxt.kind == "latin" and len(nxt.glyphs) > 1 and nxt.width > measure - rest_indent + eps \
                and (j == i or nxt.before < NEVER) and (j == i or nxt.glyphs[0].advance <= cap - width + eps):
            # A Latin run wider than any line (a long code, a number in a narrow cell) is cut where this line
            # ends: never drawn past the measure, nor left to stretch the line before it.
            tokens = tokens[:j] + _cut(nxt, cap - width) + tokens[j + 1:]
            n = len(tokens)
            lines.append(_line(tokens[i:j + 1], indent, cap, last=False, justify=justify, squeeze=squeeze))
            i = j + 1
            continue
        j = max(_choose_break(tokens, i, j, width, cap, squeeze), i + 1)
        # A hanging paragraph (附件说明, 抄送, 出席): the label before the hang is not stretched, so the first
        # name stays over the wrapped lines' left edge.
        hang = rest_indent - indent if not lines and rest_indent > indent else 0.0
        lines.append(_line(tokens[i:j], indent, cap, last=False, justify=justify, squeeze=squeeze, fixed=hang))
        i = j
    return lines


def _cut(token: Token, cap: float) -> list[Token]:
    """A Latin token split in two: as many glyphs as fit in `cap` (at least one), then the rest."""
    width, k = 0.0, 0
    while k < len(token.glyphs) and width + token.glyphs[k].advance <= cap + 0.01:
        width += token.glyphs[k].advance
        k += 1
    k = min(max(k, 1), len(token.glyphs) - 1)
    g = token.glyphs
    back = k
    while back > 1 and not (may_end_line(g[back - 1].char) and may_start_line(g[back].char)):
        back -= 1  # "GB/" | "T" or "1" | ".5": cut a little earlier where the classes allow
    k = back if may_end_line(g[back - 1].char) and may_start_line(g[back].char) else k
    head = Token(token.glyphs[:k], "latin", token.start, token.glued)
    head.before = token.before
    tail = Token(token.glyphs[k:], "latin", token.start + k, glued=True)
    tail.before = SOFT
    return [head, tail]


def _choose_break(tokens: list[Token], i: int, j: int, width: float, cap: float, squeeze: bool) -> int:
    """Line i..j-1 is full and tokens[j] does not fit: the index of the token that starts the next line.

    The last free break wins when it leaves the line stretched by at most GOOD_STRETCH a gap (a character
    or two pushed down); otherwise a later soft point inside a kept unit, if it stretches the line less;
    a line with no free or soft point breaks inside a kept unit; a line with no legal break at all overflows
    where the measure ends."""
    nxt = tokens[j]
    if squeeze and nxt.first in LINE_START_FORBIDDEN and nxt.kind == "wide" and j > i \
            and tokens[j - 1].last not in LINE_END_FORBIDDEN:
        over = width + nxt.width - cap
        room = nxt.squeezable() + sum(t.squeezable() for t in tokens[i:j])
        if room >= over - 0.01:
            return j + 1  # squeezed in; _line() takes the space back
    latest: dict[int, int] = {}  # level -> latest break index at that level or better
    for k in range(j, i, -1):
        for level in range(tokens[k].before, NEVER):
            latest.setdefault(level, k)
        if FREE in latest:
            break
    free, soft = latest.get(FREE), latest.get(SOFT)
    size = max((g.size for t in tokens[i:j] for g in t.glyphs), default=1.0)
    if free is not None and _slack(tokens, i, free, cap) <= _good_slack(tokens, i, free, size):
        return free
    if soft is not None and (free is None or _slack(tokens, i, soft, cap) < _slack(tokens, i, free, cap)):
        return soft
    if free is not None:
        return free
    return latest.get(KEPT, j)  # nothing legal: break where it overflows rather than overrun the measure


def _slack(tokens: list[Token], i: int, k: int, cap: float) -> float:
    """Space left on the line tokens[i:k] (trailing spaces dropped)."""
    while k > i and tokens[k - 1].kind == "space":
        k -= 1
    return cap - sum(t.width for t in tokens[i:k])


def _good_slack(tokens: list[Token], i: int, k: int, size: float) -> float:
    return GOOD_STRETCH * size * max(k - i - 1, 1)


def _line(tokens: list[Token], indent: float, cap: float, last: bool, justify: bool, squeeze: bool = False,
          fixed: float = 0.0) -> Line:
    while tokens and tokens[-1].kind == "space":
        tokens = tokens[:-1]
    width = sum(t.width for t in tokens)
    if width > cap + 0.01:
        if squeeze:
            _squeeze(tokens, width - cap)
    elif justify and not last and len(tokens) > 1:
        k, used = 0, 0.0  # tokens that end within the first `fixed` pt keep their gaps
        while fixed and k < len(tokens) - 1 and used + tokens[k].width <= fixed + 0.01:
            used += tokens[k].width
            k += 1
        _stretch(tokens[k:], cap - width)
    return Line([g for t in tokens for g in t.glyphs], x=indent, last=last)


def _squeeze(tokens: list[Token], over: float) -> None:
    """Take `over` pt from full-width marks: the line-end mark first (GB/T 15834 5.1.10; its blank half then
    lies past the block's edge, its ink inside), then evenly over the marks inside the line."""
    last = tokens[-1] if tokens else None
    if last is not None and last.squeezable() > 0 and last.first in SQUEEZE_INK_LEFT:
        take = min(last.squeezable(), over)
        last.squeeze(take)
        over -= take
    # Not the first token: a squeezed opening bracket there would start left of the measure.
    inner = [t for t in tokens[1:-1] if t.squeezable() > 0]
    while over > 0.01 and inner:
        share = over / len(inner)
        for t in list(inner):
            take = min(t.squeezable(), share)
            t.squeeze(take)
            over -= take
            if t.squeezable() <= 0.01:
                inner.remove(t)


def _stretch(tokens: list[Token], slack: float) -> None:
    """Spread `slack` pt over the gaps between tokens: spaces first (to half an em), then evenly."""
    if slack <= 0.01:
        return
    spaces = [t for t in tokens[:-1] if t.kind == "space"]
    for t in spaces:
        give = min(slack / max(len(spaces), 1), t.glyphs[0].size * 0.5 - t.width)
        if give > 0:
            t.widen(give)
            slack -= give
    gaps = [t for t, nxt in zip(tokens, tokens[1:], strict=False) if not nxt.glued]  # a URL stays one word
    if slack > 0.01 and gaps:
        share = slack / len(gaps)
        for t in gaps:
            t.widen(share)


def single_line(tokens: list[Token]) -> Line:
    """Tokens set on one line at their natural width (titles, names, dates)."""
    return Line([g for t in tokens for g in t.glyphs], last=True)
