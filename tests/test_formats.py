"""The special formats of GB/T 9704 chapter 10 (信函 10.1, 命令（令）10.2, 纪要 10.3): what the anatomy decides,
what the input may say, and — on the samples — the geometry measured in our PDF and in the .docx converted
by LibreOffice (the same assertions for both media)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from officialdocs import OfficialDocsError, load_plan, load_profile, parse_markup
from officialdocs.anatomy import build_anatomy
from officialdocs.anatomy.model import EdgeLine, Mark, PageRule, Para, Rule, Seal
from officialdocs.family import plan_jobs
from officialdocs.pipeline import load_document, render_formats

from .conftest import ROOT, SAMPLE, convert_to_pdf
from .measure import MM, horizontal_rules, is_red, lines, open_pdf

LEFT, RIGHT, CELL = 28.0, 184.0, 156 / 28
PITCH_MM = 28.95 * MM  # the .docx line; the PDF's fill grid is 10.45 mm, so gaps in lines allow for both
SAMPLES = {name: ROOT / "samples" / f"{name}.md" for name in ("letter", "order", "minutes")}
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def anatomy_of(text: str, base_dir: Path | None = None):
    return build_anatomy(parse_markup(text, source="t.md", base_dir=base_dir), load_profile())


def sample_anatomy(name: str):
    doc, _ = load_document(SAMPLES[name])
    return build_anatomy(doc, load_profile())


def problems(text: str) -> list[str]:
    with pytest.raises(OfficialDocsError) as exc:
        parse_markup(text, source="t.md")
    return [str(p) for p in exc.value.problems]


# ------------------------------------------------------------------------------------ what the anatomy decides

def test_letter_anatomy():
    a = sample_anatomy("letter")
    (mark,) = [e for e in a.masthead if isinstance(e, Mark)]
    assert (mark.names, mark.suffix, mark.top_mm) == (["××区双拥工作领导小组办公室"], "", 30)
    (upper,) = [e for e in a.masthead if isinstance(e, Rule)]
    (lower,) = [e for e in a.masthead if isinstance(e, PageRule)]
    assert upper.gap_mm == 4 and upper.length_mm == lower.length_mm == 170
    assert [s.thickness_mm for s in upper.strokes] == [0.5, 0.25]  # thick over thin
    assert [s.thickness_mm for s in lower.strokes] == [0.25, 0.5]  # thin over thick
    thick = lower.strokes[1]
    assert lower.top_mm + thick.offset_mm + thick.thickness_mm / 2 == pytest.approx(297 - 20)
    (edge,) = [e for e in a.masthead if isinstance(e, EdgeLine)]
    assert (edge.left.text, edge.right.text) == ("000025", "区双拥办函〔2011〕3号")
    assert edge.gap_mm == pytest.approx(14 * MM)  # 7/8 of a 3号 character
    assert a.page_numbers.first_page is False
    assert [r.kind for r in a.colophon.rows] == ["list"] and a.colophon.rules is False


def test_joint_letter_shows_the_lead_organ_only():
    a = anatomy_of("---\nformat: letter\nissuers: [××区人民政府, ××区人民武装部]\ndoc_number: 区府函〔2011〕3号\n"
                   "title: 关于的函\nsignature: [××区人民政府, ××区人民武装部]\ndate: 2011-01-20\n---\n正文。\n")
    (mark,) = [e for e in a.masthead if isinstance(e, Mark)]
    assert mark.names == ["××区人民政府"] and mark.suffix == ""


def test_order_anatomy():
    a = sample_anatomy("order")
    (mark,) = [e for e in a.masthead if isinstance(e, Mark)]
    assert (mark.names, mark.suffix, mark.top_mm) == (["××区人民政府"], "令", 37 + 20)
    number = [e for e in a.masthead if isinstance(e, Para)][-1]
    assert (number.text, number.align, number.gap_before) == ("第12号", "center", 2)
    assert not [e for e in a.masthead if isinstance(e, Rule)]  # no red separator (10.2 names none)
    assert not [e for e in a.body if isinstance(e, Para) and e.kind == "title"]  # a 令 has no title
    first = a.body[0]
    assert first.kind == "text" and first.gap_before == 2
    sig, date = [e for e in a.body if isinstance(e, Para) and e.kind in ("signature", "date")]
    assert sig.text == "区长　　张××" and sig.right == date.right == 4 and sig.gap_before == 2


def test_order_signer_seal_keeps_its_proportions(tmp_path):
    from PIL import Image

    Image.new("RGBA", (300, 120), (230, 0, 0, 255)).save(tmp_path / "sign.png")
    a = anatomy_of("---\nformat: order\nissuer: ××区人民政府\nmark_suffix: 令\ndoc_number: 第12号\n"
                   "signature_title: 区长\nsignature: 张××\nseal: sign.png\ndate: 2011-03-15\n---\n正文。\n", tmp_path)
    (seal,) = [e for e in a.body if isinstance(e, Seal)]
    title = next(e for e in a.body if isinstance(e, Para) and e.kind == "signature")
    assert seal.size_mm == (pytest.approx(30), 12)  # 12 mm high, 2.5 : 1 as drawn
    cells = 30 / CELL
    assert seal.centre_right == pytest.approx(4 + cells / 2)  # its right edge 4 characters in
    assert title.text == "区长" and title.right == pytest.approx(4 + cells + 2)  # 2 characters left of it
    assert seal.rise_mm == pytest.approx(-16 * MM / 2)  # centred on the title line


def test_minutes_anatomy():
    a = sample_anatomy("minutes")
    (mark,) = [e for e in a.masthead if isinstance(e, Mark)]
    assert mark.names[0] + mark.suffix == "××区双拥工作领导小组会议纪要" and mark.top_mm == 37 + 35
    (edge,) = [e for e in a.masthead if isinstance(e, EdgeLine)]
    assert (edge.left.text, edge.right.text) == ("××区双拥工作领导小组办公室", "2011年1月18日")
    att = [e for e in a.body if isinstance(e, Para) and e.kind == "attendance"]
    assert [p.runs[0].text for p in att] == ["出席：", "请假：", "列席："]
    assert all(p.runs[0].role == "attendance_label" and p.runs[1].role == "body" for p in att)
    assert all(p.first == 2 and p.left == 5 for p in att)  # wrapped lines after the colon
    assert att[0].gap_before == 1 and att[1].gap_before == 0
    assert not [e for e in a.all_body() if isinstance(e, Seal)]


def test_minutes_default_suffix_and_numbers():
    a = anatomy_of("---\nformat: minutes\nissuer: ××区政府常务会议\ndoc_number: 〔2011〕5号\ntitle: 会议纪要\n---\n正文。\n")
    mark = next(e for e in a.masthead if isinstance(e, Mark))
    assert mark.suffix == "纪要"
    assert any(isinstance(e, Para) and e.text == "〔2011〕5号" for e in a.masthead)


# ------------------------------------------------------------------------------------ what the input may say

@pytest.mark.parametrize(("text", "expected"), [
    ("format: memo\ntitle: 通知\n", "t.md:2:9: “format”：未知的公文格式 “memo”（可选：file（文件格式）、letter（信函格式）"),
    ("format: letter\nissuer: 区政府\nmark_suffix: 文件\ntitle: 函\n", "t.md:4:1: 信函格式的发文机关标志只用机关全称"),
    ("format: order\nissuer: ××区人民政府\n", "t.md:2:1: 命令格式的发文机关标志由机关全称加“命令”或“令”组成"),
    ("format: minutes\nissuer: 区政府\nmark_suffix: 会议\ntitle: 纪要\n", "t.md:4:1: 纪要格式的标志应以“纪要”结尾"),
    ("format: minutes\nissuer: 区政府\ntitle: 纪要\nsealed: true\nsignature: 区政府\n", "t.md:5:1: 纪要不加盖印章"),
    ("issuer: 区政府\ntitle: 通知\nattendees: 张三\n", "t.md:4:1: 出席名单（attendees）只用于纪要格式"),
    ("issuer: 区政府\ntitle: 通知\nsignature_title: 区长\n", "t.md:4:1: 签署人职务（signature_title）用于命令格式"),
    ("format: letter\nissuer: 区政府\ntitle: 函\nsigners: 张三\n", "t.md:5:1: 信函格式没有签发人位置"),
    ("issuer: 区政府\ntitle: 关于申请经费的请示\nsigners: 张三\n", "t.md:3:1: 请示须写主送机关"),
    ("issuer: 区政府\ntitle: 关于申请经费的请示\nrecipients: 市政府\n", "t.md:3:1: 请示是上行文，须标注签发人"),
])
def test_located_errors(text, expected):
    found = problems(f"---\n{text}---\n正文。\n")
    assert any(p.startswith(expected) for p in found), found


def test_a_request_with_signer_and_one_recipient_is_fine():
    a = anatomy_of("---\nissuer: 区政府\ndoc_number: 区府〔2011〕3号\nsigners: 张三\ntitle: 关于申请经费的请示\n"
                   "recipients: 市政府\nsignature: 区政府\ndate: 2011-01-20\n---\n正文。\n")
    assert a.format == "file"


def test_plan_notice_as_letter_keeps_the_plan_a_file(tmp_path):
    text = SAMPLE.read_text(encoding="utf-8").replace("notice:\n", "notice:\n  format: letter\n", 1)
    (tmp_path / "plan.yaml").write_text(text, encoding="utf-8")
    plan = load_plan(tmp_path / "plan.yaml")
    formats = {}
    for job in plan_jobs(plan, ("notice", "plan")):
        doc = parse_markup(job.markdown(), source=job.kind, base_dir=tmp_path)
        formats[job.kind] = build_anatomy(doc, load_profile())
    notice, plan_doc = formats["notice"], formats["plan"]
    assert notice.format == "letter" and plan_doc.format == "file"
    mark = next(e for e in notice.masthead if isinstance(e, Mark))
    assert (mark.names, mark.suffix, mark.top_mm) == (["××区双拥工作领导小组"], "", 30)  # no 文件 on a 信函
    assert notice.page_numbers.first_page is False and plan_doc.page_numbers.first_page is True


def test_schema_describes_the_new_fields_in_chinese():
    from officialdocs.plan.models import json_schema

    schema = json_schema()
    props, defs = schema["properties"], schema["definitions"]
    assert props["format"]["enum"] == ["file", "letter", "order", "minutes"]
    assert "信函格式" in props["format"]["description"] and "信函" in defs["Notice"]["properties"]["format"]["description"]
    assert "纪要" in defs["Scheme"]["properties"]["format"]["description"]
    for key, word in (("attendees", "出席"), ("absentees", "请假"), ("observers", "列席"), ("signature_title", "签名章")):
        assert word in props[key]["description"]


def test_letter_docx_has_no_number_on_page_one():
    files = render_formats(load_document(SAMPLES["letter"])[0], load_profile(), ["docx"]).files
    with zipfile.ZipFile(io.BytesIO(files["docx"])) as z:
        doc = etree.fromstring(z.read("word/document.xml"))
        sect = doc.find(f".//{W}sectPr")
        assert sect.find(f"{W}titlePg") is not None
        first = next(r for r in sect.findall(f"{W}footerReference") if r.get(f"{W}type") == "first")
        rels = z.read("word/_rels/document.xml.rels").decode()
        rid = first.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")
        target = rels.split(f'Id="{rid}"')[1].split('Target="')[1].split('"')[0]
        assert b"PAGE" not in z.read(f"word/{target}")


# ------------------------------------------------------------------------------------ both media, measured

@pytest.fixture(scope="module")
def media(tmp_path_factory):
    """Each sample as our PDF and as its .docx converted by LibreOffice."""
    folder = tmp_path_factory.mktemp("formats")
    out = {}
    for name, path in SAMPLES.items():
        doc, _ = load_document(path)
        files = render_formats(doc, load_profile(), ["docx", "pdf"]).files
        (folder / f"{name}.docx").write_bytes(files["docx"])
        (folder / f"{name}.pdf").write_bytes(files["pdf"])
        out[name] = {"pdf": folder / f"{name}.pdf", "docx": convert_to_pdf(folder / f"{name}.docx", folder / "lo")}
    return out


def _page_lines(pdf, page: int = 0):
    with open_pdf(pdf) as doc:
        return lines(doc.pages[page])


def _find(found, text: str):
    hits = [ln for ln in found if ln.text.startswith(text)]
    assert hits, f"no line starting {text!r}: {[ln.text for ln in found]}"
    return hits[0]


def _red_rules(pdf, page: int = 0):
    with open_pdf(pdf) as doc:
        return [r for r in horizontal_rules(doc.pages[page], 100) if is_red(r["color"])]


def _page_number(found) -> list[str]:
    return [ln.text for ln in found if ln.size == 14 and "—" in ln.text]


@pytest.mark.slow
@pytest.mark.parametrize("medium", ["pdf", "docx"])
def test_letter_geometry(media, medium):
    pdf = media["letter"][medium]
    page1 = _page_lines(pdf)
    mark = _find(page1, "××区双拥工作领导小组办公室")
    assert mark.top == pytest.approx(30, abs=1)
    rules = _red_rules(pdf)
    assert len(rules) == 4  # two double rules
    for rule in rules:
        assert rule["x1"] - rule["x0"] == pytest.approx(170, abs=0.5)
        assert (rule["x0"] + rule["x1"]) / 2 == pytest.approx(105, abs=0.5)  # centred on the page
    upper_thick, upper_thin, lower_thin, lower_thick = rules
    assert upper_thick["thickness"] > upper_thin["thickness"] and lower_thick["thickness"] > lower_thin["thickness"]
    assert upper_thick["y"] - upper_thick["thickness"] / 2 - mark.bottom == pytest.approx(4, abs=0.5)
    assert lower_thick["y"] == pytest.approx(297 - 20, abs=0.5)
    # 份号 at the block's left edge and 发文字号 flush right, 7/8 of a 3号 character under the double rule.
    edges = [ln for ln in page1 if ln.text.startswith("000025")]
    assert edges and edges[0].x0 == pytest.approx(LEFT, abs=0.5) and edges[0].x1 == pytest.approx(RIGHT, abs=0.6)
    assert edges[0].top - (upper_thin["y"] + upper_thin["thickness"] / 2) == pytest.approx(14 * MM, abs=0.6)
    title = _find(page1, "关于印发")
    assert title.top - edges[0].bottom == pytest.approx(2 * PITCH_MM + (PITCH_MM - 16 * MM), abs=3.5)
    assert _page_number(page1) == []  # no page number on page 1
    last = _page_lines(pdf, -1)
    assert _page_number(last) == ["—2—"]
    assert not any("印发" in ln.text and ln.size == 14 for ln in last)
    with open_pdf(pdf) as doc:
        assert not horizontal_rules(doc.pages[-1], 100)  # the 版记 has no rules


@pytest.mark.slow
@pytest.mark.parametrize("medium", ["pdf", "docx"])
def test_order_geometry(media, medium):
    pdf = media["order"][medium]
    page1 = _page_lines(pdf)
    mark, number = _find(page1, "××区人民政府令"), _find(page1, "第12号")
    assert mark.top == pytest.approx(57, abs=1)
    assert (mark.x0 + mark.x1) / 2 == pytest.approx(106, abs=0.5)
    assert (number.x0 + number.x1) / 2 == pytest.approx(106, abs=0.5)
    two_lines = 2 * PITCH_MM + (PITCH_MM - 16 * MM)  # "空二行", reading A: 25 mm glyph to glyph
    assert number.top - mark.bottom == pytest.approx(two_lines, abs=1.0)
    body = _find(page1, "《××区拥军优属若干规定》")
    assert body.top - number.bottom == pytest.approx(two_lines, abs=5.5)  # the PDF's text sits on its grid
    assert _red_rules(pdf) == []
    signer, date = _find(page1, "区长"), _find(page1, "2011年3月15日")
    assert signer.x1 == pytest.approx(RIGHT - 4 * CELL, abs=0.6) and date.x1 == pytest.approx(RIGHT - 4 * CELL, abs=0.6)
    with open_pdf(pdf) as doc:
        name = [c for c in doc.pages[0].chars if c["text"] == "张"][0]
        title_end = max(c["x1"] for c in doc.pages[0].chars if c["text"] == "长" and abs(c["top"] - name["top"]) < 1)
    assert name["x0"] * MM - title_end * MM == pytest.approx(2 * CELL, abs=0.6)  # title 2 characters left
    assert date.top - signer.top == pytest.approx(PITCH_MM, abs=0.6)  # the next line


@pytest.mark.slow
@pytest.mark.parametrize("medium", ["pdf", "docx"])
def test_minutes_geometry(media, medium):
    pdf = media["minutes"][medium]
    page1 = _page_lines(pdf)
    assert _find(page1, "××区双拥工作领导小组会议纪要").top == pytest.approx(72, abs=1)
    with open_pdf(pdf) as doc:
        found = [(ln, n) for n, page in enumerate(doc.pages) for ln in lines(page)]
        chars = {n: page.chars for n, page in enumerate(doc.pages)}
    labels = [(ln, n) for ln, n in found if ln.text[:3] in ("出席：", "请假：", "列席：")]
    assert [ln.text[:2] for ln, _ in labels] == ["出席", "请假", "列席"]
    for ln, n in labels:
        assert ln.x0 == pytest.approx(LEFT + 2 * CELL, abs=0.6)
        label = [c for c in chars[n] if abs(c["top"] * MM - ln.top) < 0.5 and c["x0"] * MM < ln.x0 + 2.5 * CELL]
        assert all("Hei" in c["fontname"] for c in label[:2]), label[:2]
        names = [c for c in chars[n] if abs(c["top"] * MM - ln.top) < 0.5 and c["x0"] * MM > ln.x0 + 3 * CELL]
        assert names and all("Fang" in c["fontname"] for c in names)
    (first, page), (second, _) = labels[0], labels[1]
    wrapped = [ln for ln, n in found if n == page and first.top < ln.top < second.top]
    assert len(wrapped) >= 2  # the 出席 list wraps
    for ln in wrapped:
        assert ln.x0 == pytest.approx(LEFT + 5 * CELL, abs=0.6)  # under the first character after the colon


def test_a_letter_whose_recipients_fill_page_one_moves_them_to_the_colophon():
    """7.4.2 holds in a 信函 too: the 主送 goes to the 版记 (which keeps its 主送/抄送 rows, without rules).
    40 names: page 1 would hold no 正文, and the 版记 still fits in the block (59 no longer move, 7.4.1)."""
    names = ", ".join(f"××区第{i}街道办事处" for i in range(1, 41))
    a = anatomy_of(f"---\nformat: letter\nissuer: ××区双拥工作领导小组办公室\ndoc_number: 区双拥办函〔2011〕3号\n"
                   f"title: 关于的函\nrecipients: [{names}]\nsignature: ××区双拥工作领导小组办公室\ndate: 2011-01-20\n"
                   "cc: 区委办公室\n---\n正文。\n")
    assert not [e for e in a.body if isinstance(e, Para) and e.kind == "recipients"]
    assert [r.label for r in a.colophon.rows] == ["主送：", "抄送："] and a.colophon.rules is False
