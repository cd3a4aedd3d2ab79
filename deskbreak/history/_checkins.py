"""Check-ins as stored rows and back: the one place that knows their layout.

``Checkin`` is imported only when a row is read back, so the store (and
``deskbreak stats``, which reads no check-ins) need not load the check-in rules.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any, cast

from deskbreak.history._record import EPOCH, MICROSECOND, micros

if TYPE_CHECKING:
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
    from deskbreak.progress import Checkin

    at_us, offset, _local_date, level, area, flags, note = row
    zone = timezone(timedelta(seconds=offset))
    at: datetime = (EPOCH + at_us * MICROSECOND).astimezone(zone)
    return Checkin(at=at, level=level, area=area, flags=tuple(flags.split(",")) if flags else (), note=note)
