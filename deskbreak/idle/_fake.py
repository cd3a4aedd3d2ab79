"""The fake idle source that ships beside the real ones (httpx's MockTransport idea)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import timedelta

from deskbreak.idle._port import IdleUnavailable

__all__ = ["FakeIdle", "FakeIdleWatch"]


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
        self.readings = 0  # how often the daemon asked: a test counts its wake-ups this way
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
        self.readings += 1
        if self._failure is not None:
            raise IdleUnavailable(self._failure)
        return self._idle

    def close(self) -> None:
        """Record that the caller closed it, so tests can check the daemon does."""
        self.closed = True


class FakeIdleWatch(FakeIdle):
    """A ``FakeIdle`` that watches: the driver calls ``changed`` where a real source's event would come.

    It keeps what the daemon asked for (``thresholds``) so a driver knows
    when those events are due, and reports the ``active_for`` it was given.
    """

    name = "fake-watch"

    def __init__(self, idle: timedelta = timedelta(0)) -> None:
        self._active = timedelta(0)
        self.thresholds: tuple[timedelta, ...] = ()
        self._changed: Callable[[], None] = lambda: None
        super().__init__(idle)

    def set(self, idle: timedelta, active_for: timedelta = timedelta(0)) -> None:
        """Report ``idle``, after ``active_for`` of unbroken input, from now on."""
        super().set(idle)
        self._active = active_for

    def watch(self, thresholds: Sequence[timedelta], changed: Callable[[], None]) -> None:
        """Keep the thresholds and the callback, replacing the previous ones."""
        self.thresholds = tuple(sorted(thresholds))
        self._changed = changed

    def active_for(self) -> timedelta:
        """What ``set`` last said."""
        return self._active

    def changed(self) -> None:
        """Tell the daemon, as a real source's thread would, that idleness changed."""
        self._changed()
