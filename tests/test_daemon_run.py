"""``deskbreak run`` for real: X11 idle time on Xvfb, the CLI, the history, the config.

These tests wait for a real daemon on the real clock (bounded polls), since
what they check is the wiring; the rules themselves are tested on simulated
time in test_engine_*.
"""

from __future__ import annotations

import itertools
import json
import os
import socket
import stat
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from daemon_process import FAST_CONFIG, Daemon, deskbreak, history_kinds, write_config
from desktop import Repeating, Xvfb, need, wait_until

from deskbreak.control import runtime_dir
from deskbreak.history import default_history_path
from deskbreak.idle import choose_idle_source


@pytest.fixture
def daemon(xvfb: Xvfb, tmp_path: Path) -> Iterator[Daemon]:
    write_config(FAST_CONFIG)
    running = Daemon(tmp_path / "daemon.log", DISPLAY=xvfb.display, DESKBREAK_IDLE="x11")
    running.wait_ready()
    yield running
    running.stop()


def fidget(display: str) -> Repeating:
    """Moves the pointer every half second, as a person at work does."""
    env = {"DISPLAY": display, "PATH": os.environ.get("PATH", "")}
    xdotool = need("xdotool", "xdotool")
    steps = itertools.count()
    return Repeating(lambda: subprocess.run([xdotool, "mousemove", str(100 + next(steps) % 50), "200"], env=env,
                                            check=True), every=0.5)


def test_desk_time_from_real_input_brings_a_reminder_and_the_cli_drives_the_engine(
    daemon: Daemon, xvfb: Xvfb
) -> None:
    with fidget(xvfb.display):
        wait_until(lambda: daemon.status()["phase"] == "due", "a reminder after 1 min of desk time",
                   limit=120, every=1)
    assert history_kinds() == ["reminder"]
    assert "time for a break: the desk routine" in daemon.log.read_text()

    assert deskbreak("snooze", "1").stdout.startswith("Snoozed: the reminder comes back after 1 min")
    assert daemon.status()["phase"] == "working"
    assert deskbreak("start").stdout == "Break started: the desk routine (3 min)\n"
    assert daemon.status()["phase"] == "break"
    assert deskbreak("stop").stdout.startswith("Break stopped after 0:")
    assert daemon.status()["phase"] == "working"
    assert deskbreak("log").stdout == "Logged your break; desk time starts again from zero\n"
    assert history_kinds() == ["reminder", "snoozed", "break_started", "break_stopped", "logged"]
    stats = deskbreak("stats").stdout
    assert stats.startswith("Today: 1 break (0 min stretched), 1 cut short, 1 reminder, 1 snoozed")


def test_desk_time_counts_away_after_past_the_last_input_then_stops(daemon: Daemon, xvfb: Xvfb) -> None:
    env = {"DISPLAY": xvfb.display, "PATH": os.environ.get("PATH", "")}
    subprocess.run([need("xdotool", "xdotool"), "mousemove", "300", "300"], env=env, check=True)
    wait_until(lambda: daemon.status()["desk_time"] >= 9, "away_after of desk time", limit=30, every=0.5)
    x11 = choose_idle_source(environ={"DISPLAY": xvfb.display}).source
    wait_until(lambda: x11.idle_for().total_seconds() > 13, "13 s without input", limit=30, every=0.5)
    x11.close()
    assert 9 <= daemon.status()["desk_time"] <= 12  # away_after is 10 s, sampled every second


def test_every_verb_without_a_daemon_says_so_and_exits_1() -> None:
    for verb in (["status"], ["start"], ["stop"], ["snooze", "5"], ["skip"], ["log"], ["pause", "30m"],
                 ["resume"], ["reload"], ["quit"]):
        result = deskbreak(*verb)
        assert result.returncode == 1, verb
        assert result.stderr.startswith("deskbreak: deskbreak is not running (no daemon at "), verb
        assert result.stderr.endswith("; start it with: deskbreak run\n")


def test_a_second_daemon_says_one_is_running_and_exits_1(daemon: Daemon) -> None:
    result = deskbreak("run")
    assert result.returncode == 1
    assert result.stderr == f"deskbreak is already running (pid {daemon.process.pid})\n"


def test_a_stale_lock_from_a_killed_daemon_is_taken_over(daemon: Daemon, xvfb: Xvfb, tmp_path: Path) -> None:
    daemon.kill()
    assert (runtime_dir() / "deskbreak.sock").exists()  # left behind by SIGKILL
    again = Daemon(tmp_path / "again.log", DISPLAY=xvfb.display)
    again.wait_ready()
    assert again.status()["phase"] == "working"
    again.stop()


def test_sigterm_stops_cleanly(daemon: Daemon) -> None:
    assert daemon.kill(15) == 0
    assert not (runtime_dir() / "deskbreak.sock").exists()
    assert "deskbreak stopped" in daemon.log.read_text()


def test_quit(daemon: Daemon) -> None:
    assert deskbreak("quit").stdout == "deskbreak is stopping\n"
    assert daemon.process.wait(timeout=20) == 0


def test_the_control_socket_is_private(daemon: Daemon) -> None:
    path = runtime_dir() / "deskbreak.sock"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(runtime_dir().stat().st_mode) == 0o700


def raw_request(payload: bytes) -> dict[str, object]:
    with socket.socket(socket.AF_UNIX) as client:
        client.settimeout(10)
        client.connect(str(runtime_dir() / "deskbreak.sock"))
        client.sendall(payload)
        client.shutdown(socket.SHUT_WR)
        answer: dict[str, object] = json.loads(client.makefile().readline())
        return answer


@pytest.mark.parametrize(
    ("payload", "error"),
    [
        (b"this is not json\n", "not valid JSON"),
        (b"[1, 2]\n", "a JSON object"),
        (b'{"command": "fly"}\n', "unknown command 'fly'"),
        (b'{"command": "snooze", "minutes": "lots"}\n', "snooze: minutes must be a whole number"),
        (b'{"command": "status", "x": ' + b"1" * 70_000 + b"}\n", "request too large"),
    ],
)
def test_bad_requests_are_answered_and_the_daemon_carries_on(daemon: Daemon, payload: bytes, error: str) -> None:
    answer = raw_request(payload)
    assert answer["ok"] is False
    assert error in str(answer["error"])
    assert daemon.status()["phase"] == "working"


def test_config_edits_are_picked_up_and_bad_ones_keep_the_last_good_settings(daemon: Daemon) -> None:
    write_config(FAST_CONFIG.replace('interval = "1m"', 'interval = "2m"'))
    wait_until(lambda: daemon.status()["desk_time"] + daemon.status()["until_reminder"] > 100,
               "the new interval within 10 s", limit=10, every=0.2)
    write_config(FAST_CONFIG.replace('interval = "1m"', 'interval = "9h"'))
    wait_until(lambda: "kept its last good settings" in daemon.log.read_text(), "the bad edit reported", limit=10)
    assert 'interval = "9h": must be from 1m to 8h' in daemon.log.read_text()
    status = daemon.status()
    assert 100 < status["desk_time"] + status["until_reminder"] <= 120
    assert history_kinds().count("config_reloaded") == 1


def test_a_damaged_history_is_moved_aside_and_a_new_one_started(xvfb: Xvfb, tmp_path: Path) -> None:
    write_config(FAST_CONFIG)
    path = default_history_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"this is not a database" * 100)
    running = Daemon(tmp_path / "daemon.log", DISPLAY=xvfb.display)
    running.wait_ready()
    assert deskbreak("log").returncode == 0
    running.stop()
    assert "deskbreak started a new history" in running.log.read_text()
    kept = [p for p in path.parent.iterdir() if p.name.startswith("history.sqlite3.broken-")]
    assert [p.read_bytes() for p in kept] == [b"this is not a database" * 100]
    assert history_kinds() == ["logged"]


def test_a_bad_config_at_start_runs_on_defaults_and_says_so(xvfb: Xvfb, tmp_path: Path) -> None:
    write_config('[schedule]\ninterval = "often"\n')
    running = Daemon(tmp_path / "daemon.log", DISPLAY=xvfb.display)
    running.wait_ready()
    assert 3500 < running.status()["until_reminder"] <= 3600  # the default hour, less the moments since start
    running.stop()
    assert "using its default settings until the config file is fixed" in running.log.read_text()


def test_pause_resume_and_reload_from_the_cli(daemon: Daemon) -> None:
    assert deskbreak("pause", "until", "tomorrow").stdout.endswith(" 00:00\n")  # "Paused until Mon 00:00"
    assert daemon.status()["paused"] is True
    assert deskbreak("resume").stdout.startswith("Next break in ")
    assert daemon.status()["paused"] is False
    write_config(FAST_CONFIG.replace('interval = "1m"', 'interval = "3m"'))
    assert deskbreak("reload").stdout.startswith("settings reloaded from ")
    assert daemon.status()["until_reminder"] > 120
    assert history_kinds()[-3:] == ["paused", "resumed", "config_reloaded"]


def test_without_a_display_the_daemon_says_what_is_missing_and_keeps_working(tmp_path: Path) -> None:
    write_config(FAST_CONFIG)
    running = Daemon(tmp_path / "headless.log", DISPLAY="", DBUS_SESSION_BUS_ADDRESS="unix:path=/nonexistent")
    running.wait_ready()
    assert running.status()["phase"] == "working"
    running.stop()
    log = running.log.read_text()
    assert "deskbreak cannot tell when you are away" in log
    assert "deskbreak has no tray icon here" in log
    assert "deskbreak" in deskbreak("doctor").stdout
