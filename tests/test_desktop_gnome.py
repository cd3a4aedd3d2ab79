"""deskbreak on a real GNOME Shell 43: Mutter's idle time, GNOME's own notifications, the AppIndicator panel icon.

One headless shell (``desktop_gnome``) serves the whole module; each test
runs its own ``deskbreak run`` in it with real idle detection: input comes
through Mutter's RemoteDesktop, as a hand on the mouse. Reminders are read
from GNOME's notification list and answered on their banner, the panel
icon's menu is used as the extension built it, and the daemon's status and
history show what each click did. Screenshots go to test-artifacts/gnome/.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from daemon_process import FAST_CONFIG, Daemon, deskbreak, history_kinds, write_config
from desktop import wait_until
from desktop_gnome import GnomeShell
from PIL import Image

from deskbreak.daemon._face import REMINDER_TITLE
from deskbreak.idle import IdleWatch, choose_idle_source

BODY = "Chair twist · standing forward fold · wall dog — 3 min"
SOON_AWAY = FAST_CONFIG.replace('natural_break = "20s"', 'natural_break = "11s"')
"""11 s without input make a natural break: the shortest the config allows."""
ALWAYS_AT_THE_DESK = FAST_CONFIG.replace('away_after = "10s"', 'away_after = "30m"').replace(
    'natural_break = "20s"', 'natural_break = "4h"')
"""A reminder a minute after the last input, with no input needed in between."""
REMINDER_WAIT_S = 100
BREAK_WINDOW = "deskbreak — Desk break"


@pytest.fixture(scope="module")
def shell(tmp_path_factory: pytest.TempPathFactory) -> Iterator[GnomeShell]:
    gnome = GnomeShell(tmp_path_factory.mktemp("gnome")).start()
    yield gnome
    gnome.stop()


@pytest.fixture
def run_daemon(shell: GnomeShell, tmp_path: Path) -> Iterator[Callable[[str], Daemon]]:
    """Start ``deskbreak run`` in the shell with a config; the earlier test's icon and notifications are gone."""
    wait_until(lambda: not shell.tray_items(), "no item is left from an earlier test")
    shell.eval("Main.panel.statusArea.dateMenu._messageList._notificationSection.clear()")
    started: list[Daemon] = []

    def start(config: str) -> Daemon:
        write_config(config)
        daemon = Daemon(tmp_path / "daemon.log", **shell.environ)
        started.append(daemon)
        daemon.wait_ready()
        return daemon

    yield start
    for daemon in started:
        daemon.stop()


def test_a_daemon_started_before_the_shell_shows_its_icon_once_gnome_is_up(tmp_path: Path) -> None:
    """Logging in: the session starts deskbreak alongside the shell, and the panel's watcher comes later.

    First in the module, so that no other shell is running yet.
    """
    gnome = GnomeShell(tmp_path / "gnome")
    write_config(FAST_CONFIG)
    daemon = Daemon(tmp_path / "daemon.log", **gnome.environ)
    try:
        daemon.wait_ready()
        assert "tray:          waiting" in deskbreak("doctor").stdout
        gnome.start()
        wait_until(lambda: len(gnome.tray_items()) == 1, "the AppIndicator extension lists deskbreak's item")
        wait_until(lambda: "tray:          sni" in deskbreak("doctor").stdout, "the daemon uses GNOME's panel")
        assert drawn(gnome.screenshot("icon-after-login.png"), gnome.icon_box())
    finally:
        daemon.stop()
        gnome.stop()


def test_doctor_names_gnome_backends_and_mutter_sees_real_idle_and_input(
        shell: GnomeShell, run_daemon: Callable[[str], Daemon]) -> None:
    daemon = run_daemon(SOON_AWAY)
    wait_until(lambda: "tray:          sni" in deskbreak("doctor").stdout, "the icon is in GNOME's panel")
    lines = deskbreak("doctor").stdout.splitlines()
    assert "idle:          gnome" in lines  # org.gnome.Mutter.IdleMonitor
    assert any(line.startswith("  not used:    wayland: ") for line in lines)  # GNOME 43 has no idle protocol
    assert "notifications: freedesktop" in lines
    assert not any("problem:" in line for line in lines)

    wait_until(lambda: "natural_break" in history_kinds(), "11 s without input count as a natural break")
    assert daemon.status()["desk_time"] == 0
    shell.move_pointer()
    wait_until(lambda: shell.idle_time() < 1, "Mutter counts the move as input (its input thread passes it on)")
    wait_until(lambda: daemon.status()["desk_time"] > 0, "the pointer's move counts as time at the desk")


def test_mutters_idle_watches_tell_when_each_threshold_is_reached_and_when_input_comes_back(
        shell: GnomeShell) -> None:
    source = choose_idle_source(environ=shell.environ, platform="linux").source
    try:
        assert isinstance(source, IdleWatch)
        assert source.name == "gnome"
        calls: list[None] = []
        shell.move_pointer()
        wait_until(lambda: shell.idle_time() < 1, "Mutter counts the move as input")
        source.watch([timedelta(milliseconds=1500), timedelta(milliseconds=2500)], lambda: calls.append(None))
        wait_until(lambda: len(calls) >= 2, "Mutter fires both idle watches")
        assert source.idle_for() >= timedelta(milliseconds=1500)  # this reading also asks for the user-active watch
        shell.move_pointer()
        wait_until(lambda: len(calls) >= 3, "Mutter fires the user-active watch")
        assert source.idle_for() < timedelta(milliseconds=1500)
    finally:
        source.close()


def test_the_panel_icon_shows_and_its_menu_starts_and_stops_a_break(
        shell: GnomeShell, run_daemon: Callable[[str], Daemon]) -> None:
    daemon = run_daemon(FAST_CONFIG)
    wait_until(lambda: len(shell.tray_items()) == 1, "the AppIndicator extension lists deskbreak's item")
    wait_until(lambda: bool(shell.tray_menu()), "the icon's menu is in GNOME's panel")
    assert "dropped the tray icon" not in daemon.log.read_text()  # the extension lists it as ":1.5@/path"
    menu = shell.open_tray_menu()
    assert drawn(shell.screenshot("tray-menu.png"), menu)
    shell.choose_from_tray_menu("Start break now")
    wait_until(lambda: daemon.status()["phase"] == "break", "the menu item starts a break")
    assert history_kinds()[-1] == "break_started"
    wait_until(lambda: drawn(shell.screenshot("break-window.png"), lower_half(shell.window_box(BREAK_WINDOW))),
               "the break window shows (an X11 window, through Xwayland)")

    shell.choose_from_tray_menu("Stop this break")
    wait_until(lambda: daemon.status()["phase"] == "working", "the menu item stops the break")
    assert history_kinds()[-1] == "break_stopped"
    wait_until(lambda: shell.window_box(BREAK_WINDOW) is None, "the break window closes")
    assert "no property org.kde.StatusNotifierItem" not in shell.log.read_text()  # asked after every NewIcon


def test_a_break_that_ends_while_you_are_away_leaves_no_cue_in_gnomes_list(
        shell: GnomeShell, run_daemon: Callable[[str], Daemon]) -> None:
    """Away from the desk, GNOME keeps a banner up until you come back: only deskbreak can take the cue down."""
    daemon = run_daemon(FAST_CONFIG)
    wait_until(lambda: shell.idle_time() > 1.5, "GNOME counts you as away (over 1 s without input)")
    assert deskbreak("start").returncode == 0
    shell.wait_for_banner("Now: Chair twist, left side")
    (cue,) = shell.listed()
    assert cue["transient"]  # so GNOME drops it once its banner has gone
    shell.screenshot("break-cue.png")
    assert deskbreak("stop").returncode == 0
    wait_until(lambda: daemon.status()["phase"] == "working", "the break stops")
    wait_until(lambda: not shell.listed(), "the cue leaves GNOME's list with the break")
    assert shell.banner() is None
    assert shell.idle_time() > 1.5, "nobody moved: the cue went because deskbreak closed it"


def test_reminders_show_in_gnome_with_buttons_snooze_and_a_click_starts_the_break(
        shell: GnomeShell, run_daemon: Callable[[str], Daemon]) -> None:
    shell.move_pointer()
    daemon = run_daemon(ALWAYS_AT_THE_DESK)
    shell.wait_for_banner(REMINDER_TITLE, limit=REMINDER_WAIT_S)  # a minute at the desk
    (reminder,) = shell.listed()
    assert (reminder["title"], reminder["body"]) == (REMINDER_TITLE, BODY)
    assert reminder["buttons"] == ["Start", "Snooze 1 min", "Skip"]  # and a click on the body starts the break too
    shell.screenshot("reminder.png")
    shell.point_at_banner(REMINDER_TITLE)
    shell.screenshot("reminder-buttons.png")
    shell.press_button(REMINDER_TITLE, "Snooze 1 min")
    wait_until(lambda: "snoozed" in history_kinds(), "the Snooze button reaches the daemon")
    assert daemon.status()["snoozes_left"] == 2
    wait_until(lambda: not shell.listed(), "the answered reminder leaves GNOME's list")

    shell.wait_for_banner(REMINDER_TITLE, limit=REMINDER_WAIT_S)  # back a minute after the snooze
    shell.click_banner(REMINDER_TITLE)
    wait_until(lambda: daemon.status()["phase"] == "break", "a click on the reminder starts the break")
    assert history_kinds().count("reminder") == 2
    assert "break_started" in history_kinds()
    assert deskbreak("status").stdout.startswith("Stretching: desk routine")


def drawn(screen: Image.Image, box: tuple[int, int, int, int] | None) -> bool:
    """Whether something with detail is drawn in ``box`` (a flat colour is not)."""
    if box is None:
        return False
    colours = screen.crop(box).getcolors(maxcolors=1 << 16)
    return colours is None or len(colours) > 10


def lower_half(box: tuple[int, int, int, int] | None) -> tuple[int, int, int, int] | None:
    """The lower half of a window's box: a banner at the top of the screen may cover its upper part."""
    if box is None:
        return None
    left, top, right, bottom = box
    return left, (top + bottom) // 2, right, bottom
