"""In a call, end to end: the whole daemon holds a break back while ``parecord`` records from the microphone.

Xvfb, a private session bus, dunst, a private PulseAudio server, and
``deskbreak run`` with a 1-minute interval (always at the keyboard), pointed
at that server through ``PULSE_SERVER``. dunst's own do-not-disturb is
switched off in the config, so only the call can hold the break back.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from daemon_process import FAST_CONFIG, Daemon, deskbreak, history_kinds, waited_then_reminded, write_config
from desktop import Xvfb, end_process, start_bus, stop_bus, wait_until
from desktop_notify import Dunst
from desktop_pulse import PulseServer
from test_desktop_reminders import BODY

pytestmark = [pytest.mark.desktop, pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux only")]


@pytest.fixture
def in_a_call(tmp_path: Path) -> Iterator[tuple[Dunst, Daemon, PulseServer]]:
    """The desktop and the daemon, started while a recording already runs (the test stops it)."""
    xvfb = Xvfb(tmp_path / "xvfb.log")
    bus_process, bus = start_bus(tmp_path)
    dunst = Dunst(tmp_path, xvfb.display, bus)
    pulse = PulseServer(tmp_path / "pulse")
    write_config(FAST_CONFIG + "\n[quiet]\ndo_not_disturb = false\n")
    daemon = Daemon(tmp_path / "daemon.log", DISPLAY=xvfb.display, DBUS_SESSION_BUS_ADDRESS=bus,
                    DESKBREAK_IDLE="always-present", PULSE_SERVER=pulse.address)
    daemon.wait_ready()
    yield dunst, daemon, pulse
    daemon.stop()
    pulse.stop()
    dunst.stop()
    stop_bus(bus_process)
    xvfb.stop()


def test_a_break_due_during_a_recording_waits_and_shows_when_it_stops(
    in_a_call: tuple[Dunst, Daemon, PulseServer],
) -> None:
    dunst, daemon, pulse = in_a_call
    recording = pulse.record()
    try:
        wait_until(lambda: daemon.status().get("waiting") == "in a call", "the due break waits",
                   limit=100, every=0.5)
        assert "reminder" not in history_kinds()
        assert deskbreak("status").stdout.startswith("Break due — waiting (in a call)")
        quiet = next(line for line in deskbreak("doctor").stdout.splitlines() if line.startswith("quiet:"))
        assert "in a call: microphone, in a call: camera" in quiet
    finally:
        end_process(recording)
    wait_until(lambda: any(shown.body == BODY for shown in dunst.shown()), "the reminder reaches dunst")
    reminder = next(shown for shown in dunst.shown() if shown.body == BODY)
    assert reminder.summary.startswith("Break due — ")
    assert reminder.summary.endswith(" min at the desk")
    wait_until(waited_then_reminded, "the wait and the reminder reach the history")
