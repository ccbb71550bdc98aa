"""信函格式 (GB/T 9704 10.1): the letterhead — the issuer's name in red 30 mm below the page's top edge, a red
double rule under it and another 20 mm above the page's bottom edge — then 份号 / 发文字号 under the rule, the
主体 as in 文件格式, a 版记 without 印发 line and rules, and no page number on page 1.

Decisions where 10.1 is silent or open (gbt9704.md A.12, A.13), each a profile setting under `letter:`:
- Both double rules are centred on the page (x 20-190 mm; `rule_centre: block` puts them on the 版心);
  the mark is centred on the 版心 like every other centred element.
- The lower double rule marks the letterhead page: it is page furniture of page 1 only (10.1 describes the
  first page: it is why page 1 carries no number), its thick stroke centred 20 mm above the page's bottom edge.
- The 版心 keeps its 22 lines on page 1 (a Word file cannot give one page another block), so text never
  comes within 7/8 of a character of the lower rule.
- The 版记 goes to the foot of the last page whatever its parity (10.1: "位于公文最后一面版心内最下方"): a
  one-page 函 keeps its 抄送 on page 1 rather than gaining a blank page.
"""

from __future__ import annotations

from ..document import Document
from ..style import Profile, pt_to_mm
from . import parts, special
from .model import Anatomy, EdgeLine, Element, Mark, PageRule, Para, Rule, Run


def build(doc: Document, profile: Profile) -> Anatomy:
    m, style = doc.masthead, profile.letter
    masthead: list[Element] = []
    if m.issuers:  # joint letters show the lead organ only
        masthead.append(Mark(m.issuers[:1], m.mark_suffix, style.mark_top, role="mark"))
    upper = special.double_strokes(style.rule_thick, style.rule_thin, style.rule_space, thick_first=True)
    masthead.append(Rule("separator", style.rule_gap, upper, color="red", length_mm=style.rule_length,
                         centre=style.rule_centre))
    lower = special.double_strokes(style.rule_thick, style.rule_thin, style.rule_space, thick_first=False)
    top = profile.page.height - style.bottom_rule - lower[1].offset_mm - lower[1].thickness_mm / 2
    masthead.append(PageRule("letter_bottom_rule", top, lower, style.rule_length, centre=style.rule_centre))

    # 份号, 密级, 紧急程度 one per line at the block's left edge (no empty line for a missing 份号), the 发文字号
    # flush right on the first of them; the first line 7/8 of a 3号 character below the rule.
    corner = [(text, role) for text, role in m.corner_rows() if text]
    gap = pt_to_mm(profile.font("body").size * style.element_gap_em)
    if corner or m.doc_number:
        left = Run(*corner[0]) if corner else None
        right = Run(m.doc_number, "doc_number") if m.doc_number else None
        masthead.append(EdgeLine(left, right, gap_mm=gap))
    masthead += [Para(role, [Run(text, role)], align="left", where="版头") for text, role in corner[1:]]

    title = parts.title(doc, profile, style.title_gap_lines)
    doc, moved = special.recipients_moved(doc, masthead, title, profile)
    body: list[Element] = [*title]
    closing = [*parts.attachment_list(doc, profile), *parts.signature(doc.signature, profile),
               *parts.remark(doc, profile)]
    text = special.text_zone(doc, profile, closing)
    parts.after_title_gap(text, profile)
    body += text
    colophon = parts.colophon(moved, profile, printed=False, rules=False)
    if colophon is not None:
        colophon.even_page = False
    return special.finish(doc, profile, "letter", masthead, body, colophon, first_page_number=False)
