"""The StatusNotifierItem tray in a real SNI panel (gtk-sni-tray) on Xvfb with a private bus.

These tests use the panel as a user would: its icon, its menu, its clicks,
a panel restart, and what an idle tray costs. ``test_tray_sni_bus.py``
reads the same item directly over the bus.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from desktop import wait_until
from desktop_sni import (
    SHOTS,
    Desktop,
    Running,
    layout,
    ready_for_a_test,
    running_tray,
    sni_desktop,
    view,
)
from desktop_tray import centre, get_property, screenshot, wait_for_change, xdotool
from PIL import ImageChops

from deskbreak.core import Phase
from deskbreak.requests import Snooze, Start
from deskbreak.tray import choose_tray


@pytest.fixture(scope="module")
def desktop(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Desktop]:
    with sni_desktop(tmp_path_factory.mktemp("sni")) as started:
        yield started


@pytest.fixture(scope="module")
def running(desktop: Desktop) -> Iterator[Running]:
    with running_tray(desktop) as started:
        yield started


@pytest.fixture
def tray(running: Running, desktop: Desktop) -> Running:
    return ready_for_a_test(running, desktop)


def test_the_panel_draws_our_pixels_with_the_progress_ring_in_blue(tray: Running, desktop: Desktop) -> None:
    left, top, right, bottom = tray.icon_box
    icon = screenshot(desktop.env, SHOTS / "sni-icon.png").crop((left, top, right + 1, bottom + 1))
    assert max(icon.size) <= 48, f"icon drawn {icon.size}"
    assert min(icon.size) >= 12, f"icon drawn {icon.size}"
    red, _, blue = icon.split()
    bright_blue = ImageChops.multiply(
        blue.point(lambda v: 255 if v > 180 else 0),
        ImageChops.subtract(blue, red).point(lambda v: 255 if v > 80 else 0),
    )
    assert bright_blue.getbbox(), "no blue ring: the ARGB byte order is wrong or another icon is shown"


def test_snooze_10_minutes_from_the_panel_menu(tray: Running, desktop: Desktop) -> None:
    tray.tray.update(view(phase=Phase.DUE, until_reminder=timedelta(0)))
    wait_until(lambda: layout(desktop, tray)["Snooze"][1].get("enabled", True), "Snooze is enabled")
    closed = screenshot(desktop.env)
    xdotool(desktop.env, "mousemove", *centre(tray.icon_box), "click", "3")
    _, menu_box = wait_for_change(desktop.env, closed, "the menu opens")
    menu = screenshot(desktop.env, SHOTS / "sni-menu.png")
    assert menu.crop(menu_box).getextrema() != ((0, 0), (0, 0), (0, 0)), "the open menu is blank"
    xdotool(desktop.env, "key", "Down", "Down", "Right")
    wait_for_change(desktop.env, menu, "the Snooze submenu opens")
    screenshot(desktop.env, SHOTS / "sni-snooze-submenu.png")
    xdotool(desktop.env, "key", "Return")
    assert tray.next_command() == Snooze(10)


def test_a_left_click_on_the_icon_starts_a_break(tray: Running, desktop: Desktop) -> None:
    xdotool(desktop.env, "mousemove", *centre(tray.icon_box), "click", "1")
    assert tray.next_command() == Start()


def test_a_restarted_panel_gets_the_icon_back(tray: Running, desktop: Desktop) -> None:
    desktop.stop_panel()
    desktop.start_panel()
    wait_until(lambda: desktop.items() == [tray.bus_name], "the item registers with the new watcher")


def test_a_tray_made_before_the_panel_starts_shows_up_when_it_does(desktop: Desktop) -> None:
    """Logging in: the daemon can start before the panel, and its icon must still appear, with its menu."""
    before = set(desktop.items())
    desktop.stop_panel()
    choice = choose_tray(lambda request: None, environ=desktop.env, platform="linux")
    assert choice.tray.name == "waiting"
    thread = threading.Thread(target=choice.tray.run, daemon=True)
    thread.start()
    try:
        choice.tray.update(view(phase=Phase.DUE, until_reminder=timedelta(0)))
        desktop.start_panel()
        wait_until(lambda: len(set(desktop.items()) - before) == 1, "the waiting tray registers with the new panel")
        assert (choice.tray.name, choice.tray.has_menu) == ("sni", True)
        (item,) = set(desktop.items()) - before
        title = get_property(desktop.client, item, "/StatusNotifierItem", "org.kde.StatusNotifierItem", "Title")
        assert title == "Break due — click to start", "the view given while waiting is the one shown"
    finally:
        choice.tray.stop()
        thread.join(timeout=5)
    assert not thread.is_alive()


def test_stop_takes_the_item_off_the_bus(desktop: Desktop) -> None:
    before = set(desktop.items())
    choice = choose_tray(lambda request: None, environ=desktop.env, platform="linux")
    thread = threading.Thread(target=choice.tray.run, daemon=True)
    thread.start()
    # Compared by name: the item of the test before may still be leaving the watcher's list.
    wait_until(lambda: len(set(desktop.items()) - before) == 1, "a second item registers")
    (name,) = set(desktop.items()) - before
    choice.tray.stop()
    thread.join(timeout=5)
    assert not thread.is_alive()
    wait_until(lambda: not desktop.has_owner(name), "the item's name leaves the bus")
    wait_until(lambda: name not in desktop.items(), "the watcher drops the item")


IDLE_TRAY = """
import sys
from datetime import datetime, timedelta
from deskbreak.core import Phase, Status
from deskbreak.tray import choose_tray, tray_view

choice = choose_tray(lambda request: None)
status = Status(
    as_of=datetime(2024, 5, 6, 10, 30), phase=Phase.WORKING, desk_time=timedelta(minutes=20),
    until_reminder=timedelta(minutes=30), snoozes_left=2, paused=False, paused_until=None,
    in_active_hours=True, routine="desk", break_routine=None, break_started=None, break_ends=None,
)
choice.tray.update(tray_view(status, 4, 12, [("desk", "Desk break")]))
print(choice.tray.name, flush=True)
choice.tray.run()
"""
IDLE_WINDOW_S = 1.0


def test_an_idle_tray_uses_no_cpu_and_little_memory(desktop: Desktop) -> None:
    """Idleness can only be measured over real time: one second with the item shown and nothing to do."""
    before = set(desktop.items())
    tray = subprocess.Popen([sys.executable, "-c", IDLE_TRAY], env=desktop.env, stdout=subprocess.PIPE, text=True)
    bare = subprocess.Popen([sys.executable, "-c", "import sys; sys.stdin.read()"], stdin=subprocess.PIPE)
    try:
        assert tray.stdout is not None
        assert tray.stdout.readline().strip() == "sni"
        wait_until(lambda: len(set(desktop.items()) - before) == 1, "the tray process's item registers")
        ticks_before = cpu_ticks(tray.pid)
        threading.Event().wait(IDLE_WINDOW_S)
        idle_ticks = cpu_ticks(tray.pid) - ticks_before
        tray_kib, bare_kib = resident_kib(tray.pid), resident_kib(bare.pid)
    finally:
        tray.terminate()
        bare.terminate()
        tray.wait(timeout=5)
        bare.wait(timeout=5)
    SHOTS.mkdir(parents=True, exist_ok=True)
    (SHOTS / "sni-resources.txt").write_text(
        f"RSS of a process showing the SNI tray: {tray_kib} KiB\n"
        f"RSS of a bare python process: {bare_kib} KiB\n"
        f"CPU while idle for {IDLE_WINDOW_S} s: {idle_ticks * 1000 // os.sysconf('SC_CLK_TCK')} ms\n"
    )
    assert idle_ticks <= 1, f"the idle tray used {idle_ticks} clock ticks in {IDLE_WINDOW_S} s: something polls"
    assert tray_kib - bare_kib < 40_000, f"the tray costs {tray_kib - bare_kib} KiB over a bare interpreter"


def cpu_ticks(pid: int) -> int:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime and stime, fields 14 and 15 of stat(5)


def resident_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError(f"no VmRSS for process {pid}")
