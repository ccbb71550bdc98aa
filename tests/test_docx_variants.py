"""Masthead and signature variants through LibreOffice: joint issuers, an upward document with 签发人,
the sealed layout with a seal image, and the unsealed layout's 2-character rules (7.2.4-7.2.6, 7.3.5)."""

from __future__ import annotations

import shutil

import pytest

from officialdocs import load_profile, parse_markup
from officialdocs.writers.docx import write_docx

from .conftest import ROOT, convert_to_pdf
from .measure import MM, is_red, lines, open_pdf

LEFT, RIGHT = 28.0, 184.0
CHAR = 156 / 28

UPWARD_SEALED = """---
issuers: [××区人民政府, ××区人民武装部]
doc_number: 区府〔2011〕3号
signers: [张三, 李四, 王五]
title: 关于2011年双拥工作情况的报告
recipients: [××市人民政府]
signature: ××区人民政府
date: 2011-12-20
seal: seal.png
---
今年以来，我区认真贯彻落实上级关于双拥工作的部署要求，各项工作取得新进展。现将有关情况报告如下。

特此报告。
"""

UNSEALED = """---
issuer: ××区双拥工作领导小组
doc_number: 区双拥〔2011〕5号
title: 关于做好2011年元旦春节期间走访慰问工作的通知
recipients: [各镇人民政府]
signature: ××区双拥工作领导小组办公室
date: 2011-12-20
remark: 此件公开发布
---
请各单位认真组织好走访慰问工作。
"""


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    folder = tmp_path_factory.mktemp("variants")
    shutil.copy(ROOT / "tests" / "data" / "seal.png", folder / "seal.png")
    out = {}
    for name, text in (("upward", UPWARD_SEALED), ("unsealed", UNSEALED)):
        doc = parse_markup(text, source=f"{name}.md", base_dir=folder)
        docx = folder / f"{name}.docx"
        write_docx(doc, load_profile(), docx)
        with open_pdf(convert_to_pdf(docx, folder)) as pdf:
            out[name] = ([lines(p) for p in pdf.pages], pdf.pages[-1].images)
    return out


def test_joint_issuers_are_stacked_with_wenjian_to_the_right(rendered):
    page = rendered["upward"][0][0]
    names = [ln for ln in page if ln.size > 20 and ("人民政府" in ln.text or "武装部" in ln.text)]
    assert len(names) == 2 and names[0].top < names[1].top  # lead organ first, stacked
    assert names[0].x0 == pytest.approx(names[1].x0, abs=0.5) and names[0].x1 == pytest.approx(names[1].x1, abs=0.5)
    suffix = next(ln for ln in page if ln.size > 20 and ln.text.endswith("文件"))
    assert suffix.x0 > names[0].x1  # 文件 to the right of the names
    assert names[0].top < (suffix.top + suffix.bottom) / 2 < names[1].bottom  # centred on the block of names
    assert names[0].top == pytest.approx(72, abs=1.5)
    assert all(is_red(c["non_stroking_color"]) for c in names[0].chars)


def test_upward_doc_number_left_and_signers_right(rendered):
    page = rendered["upward"][0][0]
    number = next(ln for ln in page if "区府〔2011〕3号" in ln.text)
    label = [c for c in next(ln for ln in page if "签发人" in ln.text).chars if c["text"] in "签发人"]
    assert min(c["x0"] for c in number.chars) * MM == pytest.approx(LEFT + CHAR, abs=0.6)
    assert number.text.endswith("王五")  # on the line of the last 签发人
    first = next(ln for ln in page if "张三" in ln.text)
    assert first.top < number.top
    assert first.x1 == pytest.approx(RIGHT - CHAR, abs=0.6)  # the block ends one character in
    zhang = next(c for c in first.chars if c["text"] == "张")
    wang = next(c for c in number.chars if c["text"] == "王")
    assert wang["x0"] == pytest.approx(zhang["x0"], abs=0.3)  # a wrapped line starts under the first name
    names = [c for c in number.chars if c["text"] in "王五"]
    assert all("Fang" in c["fontname"] for c in label) and all("Kai" in c["fontname"] for c in names)


def test_sealed_date_four_characters_from_the_right_with_the_seal_over_it(rendered):
    page_lines, images = rendered["upward"]
    last = page_lines[-1]
    date = next(ln for ln in last if ln.text == "2011年12月20日")
    signature = next(ln for ln in last if ln.text == "××区人民政府")
    assert date.x1 == pytest.approx(RIGHT - 4 * CHAR, abs=1)
    # The .docx centres the 署名 assuming half-width digits, as in 仿宋_GB2312; Fandol's digits are 0.6 em,
    # so through LibreOffice the centres differ by up to ~3 mm (the native PDF uses real metrics).
    assert (signature.x0 + signature.x1) / 2 == pytest.approx((date.x0 + date.x1) / 2, abs=3.5)
    assert images, "the seal image is on the page"
    seal = images[0]
    centre_x = (seal["x0"] + seal["x1"]) / 2 * MM
    assert centre_x == pytest.approx((date.x0 + date.x1) / 2, abs=3.5)  # see the note above
    assert seal["top"] * MM < signature.top < seal["bottom"] * MM  # it presses on the 署名


def test_unsealed_signature_two_characters_in_and_date_offset(rendered):
    page = rendered["unsealed"][0][-1]
    signature = next(ln for ln in page if ln.text == "××区双拥工作领导小组办公室")
    date = next(ln for ln in page if ln.text == "2011年12月20日")
    assert signature.x1 == pytest.approx(RIGHT - 2 * CHAR, abs=0.8)
    assert date.x0 - signature.x0 == pytest.approx(2 * CHAR, abs=0.8)
    remark = next(ln for ln in page if ln.text == "（此件公开发布）")
    assert remark.x0 == pytest.approx(LEFT + 2 * CHAR, abs=0.8)
    assert remark.top > date.top
