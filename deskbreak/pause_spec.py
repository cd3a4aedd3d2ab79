"""Reads how long to pause: "30m", "2h", "until 14:00", "until tomorrow".

Pure: the current time is passed in, so every form is tested without a clock.
"""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta

from deskbreak.durations import parse_duration

__all__ = ["PAUSE_HINT", "pause_until"]

PAUSE_HINT = 'a duration such as "30m" or "2h", "until 14:00", "until tomorrow", or nothing (until resumed)'
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
        return datetime.combine(now.date() + timedelta(days=1), time(0), now.tzinfo)
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
    target = datetime.combine(now.date(), time(int(match[1]), int(match[2])), now.tzinfo)
    return target if target > now else target + timedelta(days=1)
