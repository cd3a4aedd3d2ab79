"""Every stretch has a picture a user can read, at icon size and at full size."""

from __future__ import annotations

import re
from itertools import combinations
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageOps

from deskbreak.library import load_library
from deskbreak.library.pictures import contact_sheet, draw_stretch

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts" / "library"
STRETCHES = load_library().stretches
BODY, ACCENT = (51, 65, 85), (234, 108, 48)
PER_SIDE = sorted(key for key, stretch in STRETCHES.items() if stretch.per_side)


def share_different(first: Image.Image, second: Image.Image) -> float:
    """The share of pixels that differ clearly between two pictures of one size."""
    channels = ImageChops.difference(first, second).split()
    clearly = [channel.point(lambda value: 255 if value > 24 else 0) for channel in channels]
    marked = ImageChops.lighter(ImageChops.lighter(clearly[0], clearly[1]), clearly[2])
    return marked.histogram()[255] / (first.width * first.height)


def share_close_to(image: Image.Image, colour: tuple[int, int, int]) -> float:
    """The share of pixels close to ``colour``."""
    return 1 - share_different(image, Image.new("RGB", image.size, colour))


@pytest.mark.parametrize("size", [128, 400])
@pytest.mark.parametrize("stretch_id", sorted(STRETCHES))
def test_every_stretch_draws_a_figure_with_the_stretched_part_marked(stretch_id: str, size: int) -> None:
    picture = draw_stretch(stretch_id, size)
    assert (picture.size, picture.mode) == ((size, size), "RGB")
    assert share_close_to(picture, BODY) > 0.01, "the figure should be clearly drawn"
    assert share_close_to(picture, ACCENT) > 0.003, "the stretched part should show in the accent colour"


@pytest.mark.parametrize("stretch_id", PER_SIDE)
def test_the_other_side_is_the_mirror_image(stretch_id: str) -> None:
    left, right = draw_stretch(stretch_id, 128, "left"), draw_stretch(stretch_id, 128, "right")
    assert share_different(left, right) > 0.01
    assert ImageChops.difference(ImageOps.mirror(left), right).getbbox() is None


def test_pictures_of_different_stretches_differ() -> None:
    pictures = {stretch_id: draw_stretch(stretch_id, 128) for stretch_id in STRETCHES}
    alike = [(a, b) for a, b in combinations(pictures, 2) if share_different(pictures[a], pictures[b]) < 0.02]
    assert not alike


@pytest.mark.parametrize(
    ("stretch_id", "size", "side", "message"),
    [
        ("cat-cwo", 128, None, "unknown stretch 'cat-cwo'; did you mean \"cat-cow\"?"),
        ("wall-dog", 128, "left", "stretch 'wall-dog': side 'left': expected no side (it is done on both at once)"),
        ("seated-twist", 128, "up", "stretch 'seated-twist': side 'up': expected \"left\" or \"right\""),
        ("wall-dog", 8, None, "picture size 8 px is too small; the smallest is 32 px"),
    ],
)
def test_bad_requests_say_what_was_wrong(stretch_id: str, size: int, side: str | None, message: str) -> None:
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        draw_stretch(stretch_id, size, side)


def test_the_contact_sheet_names_every_stretch_and_matches_the_checked_in_copy() -> None:
    sheet = contact_sheet()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    sheet.save(ARTIFACTS / "stretches.png")
    checked_in = Image.open(ROOT / "docs" / "stretches.png").convert("RGB")
    assert checked_in.size == sheet.size
    assert share_different(checked_in, sheet) < 0.001, "docs/stretches.png is stale: run scripts/draw_stretches.py"
