"""Draws the tray icon for an ``IconState``: a progress ring around the stretching figure.

The figure comes from ``icons/deskbreak.png`` (made by ``icons/make_source.py``);
the ring and colours are drawn here, four times too large and then scaled
down, so edges stay smooth at every panel size. Every shape carries a dark,
translucent halo, so the icon reads on light panels as well as dark ones.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

from PIL import Image, ImageChops, ImageDraw, ImageFilter

from deskbreak.tray._view import IconMode, IconState

__all__ = ["ICON_SIZES", "render_icon"]

ICON_SIZES = (16, 22, 24, 32, 48)
"""The sizes panels ask for; every one is checked by the tests."""

_SUPERSAMPLE = 4
_HALO = (0, 0, 0, 150)
_TRACK = (0, 0, 0, 90)
_BACKDROP = (0, 0, 0, 70)
Colour = tuple[int, int, int, int]


@dataclass(frozen=True, slots=True)
class _Look:
    """One mode's colours; ``glyph_alpha`` below 255 dims the whole figure."""

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


def render_icon(state: IconState, size: int) -> Image.Image:
    """An RGBA image ``size`` pixels square showing ``state``."""
    if not 8 <= size <= 512:
        raise ValueError(f"icon size must be 8 to 512 pixels, got {size}")
    look = _LOOKS[state.mode]
    big = size * _SUPERSAMPLE
    ring_width = max(3, round(size / 8)) * _SUPERSAMPLE
    gap = _SUPERSAMPLE if size >= 24 else _SUPERSAMPLE // 2
    canvas = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    _draw_ring(canvas, ring_width, look, 1.0 if look.full_ring else state.progress)
    inner = big - 2 * (ring_width + gap)
    figure = _pause_bars(inner) if look.pause_bars else _glyph(inner)
    _stamp(canvas, figure, look.glyph, halo=_SUPERSAMPLE)
    return canvas.resize((size, size), Image.Resampling.LANCZOS)


def _draw_ring(canvas: Image.Image, width: int, look: _Look, progress: float) -> None:
    """A one-pixel outer halo, a dark track inside it, and the filled part clockwise from the top."""
    pen = ImageDraw.Draw(canvas)
    box = (0, 0, canvas.width - 1, canvas.height - 1)
    pen.ellipse(box, fill=_BACKDROP, outline=_HALO, width=width)
    track = _shrink(box, _SUPERSAMPLE)
    pen.ellipse(track, outline=_TRACK, width=width - _SUPERSAMPLE)
    if progress > 0:
        pen.arc(track, -90, -90 + 360 * min(progress, 1.0), fill=look.ring, width=width - _SUPERSAMPLE)


def _shrink(box: tuple[int, int, int, int], by: int) -> tuple[int, int, int, int]:
    left, top, right, bottom = box
    return (left + by, top + by, right - by, bottom - by)


def _stamp(canvas: Image.Image, mask: Image.Image, colour: Colour, halo: int) -> None:
    """Paint ``mask`` centred on ``canvas`` in ``colour``, over a dark halo ``halo`` pixels wide."""
    offset = ((canvas.width - mask.width) // 2, (canvas.height - mask.height) // 2)
    grown = mask.filter(ImageFilter.MaxFilter(2 * halo + 1))
    halo_alpha = ImageChops.multiply(grown, Image.new("L", grown.size, _HALO[3]))
    canvas.alpha_composite(_solid(_HALO, halo_alpha), offset)
    fill_alpha = ImageChops.multiply(mask, Image.new("L", mask.size, colour[3]))
    canvas.alpha_composite(_solid(colour, fill_alpha), offset)


def _solid(colour: Colour, alpha: Image.Image) -> Image.Image:
    layer = Image.new("RGBA", alpha.size, colour)
    layer.putalpha(alpha)
    return layer


def _glyph(size: int) -> Image.Image:
    """The figure's shape as an alpha mask ``size`` pixels square."""
    return _source_mask().resize((size, size), Image.Resampling.LANCZOS)


@cache
def _source_mask() -> Image.Image:
    with resources.files("deskbreak.tray").joinpath("deskbreak.png").open("rb") as source:
        return Image.open(source).convert("RGBA").getchannel("A")


def _pause_bars(size: int) -> Image.Image:
    """Two upright bars, the pause sign every media player uses."""
    mask = Image.new("L", (size, size), 0)
    bar = max(size // 4, 1)
    top, bottom = size // 5, size - size // 5
    pen = ImageDraw.Draw(mask)
    for left in (size // 2 - bar - bar // 2, size // 2 + bar // 2):
        pen.rectangle((left, top, left + bar - 1, bottom), fill=255)
    return mask
