"""What a 公文 that is sent out needs, whatever it is written in (plan.yaml or 公文 Markdown): the checks both
loaders share, kept free of the plan models so a Markdown render does not load them."""

from __future__ import annotations

from datetime import date

from .numerals import format_date


def issued_missing(*, body: bool, signature: bool, date_given: bool, masthead: bool = False,
                   doc_number: bool = True, draft: bool = False, minutes: bool = False) -> list[str]:
    """The parts a 公文 that is sent out lacks (党政机关公文处理工作条例 第九条, GB/T 9704 7.2.4, 7.3.3, 7.3.5):
    正文, 发文机关署名 and 成文日期, and a 发文字号 under a masthead. A draft for comment (征求意见稿) is not
    signed, dated or numbered yet, and 纪要 are not signed: they need their text only. Shared by plan.yaml and
    the front matter of 公文 Markdown."""
    missing = [] if body else ["正文"]
    if not (minutes or draft):
        missing += ([] if signature else ["发文机关署名"]) + ([] if date_given else ["成文日期"])
    if masthead and not doc_number and not draft:
        missing.append("发文字号")
    return missing


ISSUED_HINT = "一份印发的公文须有正文、发文机关署名和成文日期，有版头的还须有发文字号"


def printed_before_signed(printed: date | None, signed: date | None) -> str | None:
    if printed is None or signed is None or printed >= signed:
        return None
    return f"印发日期 {format_date(printed)} 早于成文日期 {format_date(signed)}"


PRINTED_HINT = "公文先签发后印发，印发日期不能早于成文日期；请核对 date 和 printed_on"
