"""X11 idle time from the MIT-SCREEN-SAVER extension (XScreenSaverQueryInfo), via ctypes.

The display is opened once, when the source is made, and each reading is one
round trip to the X server (tens of microseconds).

When the X server goes away, libX11 calls the process-wide IO error handler,
whose default prints "XIO: fatal IO error" and calls ``exit(1)``, and then the
display's exit handler, whose default also exits. To turn that into
IdleUnavailable instead, this module sets both (libX11 >= 1.7 only, where
``XSetIOErrorExitHandler`` exists and returning from both is supported):

- the display's exit handler just marks the display as lost;
- the process-wide handler is installed once and chains: for a display this
  module opened it returns quietly, for any other display (a GTK tray's) it
  calls the handler that was there before, so their behaviour is unchanged.
  A toolkit that installs its own handler later takes over for every display;
  X going away then ends the process through the toolkit, as it would anyway.

With an older libX11 nothing is installed and losing X ends the process.
"""

from __future__ import annotations

import ctypes
import logging
import os
import select
import socket
import time
from collections.abc import Callable, Mapping, Sequence
from datetime import timedelta
from typing import Any

from deskbreak.idle._native import declare, load_library
from deskbreak.idle._port import IdleUnavailable

__all__ = ["Connection", "X11Idle", "X11IdleWatch", "open_source"]


class _ScreenSaverInfo(ctypes.Structure):
    """``XScreenSaverInfo`` from <X11/extensions/scrnsaver.h>."""

    _fields_ = (
        ("window", ctypes.c_ulong),
        ("state", ctypes.c_int),
        ("kind", ctypes.c_int),
        ("til_or_since", ctypes.c_ulong),
        ("idle", ctypes.c_ulong),
        ("event_mask", ctypes.c_ulong),
    )


_ExitHandler = ctypes.CFUNCTYPE(None, ctypes.c_void_p, ctypes.c_void_p)
_IOErrorHandler = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p)


class _Xlib:
    """The libX11 and libXss calls this backend makes; each instance has its own bindings."""

    def __init__(self) -> None:
        x11 = load_library("libX11.so.6", "libX11.so.6 is not installed (Debian/Ubuntu package libx11-6)")
        xss = load_library(
            "libXss.so.1",
            "libXss.so.1 is not installed (Debian/Ubuntu package libxss1, Fedora libXScrnSaver)",
        )
        display, info = ctypes.c_void_p, ctypes.POINTER(_ScreenSaverInfo)
        int_p = ctypes.POINTER(ctypes.c_int)
        self.open_display = declare(x11, "XOpenDisplay", display, ctypes.c_char_p)
        self.close_display = declare(x11, "XCloseDisplay", ctypes.c_int, display)
        self.root_window = declare(x11, "XDefaultRootWindow", ctypes.c_ulong, display)
        self.free = declare(x11, "XFree", ctypes.c_int, ctypes.c_void_p)
        self.can_survive_io_errors = hasattr(x11, "XSetIOErrorExitHandler")
        if self.can_survive_io_errors:
            self.set_exit_handler = declare(
                x11, "XSetIOErrorExitHandler", None, display, _ExitHandler, ctypes.c_void_p
            )
            self.set_io_error_handler = declare(x11, "XSetIOErrorHandler", _IOErrorHandler, _IOErrorHandler)
        self.query_extension = declare(xss, "XScreenSaverQueryExtension", ctypes.c_int, display, int_p, int_p)
        self.alloc_info = declare(xss, "XScreenSaverAllocInfo", info)
        self.query_info = declare(xss, "XScreenSaverQueryInfo", ctypes.c_int, display, ctypes.c_ulong, info)
        self.connection_number = declare(x11, "XConnectionNumber", ctypes.c_int, display)
        self.pending = declare(x11, "XPending", ctypes.c_int, display)
        self.next_event = declare(x11, "XNextEvent", ctypes.c_int, display, ctypes.c_void_p)


class _QuietIOErrors:
    """The chained process-wide IO error handler; see the module docstring.

    Xlib keeps one such handler per process, so this record of which
    displays are ours is per process too (the one module-level object here).
    """

    def __init__(self) -> None:
        self._our_displays: set[int] = set()
        self._previous: Any = None
        self._handler = _IOErrorHandler(self._on_io_error)

    def watch(self, xlib: _Xlib, display: int) -> None:
        """Keep IO errors on ``display`` quiet, installing the handler the first time."""
        if self._previous is None:
            self._previous = xlib.set_io_error_handler(self._handler)
        self._our_displays.add(display)

    def forget(self, display: int) -> None:
        """``display`` is closed; its address may be reused by another library's display."""
        self._our_displays.discard(display)

    def _on_io_error(self, display: int | None) -> int:
        if display in self._our_displays:
            return 0
        return int(self._previous(display))


_QUIET_IO_ERRORS = _QuietIOErrors()


class Connection:
    """One connection to an X display whose loss marks it ``lost`` instead of ending the process."""

    def __init__(self, xlib: _Xlib, display_name: str) -> None:
        self.xlib = xlib
        self.name = display_name
        self.display: int | None = xlib.open_display(display_name.encode())
        if not self.display:
            raise IdleUnavailable(f"cannot open X display {display_name!r}")
        self.lost = False
        self._exit_handler = _ExitHandler(self._on_connection_lost)
        if xlib.can_survive_io_errors:
            _QUIET_IO_ERRORS.watch(xlib, self.display)
            xlib.set_exit_handler(self.display, self._exit_handler, None)

    def _on_connection_lost(self, display: int | None, user_data: int | None) -> None:
        """Xlib's exit handler: returning instead of exiting keeps the daemon alive."""
        self.lost = True

    def close(self, extensions: bool = False) -> None:
        """Close the display; safe twice.

        Xlib skips the round trip for a display it knows is lost, but not
        for one whose server went away unnoticed (nothing was asked since),
        and an extension's close hook never does: libXext's for SYNC waits
        on a dead connection for ever. In those cases only the socket is
        closed, leaving Xlib's small record of the display behind, once.
        """
        if self.display is None:
            return
        fd = self.xlib.connection_number(self.display)
        if self.lost and not extensions:
            self.xlib.close_display(self.display)
        elif self.lost or _hung_up(fd):
            os.close(fd)
        else:
            self.xlib.close_display(self.display)
        _QUIET_IO_ERRORS.forget(self.display)
        self.display = None


def _hung_up(fd: int) -> bool:
    """Whether the X server closed its end of the connection ``fd``."""
    poller = select.poll()
    poller.register(fd, select.POLLIN)
    if not poller.poll(0):
        return False
    with socket.socket(fileno=os.dup(fd)) as peek:
        try:
            return peek.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT) == b""
        except OSError:
            return True


class X11Idle:
    """Idle time of one X display, read with XScreenSaverQueryInfo."""

    name = "x11"

    def __init__(self, display_name: str) -> None:
        self._xlib = _Xlib()
        self._display_name = display_name
        self._connection = Connection(self._xlib, display_name)
        self._display: int | None = self._connection.display
        self._info: Any = None
        self._info = self._alloc_info()
        self._root = self._xlib.root_window(self._display)

    def _alloc_info(self) -> Any:
        """The reply buffer, allocated once; closes the display if the extension is missing."""
        event_base, error_base = ctypes.c_int(), ctypes.c_int()
        if not self._xlib.query_extension(self._display, ctypes.byref(event_base), ctypes.byref(error_base)):
            self.close()
            raise IdleUnavailable(f"X display {self._display_name!r} has no MIT-SCREEN-SAVER extension")
        info = self._xlib.alloc_info()
        if not info:
            self.close()
            raise IdleUnavailable("XScreenSaverAllocInfo returned NULL (out of memory)")
        return info

    def idle_for(self) -> timedelta:
        """Milliseconds since the X server last saw input, as a timedelta."""
        if self._display is None:
            raise IdleUnavailable("the x11 idle source is closed")
        if self._connection.lost or not self._xlib.query_info(self._display, self._root, self._info):
            self._connection.lost = True
            raise IdleUnavailable(f"lost the connection to X display {self._display_name!r}")
        return timedelta(milliseconds=self._info.contents.idle)

    def close(self) -> None:
        """Free the reply buffer and close the display (Xlib skips the sync if it was lost)."""
        if self._info:
            self._xlib.free(self._info)
            self._info = None
        self._connection.close()
        self._display = None


class X11IdleWatch(X11Idle):
    """``X11Idle`` that also watches, with XSync alarms on the server's IDLETIME counter (``_xsync``)."""

    def __init__(self, display_name: str) -> None:
        from deskbreak.idle._xsync import IdleAlarms

        super().__init__(display_name)
        try:
            self._alarms = IdleAlarms(Connection(self._xlib, display_name))
        except IdleUnavailable:
            self.close()
            raise
        self._last_input_at = time.monotonic()

    def idle_for(self) -> timedelta:
        """As ``X11Idle.idle_for``; the moment of the last input is kept for ``active_for``."""
        idle = super().idle_for()
        self._last_input_at = time.monotonic() - idle.total_seconds()
        return idle

    def watch(self, thresholds: Sequence[timedelta], changed: Callable[[], None]) -> None:
        """Alarms at ``thresholds`` of idle time, and one when input comes back after the smallest."""
        self._alarms.watch(thresholds, changed)

    def active_for(self) -> timedelta:
        """From the last time input came back (after a pause as long as the smallest threshold) to the last input."""
        return timedelta(seconds=max(0.0, self._last_input_at - self._alarms.back_at))

    def close(self) -> None:
        """Stop the alarms' thread and close both displays."""
        alarms = getattr(self, "_alarms", None)
        if alarms is not None:
            alarms.close()
        super().close()


def open_source(environ: Mapping[str, str]) -> X11Idle:
    """Open the display named by DISPLAY in ``environ``: with XSync alarms where the server has IDLETIME."""
    display_name = environ.get("DISPLAY", "")
    if not display_name:
        raise IdleUnavailable("no DISPLAY set")
    try:
        return X11IdleWatch(display_name)
    except IdleUnavailable as missing:
        source = X11Idle(display_name)
        logging.getLogger("deskbreak").info("x11 idle is sampled, not watched: %s", missing)
        return source
