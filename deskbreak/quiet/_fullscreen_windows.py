"""Busy while Windows itself would hold notifications back: ``SHQueryUserNotificationState`` (shell32).

Windows answers one of the QUERY_USER_NOTIFICATION_STATE values; three of
them mean the user should not be interrupted by a pop-up:

- QUNS_BUSY (2): a fullscreen app runs, or presentation settings are on;
- QUNS_RUNNING_D3D_FULL_SCREEN (3): a Direct3D game or player is fullscreen;
- QUNS_PRESENTATION_MODE (4): the user turned on presentation mode.

shell32 is loaded only when the signal is opened (tests on Linux put a fake
``ctypes.WinDLL`` there), and one reading then shows at probe time whether
the call works.
"""

from __future__ import annotations

import ctypes
from collections.abc import Callable, Mapping
from typing import Any

from deskbreak.core import Settings
from deskbreak.quiet._port import QuietUnavailable

__all__ = ["BUSY_STATES", "NotificationState", "open_signal"]

BUSY_STATES = frozenset({2, 3, 4})
"""QUNS_BUSY, QUNS_RUNNING_D3D_FULL_SCREEN, QUNS_PRESENTATION_MODE."""

NotificationStateCall = Callable[[], int]
"""Reads the state; raises QuietUnavailable if Windows says the call failed."""


def _bind_shell32() -> NotificationStateCall:
    """``SHQueryUserNotificationState`` from shell32, declared so ctypes passes the pointer at full width."""
    win_dll: Any = getattr(ctypes, "WinDLL", None)
    if win_dll is None:
        raise QuietUnavailable("SHQueryUserNotificationState needs Windows (ctypes has no WinDLL here)")
    query = win_dll("shell32").SHQueryUserNotificationState
    query.restype = ctypes.c_long  # HRESULT
    query.argtypes = (ctypes.POINTER(ctypes.c_int),)

    def read() -> int:
        state = ctypes.c_int(0)
        result = query(ctypes.byref(state))
        if result < 0:
            raise QuietUnavailable(f"SHQueryUserNotificationState failed (HRESULT 0x{result & 0xFFFFFFFF:08X})")
        return state.value

    return read


class NotificationState:
    """Busy while Windows reports a fullscreen app, a fullscreen Direct3D app, or presentation mode."""

    name = "windows SHQueryUserNotificationState"
    polled = True  # Windows tells no one of a change: asked at every sample
    reason = "fullscreen"

    def __init__(self, read_state: NotificationStateCall) -> None:
        self._read_state = read_state

    def busy(self) -> bool:
        """Whether the state Windows reports now is one of ``BUSY_STATES``."""
        return self._read_state() in BUSY_STATES

    def close(self) -> None:
        """Nothing to release: the call holds no handles."""


def open_signal(environ: Mapping[str, str], settings: Settings, changed: Callable[[], None]) -> NotificationState:
    """Bind the real call and read once, so a failure shows at probe time."""
    signal = NotificationState(_bind_shell32())
    signal.busy()
    return signal
