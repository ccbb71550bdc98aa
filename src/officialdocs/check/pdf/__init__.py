"""GB/T 9704 geometry of a PDF, measured from its glyphs and drawn rules (the L rules of the catalogue).

`measure.Measure` classifies the PDF once (body lines, page numbers, the block, the 版头 of its format,
title, 主送, 版记); each rule is a small function registered by id in `registry.RULES` (rules_page,
rules_head, rules_foot) that reads it. Only the block's position (L02) is compared with the profile's
margins; every other position is relative to the block as found, so one fault fails one rule.
"""

from __future__ import annotations

from ...style import Profile
from ..colour import is_red
from ..faces import font_family
from ..pdfread import PdfFacts
from ..rules import Catalogue, CheckResult, Out
from . import rules_foot, rules_head, rules_page  # noqa: F401  (they register their rules)
from .measure import FORMAT_NAMES, FORMATS, Measure
from .registry import RULES


def check_pdf(facts: PdfFacts, profile: Profile, catalogue: Catalogue, fmt: str | None = None,
              notes: list[str] | None = None) -> list[CheckResult]:
    """Every registered PDF rule the catalogue does not switch off and that applies to the format given or
    detected (said in `notes`): 信函 has L31/L32 instead of L06/L08/L10/L23/L27, and so on."""
    return run_pdf_rules(Measure(facts, profile, fmt), catalogue, notes)


def run_pdf_rules(measure: Measure, catalogue: Catalogue, notes: list[str] | None = None) -> list[CheckResult]:
    """The rules of `check_pdf` on a PDF already measured (a .docx's rendering: its format is the .docx's too)."""
    if notes is not None:
        told = "按 --format 指定" if measure.format_told else "自动识别"
        notes.append(f"按{FORMAT_NAMES[measure.format]}检查（{told}）")
    results: list[CheckResult] = []
    for impl in RULES:
        rule = catalogue.rule(impl.id)
        if rule.severity == "off":
            continue
        if impl.formats is None or measure.format in impl.formats:
            impl.func(measure, Out(rule, results))
    return results


__all__ = ["FORMATS", "FORMAT_NAMES", "RULES", "Measure", "check_pdf", "run_pdf_rules", "font_family", "is_red"]
