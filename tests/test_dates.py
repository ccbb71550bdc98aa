"""Dates as clerks write them (issue 13.5): 2011-01-20, 2011年1月20日 and 二〇一一年一月二十日 are the same date in
every date field of plan.yaml and of the front matter, and documents print the standard form 2011年1月20日."""

from __future__ import annotations

import io
import zipfile
from datetime import date

import pytest

from officialdocs import parse_markup
from officialdocs.errors import OfficialDocsError
from officialdocs.family import plan_jobs
from officialdocs.plan import load_plan_text
from officialdocs.style import load_profile
from officialdocs.writers.docx import docx_bytes

FORMS = ["2011-01-20", "'2011-01-20'", "2011/1/20", "2011年1月20日", "2011年01月20日", "二〇一一年一月二十日",
         "二○一一年一月二十日", "二零一一年一月二十日"]

PLAN = """\
masthead:
  issuer: ××区双拥工作领导小组
  doc_number: 区双拥〔2011〕1号
title: ××区2011年双拥工作要点
preamble: 为做好2011年双拥工作，制定本要点。
sections:
  - title: 工作任务
    items:
      - title: 做好优抚工作
        lead: 区民政局
        due: {due}
signature: ××区双拥工作领导小组
date: {date}
colophon:
  printed_by: ××区双拥工作领导小组办公室
  printed_on: {date}
schemes:
  - title: ××区优抚工作实施方案
    item: 一（一）
    preamble: 为做好优抚工作，制定本方案。
    date: {date}
units:
  - name: ××区民政局
    short: 区民政局
unit_schemes:
  date: {date}
"""


@pytest.mark.parametrize("form", FORMS)
def test_every_plan_date_field_takes_every_form(form: str) -> None:
    plan = load_plan_text(PLAN.format(date=form, due=form))
    day = date(2011, 1, 20)
    assert plan.date == day and plan.colophon.printed_on == day and plan.schemes[0].date == day
    assert plan.unit_schemes.date == day
    assert plan.sections[0].items[0].due == "2011年1月20日"
    assert plan.date_text == "2011年1月20日"


@pytest.mark.parametrize("form", FORMS)
def test_front_matter_dates_take_every_form_and_print_the_standard_one(form: str) -> None:
    text = f"---\ntitle: 通知\nsignature: 某局\ndate: {form}\nprinted_by: 某局办公室\nprinted_on: {form}\n---\n正文。\n"
    doc = parse_markup(text, source="t.md")
    assert doc.signature.date == "2011年1月20日" and doc.colophon.printed_on == "2011年1月20日"


def test_periods_stay_as_written_and_impossible_dates_are_refused() -> None:
    for period in ("一季度", "年内", "2011年6月底前", "二〇一一年六月"):
        assert load_plan_text(PLAN.format(date="2011-01-20", due=period)).sections[0].items[0].due == period
    for impossible in ("2011-02-30", "二〇一一年二月三十日"):
        with pytest.raises(OfficialDocsError, match="2011年没有2月30日"):
            load_plan_text(PLAN.format(date="2011-01-20", due=impossible))
    with pytest.raises(OfficialDocsError, match="二〇一一年一月二十日"):  # the hint shows all three forms
        load_plan_text(PLAN.format(date="一月二十日", due="年内"))


def test_the_documents_print_the_standard_form() -> None:
    plan = load_plan_text(PLAN.format(date="二〇一一年一月二十日", due="二〇一一年六月三十日"))
    profile = load_profile("gbt9704")
    for job in plan_jobs(plan):
        doc = parse_markup(job.markdown(), source=job.source)
        xml = zipfile.ZipFile(io.BytesIO(docx_bytes(doc, profile))).read("word/document.xml").decode()
        text = "".join(part.split(">")[-1] for part in xml.split("</w:t>"))
        assert "2011年1月20日" in text, job.title
        assert "二〇一一" not in text
