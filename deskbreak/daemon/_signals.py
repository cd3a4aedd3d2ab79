"""SIGTERM and SIGINT stop the daemon from a thread of their own, whatever the main thread is doing.

A Python signal handler runs on the main thread, and only between two
Python bytecodes there. Both make a handler that stops the daemon wrong:

- on macOS the main thread sits in ``NSApp.run()``, AppKit's loop in C, and
  runs no Python until AppKit calls back, so the handler never runs: the
  daemon ignores ``kill`` and ``launchctl bootout`` until SIGKILL, which
  skips its clean-up;
- elsewhere the handler interrupts whatever the main thread was doing: if
  that was holding a lock the stop needs (the tray's ``PendingChanges``),
  the handler waits for a lock its own thread holds, forever.

So the Python handler does nothing, and the signal is taken from C instead:
CPython's own C handler writes the signal's number to the "wakeup fd"
(``signal.set_wakeup_fd``) the moment it arrives, on any thread, whatever
the main thread is blocked in. A small thread waits on the other end of that
socket pair and calls ``stop`` there, as an ordinary thread: the tray's
``stop()`` then hands over to its own loop (on macOS through the AppKit run
loop) like any other call from another thread.
"""

from __future__ import annotations

import logging
import signal
import socket
import threading
from collections.abc import Callable, Collection
from types import FrameType
from typing import Any

__all__ = ["STOP_SIGNALS", "StopSignals"]

_log = logging.getLogger("deskbreak")
STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)
_WAIT_FOR_WATCHER_S = 5.0


def _leave_it_to_the_watcher(signum: int, frame: FrameType | None) -> None:
    """The Python-level handler: nothing, because the signal's number is already on its way to the watcher."""


class StopSignals:
    """While installed, each stop signal calls ``stop`` on the "deskbreak-signals" thread.

    ``install`` and ``close`` must be called on the main thread (Python
    allows signal handlers to be set only there); ``stop`` must be safe to
    call more than once.
    """

    def __init__(self, stop: Callable[[], None], signums: Collection[int]) -> None:
        self._stop = stop
        self._signums = frozenset(signums)
        self._receive, self._send = socket.socketpair()
        self._send.setblocking(False)  # set_wakeup_fd requires it; a full buffer drops only repeats
        self._previous_fd = signal.set_wakeup_fd(self._send.fileno(), warn_on_full_buffer=False)
        self._previous: dict[int, Any] = {
            signum: signal.signal(signum, _leave_it_to_the_watcher) for signum in self._signums}
        self._watcher = threading.Thread(target=self._watch, name="deskbreak-signals", daemon=True)
        self._watcher.start()

    @classmethod
    def install(cls, stop: Callable[[], None], signums: Collection[int] = STOP_SIGNALS) -> StopSignals:
        """Route ``signums`` (SIGTERM and SIGINT) to ``stop`` until ``close``."""
        return cls(stop, signums)

    def close(self) -> None:
        """Put the previous handlers and wakeup fd back and end the watcher thread."""
        for signum, handler in self._previous.items():
            signal.signal(signum, handler)
        signal.set_wakeup_fd(self._previous_fd)
        self._send.shutdown(socket.SHUT_RDWR)  # the watcher reads the end of its input and returns
        self._watcher.join(timeout=_WAIT_FOR_WATCHER_S)
        self._send.close()
        self._receive.close()

    def _watch(self) -> None:
        """Call ``stop`` for each stop signal that arrives, until ``close``."""
        while received := self._receive.recv(64):
            caught = [signum for signum in received if signum in self._signums]
            if not caught:
                continue  # a signal someone else handles in Python: CPython writes every one here
            _log.info("%s received; stopping", signal.Signals(caught[0]).name)
            try:
                self._stop()
            except Exception:  # stopping must not end the thread: the next signal tries again
                _log.exception("stopping on %s failed", signal.Signals(caught[0]).name)
