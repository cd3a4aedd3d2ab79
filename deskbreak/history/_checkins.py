"""Check-ins as stored rows and back: the one place that knows their layout."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any, cast

from deskbreak.history._record import EPOCH, MICROSECOND, micros
from deskbreak.progress import Checkin

__all__ = ["CHECKIN_COLUMNS", "checkin_row", "stored_checkin"]

CHECKIN_COLUMNS = ("at_utc_us", "utc_offset", "local_date", "level", "area", "flags", "note")


def checkin_row(checkin: Checkin) -> tuple[Any, ...]:
    """The values for ``CHECKIN_COLUMNS``; ValueError for a naive time."""
    at_us = micros(checkin.at, "at")
    offset = cast(timedelta, checkin.at.utcoffset())  # not None: micros checked
    return (
        at_us,
        round(offset.total_seconds()),
        checkin.at.date().isoformat(),
        checkin.level,
        checkin.area,
        ",".join(checkin.flags),
        checkin.note,
    )


def stored_checkin(row: tuple[Any, ...]) -> Checkin:
    """A row selected as ``CHECKIN_COLUMNS``, back in the offset it was made in."""
    at_us, offset, _local_date, level, area, flags, note = row
    zone = timezone(timedelta(seconds=offset))
    at: datetime = (EPOCH + at_us * MICROSECOND).astimezone(zone)
    return Checkin(at=at, level=level, area=area, flags=tuple(flags.split(",")) if flags else (), note=note)
