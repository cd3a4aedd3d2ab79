"""The whole daemon on a real wlroots desktop: sway 1.7 headless, mako, waybar with its tray and a custom module.

sway runs as an unprivileged user (``desktop_sway``); mako, waybar and
``deskbreak run`` are its clients and those of a private session bus with
no service activation. Idle time is sway's own (the Wayland backend), fed
by ``wtype`` typing as a person at work would, so desk time is real and a
reminder comes after a minute of it. Three reminders are answered through
mako as a click would (``makoctl invoke``): Snooze, then Skip, then the
body (the ``default`` action), which starts the break. waybar's tray hosts
deskbreak's StatusNotifierItem, and its custom module runs ``deskbreak
status --follow --json``; its colour follows the line's ``class``, so a
screenshot shows each change reached the bar.

The headless seat has no pointer device, so nothing here is clicked with a
pointer: waybar's tray icon and menu cannot be (see the report in README's
desktops table); the menu itself is covered over D-Bus in test_tray_sni.py.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from daemon_process import FAST_CONFIG, Daemon, deskbreak, history_kinds, write_config
from desktop import Repeating, need, start_bus, stop_bus, wait_until
from desktop_sway import Mako, Sway, Waybar, session_environ
from PIL import Image

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts" / "sway"
TITLE = "Time to stand up and stretch"
BAR_HEIGHT = 30
MODULE_COLOURS = {"working": (0, 255, 255), "snoozed": (0, 0, 255), "due": (255, 255, 0), "break": (0, 255, 0)}
TRAY_COLOUR = (255, 0, 255)
STYLE = "* { font-family: DejaVu Sans; font-size: 13px; border: none; }\n" + "\n".join(
    f"#custom-deskbreak.{state} {{ background: #{r:02x}{g:02x}{b:02x}; color: #000000; }}"
    for state, (r, g, b) in MODULE_COLOURS.items()) + "\n#tray { background: #ff00ff; padding: 0 4px; }\n"


@dataclass
class Desktop:
    """The running session: what a test drives and reads."""

    sway: Sway
    environ: dict[str, str]
    mako: Mako
    daemon: Daemon


@pytest.fixture
def desktop(tmp_path: Path) -> Iterator[Desktop]:
    sway = Sway(tmp_path / "sway.log")
    bus_process, bus = start_bus(tmp_path)
    environ = session_environ(sway, bus)
    mako = Mako(environ, tmp_path)
    follow = f"{sys.executable} -m deskbreak status --follow --json"
    waybar = Waybar(environ, tmp_path, {
        "layer": "top", "position": "top", "height": BAR_HEIGHT, "modules-right": ["custom/deskbreak", "tray"],
        "custom/deskbreak": {"exec": follow, "return-type": "json", "restart-interval": 1},
        "tray": {"icon-size": 22, "spacing": 4},
    }, STYLE)
    write_config(FAST_CONFIG)
    daemon = Daemon(tmp_path / "daemon.log", **{key: environ[key] for key in (
        "WAYLAND_DISPLAY", "SWAYSOCK", "DBUS_SESSION_BUS_ADDRESS", "DISPLAY")})
    daemon.wait_ready()
    yield Desktop(sway, environ, mako, daemon)
    daemon.stop()
    waybar.stop()
    mako.stop()
    stop_bus(bus_process)
    sway.stop()


def reminders(mako: Mako) -> list[dict[str, Any]]:
    return [shown for shown in mako.shown() if shown["summary"] == TITLE]


def next_reminder(desktop: Desktop, answered: set[int]) -> dict[str, Any]:
    """Wait (typing) for a reminder mako has not shown before, and return it."""
    with Repeating(lambda: desktop.sway.type_text("x"), every=1.0):  # a person typing
        wait_until(lambda: any(shown["id"] not in answered for shown in reminders(desktop.mako)),
                   "a reminder reaches mako after a minute of typing", limit=150, every=0.5)
    reminder = next(shown for shown in reminders(desktop.mako) if shown["id"] not in answered)
    answered.add(reminder["id"])
    return reminder


def test_reminders_reach_mako_and_its_actions_snooze_skip_and_start(desktop: Desktop) -> None:
    answered: set[int] = set()
    first = next_reminder(desktop, answered)
    assert first["body"] == "Chair twist · standing forward fold · wall dog — 3 min"
    assert set(first["actions"]) == {"default", "start", "snooze", "skip"}
    assert first["actions"]["snooze"] == "Snooze 1 min"
    wait_until(lambda: module_colour(bar(desktop)) == MODULE_COLOURS["due"], "the bar shows the break is due")
    shot = bar(desktop, "due.png")
    assert tray_icon_drawn(shot), "waybar's tray shows no icon"
    desktop.mako.invoke(first["id"], "snooze")
    wait_until(lambda: "snoozed" in history_kinds(), "the snooze reaches the daemon")
    wait_until(lambda: first["id"] not in {shown["id"] for shown in desktop.mako.shown()},
               "the answered reminder leaves mako")
    wait_until(lambda: module_colour(bar(desktop)) == MODULE_COLOURS["snoozed"], "the bar shows the snooze")

    second = next_reminder(desktop, answered)
    desktop.mako.invoke(second["id"], "skip")
    wait_until(lambda: "skipped" in history_kinds(), "the skip reaches the daemon")

    third = next_reminder(desktop, answered)
    desktop.mako.invoke(third["id"], "default")  # what mako does on a click on the notification
    wait_until(lambda: desktop.daemon.status()["phase"] == "break", "a click on the reminder starts the break")
    assert history_kinds() == ["reminder", "snoozed", "reminder", "skipped", "reminder", "break_started"]
    wait_until(lambda: module_colour(bar(desktop)) == MODULE_COLOURS["break"], "the bar shows the break")
    bar(desktop, "break.png")


def test_waybar_hosts_the_tray_icon_and_doctor_names_the_wayland_backends(desktop: Desktop) -> None:
    wait_until(lambda: bool(tray_items(desktop.environ)), "deskbreak's item is listed by waybar's watcher")
    service, _, path = tray_items(desktop.environ)[0].partition("/")
    assert busctl(desktop.environ, "get-property", service, f"/{path}" if path else "/StatusNotifierItem",
                  "org.kde.StatusNotifierItem", "Id") == 's "deskbreak"'
    wait_until(lambda: tray_icon_drawn(bar(desktop)), "waybar draws the icon")
    wait_until(lambda: module_colour(bar(desktop)) == MODULE_COLOURS["working"], "the bar shows the countdown")
    bar(desktop, "working.png")
    doctor = deskbreak("doctor").stdout.splitlines()
    assert doctor[1] == "idle:          wayland"
    assert "notifications: freedesktop" in doctor
    assert "tray:          sni" in doctor


def busctl(environ: dict[str, str], *arguments: str) -> str:
    result = subprocess.run([need("busctl", "systemd"), "--user", *arguments], env=environ, capture_output=True,
                            text=True, check=False, timeout=10)
    return result.stdout.strip() if result.returncode == 0 else ""


def tray_items(environ: dict[str, str]) -> list[str]:
    """The items waybar's StatusNotifierWatcher lists."""
    listed = busctl(environ, "--json=short", "get-property", "org.kde.StatusNotifierWatcher",
                    "/StatusNotifierWatcher", "org.kde.StatusNotifierWatcher", "RegisteredStatusNotifierItems")
    return list(json.loads(listed)["data"]) if listed else []


def bar(desktop: Desktop, save_as: str | None = None) -> Image.Image:
    """A grim screenshot of the bar (the top strip of the screen), kept in test-artifacts/sway when named."""
    path = ARTIFACTS / (save_as or ".latest.png")
    path.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run([need("grim", "grim"), str(path)], env=desktop.environ, check=True, timeout=10)
    with Image.open(path) as screen:
        return screen.convert("RGB").crop((0, 0, screen.width, BAR_HEIGHT))


def module_colour(strip: Image.Image) -> tuple[int, int, int] | None:
    """The custom module's background: the one state colour the bar shows, if any."""
    colours = {colour for _, colour in strip.getcolors(1 << 16) or []}
    shown = [colour for colour in MODULE_COLOURS.values() if colour in colours]
    return shown[0] if len(shown) == 1 else None


def tray_icon_drawn(strip: Image.Image) -> bool:
    """Whether the tray's box (magenta) has an icon in it: other colours between its edges."""
    columns = [x for x in range(strip.width) if strip.getpixel((x, 1)) == TRAY_COLOUR]
    if not columns:
        return False
    inside = strip.crop((min(columns), 0, max(columns) + 1, BAR_HEIGHT))
    return len([colour for _, colour in inside.getcolors(1 << 16) or [] if colour != TRAY_COLOUR]) > 10
