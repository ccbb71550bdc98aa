"""The rule catalogue matched one to one with the implemented rules.

`load_catalogue` reads templates/rules/NAME.yaml (or a file) and refuses it, with a located Chinese message,
when a rule in it has no implementation, an implemented rule has no entry in it, or an entry lacks a
tolerance or value its rule reads. So every tolerance lives in the catalogue and nowhere else.
"""

from __future__ import annotations

from ..errors import Location, OfficialDocsError, Problem
from .docx import RULES as DOCX_RULES
from .lint import rules_structure, rules_text  # noqa: F401  (they register the lint rules)
from .lint.preflight import PREFLIGHT
from .lint.registry import RULES as LINT_RULES
from .pdf import RULES as PDF_RULES
from .registry import Implementation
from .rules import Catalogue, builtin_catalogue_for, read_catalogue

REGISTRIES = (PDF_RULES, DOCX_RULES, PREFLIGHT, LINT_RULES)


def implementations() -> dict[str, Implementation]:
    out: dict[str, Implementation] = {}
    for registry in REGISTRIES:
        for impl in registry:
            out[impl.id] = impl
    return out


def load_catalogue(name_or_path: str | None = None) -> Catalogue:
    """A built-in catalogue by name (default gbt9704) or a YAML file, proved complete."""
    catalogue = read_catalogue(name_or_path)
    validate(catalogue)
    return catalogue


def catalogue_for_profile(profile_name: str) -> Catalogue:
    """The built-in catalogue named like the style profile (a province's), else gbt9704."""
    return load_catalogue(builtin_catalogue_for(profile_name))


def validate(catalogue: Catalogue) -> None:
    impls = implementations()
    problems: list[Problem] = []
    for rule_id, rule in catalogue.rules.items():
        where = rule.where or Location(catalogue.path)
        impl = impls.get(rule_id)
        if impl is None:
            problems.append(Problem(f"规则 {rule_id} 没有实现：officialdocs 不认识这条规则", where,
                                    f"检查规则编号；已实现的规则有 {_ranges(sorted(impls))}"))
            continue
        for kind, needed, given in (("tolerances", impl.tolerances, dict(rule.tolerances)),
                                    ("values", impl.values, dict(rule.values))):
            missing = [k for k in needed if k not in given]
            unknown = [k for k in given if k not in needed]
            if missing:
                problems.append(Problem(f"规则 {rule_id} 的 {kind} 缺少 {'、'.join(missing)}", where,
                                        f"在规则文件中补上，如 {kind}: {{{missing[0]}: …}}"))
            if unknown:
                problems.append(Problem(f"规则 {rule_id} 的 {kind} 中 {'、'.join(unknown)} 未被使用", where,
                                        f"{rule_id} 读取的是：{'、'.join(needed) or '（无）'}"))
    absent = [rule_id for rule_id in impls if rule_id not in catalogue.rules]
    if absent:
        problems.append(Problem(f"规则文件没有这些已实现规则的条目：{'、'.join(absent)}", Location(catalogue.path),
                                "每条规则都要有 severity、clause、title（用 extends: gbt9704 继承内置条目）"))
    if problems:
        raise OfficialDocsError(problems)


def _ranges(ids: list[str]) -> str:
    return "、".join(ids[:6]) + (f" 等 {len(ids)} 条" if len(ids) > 6 else "")
