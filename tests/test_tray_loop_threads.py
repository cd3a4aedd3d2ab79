"""The SNI and XEmbed trays use their bus or X connection on their loop's thread only.

The daemon updates the tray from its engine thread. Here a thread plays the
daemon's main thread (it makes the tray, as the daemon does at start, then
runs it), the test thread plays the engine, and the connection records which
thread made each call: jeepney's ``send``/``receive`` for SNI, every X
request python-xlib sends for XEmbed. The win32 and darwin trays have the
same test under fake user32 and AppKit (test_tray_platforms).
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import Xlib.display  # type: ignore[import-untyped]
from desktop import FakeBusService, Xvfb, wait_until
from desktop_tray import Panel, session_env, xembed_tray_running
from jeepney import HeaderFields, new_method_return  # type: ignore[import-untyped]
from tray_states import WORKING

from deskbreak.core import Phase
from deskbreak.tray import Tray, choose_tray, tray_view
from deskbreak.tray import _sni as sni

ROUTINES = (("desk", "Desk break"),)
VIEWS = [tray_view(replace(WORKING, phase=phase), 1, 3, ROUTINES) for phase in (Phase.DUE, Phase.WORKING, Phase.DUE)]
Calls = list[tuple[str, str]]


class Watcher(FakeBusService):
    """A StatusNotifierWatcher that takes every item that registers."""

    def __init__(self, address: str) -> None:
        super().__init__(address, sni.WATCHER)

    def _answer(self, call: Any) -> Any:
        return new_method_return(call)


def run_on_a_main_thread(make: Callable[[], Tray]) -> tuple[Tray, threading.Thread]:
    """Make the tray on a thread named "tray-main" and run it there; the tray, once made, and the thread."""
    made: queue.Queue[Tray] = queue.Queue()

    def main() -> None:
        tray = make()
        made.put(tray)
        tray.run()

    thread = threading.Thread(target=main, name="tray-main", daemon=True)
    thread.start()
    return made.get(timeout=20), thread


def update_from_this_thread_then_stop(tray: Tray, thread: threading.Thread, shown: Callable[[], bool],
                                      applied: Callable[[], bool]) -> None:
    """Update once the icon is shown: changes made before then go out with the showing, not as signals."""
    wait_until(shown, "the icon is shown")
    for view in VIEWS:
        tray.update(view)
    wait_until(applied, "the loop applied the updates")
    tray.stop()
    thread.join(timeout=10)
    assert not thread.is_alive(), "run() did not return after stop()"


def test_sni_tray_uses_its_bus_connection_on_its_loop_thread_only(
    bus: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: Calls = []
    connect = sni.connect_session_bus

    def recording_connection(environ: Any) -> Any:
        connection = connect(environ)
        for name in ("send", "send_and_get_reply", "receive", "close"):
            original = getattr(connection, name)

            def recorded(*args: Any, _name: str = name, _original: Any = original, **kwargs: Any) -> Any:
                member = args[0].header.fields.get(HeaderFields.member, "") if _name == "send" and args else ""
                calls.append((f"{_name} {member}".strip(), threading.current_thread().name))
                return _original(*args, **kwargs)

            setattr(connection, name, recorded)
        return connection

    monkeypatch.setattr(sni, "connect_session_bus", recording_connection)
    watcher = Watcher(bus)
    try:
        tray, thread = run_on_a_main_thread(
            lambda: choose_tray(lambda request: None, environ={"DBUS_SESSION_BUS_ADDRESS": bus}).tray)
        assert tray.name == "sni"
        registered = ("send RegisterStatusNotifierItem", "tray-main")
        update_from_this_thread_then_stop(tray, thread, lambda: registered in calls,
                                          lambda: ("send NewToolTip", "tray-main") in calls)
    finally:
        watcher.stop()
    assert [call for call in calls if call[1] != "tray-main"] == []


@pytest.fixture
def xembed_session(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, str]]:
    xvfb = Xvfb(tmp_path / "xvfb.log")
    env = session_env(tmp_path, xvfb.display)
    monkeypatch.setenv("DISPLAY", xvfb.display)  # Xlib reads the process environment
    panel = Panel.started(["trayer", "--edge", "bottom"], "trayer", env, tmp_path / "trayer.log",
                          lambda: xembed_tray_running(xvfb.display))
    try:
        yield env
    finally:
        panel.stop()
        xvfb.stop()


def test_xembed_tray_sends_every_x_request_from_its_loop_thread(
    xembed_session: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: Calls = []

    class RecordingDisplay(Xlib.display.Display):  # type: ignore[misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            send_request = self.display.send_request

            def recorded(request: Any, wait_for_response: bool) -> Any:
                calls.append((type(request).__name__, threading.current_thread().name))
                return send_request(request, wait_for_response)

            self.display.send_request = recorded

    monkeypatch.setattr(Xlib.display, "Display", RecordingDisplay)
    tray, thread = run_on_a_main_thread(
        lambda: choose_tray(lambda request: None, environ={**xembed_session, "DESKBREAK_TRAY": "xorg"}).tray)
    assert tray.name == "xorg"
    update_from_this_thread_then_stop(tray, thread, lambda: sum(name == "PutImage" for name, _ in calls) >= 1,
                                      lambda: sum(name == "PutImage" for name, _ in calls) >= 2)
    assert calls
    assert [call for call in calls if call[1] != "tray-main"] == []
