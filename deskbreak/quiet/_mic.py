"""In a call: a program records from a microphone, as PulseAudio or PipeWire (pipewire-pulse) tells it (Linux).

Why ``pactl subscribe`` and not a reading per sample: ``busy`` runs at every
idle sample (5 s by default), and one ``pactl list`` costs a process start
(about 10 ms of CPU, see ``bench/calls.py``). One long-running ``pactl
subscribe`` prints a line for every change on the server; only a change to
the recording streams (``source-output``) costs a re-list, and ``busy``
reads the answer kept from the last one. A Pulse client library (pulsectl,
over libpulse through ctypes) would save the helper process but load
libpulse into the daemon and still need a thread of its own for events.

A stream counts when it records from a real source: streams on a sink's
``.monitor`` (screen recorders, visualisers) and corked (paused) streams do
not. ``pactl`` is always given the server's address (``PULSE_SERVER``), so
it never starts a sound server where none runs (libpulse's autospawn).
"""

from __future__ import annotations

import os
import re
import select
import shutil
import subprocess
import threading
import time
from collections.abc import Callable, Mapping
from pathlib import Path

from deskbreak.core import Settings
from deskbreak.quiet._apps import any_running
from deskbreak.quiet._port import QuietUnavailable

__all__ = ["PulseRecording", "open_signal", "recording_from", "server_address"]

_LIST_TIMEOUT_S = 2.0
_RESTART_EVERY_S = 30.0  # a subscription that ended (server restarted) is tried again no more often
_SYNC_RETRY_S = 0.5
_SOURCE_ADDED_OR_REMOVED = re.compile(rb"^Event '(new|remove)' on source #")


def server_address(environ: Mapping[str, str]) -> str | None:
    """The Pulse server clients would reach: ``PULSE_SERVER``, else the native socket in the runtime folder."""
    if environ.get("PULSE_SERVER"):
        return environ["PULSE_SERVER"]
    runtime = environ.get("PULSE_RUNTIME_PATH") or (
        str(Path(environ["XDG_RUNTIME_DIR"], "pulse")) if environ.get("XDG_RUNTIME_DIR") else None)
    if runtime is not None and Path(runtime, "native").exists():
        return f"unix:{Path(runtime, 'native')}"
    return None


def recording_from(outputs: str, sources: str) -> bool:
    """Whether ``pactl list source-outputs`` shows a stream, not corked, on a source that is not a monitor.

    ``sources`` is ``pactl list short sources``: index, name, ... per line.
    """
    monitors = {index for index, name, *_ in (line.split("\t") for line in sources.splitlines() if "\t" in line)
                if name.endswith(".monitor")}
    for block in outputs.split("Source Output #")[1:]:
        fields = dict(line.strip().split(": ", 1) for line in block.splitlines()
                      if line.startswith("\t") and not line.startswith("\t\t") and ": " in line)
        if fields.get("Corked") != "yes" and fields.get("Source") not in monitors:
            return True
    return False


class PulseRecording:
    """Busy while a microphone records (and, with ``call_apps``, one of those programs runs)."""

    name = "microphone"
    reason = "in a call"

    def __init__(self, pactl: str, address: str, environ: Mapping[str, str],
                 call_apps: tuple[str, ...] = (), changed: Callable[[], None] = lambda: None) -> None:
        self._pactl = pactl
        self._changed = changed
        self._env = {**environ, "PULSE_SERVER": address, "LC_ALL": "C"}
        self._call_apps = call_apps
        self._recording = False
        self._sources = ""
        self._failure: str | None = None
        self._subscription: subprocess.Popen[bytes] | None = None
        self._started = 0.0
        self._start()

    def busy(self) -> bool:
        """The answer kept from the last change; the subscription is started again if it ended."""
        if self._subscription is not None and self._subscription.poll() is not None:
            if time.monotonic() - self._started < _RESTART_EVERY_S:
                raise QuietUnavailable("pactl subscribe ended (the sound server stopped?)")
            self._start()
        if self._failure is not None:
            raise QuietUnavailable(self._failure)
        return self._recording and (not self._call_apps or any_running(self._call_apps))

    def close(self) -> None:
        """Stop ``pactl subscribe``; its reading thread ends with it."""
        if self._subscription is not None and self._subscription.poll() is None:
            self._subscription.terminate()
            self._subscription.wait(timeout=5)

    def _start(self) -> None:
        """Subscribe first, then list, so no change falls between the two."""
        self._started = time.monotonic()
        subscription = subprocess.Popen([self._pactl, "subscribe"], stdin=subprocess.DEVNULL,
                                        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=self._env)
        try:
            self._sources = self._pactl_output("list", "short", "sources")
            self._relist()
        except QuietUnavailable:
            subscription.kill()
            subscription.wait()
            raise
        self._failure = None
        self._subscription = subscription
        threading.Thread(target=self._follow, args=(subscription,), name="deskbreak-pactl", daemon=True).start()

    def _follow(self, subscription: subprocess.Popen[bytes]) -> None:
        """Re-list on each change to the recording streams (and sources), until pactl ends.

        Until the first event arrives, the subscription may not be in place
        yet: each list's own client connection is an event, so listing again
        every half second ends as soon as one is seen, and the list made
        then is an answer no later change can miss.
        """
        assert subscription.stdout is not None
        stream = subscription.stdout.fileno()
        synced = False
        pending = b""
        while True:
            if not synced and not select.select([stream], [], [], _SYNC_RETRY_S)[0]:
                self._guarded(self._relist)
                continue
            chunk = os.read(stream, 4096)
            if not chunk:  # pactl ended: busy() sees it and starts another
                subscription.stdout.close()
                return
            *lines, pending = (pending + chunk).split(b"\n")
            if any(_SOURCE_ADDED_OR_REMOVED.match(line) for line in lines):
                self._guarded(self._relist_sources)
            elif lines and (not synced or any(b" on source-output #" in line for line in lines)):
                self._guarded(self._relist)
            synced = synced or bool(lines)

    def _guarded(self, relist: Callable[[], None]) -> None:
        """Run a re-list on the reading thread, keeping its failure for ``busy`` to raise."""
        try:
            relist()
            self._failure = None
        except QuietUnavailable as error:
            self._failure = str(error)

    def _relist_sources(self) -> None:
        self._sources = self._pactl_output("list", "short", "sources")
        self._relist()

    def _relist(self) -> None:
        recording = recording_from(self._pactl_output("list", "source-outputs"), self._sources)
        if recording != self._recording:
            self._recording = recording
            self._changed()  # the daemon samples at once: a call's start or end is seen without waiting

    def _pactl_output(self, *arguments: str) -> str:
        try:
            done = subprocess.run([self._pactl, *arguments], env=self._env, capture_output=True, text=True,
                                  timeout=_LIST_TIMEOUT_S, check=False)
        except subprocess.TimeoutExpired:
            raise QuietUnavailable(f"pactl {arguments[-1]} did not answer within {_LIST_TIMEOUT_S:g} s") from None
        if done.returncode != 0:
            message = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else f"exit {done.returncode}"
            raise QuietUnavailable(f"pactl cannot reach the sound server at {self._env['PULSE_SERVER']}: {message}")
        return done.stdout


def open_signal(environ: Mapping[str, str], settings: Settings, changed: Callable[[], None]) -> PulseRecording:
    """The microphone signal, where pactl and a PulseAudio/PipeWire server are found."""
    pactl = shutil.which("pactl", path=environ.get("PATH"))
    if pactl is None:
        raise QuietUnavailable("pactl not found (Debian/Ubuntu: pulseaudio-utils; works with PipeWire too)")
    address = server_address(environ)
    if address is None:
        raise QuietUnavailable("no PulseAudio or PipeWire server (no PULSE_SERVER, no pulse/native socket "
                               "in XDG_RUNTIME_DIR)")
    return PulseRecording(pactl, address, environ, settings.call_apps, changed)
