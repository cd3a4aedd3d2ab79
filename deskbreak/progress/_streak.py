"""The streak: how many days in a row the user took enough breaks.

A streak that counts the weekend against someone whose active hours are
Monday to Friday would end every Monday, so days on which the active hours
never open are rest days: they neither break a streak nor are needed for
one (breaks taken on a rest day still add to it). Today is still going on,
so a streak that ran until yesterday is alive until today is over.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import date, timedelta
from typing import NamedTuple

__all__ = ["Streak", "rest_weekdays", "streak"]

_WEEK = frozenset(range(7))


class Streak(NamedTuple):
    """``days`` qualifying days in a row, ``first`` to ``last`` (both None when ``days`` is 0).

    ``needed`` is the number of breaks a day took to count. A NamedTuple,
    as ``Period`` is, to keep ``dataclasses`` off the stats path.
    """

    days: int
    first: date | None
    last: date | None
    needed: int


def rest_weekdays(window_days: Collection[frozenset[int]]) -> frozenset[int]:
    """The weekdays (0 is Monday) on which no active-hours window opens; none when always active.

    ``window_days`` holds each window's weekdays: the weekdays are all the
    streak needs of the active hours, which ``deskbreak stats`` reads
    without building the engine's ``ActiveHours``.
    """
    if not window_days:
        return frozenset()
    return _WEEK.difference(*window_days)


def streak(
    daily_breaks: Iterable[tuple[date, int]],
    today: date,
    needed: int,
    rest_days: frozenset[int] = frozenset(),
) -> Streak:
    """The streak ending today or yesterday.

    ``daily_breaks`` gives (local date, breaks taken) newest first; days with
    no breaks may be left out. It is read only as far back as the streak
    goes, so a store can hand over a lazy cursor over years of history.
    """
    days = 0
    first: date | None = None
    last: date | None = None
    newest_open = today  # the newest day not yet accounted for
    for day, count in daily_breaks:
        if day > today or count < needed:
            continue
        if day != newest_open:  # a gap: only rest days, or today while it is still going on, may be in it
            unfinished = {today} if days == 0 else set()
            if any(missed not in unfinished for missed in _work_days(day, newest_open, rest_days)):
                break
        days += 1
        first, last = day, last or day
        newest_open = day - timedelta(days=1)
    return Streak(days=days, first=first, last=last, needed=needed)


def _work_days(after: date, through: date, rest_days: frozenset[int]) -> list[date]:
    """The days after ``after`` up to ``through`` that needed their breaks."""
    span = (through - after).days
    days = (after + timedelta(days=offset) for offset in range(1, span + 1))
    return [day for day in days if day.weekday() not in rest_days]
