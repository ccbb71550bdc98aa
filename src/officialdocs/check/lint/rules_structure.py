"""Lint rules on structure: heading order (S11), the 附件说明 and its attachments (S12, S13), and what a
请示 or a 报告 must and must not be (S07, S25, S26). One function per id, the same for every format."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ...numerals import heading_number
from .registry import RULES, Hit
from .units import HeadingMark, LintSource

_LEVEL_NAMES = {0: "开头", 1: "一级标题", 2: "二级标题", 3: "三级标题", 4: "四级标题"}
_TYPED_LIST_NUMBER = re.compile(r"\s*(\d+\s*[.．、]|附件\s*\d*\s*[：:])")
_ASKS = re.compile(r"请(?:予)?(?:批示|审批|批准|批复|审定|核准)|妥否")


def _sequence_message(n: int, expected: int, level: int) -> str:
    kind = "重号" if n < expected else "跳号"
    return f"序号 “{heading_number(level, n)}” 不连续（{kind}），此处应为 “{heading_number(level, expected)}”"


@RULES.rule("S11")
def s11_heading_order(src: LintSource) -> Iterator[Hit]:
    """一、→（一）→ 1. →（1）: no level skipped, numbers in order, each restarting under its parent and in
    each attachment. Where the writer numbers the headings (yaml, md), every typed number must equal the one
    it will print; in a .docx the typed numbers are the text, so after a wrong number the next may follow
    either it (一、三、四: a skipped number) or the right one (一、二、五、四: a typo): only the wrong one is
    reported."""
    counters = [0] * 5
    deepest = 0
    typo_next: dict[int, int] = {}
    automatic = src.numbered_by_writer
    for mark in src.headings:
        if mark.restart:
            counters, deepest, typo_next = [0] * 5, 0, {}
            continue
        level = mark.level or (mark.ordinal.level if mark.ordinal else 0)
        if level > 4:
            yield Hit(f"标题层级过深（{level} 级）：公文正文最多 4 级", pos=mark.pos)
            continue
        if level > deepest + 1:
            yield Hit(f"层次序数跳级：{_LEVEL_NAMES[level]}{_typed(mark)}之前没有{_LEVEL_NAMES[level - 1]}", pos=mark.pos,
                      hint="层次序数依次为 一、（一）1.（1）")
        expected = counters[level] + 1
        counters[level] = expected
        if mark.ordinal is not None:
            n = mark.ordinal.number
            after_typo = not automatic and typo_next.pop(level, None) == n
            if mark.ordinal.level != level:
                yield Hit(f"{_LEVEL_NAMES[level]}写了{_LEVEL_NAMES[mark.ordinal.level]}的序号 “{mark.typed}”", pos=mark.pos,
                          hint=f"应为 “{heading_number(level, expected)}”" + ("（序号自动生成，可不写）" if automatic else ""))
            elif n != expected and not after_typo:
                yield Hit(_sequence_message(n, expected, level), pos=mark.pos,
                          hint="序号自动生成，可删去手写的序号" if automatic else None)
                if not automatic:
                    typo_next[level] = expected + 1
                    counters[level] = n
            elif not automatic:
                counters[level] = n
        for deeper in range(level + 1, 5):
            counters[deeper] = 0
            typo_next.pop(deeper, None)
        deepest = level


def _typed(mark: HeadingMark) -> str:
    return f"“{mark.typed}”" if mark.typed else ""


@RULES.rule("S12")
def s12_attachment_list(src: LintSource) -> Iterator[Hit]:
    """7.3.4: where the writer numbers the 附件说明 (yaml, md), an entry has no typed number or 附件：; in a
    .docx several attachments are numbered 1. 2. … in order."""
    if src.numbered_by_writer:
        for entry in src.listed:
            unit = entry.unit
            m = _TYPED_LIST_NUMBER.match(unit.text) if unit is not None else None
            if m:
                yield Hit("附件说明的名称不写序号和“附件：”（自动编号）", unit, m.start(1), m.end(1), "")
        return
    several = len(src.listed) > 1
    for k, entry in enumerate(src.listed, 1):
        if entry.number and (several or entry.separator):
            if entry.separator != "." or int(entry.number) != k:
                yield Hit(f"附件序号 “{entry.number}{entry.separator}” 应为 “{k}.”", pos=entry.pos)
        elif several:
            yield Hit(f"有多个附件时应编序号 “{k}.”", pos=entry.pos)


@RULES.rule("S13")
def s13_attachments_match(src: LintSource) -> Iterator[Hit]:
    """7.3.4, 7.3.7: the 附件说明 and the attachments agree in number, names and order."""
    names = [entry.name.strip() for entry in src.listed]
    titles = [title for title, _ in src.attachments]
    if not names or not titles or names == titles:
        return
    pos = src.attachments[0][1] if src.numbered_by_writer else src.listed[0].pos
    yield Hit(f"附件说明（{len(names)} 项：{'、'.join(names)[:40]}）与附件（{len(titles)} 个：{'、'.join(titles)[:40]}）"
              "的数量、名称或顺序不一致", pos=pos, hint="附件说明须与附件页的标题逐一对应")


def _kind(src: LintSource) -> str:
    """The document type its title names (请示, 报告, …)."""
    return src.title[0].strip()[-2:] if src.title else ""


@RULES.rule("S07")
def s07_request_signer(src: LintSource) -> Iterator[Hit]:
    """A 请示 is sent upward: it carries 签发人 (7.2.6; 条例 art. 9 "上行文应当标注签发人姓名"). In plan.yaml and
    Markdown render itself refuses it (lint reports that as P01), so this rule reads Word files."""
    if src.kind == "docx" and _kind(src) == "请示" and not src.signers:
        yield Hit("请示是上行文，应标注签发人", pos=src.title[1] if src.title else None,
                  hint="在 masthead（或前置数据）中写 signers: [签发人姓名]")


@RULES.rule("S25")
def s25_request_one_recipient(src: LintSource) -> Iterator[Hit]:
    """条例 art. 15: a 请示 goes to one 主送机关 (一文一事, 一般只写一个主送机关)."""
    if _kind(src) != "请示":
        return
    if not src.recipients:
        yield Hit("请示应写一个主送机关", pos=src.title[1] if src.title else None, hint="recipients: [上级机关]")
    elif len(src.recipients) > 1:
        yield Hit(f"请示一般只写一个主送机关（现有 {len(src.recipients)} 个）", pos=src.recipients[1][1],
                  hint="需要其他机关知悉的，列入抄送")


@RULES.rule("S26")
def s26_report_asks(src: LintSource) -> Iterator[Hit]:
    """条例 art. 15: a 报告 carries no request for instructions (报告中不得夹带请示事项)."""
    if _kind(src) != "报告":
        return
    for unit in src.units:
        if unit.role not in ("text", "heading"):
            continue
        for m in _ASKS.finditer(unit.masked):
            yield Hit(f"报告中不得夹带请示事项（“{m.group(0)}”）", unit, m.start(), m.end(),
                      hint="需要上级批示的事项另行请示")
