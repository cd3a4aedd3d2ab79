"""Parses active-hours windows such as "Mon-Fri 08:00-19:00" into engine data.

The engine is imported only to build its ``ActiveHours``: ``deskbreak
stats`` needs no more than each window's weekdays (``parse_window``), and
loading the engine would double the time it takes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import timedelta

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing on the stats path
if TYPE_CHECKING:
    from deskbreak.core import ActiveHours

__all__ = ["HOURS_HINT", "parse_active_hours", "parse_time_of_day", "parse_weekday", "parse_window"]

HOURS_HINT = '"HH:MM-HH:MM", optionally after weekdays, such as "Mon-Fri 08:00-19:00"'
_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_WINDOW = re.compile(r"(?:(?P<days>[A-Za-z,\- ]+?)\s+)?(?P<start>\d{1,2}:\d{2})\s*-\s*(?P<end>\d{1,2}:\d{2})")


def parse_active_hours(texts: Iterable[str]) -> ActiveHours:
    """Parse each window; raise ValueError naming the first bad one."""
    from deskbreak.core import ActiveHours, HoursWindow

    return ActiveHours(tuple(HoursWindow(days=days, start=start, end=end)
                             for days, start, end in map(parse_window, texts)))


def parse_window(text: str) -> tuple[frozenset[int], timedelta, timedelta]:
    """One window as (weekdays, start, end), times since midnight; ValueError naming what is wrong."""
    match = _WINDOW.fullmatch(text.strip())
    if match is None:
        raise ValueError(f"expected {HOURS_HINT}")
    start, end = parse_time_of_day(match["start"]), parse_time_of_day(match["end"])
    if start == end:
        raise ValueError("a window cannot start and end at the same time")
    days = _days(match["days"]) if match["days"] else frozenset(range(7))
    return days, start, end


def parse_time_of_day(text: str) -> timedelta:
    """Read "HH:MM" as the time since midnight; ValueError naming a bad one."""
    match = re.fullmatch(r"(\d{1,2}):(\d{2})", text.strip())
    if match is None or int(match[1]) > 23 or int(match[2]) > 59:
        raise ValueError(f"{text} is not a time of day (00:00 to 23:59)")
    return timedelta(hours=int(match[1]), minutes=int(match[2]))


def _days(text: str) -> frozenset[int]:
    days: set[int] = set()
    for part in text.replace(" ", "").split(","):
        first, _, last = part.partition("-")
        low = parse_weekday(first)
        high = parse_weekday(last) if last else low
        span = range(low, high + 1) if low <= high else [*range(low, 7), *range(0, high + 1)]
        days.update(span)
    return frozenset(days)


def parse_weekday(name: str) -> int:
    """A weekday name ("Mon", "monday") as 0 (Monday) to 6; ValueError otherwise."""
    key = name.lower()[:3]
    if key not in _DAYS or len(name) < 3:
        raise ValueError(f"{name!r} is not a weekday (Mon, Tue, Wed, Thu, Fri, Sat, Sun)")
    return _DAYS.index(key)
