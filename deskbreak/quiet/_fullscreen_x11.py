"""Busy while the focused X11 window is fullscreen: EWMH ``_NET_ACTIVE_WINDOW`` and ``_NET_WM_STATE``.

The window manager names the focused window in the root window's
``_NET_ACTIVE_WINDOW`` and marks a fullscreen window with
``_NET_WM_STATE_FULLSCREEN`` in that window's ``_NET_WM_STATE``. Both are
watched, not polled: a thread of the signal's own, on a connection of its
own, asks the server for PropertyNotify on the root window and on each
window that gets focus, and reads the two properties again only when one of
them changed, so a desktop where nothing happens costs no wake-up. Every
other event the server sends (MappingNotify goes to every client) is read
and dropped, so none piles up. With no EWMH window manager nothing is ever
"fullscreen", which is right: nothing manages it.

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
import socket
import threading
from collections.abc import Callable, Mapping
from typing import Any

from Xlib import X, Xatom, display  # type: ignore[import-untyped]
from Xlib.error import ConnectionClosedError, DisplayError, XError  # type: ignore[import-untyped]

from deskbreak.core import Settings
from deskbreak.quiet._port import QuietUnavailable

__all__ = ["X11Fullscreen", "open_signal"]


def _ignore_error(*_: Any) -> bool:
    """A window that closed before we asked for its events: nothing to watch there.

    True tells python-xlib the error is handled; a falsy answer sends it on
    to the default handler, which prints it to stderr (the daemon's log).
    """
    return True


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
        self.closing = False  # set before ``wake``: the watching thread's end is then no loss

    def watch(self, window: Any) -> None:
        """Ask for ``window``'s property changes (the root's focus, or the focused window's state and its end).

        A window manager may leave ``_NET_ACTIVE_WINDOW`` naming a window that
        closed, so the focused window's unmapping counts as a change too.
        """
        mask = X.PropertyChangeMask if window == self.root else X.PropertyChangeMask | X.StructureNotifyMask
        window.change_attributes(event_mask=mask, onerror=_ignore_error)
        self.display.flush()

    def focused_is_fullscreen(self) -> bool:
        """Read the active window and its state, watching it from now on; a window gone meanwhile is not."""
        active = self.root.get_full_property(self.active_window, Xatom.WINDOW)
        if active is None or not active.value or active.value[0] == X.NONE:
            return False
        window = self.display.create_resource_object("window", active.value[0])
        self.watch(window)
        try:
            state = window.get_full_property(self.wm_state, Xatom.ATOM)
        except XError:  # BadWindow: it closed after the window manager named it
            return False
        return state is not None and self.fullscreen in state.value

    def wake(self) -> None:
        """Make a ``next_event`` blocked on another thread return (it raises ConnectionClosedError)."""
        with contextlib.suppress(OSError):
            self.display.display.socket.shutdown(socket.SHUT_RDWR)


class X11Fullscreen:
    """Busy while the window the window manager says has focus is fullscreen; watched on its own thread."""

    reason = "fullscreen"

    def __init__(self, display_name: str, changed: Callable[[], None], name: str = "x11 _NET_WM_STATE") -> None:
        self.name = name
        self._display_name = display_name
        self._changed = changed
        self._fullscreen = False
        self._connection: _Connection | None = None
        self._lost: str | None = None
        self._start()

    def busy(self) -> bool:
        """What the watch last saw; a lost display is reopened here first (QuietUnavailable if it cannot be)."""
        if self._lost is not None:
            lost, self._lost = self._lost, None
            self._end()
            raise QuietUnavailable(lost)
        if self._connection is None:
            self._start()
        return self._fullscreen

    def _start(self) -> None:
        connection = _Connection(self._display_name)
        self._connection = connection
        connection.watch(connection.root)
        self._fullscreen = connection.focused_is_fullscreen()
        threading.Thread(target=self._watch, args=(connection,), name="quiet-x11", daemon=True).start()

    def _watch(self, connection: _Connection) -> None:
        """Read every event; a change to focus or to a window's state is read again, the rest dropped."""
        try:
            while True:
                event = connection.display.next_event()
                if event.type in (X.UnmapNotify, X.DestroyNotify) or (
                        event.type == X.PropertyNotify and event.atom in (connection.active_window,
                                                                         connection.wm_state)):
                    fullscreen = connection.focused_is_fullscreen()
                    if fullscreen != self._fullscreen:
                        self._fullscreen = fullscreen
                        self._changed()
        except Exception as error:  # ConnectionClosedError, OSError, or python-xlib's state after a shutdown
            if not connection.closing:
                self._fullscreen = False
                self._lost = f"lost the connection to X display {self._display_name!r} ({error})"
                self._changed()
        finally:  # the connection is this thread's: it closes it, never the thread that woke it
            with contextlib.suppress(Exception):
                connection.display.close()

    def _end(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            connection.closing = True
            connection.wake()

    def close(self) -> None:
        """Stop watching and close the display; safe twice, and after the display was lost."""
        self._end()


def open_signal(environ: Mapping[str, str], settings: Settings, changed: Callable[[], None]) -> X11Fullscreen:
    """Open DISPLAY; on a Wayland session the name says only Xwayland windows are seen."""
    display_name = environ.get("DISPLAY", "")
    if not display_name:
        raise QuietUnavailable("no DISPLAY set")
    if environ.get("WAYLAND_DISPLAY"):
        return X11Fullscreen(display_name, changed, "x11 _NET_WM_STATE (Xwayland windows only)")
    return X11Fullscreen(display_name, changed)
