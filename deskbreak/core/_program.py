"""The progressive program from the back-stretching guide, as pure date arithmetic.

Weeks 1 and 2: the morning routine every day and one evening session a week;
weeks 3 and 4: two evening sessions; week 5 on: three. The morning routine
is offered a while after the day's first activity (at least an hour: the
pain-location guide advises going gently in the first hour after waking);
evening sessions come at a set time on the chosen days.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import NamedTuple

__all__ = ["Program", "Session", "evening_sessions_in_week", "next_session"]

_SESSIONS_BY_WEEK = ((2, 1), (4, 2))  # up to week N: this many evening sessions
_FULL_DOSE = 3


def evening_sessions_in_week(week: int) -> int:
    """How many evening sessions week ``week`` (1-based) of the program asks for."""
    for last_week, sessions in _SESSIONS_BY_WEEK:
        if week <= last_week:
            return sessions
    return _FULL_DOSE


@dataclass(frozen=True, slots=True, kw_only=True)
class Program:
    """The user's program: when it began and when its sessions come.

    ``evening_days`` are weekdays (0 is Monday) in the order the user wants
    them used: a week that asks for two sessions uses the first two.
    """

    started: date
    morning_routine: str = "morning"
    morning_after: timedelta = timedelta(hours=1)
    evening_routine: str = "evening"
    evening_days: tuple[int, ...] = (0, 2, 4)
    evening_at: timedelta = timedelta(hours=19)

    def week(self, day: date) -> int:
        """The program week ``day`` falls in (1 is the first); 0 before it starts."""
        if day < self.started:
            return 0
        return (day - self.started).days // 7 + 1

    def evening_due(self, day: date) -> bool:
        """Whether ``day`` is one of this week's evening-session days."""
        week = self.week(day)
        if week == 0:
            return False
        return day.weekday() in self.evening_days[: evening_sessions_in_week(week)]

    def sessions_due(self, day: date) -> tuple[str, ...]:
        """The routines the program asks for on ``day``, in the order they come."""
        if self.week(day) == 0:
            return ()
        return (self.morning_routine, *((self.evening_routine,) if self.evening_due(day) else ()))


class Session(NamedTuple):
    """A program session: ``routine`` is offered ``at`` this instant."""

    at: float
    routine: str


_DAY = 86_400.0
_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()


def next_session(
    program: Program, local_day: int, offset: float, first_activity: float | None, settled: frozenset[str]
) -> Session | None:
    """The next program session on local day ``local_day``, if any.

    ``local_day`` counts days since the local epoch; ``offset`` turns local
    midnight into an instant; ``settled`` holds the routines already offered
    or done today. The morning routine needs the day's first activity.
    """
    day = date.fromordinal(_EPOCH_ORDINAL + local_day)
    midnight = local_day * _DAY - offset
    points: list[Session] = []
    for routine in program.sessions_due(day):
        if routine in settled:
            continue
        if routine == program.morning_routine:
            if first_activity is not None:
                points.append(Session(first_activity + program.morning_after.total_seconds(), routine))
        else:
            points.append(Session(midnight + program.evening_at.total_seconds(), routine))
    return min(points) if points else None
