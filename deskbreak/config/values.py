"""Readers for config values: each checks one TOML value and says what is allowed.

Each raises ValueError with the text that follows "key = value:" in the
one-line problem ``settings_file`` reports.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from deskbreak.config.active_hours import parse_active_hours, parse_time_of_day, parse_weekday
from deskbreak.config.durations import DURATION_HINT, format_duration, parse_duration

TYPE_CHECKING = False  # typing.TYPE_CHECKING; the engine is loaded only to build its ActiveHours
if TYPE_CHECKING:
    from deskbreak.core import ActiveHours

__all__ = [
    "STREAK_BREAKS", "count", "duration", "hours", "hours_texts", "program_names", "routine_name", "switch",
    "time_of_day", "weekdays",
]


def duration(low: timedelta, high: timedelta) -> Callable[[Any], timedelta]:
    """A reader for a duration string from ``low`` to ``high``."""
    def read(value: Any) -> timedelta:
        if not isinstance(value, str):
            raise ValueError(f"expected {DURATION_HINT}")
        length = parse_duration(value)
        if not low <= length <= high:
            raise ValueError(f"must be from {format_duration(low)} to {format_duration(high)}")
        return length

    return read


def count(low: int, high: int) -> Callable[[Any], int]:
    """A reader for a whole number from ``low`` to ``high``."""
    def read(value: Any) -> int:
        if not isinstance(value, int) or isinstance(value, bool):
            raise ValueError(f"expected a whole number from {low} to {high}")
        if not low <= value <= high:
            raise ValueError(f"must be from {low} to {high}")
        return value

    return read


# [progress] streak_breaks, here rather than in settings_file's table because stats reads it alone.
STREAK_BREAKS = count(1, 20)


def hours(value: Any) -> ActiveHours:
    """Active hours: one window as a string, or a list of them; "" means always."""
    return parse_active_hours(hours_texts(value))


def hours_texts(value: Any) -> list[str]:
    """The active-hours windows as written, not yet parsed; none ("") means always."""
    if isinstance(value, str):
        return [value] if value.strip() else []
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return value
    raise ValueError('expected a string such as "Mon-Fri 08:00-19:00", or a list of them')


def weekdays(value: Any) -> tuple[int, ...]:
    """A list of distinct weekday names, in the order given."""
    if not isinstance(value, list) or not value or not all(isinstance(day, str) for day in value):
        raise ValueError('expected a list of weekdays such as ["Mon", "Wed", "Fri"]')
    days = tuple(parse_weekday(day) for day in value)
    if len(set(days)) != len(days):
        raise ValueError("each weekday may appear once")
    return days


def time_of_day(value: Any) -> timedelta:
    """A time of day written "HH:MM", as the time since midnight."""
    if not isinstance(value, str):
        raise ValueError('expected a time of day such as "19:00"')
    return parse_time_of_day(value)


def routine_name(value: Any) -> str:
    """A routine's name (whether it exists is checked with the routines)."""
    if not isinstance(value, str) or not value:
        raise ValueError("expected a routine name, such as \"desk\"")
    return value


def program_names(value: Any) -> tuple[str, ...]:
    """A list of program (process) names, such as ["zoom", "teams"]; matched without regard to case."""
    if not isinstance(value, list) or not all(isinstance(name, str) and name.strip() for name in value):
        raise ValueError('expected a list of program names, such as ["zoom", "teams"]')
    return tuple(name.strip().lower() for name in value)


def switch(value: Any) -> bool:
    """A TOML boolean, and nothing that merely looks like one."""
    if not isinstance(value, bool):
        raise ValueError("expected true or false")
    return value
