"""Draws the tray icon for an ``IconState``: a progress ring around the stretching figure, in plain Python.

No imaging library: the daemon sends raw pixels (StatusNotifierItem's
IconPixmap is ARGB32, an X window takes BGRX), and Pillow alone would add
about 4 MB to its resident set. Every shape is a distance field, so an edge
pixel gets the share of it the shape covers and edges stay smooth at every
panel size. The figure is the one ``icons/make_source.py`` draws (a head and
five round-ended strokes on a 256-unit grid), so it is drawn from the same
numbers. Every shape carries a dark, translucent halo, so the icon reads on
light panels as well as dark ones.

What never changes for a size and mode is drawn once and kept: the icon
with an empty track and with a full ring. A new progress only mixes the
two along the ring, so a redraw costs a few thousand small steps.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from deskbreak.tray._view import IconMode, IconState

__all__ = ["ICON_SIZES", "SMALLEST_SIDE", "IconPixels", "render_icon"]

ICON_SIZES = (16, 22, 24, 32, 48)
"""The sizes panels ask for; every one is checked by the tests."""
SMALLEST_SIDE = 8
"""Below this many pixels a side the figure is not drawn: no panel shows an icon that small."""

Colour = tuple[int, int, int, int]
_Premultiplied = tuple[float, float, float, float]
_HALO: Colour = (0, 0, 0, 150)
_TRACK: Colour = (0, 0, 0, 90)
_BACKDROP: Colour = (0, 0, 0, 70)
_GRID = 256
_STROKE_RADIUS = 15
_HEAD = (128.0, 58.0, 25.0)
_LIMBS = (((128, 100), (128, 168)), ((128, 104), (78, 26)), ((128, 104), (178, 26)),
          ((128, 166), (92, 236)), ((128, 166), (164, 236)))
"""The figure on ``icons/make_source.py``'s grid: head (x, y, radius), then the strokes' ends."""


@dataclass(frozen=True, slots=True)
class IconPixels:
    """A square icon ``size`` pixels wide: straight (not premultiplied) RGBA bytes, row by row.

    ``state`` is what it shows, so a tray can draw it again at another size.
    """

    state: IconState
    size: int
    rgba: bytes

    def argb(self) -> bytes:
        """The same pixels as ARGB32 in network byte order, as IconPixmap wants them."""
        out = bytearray(len(self.rgba))
        out[0::4], out[1::4], out[2::4], out[3::4] = self.rgba[3::4], self.rgba[0::4], self.rgba[1::4], self.rgba[2::4]
        return bytes(out)


@dataclass(frozen=True, slots=True)
class _Look:
    """One mode's colours."""

    ring: Colour
    glyph: Colour
    full_ring: bool = False
    pause_bars: bool = False


_LOOKS: dict[IconMode, _Look] = {
    "working": _Look(ring=(64, 156, 255, 255), glyph=(255, 255, 255, 255)),
    "due": _Look(ring=(255, 152, 0, 255), glyph=(255, 214, 140, 255), full_ring=True),
    "break": _Look(ring=(46, 204, 96, 255), glyph=(120, 235, 150, 255)),
    "paused": _Look(ring=(150, 150, 150, 255), glyph=(215, 215, 215, 255), pause_bars=True),
    "off-hours": _Look(ring=(120, 120, 120, 120), glyph=(200, 200, 200, 110)),
}


def render_icon(state: IconState, size: int) -> IconPixels:
    """The icon ``size`` pixels square showing ``state``."""
    if not SMALLEST_SIDE <= size <= 512:
        raise ValueError(f"icon size must be {SMALLEST_SIDE} to 512 pixels, got {size}")
    look = _LOOKS[state.mode]
    progress = 1.0 if look.full_ring else min(max(state.progress, 0.0), 1.0)
    if progress in {0.0, 1.0}:
        return IconPixels(state, size, _drawn(state.mode, size, full=bool(progress)))
    empty, full = _drawn(state.mode, size, full=False), _drawn(state.mode, size, full=True)
    mixed = bytearray(empty)
    for start, turn, circumference, from_top, before_top in _ring_pixels(size):
        share = max(min(0.5 + (progress - turn) * circumference, from_top, 1.0), before_top)
        if share >= 1.0:
            mixed[start:start + 4] = full[start:start + 4]
        elif share > 0.0:
            mixed[start:start + 4] = _mix(empty[start:start + 4], full[start:start + 4], share)
    return IconPixels(state, size, bytes(mixed))


def _mix(empty: bytes, full: bytes, share: float) -> bytes:
    """``share`` of the way from one straight-RGBA pixel to another, mixed premultiplied."""
    alpha = empty[3] * (1 - share) + full[3] * share
    if alpha <= 0:
        return b"\0\0\0\0"
    channels = (round((empty[i] * empty[3] * (1 - share) + full[i] * full[3] * share) / alpha) for i in range(3))
    return bytes((*channels, round(alpha)))


@dataclass(frozen=True, slots=True)
class _Geometry:
    """Where a size's ring and figure fall, in pixels."""

    size: int
    ring_width: float
    inner: float
    """The side of the square the figure is drawn in."""


def _geometry(size: int) -> _Geometry:
    ring_width = max(3, round(size / 8))
    gap = 1.0 if size >= 24 else 0.5
    return _Geometry(size, ring_width, size - 2 * (ring_width + gap))


@cache
def _drawn(mode: IconMode, size: int, *, full: bool) -> bytes:
    """The icon for ``mode`` with an empty track (or a full ring), as straight RGBA bytes."""
    look = _LOOKS[mode]
    where = _geometry(size)
    figure = _figure_coverage(size, look.pause_bars)
    out = bytearray()
    for y in range(size):
        for x in range(size):
            pixel = _ring_at(where, x + 0.5, y + 0.5, look.ring if full else _TRACK)
            halo, glyph = figure.get(y * size + x, (0.0, 0.0))
            if halo:
                pixel = _over(_over(pixel, _HALO, halo), look.glyph, glyph)
            out += _straight(pixel)
    return bytes(out)


@cache
def _figure_coverage(size: int, pause_bars: bool) -> dict[int, tuple[float, float]]:
    """How much of each pixel the figure's halo and the figure cover, for the pixels they touch.

    Each shape is measured only within its own box (grown by the halo and
    an edge pixel), which keeps a size's first drawing quick at start-up.
    """
    shapes = _pause_bars(_geometry(size)) if pause_bars else _figure(_geometry(size))
    nearest: dict[int, float] = {}
    for distance, (left, top, right, bottom) in shapes:
        for y in range(max(math.floor(top) - 2, 0), min(math.ceil(bottom) + 2, size)):
            for x in range(max(math.floor(left) - 2, 0), min(math.ceil(right) + 2, size)):
                outside_by = distance(x + 0.5, y + 0.5)
                if outside_by < nearest.get(y * size + x, 1.5):
                    nearest[y * size + x] = outside_by
    return {pixel: (_coverage(1.0 - outside_by), _coverage(-outside_by)) for pixel, outside_by in nearest.items()}


def _ring_at(where: _Geometry, x: float, y: float, band: Colour) -> _Premultiplied:
    """Backdrop disc, one-pixel dark rim, then ``band`` (the track or the ring's colour) inside the rim."""
    radius = where.size / 2
    away = math.hypot(x - radius, y - radius)
    pixel = (0.0, 0.0, 0.0, 0.0)
    if away >= radius + 0.5:
        return pixel
    if away <= radius - where.ring_width - 0.5:  # inside every edge: only the backdrop shows
        return _paint(pixel, _BACKDROP, 1.0)
    for colour, edge in ((_HALO, radius), (band, radius - 1), (_BACKDROP, radius - where.ring_width)):
        pixel = _paint(pixel, colour, _coverage(edge - away))
    return pixel


@cache
def _ring_pixels(size: int) -> tuple[tuple[int, float, float, float, float], ...]:
    """Each pixel the ring's band touches, with what says how much of it a ring started at twelve o'clock fills.

    That is: its byte offset; its turn clockwise from twelve o'clock (0 to 1);
    the circumference there, which turns a difference of turns into pixels
    along the ring; the share of it past twelve o'clock (for pixels just
    right of it, else 1); the share of it past twelve o'clock that a pixel
    just left of it has (else 0).
    """
    where = _geometry(size)
    radius = size / 2
    pixels = []
    for y in range(size):
        for x in range(size):
            across, down = x + 0.5 - radius, y + 0.5 - radius
            away = math.hypot(across, down)
            if radius - where.ring_width - 1 <= away <= radius:
                turn = (math.atan2(across, -down) / (2 * math.pi)) % 1.0
                circumference = 2 * math.pi * away
                from_top = _coverage(turn * circumference) if turn < 0.5 else 1.0
                before_top = _coverage((turn - 1.0) * circumference) if turn >= 0.5 else 0.0
                pixels.append(((y * size + x) * 4, turn, circumference, from_top, before_top))
    return tuple(pixels)


_Box = tuple[float, float, float, float]
_Shape = tuple[Callable[[float, float], float], _Box]
"""How far (pixels) a point is outside a shape, negative inside; and the box (left, top, right, bottom) it fills."""


def _figure(where: _Geometry) -> list[_Shape]:
    """The figure's head and strokes, in pixels, centred in the square it is drawn in."""
    scale = where.inner / _GRID
    offset = (where.size - where.inner) / 2

    def at(x: float, y: float) -> tuple[float, float]:
        return offset + x * scale, offset + y * scale

    head_x, head_y = at(*_HEAD[:2])
    head_radius, stroke_radius = _HEAD[2] * scale, _STROKE_RADIUS * scale
    shapes: list[_Shape] = [(functools.partial(_circle_distance, head_x, head_y, head_radius),
                             (head_x - head_radius, head_y - head_radius, head_x + head_radius, head_y + head_radius))]
    for start, end in _LIMBS:
        (ax, ay), (bx, by) = at(*start), at(*end)
        shapes.append((functools.partial(_stroke_distance, (ax, ay), (bx, by), stroke_radius),
                       (min(ax, bx) - stroke_radius, min(ay, by) - stroke_radius,
                        max(ax, bx) + stroke_radius, max(ay, by) + stroke_radius)))
    return shapes


def _circle_distance(centre_x: float, centre_y: float, radius: float, x: float, y: float) -> float:
    return math.hypot(x - centre_x, y - centre_y) - radius


def _stroke_distance(start: tuple[float, float], end: tuple[float, float], radius: float, x: float, y: float) -> float:
    """Outside a straight stroke with round ends from ``start`` to ``end``."""
    (ax, ay), (bx, by) = start, end
    along_x, along_y = bx - ax, by - ay
    t = min(max(((x - ax) * along_x + (y - ay) * along_y) / (along_x * along_x + along_y * along_y), 0.0), 1.0)
    return math.hypot(x - ax - t * along_x, y - ay - t * along_y) - radius


def _pause_bars(where: _Geometry) -> list[_Shape]:
    """Two upright bars, the pause sign every media player uses."""
    offset = (where.size - where.inner) / 2
    bar = where.inner / 4
    top, bottom = offset + where.inner / 5, offset + where.inner * 4 / 5
    middle = where.size / 2
    boxes = [(left, top, left + bar, bottom) for left in (middle - bar * 1.5, middle + bar / 2)]
    return [(functools.partial(_box_distance, box), box) for box in boxes]


def _box_distance(box: _Box, x: float, y: float) -> float:
    left, top, right, bottom = box
    across = max(left - x, x - right)
    down = max(top - y, y - bottom)
    return math.hypot(max(across, 0.0), max(down, 0.0)) + min(max(across, down), 0.0)


def _coverage(inside_by: float) -> float:
    """The share of a pixel a shape covers whose edge is ``inside_by`` pixels beyond the pixel's centre."""
    return min(max(inside_by + 0.5, 0.0), 1.0)


def _paint(pixel: _Premultiplied, colour: Colour, coverage: float) -> _Premultiplied:
    """Replace ``pixel`` with ``colour`` where the shape covers it (a drawn shape is not blended)."""
    return _layer(pixel, colour, coverage, keep=1 - coverage)


def _over(pixel: _Premultiplied, colour: Colour, coverage: float) -> _Premultiplied:
    """``colour`` laid over ``pixel`` where the shape covers it, as alpha compositing does."""
    return _layer(pixel, colour, coverage, keep=1 - colour[3] / 255 * coverage)


def _layer(pixel: _Premultiplied, colour: Colour, coverage: float, keep: float) -> _Premultiplied:
    """``keep`` of ``pixel`` plus ``colour`` at its alpha times ``coverage``."""
    alpha = colour[3] / 255 * coverage
    red, green, blue, opacity = pixel
    return (red * keep + colour[0] * alpha, green * keep + colour[1] * alpha, blue * keep + colour[2] * alpha,
            opacity * keep + alpha)


def _straight(pixel: _Premultiplied) -> bytes:
    red, green, blue, alpha = pixel
    if alpha <= 0:
        return b"\0\0\0\0"
    return bytes((round(red / alpha), round(green / alpha), round(blue / alpha), round(alpha * 255)))
