"""The X11 fullscreen signal on a real desktop: Xvfb, openbox (an EWMH window manager) and real windows.

Busy only while the window openbox says has focus is fullscreen: it follows
focus from window to window and the window's leaving fullscreen, and an X
server that goes away is a QuietUnavailable, never the end of the process.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from desktop import Xvfb, wait_until
from desktop_fullscreen import AppWindow
from test_breakwindow_desktop import Openbox

from deskbreak.core import Settings
from deskbreak.quiet import QuietUnavailable, open_quiet_watch
from deskbreak.quiet import _fullscreen_x11 as x11


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Xvfb]:
    running = Xvfb(tmp_path / "xvfb.log")
    yield running
    running.stop()


@pytest.fixture
def openbox(server: Xvfb, tmp_path: Path) -> Iterator[Openbox]:
    running = Openbox(server, tmp_path / "openbox.log")
    yield running
    running.stop()


@pytest.fixture
def windows(server: Xvfb) -> Iterator[list[AppWindow]]:
    opened: list[AppWindow] = []
    yield opened
    for window in opened:
        window.stop()


FULLSCREEN_ONLY = Settings(quiet_do_not_disturb=False, quiet_calls=False)


def signal_on(server: Xvfb) -> x11.X11Fullscreen:
    return x11.open_signal({"DISPLAY": server.display}, Settings(), lambda: None)


def test_busy_while_the_focused_window_is_fullscreen(server: Xvfb, openbox: Openbox,
                                                      windows: list[AppWindow]) -> None:
    presentation, editor = AppWindow(server, "presentation"), AppWindow(server, "editor")
    windows += [presentation, editor]
    signal = signal_on(server)
    presentation.activate()
    assert not signal.busy(), "a focused window that is not fullscreen"
    presentation.fullscreen(True)
    wait_until(signal.busy, "the fullscreen window with focus counts as busy")
    editor.activate()
    wait_until(lambda: not signal.busy(), "another window taking focus ends it")
    presentation.activate()
    wait_until(signal.busy, "focus back on the fullscreen window")
    presentation.fullscreen(False)
    wait_until(lambda: not signal.busy(), "the window leaving fullscreen ends it")
    signal.close()
    signal.close()


def test_a_focused_window_that_closes_is_not_fullscreen(server: Xvfb, openbox: Openbox,
                                                         windows: list[AppWindow]) -> None:
    film = AppWindow(server, "film")
    windows.append(film)
    signal = signal_on(server)
    film.activate()
    film.fullscreen(True)
    wait_until(signal.busy, "the film is fullscreen")
    film.stop()
    wait_until(lambda: not signal.busy(), "the closed window no longer counts")
    signal.close()


def test_asking_for_the_events_of_a_window_already_gone_prints_nothing(
        server: Xvfb, capfd: pytest.CaptureFixture[str]) -> None:
    """The window manager may name a window that has just closed: nothing to watch there, and no X error on stderr."""
    connection = x11._Connection(server.display)
    try:
        connection.watch(connection.display.create_resource_object("window", 0x3FFFFF))
        connection.display.sync()
    finally:
        connection.display.close()
    assert "X protocol error" not in capfd.readouterr().err


def test_it_is_watched_and_events_sent_unasked_are_read_and_dropped(
    server: Xvfb, openbox: Openbox, windows: list[AppWindow]
) -> None:
    """No reading between changes: the watch wakes the daemon (``changed``) when fullscreen comes or goes."""
    woken: list[bool] = []
    signal = x11.open_signal({"DISPLAY": server.display}, Settings(), lambda: woken.append(True))
    for keysym in ("F20", "F21", "F22"):  # each change sends every client a MappingNotify
        subprocess.run(["xmodmap", "-e", f"keycode 200 = {keysym}"], env={"DISPLAY": server.display}, check=True)
    assert woken == []
    film = AppWindow(server, "film")
    windows.append(film)
    film.activate()
    film.fullscreen(True)
    wait_until(lambda: woken == [True], "the watch says fullscreen began")
    assert signal.busy()
    film.fullscreen(False)
    wait_until(lambda: woken == [True, True], "and that it ended")
    assert not signal.busy()
    signal.close()


def test_with_no_window_manager_nothing_is_fullscreen(server: Xvfb, windows: list[AppWindow]) -> None:
    windows.append(AppWindow(server, "alone"))
    signal = signal_on(server)
    assert not signal.busy()
    signal.close()


def test_a_lost_x_server_is_unavailable_and_the_process_lives_on(tmp_path: Path) -> None:
    server = Xvfb(tmp_path / "xvfb.log")
    signal = signal_on(server)
    assert not signal.busy()
    server.stop()

    def lost() -> str:
        try:
            signal.busy()
        except QuietUnavailable as error:
            return str(error)
        return ""

    wait_until(lambda: lost().startswith("lost the connection to X display"), "the watch sees the X server go")
    with pytest.raises(QuietUnavailable, match=r"^cannot open X display"):
        signal.busy()
    signal.close()


def test_the_doctor_line_says_what_it_sees(server: Xvfb) -> None:
    on_x11 = open_quiet_watch(FULLSCREEN_ONLY, {"DISPLAY": server.display}, "linux")
    on_wayland = open_quiet_watch(FULLSCREEN_ONLY,
                                  {"DISPLAY": server.display, "WAYLAND_DISPLAY": "wayland-0"}, "linux")
    try:
        assert on_x11.doctor()["quiet"] == ["fullscreen: x11 _NET_WM_STATE"]
        assert on_wayland.doctor()["quiet"] == ["fullscreen: x11 _NET_WM_STATE (Xwayland windows only)"]
        assert on_x11.doctor()["quiet_tried"] == [
            "fullscreen (gnome): no session bus (DBUS_SESSION_BUS_ADDRESS is not set)"]
    finally:
        on_x11.close()
        on_wayland.close()


def test_without_a_display_it_is_a_doctor_line() -> None:
    watch = open_quiet_watch(FULLSCREEN_ONLY, {}, "linux")
    assert watch.doctor() == {"quiet": [], "quiet_tried": [
        "fullscreen (x11): no DISPLAY set",
        "fullscreen (gnome): no session bus (DBUS_SESSION_BUS_ADDRESS is not set)"]}


def test_switched_off_it_is_not_tried(server: Xvfb) -> None:
    watch = open_quiet_watch(Settings(quiet_fullscreen=False, quiet_do_not_disturb=False, quiet_calls=False),
                             {"DISPLAY": server.display}, "linux")
    assert watch.doctor() == {"quiet": [], "quiet_tried": []}
