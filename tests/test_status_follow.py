"""``deskbreak status --follow --json``: a real daemon pushes a line to a bar on each change, and never is polled.

The channel's side (bad requests, too many followers, a follower that stops
reading, both transports) is in test_control_follow.py.
"""

from __future__ import annotations

import json
import queue
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import IO, Any

import pytest
from daemon_process import Daemon, deskbreak, write_config
from tray_states import WORKING

from deskbreak.core import Phase
from deskbreak.daemon._bar_line import bar_line

MINUTE_CONFIG = """[schedule]
interval = "1m"
snooze = "1m"

[daemon]
sample_every = "1s"
"""
"""Sampled every second, but the countdown reads "1m" until the reminder: the lines come from actions."""

LINE_WAIT_S = 30.0
BAR_KEYS = {"text", "tooltip", "class", "alt", "percentage"}


class Follower:
    """``deskbreak status --follow --json`` in a child process, its lines gathered by a reader thread."""

    def __init__(self) -> None:
        self.process = subprocess.Popen([sys.executable, "-m", "deskbreak", "status", "--follow", "--json"],
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self._lines: queue.Queue[str | None] = queue.Queue()
        assert self.process.stdout is not None
        threading.Thread(target=self._read, args=(self.process.stdout,), daemon=True).start()

    def _read(self, stdout: IO[str]) -> None:
        for line in stdout:
            self._lines.put(line)
        self._lines.put(None)

    def next_line(self, limit: float = LINE_WAIT_S) -> dict[str, Any]:
        """The next line it printed, waiting for it (the daemon pushes it; nothing here asks)."""
        line = self._lines.get(timeout=limit)
        assert line is not None, f"the follower ended: {self.process.wait()} {self.stderr()}"
        parsed: dict[str, Any] = json.loads(line)
        return parsed

    def ended(self) -> bool:
        """Whether its output ended (read to the end) with nothing more printed."""
        return self._lines.get(timeout=LINE_WAIT_S) is None

    def stderr(self) -> str:
        assert self.process.stderr is not None
        return self.process.stderr.read()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
        self.process.wait(timeout=10)


@pytest.fixture
def daemon(tmp_path: Path) -> Iterator[Daemon]:
    write_config(MINUTE_CONFIG)
    running = Daemon(tmp_path / "daemon.log", DISPLAY="", DBUS_SESSION_BUS_ADDRESS="unix:path=/nonexistent",
                     DESKBREAK_IDLE="always-present", DESKBREAK_TRAY="none", DESKBREAK_NOTIFY="log-only")
    running.wait_ready()
    yield running
    running.stop()


@pytest.fixture
def follower(daemon: Daemon) -> Iterator[Follower]:
    following = Follower()
    yield following
    following.stop()


def run_ok(*args: str) -> None:
    result = deskbreak(*args)
    assert result.returncode == 0, result.stderr


def test_each_change_made_through_the_cli_brings_exactly_one_line(daemon: Daemon, follower: Follower) -> None:
    first = follower.next_line()
    assert set(first) >= BAR_KEYS
    assert (first["class"], first["text"], first["next_break_in_min"]) == ("working", "break in 1m", 1)
    assert first["tooltip"] == "Next break in 1 min\nToday: 0 breaks, 0 min"

    seen = []
    for command, state in [(("pause",), "paused"), (("resume",), "working"),
                           (("start", "--no-window"), "break"), (("stop",), "working")]:
        run_ok(*command)
        line = follower.next_line()  # a second line for one change would show up here, out of step
        seen.append((command[0], line["class"]))
        assert line["state"] == state, line
    assert seen == [("pause", "paused"), ("resume", "working"), ("start", "break"), ("stop", "working")]

    due = follower.next_line(limit=120)  # the next change: a minute of desk time later, the reminder
    assert (due["class"], due["text"], due["percentage"]) == ("due", "break due", 100)
    run_ok("snooze")
    snoozed = follower.next_line()
    assert (snoozed["class"], snoozed["snoozes_left"]) == ("snoozed", 2)
    assert snoozed["tooltip"].startswith("Next break in 1 min (snoozed; 2 snoozes left)\n")

    run_ok("quit")
    last = follower.next_line()
    assert (last["class"], last["text"]) == ("stopped", "")
    assert follower.ended()
    assert follower.process.wait(timeout=10) == 1
    assert follower.stderr().startswith("deskbreak: deskbreak stopped (the daemon at ")


def test_a_break_shows_its_routine_and_whole_minutes_left(daemon: Daemon, follower: Follower) -> None:
    follower.next_line()
    run_ok("start", "--no-window")
    line = follower.next_line()
    assert (line["text"], line["routine"], line["percentage"]) == ("stretch 3m", "desk", 0)
    assert line["tooltip"].startswith("Stretching: the desk routine, 3 min left\n")


def test_a_follower_that_joins_later_gets_the_state_at_once(daemon: Daemon) -> None:
    run_ok("pause")
    late = Follower()
    try:
        assert late.next_line()["state"] == "paused"
    finally:
        late.stop()


def test_it_exits_as_soon_as_the_bar_stops_reading_not_at_the_next_change(daemon: Daemon) -> None:
    run_ok("pause")  # nothing changes from here on
    process = subprocess.Popen([sys.executable, "-m", "deskbreak", "status", "--follow", "--json"],
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    try:
        assert process.stdout is not None
        assert json.loads(process.stdout.readline())["state"] == "paused"
        process.stdout.close()  # the bar went away
        assert process.wait(timeout=LINE_WAIT_S) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def test_without_a_daemon_it_blanks_the_bar_and_exits_1() -> None:
    result = deskbreak("status", "--follow", "--json")
    assert result.returncode == 1
    line = json.loads(result.stdout)
    assert (line["text"], line["class"]) == ("", "stopped")
    assert result.stderr.startswith("deskbreak: deskbreak is not running")
    assert result.stderr.count("\n") == 1
    plain = deskbreak("status", "--follow")
    assert (plain.returncode, plain.stdout) == (1, "\n")


BAR_STATES = [
    ("working", WORKING, "working", "break in 30m", 40),
    ("snoozed", replace(WORKING, snoozes_left=1), "snoozed", "break in 30m", 40),
    ("due", replace(WORKING, phase=Phase.DUE, until_reminder=timedelta(0)), "due", "break due", 100),
    ("paused", replace(WORKING, paused=True), "paused", "paused", 40),
    ("off hours", replace(WORKING, in_active_hours=False), "off-hours", "off hours", 40),
    ("break", replace(WORKING, phase=Phase.BREAK, break_routine="desk", break_started=WORKING.as_of - timedelta(
        seconds=61), break_ends=WORKING.as_of + timedelta(seconds=119)), "break", "stretch 2m", 33),
]


@pytest.mark.parametrize(("name", "status", "state", "text", "percentage"), BAR_STATES,
                         ids=[state[0] for state in BAR_STATES])
def test_the_bar_line_names_the_state_in_waybars_keys(
    name: str, status: Any, state: str, text: str, percentage: int
) -> None:
    line = bar_line(status, 2, 7, max_snoozes=2)
    assert (line["class"], line["alt"], line["state"], line["text"], line["percentage"]) == (
        state, state, state, text, percentage)
    assert line["tooltip"].endswith("\nToday: 2 breaks, 7 min")


def test_a_break_that_waits_for_a_busy_user_says_why_on_the_bar() -> None:
    line = bar_line(replace(WORKING, phase=Phase.DUE, waiting="in a call"), 0, 0, max_snoozes=3)
    assert (line["text"], line["waiting"]) == ("break due", "in a call")
    assert line["tooltip"].startswith("Break due — waiting (in a call)\n")


def test_the_bar_line_moves_only_when_a_whole_minute_passes() -> None:
    lines = {json.dumps(bar_line(replace(WORKING, desk_time=timedelta(seconds=seconds),
                                         until_reminder=timedelta(seconds=3000 - seconds)), 0, 0, 2))
             for seconds in range(1200, 1260)}
    assert len(lines) == 1
    later = bar_line(replace(WORKING, desk_time=timedelta(seconds=1261), until_reminder=timedelta(seconds=1739)),
                     0, 0, 2)
    assert json.dumps(later) not in lines
