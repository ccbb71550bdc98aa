"""The .docx looks native to Word and WPS: Word 2013+ compatibility, officialdocs in app.xml with the PDF engine's
page count, no Latin theme fonts, core properties from the document, and the profile's `latin` font role."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from lxml import etree

import officialdocs
from officialdocs import load_profile
from officialdocs.style import Profile
from officialdocs.writers.docx import docx_bytes

from .test_check import notice_document

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
APP = "{http://schemas.openxmlformats.org/officeDocument/2006/extended-properties}"


def parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {n: z.read(n) for n in z.namelist()}


@pytest.fixture(scope="module")
def notice():
    return notice_document()


def test_word_2013_mode_and_no_foreign_theme_fonts(sample_docx):
    package = parts(sample_docx.read_bytes())
    settings = etree.fromstring(package["word/settings.xml"])
    mode = [s.get(f"{W}val") for s in settings.iter(f"{W}compatSetting") if s.get(f"{W}name") == "compatibilityMode"]
    assert mode == ["15"]
    assert [n for n, data in package.items() if re.search(rb"Calibri|Cambria", data)] == []
    theme = package["word/theme/theme1.xml"].decode()
    assert set(re.findall(r'<a:latin typeface="([^"]*)"', theme)) == {"仿宋_GB2312"}


def test_app_properties_name_officialdocs_and_the_engines_page_count(notice):
    from officialdocs.fonts import font_book
    from officialdocs.layout import layout_document

    profile = load_profile()
    pages = len(layout_document(notice, profile, font_book(profile)).pages)  # what the pipeline passes
    app = etree.fromstring(parts(docx_bytes(notice, profile, pages=pages))["docProps/app.xml"])
    assert app.findtext(f"{APP}Application") == "officialdocs"
    major, minor, patch = (officialdocs.__version__.split(".") + ["0", "0"])[:3]
    assert app.findtext(f"{APP}AppVersion") == f"{int(major):02d}.{int(minor):02d}{int(patch):02d}"
    assert app.findtext(f"{APP}Pages") == str(pages) and pages >= 6
    assert notice.plain_title in etree.tostring(app, encoding="unicode")
    assert int(app.findtext(f"{APP}Words")) > 1000 and int(app.findtext(f"{APP}Characters")) > 1000
    without = etree.fromstring(parts(docx_bytes(notice, profile))["docProps/app.xml"])
    assert without.find(f"{APP}Pages") is None  # never a made-up count


def test_core_properties_come_from_the_document(sample_docx):
    core = parts(sample_docx.read_bytes())["docProps/core.xml"].decode()
    assert "<dc:title>关于印发《××区2011年双拥工作要点》的通知</dc:title>" in core
    assert "<dc:creator>××区双拥工作领导小组</dc:creator>" in core
    assert ">2011-01-20T00:00:00Z</dcterms:created>" in core and ">2011-01-20T00:00:00Z</dcterms:modified>" in core


def _fonts_by_style(data: bytes) -> dict[str, set[tuple[str, str]]]:
    """(ascii, eastAsia) of every run's rFonts, by paragraph style."""
    root = etree.fromstring(parts(data)["word/document.xml"])
    found: dict[str, set[tuple[str, str]]] = {}
    for p in root.iter(f"{W}p"):
        style = p.find(f"{W}pPr/{W}pStyle")
        name = style.get(f"{W}val") if style is not None else "Normal"
        for rf in p.iter(f"{W}rFonts"):
            found.setdefault(name, set()).add((rf.get(f"{W}ascii"), rf.get(f"{W}eastAsia")))
            assert rf.get(f"{W}hAnsi") == rf.get(f"{W}ascii")
    return found


def test_the_latin_role_defaults_to_the_fangsong_face(notice):
    assert load_profile().font("latin").docx == "仿宋_GB2312"
    for pairs in _fonts_by_style(docx_bytes(notice, load_profile())).values():
        assert all(ascii == east for ascii, east in pairs)  # digits in the run's own face, as before


def test_a_provincial_profile_sets_times_new_roman_for_digits(notice):
    data = load_profile().model_dump()
    data["standard"]["fonts"]["latin"] = {"docx": "Times New Roman", "size": 16, "candidates": ["Times New Roman"]}
    package = docx_bytes(notice, Profile.model_validate(data))
    runs = _fonts_by_style(package)
    assert ("Times New Roman", "仿宋_GB2312") in runs["Normal"]  # body text: Latin and digits in Times New Roman
    assert runs["Heading1"] == {("黑体", "黑体")}  # other faces keep their own digits
    files = parts(package)
    fonts = etree.fromstring(files["word/fontTable.xml"])
    tnr = fonts.find(f"{W}font[@{W}name='Times New Roman']")
    assert tnr is not None and tnr.find(f"{W}charset").get(f"{W}val") == "00"
    styles = etree.fromstring(files["word/styles.xml"])
    normal = styles.find(f"{W}style[@{W}styleId='Normal']/{W}rPr/{W}rFonts")
    assert (normal.get(f"{W}ascii"), normal.get(f"{W}eastAsia"), normal.get(f"{W}hint")) == (
        "Times New Roman", "仿宋_GB2312", "eastAsia")  # the hint keeps “”—… in the Chinese face
    assert 'typeface="Times New Roman"' in files["word/theme/theme1.xml"].decode()


def test_app_xml_pages_equal_the_manifest_for_every_sample_docx(sample_family):
    import json

    manifest = json.loads(sample_family.manifest.read_text(encoding="utf-8"))
    docx = [o for o in manifest["outputs"] if o["format"] == "docx"]
    assert len(docx) == 17
    for entry in docx:
        app = etree.fromstring(parts((sample_family.manifest.parent / entry["path"]).read_bytes())["docProps/app.xml"])
        pdf = next(o for o in manifest["outputs"] if o["format"] == "pdf" and o["title"] == entry["title"])
        assert int(app.findtext(f"{APP}Pages")) == entry["pages"] == pdf["pages"], entry["path"]
