"""Where the break window goes, as a table: the monitor under the pointer, and the window centred in it."""

from __future__ import annotations

import subprocess
import sys

import pytest

from deskbreak.breakwindow import TAKE_FOCUS, window_command
from deskbreak.breakwindow._placement import Area, area_for, centred

SCREEN = Area(0, 0, 3000, 1200)
LEFT, RIGHT = Area(0, 0, 1920, 1080), Area(1920, 0, 1080, 1200)


@pytest.mark.parametrize(
    ("pointer", "monitors", "chosen"),
    [
        ((100, 100), [LEFT, RIGHT], LEFT),
        ((2500, 1150), [LEFT, RIGHT], RIGHT),
        ((1919, 0), [LEFT, RIGHT], LEFT),
        ((1920, 0), [LEFT, RIGHT], RIGHT),
        ((500, 1150), [LEFT, RIGHT], LEFT),  # below the shorter monitor: the nearest one
        ((2500, 500), [SCREEN, RIGHT], RIGHT),  # RandR also lists the whole screen: the smallest holding it wins
        ((2500, 500), [], SCREEN),  # nothing known: the whole screen
    ],
)
def test_the_monitor_with_the_pointer(pointer: tuple[int, int], monitors: list[Area], chosen: Area) -> None:
    assert area_for(pointer, monitors, SCREEN) == chosen


@pytest.mark.parametrize(
    ("size", "area", "corner"),
    [
        ((480, 640), LEFT, (720, 220)),
        ((480, 640), RIGHT, (2220, 280)),
        ((480, 640), Area(0, 0, 400, 600), (0, 0)),  # too big: pinned to the top-left, never off it
    ],
)
def test_the_window_is_centred_in_it(size: tuple[int, int], area: Area, corner: tuple[int, int]) -> None:
    assert centred(size, area) == corner


def test_an_unknown_argument_is_one_line() -> None:
    done = subprocess.run([sys.executable, "-m", "deskbreak.breakwindow", "--steal-focus"], input="",
                          capture_output=True, text=True, timeout=20, check=False)
    assert (done.returncode, done.stderr) == (
        2, "deskbreak.breakwindow: unknown argument '--steal-focus' (the only one is --take-focus)\n")


def test_only_a_break_the_person_asked_for_by_clicking_takes_the_keyboard() -> None:
    assert TAKE_FOCUS not in window_command()
    assert window_command(take_focus=True)[-1] == TAKE_FOCUS
