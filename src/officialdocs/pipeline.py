"""The pipeline for one document: input file -> Document -> anatomy -> layout (when a writer needs pages) ->
the bytes of every requested format. Data flows one way; nothing here knows a file format.

    doc, profile_name = load_document("notice.md")
    rendered = render_formats(doc, load_profile("gbt9704"), ["docx", "pdf"])
    rendered.files["pdf"], rendered.pages, rendered.warnings

`family` lists the documents of a plan and `batch` runs many of them; both call `render_formats`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from . import writers
from .document import Document
from .errors import Location, OfficialDocsError, Problem
from .style import Profile

if TYPE_CHECKING:
    from .anatomy.model import Anatomy
    from .layout.model import LaidOut


def load_document(path: Path | str, templates: Sequence[Path] = ()) -> tuple[Document, str | None]:
    """Read a plan (.yaml: the plan document itself) or a 公文 Markdown file (.md) into a Document; also return
    the profile the input names (a plan's `profile:`), if any."""
    path = Path(path)
    if not path.is_file():
        raise OfficialDocsError(Problem("找不到输入文件", Location(str(path)), "检查文件路径"))
    suffix = path.suffix.lower()
    if suffix in (".yaml", ".yml"):
        from .family import plan_markdown
        from .markup import parse_markup
        from .plan import load_plan

        plan = load_plan(path)
        text = plan_markdown(plan, templates)
        return parse_markup(text, source=f"{path}（由模板生成）", base_dir=path.parent), plan.profile
    if suffix in (".md", ".markdown"):
        from .markup import load_markup

        return load_markup(path), None
    raise OfficialDocsError(Problem(f"不支持的输入类型 “{path.suffix}”", Location(str(path)),
                                    "输入应为 plan.yaml（计划数据）或 .md（公文 Markdown）"))


@dataclass
class Prepared:
    """A document ready for the writers: its model, profile, anatomy and (for page-drawing writers) layout."""

    document: Document
    profile: Profile
    anatomy: Anatomy
    layout: LaidOut | None = None


@dataclass
class Rendered:
    files: dict[str, bytes]
    pages: int | None  # pages of the GB/T layout, when it was laid out
    warnings: list[Problem] = field(default_factory=list)


def missing_glyph_problems(missing, source: str) -> tuple[list[Problem], list[Problem]]:
    """(characters no font has, characters drawn from another face): one message per character and face,
    with where it occurs (never an empty box or a changed face in silence). Only the first kind fails
    --strict."""
    seen: dict[tuple[str, str], list[str]] = {}
    for m in missing:
        places = seen.setdefault((m.char, m.face), [])
        if m.where and m.where not in places:
            places.append(m.where)
    absent, replaced = [], []
    for (ch, face), where in seen.items():
        at = "、".join(where) or "文中"
        if face:
            replaced.append(Problem(f"字符 “{ch}”（U+{ord(ch):04X}）不在所用字体中，已改用 {face} 显示；出现在：{at}",
                                    Location(source), "需要统一字形时，安装含此字的同类字体，或用 --font 角色=字体文件 指定"))
        else:
            absent.append(Problem(f"字符 “{ch}”（U+{ord(ch):04X}）在所有字体中都没有，PDF 中会显示为空框；出现在：{at}",
                                  Location(source), "安装含此字的字体，或用 --font 角色=字体文件 指定；--strict 时视为错误"))
    return absent, replaced


def prepare(doc: Document, profile: Profile, *, layout: bool, fonts: Mapping[str, Path] | None = None,
            strict: bool = False, warnings: list[Problem] | None = None) -> Prepared:
    """Build the anatomy, and lay the pages out when `layout` (once, shared by every writer that needs it)."""
    from .anatomy import build_anatomy

    prepared = Prepared(doc, profile, build_anatomy(doc, profile))
    if layout:
        from .fonts import font_book
        from .layout import layout_anatomy

        prepared.layout = layout_anatomy(prepared.anatomy, profile, font_book(profile, fonts))
        absent, replaced = missing_glyph_problems(prepared.layout.missing, doc.source or doc.plain_title)
        if absent and strict:
            raise OfficialDocsError(absent)
        if warnings is not None:
            warnings.extend(absent + replaced)
    return prepared


def render_formats(doc: Document, profile: Profile, formats: Sequence[str], *,
                   fonts: Mapping[str, Path] | None = None, strict: bool = False) -> Rendered:
    """Every requested format of one document. The layout is computed only when a writer draws pages."""
    chosen = [writers.get(fmt) for fmt in formats]
    warnings: list[Problem] = []
    prepared = prepare(doc, profile, layout=any(w.needs_layout for w in chosen), fonts=fonts, strict=strict,
                       warnings=warnings)
    files = {w.name: w.write(prepared) for w in chosen}
    pages = len(prepared.layout.pages) if prepared.layout is not None else None
    return Rendered(files, pages, warnings)


def render_document(doc: Document, profile: Profile, fmt: str, *, fonts: Mapping[str, Path] | None = None,
                    strict: bool = False, warnings: list[Problem] | None = None, stats: dict | None = None) -> bytes:
    """One Document in one format, as bytes. `stats` receives {"pages": n} when the pages were laid out."""
    rendered = render_formats(doc, profile, [fmt], fonts=fonts, strict=strict)
    if warnings is not None:
        warnings.extend(rendered.warnings)
    if stats is not None and rendered.pages is not None:
        stats["pages"] = rendered.pages
    return rendered.files[fmt]


__all__ = ["Prepared", "Rendered", "load_document", "missing_glyph_problems", "prepare", "render_document",
           "render_formats"]
