"""Font roles -> chains of faces: the profile's candidates as found on this machine, bundled ones last."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import OfficialDocsError, Problem
from ..resources import data_dir
from .discover import FONT_SUFFIXES, faces_with_char, find_faces, system_fonts_disabled
from .face import Face, load_face, normalize

if TYPE_CHECKING:
    from ..style import Profile

BUNDLED_PREFIX = "bundled:"
PIN = "pin"  # source label of a face pinned by --font ROLE=PATH


def bundled_path(name: str) -> Path | None:
    """fonts/officialdocs-NAME.ttf of the installation, or None if there is no such file."""
    try:
        path = data_dir("fonts") / f"officialdocs-{name}.ttf"
    except FileNotFoundError:
        return None
    return path if path.is_file() else None


def load_user_font(path: Path) -> Face:
    """A font file a user named (pin or profile path); a file that is no font is a user error."""
    try:
        return load_face(path)
    except Exception:  # fontTools raises many kinds of errors on a file that is not a font
        raise OfficialDocsError(Problem(f"不是可用的字体文件：{path}", hint="需要 TTF、OTF 或 TTC 文件")) from None


PIN_MIN_COVERAGE = 0.5  # of the GB 2312 hanzi: below this a pinned face sets hardly any Chinese text


def pin_problems(pins: Mapping[str, Path | str] | None) -> list[Problem]:
    """A face pinned with --font that lacks most Chinese characters is silently passed over for them (the
    chain falls back character by character): say so; the CLI makes it an error under --strict."""
    problems: list[Problem] = []
    for role, path in (pins or {}).items():
        if "latin" in role:  # a role for Latin letters and digits needs no hanzi
            continue
        coverage = load_user_font(Path(path).expanduser()).coverage_gb2312()
        if coverage < PIN_MIN_COVERAGE:
            problems.append(Problem(
                f"--font {role}={path}：这个字体只含 GB 2312 汉字的 {coverage:.0%}，汉字会改用后备字体排出",
                hint="指定含汉字的字体文件（如 仿宋_GB2312）；--strict 时视为错误"))
    return problems


def resolve_candidate(candidate: str) -> Face | None:
    """The face a profile candidate names on this machine: `bundled:NAME`, a font file path, or a font name."""
    if candidate.startswith(BUNDLED_PREFIX):
        path = bundled_path(candidate[len(BUNDLED_PREFIX):])
        return load_face(path) if path else None
    if Path(candidate).suffix.lower() in FONT_SUFFIXES:  # a file named in a profile; relative to the cwd
        path = Path(candidate).expanduser()
        return load_user_font(path) if path.is_file() else None
    faces = find_faces(candidate)
    return load_face(faces[0].path, faces[0].index) if faces else None


# Style families of CJK faces, recognised by their own names (any language); the first match wins, so 小标宋
# is not taken for 宋. Fallback for a character a role's faces lack looks in the same family first.
_STYLE_WORDS = (
    ("xbs", ("小标宋", "xbs", "biaosong")),
    ("kai", ("楷", "kai")),
    ("fang", ("仿宋", "fang")),
    ("hei", ("黑", "hei", "sans", "gothic", "ゴシック")),
    ("song", ("宋", "song", "serif", "ming", "明", "mincho")),
)
# Per style family of a role: the faces as close as its own (仿宋 and 宋 serve each other in body text) ...
_SAME_STYLE = {"fang": ("fang", "song"), "song": ("song", "fang"), "xbs": ("xbs", "song"), "kai": ("kai",),
               "hei": ("hei",)}
# ... and then any serif CJK face, then any CJK face at all.
_SERIF = ("song", "fang", "xbs")


def face_style(face: Face) -> str:
    """fang, kai, hei, song, xbs, or "" for a face whose names say none of them."""
    names = [normalize(n) for n in (*face.info.families, *face.info.full_names, face.postscript_name)]
    for style, words in _STYLE_WORDS:
        if any(word in name for name in names for word in words):
            return style
    return ""


class FontChain:
    """The faces for one role, in preference order; each character takes the first face that has it.

    A character none of them has is drawn from the closest other face that has it (`fallback`, given by
    the book): it joins the chain as an extra face, and `substitute()` tells the layout to report it."""

    def __init__(self, role: str, faces: Sequence[Face], sources: Sequence[str], candidates: Sequence[str],
                 fallback=None):
        self.role = role
        self.faces = tuple(faces)
        self.sources = tuple(sources)  # per face: the candidate that found it, or "pin"
        self.candidates = tuple(candidates)
        self._fallback = fallback  # ch -> Face | None
        self._extras: dict[str, Face] = {}  # key -> fallback faces this chain has drawn with
        self._memo: dict[str, Face | None] = {}

    def __iter__(self) -> Iterator[Face]:
        # Extras in a fixed order, whatever order the documents of a batch met them in (same bytes).
        return iter((*self.faces, *(self._extras[k] for k in sorted(self._extras))))

    def __len__(self) -> int:
        return len(self.faces) + len(self._extras)

    def __repr__(self) -> str:
        return f"FontChain({self.role!r}, {[f.key for f in self.faces]})"

    @property
    def primary(self) -> Face:
        return self.faces[0]

    def face_for(self, ch: str) -> Face | None:
        """The first face with a glyph for `ch`, else the closest fallback face; None if no face has one."""
        try:
            return self._memo[ch]
        except KeyError:
            cp = ord(ch)
            face = next((f for f in self.faces if cp in f.advances), None)
            if face is None and self._fallback is not None and ch.isprintable():
                face = self._fallback(ch)
                if face is not None:
                    self._extras[face.key] = face
            self._memo[ch] = face
            return face

    def substitute(self, face: Face | None) -> bool:
        """True when `face` is a fallback face, not one of the role's own."""
        return face is not None and face not in self.faces


class FontBook:
    """Every font role of a profile, resolved on this machine (chains are built on first use)."""

    def __init__(self, roles: Mapping[str, Sequence[str]], pins: Mapping[str, Path | str] | None = None,
                 name: str = ""):
        self.name = name
        self.roles = {role: tuple(candidates) for role, candidates in roles.items()}
        self.pins: dict[str, Path] = {}
        for role, path in (pins or {}).items():
            if role not in self.roles:
                raise OfficialDocsError(Problem(f"没有字体角色 {role}", hint="可用角色：" + "、".join(self.roles)))
            path = Path(path).expanduser()
            if not path.is_file():
                raise OfficialDocsError(Problem(f"字体文件不存在：{path}", hint=f"--font {role}=字体文件路径"))
            load_user_font(path)  # fail now, with the option's name still in view
            self.pins[role] = path
        self._chains: dict[str, FontChain] = {}
        self._fallbacks: dict[tuple[str, str], Face | None] = {}


    def chain(self, role: str) -> FontChain:
        chain = self._chains.get(role)
        if chain is None:
            chain = self._chains[role] = self._build(role)
        return chain

    def style_family(self, role: str) -> str:
        """The style family of a role (fang, kai, hei, song, xbs: the name of its bundled face), or the role
        itself when it has no bundled face. Roles of one family draw with one face (below)."""
        bundled = next((c for c in self.roles.get(role, ()) if c.startswith(BUNDLED_PREFIX)), None)
        return bundled[len(BUNDLED_PREFIX):] if bundled else role

    def family_candidates(self, role: str) -> tuple[str, ...]:
        """Every candidate any role of `role`'s family accepts, in the order the profile lists them: a 楷体
        found for heading2 (LXGW WenKai) serves signer_name and draft too, so a document never mixes two
        楷体 faces; when none is found, every role of the family falls back to the same bundled face."""
        family = self.style_family(role)
        merged: dict[str, None] = {}
        for other, candidates in self.roles.items():
            if self.style_family(other) == family:
                merged.update(dict.fromkeys(candidates))
        return tuple(merged)

    def _build(self, role: str) -> FontChain:
        if role not in self.roles:
            raise OfficialDocsError(f"样式配置 {self.name} 缺少字体角色 {role}")
        candidates = self.family_candidates(role)
        faces: list[Face] = []
        sources: list[str] = []
        if role in self.pins:
            faces.append(load_user_font(self.pins[role]))
            sources.append(PIN)
        for candidate in candidates:
            face = resolve_candidate(candidate)
            if face is not None and face not in faces:  # one file can answer to several names (仿宋, FangSong)
                faces.append(face)
                sources.append(candidate)
        if not faces:
            raise OfficialDocsError(Problem(
                f"字体角色 {role} 没有可用的字体（候选：{'、'.join(candidates)}）",
                hint=f"安装其中一种字体，或用 --font {role}=字体文件 指定",
            ))
        family = self.style_family(role)
        return FontChain(role, faces, sources, candidates, lambda ch: self.fallback(family, ch))

    def fallback(self, family: str, ch: str) -> Face | None:
        """The face closest to style `family` that has `ch`: the same style first (another 仿宋, then a 宋 for
        仿宋 body text; another 楷 for 楷体), then any serif CJK face, then any CJK face; installed or bundled.
        Ties go to the bundled faces, then by file name, so the choice is the same on every run."""
        key = (family, ch)
        if key not in self._fallbacks:
            same = _SAME_STYLE.get(family, (family,))
            found: list[tuple[int, int, str, Face]] = []
            bundled = [p for p in (bundled_path(n) for n in ("fang", "song", "kai", "hei", "xbs")) if p]
            places = [(p, 0, 0) for p in bundled] + [(p, i, 1) for p, i in faces_with_char(ch)]
            for path, index, system in places:
                try:
                    face = load_face(path, index)
                except Exception:  # a font that cannot be read is no candidate
                    continue
                if not face.has(ch) or not all(map(face.has, "一中文")):
                    continue  # no glyph, or not a face for Chinese text (a symbol or Latin font)
                style = face_style(face)
                rank = (0 if style == same[0] else 1 if style in same else 2 if style in _SERIF else 3)
                found.append((rank, system, f"{path}#{index}", face))
            self._fallbacks[key] = min(found, key=lambda item: item[:3])[3] if found else None
        return self._fallbacks[key]

    def primary(self, role: str) -> Face:
        return self.chain(role).primary

    def missing(self, text: str, role: str) -> list[str]:
        """Characters of `text` that no face of the role's chain has (each once, in order; controls skipped)."""
        chain = self.chain(role)
        out: dict[str, None] = {}
        for ch in text:
            if ch not in out and ch >= " " and ch != "\x7f" and chain.face_for(ch) is None:
                out[ch] = None
        return list(out)


def _pins_key(pins: Mapping[str, Path | str] | None) -> tuple[tuple[str, str], ...]:
    return tuple(sorted((role, str(Path(path).expanduser().resolve())) for role, path in (pins or {}).items()))


@cache
def _cached_book(name: str, roles: tuple[tuple[str, tuple[str, ...]], ...], pins: tuple[tuple[str, str], ...],
                 _no_system: bool) -> FontBook:
    # _no_system is only part of the cache key: the environment decides what discovery finds.
    return FontBook(dict(roles), dict(pins), name)


def font_book(profile: Profile, pins: Mapping[str, Path | str] | None = None) -> FontBook:
    """The FontBook of a profile (and pins), made once per process: fonts load once, not per document."""
    roles = tuple((role, tuple(font.candidates)) for role, font in profile.fonts.items())
    return _cached_book(profile.name, roles, _pins_key(pins), system_fonts_disabled())


def report(profile: Profile, pins: Mapping[str, Path | str] | None = None) -> list[dict[str, Any]]:
    """Per role, the face chosen on this machine and whether it is the official face or a substitute.

    Keys: role, file, family, postscript_name, coverage (GB 2312 hanzi, %), stands_in_for (the first
    candidate, the official face), source (the candidate that found it, or "pin"), official, bundled,
    style_family (fang, kai, hei, song, xbs: roles of one style family draw with one face).
    """
    book = font_book(profile, pins)
    rows = []
    for role in book.roles:
        chain = book.chain(role)
        face, source = chain.primary, chain.sources[0]
        own = book.roles[role]
        official_name = own[0] if own else ""
        rows.append({
            "role": role,
            "file": str(face.source),
            "family": face.family,
            "postscript_name": face.postscript_name,
            "coverage": round(100 * face.coverage_gb2312(), 2),
            "stands_in_for": official_name,
            "source": source,
            "official": bool(official_name) and face.info.match_rank(official_name) is not None,
            "bundled": source.startswith(BUNDLED_PREFIX),
            "style_family": book.style_family(role),
            "family_roles": [r for r in book.roles if book.style_family(r) == book.style_family(role)],
        })
    return rows
