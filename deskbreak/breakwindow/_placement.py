"""Where the break window goes: centred on the monitor that has the pointer.

A pure function of the pointer, the monitors and the window's size, so the
choice is tested as a table; ``_x11`` asks an X server for the monitors and
the view supplies the rest. Where the monitors are unknown (no X server, or
one that cannot say), the whole screen Tk reports stands in for them.
"""

from __future__ import annotations

from deskbreak.breakwindow._value import Value

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing into the window process
if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = ["Area", "area_for", "centred"]


class Area(Value, kw_only=False):
    """A rectangle of the desktop in root-window pixels: a monitor, or the whole screen."""

    x: int
    y: int
    width: int
    height: int

    def holds(self, point: tuple[int, int]) -> bool:
        """Whether ``point`` lies inside."""
        return self.x <= point[0] < self.x + self.width and self.y <= point[1] < self.y + self.height

    def distance(self, point: tuple[int, int]) -> int:
        """How far ``point`` is outside, along x plus along y (0 inside)."""
        dx = max(self.x - point[0], 0, point[0] - (self.x + self.width - 1))
        dy = max(self.y - point[1], 0, point[1] - (self.y + self.height - 1))
        return dx + dy


def area_for(pointer: tuple[int, int], monitors: Sequence[Area], screen: Area) -> Area:
    """The monitor the pointer is on.

    Where monitors overlap (RandR lists a mirrored pair, or one spanning
    several), the smallest holding the pointer is the one being looked at.
    A pointer on none of them (a gap in an odd layout) takes the nearest;
    with no monitors known, the whole screen.
    """
    if not monitors:
        return screen
    holding = [area for area in monitors if area.holds(pointer)]
    if holding:
        return min(holding, key=lambda area: area.width * area.height)
    return min(monitors, key=lambda area: area.distance(pointer))


def centred(size: tuple[int, int], area: Area) -> tuple[int, int]:
    """The top-left corner that centres a window of ``size`` in ``area``, never past its top-left."""
    width, height = size
    return area.x + max(0, (area.width - width) // 2), area.y + max(0, (area.height - height) // 2)
