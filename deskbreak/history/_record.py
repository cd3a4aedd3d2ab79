"""A record as stored, and the conversions between ``Record``, row and back.

The column order here is the one place that knows how a row is laid out.
Rows come back as ``StoredRecord``s, never as the engine's ``Record``, so a
reader (``deskbreak stats``) does not load the engine: it is named here for
the type checker alone.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any, NamedTuple, cast

if TYPE_CHECKING:
    from deskbreak.core import Record, RecordKind

__all__ = ["COLUMNS", "EPOCH", "MICROSECOND", "StoredRecord", "micros", "record_row", "stored_record"]

COLUMNS = (
    "id", "kind", "at_utc_us", "utc_offset", "local_date", "desk_time",
    "routine", "seconds", "snoozes_left", "until_utc_us", "reason",
)

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
MICROSECOND = timedelta(microseconds=1)


class StoredRecord(NamedTuple):
    """A ``Record`` read back from the history, with its row id.

    ``at`` and ``until`` are UTC; ``utc_offset`` is the offset the user was in
    when it happened, and ``local_date`` the date there: what "today" meant.
    A NamedTuple, like ``Tally``, to keep ``dataclasses`` off the stats path.
    """

    id: int
    kind: RecordKind
    at: datetime
    utc_offset: timedelta
    local_date: date
    desk_time: timedelta
    routine: str | None
    seconds: float | None
    snoozes_left: int | None
    until: datetime | None
    reason: str | None = None


def record_row(record: Record) -> tuple[Any, ...]:
    """The values for every column but ``id``, in ``COLUMNS`` order."""
    at_us = micros(record.at, "at")
    offset = cast(timedelta, record.at.utcoffset())  # not None: micros checked
    return (
        record.kind,
        at_us,
        round(offset.total_seconds()),
        record.at.date().isoformat(),
        record.desk_time.total_seconds(),
        record.routine,
        record.seconds,
        record.snoozes_left,
        None if record.until is None else micros(record.until, "until"),
        record.reason,
    )


def stored_record(row: tuple[Any, ...]) -> StoredRecord:
    """A row selected as ``COLUMNS``, back as a ``StoredRecord``."""
    row_id, kind, at_us, offset, local_date, desk_time, routine, seconds, snoozes_left, until_us, reason = row
    return StoredRecord(
        id=row_id,
        kind=cast("RecordKind", kind),
        at=EPOCH + at_us * MICROSECOND,
        utc_offset=timedelta(seconds=offset),
        local_date=date.fromisoformat(local_date),
        desk_time=timedelta(seconds=desk_time),
        routine=routine,
        seconds=seconds,
        snoozes_left=snoozes_left,
        until=None if until_us is None else EPOCH + until_us * MICROSECOND,
        reason=reason,
    )


def micros(moment: datetime, field: str) -> int:
    """Exact microseconds since the epoch (no float rounding)."""
    if moment.utcoffset() is None:
        raise ValueError(f"history needs timezone-aware times; {field} is naive: {moment}")
    return (moment - EPOCH) // MICROSECOND
