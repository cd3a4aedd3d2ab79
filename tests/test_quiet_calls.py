"""In a call, for real: a private PulseAudio server with real ``parecord`` clients, and a real open "camera".

The microphone signal follows the server through ``pactl subscribe``; the
camera signal scans /proc for a process (not this one) holding a device
open, here a file at a path the test points the signal at, since the
container has no camera and no v4l2loopback.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from desktop import end_process, wait_until
from desktop_pulse import MONITOR, PulseServer

from deskbreak.core import Settings
from deskbreak.quiet import QuietUnavailable, open_quiet_watch
from deskbreak.quiet._camera import CameraInUse
from deskbreak.quiet._mic import PulseRecording, open_signal

pytestmark = [pytest.mark.desktop, pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux only")]


@pytest.fixture
def pulse(tmp_path: Path) -> Iterator[PulseServer]:
    server = PulseServer(tmp_path / "pulse")
    yield server
    server.stop()


def microphone(pulse: PulseServer, call_apps: tuple[str, ...] = ()) -> PulseRecording:
    return open_signal({"PATH": os.environ["PATH"], "PULSE_SERVER": pulse.address},
                       replace(Settings(), call_apps=call_apps), lambda: None)


def test_recording_from_the_microphone_is_a_call_until_it_stops(pulse: PulseServer) -> None:
    signal = microphone(pulse)
    try:
        assert not signal.busy()
        recording = pulse.record()
        wait_until(signal.busy, "the recording counts as a call")
        end_process(recording)
        wait_until(lambda: not signal.busy(), "the call ends with the recording")
    finally:
        signal.close()


def test_recording_a_monitor_is_no_call(pulse: PulseServer) -> None:
    signal = microphone(pulse)
    screen_recorder = pulse.record(MONITOR)
    try:
        wait_until(lambda: pulse.recording_streams() == 1, "the monitor stream exists")
        microphone_too = pulse.record()
        wait_until(signal.busy, "the microphone stream counts")  # so the signal has seen both streams
        end_process(microphone_too)
        wait_until(lambda: pulse.recording_streams() == 1, "only the monitor stream is left")
        wait_until(lambda: not signal.busy(), "the monitor stream alone is no call")
    finally:
        end_process(screen_recorder)
        signal.close()


def test_a_corked_stream_is_no_call(pulse: PulseServer) -> None:
    signal = microphone(pulse)
    on_hold = pulse.record_corked()
    try:
        assert "Corked: yes" in pulse.pactl("list", "source-outputs").stdout
        recording = pulse.record()
        wait_until(signal.busy, "the live stream counts")  # so the signal has seen both streams
        end_process(recording)
        wait_until(lambda: pulse.recording_streams() == 1, "only the corked stream is left")
        wait_until(lambda: not signal.busy(), "the corked stream alone is no call")
    finally:
        end_app(on_hold)
        signal.close()


CALL_APP = f"zoom{os.getpid()}"
"""A meeting app's name that no other program has, not even another test run's on this machine."""


def run_app(name: str, folder: Path) -> subprocess.Popen[str]:
    """A program the kernel knows as ``name`` (a Python started through a link so named), until stdin closes.

    Returns once it runs: until the child has exec'd, /proc still names it after this test's Python.
    """
    link = folder / name
    link.symlink_to(sys.executable)
    app = subprocess.Popen([str(link), "-c", "import sys\nprint('up', flush=True)\nsys.stdin.read()"],
                           stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert app.stdout is not None
    assert app.stdout.readline() == "up\n"
    return app


def end_app(app: subprocess.Popen[str]) -> None:
    """End a helper that runs until its stdin closes, and close its pipes."""
    assert app.stdin is not None
    assert app.stdout is not None
    app.stdin.close()
    app.wait(timeout=10)
    app.stdout.close()


def test_with_call_apps_a_recording_counts_only_while_one_of_them_runs(pulse: PulseServer, tmp_path: Path) -> None:
    signal = microphone(pulse, (CALL_APP, "teams"))
    zoom = run_app(CALL_APP, tmp_path)
    try:
        assert not signal.busy()  # the app alone is no call
        recording = pulse.record()
        wait_until(signal.busy, "a recording while zoom runs counts")
        end_app(zoom)
        assert not signal.busy()  # still recording, but no call app runs
        end_process(recording)
    finally:
        if zoom.poll() is None:
            end_app(zoom)
        signal.close()


def fails(signal: PulseRecording) -> bool:
    try:
        signal.busy()
    except QuietUnavailable:
        return True
    return False


def test_a_server_that_goes_away_makes_the_signal_fail_not_busy(pulse: PulseServer) -> None:
    signal = microphone(pulse)
    try:
        pulse.stop()
        wait_until(lambda: fails(signal), "the signal fails once the server is gone")
    finally:
        signal.close()


def hold_open(path: Path) -> subprocess.Popen[str]:
    """Another process holding ``path`` open until its stdin closes; returns once it has it open."""
    holder = subprocess.Popen([sys.executable, "-c", "import sys\nf = open(sys.argv[1])\nprint('open', flush=True)\n"
                               "sys.stdin.read()", str(path)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert holder.stdout is not None
    assert holder.stdout.readline() == "open\n"
    return holder


def test_a_camera_held_open_by_another_process_is_a_call_until_it_closes(tmp_path: Path) -> None:
    camera = tmp_path / "video0"
    camera.write_bytes(b"")
    signal = CameraInUse(devices=str(tmp_path / "video*"), scan_every=0)
    with camera.open():  # this process's own use does not count
        assert not signal.busy()
    holder = hold_open(camera)
    assert signal.busy()
    only_with_zoom = CameraInUse(devices=str(tmp_path / "video*"), call_apps=(CALL_APP,), scan_every=0)
    assert not only_with_zoom.busy()
    zoom = run_app(CALL_APP, tmp_path)
    assert only_with_zoom.busy()
    end_app(zoom)
    end_app(holder)
    assert not signal.busy()


def test_between_full_scans_a_new_camera_holder_waits_but_the_end_of_a_call_is_seen_at_once(
    tmp_path: Path,
) -> None:
    camera = tmp_path / "video0"
    camera.write_bytes(b"")
    first = hold_open(camera)
    signal = CameraInUse(devices=str(tmp_path / "video*"), scan_every=3600)
    assert signal.busy()  # the first reading is a full scan
    end_app(first)
    assert not signal.busy()  # the known holder is checked at every sample
    second = hold_open(camera)
    assert not signal.busy()  # a new holder waits for the next full scan (an hour away here)
    end_app(second)


def test_without_a_camera_device_the_camera_signal_is_free(tmp_path: Path) -> None:
    assert not CameraInUse(devices=str(tmp_path / "video*"), scan_every=0).busy()


def test_doctor_says_why_a_call_signal_is_missing(tmp_path: Path) -> None:
    settings = replace(Settings(), quiet_do_not_disturb=False, quiet_fullscreen=False)
    here = open_quiet_watch(settings, {"PATH": os.environ["PATH"], "XDG_RUNTIME_DIR": str(tmp_path)})
    assert [(signal.reason, signal.name) for signal in here.signals] == [("in a call", "camera")]
    assert here.tried == ("in a call (microphone): no PulseAudio or PipeWire server (no PULSE_SERVER, "
                          "no pulse/native socket in XDG_RUNTIME_DIR)",)
    for platform in ("win32", "darwin"):
        elsewhere = open_quiet_watch(settings, {}, platform)
        assert elsewhere.signals == ()
        assert elsewhere.tried == ("in a call: not detected on Windows or macOS (microphone and camera are read "
                                   "on Linux only)",)
