"""The tray icon drawn for every state at every panel size, and a contact sheet to look at."""

from __future__ import annotations

from itertools import combinations
from pathlib import Path

import pytest
from PIL import Image, ImageChops

from deskbreak.tray import ICON_SIZES, IconState
from deskbreak.tray import render_icon as render_pixels

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts" / "tray"
STATES = (
    IconState("working", 0.0),
    IconState("working", 0.4),
    IconState("working", 0.9),
    IconState("due", 1.0),
    IconState("break", 0.5),
    IconState("paused", 0.4),
    IconState("off-hours", 0.4),
)
LIGHT_PANEL = (238, 238, 238, 255)
DARK_PANEL = (40, 40, 40, 255)


@pytest.mark.parametrize("size", ICON_SIZES)
@pytest.mark.parametrize("state", STATES, ids=lambda state: f"{state.mode}-{state.progress}")
def test_every_state_draws_a_square_rgba_image_with_something_in_it(state: IconState, size: int) -> None:
    image = render_icon(state, size)
    assert (image.size, image.mode) == ((size, size), "RGBA")
    opaque = sum(image.getchannel("A").histogram()[129:])
    assert opaque > size * size // 8, "the icon is nearly empty"


@pytest.mark.parametrize("size", ICON_SIZES)
def test_every_state_looks_different_from_every_other(size: int) -> None:
    drawn = {state: render_icon(state, size) for state in STATES}
    for first, second in combinations(STATES, 2):
        assert ImageChops.difference(drawn[first], drawn[second]).getbbox() is not None, (first, second)


@pytest.mark.parametrize("background", [LIGHT_PANEL, DARK_PANEL], ids=["light", "dark"])
def test_the_figure_stands_out_on_light_and_dark_panels(background: tuple[int, int, int, int]) -> None:
    panel = Image.new("RGBA", (24, 24), background)
    shown = panel.copy()
    shown.alpha_composite(render_icon(IconState("working", 0.4), 24))
    centre = shown.crop((8, 8, 16, 16)).convert("L")
    backdrop = Image.new("L", centre.size, round(sum(background[:3]) / 3))
    lightest_difference = ImageChops.difference(centre, backdrop).getextrema()[1]
    assert isinstance(lightest_difference, int)
    assert lightest_difference > 80


def test_the_ring_fills_clockwise_from_the_top_as_the_break_nears() -> None:
    top_right = (34, 6)  # on the ring, just right of twelve o'clock at 48 px
    bottom_left = (10, 38)
    early = render_icon(IconState("working", 0.1), 48).getchannel("B")
    late = render_icon(IconState("working", 0.9), 48).getchannel("B")
    assert blue_at(early, top_right) > 200  # blue progress already there
    assert blue_at(early, bottom_left) < 150  # not yet
    assert blue_at(late, bottom_left) > 200


def blue_at(blue: Image.Image, point: tuple[int, int]) -> int:
    value = blue.getpixel(point)
    assert isinstance(value, int)
    return value


def render_icon(state: IconState, size: int) -> Image.Image:
    """The drawn pixels as a Pillow image, to measure them."""
    pixels = render_pixels(state, size)
    assert (pixels.state, pixels.size, len(pixels.rgba)) == (state, size, size * size * 4)
    return Image.frombytes("RGBA", (size, size), pixels.rgba)


def test_sizes_outside_what_panels_use_are_refused() -> None:
    with pytest.raises(ValueError, match="icon size must be 8 to 512 pixels, got 4"):
        render_pixels(IconState("working", 0.5), 4)


def test_contact_sheet_on_light_and_dark_panels() -> None:
    cell = max(ICON_SIZES) + 8
    sheet = Image.new("RGBA", (cell * len(STATES), cell * len(ICON_SIZES) * 2), (0, 0, 0, 0))
    for band, background in enumerate((LIGHT_PANEL, DARK_PANEL)):
        for row, size in enumerate(ICON_SIZES):
            for column, state in enumerate(STATES):
                tile = Image.new("RGBA", (cell, cell), background)
                tile.alpha_composite(render_icon(state, size), (4, 4))
                sheet.paste(tile, (column * cell, (band * len(ICON_SIZES) + row) * cell))
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    sheet = sheet.resize((sheet.width * 3, sheet.height * 3), Image.Resampling.NEAREST)
    sheet.save(ARTIFACTS / "icons.png")
    assert Image.open(ARTIFACTS / "icons.png").size == sheet.size
