"""The style profile (templates/styles/*.yaml) as typed data, and unit conversions.

Split by consumer: `standard:` (what every medium honours: page, margins, 22 x 28, font roles, sizes, colours,
element spacing), `docx:` (Word's constructions and renderer calibrations), `pdf:` (the layout engine's
readings). No number that belongs to the standard is hard-coded in a writer.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

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


class FontRole(_Strict):
    docx: str  # the face name written into Word files
    size: float
    candidates: list[str]  # the PDF engine's search order on this machine (bundled:NAME last)


class Red(_Strict):
    """One red, in the two colour spaces the media need: screen RGB (.docx) and print CMYK (PDF, 6.2)."""

    rgb: str
    cmyk: tuple[float, float, float, float]


class Colors(_Strict):
    text: str
    red: Red


class MastheadStyle(_Strict):
    mark_top: float
    mark_line_gap: float
    mark_suffix_gap_em: float = 0.5
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
    seal_rise: float = 1.1
    attachment_title_line: int
    heading_keep_lines: int = 1


class TableStyle(_Strict):
    line_pitch_pt: float  # at the table role's size; a smaller size keeps the proportion
    cell_margin: float
    border_pt: float
    min_size: float = 12  # a table too wide steps down to this size before it turns landscape


class ColophonStyle(_Strict):
    rule_thick: float
    rule_thin: float
    indent_chars: float
    line_pitch_pt: float


class PageNumberStyle(_Strict):
    dash: str
    below_block: float
    outer_indent_chars: float


class LetterStyle(_Strict):
    """信函格式 (10.1). Defaults keep older profiles (without this section) loading."""

    mark_top: float = 30  # top edge of the 发文机关标志 below the PAGE's top edge
    rule_gap: float = 4  # upper red double rule (thick over thin) below the mark
    rule_length: float = 170  # both double rules
    rule_centre: Literal["page", "block"] = "page"  # "居中排布": on the page (x 20-190) or on the block (21-191)
    bottom_rule: float = 20  # lower double rule (thin over thick): its thick stroke's centre this far above the page bottom
    rule_thick: float = 0.5  # stroke widths and the space between them: not set by the standard
    rule_thin: float = 0.25
    rule_space: float = 0.3
    element_gap_em: float = 0.875  # 份号 / 发文字号 below the upper rule: 7/8 of a 3号 (body) character
    title_gap_lines: int = 2  # title two lines below the last element above it


class OrderStyle(_Strict):
    """命令（令）格式 (10.2) and the 签名章 layout it uses (7.3.5.3)."""

    mark_top: float = 20  # top edge of the mark below the block's top edge (57 mm from the page top)
    number_gap_lines: int = 2  # 令号 two lines below the mark
    body_gap_lines: int = 2  # 正文 two lines below the 令号
    separator: bool = False  # 10.2 names no red separator
    signature_gap_lines: int = 2  # 7.3.5.3: 签名章 two lines below the 正文
    signature_right_chars: float = 4  # 签名章 and date right 4 characters
    signer_title_gap_chars: float = 2  # the signer's title 2 characters left of the 签名章
    signature_seal_height: float = 12  # mm; a 签名章 image is scaled to this height


class MinutesStyle(_Strict):
    """纪要格式 (10.3)."""

    mark_top: float = 35  # top edge of the mark below the block's top edge (72 mm from the page top)
    number_gap_lines: int = 2  # 第5期 two lines below the mark (practice, as 7.2.5)
    separator: bool = True  # red rule under the header, as 7.2.7 (practice)
    attendees_gap_lines: int = 1  # 出席 one line below the 正文 or 附件说明


class Standard(_Strict):
    """What the standard decides and every medium honours (a test mutates each field and sees both change)."""

    page: Page
    grid: Grid
    fonts: dict[str, FontRole]
    colors: Colors
    masthead: MastheadStyle
    body: BodyStyle
    table: TableStyle
    colophon: ColophonStyle
    page_number: PageNumberStyle
    letter: LetterStyle = LetterStyle()
    order: OrderStyle = OrderStyle()
    minutes: MinutesStyle = MinutesStyle()


class DocxCalibration(_Strict):
    """Where LibreOffice 7.4 and Word put glyphs in exact-height lines (measured; tests/test_docx_render.py)."""

    exact_line_extra_above: float = 0.59  # share of a line's extra height above a 16 pt glyph in a 28.95 pt line
    mark_rise_em: float = 0.19  # a glyph in a line exactly its size rises this far above the line's top
    page_number_dash_em: float = 0.7  # the footer's dash sits this far above the footer distance
    turned_number_rise_em: float = 0.15  # a turned line's dash sits this far above its box's middle (measured)


class DocxStyle(_Strict):
    """How the .docx expresses the standard: Word's own constructions and the renderers' quirks."""

    line_pitch_pt: float | None = None  # None: the block height / lines per page, rounded down to a twip
    char_spacing_pt: float | None = None  # None: makes chars_per_line fit the block, rounded down to a twip
    font_alternates: dict[str, str] = {}
    header_distance: float = 15
    table_cell_spacing_pt: float = 2
    calibration: DocxCalibration = DocxCalibration()


class PdfStyle(_Strict):
    """The native layout engine's own choices (readings of the standard, page-drawing media only)."""

    line_placement: Literal["fill", "slots"] = "fill"
    widow_orphan: bool = False
    duplex: bool = True
    watermark: bool = False
    # full: 全角式, every mark a full cell, 28 characters a line (GB/T 9704 5.2.3); squeeze: clreq 标点挤压
    # (book style), punctuation squeezed, line end first, so a line may hold a 29th character.
    punctuation: Literal["full", "squeeze"] = "full"


class Profile(_Strict):
    name: str
    description: str = ""
    standard: Standard
    docx: DocxStyle = DocxStyle()
    pdf: PdfStyle = PdfStyle()
    formats: tuple[str, ...] = ("docx", "pdf")  # what `render` writes when no --format is given (docx, pdf, ofd)

    @field_validator("formats")
    @classmethod
    def _known_formats(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        from .writers import names

        unknown = [f for f in value if f not in names()]
        if unknown or not value:
            raise ValueError(f"未知的输出格式 {'、'.join(unknown) or '（空）'}，可选：{'、'.join(names())}")
        return value

    # The standard's sections, read directly (profile.page, profile.body ...); typed properties, not fields.
    @property
    def page(self) -> Page:
        return self.standard.page

    @property
    def grid(self) -> Grid:
        return self.standard.grid

    @property
    def fonts(self) -> dict[str, FontRole]:
        return self.standard.fonts

    @property
    def colors(self) -> Colors:
        return self.standard.colors

    @property
    def masthead(self) -> MastheadStyle:
        return self.standard.masthead

    @property
    def body(self) -> BodyStyle:
        return self.standard.body

    @property
    def table(self) -> TableStyle:
        return self.standard.table

    @property
    def colophon(self) -> ColophonStyle:
        return self.standard.colophon

    @property
    def page_number(self) -> PageNumberStyle:
        return self.standard.page_number

    @property
    def letter(self) -> LetterStyle:
        return self.standard.letter

    @property
    def order(self) -> OrderStyle:
        return self.standard.order

    @property
    def minutes(self) -> MinutesStyle:
        return self.standard.minutes

    @property
    def docx_font_alternates(self) -> dict[str, str]:
        return self.docx.font_alternates

    def font(self, role: str) -> FontRole:
        try:
            return self.standard.fonts[role]
        except KeyError:
            raise OfficialDocsError(f"样式配置 {self.name} 缺少字体角色 {role}") from None

    @property
    def cell_pt(self) -> float:
        """One body character on the grid: the block width / characters per line (15.79 pt)."""
        return mm_to_pt(self.page.block_width) / self.grid.chars_per_line


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
    cached, remember = _disk_cache(path)
    if cached is not None:
        return cached
    data, positions = load_yaml_with_positions(path, what="样式配置")
    try:
        profile = Profile.model_validate(data)
    except ValidationError as exc:
        raise OfficialDocsError(pydantic_problems(exc, str(path), positions)) from None
    remember(profile)
    return profile


def _disk_cache(path: Path):
    """The validated profile from the disk cache (JSON, keyed by the file's content and this code), and a
    function that stores one: a cold start then skips the YAML parse. See fonts/cache.py."""
    from . import __version__
    from .fonts import cache as disk

    try:
        content = path.read_bytes()
        key = disk.key_of("profile", __version__, disk.library_version("pydantic"), disk.file_stamp(__file__),
                          disk.sha256(content))
    except OSError:
        return None, lambda profile: None
    entry = disk.load("profiles", key)
    if entry is not None:
        try:
            return Profile.model_validate(entry[0]), lambda profile: None
        except ValidationError:
            disk.discard(disk.entry_path("profiles", key), f"样式配置缓存已损坏，已丢弃并重建：{path}")
    return None, lambda profile: disk.store("profiles", key, profile.model_dump(mode="json"))


__all__ = ["Profile", "FontRole", "load_profile", "mm_to_pt", "pt_to_mm", "mm_to_twips", "pt_to_twips",
           "mm_to_emu", "HAO_SIZES", "Location"]
