"""Build the bundled TrueType fonts (officialdocs-*.ttf) from the Fandol OpenType fonts.

Run by a developer when the subsets should change, not at install time; the results are committed:

    python fonts/build.py [FANDOL_DIR] [-o OUT_DIR]

FANDOL_DIR holds FandolFang-Regular.otf etc. (default /usr/local/share/fonts/fandol, where
tools/install-test-fonts.sh puts them). Each output keeps GB 2312, ASCII and the punctuation and symbols of
公文 that the source has, with the CFF outlines converted to TrueType (reportlab embeds only those), no
hinting and no layout tables. Output is byte-for-byte reproducible: same sources, same files.
"""

from __future__ import annotations

import argparse
import io
import sys
from collections.abc import Iterable
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont, newTable

from officialdocs.fonts.convert import cff_to_glyf
from officialdocs.fonts.face import gb2312_chars

DEFAULT_SOURCE = Path("/usr/local/share/fonts/fandol")
HERE = Path(__file__).resolve().parent

# bundled name -> (source file, family name of the subset). The subsets get names of their own so that
# they never pass for a full Fandol font installed on the same machine.
FACES = {
    "fang": ("FandolFang-Regular", "Officialdocs Fang"),
    "hei": ("FandolHei-Regular", "Officialdocs Hei"),
    "kai": ("FandolKai-Regular", "Officialdocs Kai"),
    "song": ("FandolSong-Regular", "Officialdocs Song"),
    "xbs": ("FandolSong-Bold", "Officialdocs XBS"),  # 小标宋 stand-in: the bold Song drawn as a regular face
}

LICENSE_NOTE = (
    "Subset of {source} from the Fandol fonts (Copyright © 2012-2013, the Fandol team), outlines converted "
    "to TrueType by officialdocs fonts/build.py. Licensed under the GNU General Public License version 3 with "
    "the font exception: embedding this font in a document does not by itself cause the document to be "
    "covered by the GPL. See LICENSE-Fandol.txt."
)
LICENSE_URL = "https://www.gnu.org/licenses/gpl-3.0.html"

# GB 2312 encodes the 破折号 as A1AA, which Python decodes to U+2015; Fandol has only U+2014. Map both.
ALIASES = {0x2015: 0x2014}


def _ranges(*pairs: tuple[str, str]) -> str:
    return "".join(chr(c) for a, b in pairs for c in range(ord(a), ord(b) + 1))


# Punctuation and symbols of 公文 beyond GB 2312 (many are in it too; duplicates do not matter).
EXTRA = (
    "“”‘’—–‐…·、。，；：？！（）《》〈〉〔〕【】「」『』～\u3000★☆№℃×÷±〇‰°′″∶•￥©®™"
    + _ranges(("①", "⑳"), ("⑴", "⒇"), ("⒈", "⒛"), ("㈠", "㈩"), ("Ⅰ", "Ⅻ"), ("ⅰ", "ⅻ"))
    + _ranges(("\uff01", "\uff5e"), ("\u00a0", "\u00ff"))
)


def subset_chars() -> str:
    """Everything the bundled fonts should have, if the source does."""
    return gb2312_chars() + _ranges((" ", "~")) + EXTRA


def build_subset(source: Path, family: str, chars: Iterable[str]) -> bytes:
    """A TrueType subset of the font `source` (CFF or TrueType) with those of `chars` it has, named `family`."""
    font = TTFont(source)
    cmap = font.getBestCmap()
    wanted = sorted({ord(c) for c in chars} & cmap.keys())
    options = subset.Options()
    options.layout_features = []
    options.drop_tables += ["GPOS", "GSUB", "GDEF", "BASE", "JSTF", "DSIG"]
    options.hinting = False
    options.desubroutinize = True
    options.notdef_outline = True
    options.glyph_names = False
    options.legacy_cmap = False  # the Macintosh cmap duplicates the Unicode one
    options.name_IDs = []  # replaced below
    options.recalc_timestamp = False
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=wanted)
    subsetter.subset(font)

    created = font["head"].created  # the source's date, not today's: the output must not change per run
    if "glyf" not in font:
        cff_to_glyf(font)
    cmap = font.getBestCmap()
    for table in font["cmap"].tables:
        for alias, target in ALIASES.items():
            if table.isUnicode() and alias not in table.cmap and target in cmap:
                table.cmap[alias] = cmap[target]
    _rename(font, source.stem, family)

    head = font["head"]
    head.created = head.modified = created
    head.macStyle = 0
    os2 = font["OS/2"]
    os2.fsSelection = (os2.fsSelection & ~0b1100001) | 0b1000000  # REGULAR; not BOLD or ITALIC
    os2.usWeightClass = 400
    hhea = font["hhea"]
    hhea.descent = -abs(hhea.descent)  # FandolSong-Regular stores +200
    font.recalcTimestamp = False
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def _rename(font: TTFont, source: str, family: str) -> None:
    version = font["head"].fontRevision
    ps = family.replace(" ", "") + "-Regular"
    records = {
        0: "Copyright © 2012-2013, the Fandol team.",
        1: family,
        2: "Regular",
        3: f"{version:.3f};officialdocs;{ps}",
        4: family,
        5: f"Version {version:.3f}; subset of {source}",
        6: ps,
        13: LICENSE_NOTE.format(source=source),
        14: LICENSE_URL,
    }
    name = font["name"] = newTable("name")
    name.names = []
    for name_id, text in records.items():
        name.setName(text, name_id, 3, 1, 0x409)  # Windows Unicode English only: what every reader uses


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", nargs="?", type=Path, default=DEFAULT_SOURCE, help="folder with the Fandol OTFs")
    parser.add_argument("-o", "--out", type=Path, default=HERE, help="output folder (default: fonts/)")
    parser.add_argument("--only", action="append", choices=sorted(FACES), help="build only these (repeatable)")
    args = parser.parse_args(argv)
    chars = subset_chars()
    for key in args.only or FACES:
        source_name, family = FACES[key]
        source = args.source / f"{source_name}.otf"
        if not source.is_file():
            print(f"missing {source} (see fonts/README.md)", file=sys.stderr)
            return 1
        data = build_subset(source, family, chars)
        target = args.out / f"officialdocs-{key}.ttf"
        target.write_bytes(data)
        print(f"{target.name}: {len(data) / 1e6:.2f} MB from {source.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
