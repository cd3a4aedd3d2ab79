"""``deskbreak stats``, ``doctor`` and the daemon's log, as a user meets them."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from daemon_process import FAST_CONFIG, Daemon, deskbreak, write_config
from desktop import Xvfb
from fake_compositor import OTHERS, SEAT_GLOBAL, FakeCompositor

from deskbreak.daemon._logging import log_path


@pytest.fixture
def daemon(tmp_path: Path) -> Iterator[Daemon]:
    write_config(FAST_CONFIG)
    running = Daemon(tmp_path / "daemon.log", DESKBREAK_IDLE="always-present")
    running.wait_ready()
    yield running
    running.stop()


def test_stats_before_anything_happened() -> None:
    result = deskbreak("stats")
    assert result.stdout == "Today: nothing recorded yet\nThis week: nothing recorded yet\n"


def test_stats_counts_what_the_daemon_recorded_and_exports_it(daemon: Daemon) -> None:
    for verb in ("log", "start", "stop", "skip"):
        assert deskbreak(verb).returncode == 0
    daemon.stop()
    today = deskbreak("stats").stdout.splitlines()[0]
    assert today == "Today: 1 break (0 min stretched), 1 cut short, 1 skipped"
    lines = [json.loads(line) for line in deskbreak("stats", "--json").stdout.splitlines()]
    assert [line["kind"] for line in lines] == ["logged", "break_started", "break_stopped", "skipped"]
    rows = list(csv.DictReader(io.StringIO(deskbreak("stats", "--csv").stdout)))
    assert [row["kind"] for row in rows] == ["logged", "break_started", "break_stopped", "skipped"]


def test_doctor_without_a_daemon_or_a_display(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent")
    result = deskbreak("doctor")
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0] == "daemon:        not running (start it with: deskbreak run)"
    assert lines[1] == "idle:          always-present"
    assert any(line.startswith("  not used:    x11: ") for line in lines)
    idle_dbus, notify_dbus = (line for line in lines if line.startswith("  not used:    freedesktop: "))
    assert idle_dbus.endswith("(fix: on KDE and others, the org.freedesktop.ScreenSaver service must be running)")
    assert notify_dbus.endswith(
        "(fix: a notification daemon (the desktop's own, or dunst) must run on the session bus)")
    assert "  problem:     no idle detection: you count as always at the keyboard" in lines


def test_doctor_on_wayland_says_what_would_help_there(monkeypatch: pytest.MonkeyPatch) -> None:
    """A compositor with no idle protocol and no GNOME: libxss1 is no answer there, the compositor is."""
    directory = Path(tempfile.mkdtemp(prefix="wl-"))  # short: a socket path must fit in 108 bytes
    compositor = FakeCompositor(directory / "wayland-test", (*OTHERS, SEAT_GLOBAL))
    monkeypatch.setenv("WAYLAND_DISPLAY", str(directory / "wayland-test"))
    monkeypatch.setenv("DISPLAY", ":999")
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent")
    try:
        lines = deskbreak("doctor").stdout.splitlines()
    finally:
        compositor.stop()
        shutil.rmtree(directory)
    tried = {line.split(":")[1].strip(): line for line in lines if line.startswith("  not used:") and "(fix" in line}
    assert tried["wayland"] == (
        "  not used:    wayland: the compositor offers neither ext-idle-notify-v1 nor org_kde_kwin_idle (fix: the "
        "compositor must offer ext-idle-notify-v1 (sway 1.8+, KDE Plasma, Hyprland, river, labwc) or "
        "org_kde_kwin_idle (sway 1.7); on GNOME the gnome backend is the one to use)")
    assert tried["x11"] == ("  not used:    x11: cannot open X display ':999' (fix: none on Wayland: Xwayland sees "
                            "only input to X11 apps, so the wayland or gnome backend must work instead)")
    assert "libxss1" not in "\n".join(lines)
    assert "  problem:     no idle detection: you count as always at the keyboard" in lines


def test_doctor_on_x11_with_a_bad_config(monkeypatch: pytest.MonkeyPatch, xvfb: Xvfb) -> None:
    monkeypatch.setenv("DISPLAY", xvfb.display)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    path = write_config('[schedule]\ninterval = "9h"\n')
    result = deskbreak("doctor")
    assert result.returncode == 1
    assert "idle:          x11" in result.stdout
    assert f"config:        {path} has problems:" in result.stdout
    assert f'  {path}:2: [schedule] interval = "9h": must be from 1m to 8h' in result.stdout


def test_doctor_asks_the_running_daemon(daemon: Daemon) -> None:
    result = deskbreak("doctor")
    assert result.stdout.splitlines()[:2] == ["daemon:        running", "idle:          always-present"]


def test_the_daemon_logs_to_the_user_log_dir(daemon: Daemon) -> None:
    deskbreak("log")
    daemon.stop()
    path = log_path()
    assert path == Path(os.environ["XDG_STATE_HOME"]) / "deskbreak" / "log" / "deskbreak.log"
    text = path.read_text()
    assert "deskbreak is running" in text
    assert "logged (desk time" in text
    assert "deskbreak stopped" in text
