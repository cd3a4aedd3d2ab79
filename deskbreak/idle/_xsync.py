"""Idle events on X11: alarms on the XSync extension's IDLETIME system counter (libXext, via ctypes).

The X server keeps IDLETIME, the milliseconds since the last input, as a
system counter, and the SYNC extension lets a client set alarms on it: the
server sends an event when the counter crosses a value, and sends nothing
otherwise. So the daemon asks for a positive-transition alarm at each of
its thresholds (``away_after``, ``natural_break``) and one
negative-transition alarm at the smallest, which fires when input comes
back after a pause at least that long; typing, or a pause shorter than
that, costs nothing. GNOME's own idle monitor used the same alarms on X11.

Threading: the alarms live on a display connection of their own, used
only by one thread, which sleeps in ``select`` on that connection and on a
pipe. ``watch`` (from the engine thread) leaves the new thresholds and
writes to the pipe; the thread then sets the alarms, so no Xlib display is
ever used by two threads. ``changed`` is called on that thread.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import select
import threading
import time
from collections.abc import Callable, Sequence
from datetime import timedelta
from typing import TYPE_CHECKING

from deskbreak.idle._native import declare, load_library
from deskbreak.idle._port import IdleUnavailable

if TYPE_CHECKING:
    from deskbreak.idle._x11 import Connection

__all__ = ["IdleAlarms"]

_JOIN_S = 1.0
_ALARM_NOTIFY = 1  # XSyncAlarmNotify, counted from the extension's event base
_POSITIVE_TRANSITION, _NEGATIVE_TRANSITION = 0, 1  # XSyncTestType
_ABSOLUTE = 0  # XSyncValueType
# XSyncCACounter | XSyncCAValueType | XSyncCAValue | XSyncCATestType | XSyncCADelta | XSyncCAEvents
_ALL_ATTRIBUTES = 0x3F


class _Value(ctypes.Structure):
    """``XSyncValue``: a 64-bit number as two halves."""

    _fields_ = (("hi", ctypes.c_int), ("lo", ctypes.c_uint))


class _SystemCounter(ctypes.Structure):
    """``XSyncSystemCounter``."""

    _fields_ = (("name", ctypes.c_char_p), ("counter", ctypes.c_ulong), ("resolution", _Value))


class _AlarmAttributes(ctypes.Structure):
    """``XSyncAlarmAttributes`` with its ``XSyncTrigger`` laid out in place."""

    _fields_ = (
        ("counter", ctypes.c_ulong),
        ("value_type", ctypes.c_int),
        ("wait_value", _Value),
        ("test_type", ctypes.c_int),
        ("delta", _Value),
        ("events", ctypes.c_int),
        ("state", ctypes.c_int),
    )


class _AlarmNotify(ctypes.Structure):
    """``XSyncAlarmNotifyEvent``, the only event this connection asks for."""

    _fields_ = (
        ("type", ctypes.c_int),
        ("serial", ctypes.c_ulong),
        ("send_event", ctypes.c_int),
        ("display", ctypes.c_void_p),
        ("alarm", ctypes.c_ulong),
        ("counter_value", _Value),
        ("alarm_value", _Value),
        ("time", ctypes.c_ulong),
        ("state", ctypes.c_int),
    )


class _XEvent(ctypes.Union):
    """Xlib's ``XEvent``: room for any event (24 longs)."""

    _fields_ = (("type", ctypes.c_int), ("alarm", _AlarmNotify), ("pad", ctypes.c_long * 24))


class _Xext:
    """The libXext calls for SYNC alarms."""

    def __init__(self) -> None:
        xext = load_library("libXext.so.6", "libXext.so.6 is not installed (Debian/Ubuntu package libxext6)")
        display, int_p = ctypes.c_void_p, ctypes.POINTER(ctypes.c_int)
        self.query_extension = declare(xext, "XSyncQueryExtension", ctypes.c_int, display, int_p, int_p)
        self.initialize = declare(xext, "XSyncInitialize", ctypes.c_int, display, int_p, int_p)
        self.list_counters = declare(xext, "XSyncListSystemCounters", ctypes.POINTER(_SystemCounter), display,
                                     int_p)
        self.free_counters = declare(xext, "XSyncFreeSystemCounterList", None, ctypes.POINTER(_SystemCounter))
        attributes = ctypes.POINTER(_AlarmAttributes)
        self.create_alarm = declare(xext, "XSyncCreateAlarm", ctypes.c_ulong, display, ctypes.c_ulong, attributes)
        self.change_alarm = declare(xext, "XSyncChangeAlarm", ctypes.c_int, display, ctypes.c_ulong,
                                    ctypes.c_ulong, attributes)
        self.destroy_alarm = declare(xext, "XSyncDestroyAlarm", ctypes.c_int, display, ctypes.c_ulong)


class IdleAlarms:
    """XSync alarms on IDLETIME, on ``connection``, served by a thread of their own; see the module docstring."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection
        self._xext = _Xext()
        try:
            self._event_base = self._sync_event_base()
            self._counter = self._idle_counter()
        except IdleUnavailable:
            connection.close(extensions=True)
            raise
        self.back_at = time.monotonic()  # when input last came back after the smallest threshold
        self._lock = threading.Lock()
        self._wanted: tuple[tuple[int, ...], Callable[[], None]] | None = None
        self._alarms: dict[int, bool] = {}  # alarm id -> whether it is the one for input coming back
        self._changed: Callable[[], None] = lambda: None
        self._wake_read, self._wake_write = os.pipe()
        self._closed = False
        self._thread = threading.Thread(target=self._serve, name="deskbreak-x11-idle", daemon=True)
        self._thread.start()

    def _sync_event_base(self) -> int:
        display = self._connection.display
        event_base, error_base = ctypes.c_int(), ctypes.c_int()
        if not self._xext.query_extension(display, ctypes.byref(event_base), ctypes.byref(error_base)):
            raise IdleUnavailable(f"X display {self._connection.name!r} has no SYNC extension")
        major, minor = ctypes.c_int(), ctypes.c_int()
        if not self._xext.initialize(display, ctypes.byref(major), ctypes.byref(minor)):
            raise IdleUnavailable(f"X display {self._connection.name!r} refused to start the SYNC extension")
        return event_base.value

    def _idle_counter(self) -> int:
        """The IDLETIME system counter's id."""
        count = ctypes.c_int()
        counters = self._xext.list_counters(self._connection.display, ctypes.byref(count))
        if not counters:
            raise IdleUnavailable(f"X display {self._connection.name!r} lists no SYNC system counters")
        try:
            found = [counters[index].counter for index in range(count.value) if counters[index].name == b"IDLETIME"]
        finally:
            self._xext.free_counters(counters)
        if not found:
            raise IdleUnavailable(f"X display {self._connection.name!r} has no IDLETIME counter")
        return int(found[0])

    def watch(self, thresholds: Sequence[timedelta], changed: Callable[[], None]) -> None:
        """Have the thread set alarms at ``thresholds`` (and input back after the smallest) in place of any others."""
        milliseconds = tuple(sorted({max(1, round(each.total_seconds() * 1000)) for each in thresholds}))
        if not milliseconds:
            raise ValueError("an idle watch needs at least one threshold")
        with self._lock:
            self._wanted = (milliseconds, changed)
        with contextlib.suppress(OSError):
            os.write(self._wake_write, b"\0")

    def close(self) -> None:
        """Stop the thread (it destroys nothing: closing the display ends the alarms) and close the display."""
        if self._closed:
            return
        self._closed = True
        with contextlib.suppress(OSError):
            os.write(self._wake_write, b"\0")
        self._thread.join(_JOIN_S)
        self._connection.close(extensions=True)
        for fd in (self._wake_read, self._wake_write):
            with contextlib.suppress(OSError):
                os.close(fd)

    def _serve(self) -> None:
        """The thread: set alarms when asked, and pass their events on, until closed or the display is lost."""
        connection = self._connection
        x_fd = connection.xlib.connection_number(connection.display)
        while not self._closed and not connection.lost:
            self._take_events()
            readable = select.select([x_fd, self._wake_read], [], [])[0]
            if self._wake_read in readable:
                os.read(self._wake_read, 64)
                self._set_alarms()
        if connection.lost:
            self._changed()  # the reading that follows finds the server gone and says so

    def _set_alarms(self) -> None:
        with self._lock:
            wanted, self._wanted = self._wanted, None
        if wanted is None or self._closed:
            return
        milliseconds, self._changed = wanted
        display = self._connection.display
        for alarm in self._alarms:
            self._xext.destroy_alarm(display, alarm)
        self._alarms = {self._alarm(value, _POSITIVE_TRANSITION): False for value in milliseconds}
        self._alarms[self._alarm(milliseconds[0], _NEGATIVE_TRANSITION)] = True

    def _alarm(self, milliseconds: int, test_type: int) -> int:
        attributes = _AlarmAttributes(counter=self._counter, value_type=_ABSOLUTE,
                                      wait_value=_Value(milliseconds >> 32, milliseconds & 0xFFFFFFFF),
                                      test_type=test_type, delta=_Value(0, 0), events=1)
        return int(self._xext.create_alarm(self._connection.display, _ALL_ATTRIBUTES, ctypes.byref(attributes)))

    def _take_events(self) -> None:
        """Send what the thread asked for, then read every event; each alarm's says idleness changed.

        All of it goes through XPending, which flushes, reads and counts
        what Xlib has queued, and the thread sleeps only once it answered 0.
        XFlush would read too (libX11 reads after every flush), and an event
        read then would wait in Xlib's queue while the thread slept on a
        socket with nothing left in it.
        """
        xlib, display = self._connection.xlib, self._connection.display
        event = _XEvent()
        fired = False
        while not self._connection.lost and xlib.pending(display) > 0:
            xlib.next_event(display, ctypes.byref(event))
            alarm = event.alarm.alarm
            if event.type != self._event_base + _ALARM_NOTIFY or alarm not in self._alarms:
                continue
            if self._alarms[alarm]:
                self.back_at = time.monotonic()
            # Some X servers leave a fired alarm unarmed until it is changed: an empty change arms it again.
            self._xext.change_alarm(display, alarm, 0, ctypes.byref(_AlarmAttributes()))
            fired = True
        if fired:
            self._changed()
