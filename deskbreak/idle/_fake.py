"""The fake idle source that ships beside the real ones (httpx's MockTransport idea)."""

from __future__ import annotations

from datetime import timedelta

from deskbreak.idle._port import IdleUnavailable

__all__ = ["FakeIdle"]


class FakeIdle:
    """An idle source a test or a simulation driver sets by hand.

    It never reads a clock: the reading stays what ``set`` last put there,
    so a driver moving simulated time also moves the idle time it reports.
    """

    name = "fake"

    def __init__(self, idle: timedelta = timedelta(0)) -> None:
        self._idle: timedelta
        self._failure: str | None = None
        self.closed = False
        self.set(idle)

    def set(self, idle: timedelta) -> None:
        """Report ``idle`` from now on (and stop failing, if ``fail`` was called)."""
        if idle < timedelta(0):
            raise ValueError(f"idle time cannot be negative, got {idle}")
        self._idle = idle
        self._failure = None

    def fail(self, reason: str) -> None:
        """Make every later reading raise IdleUnavailable(reason), like a lost display."""
        self._failure = reason

    def idle_for(self) -> timedelta:
        """The idle time last set, or IdleUnavailable after ``fail``."""
        if self._failure is not None:
            raise IdleUnavailable(self._failure)
        return self._idle

    def close(self) -> None:
        """Record that the caller closed it, so tests can check the daemon does."""
        self.closed = True
