"""``deskbreak start`` opens the guided break window for real, and the window drives the break."""

from __future__ import annotations

import os
import signal
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from daemon_process import FAST_CONFIG, Daemon, deskbreak, history_kinds, write_config
from desktop import Xvfb, need, wait_until


@pytest.fixture
def daemon(tmp_path: Path) -> Iterator[tuple[Daemon, Xvfb]]:
    xvfb = Xvfb(tmp_path / "xvfb.log", size="1024x768")
    write_config(FAST_CONFIG)
    running = Daemon(tmp_path / "daemon.log", DISPLAY=xvfb.display, DESKBREAK_IDLE="always-present",
                     XDG_CACHE_HOME=str(tmp_path / "cache"))
    running.wait_ready()
    yield running, xvfb
    running.stop()
    xvfb.stop()


def window_ids(display: str) -> list[str]:
    env = {"DISPLAY": display, "PATH": os.environ.get("PATH", "")}
    found = subprocess.run([need("xdotool", "xdotool"), "search", "--onlyvisible", "--name", "^deskbreak .+"],
                           env=env, capture_output=True, text=True, check=False)
    return found.stdout.split()


def press(display: str, window: str, key: str) -> None:
    """Type ``key`` into ``window`` as a keyboard would: give it the focus, then press and release.

    The keys go through XTest to whatever has the focus, never to the window id: Escape closes
    the window on its way down, so a release sent to that id (``xdotool key --window``) could
    find it gone and fail with BadWindow.
    """
    env = {"DISPLAY": display, "PATH": os.environ.get("PATH", "")}
    subprocess.run([need("xdotool", "xdotool"), "windowfocus", "--sync", window], env=env, check=True)
    subprocess.run([need("xdotool", "xdotool"), "key", key], env=env, check=True)


def window_processes(daemon: Daemon) -> list[int]:
    """This daemon's break windows: its children only, never another test's or another checkout's."""
    found = subprocess.run(["pgrep", "-P", str(daemon.process.pid), "-f", "deskbreak.breakwindow"],
                           capture_output=True, text=True, check=False)
    return [int(pid) for pid in found.stdout.split()]


def test_start_opens_the_window_and_its_pause_and_stop_reach_the_engine(daemon: tuple[Daemon, Xvfb]) -> None:
    running, xvfb = daemon
    assert deskbreak("start").returncode == 0
    wait_until(lambda: bool(window_ids(xvfb.display)), "the break window appears", limit=20)
    (window,) = window_ids(xvfb.display)
    press(xvfb.display, window, "space")
    wait_until(lambda: running.status()["break_held"], "Pause in the window holds the break", limit=20)
    assert deskbreak("status").stdout.endswith("left (on hold)\n")
    press(xvfb.display, window, "Escape")
    wait_until(lambda: running.status()["phase"] == "working", "Stop in the window stops the break", limit=20)
    assert history_kinds()[-2:] == ["break_started", "break_stopped"]
    wait_until(lambda: not window_ids(xvfb.display), "the window closes itself", limit=20)


def test_a_window_that_dies_ends_the_break_as_partial(daemon: tuple[Daemon, Xvfb]) -> None:
    running, _ = daemon
    deskbreak("start")
    wait_until(lambda: bool(window_processes(running)), "the window process runs", limit=20)
    for pid in window_processes(running):
        os.kill(pid, signal.SIGKILL)
    wait_until(lambda: running.status()["phase"] == "working", "the daemon stops the break", limit=20)
    assert history_kinds()[-1] == "break_stopped"
    assert "the break window ended unexpectedly" in running.log.read_text()


def test_no_window_runs_the_break_with_cues_only(daemon: tuple[Daemon, Xvfb]) -> None:
    running, xvfb = daemon
    assert deskbreak("start", "--no-window").returncode == 0
    assert running.status()["phase"] == "break"
    assert window_ids(xvfb.display) == []
    assert window_processes(running) == []
    assert "Now: Chair twist, left side" in running.log.read_text()
