"""Page previews: every page of a PDF as a PNG, plus one contact sheet (总览) per document.

    previews = preview_file("plan.yaml", "previews", dpi=96)   # renders the family first, then its PDFs
    preview_pdf(Path("out/公文.pdf"), Path("out"))             # what `render --preview` does per PDF

PDF pages are drawn by PDFium (pypdfium2, the `preview` extra) after pdfguard's bounds, so a user's PDF
cannot expand without limit; a .docx goes through LibreOffice first, a plan or 公文 Markdown through our
own engine. File names: `<stem>-01.png` … and `<stem>-总览.png`, written atomically; the same PDF gives
byte-identical PNGs.
"""

from __future__ import annotations

import io
import math
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import Location, OfficialDocsError, Problem
from .output import atomic_write

DEFAULT_DPI = 96
MAX_DPI = 600
SHEET_SUFFIX = "总览"
_THUMB = (200, 283)  # a page's box on the contact sheet (A4 at about 24 dpi)
_GAP, _LABEL = 16, 24
_BACKGROUND, _BORDER, _INK = (232, 232, 232), (160, 160, 160), (60, 60, 60)


@dataclass(frozen=True)
class Preview:
    source: Path  # the document the pages show (the PDF, .docx, or the rendered plan / Markdown output)
    pages: list[Path]
    sheet: Path


def preview_pdf(pdf: Path, out_dir: Path, dpi: int = DEFAULT_DPI, stem: str | None = None) -> Preview:
    """Write one PNG per page of `pdf` and a contact sheet into `out_dir`."""
    from .check.pdfread import open_pdf

    _check_dpi(dpi)
    pdf, out_dir = Path(pdf), Path(out_dir)
    stem = stem or pdf.stem
    doc, _ = open_pdf(pdf, extra="preview")
    images = []
    try:
        width = max(2, len(str(len(doc))))
        pages: list[Path] = []
        for index in range(len(doc)):
            page = doc[index]
            try:
                image = page.render(scale=dpi / 72).to_pil().convert("RGB")
            finally:
                page.close()
            target = out_dir / f"{stem}-{index + 1:0{width}d}.png"
            atomic_write(target, _png(image))
            pages.append(target)
            image.thumbnail(_THUMB)  # in place: only the thumbnail is kept for the sheet
            images.append(image)
    finally:
        doc.close()
    if not pages:
        raise OfficialDocsError(Problem("PDF 没有页面", Location(str(pdf))))
    sheet = out_dir / f"{stem}-{SHEET_SUFFIX}.png"
    atomic_write(sheet, _png(contact_sheet(images)))
    return Preview(pdf, pages, sheet)


def preview_file(path: Path, out_dir: Path, dpi: int = DEFAULT_DPI, *, templates: Sequence[Path] = (),
                 profile: str | None = None, fonts: dict[str, Path] | None = None,
                 only: Sequence[str] | None = None) -> list[Preview]:
    """Previews of a PDF, a .docx (through LibreOffice), or a plan / 公文 Markdown (through our engine; a plan
    gives its family, each document's previews under the same sub-folder as `render` would put its PDF)."""
    path, out_dir = Path(path), Path(out_dir)
    _check_dpi(dpi)
    if not path.is_file():
        raise OfficialDocsError(Problem("找不到输入文件", Location(str(path)), "检查文件路径"))
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        return [preview_pdf(path, out_dir, dpi)]
    if suffix == ".docx":
        return [_preview_docx(path, out_dir, dpi)]
    from .render import render_file

    with tempfile.TemporaryDirectory(prefix="officialdocs-preview-") as tmp:
        result = render_file(path, Path(tmp), ["pdf"], templates, profile, fonts, only=only)
        if result.failed:
            raise OfficialDocsError([p for _, problems in result.failed for p in problems])
        previews = []
        for output in result.outputs:
            if output.format == "pdf":
                relative = output.path.relative_to(tmp)
                made = preview_pdf(output.path, out_dir / relative.parent, dpi)
                previews.append(Preview(Path(output.source), made.pages, made.sheet))
        return previews


def _preview_docx(path: Path, out_dir: Path, dpi: int) -> Preview:
    from .check.docx import render_docx, soffice

    if soffice() is None:
        raise OfficialDocsError(Problem("预览 .docx 需要 LibreOffice（soffice）", Location(str(path)),
                                        "安装 LibreOffice（如 apt-get install libreoffice-writer），或预览 PDF"))
    with tempfile.TemporaryDirectory(prefix="officialdocs-preview-") as tmp:
        [pdf] = render_docx([path], Path(tmp))
        made = preview_pdf(pdf, out_dir, dpi, stem=path.stem)
    return Preview(path, made.pages, made.sheet)


def contact_sheet(thumbnails: list[Any]) -> Any:
    """The pages side by side, up to 5 a row, each in a box of _THUMB with 第N页 below it."""
    from PIL import Image, ImageDraw

    columns = min(len(thumbnails), 4 if len(thumbnails) <= 8 else 5)
    rows = math.ceil(len(thumbnails) / columns)
    box_w, box_h = _THUMB
    sheet = Image.new("RGB", (_GAP + columns * (box_w + _GAP), _GAP + rows * (box_h + _LABEL + _GAP)), _BACKGROUND)
    draw = ImageDraw.Draw(sheet)
    font = _label_font()
    for i, thumb in enumerate(thumbnails):
        row, column = divmod(i, columns)
        x = _GAP + column * (box_w + _GAP) + (box_w - thumb.width) // 2
        y = _GAP + row * (box_h + _LABEL + _GAP) + (box_h - thumb.height) // 2
        sheet.paste(thumb, (x, y))
        draw.rectangle((x - 1, y - 1, x + thumb.width, y + thumb.height), outline=_BORDER)
        label = f"第{i + 1}页"
        left = _GAP + column * (box_w + _GAP) + box_w // 2
        draw.text((left, _GAP + row * (box_h + _LABEL + _GAP) + box_h + 4), label, fill=_INK, font=font, anchor="mt")
    return sheet


def _label_font() -> Any:
    from PIL import ImageFont

    from .resources import data_dir

    try:
        return ImageFont.truetype(str(data_dir("fonts") / "officialdocs-song.ttf"), 14)
    except OSError:
        return ImageFont.load_default()


def _png(image: Any) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def _check_dpi(dpi: int) -> None:
    if not 10 <= dpi <= MAX_DPI:
        raise OfficialDocsError(Problem(f"分辨率 {dpi} dpi 超出范围", hint=f"可选 10–{MAX_DPI} dpi"))
