"""Fonts for the PDF engine: the bundled subsets, metrics, discovery by own names, chains, CFF conversion."""

from __future__ import annotations

import importlib.util
import io
import shutil
import subprocess
from pathlib import Path

import pytest
from fontTools.pens.boundsPen import BoundsPen
from fontTools.ttLib import TTFont

from officialdocs import fonts
from officialdocs.errors import OfficialDocsError
from officialdocs.fonts import discover
from officialdocs.fonts.face import FaceInfo
from officialdocs.style import load_profile

from .conftest import ROOT

BUNDLED = ["fang", "hei", "kai", "song", "xbs"]
FANDOL = Path("/usr/local/share/fonts/fandol")
FANDOL_FANG = FANDOL / "FandolFang-Regular.otf"
needs_fandol = pytest.mark.skipif(not FANDOL_FANG.is_file(), reason="Fandol fonts not installed (tools/install-test-fonts.sh)")
ABSENT = ["\U00020000", "\U0010fffd"]  # 𠀀 (CJK Ext-B) and a private-use codepoint: in no bundled font


@pytest.fixture
def no_system_fonts(monkeypatch):
    monkeypatch.setenv(fonts.NO_SYSTEM_FONTS_ENV, "1")


@pytest.fixture
def cache(tmp_path, monkeypatch):
    """A private conversion cache; faces loaded from temporary files are forgotten afterwards."""
    monkeypatch.setenv("OFFICIALDOCS_CACHE_DIR", str(tmp_path / "cache"))
    yield tmp_path / "cache" / "fonts"
    fonts.clear_caches()


def load_build_script():
    spec = importlib.util.spec_from_file_location("fonts_build", ROOT / "fonts" / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def small_cff_font(path: Path, text: str = "中文公文一二三ABC123") -> Path:
    """A few glyphs of FandolFang, still CFF: converts in a second, unlike the whole 10 000-glyph font."""
    from fontTools import subset

    font = TTFont(FANDOL_FANG)
    options = subset.Options()
    options.name_IDs = ["*"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=text)
    subsetter.subset(font)
    font.save(path)
    return path


def advance_and_bounds(font: TTFont, ch: str) -> tuple[int, tuple[float, ...]]:
    glyph = font.getBestCmap()[ord(ch)]
    glyph_set = font.getGlyphSet()
    pen = BoundsPen(glyph_set)
    glyph_set[glyph].draw(pen)
    return font["hmtx"][glyph][0], pen.bounds


# --- the bundled fonts --------------------------------------------------------------------------------


@pytest.mark.parametrize("name", BUNDLED)
def test_bundled_font_has_gb2312_ascii_and_cjk_metrics(name):
    path = fonts.bundled_path(name)
    assert path is not None and path.parent == ROOT / "fonts"
    face = fonts.load_face(path)
    assert face.is_truetype and face.path == path.resolve() and face.subfont_index == 0
    assert face.coverage_gb2312() >= 0.995
    assert all(face.has(chr(c)) for c in range(0x20, 0x7F))
    assert all(face.has(ch) for ch in fonts.gb2312_chars())  # incl. U+2015, mapped to the U+2014 glyph
    assert face.advance("中") == 1.0 and face.advance("，") == 1.0
    assert all(0 < face.advance(d) < 1 for d in "0123456789")
    assert face.units_per_em == 1000
    assert 0.7 < face.ascent <= 1.0 and -0.3 <= face.descent < 0
    assert not any(face.has(ch) for ch in ABSENT)
    assert face.family.startswith("Officialdocs ")
    assert path.stat().st_size < 8_000_000


def test_bundled_faces_are_distinct_fonts_with_unique_keys():
    faces = [fonts.load_face(fonts.bundled_path(name)) for name in BUNDLED]
    assert len({f.key for f in faces}) == 5
    assert fonts.load_face(fonts.bundled_path("fang")) is faces[0]  # loaded once per process


@pytest.mark.parametrize("name", BUNDLED)
def test_reportlab_embeds_a_subset_of_the_bundled_font(name):
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont as RLFont
    from reportlab.pdfgen import canvas

    face = fonts.load_face(fonts.bundled_path(name))
    font = RLFont(f"test-{face.key}", str(face.path), subfontIndex=face.subfont_index)
    pdfmetrics.registerFont(font)
    out = io.BytesIO()
    pdf = canvas.Canvas(out)
    pdf.setFont(font.fontName, 16)
    pdf.drawString(72, 720, "关于印发《2011年双拥工作要点》的通知（一）①—1—")
    pdf.save()
    data = out.getvalue()
    assert b"/FontFile2" in data
    assert len(data) < 100_000  # a subset, not the 4-7 MB file
    assert font.stringWidth("中文", 16) == pytest.approx(32)


def test_build_subset_is_deterministic(tmp_path):
    build = load_build_script()
    source = FANDOL_FANG if FANDOL_FANG.is_file() else fonts.bundled_path("fang")
    first = build.build_subset(source, "Test Fang", "中华人民共和国“通知”ABC")
    second = build.build_subset(source, "Test Fang", "中华人民共和国“通知”ABC")
    assert first == second
    font = TTFont(io.BytesIO(first))
    assert "glyf" in font and "CFF " not in font and "GPOS" not in font
    assert font["post"].formatType == 3.0 and font["maxp"].tableVersion == 0x00010000
    assert font["name"].getDebugName(6) == "TestFang-Regular"
    assert "GPL" in font["name"].getDebugName(13)
    assert ord("中") in font.getBestCmap() and ord("字") not in font.getBestCmap()


def test_build_charset_is_gb2312_plus_extras():
    build = load_build_script()
    chars = set(build.subset_chars())
    assert len(fonts.gb2312_chars()) == 7445 and len(fonts.gb2312_hanzi()) == 6763
    assert set(fonts.gb2312_chars()) <= chars
    assert {"〔", "〕", "①", "⒛", "㈩", "Ⅻ", "～", "\u3000", "０"} <= chars


# --- CFF -> TrueType --------------------------------------------------------------------------------


@needs_fandol
def test_cff_font_is_converted_once_and_cached(tmp_path, cache, monkeypatch):
    source = small_cff_font(tmp_path / "small.otf")
    target = fonts.converted_path(source)
    assert target.parent == cache / "truetype" and target.suffix == ".ttf"
    converted = TTFont(target)
    assert "glyf" in converted and "CFF " not in converted and converted.sfntVersion == "\x00\x01\x00\x00"
    (adv_cff, box_cff), (adv_ttf, box_ttf) = (advance_and_bounds(f, "中") for f in (TTFont(source), converted))
    assert adv_cff == adv_ttf == 1000
    assert all(abs(a - b) <= 1.5 for a, b in zip(box_cff, box_ttf, strict=True))

    from officialdocs.fonts import convert

    def fail(*args, **kwargs):
        raise AssertionError("converted twice")

    monkeypatch.setattr(convert, "cff_to_glyf", fail)
    mtime = target.stat().st_mtime_ns
    assert fonts.converted_path(source) == target and target.stat().st_mtime_ns == mtime


@needs_fandol
def test_cff_face_gives_metrics_without_converting_and_a_truetype_path(tmp_path, cache):
    face = fonts.load_face(small_cff_font(tmp_path / "face.otf"))
    assert not face.is_truetype and face.advance("中") == 1.0 and face.has("A") and not face.has("字")
    assert not list(cache.glob("truetype/*.ttf"))  # metrics come from the OTF: no conversion
    from reportlab.pdfbase.ttfonts import TTFont as RLFont

    RLFont("test-converted", str(face.path))
    assert face.path.parent == cache / "truetype"


# --- discovery ----------------------------------------------------------------------------------------


def test_a_name_must_be_the_fonts_own_name(monkeypatch):
    # fontconfig may list a file under names its configuration added (FandolHei as 黑体): not a match.
    hei = fonts.bundled_path("hei")
    monkeypatch.delenv(fonts.NO_SYSTEM_FONTS_ENV, raising=False)
    fake = {"黑体": {(hei, 0)}, "officialdocshei": {(hei, 0)}, "officialdocsheiregular": {(hei, 0)}}
    monkeypatch.setattr(discover, "system_index", lambda: fake)
    assert fonts.find_font("黑体") == []
    assert fonts.find_font("Officialdocs Hei") == [hei]
    assert fonts.find_font("OfficialdocsHei-Regular") == [hei]


def test_family_name_prefers_the_regular_face():
    def info(family: str, style: str, weight: int, typographic: tuple[str, str] | None = None) -> FaceInfo:
        pairs = ((family, style),) + ((typographic,) if typographic else ())
        return FaceInfo(Path(f"{family}-{style}.otf"), 0, f"{family}-{style}".replace(" ", ""), (family,),
                        (style,), (f"{family} {style}",), pairs, weight, "CFF ")

    regular, bold = info("FandolSong", "Regular", 400), info("FandolSong", "Bold", 400)
    assert regular.match_rank("FandolSong") < bold.match_rank("FandolSong")
    assert bold.match_rank("FandolSong-Bold") == 0 and bold.match_rank("fandolsong bold") == 0
    assert regular.match_rank("FandolSong-Bold") is None and regular.match_rank("宋体") is None
    # A Light face of a family: typographic "Noto Sans CJK SC" + "Light", legacy "... Light" + "Regular".
    light = info("Noto Sans CJK SC Light", "Regular", 300, ("Noto Sans CJK SC", "Light"))
    noto = info("Noto Sans CJK SC", "Regular", 400)
    assert noto.match_rank("Noto Sans CJK SC") < light.match_rank("Noto Sans CJK SC")
    assert light.match_rank("Noto Sans CJK SC Light") is not None and noto.match_rank("Noto Sans CJK SC Bold") is None


def test_folder_scan_reads_the_name_tables(tmp_path, monkeypatch):
    shutil.copy(fonts.bundled_path("kai"), tmp_path / "kai.ttf")
    (tmp_path / "broken.ttf").write_bytes(b"not a font")
    monkeypatch.setattr(discover, "font_dirs", lambda: [tmp_path])
    index = discover._scan_index()
    assert index["officialdocskai"] == {(tmp_path / "kai.ttf", 0)}


@pytest.mark.skipif(shutil.which("fc-list") is None, reason="no fontconfig")
def test_fontconfig_with_no_fonts_means_no_system_fonts(tmp_path, monkeypatch):
    conf = tmp_path / "fonts.conf"
    conf.write_text('<?xml version="1.0"?><fontconfig><cachedir>' + str(tmp_path) + "</cachedir></fontconfig>")
    monkeypatch.setenv("FONTCONFIG_FILE", str(conf))
    assert subprocess.run(["fc-list"], capture_output=True).stdout == b""
    assert discover._fontconfig_index() == {}


# --- roles, chains, the book --------------------------------------------------------------------------


def test_without_system_fonts_every_role_resolves_to_a_bundled_face(no_system_fonts):
    profile = load_profile("gbt9704")
    book = fonts.font_book(profile)
    assert fonts.font_book(profile) is book
    for role, font in profile.fonts.items():
        chain = book.chain(role)
        assert len(chain) == 1 and chain.sources[0] == font.candidates[-1], role
        assert chain.primary.source.parent == ROOT / "fonts"
        assert book.missing("关于印发《要点》的通知（一）１．①—1—〔2011〕", role) == []
    assert book.primary("mark").key == "OfficialdocsXBS-Regular"
    assert book.primary("heading2").key == "OfficialdocsKai-Regular"
    rows = fonts.report(profile)
    assert {r["role"] for r in rows} == set(profile.fonts)
    body = next(r for r in rows if r["role"] == "body")
    assert body["stands_in_for"] == "仿宋_GB2312" and body["bundled"] and not body["official"]
    assert body["coverage"] == 100.0 and body["file"].endswith("officialdocs-fang.ttf")


def test_missing_reports_characters_no_face_has(no_system_fonts):
    book = fonts.font_book(load_profile("gbt9704"))
    text = "中\U00020000文\U0010fffd\n中\U00020000"
    assert book.missing(text, "body") == ABSENT
    chain = book.chain("body")
    assert chain.face_for("\U00020000") is None and chain.face_for("中") is chain.primary


def test_pins_come_first_and_are_checked(no_system_fonts, tmp_path):
    profile = load_profile("gbt9704")
    kai = fonts.bundled_path("kai")
    book = fonts.font_book(profile, {"body": kai})
    chain = book.chain("body")
    assert [f.source for f in chain] == [kai.resolve(), fonts.bundled_path("fang").resolve()]
    assert chain.sources == ("pin", "bundled:fang")
    assert fonts.font_book(profile, {"body": str(kai)}) is book
    by_path = fonts.FontBook({"body": [str(tmp_path / "none.ttf"), str(kai), "bundled:fang"]})
    assert by_path.primary("body").source == kai.resolve()  # a profile may name files too
    with pytest.raises(OfficialDocsError, match="没有字体角色"):
        fonts.font_book(profile, {"nope": kai})
    with pytest.raises(OfficialDocsError, match="字体文件不存在"):
        fonts.font_book(profile, {"body": tmp_path / "none.ttf"})
    (tmp_path / "bad.ttf").write_bytes(b"nope")
    with pytest.raises(OfficialDocsError, match="不是可用的字体文件"):
        fonts.font_book(profile, {"body": tmp_path / "bad.ttf"})


def test_a_role_with_no_font_found_is_a_user_error(no_system_fonts):
    book = fonts.FontBook({"body": ["仿宋_GB2312", "bundled:nosuch"]})
    with pytest.raises(OfficialDocsError, match="字体角色 body 没有可用的字体"):
        book.chain("body")
    with pytest.raises(OfficialDocsError, match="缺少字体角色"):
        book.chain("heading9")


@needs_fandol
def test_system_fandol_is_found_by_its_own_names():
    if fonts.system_fonts_disabled():
        pytest.skip("system fonts disabled")
    # The faces are found by their own names wherever Fandol is installed (once, or also in ~/.fonts).
    bold = fonts.find_font("FandolSong-Bold")
    assert FANDOL / "FandolSong-Bold.otf" in bold and all(p.name == "FandolSong-Bold.otf" for p in bold)
    assert fonts.find_font("FandolSong")[0].name == "FandolSong-Regular.otf"
