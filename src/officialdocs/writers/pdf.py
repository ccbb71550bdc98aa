"""The PDF writer: draws laid-out pages with reportlab's canvas.

Only embedded, subsetted TrueType fonts; red in CMYK; title/author/subject and heading bookmarks;
reportlab's invariant mode for byte-identical output.
"""

from __future__ import annotations

import io

from reportlab import rl_config
from reportlab.pdfgen import canvas as rl_canvas

from ..layout.model import Bookmark, Color, GlyphRun, LaidOut, Page
from .pdf_fonts import register

# Binary (Flate only) streams: ASCII85 on top makes files 25% larger and costs time, for 7-bit channels
# nobody uses for PDF any more.
rl_config.useA85 = 0


def pdf_bytes_from_layout(laid: LaidOut) -> bytes:
    out = io.BytesIO()
    first = laid.pages[0]
    names = {key: register(key, path, index) for key, (path, index) in laid.fonts.items()}
    # The canvas would otherwise open every page with Helvetica, a font that is never embedded.
    initial = next(iter(names.values()), "Helvetica")
    c = rl_canvas.Canvas(out, pagesize=(first.width, first.height), invariant=1, pageCompression=1,
                         pdfVersion=(1, 6), initialFontName=initial, initialFontSize=16)
    c.setTitle(laid.title)
    c.setAuthor(laid.author)
    c.setSubject(laid.subject)
    c.setCreator("officialdocs")
    c.setProducer("officialdocs (reportlab)")
    marks: dict[int, list[Bookmark]] = {}
    for b in laid.bookmarks:
        marks.setdefault(b.page, []).append(b)
    for index, page in enumerate(laid.pages):
        c.setPageSize((page.width, page.height))
        if laid.watermark:
            _watermark(c, page, *laid.watermark, names)
        _draw_page(c, page, names)
        for n, b in enumerate(marks.get(index, [])):
            key = f"h{index}-{n}"
            c.bookmarkPage(key, fit="XYZ", left=0, top=page.height - b.y + 4, zoom=0)
            c.addOutlineEntry(b.title, key, level=b.level, closed=False)
        c.showPage()
    if laid.bookmarks:
        c.showOutline()
    c.save()
    return out.getvalue()


def _watermark(c, page: Page, text: str, face: str, names: dict[str, str]) -> None:
    """A light diagonal draft mark (征求意见稿) behind the text of every page."""
    c.saveState()
    c.setFillColorCMYK(0, 0, 0, 0.12)
    c.translate(page.width / 2, page.height / 2)
    c.rotate(45)
    size = min(96.0, page.width * 1.1 / max(len(text), 1))
    c.setFont(names[face], size)
    c.drawCentredString(0, -size / 3, text)
    c.restoreState()


def _fill(c, color: Color) -> None:
    c.setFillColorCMYK(*color)


def _stroke(c, color: Color) -> None:
    c.setStrokeColorCMYK(*color)


def _draw_page(c, page: Page, names: dict[str, str]) -> None:
    if page.landscape_content:
        c.saveState()
        c.transform(0, 1, -1, 0, page.width, 0)  # 90° anticlockwise: the frame's top to the page's left
        _draw_content(c, page, names, page.width)
        c.restoreState()
    else:
        _draw_content(c, page, names, page.height)
    for run in page.fixed:
        _draw_run(c, run, names[run.face], page.height)


def _draw_content(c, page: Page, names: dict[str, str], h: float) -> None:
    """Everything but the page number; `h` is the height of the frame the coordinates refer to."""
    for image in page.images:
        c.drawImage(str(image.path), image.x, h - image.y - image.height, image.width, image.height,
                    mask="auto", preserveAspectRatio=True)
    for rule in page.rules:
        _stroke(c, rule.color)
        c.setLineWidth(rule.thickness)
        c.line(rule.x0, h - rule.y, rule.x1, h - rule.y)
    for box in page.boxes:
        _stroke(c, box.color)
        c.setLineWidth(box.thickness)
        c.rect(box.x0, h - box.y1, box.x1 - box.x0, box.y1 - box.y0, stroke=1, fill=0)
    for run in page.runs:
        _draw_run(c, run, names[run.face], h)


def _draw_run(c, run: GlyphRun, font: str, page_height: float) -> None:
    """One text object per run; stretches between characters become character spacing (Tc), split into
    segments wherever the extra spacing changes, so every glyph lands exactly where the layout put it."""
    text = c.beginText()
    text.setFont(font, run.size)
    text.setHorizScale(run.h_scale)  # always: Tz belongs to the graphics state and outlives BT/ET
    _fill(c, run.color)
    text.setFillColorCMYK(*run.color)
    scale = run.h_scale / 100
    y = page_height - run.baseline
    x = run.x
    segment, spacing, start = "", 0.0, x
    for ch, adv, natural in zip(run.text, run.advances, run.naturals, strict=True):
        extra = adv - natural
        if not segment or abs(extra - spacing) > 0.001:
            if segment:
                _segment(text, start, y, spacing, segment, scale)
            segment, spacing, start = "", extra, x
        segment += ch
        x += adv
    if segment:
        _segment(text, start, y, spacing, segment, scale)
    c.drawText(text)


def _segment(text, x: float, y: float, spacing: float, chars: str, scale: float) -> None:
    text.setTextOrigin(x, y)
    text.setCharSpace(spacing / scale if scale else spacing)  # Tc is scaled by Tz in PDF
    text.textOut(chars)


def write(prepared) -> bytes:
    """The registered PDF writer (officialdocs.writers): draws the pipeline's layout."""
    return pdf_bytes_from_layout(prepared.layout)
