"""Windows' fullscreen signal on Linux, with shell32 faked: a real ctypes function stands in for the DLL's.

``ctypes.WinDLL`` is replaced by a fake whose ``SHQueryUserNotificationState``
is a C function pointer made from Python (``CFUNCTYPE``), so the backend's
own binding runs as on Windows: its declared signature, the pointer it
passes, and the HRESULT it checks.
"""

from __future__ import annotations

import ctypes
from typing import Any

import pytest

from deskbreak.core import Settings
from deskbreak.quiet import _fullscreen_windows as windows
from deskbreak.quiet import open_quiet_watch

QUNS_NOT_PRESENT, QUNS_BUSY, QUNS_RUNNING_D3D_FULL_SCREEN, QUNS_PRESENTATION_MODE = 1, 2, 3, 4
QUNS_ACCEPTS_NOTIFICATIONS, QUNS_QUIET_TIME, QUNS_APP = 5, 6, 7
E_FAIL = -0x7FFFBFFB  # 0x80004005 as a signed HRESULT

_QueryState = ctypes.CFUNCTYPE(ctypes.c_long, ctypes.POINTER(ctypes.c_int))


class FakeShell32:
    """shell32 as ``WinDLL("shell32")`` gives it: the state the test sets, written through the caller's pointer."""

    def __init__(self) -> None:
        self.state = QUNS_ACCEPTS_NOTIFICATIONS
        self.result = 0
        self.SHQueryUserNotificationState = _QueryState(self._query)

    def _query(self, state: Any) -> int:
        state[0] = self.state
        return self.result


@pytest.fixture
def shell32(monkeypatch: pytest.MonkeyPatch) -> FakeShell32:
    dll = FakeShell32()
    loaded = {"shell32": dll}
    monkeypatch.setattr(ctypes, "WinDLL", lambda name: loaded[name], raising=False)
    return dll


@pytest.mark.parametrize(("state", "busy"), [
    (QUNS_NOT_PRESENT, False), (QUNS_BUSY, True), (QUNS_RUNNING_D3D_FULL_SCREEN, True),
    (QUNS_PRESENTATION_MODE, True), (QUNS_ACCEPTS_NOTIFICATIONS, False), (QUNS_QUIET_TIME, False),
    (QUNS_APP, False),
])
def test_busy_for_a_fullscreen_app_a_fullscreen_game_or_presentation_mode(
    shell32: FakeShell32, state: int, busy: bool
) -> None:
    signal = windows.open_signal({}, Settings(), lambda: None)
    shell32.state = state
    assert signal.busy() is busy


def test_chosen_on_windows(shell32: FakeShell32) -> None:
    watch = open_quiet_watch(Settings(quiet_do_not_disturb=False, quiet_calls=False), {}, "win32")
    assert watch.doctor() == {"quiet": ["fullscreen: windows SHQueryUserNotificationState"], "quiet_tried": []}
    shell32.state = QUNS_PRESENTATION_MODE
    assert watch.reason() == "fullscreen"


def test_a_failed_call_fails_the_probe(shell32: FakeShell32) -> None:
    shell32.result = E_FAIL
    watch = open_quiet_watch(Settings(quiet_calls=False), {}, "win32")
    assert watch.doctor()["quiet_tried"] == [
        "fullscreen (windows): SHQueryUserNotificationState failed (HRESULT 0x80004005)"]


def test_without_windows_it_is_a_doctor_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(ctypes, "WinDLL", raising=False)
    watch = open_quiet_watch(Settings(quiet_calls=False), {}, "win32")
    assert watch.doctor()["quiet_tried"] == [
        "fullscreen (windows): SHQueryUserNotificationState needs Windows (ctypes has no WinDLL here)"]


def test_not_tried_on_macos_nor_when_switched_off(shell32: FakeShell32) -> None:
    assert open_quiet_watch(Settings(quiet_calls=False), {}, "darwin").doctor() == {"quiet": [], "quiet_tried": []}
    assert open_quiet_watch(Settings(quiet_fullscreen=False, quiet_calls=False), {}, "win32").doctor() == {
        "quiet": [], "quiet_tried": []}

