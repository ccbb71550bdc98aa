"""Fake system fonts for tests: a subset of a bundled face renamed, in a folder fontconfig is pointed at."""

from __future__ import annotations

from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont


def fake_font(path: Path, source: Path, family: str, text: str) -> Path:
    """`text`'s glyphs of the font `source`, saved at `path` under the family name `family`."""
    font = TTFont(source)
    options = subset.Options()
    options.name_IDs = ["*"]
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=text)
    subsetter.subset(font)
    name = font["name"]
    ps = family.replace(" ", "") + "-Regular"
    for record in list(name.names):
        if record.nameID in (1, 3, 4, 6, 16, 17, 18):
            name.removeNames(nameID=record.nameID)
    for lang_platform in ((3, 1, 0x409), (1, 0, 0)):
        name.setName(family, 1, *lang_platform)
        name.setName("Regular", 2, *lang_platform)
        name.setName(family, 4, *lang_platform)
        name.setName(ps, 6, *lang_platform)
    path.parent.mkdir(parents=True, exist_ok=True)
    font.save(path)
    return path


def use_font_dir(monkeypatch, folder: Path, tmp: Path) -> None:
    """Make `folder` the machine's only font folder (fontconfig, or the folder scan without it)."""
    from officialdocs import fonts
    from officialdocs.fonts import discover

    conf = tmp / "fonts.conf"
    conf.write_text(f'<?xml version="1.0"?><fontconfig><dir>{folder}</dir><cachedir>{tmp / "fc-cache"}</cachedir>'
                    "</fontconfig>", encoding="utf-8")
    monkeypatch.setenv("FONTCONFIG_FILE", str(conf))
    monkeypatch.setattr(discover, "font_dirs", lambda: [folder])
    monkeypatch.delenv(fonts.NO_SYSTEM_FONTS_ENV, raising=False)
    fonts.clear_caches()


def with_extra_chars(path: Path, chars: str, like: str = "一") -> Path:
    """Map `chars` to the glyph of `like` in the font at `path` (a stand-in glyph: enough to test which
    face a character is drawn from)."""
    font = TTFont(path)
    glyph = font.getBestCmap()[ord(like)]
    for table in font["cmap"].tables:
        if table.isUnicode() and table.format in (4, 12):
            for ch in chars:
                if ord(ch) <= 0xFFFF or table.format == 12:
                    table.cmap[ord(ch)] = glyph
    if any(ord(ch) > 0xFFFF for ch in chars) and not any(t.format == 12 for t in font["cmap"].tables):
        raise ValueError("add a format 12 cmap for characters outside the BMP")
    font.save(path)
    return path
