"""The whole daemon on a real desktop: its reminders reach dunst, and dunst's buttons drive it.

Xvfb, a private session bus, dunst, and ``deskbreak run`` with a 1-minute
interval; you count as always at the keyboard (DESKBREAK_IDLE), so a
reminder comes every minute of real time. Three reminders are answered the
three ways a person can: Snooze and Skip from dunst's context menu, then a
click on the body, which starts the break.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from daemon_process import FAST_CONFIG, Daemon, deskbreak, history_kinds, write_config
from desktop import Xvfb, start_bus, stop_bus, wait_until
from desktop_notify import Dunst
from PIL import Image

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts" / "desktop"
BODY = "Chair twist · standing forward fold · wall dog — 3 min"


@pytest.fixture
def desktop(tmp_path: Path) -> Iterator[tuple[Dunst, Daemon]]:
    xvfb = Xvfb(tmp_path / "xvfb.log")
    bus_process, bus = start_bus(tmp_path)
    dunst = Dunst(tmp_path, xvfb.display, bus)
    write_config(FAST_CONFIG)
    daemon = Daemon(tmp_path / "daemon.log", DISPLAY=xvfb.display, DBUS_SESSION_BUS_ADDRESS=bus,
                    DESKBREAK_IDLE="always-present")
    daemon.wait_ready()
    yield dunst, daemon
    daemon.stop()
    dunst.stop()
    stop_bus(bus_process)
    xvfb.stop()


def next_reminder(dunst: Dunst, count: int) -> None:
    wait_until(lambda: len([s for s in dunst.shown() if s.body == BODY]) >= count,
               f"reminder {count} reaches dunst", limit=100, every=0.5)


def test_reminders_reach_dunst_and_its_buttons_snooze_skip_and_start(desktop: tuple[Dunst, Daemon]) -> None:
    dunst, daemon = desktop
    next_reminder(dunst, 1)
    reminder = dunst.shown()[-1]
    assert (reminder.summary, reminder.body) == ("Time to stand up and stretch", BODY)
    assert reminder.icon.endswith("deskbreak.png")
    screenshot(dunst, "reminder.png")
    offered = dunst.context_menu(choose="Snooze")
    assert {entry.label for entry in offered} == {"Start", "Snooze 1 min", "Skip"}  # and the body click
    wait_until(lambda: "snoozed" in history_kinds(), "the snooze reaches the daemon")
    assert daemon.status()["snoozes_left"] == 2
    wait_until(lambda: dunst.displayed() == 0, "the answered reminder goes away")

    next_reminder(dunst, 2)
    dunst.context_menu(choose="Skip")
    wait_until(lambda: "skipped" in history_kinds(), "the skip reaches the daemon")

    next_reminder(dunst, 3)
    dunst.ctl("action", "0")
    wait_until(lambda: daemon.status()["phase"] == "break", "a click on the reminder starts the break")
    assert history_kinds()[-1] == "break_started"
    assert deskbreak("status").stdout.startswith("Stretching: desk routine")
    assert history_kinds().count("reminder") == 3


def test_a_reminder_answered_from_the_cli_is_withdrawn(desktop: tuple[Dunst, Daemon]) -> None:
    dunst, _ = desktop
    next_reminder(dunst, 1)
    assert dunst.displayed() == 1
    assert deskbreak("skip").returncode == 0
    wait_until(lambda: dunst.displayed() == 0, "the reminder is withdrawn")


def screenshot(dunst: Dunst, name: str) -> None:
    path = ARTIFACTS / name
    dunst.screenshot(path)
    box = dunst.window_box()
    assert box is not None, "dunst shows no window"
    colours = Image.open(path).convert("RGB").crop(box).getcolors(maxcolors=1 << 16)
    assert colours is not None
    assert len(colours) > 10, "the notification looks blank"


def test_with_no_panel_yet_doctor_says_the_icon_waits_for_one(desktop: tuple[Dunst, Daemon]) -> None:
    lines = deskbreak("doctor").stdout.splitlines()
    tray = lines.index("tray:          waiting")
    assert lines[tray + 1].startswith("  not used:    sni: no org.kde.StatusNotifierWatcher on the session bus")
    assert lines[tray + 2].startswith("  not used:    xorg: no XEmbed system tray on the X display")
    assert lines[tray + 3] == ("  note:        no panel hosted tray icons when the daemon started;"
                               " the icon appears when one starts")
