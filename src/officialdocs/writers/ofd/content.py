"""One page's Content.xml: glyph runs as TextObjects, rules and table borders as PathObjects, seals as
ImageObjects, drawn in the PDF writer's order (watermark, images, rules, boxes, text, page number).

Every object is placed by a matrix from its own space to the page (mm, y down). An upright object gets its
Boundary on the page and at most a horizontal scale as CTM; a turned one (landscape table pages, the
draft watermark) gets the CTM that maps its space into its Boundary.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from ...layout.model import Box, Color, GlyphRun, Image, Page, Rule
from .fonts import EmbeddedFont
from .tags import PAGE_NUMBER, element_tag
from .xml import (
    IDENTITY,
    Matrix,
    bounds,
    matrix_text,
    mm,
    multiply,
    num,
    root,
    scale,
    sub,
    translate,
)

WATERMARK_COLOR: Color = (0.0, 0.0, 0.0, 0.12)  # as the PDF writer draws it


@dataclass
class Context:
    """What every page refers to: unit ids, font and image resources, the screen colours."""

    next_id: Callable[[], int]
    fonts: dict[str, tuple[int, EmbeddedFont]]  # face key -> (resource id, font)
    images: dict[Path, tuple[int, tuple[int, int]]]  # image file -> (resource id, pixel size)
    rgb: dict[Color, str] = field(default_factory=dict)
    tagged: list[tuple[str, int, int]] = field(default_factory=list)  # (tag, page id, object id), see tags.py


def rgb_value(color: Color, table: dict[Color, str]) -> str:
    """An OFD colour value in the default RGB space: the profile's own screen colour where it declares one
    (red FF0000 for CMYK 0/80/80/0), else the usual arithmetic conversion."""
    declared = table.get(color)
    if declared:
        return " ".join(str(int(declared[i:i + 2], 16)) for i in (0, 2, 4))
    c, m, y, k = color
    return " ".join(str(round(255 * (1 - v) * (1 - k))) for v in (c, m, y))


def page_xml(page: Page, ctx: Context, index: int, page_id: int, physical: tuple[float, float],
             watermark: tuple[str, str] | None) -> etree._Element:
    """The Page element of page `index`; `physical` is the document's page size in mm (an Area is written
    only for a page of another size)."""
    width, height = mm(page.width), mm(page.height)
    element = root("Page")
    if (round(width, 3), round(height, 3)) != (round(physical[0], 3), round(physical[1], 3)):
        area = sub(element, "Area")
        sub(area, "PhysicalBox", f"0 0 {num(width)} {num(height)}")
    content = sub(element, "Content")
    if watermark:
        layer = sub(content, "Layer", ID=str(ctx.next_id()), Type="Background")
        _watermark(layer, ctx, page, *watermark)
    layer = sub(content, "Layer", ID=str(ctx.next_id()), Type="Body")
    # A landscape page's content is laid out in a frame whose top edge becomes the page's left edge.
    frame = (0.0, -1.0, 1.0, 0.0, 0.0, height) if page.landscape_content else IDENTITY
    for image in page.images:
        _image(layer, ctx, image, frame)
    for rule in page.rules:
        obj = _rule(layer, ctx, rule, frame)
        if tag := element_tag(rule.element):
            ctx.tagged.append((tag, page_id, obj))
    for box in page.boxes:
        _box(layer, ctx, box, frame)
    for run in page.runs:
        text_obj = _run(layer, ctx, run, frame)
        if text_obj is not None and (tag := element_tag(run.element)):
            ctx.tagged.append((tag, page_id, text_obj))
    for run in page.fixed:
        text_obj = _run(layer, ctx, run, IDENTITY)
        if text_obj is not None:
            ctx.tagged.append((PAGE_NUMBER, page_id, text_obj))
    return element


def _place(element: etree._Element, m: Matrix, box: tuple[float, float, float, float]) -> None:
    """Set Boundary and CTM of an object whose own space, mapped to the page by `m`, holds everything it
    draws within `box` (the CTM maps that space into the Boundary; left out when it is the identity)."""
    x0, y0, x1, y1 = bounds(m, box)
    element.set("Boundary", f"{num(x0)} {num(y0)} {num(x1 - x0)} {num(y1 - y0)}")
    ctm = multiply(translate(-x0, -y0), m)
    if matrix_text(ctm) != matrix_text(IDENTITY):
        element.set("CTM", matrix_text(ctm))


def _run(layer, ctx: Context, run: GlyphRun, frame: Matrix) -> int | None:
    if not run.text.strip():
        return None
    s = run.h_scale / 100 if run.h_scale else 1.0
    place = multiply(frame, multiply(translate(mm(run.x), mm(run.baseline)), scale(s, 1.0)))
    return _text(layer, ctx, run.text, run.face, mm(run.size), [mm(a) / s for a in run.advances], run.color, place)


def _text(layer, ctx: Context, text: str, face: str, size: float, advances: list[float],
          color: Color, place: Matrix) -> int:
    """A TextObject: `place` maps the text's own space (origin at the first glyph's origin on the baseline,
    in mm, y down) to the page; `advances` are in that space."""
    font_id, font = ctx.fonts[face]
    xmin, ymin, xmax, ymax = font.bbox
    offsets = [0.0]
    for a in advances[:-1]:
        offsets.append(offsets[-1] + a)
    # Everything a glyph may draw lies inside its font's bounding box: the Boundary clips nothing.
    right = max(o + max(a, xmax * size) for o, a in zip(offsets, advances, strict=True))
    box = (min(0.0, xmin * size), -ymax * size, right, -ymin * size)
    obj = sub(layer, "TextObject", ID=str(ctx.next_id()), Font=str(font_id), Size=num(size))
    # Upright text keeps its origin in TextCode X/Y (readers that ignore CTM translation still place it).
    upright = place[1] == place[2] == 0 and place[3] == 1
    if upright:
        x0, y0, x1, y1 = bounds(place, box)
        obj.set("Boundary", f"{num(x0)} {num(y0)} {num(x1 - x0)} {num(y1 - y0)}")
        if place[0] != 1:
            obj.set("CTM", matrix_text(scale(place[0], 1.0)))
        origin = ((place[4] - x0) / place[0], place[5] - y0)
    else:
        _place(obj, place, box)
        origin = (0.0, 0.0)
    sub(obj, "FillColor", Value=rgb_value(color, ctx.rgb))
    # Positions rounded once (0.1 µm) and differenced: no error accumulates along a line.
    ticks = [round((origin[0] + o) * 10000) for o in offsets]
    code = sub(obj, "TextCode", _xml_text(text), X=num(ticks[0] / 10000), Y=num(origin[1]))
    if len(ticks) > 1:
        code.set("DeltaX", " ".join(num((b - a) / 10000) for a, b in zip(ticks, ticks[1:], strict=False)))
    return int(obj.get("ID"))


def _xml_text(text: str) -> str:
    """Characters XML 1.0 cannot hold become U+FFFD, one for one (DeltaX counts characters)."""
    return "".join(ch if ch in "\t\n\r" or (ord(ch) >= 0x20 and ch not in "\ufffe\uffff") else "\ufffd" for ch in text)


def _path(layer, ctx: Context, place: Matrix, box, data: str, width: float, color: Color) -> int:
    obj = sub(layer, "PathObject", ID=str(ctx.next_id()))
    _place(obj, place, box)
    obj.set("LineWidth", num(width))
    sub(obj, "StrokeColor", Value=rgb_value(color, ctx.rgb))
    sub(obj, "AbbreviatedData", data)
    return int(obj.get("ID"))


def _rule(layer, ctx: Context, rule: Rule, frame: Matrix) -> int:
    """A horizontal line, stroked along its centre: its own space is the band the stroke covers."""
    t, length = mm(rule.thickness), mm(rule.x1 - rule.x0)
    place = multiply(frame, translate(mm(rule.x0), mm(rule.y) - t / 2))
    return _path(layer, ctx, place, (0.0, 0.0, length, t), f"M 0 {num(t / 2)} L {num(length)} {num(t / 2)}", t, rule.color)


def _box(layer, ctx: Context, box: Box, frame: Matrix) -> None:
    """A rectangle outline; its space is the rectangle grown by half the line width (square corners)."""
    t = mm(box.thickness)
    w, h = mm(box.x1 - box.x0), mm(box.y1 - box.y0)
    place = multiply(frame, translate(mm(box.x0) - t / 2, mm(box.y0) - t / 2))
    a, b, c, d = num(t / 2), num(w + t / 2), num(t / 2), num(h + t / 2)
    _path(layer, ctx, place, (0.0, 0.0, w + t, h + t), f"M {a} {c} L {b} {c} L {b} {d} L {a} {d} C", t, box.color)


def _image(layer, ctx: Context, image: Image, frame: Matrix) -> None:
    """An image fitted into its box keeping its proportions, centred (as the PDF writer draws it)."""
    resource, (pw, ph) = ctx.images[image.path]
    factor = min(image.width / pw, image.height / ph)
    w, h = pw * factor, ph * factor
    x, y = image.x + (image.width - w) / 2, image.y + (image.height - h) / 2
    place = multiply(frame, multiply(translate(mm(x), mm(y)), scale(mm(w), mm(h))))
    obj = sub(layer, "ImageObject", ID=str(ctx.next_id()))
    _place(obj, place, (0.0, 0.0, 1.0, 1.0))
    obj.set("ResourceID", str(resource))


def _watermark(layer, ctx: Context, page: Page, text: str, face: str) -> None:
    """The draft mark: centred on the page, turned 45° anticlockwise, in light grey."""
    size = min(96.0, page.width * 1.1 / max(len(text), 1))
    font = ctx.fonts[face][1]
    advances = [mm(font.advances.get(ord(ch), font.notdef_advance) * size) for ch in text]
    width = sum(advances)
    cos = sin = math.sqrt(0.5)
    turn = (cos, -sin, sin, cos, 0.0, 0.0)
    place = multiply(translate(mm(page.width) / 2, mm(page.height) / 2),
                     multiply(turn, translate(-width / 2, mm(size) / 3)))
    _text(layer, ctx, text, face, mm(size), advances, WATERMARK_COLOR, place)
