"""Engine settings, with durations as ``timedelta`` and hours as data.

The engine is tuned by a handful of numbers that users edit in the config file.
They arrive here already validated; this module only holds them, so the core
can stay free of parsing and I/O.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import timedelta
from typing import NamedTuple

from deskbreak.core._program import Program
from deskbreak.core._routine import Routine

__all__ = ["ALWAYS", "ActiveHours", "HoursWindow", "Settings", "Span"]

_DAY = 86_400.0
_EPOCH_WEEKDAY = 3  # 1970-01-01 was a Thursday (Monday is 0).


class Span(NamedTuple):
    """An opening of a window, in local seconds: from ``opens`` until ``closes``."""

    opens: float
    closes: float


@dataclass(frozen=True, slots=True, kw_only=True)
class HoursWindow:
    """One daily window, such as Mon-Fri 08:00-19:00.

    ``start`` and ``end`` are offsets from local midnight. An ``end`` at or
    before ``start`` runs past midnight into the next day; ``days`` names the
    weekdays (0 is Monday) on which the window opens.
    """

    days: frozenset[int]
    start: timedelta
    end: timedelta

    def spans(self, day: int) -> Span | None:
        """The window's local-seconds span opening on ``day``, if it opens then."""
        if (day + _EPOCH_WEEKDAY) % 7 not in self.days:
            return None
        opens = day * _DAY + self.start.total_seconds()
        closes = day * _DAY + self.end.total_seconds()
        if closes <= opens:
            closes += _DAY
        return Span(opens, closes)


@dataclass(frozen=True, slots=True)
class ActiveHours:
    """The union of daily windows; no windows at all means always active."""

    windows: tuple[HoursWindow, ...] = ()

    def contains(self, local: float) -> bool:
        """Whether local time ``local`` (seconds since the local epoch) is inside."""
        if not self.windows:
            return True
        day = math.floor(local / _DAY)
        for window in self.windows:
            for opening_day in (day - 1, day):
                span = window.spans(opening_day)
                if span is not None and span.opens <= local < span.closes:
                    return True
        return False

    def next_change(self, local: float) -> float:
        """The first instant after ``local`` at which ``contains`` flips, or inf."""
        if not self.windows:
            return math.inf
        inside = self.contains(local)
        day = math.floor(local / _DAY)
        edges: list[float] = []
        for window in self.windows:
            for opening_day in range(day - 1, day + 8):
                span = window.spans(opening_day)
                if span is not None:
                    edges.extend(edge for edge in span if edge > local)
        for edge in sorted(edges):
            if self.contains(edge) != inside:
                return edge
        return math.inf


ALWAYS = ActiveHours()


@dataclass(frozen=True, slots=True, kw_only=True)
class Settings:
    """What the user chose, including how often the daemon samples idle time.

    ``sample_gap`` (derived from ``sample_every``) is the longest silence
    between idle samples that still means the machine was awake; anything
    longer is sleep or a clock jump, and counts as time away.
    """

    interval: timedelta = timedelta(minutes=60)
    snooze: timedelta = timedelta(minutes=10)
    max_snoozes: int = 3
    away_after: timedelta = timedelta(minutes=2)
    natural_break: timedelta = timedelta(minutes=5)
    active_hours: ActiveHours = field(default=ALWAYS)
    routine: str = "desk"
    floor: bool = True  # False: routines swap floor stretches for desk-side ones ([break] floor)
    focus: str = ""  # where it hurts, if anywhere ([focus] area)
    user_routines: tuple[Routine, ...] = ()
    program: Program | None = None
    rotation: tuple[Routine, ...] = ()  # versions of the default routine, one per break in turn ([focus])
    sample_every: timedelta = timedelta(seconds=5)
    streak_breaks: int = 3
    checkins: bool = False
    max_wait: timedelta = timedelta(hours=1)  # how long a due reminder waits for a busy user; 0: for ever
    quiet_fullscreen: bool = True  # [quiet]: which signals mean "busy" (read by the daemon's quiet watch)
    quiet_do_not_disturb: bool = True
    quiet_calls: bool = True
    call_apps: tuple[str, ...] = ()  # if set, a microphone or camera in use is a call only while one runs
    quiet_apps: tuple[str, ...] = ()  # busy while any of these runs

    @property
    def sample_gap(self) -> timedelta:
        """A dozen missed samples, and never under a minute, means the machine slept."""
        return max(timedelta(minutes=1), 12 * self.sample_every)
