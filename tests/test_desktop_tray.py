"""The whole daemon with a real StatusNotifierItem host: its tray icon, its menu, its clicks.

Xvfb, a private session bus, Debian's gtk-sni-tray-standalone as the panel,
and ``deskbreak run`` (1-minute interval, you count as always present). The
menu is opened and clicked with xdotool as a person would, and the daemon's
status and history show what the click did.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from daemon_process import FAST_CONFIG, Daemon, deskbreak, history_kinds, write_config
from desktop import Xvfb, start_bus, stop_bus, wait_until
from desktop_tray import ARTIFACTS, Panel, centre, screenshot, session_env, wait_for_change, xdotool
from PIL import Image

SHOTS = ARTIFACTS / "desktop"


@dataclass
class Session:
    env: dict[str, str]
    daemon: Daemon
    icon_box: tuple[int, int, int, int]


@pytest.fixture
def session(tmp_path: Path) -> Iterator[Session]:
    xvfb = Xvfb(tmp_path / "xvfb.log")
    bus_process, bus = start_bus(tmp_path)
    env = session_env(tmp_path, xvfb.display, bus)
    panel = Panel(["gtk-sni-tray-standalone", "--watcher", "--bottom"], "haskell-gtk-sni-tray-utils", env,
                  tmp_path / "panel.log")
    write_config(FAST_CONFIG)
    empty = wait_until_panel(env)
    daemon = Daemon(tmp_path / "daemon.log", DISPLAY=xvfb.display, DBUS_SESSION_BUS_ADDRESS=bus,
                    DESKBREAK_IDLE="always-present")
    daemon.wait_ready()
    _, box = wait_for_change(env, empty, "the daemon's icon appears in the panel")
    yield Session(env, daemon, box)
    daemon.stop()
    panel.stop()
    stop_bus(bus_process)
    xvfb.stop()


def wait_until_panel(env: dict[str, str]) -> Image.Image:
    """The panel's screenshot once it has drawn itself and stopped changing."""
    first = screenshot(env)
    shots = [first]

    def drawn() -> bool:
        shots.append(screenshot(env))
        return len(shots) > 3 and shots[-1].tobytes() == shots[-2].tobytes()

    wait_until(drawn, "the panel settles")
    return shots[-1]


def test_the_daemon_shows_a_tray_icon_whose_menu_snoozes_the_reminder(session: Session) -> None:
    assert "tray:          sni" in deskbreak("doctor").stdout
    wait_until(lambda: session.daemon.status()["phase"] == "due", "a reminder after 1 min", limit=100, every=1)
    closed = screenshot(session.env)
    xdotool(session.env, "mousemove", *centre(session.icon_box), "click", "3")
    _, menu_box = wait_for_change(session.env, closed, "the tray menu opens")
    menu = screenshot(session.env, SHOTS / "tray-menu.png")
    xdotool(session.env, "key", "Down", "Down", "Right")
    wait_for_change(session.env, menu, "the Snooze submenu opens")
    submenu = screenshot(session.env, SHOTS / "tray-snooze-submenu.png")
    assert submenu.crop(menu_box).getcolors(1 << 16) is not None
    xdotool(session.env, "key", "Return")
    wait_until(lambda: "snoozed" in history_kinds(), "the tray's Snooze 10 min reaches the daemon")
    assert session.daemon.status()["until_reminder"] == pytest.approx(600, abs=2)


def test_a_left_click_on_the_tray_icon_starts_a_break(session: Session) -> None:
    xdotool(session.env, "mousemove", *centre(session.icon_box), "click", "1")
    wait_until(lambda: session.daemon.status()["phase"] == "break", "the click starts a break")
    assert history_kinds()[-1] == "break_started"
