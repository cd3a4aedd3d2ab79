"""The whole daemon on a real XFCE 4.18 desktop: idle from the X server, xfce4-notifyd's buttons, the panel's tray.

One desktop (desktop_xfce.py) and one ``deskbreak run`` are shared by the
module; the tests run in order, each waiting for the state it needs. Idle is
real: X11's XScreenSaver counter, which only xdotool's input resets, so a
test waiting for a reminder keeps moving the pointer (FAST_CONFIG, one
minute of desk time between reminders, with the shortest natural break: 11 s).

What xfce4-notifyd 0.7.3 does with a click on a notification's body: it
closes the notification (NotificationClosed, reason 2, "dismissed by the
user") and sends no ActionInvoked("default") at all, so no client can make
that click start a break there. The test pins what deskbreak does then: the
reminder is gone, the break stays due, nothing is logged as answered, and the
tray menu still starts it.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from daemon_process import FAST_CONFIG, Daemon, deskbreak, history_kinds
from desktop import need, wait_until
from desktop_tray import settled_screen, wait_for_change
from desktop_xfce import SHOTS, Box, XfceDesktop, buttons_in, centre_of, menu_steps, xfce_desktop
from PIL import Image

SESSION_VARIABLES = ("HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME",
                     "XDG_RUNTIME_DIR", "TMPDIR", "DISPLAY", "DBUS_SESSION_BUS_ADDRESS")
REMINDER_LIMIT_S = 100  # a minute of desk time, and room for a loaded machine
PANEL_HEIGHT = 27
CLOSED_BY_THE_USER = 2  # NotificationClosed's reason for "dismissed by the user", in the notification spec
NATURAL_BREAK = 'natural_break = "11s"'  # the shortest allowed, which the idle test waits out
CONFIG = FAST_CONFIG.replace('natural_break = "20s"', NATURAL_BREAK)
SATURATED = 100  # of 255: the icon's blue ring is about 190, greys under 10
ICON_SLOT_WIDTH = 70  # xfce4-notifyd draws the icon left of the text, which starts 76 px in


@dataclass
class Session:
    desktop: XfceDesktop
    daemon: Daemon
    icon: Box


@pytest.fixture(scope="module")
def session(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Session]:
    root = tmp_path_factory.mktemp("xfce")
    with xfce_desktop(root) as desktop, pytest.MonkeyPatch.context() as environment:
        for name in SESSION_VARIABLES:
            environment.setenv(name, desktop.env[name])
        config = Path(desktop.env["XDG_CONFIG_HOME"]) / "deskbreak" / "deskbreak.toml"
        config.parent.mkdir(parents=True)
        config.write_text(CONFIG)
        empty_panel = settled_screen(desktop.env)
        daemon = Daemon(root / "daemon.log", **desktop.env)
        try:
            daemon.wait_ready()
            wait_until(lambda: bool(desktop.tray_items()), "deskbreak's item registers with the panel's watcher")
            _, icon = wait_for_change(desktop.env, empty_panel, "the panel draws deskbreak's icon")
            yield Session(desktop, daemon, icon)
        finally:
            daemon.stop()


@pytest.fixture(autouse=True)
def _in_the_session(_private_home: None, session: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    """The CLI and history reads in each test reach the shared daemon: its session's home and runtime folder."""
    for name in SESSION_VARIABLES:
        monkeypatch.setenv(name, session.desktop.env[name])


def next_reminder(desktop: XfceDesktop) -> Box:
    """Keep working (pointer input) until xfce4-notifyd shows a reminder; its window."""
    wait_until(lambda: desktop.nudge_pointer() and len(desktop.notification_boxes()) == 1,
               "a reminder reaches xfce4-notifyd", limit=REMINDER_LIMIT_S, every=0.5)
    return desktop.one_notification()


def reminder_buttons(desktop: XfceDesktop, window: Box, shot_name: str) -> list[Box]:
    """The reminder's buttons once it is fully drawn: Start, Snooze, Skip, and no second Start for the body click."""
    found: list[Box] = []

    def drawn() -> bool:
        desktop.nudge_pointer()  # still at the desk: 11 s without input would be a natural break
        found[:] = buttons_in(desktop.screenshot(shot_name), window)
        return len(found) >= 3

    wait_until(drawn, "the reminder's buttons are drawn")
    return found


def coloured_pixels(shot: Path, box: Box) -> int:
    """How many pixels inside ``box`` of the screenshot at ``shot`` are clearly coloured, not grey.

    The notification's own background, frame and text are greys; the icon's ring is blue.
    """
    with Image.open(shot) as image:
        saturation = image.convert("RGB").crop(box).convert("HSV").getchannel("S").histogram()
    return sum(saturation[SATURATED:])


def test_doctor_names_x11_idle_freedesktop_notifications_and_the_sni_tray(session: Session) -> None:
    lines = deskbreak("doctor").stdout.splitlines()
    assert "idle:          x11" in lines
    assert "notifications: freedesktop" in lines
    assert "tray:          sni" in lines


def test_idle_comes_from_the_x_server(session: Session) -> None:
    desktop, daemon = session.desktop, session.daemon
    wait_until(lambda: desktop.nudge_pointer() and daemon.status()["desk_time"] >= 2, "input counts as desk time",
               every=0.5)
    wait_until(lambda: "natural_break" in history_kinds(), "11 s without input are logged as a natural break",
               every=0.5)
    assert daemon.status()["desk_time"] == 0


def test_a_reminder_shows_one_start_button_and_its_snooze_button_snoozes(session: Session) -> None:
    desktop, daemon = session.desktop, session.daemon
    window = next_reminder(desktop)
    buttons = reminder_buttons(desktop, window, "reminder.png")
    assert len(buttons) == 3, f"Start, Snooze 1 min, Skip expected; xfce4-notifyd drew {len(buttons)} buttons"
    icon_slot = (window[0] + 2, window[1] + 2, window[0] + ICON_SLOT_WIDTH, buttons[0][1] - 2)
    assert coloured_pixels(SHOTS / "reminder.png", icon_slot) > 100, "the reminder's icon does not show on white"
    desktop.click(*centre_of(buttons[1]))
    wait_until(lambda: "snoozed" in history_kinds(), "the Snooze button reaches the daemon")
    assert daemon.status()["snoozes_left"] == 2
    wait_until(lambda: not desktop.notification_boxes(), "the answered reminder goes away")


def test_a_click_on_the_body_closes_the_reminder_and_the_break_stays_due(session: Session) -> None:
    desktop, daemon = session.desktop, session.daemon
    window = next_reminder(desktop)
    kinds = history_kinds()
    with desktop.notification_signals() as next_signal:
        desktop.click(centre_of(window)[0], window[1] + 12)
        member, (_, reason) = next_signal()
    assert (member, reason) == ("NotificationClosed", CLOSED_BY_THE_USER), "and no ActionInvoked came first"
    wait_until(lambda: not desktop.notification_boxes(), "xfce4-notifyd takes the clicked reminder down")
    desktop.screenshot("after-body-click.png")
    assert daemon.status()["phase"] == "due"
    assert history_kinds() == kinds, "a dismissed reminder is no answer: nothing logged"


def test_the_tray_menu_in_the_panel_starts_the_break(session: Session) -> None:
    desktop, daemon = session.desktop, session.daemon
    assert session.icon[3] <= PANEL_HEIGHT, f"deskbreak's icon is not in the panel: {session.icon}"
    before = desktop.screenshot("before-menu.png")
    desktop.click(*centre_of(session.icon), button=3)
    wait_for_change(desktop.env, before, "the panel opens deskbreak's menu")
    desktop.screenshot("tray-menu.png")
    steps = menu_steps(desktop.client, desktop.tray_items()[0], "Start break now")
    desktop.keys(*["Down"] * steps, "Return")
    wait_until(lambda: daemon.status()["phase"] == "break", "the menu's Start break now starts the break")
    assert history_kinds()[-1] == "break_started"


def test_the_start_button_starts_the_break(session: Session) -> None:
    desktop, daemon = session.desktop, session.daemon
    if daemon.status()["phase"] == "break":
        assert deskbreak("stop").returncode == 0
    window = next_reminder(desktop)
    buttons = reminder_buttons(desktop, window, "reminder-again.png")
    desktop.click(*centre_of(buttons[0]))
    wait_until(lambda: daemon.status()["phase"] == "break", "the Start button starts the break")
    assert history_kinds()[-1] == "break_started"
    wait_until(lambda: not desktop.notification_boxes(), "the answered reminder goes away")


def test_xfce4_notifyds_do_not_disturb_makes_deskbreak_wait(session: Session) -> None:
    """The switch in xfce4-notifyd's settings (xfconf's /do-not-disturb) is watched, not polled."""
    desktop, daemon = session.desktop, session.daemon
    quiet = next(line for line in deskbreak("doctor").stdout.splitlines() if line.startswith("quiet:"))
    assert "do not disturb: notification server" in quiet
    def switch(on: str) -> None:
        subprocess.run([need("xfconf-query", "xfconf"), "-c", "xfce4-notifyd", "-p", "/do-not-disturb", "-n",
                        "-t", "bool", "-s", on], env=desktop.env, check=True, capture_output=True, timeout=10)

    switch("true")
    wait_until(lambda: daemon.status()["quiet"] == "do not disturb", "deskbreak sees do-not-disturb on")
    switch("false")
    wait_until(lambda: daemon.status()["quiet"] is None, "deskbreak sees do-not-disturb off")
