"""Both media, one decision: every `standard:` field of the style profile changes the .docx AND the PDF.

Each field is mutated in turn; a document that has the element the field governs is rendered in both media and
compared with the unmutated rendering. A few fields are also measured, to see them change the right way.
Font roles: the size is mutated (the face names are per medium by nature: a Word font name, a search list).
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from lxml import etree

from officialdocs import load_profile, parse_markup
from officialdocs.pipeline import render_formats
from officialdocs.style import Profile

DATA = Path(__file__).parent / "data"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

FULL = """---
copy_number: "000018"
classification: 秘密★1年
urgency: 特急
issuers: [××区双拥工作领导小组, ××区人民武装部]
doc_number: 区双拥〔2011〕1号
title: 关于印发《××区2011年双拥工作要点》和考评验收实施方案的通知
draft: 征求意见稿
recipients: [各镇人民政府, 各街道办事处]
signature: ××区双拥工作领导小组
date: 2011-01-20
remark: 此件公开发布
cc: [市双拥工作领导小组办公室, 区委办公室]
printed_by: ××区双拥工作领导小组办公室
printed_on: 2011-01-21
---

现将有关事项通知如下，请结合实际，认真贯彻落实。{filler}

# 总体要求

## 加强组织领导。各单位要把双拥工作摆上重要议事日程，**主要领导**亲自抓。

### 明确责任分工

#### 细化工作措施

| 序号 | 工作任务 | 牵头单位 |
|---|---|---|
| 1 | 迎接考评验收 | 区双拥办 |

特此通知。

# 附件：××区2011年双拥工作要点

做好全年双拥工作。

# 附件：任务分解表

做好分工。
"""

SEALED = """---
issuer: ××区双拥工作领导小组
doc_number: 区双拥〔2011〕1号
title: 关于做好2011年双拥工作的通知
signature: ××区双拥工作领导小组
date: 2011-01-20
seal: seal.png
---

现将有关事项通知如下，请结合实际，认真贯彻落实。
"""

UPWARD = """---
issuer: ××区双拥工作领导小组
doc_number: 区双拥〔2011〕3号
signers: [张三, 李四, 王五]
title: 关于申请召开双拥工作会议的请示
recipients: 区人民政府
signature: ××区双拥工作领导小组
date: 2011-03-01
---

现将有关事项请示如下。
"""


LETTER = """---
format: letter
issuer: ××区双拥工作领导小组办公室
doc_number: 区双拥办函〔2011〕3号
copy_number: "000025"
title: 关于印发《××区2011年双拥工作要点》的函
recipients: [各镇人民政府]
signature: ××区双拥工作领导小组办公室
date: 2011-01-20
cc: [区委办公室]
---

现将工作要点印发给你们，请认真贯彻落实。
"""

ORDER = """---
format: order
issuer: ××区人民政府
mark_suffix: 令
doc_number: 第12号
signature_title: 区长
signature: 张××
seal: seal.png
date: 2011-03-15
---

《××区拥军优属若干规定》已经区人民政府常务会议通过，现予公布，自2011年5月1日起施行。
"""

MINUTES = """---
format: minutes
issuer: ××区双拥工作领导小组
mark_suffix: 会议纪要
doc_number: 第1期
signature: ××区双拥工作领导小组办公室
date: 2011-01-18
title: 区双拥工作领导小组全体会议纪要
attendees: [王××（组长）, 李××（副组长）, 赵××（区人武部政委）]
---

会议研究了2011年双拥工作。
"""


def _doc(text: str):
    return parse_markup(text.replace("{filler}", "各单位要高度重视。" * 40), source="test.md", base_dir=DATA)


def _leaves(data: dict, prefix: str = "") -> list[str]:
    out = []
    for key, value in data.items():
        path = f"{prefix}{key}"
        if path.startswith("fonts."):
            out.append(f"{path}.size")
            continue
        if path == "colors.red":
            out.append(path)
        elif isinstance(value, dict):
            out += _leaves(value, path + ".")
        else:
            out.append(path)
    return sorted(set(out))


def _mutated(value, path: str):
    if path == "colors.red":
        return {"rgb": "C00000", "cmyk": [0, 1, 1, 0.25]}
    if path == "colors.text":
        return "333333"
    if path == "page_number.dash":
        return "－"
    if path == "letter.rule_centre":
        return "block"
    if isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return value + 1
    if isinstance(value, float):
        return round(value * 1.2 + 0.3, 3)
    raise AssertionError(f"no mutation for {path}={value!r}")


def _profile(path: str | None) -> Profile:
    data = load_profile().model_dump()
    if path is None:
        return Profile.model_validate(data)
    node = data["standard"]
    *parents, last = path.split(".")
    for key in parents:
        node = node[key]
    node[last] = _mutated(node[last], path)
    return Profile.model_validate(data)


WIDE_TABLE = """---
title: 关于报送考核指标的通知
---
请各单位填报。

| 考核指标 | 目标数值 | 完成数值 | 责任单位 | 完成时限 | 进展情况 | 备注说明 |
|---|---|---|---|---|---|---|
| 走访慰问 | 100 | 98 | 区民政局 | 年内完成 | 进展顺利 | 无 |
"""


def STANDARD_FIELDS_OF(section: str) -> list[str]:
    return [f"{section}.{key}" for key in load_profile().standard.model_dump()[section]]


# The document that shows each field; everything else uses FULL.
_WHICH = {
    "body.sealed_gap_lines": SEALED, "body.date_right_chars_sealed": SEALED, "body.seal_diameter": SEALED,
    "body.seal_rise": SEALED, "masthead.signer_indent_chars": UPWARD, "fonts.signer_label.size": UPWARD,
    "fonts.signer_name.size": UPWARD, "table.min_size": WIDE_TABLE, "fonts.attendance_label.size": MINUTES,
    **{f: LETTER for f in STANDARD_FIELDS_OF("letter")}, **{f: ORDER for f in STANDARD_FIELDS_OF("order")},
    **{f: MINUTES for f in STANDARD_FIELDS_OF("minutes")},
}
STANDARD_FIELDS = _leaves(load_profile().standard.model_dump())
# Fields whose PDF effect shows only where they decide a page break (found by trying document lengths).
_PAGINATION_ONLY = {"body.heading_keep_lines"}
# The latin role's size is not used (letters and digits take the size of their run); its face reaches the .docx
# (w:ascii/w:hAnsi) and is the body face in the PDF until the engine draws Latin in a face of its own.
_UNUSED = {"fonts.latin.size"}


def _render(profile: Profile, text: str) -> dict[str, bytes]:
    return render_formats(_doc(text), profile, ["docx", "pdf"]).files


def _docx_xml(data: bytes) -> bytes:
    """Every part but the core properties (equal input is byte-identical anyway; this keeps diffs readable)."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return b"".join(z.read(n) for n in sorted(z.namelist()) if not n.startswith("docProps/"))


@pytest.fixture(scope="module")
def baseline() -> dict[str, dict[str, bytes]]:
    base = _profile(None)
    return {text: _render(base, text) for text in {FULL, SEALED, UPWARD, WIDE_TABLE, LETTER, ORDER, MINUTES}}


def test_the_field_list_is_complete():
    """Every section of `standard:` is covered; a new field cannot slip past this test."""
    assert len(STANDARD_FIELDS) > 60
    assert {"page.mirror", "grid.lines_per_page", "colors.red", "masthead.mark_line_gap",
            "body.attachment_title_line", "fonts.mark.size", "page_number.below_block", "letter.bottom_rule",
            "order.signature_seal_height", "minutes.attendees_gap_lines"} <= set(STANDARD_FIELDS)


@pytest.mark.slow
@pytest.mark.parametrize("path", [f for f in STANDARD_FIELDS if f not in _PAGINATION_ONLY | _UNUSED])
def test_each_standard_field_reaches_both_media(path, baseline):
    text = _WHICH.get(path, FULL)
    mutated = _render(_profile(path), text)
    docx_changed = _docx_xml(mutated["docx"]) != _docx_xml(baseline[text]["docx"])
    pdf_changed = mutated["pdf"] != baseline[text]["pdf"]
    assert docx_changed, f"{path}: the .docx did not change"
    assert pdf_changed, f"{path}: the PDF did not change"


@pytest.mark.slow
def test_heading_keep_lines_reaches_both_media():
    """A heading that would end a page with one line of its text after it: keeping two moves it over. (Word
    expresses 1 as keep-with-next and 2 or more as keep-with-next plus widow control on the text after it.)"""
    data = load_profile().model_dump()
    data["standard"]["body"]["heading_keep_lines"] = 1
    base, keep2 = Profile.model_validate(data), _profile(None)
    assert keep2.body.heading_keep_lines == 2
    changed_pdf = False
    for n in range(8, 30):
        text = "---\ntitle: 关于做好工作的通知\n---\n\n" + "各单位要高度重视，认真抓好落实。\n\n" * n + (
            "# 总体要求\n\n" + "各单位要高度重视。" * 12 + "\n")
        a, b = render_formats(_doc(text), base, ["docx", "pdf"]).files, render_formats(_doc(text), keep2,
                                                                                        ["docx", "pdf"]).files
        assert _docx_xml(a["docx"]) != _docx_xml(b["docx"])
        changed_pdf = changed_pdf or a["pdf"] != b["pdf"]
    assert changed_pdf


def _first_glyph_x_mm(pdf: bytes, page: int = 0) -> float:
    doc = pdfium.PdfDocument(pdf)
    text = doc[page].get_textpage()
    boxes = [text.get_charbox(i) for i in range(text.count_chars())]
    return min(b[0] for b in boxes if b[2] > b[0]) * 25.4 / 72


@pytest.mark.slow
def test_margins_move_the_block_in_both_media():
    wide = load_profile().model_dump()
    wide["standard"]["page"]["margins"]["left"] = 33
    wide["standard"]["page"]["margins"]["right"] = 21
    files = _render(Profile.model_validate(wide), FULL)  # 份号 at the block's left edge
    assert _first_glyph_x_mm(files["pdf"]) == pytest.approx(33, abs=0.6)
    with zipfile.ZipFile(io.BytesIO(files["docx"])) as z:
        mar = etree.fromstring(z.read("word/document.xml")).find(f".//{W}pgMar")
    assert int(mar.get(f"{W}left")) == round(33 / 25.4 * 1440)


def test_the_profile_chooses_the_default_formats(tmp_path):
    """`render` without --format writes what the profile's `formats` lists (an archive profile adds ofd)."""
    from officialdocs import render_file

    data = load_profile().model_dump()
    data["formats"] = ["pdf", "ofd"]
    data["name"] = "archive"
    profile_file = tmp_path / "archive.yaml"
    import json  # JSON is YAML: the profile file needs no YAML writer

    profile_file.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    md = tmp_path / "n.md"
    md.write_text("---\ntitle: 关于做好工作的通知\n---\n正文。\n", encoding="utf-8")
    result = render_file(md, tmp_path / "out", profile=str(profile_file))
    assert sorted(o.format for o in result.outputs) == ["ofd", "pdf"]
    data["formats"] = ["pdf", "xps"]
    with pytest.raises(Exception, match="xps"):
        Profile.model_validate(data)
