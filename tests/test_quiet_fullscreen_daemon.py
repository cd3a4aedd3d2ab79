"""A presentation for real: the whole daemon holds a due break back while a fullscreen window has focus.

Xvfb, openbox, a private session bus, dunst, and ``deskbreak run`` with a
1-minute interval (always at the keyboard; the desktop's do-not-disturb
switched off, so only the window counts). A window is made fullscreen
and focused through openbox before the break falls due: the break waits,
says so, and reaches dunst as soon as the window leaves fullscreen.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from daemon_process import FAST_CONFIG, Daemon, deskbreak, history_kinds, write_config
from desktop import Xvfb, start_bus, stop_bus, wait_until
from desktop_fullscreen import AppWindow
from desktop_notify import Dunst
from test_breakwindow_desktop import Openbox
from test_desktop_reminders import BODY
from test_quiet_dunst import the_waited_reminder_reaches

PRESENTING_CONFIG = FAST_CONFIG + "\n[quiet]\ndo_not_disturb = false\n"


@pytest.fixture
def presenting(tmp_path: Path) -> Iterator[tuple[Dunst, Daemon, AppWindow]]:
    """The desktop, with a fullscreen window that has focus, and the daemon started after it."""
    xvfb = Xvfb(tmp_path / "xvfb.log")
    openbox = Openbox(xvfb, tmp_path / "openbox.log")
    bus_process, bus = start_bus(tmp_path)
    dunst = Dunst(tmp_path, xvfb.display, bus)
    slides = AppWindow(xvfb, "slides")
    slides.activate()
    slides.fullscreen(True)
    write_config(PRESENTING_CONFIG)
    daemon = Daemon(tmp_path / "daemon.log", DISPLAY=xvfb.display, DBUS_SESSION_BUS_ADDRESS=bus,
                    DESKBREAK_IDLE="always-present")
    daemon.wait_ready()
    yield dunst, daemon, slides
    daemon.stop()
    slides.stop()
    dunst.stop()
    stop_bus(bus_process)
    openbox.stop()
    xvfb.stop()


def test_a_break_due_during_a_fullscreen_presentation_waits_until_it_leaves_fullscreen(
    presenting: tuple[Dunst, Daemon, AppWindow],
) -> None:
    dunst, daemon, slides = presenting
    wait_until(lambda: daemon.status().get("quiet") == "fullscreen", "the daemon sees the fullscreen window",
               every=0.2)
    wait_until(lambda: daemon.status().get("waiting") == "fullscreen", "the due break waits",
               limit=100, every=0.5)
    assert "reminder" not in history_kinds()
    assert not any(shown.body == BODY for shown in dunst.shown())
    assert deskbreak("status").stdout.startswith("Break due — waiting (fullscreen)")
    quiet = next(line for line in deskbreak("doctor").stdout.splitlines() if line.startswith("quiet:"))
    assert quiet.startswith("quiet:         fullscreen: x11 _NET_WM_STATE")
    slides.fullscreen(False)
    the_waited_reminder_reaches(dunst)
