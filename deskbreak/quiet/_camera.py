"""In a call: another process holds a camera (``/dev/video*``) open, found in /proc (Linux).

No event says when a device is opened, so this one signal is polled: one
scan reads the open files of every process the user may look at
(``/proc/PID/fd``; other users' processes are not readable and not needed).
That costs about 4 microseconds per open file (``bench/calls.py``): 5 ms
on a quiet machine, but a desktop with browsers open holds tens of
thousands of files. So a full scan runs at most every ``scan_every``
seconds (15 by default), and not at all where no camera device exists;
while a holder is known, each sample checks only that process, so the end
of a call is seen at once and only its start may be seen up to 15 s late.
"""

from __future__ import annotations

import glob
import os
import time
from collections.abc import Callable, Mapping
from pathlib import Path

from deskbreak.core import Settings
from deskbreak.quiet._apps import any_running
from deskbreak.quiet._port import QuietUnavailable

__all__ = ["CAMERAS", "SCAN_EVERY_S", "CameraInUse", "holder", "holds", "open_signal"]

_PROC = Path("/proc")
CAMERAS = "/dev/video*"
SCAN_EVERY_S = 15.0


def holds(process: Path, devices: frozenset[str]) -> bool:
    """Whether ``process`` (a /proc/PID folder) has one of ``devices`` open."""
    try:
        descriptors = os.scandir(process / "fd")
    except OSError:  # another user's process, or one that just ended
        return False
    with descriptors:
        for descriptor in descriptors:
            try:
                if os.readlink(descriptor.path) in devices:
                    return True
            except OSError:
                continue
    return False


def holder(devices: frozenset[str], proc: Path = _PROC, skip: int | None = None) -> Path | None:
    """The first process (other than ``skip``) with one of ``devices`` open, as its /proc folder."""
    with os.scandir(proc) as entries:
        for entry in entries:
            if entry.name.isdigit() and int(entry.name) != skip and holds(Path(entry.path), devices):
                return Path(entry.path)
    return None


class CameraInUse:
    """Busy while a camera is open in another process (and, with ``call_apps``, one of those runs)."""

    name = "camera"
    reason = "in a call"

    def __init__(self, devices: str = CAMERAS, call_apps: tuple[str, ...] = (), proc: Path = _PROC,
                 scan_every: float = SCAN_EVERY_S) -> None:
        self._devices = devices
        self._call_apps = call_apps
        self._proc = proc
        self._scan_every = scan_every
        self._holder: Path | None = None
        self._scanned = -scan_every

    @property
    def polled(self) -> bool:
        """Asked at every sample only where a camera exists: elsewhere a reading is always "not busy"."""
        return bool(glob.glob(self._devices))

    def busy(self) -> bool:
        """Whether the known holder still holds a camera, else (when due) who does now."""
        devices = frozenset(os.path.realpath(path) for path in glob.glob(self._devices))
        if not devices:
            self._holder = None
            return False
        if self._holder is not None and not holds(self._holder, devices):
            self._holder = None
        if self._holder is None and time.monotonic() - self._scanned >= self._scan_every:
            self._scanned = time.monotonic()
            try:
                self._holder = holder(devices, self._proc, skip=os.getpid())
            except OSError as error:
                raise QuietUnavailable(f"cannot list the processes in {self._proc}: {error}") from None
        return self._holder is not None and (not self._call_apps or any_running(self._call_apps, self._proc))

    def close(self) -> None:
        """Nothing to release."""


def open_signal(environ: Mapping[str, str], settings: Settings, changed: Callable[[], None]) -> CameraInUse:
    """The camera signal, where /proc shows the processes' open files."""
    if not (_PROC / "self" / "fd").is_dir():
        raise QuietUnavailable("no /proc to see open camera devices in (Linux only)")
    return CameraInUse(call_apps=settings.call_apps)
