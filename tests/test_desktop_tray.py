"""The whole daemon with a real StatusNotifierItem host: its tray icon, its menu, its clicks.

Xvfb, a private session bus, Debian's gtk-sni-tray-standalone as the panel
(started as ``desktop_sni`` starts it, past its own start-up race), and
``deskbreak run`` (1-minute interval, you count as always present). The
menu is opened and clicked with xdotool as a person would, and the daemon's
status and history show what the click did.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from daemon_process import FAST_CONFIG, Daemon, deskbreak, history_kinds, write_config
from desktop import wait_until
from desktop_sni import sni_desktop
from desktop_tray import ARTIFACTS, centre, screenshot, settled_screen, wait_for_change, xdotool

SHOTS = ARTIFACTS / "desktop"


@dataclass
class Session:
    env: dict[str, str]
    daemon: Daemon
    icon_box: tuple[int, int, int, int]


@pytest.fixture
def session(tmp_path: Path) -> Iterator[Session]:
    with sni_desktop(tmp_path) as desktop:
        write_config(FAST_CONFIG)
        empty = settled_screen(desktop.env)
        daemon = Daemon(tmp_path / "daemon.log", DISPLAY=desktop.env["DISPLAY"],
                        DBUS_SESSION_BUS_ADDRESS=desktop.address, DESKBREAK_IDLE="always-present")
        try:
            daemon.wait_ready()
            wait_until(lambda: bool(desktop.items()), "the daemon's item registers with the panel")
            _, box = wait_for_change(desktop.env, empty, "the daemon's icon appears in the panel")
            yield Session(desktop.env, daemon, box)
        finally:
            daemon.stop()


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


def test_the_daemon_showing_its_icon_has_not_loaded_pillow(session: Session) -> None:
    """The icon is drawn in plain Python: Pillow's ~4 MB waits until a break window or report needs it."""
    mapped = Path(f"/proc/{session.daemon.process.pid}/maps").read_text()
    assert "/PIL/" not in mapped


def test_a_left_click_on_the_tray_icon_starts_a_break(session: Session) -> None:
    xdotool(session.env, "mousemove", *centre(session.icon_box), "click", "1")
    wait_until(lambda: session.daemon.status()["phase"] == "break", "the click starts a break")
    assert history_kinds()[-1] == "break_started"


def test_a_daemon_started_before_the_panel_shows_its_icon_once_the_panel_starts(tmp_path: Path) -> None:
    """Logging in: the session may start deskbreak before the panel."""
    with sni_desktop(tmp_path) as desktop:
        desktop.stop_panel()
        write_config(FAST_CONFIG)
        daemon = Daemon(tmp_path / "daemon.log", DISPLAY=desktop.env["DISPLAY"],
                        DBUS_SESSION_BUS_ADDRESS=desktop.address, DESKBREAK_IDLE="always-present")
        try:
            daemon.wait_ready()
            assert "tray:          waiting" in deskbreak("doctor").stdout
            desktop.start_panel()
            wait_until(lambda: bool(desktop.items()), "the daemon's item registers with the late panel")
            assert "tray:          sni" in deskbreak("doctor").stdout
            screenshot(desktop.env, SHOTS / "tray-after-a-late-panel.png")
        finally:
            daemon.stop()
