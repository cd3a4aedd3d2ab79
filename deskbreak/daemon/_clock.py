"""The daemon's clock, passed in so its shell runs on simulated time in tests (trio's MockClock idea).

Two readings: the local wall time the engine works in, and a monotonic
count of seconds that no clock change moves. Their difference changes only
when the wall clock is stepped (NTP after a resume, a manual change), which
is how the shell notices a step and re-arms its timers.
"""

from __future__ import annotations

import os
import time
from datetime import datetime, timedelta, tzinfo
from typing import Protocol
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

__all__ = ["Clock", "FakeClock", "SystemClock"]


class Clock(Protocol):
    """Where the shell reads the time; called from the engine thread only."""

    def now(self) -> datetime:
        """The local wall time, timezone-aware."""
        ...

    def monotonic(self) -> float:
        """Seconds on a clock that only moves forward, whatever the wall clock does."""
        ...


class SystemClock:
    """The machine's clocks."""

    def __init__(self) -> None:
        # Looked up once, as the C library reads TZ once: no file system calls on every sample.
        self._zone = local_zone()

    def now(self) -> datetime:
        """The local wall time in the local time zone itself, not only today's offset.

        With a real zone, a time shown for tomorrow ("paused until 09:00")
        carries tomorrow's offset across a daylight-saving change. Where
        the zone has no name (no TZ, no /etc/localtime link) it falls back
        to the offset in force now.
        """
        return datetime.now(self._zone) if self._zone is not None else datetime.now().astimezone()

    def monotonic(self) -> float:
        """``time.monotonic()``."""
        return time.monotonic()


class FakeClock:
    """A clock a test moves by hand: ``advance`` lets time pass, ``step`` only changes the wall clock."""

    def __init__(self, start: datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("the fake clock needs a timezone-aware start")
        self._now = start
        self._monotonic = 0.0

    def now(self) -> datetime:
        """The simulated wall time."""
        return self._now

    def monotonic(self) -> float:
        """Simulated seconds passed, steps left out."""
        return self._monotonic

    def advance(self, length: timedelta) -> None:
        """Let ``length`` pass, on both clocks."""
        if length < timedelta(0):
            raise ValueError(f"time cannot pass backwards ({length}); use step() for a clock change")
        self._now += length
        self._monotonic += length.total_seconds()

    def advance_to(self, moment: datetime) -> None:
        """Let time pass until ``moment`` (no-op if it is already past)."""
        self.advance(max(moment - self._now, timedelta(0)))

    def step(self, change: timedelta) -> None:
        """Set the wall clock forward or back by ``change``, as NTP or a user would; no time passes."""
        self._now += change


def local_zone() -> tzinfo | None:
    """The zone named by ``$TZ`` or by the /etc/localtime link, if it names one."""
    key = os.environ.get("TZ", "").removeprefix(":")
    if not key:
        target = os.path.realpath("/etc/localtime")
        key = target.split("/zoneinfo/", 1)[1] if "/zoneinfo/" in target else ""
    if not key:
        return None
    try:
        return ZoneInfo(key)
    except (ZoneInfoNotFoundError, ValueError):
        return None
