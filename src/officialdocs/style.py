"""The style profile (templates/styles/*.yaml) as typed data, and unit conversions.

Writers read every dimension from here; no millimetre is hard-coded elsewhere.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from .errors import Location, OfficialDocsError, Problem
from .resources import templates_dir

MM_PER_PT = 25.4 / 72
TWIPS_PER_PT = 20
EMU_PER_MM = 36000

# Word's Chinese size names (号) -> points (gbt9704 §B.1).
HAO_SIZES = {
    "初号": 42, "小初": 36, "一号": 26, "小一": 24, "二号": 22, "小二": 18, "三号": 16, "小三": 15,
    "四号": 14, "小四": 12, "五号": 10.5, "小五": 9, "六号": 7.5, "小六": 6.5, "七号": 5.5, "八号": 5,
}


def mm_to_pt(mm: float) -> float:
    return mm / MM_PER_PT


def pt_to_mm(pt: float) -> float:
    return pt * MM_PER_PT


def mm_to_twips(mm: float) -> int:
    return round(mm_to_pt(mm) * TWIPS_PER_PT)


def pt_to_twips(pt: float) -> int:
    return round(pt * TWIPS_PER_PT)


def mm_to_emu(mm: float) -> int:
    return round(mm * EMU_PER_MM)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Margins(_Strict):
    top: float
    bottom: float
    left: float
    right: float


class Page(_Strict):
    width: float
    height: float
    margins: Margins
    mirror: bool = False

    @property
    def block_width(self) -> float:
        return self.width - self.margins.left - self.margins.right

    @property
    def block_height(self) -> float:
        return self.height - self.margins.top - self.margins.bottom


class Grid(_Strict):
    lines_per_page: int
    chars_per_line: int
    line_pitch_pt: float
    char_spacing_pt: float


class FontRole(_Strict):
    docx: str
    size: float
    candidates: list[str]


class Red(_Strict):
    rgb: str
    cmyk: tuple[float, float, float, float]


class Colors(_Strict):
    text: str
    red: Red


class MastheadStyle(_Strict):
    mark_top: float
    mark_line_gap: float
    doc_number_gap_lines: int
    rule_gap: float
    rule_width: float
    title_gap_lines: int
    signer_indent_chars: float


class BodyStyle(_Strict):
    first_line_indent_chars: float
    title_line_pitch_pt: float
    recipients_gap_lines: int
    attachment_list_gap_lines: int
    signature_gap_lines: int
    sealed_gap_lines: int
    signature_right_chars: float
    date_right_chars_sealed: float
    date_offset_chars: float
    seal_diameter: float
    attachment_title_line: int


class TableStyle(_Strict):
    line_pitch_pt: float
    cell_margin: float
    border_pt: float


class ColophonStyle(_Strict):
    rule_thick: float
    rule_thin: float
    indent_chars: float
    line_pitch_pt: float


class PageNumberStyle(_Strict):
    dash: str
    below_block: float
    outer_indent_chars: float


class DraftStyle(_Strict):
    watermark: bool


class PdfStyle(_Strict):
    line_placement: Literal["fill", "slots"] = "fill"
    widow_orphan: bool = False
    duplex: bool = True
    heading_keep_lines: int = 1


class Profile(_Strict):
    name: str
    description: str = ""
    page: Page
    grid: Grid
    fonts: dict[str, FontRole]
    docx_font_alternates: dict[str, str] = {}
    colors: Colors
    masthead: MastheadStyle
    body: BodyStyle
    table: TableStyle
    colophon: ColophonStyle
    page_number: PageNumberStyle
    draft: DraftStyle
    pdf: PdfStyle = PdfStyle()

    def font(self, role: str) -> FontRole:
        try:
            return self.fonts[role]
        except KeyError:
            raise OfficialDocsError(f"样式配置 {self.name} 缺少字体角色 {role}") from None

    @property
    def line_pitch_mm(self) -> float:
        return pt_to_mm(self.grid.line_pitch_pt)


def profile_path(name_or_path: str) -> Path:
    """A profile is a built-in name (gbt9704) or a path to a YAML file."""
    path = Path(name_or_path)
    if path.suffix in (".yaml", ".yml") or path.exists():
        return path
    return templates_dir() / "styles" / f"{name_or_path}.yaml"


@cache
def load_profile(name_or_path: str = "gbt9704") -> Profile:
    from .yamlio import load_yaml_with_positions, pydantic_problems

    path = profile_path(name_or_path)
    if not path.is_file():
        raise OfficialDocsError(Problem(f"找不到样式配置 {name_or_path}", hint="内置配置有 gbt9704，或给出 YAML 文件路径"))
    data, positions = load_yaml_with_positions(path)
    try:
        return Profile.model_validate(data)
    except ValidationError as exc:
        raise OfficialDocsError(pydantic_problems(exc, str(path), positions)) from None


__all__ = ["Profile", "FontRole", "load_profile", "mm_to_pt", "pt_to_mm", "mm_to_twips", "pt_to_twips",
           "mm_to_emu", "HAO_SIZES", "Location"]
