"""SIGTERM and SIGINT stop the daemon from an ordinary thread, never inside the signal handler.

A Python handler runs on the main thread between two bytecodes, possibly
while that thread holds a lock the stop needs (the tray's pending-changes
lock), and not at all while the main thread sits in a native loop. So the
handler only records the signal: ``set_wakeup_fd`` makes the C-level
handler write the signal number to a socket, and a small thread reading it
calls ``stop``.
"""

from __future__ import annotations

import contextlib
import signal
import socket
import threading
from collections.abc import Callable

__all__ = ["StopSignals"]

_SIGNALS = (signal.SIGTERM, signal.SIGINT)


class StopSignals:
    """Calls ``stop`` on its own thread when SIGTERM or SIGINT arrives; ``close`` restores the defaults."""

    def __init__(self, stop: Callable[[], None]) -> None:
        self._stop = stop
        self._reader, self._writer = socket.socketpair()
        self._reader.setblocking(True)
        self._writer.setblocking(False)
        self._previous_fd = -1
        self._thread = threading.Thread(target=self._wait, name="deskbreak-signals", daemon=True)

    @classmethod
    def install(cls, stop: Callable[[], None]) -> StopSignals:
        """Start listening; call from the main thread (as ``signal.signal`` requires)."""
        signals = cls(stop)
        signals._previous_fd = signal.set_wakeup_fd(signals._writer.fileno(), warn_on_full_buffer=False)
        for signum in _SIGNALS:
            signal.signal(signum, lambda *_: None)  # the wakeup fd does the work
        signals._thread.start()
        return signals

    def close(self) -> None:
        """Restore the default handlers and end the thread; main thread only."""
        for signum in _SIGNALS:
            signal.signal(signum, signal.SIG_DFL)
        signal.set_wakeup_fd(self._previous_fd)
        with contextlib.suppress(OSError):
            self._writer.send(b"\0")

    def _wait(self) -> None:
        """Each signal number read calls ``stop``; the zero byte ``close`` sends ends the thread."""
        while True:
            try:
                data = self._reader.recv(64)
            except OSError:
                return
            if not data or b"\0" in data:
                return
            self._stop()
