"""The win32 and darwin trays under fake user32 and AppKit: every platform call on the loop's thread.

The daemon calls ``tray.update(view)`` from its engine thread. AppKit must
only be called on the main thread, and a win32 menu must not be rebuilt
while it is open, so the backends hand each change to their loop. Here the
thread that makes and runs the tray plays the main thread (as in the
daemon), the test thread plays the engine, and the fakes record which
thread made each call.
"""

from __future__ import annotations

import queue
import signal
import sys
import threading
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import pytest
from fake_appkit import AppKitWorld
from fake_user32 import User32World
from tray_states import WORKING

from deskbreak.core import Phase
from deskbreak.requests import Skip, Start
from deskbreak.tray import Request, Tray, TrayView, choose_tray, tray_view

ROUTINES = (("desk", "Desk break"),)
DUE = tray_view(replace(WORKING, phase=Phase.DUE), 1, 3, ROUTINES)
ON_A_BREAK = tray_view(replace(WORKING, phase=Phase.BREAK, break_routine="desk"), 1, 3, ROUTINES)
MFS_DISABLED = 3
_BACKEND_MODULES = ("pystray._win32", "pystray._darwin", "deskbreak.tray._win32", "deskbreak.tray._darwin")


def fresh_backends(monkeypatch: pytest.MonkeyPatch, fakes: dict[str, Any]) -> None:
    """Install ``fakes`` in sys.modules, and make the backends import again against them."""
    for name, module in fakes.items():
        monkeypatch.setitem(sys.modules, name, module)
    for name in _BACKEND_MODULES:
        # set, then delete: undoing both leaves the name as it was before, so the backends imported
        # against the fakes do not outlive the test (a later test would get them instead of an ImportError)
        monkeypatch.setitem(sys.modules, name, sys.modules.get(name))
        monkeypatch.delitem(sys.modules, name)


@pytest.fixture
def user32(monkeypatch: pytest.MonkeyPatch) -> User32World:
    world = User32World()
    fresh_backends(monkeypatch, {"pystray._util.win32": world.module()})
    return world


@pytest.fixture
def appkit(monkeypatch: pytest.MonkeyPatch) -> AppKitWorld:
    world = AppKitWorld()
    fresh_backends(monkeypatch, world.modules())
    return world


class MainThread:
    """The thread that plays the daemon's main thread: it makes the tray, as the daemon does, then runs it."""

    def __init__(self, platform: str) -> None:
        self.sent: list[Request] = []
        made: queue.Queue[Tray | BaseException] = queue.Queue()
        self.thread = threading.Thread(target=self._main, args=(platform, made), name="tray-main")
        self.thread.start()
        tray = made.get(timeout=10)
        if isinstance(tray, BaseException):
            raise tray
        self.tray = tray

    def _main(self, platform: str, made: queue.Queue[Tray | BaseException]) -> None:
        choice = choose_tray(self.sent.append, environ={}, platform=platform)
        if choice.tray.name != platform:
            made.put(AssertionError(f"no {platform} tray: {choice.tried}"))
            return
        made.put(choice.tray)
        choice.tray.run()

    def stop(self) -> None:
        self.tray.stop()
        self.thread.join(timeout=10)
        assert not self.thread.is_alive(), "run() did not return after stop()"


@pytest.fixture
def win32_tray(user32: User32World) -> Iterator[MainThread]:
    main = MainThread("win32")
    user32.wait_until(lambda: user32.icon_shown, "the icon is shown")
    yield main
    main.stop()


@pytest.fixture
def darwin_tray(appkit: AppKitWorld) -> Iterator[MainThread]:
    main = MainThread("darwin")
    appkit.wait_until(lambda: appkit.tooltip() is not None, "the icon is shown")
    yield main
    main.stop()


def show(tray: Tray, *views: TrayView) -> None:
    """The engine thread's side: what ``Effects.refresh_tray`` does after each step."""
    for view in views:
        tray.update(view)


# win32 ---------------------------------------------------------------------------------------------


def test_win32_updates_from_the_engine_thread_are_made_on_the_loop_thread(
    user32: User32World, win32_tray: MainThread
) -> None:
    show(win32_tray.tray, DUE, ON_A_BREAK, DUE)
    user32.wait_until(lambda: user32.tips[-1:] == ["Break due — click to start"], "the last tooltip is shown")
    win32_tray.stop()
    assert not user32.icon_shown, "stop() removes the icon"
    assert user32.calls_off_the_loop() == []


def open_the_menu(user32: User32World, tray: Tray, view: TrayView) -> None:
    """Show ``view``, then right-click the icon and wait until its menu is open."""
    show(tray, view)
    user32.flush()
    user32.click("right")
    user32.wait_until(lambda: user32.shown_menu is not None, "the menu is open")


def test_win32_menu_is_not_rebuilt_while_it_is_open(user32: User32World, win32_tray: MainThread) -> None:
    open_the_menu(user32, win32_tray.tray, DUE)
    show(win32_tray.tray, ON_A_BREAK)  # the break started elsewhere while the person reads the menu
    user32.flush()
    assert user32.destroyed_while_shown == []
    assert not user32.entry_state("Start break now") & MFS_DISABLED, "the open menu still offers it"
    user32.choose(None)
    user32.flush()
    assert user32.entry_state("Start break now") & MFS_DISABLED, "the closed menu is rebuilt from the new view"
    assert user32.calls_off_the_loop() == []


def test_win32_menu_entry_sends_its_request(user32: User32World, win32_tray: MainThread) -> None:
    open_the_menu(user32, win32_tray.tray, DUE)
    user32.choose("Skip this break")
    user32.flush()
    assert win32_tray.sent == [Skip()]


def test_win32_left_click_starts_a_break_only_when_start_is_enabled(
    user32: User32World, win32_tray: MainThread
) -> None:
    show(win32_tray.tray, ON_A_BREAK)
    user32.flush()
    user32.click("left")
    user32.flush()
    assert win32_tray.sent == [], "a click during a break must not ask to start another"
    show(win32_tray.tray, DUE)
    user32.flush()
    user32.click("left")
    user32.flush()
    assert win32_tray.sent == [Start()]


def test_win32_stop_before_the_loop_runs_makes_run_return_at_once(user32: User32World) -> None:
    tray = choose_tray(lambda request: None, environ={}, platform="win32").tray
    tray.stop()
    tray.run()
    assert not user32.icon_shown


# darwin --------------------------------------------------------------------------------------------


def test_darwin_updates_from_the_engine_thread_are_made_on_the_main_thread(
    appkit: AppKitWorld, darwin_tray: MainThread
) -> None:
    show(darwin_tray.tray, ON_A_BREAK, DUE)
    appkit.wait_until(lambda: appkit.tooltip() == "Break due — start it from the menu", "the last tooltip is shown")
    darwin_tray.stop()
    assert ("NSStatusBar.removeStatusItem_", "tray-main") in appkit.calls, "stop() removes the icon"
    assert appkit.calls_off_the_loop() == []


def test_darwin_menu_follows_the_view(appkit: AppKitWorld, darwin_tray: MainThread) -> None:
    def start_enabled() -> Any:
        menu = appkit.menu()
        entry = next(item for item in menu.items if item.values.get("title") == "Start break now") if menu else None
        return entry.values.get("setEnabled_") if entry else None

    show(darwin_tray.tray, DUE)
    appkit.wait_until(lambda: start_enabled() is True, "Start break now is enabled")
    show(darwin_tray.tray, ON_A_BREAK)
    appkit.wait_until(lambda: start_enabled() is False, "Start break now is disabled during the break")


def test_darwin_loop_leaves_sigint_to_the_daemon(appkit: AppKitWorld, darwin_tray: MainThread) -> None:
    """pystray's own loop answers SIGINT with NSApp.terminate_, which skips the daemon's clean-up."""
    appkit.wait_until(appkit.running.is_set, "NSApp runs")
    assert signal.SIGINT not in appkit.mach_signals
    assert not any(call.startswith("MachSignals") for call, _ in appkit.calls)
