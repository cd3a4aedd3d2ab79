"""The XEmbed fallback in a real XEmbed system tray (trayer) on Xvfb, clicked with xdotool."""

from __future__ import annotations

import queue
import subprocess
import threading
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import timedelta
from pathlib import Path

import pytest
from desktop import Xvfb, need, wait_until
from desktop_tray import (
    ARTIFACTS,
    Panel,
    centre,
    screenshot,
    session_env,
    settled_screen,
    wait_for_change,
    xdotool,
    xembed_tray_running,
)
from tray_states import WORKING

from deskbreak.core import Phase
from deskbreak.requests import Start
from deskbreak.tray import Request, Tray, choose_tray, tray_view

ROUTINES = (("desk", "Desk break"),)


@dataclass
class Running:
    env: dict[str, str]
    tray: Tray
    commands: queue.Queue[Request]
    icon_box: tuple[int, int, int, int]


@pytest.fixture(scope="module")
def running(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Running]:
    root: Path = tmp_path_factory.mktemp("xembed")
    xvfb = Xvfb(root / "xvfb.log")
    env = session_env(root, xvfb.display)
    panel = Panel.started(
        ["trayer", "--edge", "bottom", "--align", "left", "--widthtype", "request", "--height", "24"],
        "trayer",
        env,
        root / "trayer.log",
        lambda: xembed_tray_running(env["DISPLAY"]),
    )
    try:
        yield from _run_tray(env)
    finally:
        panel.stop()
        xvfb.stop()


def _run_tray(env: dict[str, str]) -> Iterator[Running]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DISPLAY", env["DISPLAY"])  # Xlib reads the process environment
        commands: queue.Queue[Request] = queue.Queue()
        choice = choose_tray(commands.put, environ=env, platform="linux")
    assert (choice.tray.name, choice.tray.has_menu) == ("xorg", False)
    assert choice.tried == ("sni: no session bus (DBUS_SESSION_BUS_ADDRESS is not set)",)
    choice.tray.update(tray_view(WORKING, 4, 12, ROUTINES))
    empty_panel = settled_screen(env)
    thread = threading.Thread(target=choice.tray.run, daemon=True)
    thread.start()
    shot, box = wait_for_change(env, empty_panel, "trayer shows the icon")
    shot.save(ARTIFACTS / "tray" / "xembed.png")
    try:
        yield Running(env, choice.tray, commands, box)
    finally:
        choice.tray.stop()
        thread.join(timeout=5)
        assert not thread.is_alive(), "run() did not return after stop()"


def test_the_icon_sits_in_the_tray_blended_into_its_background(running: Running) -> None:
    left, top, right, bottom = running.icon_box
    icon = screenshot(running.env).crop((left, top, right + 1, bottom + 1))
    assert max(icon.size) <= 26, f"icon drawn {icon.size}"
    assert min(icon.size) >= 16, f"icon drawn {icon.size}"
    assert icon.getpixel((0, 0)) != (0, 0, 0), "the icon's transparent corner shows black, not the panel"
    assert max(icon.getchannel("B").histogram()[201:]) > 0, "no blue progress ring"


def test_a_click_on_the_icon_starts_a_break(running: Running) -> None:
    xdotool(running.env, "mousemove", *centre(running.icon_box), "click", "1")
    assert running.commands.get(timeout=5) == Start()


def test_a_click_during_a_break_sends_nothing(running: Running) -> None:
    ends = WORKING.as_of + timedelta(minutes=2)
    during_break = replace(WORKING, phase=Phase.BREAK, break_routine="desk", break_ends=ends)
    before = screenshot(running.env)
    running.tray.update(tray_view(during_break, 4, 12, ROUTINES))
    wait_for_change(running.env, before, "the icon turns to the break look")
    xdotool(running.env, "mousemove", *centre(running.icon_box), "click", "1")
    # The loop handles the events it has before the changes noted after them,
    # so once the window shows this later title, the click has been handled.
    later = tray_view(replace(during_break, as_of=WORKING.as_of + timedelta(seconds=1)), 4, 12, ROUTINES)
    running.tray.update(later)
    wait_until(lambda: window_named(running.env, later.title), "the icon's window takes the later title")
    running.tray.update(tray_view(WORKING, 4, 12, ROUTINES))
    xdotool(running.env, "mousemove", *centre(running.icon_box), "click", "1")
    assert running.commands.get(timeout=5) == Start()
    assert running.commands.empty(), "the click during the break sent a request"


def window_named(env: dict[str, str], title: str) -> bool:
    command = [need("xdotool", "xdotool"), "search", "--name", f"^{title}$"]
    found = subprocess.run(command, env=env, capture_output=True, check=False)
    return found.returncode == 0


def test_a_title_beyond_latin1_is_shown_in_utf8_and_the_icon_keeps_working(running: Running) -> None:
    due = tray_view(replace(WORKING, phase=Phase.DUE), 4, 12, ROUTINES)
    assert "\u2014" in due.title
    running.tray.update(due)
    wait_until(lambda: window_named(running.env, "Break due - click to start"), "the icon's window takes the title")
    found = subprocess.run([need("xdotool", "xdotool"), "search", "--name", "^Break due"], env=running.env,
                           capture_output=True, text=True, check=True)
    shown = subprocess.run([need("xprop", "x11-utils"), "-id", found.stdout.split()[0], "_NET_WM_NAME"],
                           env={**running.env, "LC_ALL": "C.UTF-8"}, capture_output=True, check=True).stdout.decode()
    assert f'_NET_WM_NAME(UTF8_STRING) = "{due.title}"' in shown
    xdotool(running.env, "mousemove", *centre(running.icon_box), "click", "1")
    assert running.commands.get(timeout=5) == Start()


def test_right_and_middle_clicks_do_nothing(running: Running) -> None:
    xdotool(running.env, "mousemove", *centre(running.icon_box), "click", "3", "click", "2", "click", "1")
    assert running.commands.get(timeout=5) == Start(), "a right or middle click sent a request"
