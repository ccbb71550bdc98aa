"""The OFD writer (GB/T 33190): structure, metadata, exact glyph positions (the PDF's, read back through
Boundary/CTM/DeltaX, turned pages included), embedded font subsets, colours, seal image, outline, determinism;
`check FILE.ofd` (same facts and rules as the PDF, including a deliberately shifted document); the
structure validator on broken packages."""

from __future__ import annotations

import ctypes
import dataclasses
import io
import re
import shutil
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from click.testing import CliRunner
from fontTools.ttLib import TTFont

from officialdocs import load_profile, parse_markup
from officialdocs.check import check_file
from officialdocs.check.ofdvalid import validate_ofd
from officialdocs.cli import cli
from officialdocs.fonts import font_book
from officialdocs.layout import layout_document
from officialdocs.writers.ofd import ofd_bytes_from_layout
from officialdocs.writers.ofd.fonts import _fonttools_subset, embed_font
from officialdocs.writers.pdf import pdf_bytes_from_layout

from .conftest import ROOT

NS = "{http://www.ofdspec.org/2016}"
MM = 25.4 / 72
ROWS = "".join(f"| {i} | 第{i}项任务的内容比较长需要较宽的列 | 区双拥办 | 区民政局、区人武部 | 年内 | 进行中 | 无 |\n"
               for i in range(1, 30))
SEALED_WIDE = f"""---
issuer: ××区双拥工作领导小组
doc_number: 区双拥〔2011〕5号
title: 关于报送2011年双拥工作进度的通知
recipients: [各镇人民政府, 各街道办事处]
signature: ××区双拥工作领导小组
date: 2011-12-20
seal: seal.png
cc: [区委办公室, 区政府办公室]
printed_by: ××区双拥工作领导小组办公室
printed_on: 2011-12-21
---
请各单位按附件格式报送本单位双拥工作进度，并于2011年12月31日前报区双拥办。各单位要对照工作要点和任务分解表，
明确分管领导和具体责任人，认真梳理全年各项任务的完成情况。

# 报送要求

报送内容要真实准确，数据要有据可查，对未完成的任务要说明原因和下一步措施，确保报送材料经得起检查。

# 附件：进度表

<!-- table: landscape -->

| 序号 | 工作任务 | 牵头单位 | 配合单位 | 完成时限 | 进度 | 备注 |
|---|---|---|---|---|---|---|
{ROWS}"""
DRAFT = "---\ntitle: 关于测试征求意见稿的通知\ndraft: 征求意见稿\n---\n请提出意见。\n"


def _laid(text: str, folder: Path, watermark: bool = False):
    profile = load_profile()
    if watermark:
        profile = profile.model_copy(update={"pdf": profile.pdf.model_copy(update={"watermark": True})})
    doc = parse_markup(text, source="t.md", base_dir=folder)
    return layout_document(doc, profile, font_book(profile))


@pytest.fixture(scope="module")
def sealed(tmp_path_factory):
    """The sealed notice with a landscape table attachment: (LaidOut, pdf path, ofd path)."""
    folder = tmp_path_factory.mktemp("ofd")
    shutil.copy(ROOT / "tests" / "data" / "seal.png", folder / "seal.png")
    laid = _laid(SEALED_WIDE, folder)
    pdf, ofd = folder / "sealed.pdf", folder / "sealed.ofd"
    pdf.write_bytes(pdf_bytes_from_layout(laid))
    ofd.write_bytes(ofd_bytes_from_layout(laid))
    return laid, pdf, ofd


def _xml(ofd: Path, name: str) -> ET.Element:
    with zipfile.ZipFile(ofd) as z:
        return ET.fromstring(z.read(name))


def _pages(ofd: Path) -> list[ET.Element]:
    with zipfile.ZipFile(ofd) as z:
        names = sorted((n for n in z.namelist() if n.endswith("Content.xml")), key=lambda n: int(re.findall(r"\d+", n)[-1]))
        return [ET.fromstring(z.read(n)) for n in names]


def test_package_metadata_and_structure(sealed):
    laid, _, ofd = sealed
    assert validate_ofd(ofd) == []
    info = _xml(ofd, "OFD.xml").find(f"{NS}DocBody/{NS}DocInfo")
    assert info.findtext(f"{NS}Title") == "关于报送2011年双拥工作进度的通知"
    assert info.findtext(f"{NS}Author") == "××区双拥工作领导小组"
    assert info.findtext(f"{NS}Subject") == "区双拥〔2011〕5号"
    assert info.findtext(f"{NS}CreationDate") == "2011-12-20"  # the document's date, not the clock
    assert re.fullmatch(r"[0-9a-f]{32}", info.findtext(f"{NS}DocID"))
    document = _xml(ofd, "Doc_0/Document.xml")
    assert document.findtext(f"{NS}CommonData/{NS}PageArea/{NS}PhysicalBox") == "0 0 210 297"
    pages = document.findall(f"{NS}Pages/{NS}Page")
    assert len(pages) == len(laid.pages) >= 3
    ids = [int(e.get("ID")) for part in _pages(ofd) for e in part.iter() if e.get("ID")]
    assert int(document.findtext(f"{NS}CommonData/{NS}MaxUnitID")) == max(ids + [int(p.get("ID")) for p in pages])


def test_byte_identical_and_docid_from_content(sealed, tmp_path):
    laid, _, ofd = sealed
    assert ofd_bytes_from_layout(laid) == ofd.read_bytes()
    changed = dataclasses.replace(laid, title=laid.title + "（修订）")
    other = tmp_path / "other.ofd"
    other.write_bytes(ofd_bytes_from_layout(changed))
    doc_id = lambda p: _xml(p, "OFD.xml").findtext(f"{NS}DocBody/{NS}DocInfo/{NS}DocID")  # noqa: E731
    assert doc_id(other) != doc_id(ofd)
    with zipfile.ZipFile(ofd) as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def _ofd_origins(ofd: Path) -> list[list[tuple[str, float, float]]]:
    """Every glyph origin (page mm, y down) as the standard defines it: Boundary corner + CTM·(X + ΣDeltaX, Y)."""
    out = []
    for page in _pages(ofd):
        glyphs = []
        for obj in page.iter(f"{NS}TextObject"):
            bx, by = (float(v) for v in obj.get("Boundary").split()[:2])
            a, b, c, d, e, f = (float(v) for v in (obj.get("CTM") or "1 0 0 1 0 0").split())
            for code in obj.findall(f"{NS}TextCode"):
                x, y = float(code.get("X")), float(code.get("Y"))
                deltas = [float(v) for v in (code.get("DeltaX") or "").split()]
                for i, ch in enumerate(code.text):
                    if ch.strip():
                        glyphs.append((ch, bx + a * x + c * y + e, by + b * x + d * y + f))
                    if i < len(deltas):
                        x += deltas[i]
        out.append(glyphs)
    return out


def _pdf_origins(pdf: Path) -> list[list[tuple[str, float, float]]]:
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    out = []
    doc = pdfium.PdfDocument(str(pdf))
    for page in doc:
        height = page.get_height()
        text = page.get_textpage()
        x, y = ctypes.c_double(), ctypes.c_double()
        glyphs = []
        for i in range(text.count_chars()):
            ch = chr(raw.FPDFText_GetUnicode(text.raw, i))
            if raw.FPDFText_IsGenerated(text.raw, i) or not ch.strip():
                continue
            raw.FPDFText_GetCharOrigin(text.raw, i, ctypes.byref(x), ctypes.byref(y))
            glyphs.append((ch, x.value * MM, (height - y.value) * MM))
        out.append(glyphs)
    doc.close()
    return out


def test_every_glyph_where_the_pdf_draws_it(sealed):
    """Upright, horizontally scaled (the issuer mark) and turned (landscape table) glyphs alike."""
    laid, pdf, ofd = sealed
    assert any(p.landscape_content for p in laid.pages) and any(r.h_scale != 100 for r in laid.pages[0].runs)
    ours, theirs = _ofd_origins(ofd), _pdf_origins(pdf)
    assert len(ours) == len(theirs)
    worst = 0.0
    for a, b in zip(ours, theirs, strict=True):
        assert [g[0] for g in a] == [g[0] for g in b]
        worst = max([worst, *(max(abs(p[1] - q[1]), abs(p[2] - q[2])) for p, q in zip(a, b, strict=True))])
    assert worst < 0.005, f"largest glyph offset from the PDF: {worst:.4f} mm"


def test_turned_page_and_unturned_page_number(sealed):
    laid, _, ofd = sealed
    index = next(i for i, p in enumerate(laid.pages) if p.landscape_content)
    texts = list(_pages(ofd)[index].iter(f"{NS}TextObject"))
    number = next(t for t in texts if t.findtext(f"{NS}TextCode").startswith("—"))
    assert number.get("CTM") is None  # the page number reads upright
    body = [t for t in texts if t is not number]
    assert body and all(t.get("CTM", "").startswith("0 -1 1 0 ") for t in body)  # 90° anticlockwise


def test_colours_and_rules(sealed):
    laid, _, ofd = sealed
    first = _pages(ofd)[0]
    fills = {t.findtext(f"{NS}TextCode"): t.find(f"{NS}FillColor").get("Value") for t in first.iter(f"{NS}TextObject")}
    assert fills["××区双拥工作领导小组文件"] == "255 0 0"  # the profile's screen red, not a CMYK conversion
    assert fills["区双拥〔2011〕5号"] == "0 0 0"
    mark = next(t for t in first.iter(f"{NS}TextObject") if t.findtext(f"{NS}TextCode").startswith("××"))
    scale = next(r for r in laid.pages[0].runs if r.text.startswith("××")).h_scale / 100
    assert mark.get("CTM") == f"{round(scale, 4):g} 0 0 1 0 0"
    rule = next(first.iter(f"{NS}PathObject"))
    assert rule.find(f"{NS}StrokeColor").get("Value") == "255 0 0"
    assert float(rule.get("LineWidth")) == pytest.approx(load_profile().masthead.rule_width, abs=1e-4)
    x, y, w, h = (float(v) for v in rule.get("Boundary").split())
    assert (x, w) == pytest.approx((28.0, 156.0), abs=1e-3)  # as wide as the text block
    boxes = [p for page in _pages(ofd) for p in page.iter(f"{NS}PathObject") if p.findtext(f"{NS}AbbreviatedData").endswith("C")]
    assert len(boxes) == sum(len(p.boxes) for p in laid.pages) > 0  # table borders


def test_seal_image_resource(sealed):
    laid, pdf, ofd = sealed
    resources = _xml(ofd, "Doc_0/DocumentRes.xml")
    media = resources.find(f"{NS}MultiMedias/{NS}MultiMedia")
    assert (media.get("Type"), media.get("Format")) == ("Image", "PNG")
    with zipfile.ZipFile(ofd) as z:
        assert z.read("Doc_0/Res/" + media.findtext(f"{NS}MediaFile")) == (ROOT / "tests" / "data" / "seal.png").read_bytes()
    page = next(i for i, p in enumerate(laid.pages) if p.images)
    image = next(_pages(ofd)[page].iter(f"{NS}ImageObject"))
    assert image.get("ResourceID") == media.get("ID")
    import pdfplumber

    with pdfplumber.open(pdf) as doc:
        placed = doc.pages[page].images[0]
    x, y, w, h = (float(v) for v in image.get("Boundary").split())
    assert (x, y, w, h) == pytest.approx((placed["x0"] * MM, placed["top"] * MM, placed["width"] * MM,
                                          placed["height"] * MM), abs=0.01)


def test_outline_follows_the_bookmarks(sealed):
    laid, _, ofd = sealed
    document = _xml(ofd, "Doc_0/Document.xml")
    page_ids = [p.get("ID") for p in document.findall(f"{NS}Pages/{NS}Page")]
    top = document.findall(f"{NS}Outlines/{NS}OutlineElem")
    flat = list(document.find(f"{NS}Outlines").iter(f"{NS}OutlineElem"))
    assert [e.get("Title") for e in flat] == [b.title for b in laid.bookmarks]
    assert len(top) == sum(b.level == 0 for b in laid.bookmarks)
    for elem, mark in zip(flat, laid.bookmarks, strict=True):
        dest = elem.find(f"{NS}Actions/{NS}Action/{NS}Goto/{NS}Dest")
        assert dest.get("PageID") == page_ids[mark.page]


def test_semantic_tags_point_at_the_elements(sealed):
    laid, _, ofd = sealed
    document = _xml(ofd, "Doc_0/Document.xml")
    assert document.findtext(f"{NS}CustomTags") == "Tags/CustomTags.xml"
    index = _xml(ofd, "Doc_0/Tags/CustomTags.xml").find(f"{NS}CustomTag")
    assert index.get("NameSpace") == "urn:officialdocs:gbt9704-2012"
    tags = _xml(ofd, "Doc_0/Tags/" + index.findtext(f"{NS}FileLoc"))
    gw = "{urn:officialdocs:gbt9704-2012}"
    assert tags.tag == f"{gw}公文" and [c.tag for c in tags] == [f"{gw}版头", f"{gw}主体", f"{gw}版记", f"{gw}页码"]
    page_ids = [p.get("ID") for p in document.findall(f"{NS}Pages/{NS}Page")]
    objects = {o.get("ID"): (i, o) for i, page in enumerate(_pages(ofd)) for o in page.iter() if o.get("ID")}

    def targets(path: str):
        refs = tags.findall(path + f"/{NS}ObjectRef")
        for ref in refs:
            index, obj = objects[ref.text]
            assert page_ids[index] == ref.get("PageRef")
            yield index, obj

    (mark_page, mark), = targets(f"{gw}版头/{gw}发文机关标志")
    assert mark_page == 0 and mark.findtext(f"{NS}TextCode") == "××区双拥工作领导小组文件"
    (_, separator), = targets(f"{gw}版头/{gw}版头中的分隔线")
    assert separator.find(f"{NS}StrokeColor").get("Value") == "255 0 0"
    numbers = list(targets(f"{gw}页码"))
    assert [i for i, _ in numbers] == [i for i, p in enumerate(laid.pages) if p.fixed]
    assert all(re.fullmatch(r"— \d+ —", o.findtext(f"{NS}TextCode")) for _, o in numbers)
    rules = list(targets(f"{gw}版记/{gw}版记中的分隔线"))
    assert len(rules) == 3 and {i for i, _ in rules} == {len(laid.pages) - 1}  # first, between, last
    assert all(o.tag == f"{NS}PathObject" and o.find(f"{NS}StrokeColor").get("Value") == "0 0 0" for _, o in rules)
    # Every element of the 主体 and 版记 is found by its GB/T 9704 name (the layout marks what it draws).
    text = {name: "".join(o.findtext(f"{NS}TextCode") for _, o in targets(f"{gw}{part}/{gw}{name}"))
            for part, name in (("主体", "标题"), ("主体", "正文"), ("主体", "发文机关署名"), ("主体", "成文日期"),
                               ("版头", "发文字号"), ("版记", "抄送机关"), ("版记", "印发机关和印发日期"))}
    assert all(text.values()), text
    assert "印发" in text["印发机关和印发日期"] and text["成文日期"].endswith("日")


def test_fonts_are_embedded_subsets(sealed):
    laid, _, ofd = sealed
    res = _xml(ofd, "Doc_0/PublicRes.xml")
    used: dict[str, set[str]] = {}
    for page in _pages(ofd):
        for t in page.iter(f"{NS}TextObject"):
            used.setdefault(t.get("Font"), set()).update(t.findtext(f"{NS}TextCode"))
    with zipfile.ZipFile(ofd) as z:
        for font in res.iter(f"{NS}Font"):
            tt = TTFont(io.BytesIO(z.read("Doc_0/Res/" + font.findtext(f"{NS}FontFile"))))
            chars = used[font.get("ID")]
            assert set(tt.getBestCmap()) == {ord(c) for c in chars}  # only what is drawn
            assert tt["maxp"].numGlyphs <= len(chars) + 1 + 5
    assert len(list(res.iter(f"{NS}Font"))) == len(used)


def test_fast_subset_matches_fonttools_subsetter():
    """The subset assembled from the parsed face holds the same glyphs (outlines, advances, cmap) as
    fontTools' own subsetter makes."""
    path = ROOT / "fonts" / "officialdocs-fang.ttf"
    chars = set("关于印发《××区2011年双拥工作要点》的通知，。、：；（一）ABCxyz—")
    fast = TTFont(io.BytesIO(embed_font("k", path, 0, chars, set()).data))
    reference = TTFont(io.BytesIO(_fonttools_subset(path, 0, sorted(ord(c) for c in chars))))
    assert fast.getBestCmap().keys() == reference.getBestCmap().keys()
    for code, name in fast.getBestCmap().items():
        other = reference.getBestCmap()[code]
        assert fast["hmtx"][name] == reference["hmtx"][other]
        a, b = fast["glyf"][name], reference["glyf"][other]
        assert list(a.getCoordinates(fast["glyf"])[0]) == list(b.getCoordinates(reference["glyf"])[0])


def test_draft_watermark_turned_and_grey(tmp_path):
    laid = _laid(DRAFT, tmp_path, watermark=True)
    ofd = tmp_path / "draft.ofd"
    ofd.write_bytes(ofd_bytes_from_layout(laid))
    assert validate_ofd(ofd) == []
    layers = _pages(ofd)[0].findall(f"{NS}Content/{NS}Layer")
    assert [layer.get("Type") for layer in layers] == ["Background", "Body"]
    mark = layers[0].find(f"{NS}TextObject")
    assert mark.findtext(f"{NS}TextCode") == "征求意见稿"
    assert mark.find(f"{NS}FillColor").get("Value") == "224 224 224"  # K 12 %
    a, b, c, d = (float(v) for v in mark.get("CTM").split()[:4])
    assert (a, b, c, d) == pytest.approx((0.7071, -0.7071, 0.7071, 0.7071), abs=1e-4)  # 45° anticlockwise
    pdf = tmp_path / "draft.pdf"
    pdf.write_bytes(pdf_bytes_from_layout(laid))
    ours, theirs = _ofd_origins(ofd)[0], _pdf_origins(pdf)[0]
    assert [g[0] for g in ours] == [g[0] for g in theirs]
    assert max(max(abs(p[1] - q[1]), abs(p[2] - q[2])) for p, q in zip(ours, theirs, strict=True)) < 0.005


def _shifted(laid, dx_mm: float):
    """The whole page content moved right by `dx_mm` (the margins wrong, the document otherwise intact)."""
    dx = dx_mm / MM
    pages = []
    for page in laid.pages:
        pages.append(dataclasses.replace(
            page, runs=[dataclasses.replace(r, x=r.x + dx) for r in page.runs],
            fixed=[dataclasses.replace(r, x=r.x + dx) for r in page.fixed],
            rules=[dataclasses.replace(r, x0=r.x0 + dx, x1=r.x1 + dx) for r in page.rules],
            boxes=[dataclasses.replace(b, x0=b.x0 + dx, x1=b.x1 + dx) for b in page.boxes],
            images=[dataclasses.replace(i, x=i.x + dx) for i in page.images]))
    return dataclasses.replace(laid, pages=pages)


def test_check_ofd_same_results_as_pdf_and_fails_the_same_rule_when_shifted(sealed, tmp_path):
    laid, pdf, ofd = sealed
    result = lambda r: [(x.id, x.name, x.status) for x in r.results]  # noqa: E731
    pdf_report, ofd_report = check_file(pdf), check_file(ofd)
    assert ofd_report.kind == "ofd" and ofd_report.ok
    assert result(ofd_report) == result(pdf_report)
    wrong = _shifted(laid, 10.0)
    (tmp_path / "shifted.pdf").write_bytes(pdf_bytes_from_layout(wrong))
    (tmp_path / "shifted.ofd").write_bytes(ofd_bytes_from_layout(wrong))
    bad_pdf, bad_ofd = check_file(tmp_path / "shifted.pdf"), check_file(tmp_path / "shifted.ofd")
    assert not bad_ofd.ok and "L02" in bad_ofd.failed_ids()
    assert bad_ofd.failed_ids() == bad_pdf.failed_ids()
    assert result(bad_ofd) == result(bad_pdf)


def test_cli_renders_and_checks_ofd(tmp_path):
    source = tmp_path / "notice.md"
    shutil.copy(ROOT / "samples" / "notice.md", source)
    runner = CliRunner()
    done = runner.invoke(cli, ["render", str(source), "-o", str(tmp_path / "out"), "--format", "ofd"])
    assert done.exit_code == 0, done.output
    files = list((tmp_path / "out").glob("*.ofd"))
    assert len(files) == 1 and not list((tmp_path / "out").glob("*.pdf"))
    checked = runner.invoke(cli, ["check", str(files[0])])
    assert checked.exit_code == 0, checked.output
    assert "（OFD，" in checked.output and "不合格 0" in checked.output


def test_check_rejects_a_broken_ofd_with_a_message(tmp_path, capsys):
    from officialdocs.cli import main

    broken = tmp_path / "broken.ofd"
    broken.write_bytes(b"not a zip")
    assert main(["check", str(broken)]) == 1
    err = capsys.readouterr().err
    assert "无法读取 OFD" in err and "broken.ofd" in err and "Traceback" not in err


def _mutate(ofd: Path, target: Path, name: str, change) -> Path:
    with zipfile.ZipFile(ofd) as src, zipfile.ZipFile(target, "w") as out:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == name:
                data = change(data.decode()).encode()
            if data is not None:
                out.writestr(info, data)
    return target


@pytest.mark.parametrize(("part", "change", "expected"), [
    ("Doc_0/Pages/Page_0/Content.xml", lambda s: re.sub(r'Font="\d+"', 'Font="9999"', s, count=1), "字体 ID=9999 不存在"),
    ("Doc_0/Pages/Page_0/Content.xml", lambda s: re.sub(r'(<ofd:TextObject ID=")\d+', r"\g<1>1", s, count=1), "重复"),
    ("Doc_0/PublicRes.xml", lambda s: s.replace(".ttf</ofd:FontFile>", ".otf</ofd:FontFile>", 1), "不在包中"),
    ("Doc_0/Document.xml", lambda s: re.sub(r"<ofd:MaxUnitID>\d+", "<ofd:MaxUnitID>3", s), "MaxUnitID=3"),
    ("OFD.xml", lambda s: s.replace("http://www.ofdspec.org/2016", "http://example.org/ofd"), "命名空间"),
    ("Doc_0/Pages/Page_0/Content.xml", lambda s: s.replace("<ofd:FillColor", "<ofd:Bad/><ofd:FillColor", 1), "不应有 Bad"),
    ("Doc_0/Pages/Page_0/Content.xml", lambda s: re.sub(r' Size="[^"]+"', "", s, count=1), "缺少必需属性 Size"),
    ("Doc_0/Tags/GongWen.xml", lambda s: re.sub(r'(PageRef="\d+">)\d+', r"\g<1>99999", s, count=1), "不是页面"),
    ("Doc_0/Pages/Page_0/Content.xml", lambda s: re.sub(r'DeltaX="', 'DeltaX="1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 ', s, count=1), "多于字符数"),
])
def test_validator_names_what_is_wrong(sealed, tmp_path, part, change, expected):
    _, _, ofd = sealed
    broken = _mutate(ofd, tmp_path / "broken.ofd", part, change)
    problems = validate_ofd(broken)
    assert any(expected in p for p in problems), problems


def _handmade(path: Path, ns: str = "http://www.ofdspec.org/2016") -> Path:
    """An OFD from another producer's habits: DeltaX with the "g" shorthand, colours from a DrawParam and a
    CMYK colour space, a nested PageBlock, absolute part locations, the font file of a bundled face."""
    font = (ROOT / "fonts" / "officialdocs-fang.ttf").read_bytes()
    head = '<?xml version="1.0" encoding="UTF-8"?>'
    parts = {
        "OFD.xml": f'{head}<ofd:OFD xmlns:ofd="{ns}" Version="1.0" DocType="OFD"><ofd:DocBody><ofd:DocInfo>'
                   "<ofd:DocID>0123456789abcdef0123456789abcdef</ofd:DocID></ofd:DocInfo>"
                   "<ofd:DocRoot>/Doc_1/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>",
        "Doc_1/Document.xml": f'{head}<ofd:Document xmlns:ofd="{ns}"><ofd:CommonData><ofd:MaxUnitID>9</ofd:MaxUnitID>'
                              "<ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea>"
                              "<ofd:PublicRes>/Doc_1/Res.xml</ofd:PublicRes></ofd:CommonData><ofd:Pages>"
                              '<ofd:Page ID="1" BaseLoc="Pages/P1.xml"/></ofd:Pages></ofd:Document>',
        "Doc_1/Res.xml": f'{head}<ofd:Res xmlns:ofd="{ns}" BaseLoc="fonts"><ofd:ColorSpaces>'
                         '<ofd:ColorSpace ID="2" Type="CMYK"/></ofd:ColorSpaces><ofd:DrawParams>'
                         '<ofd:DrawParam ID="3" LineWidth="0.5"><ofd:StrokeColor Value="0 204 204 0" ColorSpace="2"/>'
                         '</ofd:DrawParam></ofd:DrawParams><ofd:Fonts><ofd:Font ID="4" FontName="仿宋_GB2312">'
                         "<ofd:FontFile>fang.ttf</ofd:FontFile></ofd:Font></ofd:Fonts></ofd:Res>",
        "Doc_1/Pages/P1.xml": f'{head}<ofd:Page xmlns:ofd="{ns}"><ofd:Content><ofd:Layer ID="5"><ofd:PageBlock ID="6">'
                              '<ofd:TextObject ID="7" Boundary="20 30 100 10" Font="4" Size="5.6444">'
                              '<ofd:TextCode X="8" Y="5" DeltaX="g 3 5.6444 2">公文格式规范</ofd:TextCode>'
                              '</ofd:TextObject></ofd:PageBlock><ofd:PathObject ID="8" Boundary="28 80 156 1" DrawParam="3">'
                              "<ofd:AbbreviatedData>M 0 0.5 L 156 0.5</ofd:AbbreviatedData></ofd:PathObject>"
                              "</ofd:Layer></ofd:Content></ofd:Page>",
    }
    with zipfile.ZipFile(path, "w") as z:
        for name, text in parts.items():
            z.writestr(name, text.encode())
        z.writestr("Doc_1/fonts/fang.ttf", font)
    return path


def test_reader_follows_the_standard_not_only_our_writer(tmp_path):
    from officialdocs.check.ofdread import read_ofd

    facts = read_ofd(_handmade(tmp_path / "other.ofd"))
    (line,) = facts.pages[0].lines
    assert line.text == "公文格式规范"
    xs = [g.x0 for g in line.glyphs]
    assert xs == pytest.approx([28, 33.6444, 39.2888, 44.9332, 46.9332, 46.9332 + 5.6444], abs=1e-4)
    assert line.baseline == pytest.approx(35) and line.size == pytest.approx(16, abs=0.01)
    assert line.fonts == ["仿宋_GB2312"] and facts.fonts[0].embedded
    (rule,) = facts.pages[0].rules
    assert (rule.x0, rule.x1, rule.y, rule.thickness) == pytest.approx((28, 184, 80.5, 0.5))
    assert rule.color == pytest.approx((0, 0.8, 0.8, 0))  # CMYK from the colour space, via the DrawParam
    assert validate_ofd(tmp_path / "other.ofd") == []


def test_reader_tolerates_a_wrong_namespace_the_validator_does_not(tmp_path):
    from officialdocs.check.ofdread import read_ofd

    path = _handmade(tmp_path / "odd.ofd", ns="http://example.org/not-ofd")
    assert read_ofd(path).pages[0].lines[0].text == "公文格式规范"
    assert any("命名空间" in p for p in validate_ofd(path))
