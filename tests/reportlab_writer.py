"""The PDF writer officialdocs had before its own (reportlab's canvas), kept as a reference: the tests
render the same laid-out pages with both and compare pixels, so the new writer cannot drift."""

from __future__ import annotations

import io

from reportlab import rl_config
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas as rl_canvas

from officialdocs.layout.model import GlyphRun, LaidOut, Page

rl_config.useA85 = 0
_REGISTERED: set[str] = set()


def _register(key: str, path, index: int) -> str:
    name = f"ref-{key}"
    if name not in _REGISTERED:
        pdfmetrics.registerFont(TTFont(name, str(path), subfontIndex=index, shapable=False))
        _REGISTERED.add(name)
    return name


def reportlab_pdf(laid: LaidOut) -> bytes:
    out = io.BytesIO()
    first = laid.pages[0]
    names = {key: _register(key, path, index) for key, (path, index) in laid.fonts.items()}
    c = rl_canvas.Canvas(out, pagesize=(first.width, first.height), invariant=1, pageCompression=1,
                         pdfVersion=(1, 6), initialFontName=next(iter(names.values())), initialFontSize=16)
    for index, page in enumerate(laid.pages):
        c.setPageSize((page.width, page.height))
        if laid.watermark:
            text, face = laid.watermark
            c.saveState()
            c.setFillColorCMYK(0, 0, 0, 0.12)
            c.translate(page.width / 2, page.height / 2)
            c.rotate(45)
            size = min(96.0, page.width * 1.1 / max(len(text), 1))
            c.setFont(names[face], size)
            c.drawCentredString(0, -size / 3, text)
            c.restoreState()
        if page.landscape_content:
            c.saveState()
            c.transform(0, 1, -1, 0, page.width, 0)
            _content(c, page, names, page.width)
            c.restoreState()
        else:
            _content(c, page, names, page.height)
        for run in page.fixed:
            _run(c, run, names[run.face], page.height)
        del index
        c.showPage()
    c.save()
    return out.getvalue()


def _content(c, page: Page, names, h: float) -> None:
    for image in page.images:
        c.drawImage(str(image.path), image.x, h - image.y - image.height, image.width, image.height,
                    mask="auto", preserveAspectRatio=True)
    for rule in page.rules:
        c.setStrokeColorCMYK(*rule.color)
        c.setLineWidth(rule.thickness)
        c.line(rule.x0, h - rule.y, rule.x1, h - rule.y)
    for box in page.boxes:
        c.setStrokeColorCMYK(*box.color)
        c.setLineWidth(box.thickness)
        c.rect(box.x0, h - box.y1, box.x1 - box.x0, box.y1 - box.y0, stroke=1, fill=0)
    for run in page.runs:
        _run(c, run, names[run.face], h)


def _run(c, run: GlyphRun, font: str, page_height: float) -> None:
    text = c.beginText()
    text.setFont(font, run.size)
    text.setHorizScale(run.h_scale)
    c.setFillColorCMYK(*run.color)
    text.setFillColorCMYK(*run.color)
    scale = run.h_scale / 100
    y = page_height - run.baseline
    x = run.x
    segment, spacing, start = "", None, x
    for ch, adv, natural in zip(run.text, run.advances, run.naturals, strict=True):
        extra = adv - natural
        if spacing is None or abs(extra - spacing) > 0.001:
            if segment:
                _segment(text, start, y, spacing, segment, scale)
            segment, spacing, start = "", extra, x
        segment += ch
        x += adv
    if segment:
        _segment(text, start, y, spacing, segment, scale)
    c.drawText(text)


def _segment(text, x, y, spacing, chars, scale) -> None:
    text.setTextOrigin(x, y)
    text.setCharSpace(spacing / scale if scale else spacing)
    text.textOut(chars)
