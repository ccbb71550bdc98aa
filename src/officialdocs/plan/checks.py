"""Cross-document checks of a valid plan: what the documents made from it need to be sent out.

They run after the schema checks (they need a Plan) and return Findings at data paths; the loader turns them
into located Problems — errors refuse the plan, warnings are reported with the rendered files.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from typing import Any

from ..completeness import ISSUED_HINT, PRINTED_HINT, issued_missing, printed_before_signed
from ..numerals import format_date, parse_item_reference
from ..yamlio import PathKey, suggest
from .models import Finding, Plan, Scheme
from .tasks import resolve_item, walk


def plan_findings(plan: Plan) -> list[Finding]:
    """Every cross-document problem of `plan`, errors and warnings (Finding.warning)."""
    return [*_issued(plan), *_dates(plan), *_scheme_items(plan), *_empty_attachments(plan), *_unit_mentions(plan)]


# ---------------------------------------------------------------- an issued document is complete

_WHERE = {"正文": "正文写在 preamble 和 sections 下", "发文机关署名": "signature: {issuer}",
          "成文日期": "date: {year}-01-20", "发文字号": "masthead 下写 doc_number: 区双拥〔{year}〕1号"}


def _issued(plan: Plan) -> Iterator[Finding]:
    masthead = plan.masthead
    missing = issued_missing(
        body=bool(plan.preamble or plan.sections), signature=bool(plan.signature), date_given=plan.date is not None,
        masthead=masthead is not None, doc_number=bool(masthead and masthead.doc_number), draft=bool(plan.draft))
    if missing:
        issuer = "、".join(masthead.issuer_names) if masthead else "发文机关名称"
        what = "印发通知" if plan.notice is not None else "计划"
        fixes = "；".join(_WHERE[m].format(issuer=issuer, year=plan.year or 2011) for m in missing)
        yield Finding((), f"{what}缺少公文必备的要素：{'、'.join(missing)}", f"{ISSUED_HINT}。请补写：{fixes}")
    for k, scheme in enumerate(plan.schemes):
        if not (scheme.preamble or scheme.sections):
            yield Finding(("schemes", k), f"子方案《{scheme.title}》没有正文", "在 preamble 和 sections 下写方案的内容")


# ---------------------------------------------------------------- dates and numbers agree

_YEAR_IN_NUMBER = re.compile(r"〔(\d{4})〕")


def doc_number_year(doc_number: str | None) -> int | None:
    match = _YEAR_IN_NUMBER.search(doc_number or "")
    return int(match.group(1)) if match else None


def year_mismatch(doc_number: str | None, signed: date | None) -> str | None:
    """发文字号 〔2011〕 with a 成文日期 in 2012: usually last year's number kept by mistake."""
    year = doc_number_year(doc_number)
    if year is None or signed is None or year == signed.year:
        return None
    return f"发文字号 “{doc_number}” 的年份是 {year}，成文日期 {format_date(signed)} 却在 {signed.year} 年"


YEAR_HINT = "发文字号中的年份是发文年份，一般与成文日期同年；沿用去年的文号时请改正"


def _dates(plan: Plan) -> Iterator[Finding]:
    if plan.masthead and not plan.draft:
        mismatch = year_mismatch(plan.masthead.doc_number, plan.date)
        if mismatch:
            yield Finding(("masthead", "doc_number"), mismatch, YEAR_HINT, warning=True)
    for k, scheme in enumerate(plan.schemes):
        mismatch = None if plan.draft else year_mismatch(scheme.doc_number, scheme.date or plan.date)
        if mismatch:
            yield Finding(("schemes", k, "doc_number"), mismatch, YEAR_HINT, warning=True)
    early = printed_before_signed(plan.colophon.printed_on if plan.colophon else None, plan.date)
    if early:
        yield Finding(("colophon", "printed_on"), early, PRINTED_HINT)


# ---------------------------------------------------------------- sub-schemes name real items

def _scheme_items(plan: Plan) -> Iterator[Finding]:
    for k, scheme in enumerate(plan.schemes):
        if scheme.item and resolve_item(plan, scheme.item) is None:
            yield Finding(("schemes", k, "item"), f"子方案《{scheme.title}》对应的计划条目 “{scheme.item}” 不存在",
                          _item_hint(plan, scheme))


def _item_hint(plan: Plan, scheme: Scheme) -> str:
    numbers = parse_item_reference(scheme.item or "")
    if numbers is not None:
        if numbers[0] > len(plan.sections):
            return f"计划只有 {len(plan.sections)} 个部分；条目删改后请同时改正或删去这里的 item"
        return f"计划第{numbers[0]}部分没有这一条；条目删改后请同时改正或删去这里的 item"
    titles = [item.title for section in plan.sections for item, _ in walk(section.items, ())]
    guess = suggest(scheme.item or "", titles)
    return f"是否想写 “{guess}”？" if guess else "写计划条目的标题，或写序号如 二（一）"


# ---------------------------------------------------------------- attachments with content

def _empty_attachments(plan: Plan) -> Iterator[Finding]:
    owners: list[tuple[PathKey, list[Any]]] = [((), plan.attachments)]
    owners += [(("schemes", k), scheme.attachments) for k, scheme in enumerate(plan.schemes)]
    for owner, attachments in owners:
        for i, attachment in enumerate(attachments):
            if not (attachment.text or "").strip():
                yield Finding((*owner, "attachments", i), f"附件“{attachment.title}”只有标题，没有内容",
                              "在 text 下写附件正文，否则印出的是一张空白的附件页", warning=True)


# ---------------------------------------------------------------- units named in the text

# An organ named the way plans name them: 区民政局, 区委宣传部, 市双拥办, 区委办公室 … and towns/streets (白鹤镇,
# 夏阳街道). Collective words (各镇, 有关部门, 小城镇) are not names.
_ORGAN = re.compile(r"[区市县](?:[^\W\d_各其该本全等和与及的在对向由为将要会同有相所属])(?:[^\W\d_各其该本全等和与及的在对向由为将要会同])"
                    r"{0,9}?(?:办公室|委员会|管委会|局|委|办|部)")
_PLACE = re.compile(r"[^\W\d_各本全该乡城村集重小]{2}(?:镇|街道)")


def _unit_mentions(plan: Plan) -> Iterator[Finding]:
    known = [key for unit in plan.units for key in unit.keys] + list(plan.signature or []) + list(plan.recipients)
    if plan.masthead:
        known += plan.masthead.issuer_names
    if plan.colophon:
        known += list(plan.colophon.cc) + ([plan.colophon.printed_by] if plan.colophon.printed_by else [])
    known = [k for k in known if k]
    seen: set[str] = set()
    for path, text in _texts(plan):
        for name, offset in _mentions(text):
            if name in seen or any(k.endswith(name) or name.endswith(k) for k in known):
                continue
            seen.add(name)
            yield Finding(path, f"正文提到了 “{name}”，但 units 中没有这个单位",
                          "它若承担任务，请在 units 下声明：name 写全称，short 写简称；只是提及可不必理会",
                          warning=True, offset=offset)


def _mentions(text: str) -> Iterator[tuple[str, int]]:
    """Organ and place names in `text`, with their offsets, in text order."""
    found = [(m.start(), m.group(0)) for pattern in (_ORGAN, _PLACE) for m in pattern.finditer(text)]
    for offset, name in sorted(found):
        yield name, offset


def _texts(plan: Plan) -> Iterator[tuple[PathKey, str]]:
    """Every paragraph-bearing value of the plan and its sub-schemes, with its data path."""
    if plan.notice and plan.notice.text:
        yield ("notice", "text"), plan.notice.text
    yield from _document_texts((), plan.preamble, plan.sections, plan.closing)
    for k, scheme in enumerate(plan.schemes):
        yield from _document_texts(("schemes", k), scheme.preamble, scheme.sections, scheme.closing)


def _document_texts(base: PathKey, preamble: str | None, sections: list[Any], closing: str | None
                    ) -> Iterator[tuple[PathKey, str]]:
    if preamble:
        yield (*base, "preamble"), preamble
    for s, section in enumerate(sections):
        if section.text:
            yield (*base, "sections", s, "text"), section.text
        for item, path in walk(section.items, ()):
            if item.text:
                keys = [step for i in path for step in ("items", i)]
                yield (*base, "sections", s, *keys, "text"), item.text
    if closing:
        yield (*base, "closing"), closing
