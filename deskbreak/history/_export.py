"""Writing the raw history out for people and spreadsheets.

JSON is written as JSON Lines (one object per line) rather than one array: it
streams row by row, so ten years of history never sits in memory at once; a
cut-off export loses only its last line; and it is the format ``deskbreak
simulate`` already prints, which ``jq``, pandas and friends read directly.

Times are ISO 8601 in the offset the user was in when the record happened
(the UTC instant and the local clock time in one standard field); lengths are
seconds. CSV rows end in a bare LF, so a text-mode stdout on Windows stays right.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from datetime import datetime, timezone
from typing import TextIO

from deskbreak.history._record import StoredRecord

__all__ = ["EXPORT_COLUMNS", "write_csv", "write_json_lines"]

EXPORT_COLUMNS = (
    "id", "kind", "at", "local_date", "desk_time", "routine", "seconds", "snoozes_left", "until", "reason",
)

ExportValue = str | float | int | None


def write_json_lines(records: Iterable[StoredRecord], out: TextIO) -> None:
    """One JSON object per record, keys in ``EXPORT_COLUMNS`` order."""
    for record in records:
        out.write(json.dumps(_export_fields(record)) + "\n")


def write_csv(records: Iterable[StoredRecord], out: TextIO) -> None:
    """A header row of ``EXPORT_COLUMNS``, then one row per record; empty means none."""
    writer = csv.DictWriter(out, fieldnames=EXPORT_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(_export_fields(record) for record in records)


def _export_fields(record: StoredRecord) -> dict[str, ExportValue]:
    zone = timezone(record.utc_offset)
    return {
        "id": record.id,
        "kind": record.kind,
        "at": _local_iso(record.at, zone),
        "local_date": record.local_date.isoformat(),
        "desk_time": record.desk_time.total_seconds(),
        "routine": record.routine,
        "seconds": record.seconds,
        "snoozes_left": record.snoozes_left,
        "until": None if record.until is None else _local_iso(record.until, zone),
        "reason": record.reason,
    }


def _local_iso(moment: datetime, zone: timezone) -> str:
    return moment.astimezone(zone).isoformat()

