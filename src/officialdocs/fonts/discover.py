"""Find installed fonts by name: fontconfig's list when it works, else the usual font folders.

A candidate must be one of the font's OWN names (PostScript, family, full name, family + style, in any
language). fontconfig answers every query with something and its configuration may give a file extra
family names (tools/fontconfig-fandol.conf calls FandolSong 宋体); so fontconfig only narrows the search
and each hit is checked against the file's name table.
"""

from __future__ import annotations

import os
import subprocess
import sys
from functools import cache
from pathlib import Path

from . import cache as disk
from .face import FaceInfo, face_info, normalize, read_infos

FONT_SUFFIXES = {".ttf", ".otf", ".ttc", ".otc"}
NO_SYSTEM_FONTS_ENV = "OFFICIALDOCS_NO_SYSTEM_FONTS"

_FC_FORMAT = "%{index}\t%{file}\t%{family}\t%{style}\t%{fullname}\t%{postscriptname}\n"


def system_fonts_disabled() -> bool:
    """OFFICIALDOCS_NO_SYSTEM_FONTS=1: only pinned and bundled fonts (tests prove the bundled ones suffice)."""
    return os.environ.get(NO_SYSTEM_FONTS_ENV, "").strip() not in ("", "0")


def font_dirs() -> list[Path]:
    """The folders fonts are installed in on this platform (searched when fontconfig is not there)."""
    home = Path.home()
    if sys.platform == "win32":
        dirs = [Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"]
        if os.environ.get("LOCALAPPDATA"):
            dirs.append(Path(os.environ["LOCALAPPDATA"]) / "Microsoft" / "Windows" / "Fonts")
        return dirs
    if sys.platform == "darwin":
        return [Path("/System/Library/Fonts"), Path("/Library/Fonts"), home / "Library" / "Fonts"]
    data_home = Path(os.environ.get("XDG_DATA_HOME") or home / ".local" / "share")
    return [Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), data_home / "fonts", home / ".fonts"]


def _fontconfig_index() -> dict[str, set[tuple[Path, int]]] | None:
    """Names -> faces as fontconfig lists them; None when fc-list is missing or fails.

    A working fontconfig that lists nothing (e.g. FONTCONFIG_FILE pointing at an empty config) means
    no system fonts: an empty index, not a folder scan.
    """
    try:
        result = subprocess.run(["fc-list", "--format", _FC_FORMAT], capture_output=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return None
    if result.returncode != 0:
        return None
    index: dict[str, set[tuple[Path, int]]] = {}
    for line in result.stdout.decode("utf-8", "replace").splitlines():
        fields = line.split("\t")
        if len(fields) != 6 or not fields[0].isdigit():
            continue
        face_index, file, families, styles, full_names, ps_name = fields
        path = Path(file)
        # Named instances of variable fonts come as index + n * 65536; the file's default instance will do.
        ident = (path, int(face_index) & 0xFFFF)
        if path.suffix.lower() not in FONT_SUFFIXES:
            continue
        fams, stys = families.split(","), styles.split(",")
        names = {*fams, *full_names.split(","), ps_name} | {f + s for f in fams for s in stys}
        for name in names:
            if name:
                index.setdefault(normalize(name), set()).add(ident)
    return index


def _scan_index() -> dict[str, set[tuple[Path, int]]]:
    """Names -> faces from reading every font file in the font folders (no fontconfig)."""
    index: dict[str, set[tuple[Path, int]]] = {}
    for folder in font_dirs():
        if not folder.is_dir():
            continue
        for root, _dirs, files in os.walk(folder):
            for file in sorted(files):
                path = Path(root) / file
                if path.suffix.lower() not in FONT_SUFFIXES:
                    continue
                try:
                    infos = read_infos(path)
                except Exception:  # a broken font file must not stop the search
                    continue
                for info in infos:
                    for name in info.match_keys():
                        index.setdefault(name, set()).add((path, info.index))
    return index


INDEX_VERSION = 1
_FONTCONFIG_ENV = ("FONTCONFIG_FILE", "FONTCONFIG_PATH", "FONTCONFIG_SYSROOT", "XDG_DATA_HOME", "XDG_CONFIG_HOME",
                   "XDG_CACHE_HOME", "HOME")


@cache
def system_index() -> dict[str, set[tuple[Path, int]]]:
    """Normalised name -> faces that may carry it; built once per process, and kept in the font cache until
    a font folder, fontconfig's configuration or its cache changes (fc-list costs 10-100 ms a run)."""
    key = _index_key()
    entry = disk.load("discovery", key)
    if entry is not None:
        try:
            return {name: {(Path(path), index) for path, index in faces}
                    for name, faces in entry[0]["index"].items()}
        except (KeyError, TypeError, ValueError, AttributeError):
            disk.discard(disk.entry_path("discovery", key), "字体索引缓存已损坏，已丢弃并重建")
    index = _fontconfig_index()
    if index is None:
        index = _scan_index()
    disk.store("discovery", key, {"index": {name: sorted([str(p), i] for p, i in faces)
                                            for name, faces in sorted(index.items())}})
    return index


def _index_key() -> str:
    """What the system's font list depends on: the environment fontconfig reads and the modification times
    of the font folders (a font added or removed changes its folder's), its configuration and its cache."""
    home = Path.home()
    roots = [*font_dirs(), Path("/etc/fonts"), home / ".config" / "fontconfig", Path("/var/cache/fontconfig"),
             home / ".cache" / "fontconfig"]
    for variable in ("FONTCONFIG_FILE", "FONTCONFIG_PATH"):
        roots += [Path(p) for p in os.environ.get(variable, "").split(os.pathsep) if p]
    stamps = []
    for root in roots:
        for folder, _dirs, _files in os.walk(root):
            try:
                stamps.append(f"{folder}:{os.stat(folder).st_mtime_ns}")
            except OSError:
                continue
        if root.is_file():
            stamps.append(f"{root}:{root.stat().st_mtime_ns}")
    env = [f"{v}={os.environ.get(v, '')}" for v in _FONTCONFIG_ENV]
    return disk.key_of("discovery", INDEX_VERSION, sys.platform, *env, *stamps)


def find_faces(name: str) -> list[FaceInfo]:
    """Installed faces whose own names include `name`, best match first (regular face of a family first)."""
    if system_fonts_disabled():
        return []
    found: list[tuple[float, str, FaceInfo]] = []
    for path, index in system_index().get(normalize(name), ()):
        try:
            info = face_info(path, index)
        except Exception:  # unreadable or vanished file: not a match
            continue
        rank = info.match_rank(name)
        if rank is not None:
            found.append((rank, str(path), info))
    found.sort(key=lambda item: (item[0], item[1], item[2].index))
    return [info for _rank, _path, info in found]


def find_font(name: str) -> list[Path]:
    """Font files whose own names include `name` (PostScript, family, full or family + style name)."""
    paths: dict[Path, None] = {}
    for info in find_faces(name):
        paths.setdefault(info.path)
    return list(paths)


@cache
def faces_with_char(ch: str) -> tuple[tuple[Path, int], ...]:
    """Installed faces with a glyph for `ch`, as (file, face index): fontconfig's charset query, else every
    face of the font folders read in turn (slow, but only for a character no role's face has)."""
    if system_fonts_disabled():
        return ()
    try:
        result = subprocess.run(["fc-list", "--format", "%{index}\t%{file}\n", f":charset={ord(ch):x}"],
                                capture_output=True, timeout=60)
        ok = result.returncode == 0
    except (OSError, subprocess.SubprocessError):
        ok = False
    found: dict[tuple[Path, int], None] = {}
    if ok:
        for line in result.stdout.decode("utf-8", "replace").splitlines():
            fields = line.split("\t")
            if len(fields) == 2 and fields[0].isdigit() and Path(fields[1]).suffix.lower() in FONT_SUFFIXES:
                found.setdefault((Path(fields[1]), int(fields[0]) & 0xFFFF))
        return tuple(sorted(found, key=lambda f: (str(f[0]), f[1])))
    from .face import load_face

    for faces in system_index().values():
        for path, index in faces:
            if (path, index) in found:
                continue
            try:
                if load_face(path, index).has(ch):
                    found.setdefault((path, index))
            except Exception:  # an unreadable font is not a candidate
                continue
    return tuple(sorted(found, key=lambda f: (str(f[0]), f[1])))
