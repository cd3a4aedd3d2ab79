"""The whole daemon in a real KDE Plasma 5.27 session: KWin's idle protocol, Plasma's notifications and tray.

One session (desktop_plasma.py: KWin, kactivitymanagerd, kded5 with its
StatusNotifierWatcher, plasmashell) and one ``deskbreak run`` are shared by
the module; the tests run in order, each waiting for the state it needs.
Desk time is real: KWin's idle notifications, reset only by fake-input
pointer motion, so a test waiting for a reminder keeps moving the pointer.
Screenshots go to test-artifacts/plasma/.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from daemon_process import FAST_CONFIG, Daemon, deskbreak, history_kinds
from desktop import wait_until
from desktop_kde import BUTTON_RIGHT, KEY_DOWN, KEY_ENTER
from desktop_plasma import Plasma
from desktop_tray import call
from desktop_xfce import centre_of, menu_steps
from PIL import Image
from plasma_screen import Box, buttons_in, first_drawn

from deskbreak.daemon._face import REMINDER_TITLE

NATURAL_BREAK = 'natural_break = "11s"'  # the shortest allowed, which the idle test waits out
CONFIG = FAST_CONFIG.replace('natural_break = "20s"', NATURAL_BREAK)
REMINDER_LIMIT_S = 100  # a minute of desk time, and room for a loaded machine
PANEL_TOP = 720  # Plasma's default panel is the bottom 44 px of the 1024x768 virtual screen
ABOVE_THE_PANEL = (0, 0, 1024, PANEL_TOP)
TRAY = (600, PANEL_TOP, 1024, 768)  # the right of the panel: system tray, clock, show-desktop
ICON_MOST = 48  # px: Plasma draws tray icons 22 px high in a default panel
LIGHT = 200  # of 255: Breeze's panel is about 239, the wallpaper behind it under 80
NOTIFICATIONS = "org.freedesktop.Notifications"
ACTIONS = {"default": "Start", "start": "Start", "snooze": "Snooze 1 min", "skip": "Skip"}


@dataclass
class Session:
    plasma: Plasma
    daemon: Daemon
    icon: Box


def daemon_environ(plasma: Plasma, root: Path) -> dict[str, str]:
    """What the daemon and the CLI share: Plasma's bus and Wayland socket, a home and runtime folder under ``root``."""
    home = root / "home"
    return {"DBUS_SESSION_BUS_ADDRESS": plasma.env["DBUS_SESSION_BUS_ADDRESS"],
            "WAYLAND_DISPLAY": plasma.env["WAYLAND_DISPLAY"], "HOME": str(home),
            "XDG_CONFIG_HOME": str(home / ".config"), "XDG_STATE_HOME": str(home / ".local" / "state"),
            "XDG_DATA_HOME": str(home / ".local" / "share"), "XDG_RUNTIME_DIR": str(root / "run")}


@pytest.fixture(scope="module")
def session(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Session]:
    root = tmp_path_factory.mktemp("plasma")
    plasma = Plasma(root)
    try:
        with pytest.MonkeyPatch.context() as environment:
            _enter(environment, daemon_environ(plasma, root))
            config = root / "home" / ".config" / "deskbreak" / "deskbreak.toml"
            config.parent.mkdir(parents=True)
            config.write_text(CONFIG)
            wait_until(lambda: panel_drawn(plasma.screenshot()), "Plasma draws its panel", limit=60, every=0.2)
            empty_panel = plasma.settled_screen("before-the-icon.png")  # what the icon is found against
            daemon = Daemon(root / "daemon.log")
            try:
                daemon.wait_ready()
                wait_until(lambda: bool(plasma.tray_items()), "kded5's watcher lists deskbreak's item")
                plasma.wait_for_change(empty_panel, TRAY, "Plasma's tray draws the icon")
                icon = first_drawn(empty_panel, plasma.settled_screen(), TRAY)
                assert icon is not None
                assert icon[2] - icon[0] <= ICON_MOST, icon
                assert icon[3] - icon[1] <= ICON_MOST, icon
                yield Session(plasma, daemon, icon)
            finally:
                daemon.stop()
    finally:
        plasma.stop()


@pytest.fixture(autouse=True)
def _in_the_session(_private_home: None, session: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    """The CLI and history reads in each test reach the shared daemon: its home, runtime folder and bus."""
    _enter(monkeypatch, daemon_environ(session.plasma, session.plasma.root))


def _enter(monkeypatch: pytest.MonkeyPatch, environ: dict[str, str]) -> None:
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("DISPLAY", raising=False)  # Wayland only: no X server to fall back on


def panel_drawn(screen: Image.Image) -> bool:
    """Whether Plasma's panel is on screen: Breeze's light grey covers most of the screen's bottom strip.

    The shell owns its bus names before its panel is mapped, and the dark
    wallpaper alone is still: without this, a screenshot of a panel-less
    screen would pass for the empty panel.
    """
    strip = screen.crop((0, PANEL_TOP + 4, screen.width, screen.height)).convert("L")
    return sum(strip.histogram()[LIGHT:]) > strip.width * strip.height // 2


def next_reminder(plasma: Plasma) -> int:
    """Keep working (pointer input) until Plasma lists a reminder; its id in Plasma's server."""
    wait_until(lambda: plasma.check_running() and plasma.nudge_pointer() and bool(reminders(plasma)),
               "a reminder reaches Plasma", limit=REMINDER_LIMIT_S, every=0.5)
    (notification_id,) = reminders(plasma)
    return notification_id


def reminders(plasma: Plasma) -> list[int]:
    return [key for key, (summary, *_) in plasma.notifications.now().items() if summary == REMINDER_TITLE]


def test_doctor_names_wayland_idle_freedesktop_notifications_and_the_sni_tray(session: Session) -> None:
    lines = deskbreak("doctor").stdout.splitlines()
    assert "idle:          wayland" in lines
    assert "notifications: freedesktop" in lines
    assert "tray:          sni" in lines
    assert not any("problem:" in line for line in lines), lines


def test_idle_comes_from_kwin(session: Session) -> None:
    """The session may have sat 11 s untouched while it started: only a natural break after the input counts."""
    plasma, daemon = session.plasma, session.daemon
    wait_until(lambda: plasma.nudge_pointer() and daemon.status()["desk_time"] >= 2, "input counts as desk time",
               every=0.5)
    earlier = history_kinds().count("natural_break")
    wait_until(lambda: history_kinds().count("natural_break") > earlier,
               "11 s without input are logged as a natural break", every=0.5)
    assert daemon.status()["desk_time"] == 0


def test_the_tray_menu_in_plasmas_panel_starts_the_break(session: Session) -> None:
    plasma, daemon = session.plasma, session.daemon
    plasma.screenshot("tray-icon.png")
    before = plasma.settled_screen()
    plasma.kwin.hands.click_at(*centre_of(session.icon), button=BUTTON_RIGHT)
    plasma.wait_for_change(before, (0, 0, 1024, 768), "Plasma opens deskbreak's menu")
    plasma.screenshot("tray-menu.png")
    steps = menu_steps(plasma.client, plasma.tray_items()[0], "Start break now")
    for _ in range(steps):
        plasma.kwin.hands.type_key(KEY_DOWN)
    plasma.kwin.hands.type_key(KEY_ENTER)
    wait_until(lambda: daemon.status()["phase"] == "break", "the menu's Start break now starts the break")
    assert history_kinds()[-1] == "break_started"
    assert deskbreak("stop").returncode == 0


def test_a_reminder_shows_in_plasma_with_its_buttons_and_snooze_snoozes(session: Session) -> None:
    plasma, daemon = session.plasma, session.daemon
    before = plasma.settled_screen()
    reminder = next_reminder(plasma)
    _, _, actions, hints = plasma.notifications.now()[reminder]
    assert dict(zip(actions[::2], actions[1::2], strict=True)) == ACTIONS  # the body click, then the buttons
    assert hints["desktop-entry"] == "deskbreak"
    popup = plasma.wait_for_change(before, ABOVE_THE_PANEL, "Plasma shows the reminder's popup")
    buttons = buttons_in(plasma.screenshot("reminder.png"), popup)
    assert len(buttons) == 3, f"Start, Snooze 1 min, Skip expected; found {buttons} on the popup at {popup}"
    plasma.kwin.hands.click_at(*centre_of(buttons[1]))
    wait_until(lambda: "snoozed" in history_kinds(), "the Snooze button reaches the daemon")
    assert daemon.status()["snoozes_left"] == 2
    wait_until(lambda: not reminders(plasma), "the answered reminder leaves Plasma's list")


def test_a_click_on_the_reminder_starts_the_break(session: Session) -> None:
    plasma, daemon = session.plasma, session.daemon
    before = plasma.settled_screen()
    reminder = next_reminder(plasma)
    popup = plasma.wait_for_change(before, ABOVE_THE_PANEL, "Plasma shows the reminder's popup")
    plasma.screenshot("reminder-popup.png")
    assert daemon.status()["phase"] == "due"
    plasma.kwin.hands.click_at(centre_of(popup)[0], popup[1] + (popup[3] - popup[1]) // 3)  # on the title
    wait_until(lambda: daemon.status()["phase"] == "break", "a click on the reminder starts the break")
    assert history_kinds()[-2:] == ["reminder", "break_started"]
    wait_until(lambda: reminder not in plasma.notifications.now(), "the answered reminder leaves Plasma's list")
    plasma.screenshot("break.png")


def test_plasmas_do_not_disturb_is_seen_and_so_is_its_end(session: Session) -> None:
    """A presenting app asks Plasma for quiet (``Inhibit``); Plasma's ``Inhibited`` turns on and says so."""
    plasma, daemon = session.plasma, session.daemon
    quiet = next(line for line in deskbreak("doctor").stdout.splitlines() if line.startswith("quiet:"))
    assert "do not disturb: notification server" in quiet
    (cookie,) = call(plasma.client, NOTIFICATIONS, "/org/freedesktop/Notifications", NOTIFICATIONS, "Inhibit",
                     "ssa{sv}", "org.kde.okular", "Presenting", {})
    wait_until(lambda: daemon.status()["quiet"] == "do not disturb", "deskbreak sees Plasma's do-not-disturb")
    call(plasma.client, NOTIFICATIONS, "/org/freedesktop/Notifications", NOTIFICATIONS, "UnInhibit", "u", cookie)
    wait_until(lambda: daemon.status()["quiet"] is None, "deskbreak sees do-not-disturb end")
    assert "stopped working" not in daemon.log.read_text()
