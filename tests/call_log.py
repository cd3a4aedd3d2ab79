"""What a fake platform module saw: each call with the thread that made it, for the thread-affinity tests."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

__all__ = ["CallLog"]


class CallLog:
    """Calls recorded with their thread; tests wait on changes here instead of polling."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str]] = []
        self.loop_thread: threading.Thread | None = None
        """The thread that ran the platform's loop: the only one allowed to call it."""
        self._changed = threading.Condition()

    def record(self, call: str) -> None:
        with self.changing():
            self.calls.append((call, threading.current_thread().name))

    @contextmanager
    def changing(self) -> Iterator[None]:
        """Change the fake's state under its lock, then wake whoever waits in ``wait_until``."""
        with self._changed:
            yield
            self._changed.notify_all()

    def wait_until(self, condition: Callable[[], bool], what: str, limit: float = 10.0) -> None:
        with self._changed:
            if not self._changed.wait_for(condition, timeout=limit):
                raise AssertionError(f"gave up after {limit} s waiting until {what}; calls: {self.calls}")

    def calls_off_the_loop(self, allowed_anywhere: frozenset[str] = frozenset()) -> list[tuple[str, str]]:
        """Every recorded call made off the loop's thread, but for those the platform allows from any thread."""
        loop = self.loop_thread.name if self.loop_thread else None
        return [(call, thread) for call, thread in self.calls if thread != loop and call not in allowed_anywhere]
