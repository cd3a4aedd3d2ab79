"""A contact sheet of every stretch picture with its name, for docs and review."""

from __future__ import annotations

from PIL import Image, ImageDraw, ImageFont

from deskbreak.library._draw import draw_stretch
from deskbreak.library._load import load_library

__all__ = ["contact_sheet"]

_PAPER = (255, 255, 255)
_INK = (51, 65, 85)
_GAP = 12


def contact_sheet(picture_size: int = 200, columns: int = 5) -> Image.Image:
    """Every stretch in library order, ``columns`` to a row, each named underneath."""
    stretches = list(load_library().stretches.values())
    font = ImageFont.load_default(size=max(11, picture_size // 13))
    caption = round(picture_size * 0.16)
    rows = -(-len(stretches) // columns)
    sheet = Image.new(
        "RGB",
        (columns * (picture_size + _GAP) + _GAP, rows * (picture_size + caption + _GAP) + _GAP),
        _PAPER,
    )
    draw = ImageDraw.Draw(sheet)
    for index, stretch in enumerate(stretches):
        row, column = divmod(index, columns)
        left = _GAP + column * (picture_size + _GAP)
        top = _GAP + row * (picture_size + caption + _GAP)
        sheet.paste(draw_stretch(stretch.id, picture_size), (left, top))
        draw.text((left + picture_size / 2, top + picture_size + caption / 2), stretch.name,
                  fill=_INK, font=font, anchor="mm")  # fmt: skip
    return sheet
