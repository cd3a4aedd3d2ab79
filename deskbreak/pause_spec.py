"""Reads how long to pause: "30m", "2h", "until 14:00", "until tomorrow".

Pure but for the local time zone: the current time is passed in, so every
form is tested without a clock. Times of day ("until 09:00", "tomorrow") are
read on this machine's wall clock with the offset in force *then*, not now's:
across a daylight-saving change the two differ by an hour, and ``now`` (an
aware time with a fixed offset, as the daemon passes it) only knows its own.

At the top level because the daemon's control server and the tray menu both
read it, and neither may import the other's private modules.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

from deskbreak.config.durations import parse_duration

__all__ = ["PAUSE_HINT", "WHILE_BUSY", "pause_until"]

WHILE_BUSY = "while busy"
"""The spec of a pause that lasts while the user is busy (a call, a fullscreen window): the daemon's to read."""
PAUSE_HINT = ('a duration such as "30m" or "2h", "until 14:00", "until tomorrow", "while busy" (during this '
              'meeting), or nothing (until resumed)')
_CLOCK = re.compile(r"(\d{1,2}):(\d{2})")


def pause_until(words: list[str], now: datetime) -> datetime | None:
    """When a pause asked for with ``words`` ends; None means until resumed.

    "until HH:MM" is today if that is still ahead, else tomorrow. "until
    tomorrow" ends at local midnight, so the next working day starts fresh.
    """
    text = " ".join(words).strip().lower()
    if not text:
        return None
    if text == "until tomorrow":
        return _on_the_wall_clock(now.astimezone().date() + timedelta(days=1), time(0))
    if text.startswith("until "):
        return _next_clock_time(text.removeprefix("until ").strip(), now)
    try:
        length = parse_duration(text)
    except ValueError:
        raise ValueError(f"cannot pause for {text!r}: expected {PAUSE_HINT}") from None
    if not timedelta(0) < length <= timedelta(days=7):
        raise ValueError(f"cannot pause for {text!r}: a pause lasts from 1s to 7 days")
    return now + length


def _next_clock_time(text: str, now: datetime) -> datetime:
    match = _CLOCK.fullmatch(text)
    if match is None or int(match[1]) > 23 or int(match[2]) > 59:
        raise ValueError(f"cannot pause until {text!r}: expected a time of day such as 14:00, or tomorrow")
    clock, today = time(int(match[1]), int(match[2])), now.astimezone().date()
    target = _on_the_wall_clock(today, clock)
    return target if target > now else _on_the_wall_clock(today + timedelta(days=1), clock)


def _on_the_wall_clock(day: date, clock: time) -> datetime:
    """The moment the local wall clock reads ``clock`` on ``day``, with that moment's own UTC offset.

    A naive datetime's ``astimezone()`` asks the C library's local time
    zone ($TZ, else /etc/localtime), which knows every daylight-saving rule.
    """
    return datetime.combine(day, clock).astimezone()
