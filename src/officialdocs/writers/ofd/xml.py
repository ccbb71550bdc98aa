"""XML and geometry helpers shared by the OFD parts: the namespace, elements, numbers, affine matrices.

OFD measures in millimetres with the origin at the top-left corner and y growing downwards, like the
layout (which uses points); a matrix (a, b, c, d, e, f) maps (x, y) to (a·x + c·y + e, b·x + d·y + f),
as a `CTM` does in GB/T 33190.
"""

from __future__ import annotations

from lxml import etree

NS = "http://www.ofdspec.org/2016"
MM_PER_PT = 25.4 / 72

Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def root(tag: str, **attrs: str) -> etree._Element:
    """A part's root element, with the `ofd:` prefix every OFD reader expects."""
    return etree.Element(f"{{{NS}}}{tag}", attrs, nsmap={"ofd": NS})


def sub(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    """A child element; attributes keep the order given (stable bytes)."""
    element = etree.SubElement(parent, f"{{{NS}}}{tag}", attrs)
    if text is not None:
        element.text = text
    return element


def to_bytes(element: etree._Element) -> bytes:
    return etree.tostring(element, xml_declaration=True, encoding="UTF-8")


def num(value: float) -> str:
    """A number as OFD text: at most 4 decimals (0.1 µm), no trailing zeros, never "-0"."""
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def mm(points: float) -> float:
    return points * MM_PER_PT


def multiply(m: Matrix, n: Matrix) -> Matrix:
    """The matrix applying `n` first, then `m`."""
    a, b, c, d, e, f = m
    p, q, r, s, t, u = n
    return (a * p + c * q, b * p + d * q, a * r + c * s, b * r + d * s, a * t + c * u + e, b * t + d * u + f)


def translate(x: float, y: float) -> Matrix:
    return (1.0, 0.0, 0.0, 1.0, x, y)


def scale(sx: float, sy: float) -> Matrix:
    return (sx, 0.0, 0.0, sy, 0.0, 0.0)


def apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = m
    return a * x + c * y + e, b * x + d * y + f


def bounds(m: Matrix, box: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    """The axis-aligned box (x0, y0, x1, y1) around `box` mapped by `m`."""
    x0, y0, x1, y1 = box
    points = [apply(m, x, y) for x, y in ((x0, y0), (x1, y0), (x0, y1), (x1, y1))]
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return min(xs), min(ys), max(xs), max(ys)


def matrix_text(m: Matrix) -> str:
    return " ".join(num(v) for v in m)
