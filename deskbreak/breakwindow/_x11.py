"""What the break window asks an X server that Tk cannot: the monitors, and not to be focused.

Both go through libX11 (already loaded by Tk) and, for the monitors,
libXrandr or libXinerama, called with ctypes on a second, short-lived
connection to the window's display. (Not python-xlib: it loads a module for
every extension the server has, which cost the window process 4 MiB, a fifth
of its memory.) Both degrade to what Tk does alone, with one line on stderr
saying why:

- ``monitors``: RandR 1.5's monitor list (what desktops use today, and
  what ``xrandr --setmonitor`` sets), else Xinerama's screens.
- ``keep_focus_away``: sets ``_NET_WM_USER_TIME`` to 0 on the toplevel's
  frame before it is first mapped. EWMH window managers then map the
  window without focusing it (it still comes up on top), so a break that
  starts while someone types does not take their keystrokes. Tk cannot set
  the property itself; its frame (Tk's "wrapper") exists from creation,
  as the parent of the toplevel's own window.

An X error on that connection (a window gone, a request the server does
not know) would make libX11's default handler end the process, so while
the connection is open a handler of ours takes errors instead, and the
call that caused one raises ``OSError``.
"""

from __future__ import annotations

import ctypes
import os
from ctypes import POINTER, byref, c_char_p, c_int, c_short, c_ubyte, c_uint, c_ulong, c_void_p

from deskbreak.breakwindow._placement import Area

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing into the window process
if TYPE_CHECKING:
    from typing import Any, TextIO

__all__ = ["keep_focus_away", "monitors"]

_XA_CARDINAL = 6
_PROP_MODE_REPLACE = 0
_RANDR_MONITORS = (1, 5)  # the RandR version that lists monitors


class _ErrorEvent(ctypes.Structure):
    """The start of ``XErrorEvent`` from <X11/Xlib.h>, as far as the codes that name the error."""

    _fields_ = (("type", c_int), ("display", c_void_p), ("resourceid", c_ulong), ("serial", c_ulong),
                ("error_code", c_ubyte), ("request_code", c_ubyte), ("minor_code", c_ubyte))


class _MonitorInfo(ctypes.Structure):
    """``XRRMonitorInfo`` from <X11/extensions/Xrandr.h>."""

    _fields_ = (("name", c_ulong), ("primary", c_int), ("automatic", c_int), ("noutput", c_int),
                ("x", c_int), ("y", c_int), ("width", c_int), ("height", c_int),
                ("mwidth", c_int), ("mheight", c_int), ("outputs", c_void_p))


class _ScreenInfo(ctypes.Structure):
    """``XineramaScreenInfo`` from <X11/extensions/Xinerama.h>."""

    _fields_ = (("screen_number", c_int), ("x_org", c_short), ("y_org", c_short),
                ("width", c_short), ("height", c_short))


_ErrorHandler = ctypes.CFUNCTYPE(c_int, c_void_p, POINTER(_ErrorEvent))
_int_p = POINTER(c_int)
_X11 = {
    "XOpenDisplay": (c_void_p, c_char_p),
    "XCloseDisplay": (c_int, c_void_p),
    "XDefaultRootWindow": (c_ulong, c_void_p),
    "XSync": (c_int, c_void_p, c_int),
    "XFree": (c_int, c_void_p),
    "XGetErrorText": (c_int, c_void_p, c_int, c_char_p, c_int),
    "XSetErrorHandler": (c_void_p, c_void_p),
    "XInternAtom": (c_ulong, c_void_p, c_char_p, c_int),
    "XQueryTree": (c_int, c_void_p, c_ulong, POINTER(c_ulong), POINTER(c_ulong), POINTER(c_void_p), POINTER(c_uint)),
    "XChangeProperty": (c_int, c_void_p, c_ulong, c_ulong, c_ulong, c_int, c_int, c_void_p, c_int),
}
_RANDR = {
    "XRRQueryExtension": (c_int, c_void_p, _int_p, _int_p),
    "XRRQueryVersion": (c_int, c_void_p, _int_p, _int_p),
    "XRRGetMonitors": (POINTER(_MonitorInfo), c_void_p, c_ulong, c_int, _int_p),
    "XRRFreeMonitors": (None, POINTER(_MonitorInfo)),
}
_XINERAMA = {
    "XineramaQueryExtension": (c_int, c_void_p, _int_p, _int_p),
    "XineramaIsActive": (c_int, c_void_p),
    "XineramaQueryScreens": (POINTER(_ScreenInfo), c_void_p, _int_p),
}


def _library(name: str, signatures: dict[str, tuple[Any, ...]]) -> Any:
    """A private ``ctypes.CDLL`` of ``name`` with these functions' signatures (OSError when it is missing)."""
    library = ctypes.CDLL(name)
    for function, (result, *arguments) in signatures.items():
        getattr(library, function).restype = result
        getattr(library, function).argtypes = arguments
    return library


class _Display:
    """A second connection to the window's display, whose X errors are collected rather than fatal."""

    def __init__(self) -> None:
        self.x11 = _library("libX11.so.6", _X11)
        name = os.environ.get("DISPLAY", "")
        self.pointer = self.x11.XOpenDisplay(name.encode())
        if not self.pointer:
            raise OSError(f"cannot open display {name!r}")
        self._failures: list[str] = []
        self._handler = _ErrorHandler(self._error)
        self._previous = self.x11.XSetErrorHandler(ctypes.cast(self._handler, c_void_p))

    def _error(self, display: int | None, event: Any) -> int:
        error = event.contents
        text = ctypes.create_string_buffer(200)
        self.x11.XGetErrorText(display, error.error_code, text, len(text))
        what = text.value.decode(errors="replace") or f"X error {error.error_code}"
        self._failures.append(f"{what} on request {error.request_code}.{error.minor_code}")
        return 0

    def sync(self) -> None:
        """Wait until the server has done every request so far; OSError if one failed."""
        self.x11.XSync(self.pointer, 0)
        if self._failures:
            raise OSError(self._failures[0])

    def close(self) -> None:
        """Close the connection, then give X errors back to the handler that had them (Tk's)."""
        self.x11.XCloseDisplay(self.pointer)
        self.x11.XSetErrorHandler(self._previous)


def _version_at_least(query: Any, pointer: int, wanted: tuple[int, int]) -> bool:
    major, minor = c_int(), c_int()
    return bool(query(pointer, byref(major), byref(minor))) and (major.value, minor.value) >= wanted


def _randr_monitors(display: _Display) -> list[Area] | None:
    """RandR's monitors, or None when the server (or this machine) has no RandR 1.5."""
    try:
        randr = _library("libXrandr.so.2", _RANDR)
    except OSError:
        return None
    unused, count = c_int(), c_int()
    if not randr.XRRQueryExtension(display.pointer, byref(unused), byref(unused)):
        return None
    if not _version_at_least(randr.XRRQueryVersion, display.pointer, _RANDR_MONITORS):
        return None
    found = randr.XRRGetMonitors(display.pointer, display.x11.XDefaultRootWindow(display.pointer), 1, byref(count))
    display.sync()
    if not found:
        return []
    try:
        return [Area(m.x, m.y, m.width, m.height) for m in found[: count.value]]
    finally:
        randr.XRRFreeMonitors(found)


def _xinerama_screens(display: _Display) -> list[Area]:
    """Xinerama's screens, or none when it is missing or inactive."""
    try:
        xinerama = _library("libXinerama.so.1", _XINERAMA)
    except OSError:
        return []
    unused, count = c_int(), c_int()
    if not xinerama.XineramaQueryExtension(display.pointer, byref(unused), byref(unused)):
        return []
    if not xinerama.XineramaIsActive(display.pointer):
        return []
    found = xinerama.XineramaQueryScreens(display.pointer, byref(count))
    display.sync()
    if not found:
        return []
    try:
        return [Area(s.x_org, s.y_org, s.width, s.height) for s in found[: count.value]]
    finally:
        display.x11.XFree(found)


def monitors(errors: TextIO) -> list[Area]:
    """The X display's monitors, or none when it has no such extension or cannot be asked."""
    try:
        display = _Display()
        try:
            found = _randr_monitors(display)
            return _xinerama_screens(display) if found is None else found
        finally:
            display.close()
    except (OSError, AttributeError) as error:  # AttributeError: a library too old to have the function
        errors.write(f"deskbreak.breakwindow: cannot list the monitors ({error}); using the whole screen\n")
        return []


def keep_focus_away(toplevel: int, errors: TextIO) -> None:
    """Ask the window manager not to focus the toplevel (X window id ``toplevel``) when it is mapped."""
    try:
        display = _Display()
        try:
            _set_user_time_zero(display, toplevel)
        finally:
            display.close()
    except (OSError, AttributeError) as error:  # the window still opens, only perhaps focused
        errors.write(f"deskbreak.breakwindow: cannot ask the window manager not to focus the window: {error}\n")


def _set_user_time_zero(display: _Display, toplevel: int) -> None:
    """``_NET_WM_USER_TIME`` = 0 on the frame Tk wraps ``toplevel`` in (its parent window)."""
    x11, pointer = display.x11, display.pointer
    root, parent, children, count = c_ulong(), c_ulong(), c_void_p(), c_uint()
    queried = x11.XQueryTree(pointer, toplevel, byref(root), byref(parent), byref(children), byref(count))
    display.sync()
    if not queried:
        raise OSError(f"cannot find window {toplevel:#x}")
    if children:
        x11.XFree(children)
    atom = x11.XInternAtom(pointer, b"_NET_WM_USER_TIME", 0)
    zero = c_ulong(0)  # libX11 takes format-32 property data as C longs
    x11.XChangeProperty(pointer, parent.value, atom, _XA_CARDINAL, 32, _PROP_MODE_REPLACE, byref(zero), 1)
    display.sync()
