"""Where things are on a screenshot of Plasma's screen: a new tray icon, a notification's buttons.

Plasma draws with Breeze, Debian's default theme: light grey panels and
popups, buttons with white faces. These read its screenshots the way a
person would look for something, and need no access to Plasma's internals.
"""

from __future__ import annotations

from itertools import pairwise

from PIL import Image, ImageChops

Box = tuple[int, int, int, int]  # left, top, right, bottom on the screen
_WHITE = 250  # of 255: a Breeze button's face; the popup around it is about 239
_BUTTON_LEAST = 24  # px: the narrowest button ("Skip") is about 40 wide


def first_drawn(before: Image.Image, after: Image.Image, within: Box) -> Box | None:
    """The leftmost thing drawn anew inside ``within``: its columns run with no gap wider than 3 px.

    A new tray icon is drawn left of the icons already there, which move
    right to make room: the first run of changed columns is the new icon.
    """
    left, top, _, _ = within
    difference = ImageChops.difference(before.crop(within), after.crop(within)).convert("L").point(
        lambda value: 255 if value > 24 else 0)
    columns = [x for x in range(difference.width) if difference.crop((x, 0, x + 1, difference.height)).getbbox()]
    if not columns:
        return None
    end = next((a for a, b in pairwise(columns) if b - a > 4), columns[-1])
    run = difference.crop((columns[0], 0, end + 1, difference.height)).getbbox()
    assert run is not None
    return left + columns[0], top + run[1], left + end + 1, top + run[3]


def buttons_in(shot: Image.Image, popup: Box) -> list[Box]:
    """The buttons on a notification popup in ``shot``, left to right: Breeze draws their faces white on grey.

    In rows through a button's face above or below its label, each button is
    one unbroken white run; rows through labels break into short runs. The
    row with the most long runs is such a row, and each run there is a button,
    as high as the white reaches up and down beside its label.
    """
    left, top, right, bottom = popup
    grey = shot.convert("L")
    best: list[tuple[int, int]] = []
    for y in range((top + bottom) // 2, bottom):
        runs = _white_runs([int(grey.getpixel((x, y))) for x in range(left, right)])  # type: ignore[arg-type]
        if len(runs) > len(best):
            best, row = runs, y
    return [_face(grey, left + start, row, left + end) for start, end in best]


def _face(grey: Image.Image, left: int, row: int, right: int) -> Box:
    """A button's box: the white face through ``row`` from ``left`` to ``right``, followed up and down its edge."""
    def white(y: int) -> bool:
        return int(grey.getpixel((left + 2, y))) >= _WHITE  # type: ignore[arg-type]

    top, bottom = row, row
    while white(top - 1):
        top -= 1
    while white(bottom + 1):
        bottom += 1
    return left, top, right, bottom + 1


def _white_runs(row: list[int]) -> list[tuple[int, int]]:
    """(start, end) of each run of white pixels at least ``_BUTTON_LEAST`` long in ``row``."""
    runs, start = [], None
    for x, value in enumerate([*row, 0]):
        if value >= _WHITE and start is None:
            start = x
        elif value < _WHITE and start is not None:
            if x - start >= _BUTTON_LEAST:
                runs.append((start, x))
            start = None
    return runs
