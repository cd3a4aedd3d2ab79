"""Drawing at twice the size and scaling down, in the report's one style.

Pillow draws lines and shapes without anti-aliasing, so everything is drawn
at ``SCALE`` times the final size and shrunk at the end; callers work in
final pixels. Text uses Pillow's bundled font, so a report looks the same on
every machine (no system font lookup); a one-pixel stroke in the same
colour stands in for bold.
"""

from __future__ import annotations

from functools import cache

from PIL import Image, ImageDraw, ImageFont

__all__ = ["Box", "Canvas", "Colour", "Palette", "text_width", "wrap"]

SCALE = 2
Colour = tuple[int, int, int]
Box = tuple[float, float, float, float]  # left, top, right, bottom


class Palette:
    """The report's colours: the stretch pictures' slate ink and orange accent."""

    PAPER: Colour = (250, 248, 244)
    PANEL: Colour = (255, 255, 255)
    RULE: Colour = (226, 221, 212)
    INK: Colour = (51, 65, 85)
    MUTED: Colour = (110, 122, 140)
    DUE: Colour = (208, 215, 225)
    TAKEN: Colour = (22, 150, 110)
    SKIPPED: Colour = (234, 108, 48)
    NATURAL: Colour = (86, 132, 206)
    DESK: Colour = (120, 134, 156)
    OVER: Colour = (214, 74, 60)
    GUIDE: Colour = (226, 244, 234)
    PAIN: Colour = (160, 62, 140)


@cache
def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.load_default(size=size * SCALE)


class Canvas:
    """A picture being drawn, addressed in final pixels."""

    def __init__(self, width: int, height: int) -> None:
        self.width = width
        self.height = height
        self._image = Image.new("RGB", (width * SCALE, height * SCALE), Palette.PAPER)
        self._draw = ImageDraw.Draw(self._image)

    def text(
        self, at: tuple[float, float], words: str, size: int, *, fill: Colour = Palette.INK,
        anchor: str = "la", bold: bool = False,
    ) -> float:  # fmt: skip
        """Write ``words`` at ``at`` (Pillow anchor, e.g. "mm" centres); return its width."""
        font = _font(size)
        stroke = 1 if bold else 0
        self._draw.text(_scaled(at), words, fill=fill, font=font, anchor=anchor, stroke_width=stroke, stroke_fill=fill)
        return text_width(words, size)

    def box(self, area: Box, fill: Colour, *, outline: Colour | None = None, radius: float = 0) -> None:
        """A filled rectangle, with rounded corners if ``radius``; an empty one draws nothing."""
        left, top, right, bottom = area
        if right - left <= 0 or bottom - top <= 0:
            return
        corners = _scaled((left, top)) + _scaled((right, bottom))
        width = SCALE if outline else 0
        self._draw.rounded_rectangle(corners, radius=radius * SCALE, fill=fill, outline=outline, width=width)

    def line(self, points: list[tuple[float, float]], fill: Colour, *, width: float = 1, dash: float = 0) -> None:
        """A polyline; ``dash`` > 0 draws a straight two-point line dashed."""
        if dash <= 0:
            self._draw.line([_scaled(point) for point in points], fill=fill, width=round(width * SCALE), joint="curve")
            return
        (x0, y0), (x1, y1) = points
        length = max(abs(x1 - x0), abs(y1 - y0))
        steps = int(length // (2 * dash)) + 1
        for step in range(steps):
            start = step * 2 * dash / length if length else 0
            end = min(1.0, (step * 2 * dash + dash) / length) if length else 1
            segment = [(x0 + (x1 - x0) * t, y0 + (y1 - y0) * t) for t in (start, end)]
            self._draw.line([_scaled(point) for point in segment], fill=fill, width=round(width * SCALE))

    def dot(self, centre: tuple[float, float], radius: float, fill: Colour) -> None:
        """A filled circle with a paper-coloured ring, so it stands out on a line."""
        x, y = centre
        ring = radius + 2
        self._draw.ellipse(_scaled((x - ring, y - ring)) + _scaled((x + ring, y + ring)), fill=Palette.PANEL)
        self._draw.ellipse(_scaled((x - radius, y - radius)) + _scaled((x + radius, y + radius)), fill=fill)

    def finish(self) -> Image.Image:
        """The picture at its final size."""
        return self._image.resize((self.width, self.height), Image.Resampling.LANCZOS)


def text_width(words: str, size: int) -> float:
    """How wide ``words`` is at ``size``, in final pixels."""
    return float(_font(size).getlength(words)) / SCALE


def wrap(words: str, size: int, width: float) -> list[str]:
    """``words`` broken into lines no wider than ``width`` (a longer word keeps its own line)."""
    lines: list[str] = []
    for word in words.split():
        if lines and text_width(f"{lines[-1]} {word}", size) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines


def _scaled(point: tuple[float, float]) -> tuple[float, float]:
    return point[0] * SCALE, point[1] * SCALE
