"""The x11 backend against a real Xvfb, moved with xdotool: XScreenSaver readings and XSync alarms."""

from __future__ import annotations

import os
import select
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from desktop import WAIT_LIMIT_S, Xvfb, need, wait_until

from deskbreak.idle import IdleSource, IdleWatch, choose_idle_source


@pytest.fixture
def x11_source(xvfb: Xvfb) -> Iterator[IdleSource]:
    choice = choose_idle_source(environ={"DISPLAY": xvfb.display}, platform="linux")
    assert (choice.source.name, choice.tried) == ("x11", ())
    yield choice.source
    choice.source.close()


def move_pointer(display: str, x: int, y: int) -> None:
    env = {"DISPLAY": display, "PATH": os.environ.get("PATH", "")}
    subprocess.run([need("xdotool", "xdotool"), "mousemove", str(x), str(y)], env=env, check=True)


def test_idle_grows_while_nobody_touches_the_display(x11_source: IdleSource) -> None:
    first = x11_source.idle_for()
    wait_until(lambda: x11_source.idle_for() >= first + timedelta(milliseconds=200), "idle time grows")


def test_pointer_motion_resets_idle_to_near_zero(x11_source: IdleSource, xvfb: Xvfb) -> None:
    for x, y in ((10, 20), (300, 200)):
        wait_until(lambda: x11_source.idle_for() >= timedelta(milliseconds=300), "idle reaches 300 ms")
        move_pointer(xvfb.display, x, y)
        assert x11_source.idle_for() < timedelta(milliseconds=250)


def test_x11_comes_last_on_wayland_because_xwayland_sees_only_x_apps(xvfb: Xvfb) -> None:
    choice = choose_idle_source(
        environ={"DISPLAY": xvfb.display, "WAYLAND_DISPLAY": "wayland-0"}, platform="linux"
    )
    assert choice.source.name == "x11"
    assert [line.split(":", 1)[0] for line in choice.tried] == ["wayland", "gnome", "freedesktop"]
    choice.source.close()


def test_no_display_falls_back_with_reason() -> None:
    choice = choose_idle_source(environ={}, platform="linux")
    assert choice.source.name == "always-present"
    assert choice.tried[0] == "x11: no DISPLAY set"


def test_malformed_display_falls_back_with_reason() -> None:
    choice = choose_idle_source(environ={"DISPLAY": "no-colon-here"}, platform="linux")
    assert choice.source.name == "always-present"
    assert choice.tried[0] == "x11: cannot open X display 'no-colon-here'"


def test_unreachable_display_falls_back_with_reason(tmp_path: Path) -> None:
    dead = Xvfb(tmp_path / "xvfb.log")
    dead.stop()
    choice = choose_idle_source(environ={"DISPLAY": dead.display}, platform="linux")
    assert choice.source.name == "always-present"
    assert choice.tried[0] == f"x11: cannot open X display '{dead.display}'"


LOSE_DISPLAY = """
import sys
from deskbreak.idle import IdleUnavailable, choose_idle_source
source = choose_idle_source(environ={"DISPLAY": sys.argv[1]}, platform="linux").source
print(source.name, flush=True)
sys.stdin.readline()
for _ in range(2):
    try:
        source.idle_for()
    except IdleUnavailable as exc:
        print(exc, flush=True)
source.close()
print("still running", flush=True)
"""


LOSE_DISPLAY_UNREAD = """
import sys
from datetime import timedelta
from deskbreak.idle import choose_idle_source
source = choose_idle_source(environ={"DISPLAY": sys.argv[1]}, platform="linux").source
source.watch([timedelta(minutes=2)], lambda: None)
print(source.name, flush=True)
sys.stdin.readline()
source.close()
print("closed", flush=True)
"""


def test_a_watched_source_whose_server_went_away_unread_still_closes(tmp_path: Path) -> None:
    """Nothing samples a watched source, so it may be closed (the daemon quitting) before it learns X is gone."""
    server = Xvfb(tmp_path / "xvfb.log")
    reader = subprocess.Popen([sys.executable, "-c", LOSE_DISPLAY_UNREAD, server.display], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert reader.stdout is not None
    assert reader.stdout.readline() == "x11\n"
    server.stop()
    out, err = reader.communicate("go\n", timeout=WAIT_LIMIT_S)
    assert (reader.returncode, out, err) == (0, "closed\n", "")


def test_x_server_going_away_raises_instead_of_exiting(tmp_path: Path) -> None:
    server = Xvfb(tmp_path / "xvfb.log")
    reader = subprocess.Popen(
        [sys.executable, "-c", LOSE_DISPLAY, server.display],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert reader.stdout is not None
    assert reader.stdout.readline() == "x11\n"
    server.stop()
    out, err = reader.communicate("go\n", timeout=WAIT_LIMIT_S)
    lost = f"lost the connection to X display '{server.display}'"
    assert (reader.returncode, out, err) == (0, f"{lost}\n{lost}\nstill running\n", "")


class Events:
    """How often a watching source called ``changed`` (from its own thread)."""

    def __init__(self, source: IdleWatch) -> None:
        self._calls = 0
        self._lock = threading.Lock()

    def changed(self) -> None:
        with self._lock:
            self._calls += 1

    def count(self) -> int:
        with self._lock:
            return self._calls


def test_xsync_alarms_tell_when_each_threshold_is_reached_and_when_input_comes_back(
    x11_source: IdleSource, xvfb: Xvfb,
) -> None:
    assert isinstance(x11_source, IdleWatch)
    events = Events(x11_source)
    move_pointer(xvfb.display, 5, 5)  # input first: an earlier pause must not count as one that ends now
    x11_source.watch([timedelta(seconds=1), timedelta(seconds=2)], events.changed)
    wait_until(lambda: events.count() >= 1, "the alarm at the first threshold fires")
    assert x11_source.idle_for() >= timedelta(seconds=1)
    wait_until(lambda: events.count() >= 2, "the alarm at the second threshold fires")
    assert x11_source.idle_for() >= timedelta(seconds=2)
    move_pointer(xvfb.display, 50, 60)
    wait_until(lambda: events.count() >= 3, "the alarm for input coming back fires")
    assert x11_source.idle_for() < timedelta(seconds=1)
    assert x11_source.active_for() < timedelta(seconds=1)  # input has only just come back


def test_input_with_short_pauses_is_one_stretch_of_activity_and_wakes_nobody(
    x11_source: IdleSource, xvfb: Xvfb,
) -> None:
    assert isinstance(x11_source, IdleWatch)
    events = Events(x11_source)
    x11_source.watch([timedelta(seconds=5)], events.changed)
    before = events.count()
    x11_source.idle_for()
    began = x11_source.active_for()
    for x in range(10, 200, 20):  # a pointer moving in small steps, far less than 5 s apart
        move_pointer(xvfb.display, x, x)
    x11_source.idle_for()
    assert x11_source.active_for() > began
    assert events.count() == before


def test_new_thresholds_replace_the_old_ones(x11_source: IdleSource, xvfb: Xvfb) -> None:
    assert isinstance(x11_source, IdleWatch)
    old, new = Events(x11_source), Events(x11_source)
    move_pointer(xvfb.display, 7, 7)
    x11_source.watch([timedelta(milliseconds=500)], old.changed)
    x11_source.watch([timedelta(seconds=1)], new.changed)
    wait_until(lambda: new.count() >= 1, "the new alarm fires")
    assert x11_source.idle_for() >= timedelta(seconds=1)
    assert old.count() == 0


def test_input_that_arrives_while_the_alarm_thread_flushes_is_reported_while_it_goes_on(
    x11_source: IdleSource, xvfb: Xvfb, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """libX11 reads whatever has arrived after every flush. An alarm read then must be reported, not left in
    Xlib's queue while the thread sleeps on a quiet socket until the next alarm, which never comes while the
    user keeps working. (The thread now flushes only inside XPending; before, it flushed after each alarm.)"""
    assert isinstance(x11_source, IdleWatch)
    events = Events(x11_source)
    xlib = x11_source._xlib  # type: ignore[attr-defined]
    alarms = x11_source._alarms  # type: ignore[attr-defined]
    next_event, flush = xlib.next_event, getattr(xlib, "flush", None)
    read_an_alarm, moved = threading.Event(), threading.Event()

    def noting_the_alarm(display: int, event: object) -> int:
        read_an_alarm.set()
        return int(next_event(display, event))

    def flush_once_input_is_on_its_way(display: int) -> int:
        if read_an_alarm.is_set() and not moved.is_set():
            moved.set()
            move_pointer(xvfb.display, 70, 80)
            select.select([xlib.connection_number(alarms._connection.display)], [], [], WAIT_LIMIT_S)
        assert flush is not None
        return int(flush(display))

    monkeypatch.setattr(xlib, "next_event", noting_the_alarm)
    monkeypatch.setattr(xlib, "flush", flush_once_input_is_on_its_way, raising=False)
    move_pointer(xvfb.display, 5, 5)
    x11_source.watch([timedelta(seconds=1)], events.changed)
    wait_until(lambda: events.count() >= 1, "the alarm at the threshold fires")

    def reported_while_input_goes_on() -> bool:
        """Move again: input never a second apart, so no later alarm picks up one left in the queue."""
        move_pointer(xvfb.display, 70 + events.count(), 80)
        return events.count() >= 2

    wait_until(reported_while_input_goes_on, "the alarm for input coming back is reported while input goes on")
