"""Colours of a PDF compared as colours, whatever space they were written in (gray, RGB or CMYK).

Every colour is converted to RGB first (the naive device conversion, which is what a viewer shows), then
compared channel by channel. The 公文 red is accepted as either of the profile's two definitions: its RGB
(#FF0000) and its print CMYK (6.2: M80% Y80%), so CMYK(0, 1, 1, 0) and CMYK(0, .8, .8, 0) are both red.
"""

from __future__ import annotations

RGB = tuple[float, float, float]


def to_rgb(color: tuple[float, ...]) -> RGB | None:
    if len(color) == 1:
        return (color[0], color[0], color[0])
    if len(color) == 3:
        return (color[0], color[1], color[2])
    if len(color) == 4:
        c, m, y, k = color
        return ((1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k))
    return None


def hex_rgb(value: str) -> RGB:
    return (int(value[0:2], 16) / 255, int(value[2:4], 16) / 255, int(value[4:6], 16) / 255)


def distance(color: tuple[float, ...], target: RGB) -> float:
    """Largest channel difference in RGB (1.0 when the colour cannot be read)."""
    rgb = to_rgb(color)
    if rgb is None:
        return 1.0
    return max(abs(a - b) for a, b in zip(rgb, target, strict=True))


def red_targets(red) -> list[RGB]:
    """The profile's red (`colors.red`) as RGB: its rgb value and its print CMYK converted."""
    return [hex_rgb(red.rgb), to_rgb(tuple(red.cmyk))]  # type: ignore[list-item]


def red_distance(color: tuple[float, ...], red) -> float:
    return min(distance(color, target) for target in red_targets(red))


def is_red(color: tuple[float, ...]) -> bool:
    """Reddish (for recognising the masthead): strong red, weak green and blue."""
    rgb = to_rgb(color)
    return rgb is not None and rgb[0] > 0.7 and rgb[1] < 0.45 and rgb[2] < 0.45


def is_black(color: tuple[float, ...], tolerance: float) -> bool:
    """Black within `tolerance` per RGB channel (no colour given counts as black, the PDF default)."""
    rgb = to_rgb(color)
    return rgb is None or max(rgb) <= tolerance


def color_text(color: tuple[float, ...]) -> str:
    rgb = to_rgb(color)
    shown = "#" + "".join(f"{round(v * 255):02X}" for v in rgb) if rgb else "（无）"
    if len(color) == 4:
        return "CMYK(" + ", ".join(f"{v:g}" for v in color) + f") ≈ {shown}"
    if len(color) == 1:
        return f"灰度 {color[0]:g} ≈ {shown}"
    return shown
