"""What the break window asks an X server that Tk cannot: the monitors, and not to be focused.

Both go through python-xlib (installed with pystray on Linux) on a second,
short-lived connection to the window's display, and both degrade to what
Tk does alone, with one line on stderr saying why:

- ``monitors``: RandR 1.5's monitor list (what desktops use today, and
  what ``xrandr --setmonitor`` sets), else Xinerama's screens.
- ``keep_focus_away``: sets ``_NET_WM_USER_TIME`` to 0 on the toplevel's
  frame before it is first mapped. EWMH window managers then map the
  window without focusing it (it still comes up on top), so a break that
  starts while someone types does not take their keystrokes. Tk cannot set
  the property itself; its frame (Tk's "wrapper") exists from creation,
  as the parent of the toplevel's own window.
"""

from __future__ import annotations

import os
from typing import TextIO

from deskbreak.breakwindow._placement import Area

__all__ = ["keep_focus_away", "monitors"]


def monitors(errors: TextIO) -> list[Area]:
    """The X display's monitors, or none when it has no such extension or cannot be asked."""
    try:
        from Xlib import display  # type: ignore[import-untyped]
        from Xlib.ext import randr, xinerama  # type: ignore[import-untyped]

        connection = display.Display(os.environ.get("DISPLAY"))
        try:
            if connection.has_extension("RANDR"):
                found = randr.get_monitors(connection.screen().root, True).monitors
                return [Area(m.x, m.y, m.width_in_pixels, m.height_in_pixels) for m in found]
            if connection.has_extension("XINERAMA") and xinerama.query_state(connection).state:
                return [Area(s.x, s.y, s.width, s.height) for s in xinerama.query_screens(connection).screens]
            return []
        finally:
            connection.close()
    except Exception as error:  # any failure here means "centre on the whole screen"
        errors.write(f"deskbreak.breakwindow: cannot list the monitors ({error}); using the whole screen\n")
        return []


def keep_focus_away(toplevel: int, errors: TextIO) -> None:
    """Ask the window manager not to focus the toplevel (X window id ``toplevel``) when it is mapped."""
    try:
        from Xlib import Xatom, display

        connection = display.Display(os.environ.get("DISPLAY"))
        try:
            frame = connection.create_resource_object("window", toplevel).query_tree().parent
            frame.change_property(connection.intern_atom("_NET_WM_USER_TIME"), Xatom.CARDINAL, 32, [0])
            connection.sync()
        finally:
            connection.close()
    except Exception as error:  # the window still opens, only perhaps focused
        errors.write(f"deskbreak.breakwindow: cannot ask the window manager not to focus the window: {error}\n")
