"""Busy while the focused X11 window is fullscreen: EWMH ``_NET_ACTIVE_WINDOW`` and ``_NET_WM_STATE``.

The window manager names the focused window in the root window's
``_NET_ACTIVE_WINDOW`` and marks a fullscreen window with
``_NET_WM_STATE_FULLSCREEN`` in that window's ``_NET_WM_STATE``; a reading
is those two properties, two round trips on one connection opened when the
signal is, and a non-blocking read of anything the server sent unasked
(``bench/quiet_fullscreen.py`` measures it). With no EWMH window
manager nothing is ever "fullscreen", which is right: nothing manages it.

On Wayland the X server is Xwayland, which sees only the windows of X11
clients, so the doctor line says so; GNOME's session manager covers
Wayland there (``_fullscreen_gnome``).

python-xlib is pure Python: when the X server goes away a request raises
``ConnectionClosedError`` instead of calling libX11's IO error handler (which
would end the process), so a lost display becomes QuietUnavailable here,
and the next reading tries to open the display again.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Mapping
from typing import Any

from Xlib import X, Xatom, display  # type: ignore[import-untyped]
from Xlib.error import ConnectionClosedError, DisplayError, XError  # type: ignore[import-untyped]

from deskbreak.core import Settings
from deskbreak.quiet._port import QuietUnavailable

__all__ = ["X11Fullscreen", "open_signal"]


class _Connection:
    """One open display and the three atoms a reading needs, interned once."""

    def __init__(self, display_name: str) -> None:
        try:
            self.display: Any = display.Display(display_name)
        except (DisplayError, ConnectionClosedError, OSError) as error:
            raise QuietUnavailable(f"cannot open X display {display_name!r} ({error})") from None
        self.root = self.display.screen().root
        self.active_window = self.display.intern_atom("_NET_ACTIVE_WINDOW")
        self.wm_state = self.display.intern_atom("_NET_WM_STATE")
        self.fullscreen = self.display.intern_atom("_NET_WM_STATE_FULLSCREEN")

    def drop_events(self) -> None:
        """Read and drop what the server sent unasked (MappingNotify goes to every client, selected or not).

        python-xlib queues every event it reads until the program asks for
        it; unread, a keyboard layout switched now and then would grow that
        queue for as long as the daemon runs.
        """
        for _ in range(self.display.pending_events()):
            self.display.next_event()

    def focused_is_fullscreen(self) -> bool:
        """Read the active window, then its state; a window that vanished in between is not fullscreen."""
        active = self.root.get_full_property(self.active_window, Xatom.WINDOW)
        if active is None or not active.value or active.value[0] == X.NONE:
            return False
        window = self.display.create_resource_object("window", active.value[0])
        try:
            state = window.get_full_property(self.wm_state, Xatom.ATOM)
        except XError:  # BadWindow: it closed after the window manager named it
            return False
        return state is not None and self.fullscreen in state.value


class X11Fullscreen:
    """Busy while the window the window manager says has focus is fullscreen."""

    reason = "fullscreen"

    def __init__(self, display_name: str, name: str = "x11 _NET_WM_STATE") -> None:
        self.name = name
        self._display_name = display_name
        self._connection: _Connection | None = _Connection(display_name)

    def busy(self) -> bool:
        """Whether the focused window is fullscreen; reopens the display first if it was lost."""
        if self._connection is None:
            self._connection = _Connection(self._display_name)
        try:
            fullscreen = self._connection.focused_is_fullscreen()
            self._connection.drop_events()
        except (ConnectionClosedError, OSError) as error:
            self.close()
            raise QuietUnavailable(f"lost the connection to X display {self._display_name!r} ({error})") from None
        return fullscreen

    def close(self) -> None:
        """Close the display; a display that was lost closes without a word."""
        connection, self._connection = self._connection, None
        if connection is not None:
            with contextlib.suppress(ConnectionClosedError, OSError):
                connection.display.close()


def open_signal(environ: Mapping[str, str], settings: Settings, changed: Callable[[], None]) -> X11Fullscreen:
    """Open DISPLAY; on a Wayland session the name says only Xwayland windows are seen."""
    display_name = environ.get("DISPLAY", "")
    if not display_name:
        raise QuietUnavailable("no DISPLAY set")
    if environ.get("WAYLAND_DISPLAY"):
        return X11Fullscreen(display_name, "x11 _NET_WM_STATE (Xwayland windows only)")
    return X11Fullscreen(display_name)
