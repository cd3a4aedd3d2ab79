"""Windows idle time: ``GetLastInputInfo`` against ``GetTickCount``, through ctypes.

Both are 32-bit millisecond tick counts that wrap every 49.7 days, so the
idle time is their difference modulo 2**32; that stays right across a wrap
as long as the user was idle for less than 49.7 days.

The two calls sit behind ``WindowsCalls`` so tests on Linux run the backend
with fake ticks; the real ones are bound only when the backend is opened.
"""

from __future__ import annotations

import ctypes
from collections.abc import Mapping
from datetime import timedelta
from typing import Any, Protocol

from deskbreak.idle._native import declare
from deskbreak.idle._port import IdleUnavailable

__all__ = ["WindowsCalls", "WindowsIdle", "open_source"]

_TICK_WRAP = 2**32


class WindowsCalls(Protocol):
    """The two user32/kernel32 calls the backend makes."""

    def last_input_tick(self) -> int | None:
        """``LASTINPUTINFO.dwTime`` from GetLastInputInfo, or None if the call failed."""
        ...

    def tick_count(self) -> int:
        """GetTickCount: milliseconds since boot, modulo 2**32."""
        ...


class _LastInputInfo(ctypes.Structure):
    _fields_ = (("cbSize", ctypes.c_uint), ("dwTime", ctypes.c_uint32))


class _Win32Calls:
    """The real calls; fails with IdleUnavailable where there is no Windows API."""

    def __init__(self) -> None:
        win_dll: Any = getattr(ctypes, "WinDLL", None)
        if win_dll is None:
            raise IdleUnavailable("GetLastInputInfo needs Windows (ctypes has no WinDLL here)")
        self._get_last_input_info = declare(
            win_dll("user32"), "GetLastInputInfo", ctypes.c_int, ctypes.POINTER(_LastInputInfo)
        )
        self._get_tick_count = declare(win_dll("kernel32"), "GetTickCount", ctypes.c_uint32)

    def last_input_tick(self) -> int | None:
        info = _LastInputInfo(cbSize=ctypes.sizeof(_LastInputInfo))
        if not self._get_last_input_info(ctypes.byref(info)):
            return None
        return int(info.dwTime)

    def tick_count(self) -> int:
        return int(self._get_tick_count())


class WindowsIdle:
    """Idle time of the current Windows session."""

    name = "windows"

    def __init__(self, calls: WindowsCalls) -> None:
        self._calls = calls

    def idle_for(self) -> timedelta:
        """Milliseconds since the last input event, correct across the tick counter's wrap."""
        last_input = self._calls.last_input_tick()
        if last_input is None:
            raise IdleUnavailable("GetLastInputInfo failed")
        elapsed_ms = (self._calls.tick_count() - last_input) % _TICK_WRAP
        return timedelta(milliseconds=elapsed_ms)

    def close(self) -> None:
        """Nothing to release: the calls hold no handles."""


def open_source(environ: Mapping[str, str], calls: WindowsCalls | None = None) -> WindowsIdle:
    """Bind the real calls (unless given some) and read once, so a failure shows at probe time."""
    source = WindowsIdle(_Win32Calls() if calls is None else calls)
    source.idle_for()
    return source
