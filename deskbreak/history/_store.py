"""The history store: append engine records, read them back, count, export; keep check-ins.

Threading and call order: one ``HistoryStore`` is used by one thread at a
time (the daemon's engine thread). Other processes, such as ``deskbreak
stats``, open their own store on the same file; WAL and the busy timeout (see
``_sqlite``) let them read while the daemon writes.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from datetime import date
from types import TracebackType
from typing import TYPE_CHECKING, TextIO

from deskbreak.history._checkins import CHECKIN_COLUMNS, checkin_row, stored_checkin
from deskbreak.history._record import COLUMNS, StoredRecord, record_row, stored_record
from deskbreak.history._schema import migrate
from deskbreak.history._sqlite import HistoryError, configure, connect
from deskbreak.history._tally import BREAKS_TAKEN, Tally, tally_rows

if TYPE_CHECKING:  # the daemon writes records, checkin writes check-ins: a reader such as stats loads neither
    from deskbreak.core import Record
    from deskbreak.progress import Checkin

__all__ = ["HistoryStore", "MemoryHistory"]

_SELECT = f"SELECT {', '.join(COLUMNS)} FROM history"
_INSERT = (
    f"INSERT INTO history ({', '.join(COLUMNS[1:])}) VALUES ({', '.join('?' * (len(COLUMNS) - 1))})"
)
_INSERT_CHECKIN = (
    f"INSERT INTO checkins ({', '.join(CHECKIN_COLUMNS)}) VALUES ({', '.join('?' * len(CHECKIN_COLUMNS))})"
)
_SYNCHRONOUS_NAMES = {0: "off", 1: "normal", 2: "full", 3: "extra"}


class HistoryStore:
    """The history database; get one from ``open_history`` (or ``MemoryHistory``).

    Every method raises ``HistoryError`` with a one-line message when SQLite
    fails (disk full, file damaged while open, ...).
    """

    def __init__(self, connection: sqlite3.Connection, location: str) -> None:
        self._connection = connection
        self._location = location

    def append(self, record: Record) -> None:
        """Store ``record``, committed and on disk before this returns.

        A naive ``record.at`` or ``record.until`` raises ValueError: without
        an offset there is no telling which day it was for the user.
        """
        values = record_row(record)
        with self._reporting("save to"):
            self._connection.execute(_INSERT, values)

    def append_all(self, records: Iterable[Record]) -> None:
        """Store many records in one transaction: all of them, or none.

        For importing, for test and benchmark histories (one commit instead
        of one per record), and for the daemon's records held while the
        disk was full. A failed COMMIT (disk full, I/O error) can leave the
        transaction open, which would refuse every later BEGIN: it is
        rolled back here so the next attempt starts clean.
        """
        with self._reporting("save to"):
            self._connection.execute("BEGIN IMMEDIATE")
            try:
                self._connection.executemany(_INSERT, (record_row(record) for record in records))
                self._connection.execute("COMMIT")
            except BaseException:
                if self._connection.in_transaction:
                    with suppress(sqlite3.Error):
                        self._connection.execute("ROLLBACK")
                raise

    def add_checkin(self, checkin: Checkin) -> None:
        """Store a check-in, committed before this returns; ValueError for a naive time."""
        values = checkin_row(checkin)
        with self._reporting("save to"):
            self._connection.execute(_INSERT_CHECKIN, values)

    def checkins(self, first: date | None = None, last: date | None = None) -> list[Checkin]:
        """Check-ins whose local date is from ``first`` to ``last`` inclusive, oldest first."""
        where, bounds = _local_date_filter(first, last, "checkins_by_local_date")
        query = f"SELECT {', '.join(CHECKIN_COLUMNS)} FROM checkins{where} ORDER BY at_utc_us, id"
        with self._reporting("read"):
            rows = self._connection.execute(query, bounds).fetchall()
        return [stored_checkin(row) for row in rows]

    def daily_breaks(self, last: date) -> Iterator[tuple[date, int]]:
        """(local date, breaks taken) for each day up to ``last`` with any, newest first.

        Lazy: a streak reads back only as far as it goes, and all from the
        partial index of breaks taken (its WHERE must match the index's).
        """
        kinds = ", ".join(f"'{kind}'" for kind in sorted(BREAKS_TAKEN))
        query = (
            "SELECT local_date, COUNT(*) FROM history INDEXED BY breaks_taken_by_local_date "
            f"WHERE kind IN ({kinds}) AND local_date <= ? GROUP BY local_date ORDER BY local_date DESC"
        )
        with self._reporting("read"):
            for local_date, count in self._connection.execute(query, (last.isoformat(),)):
                yield date.fromisoformat(local_date), count

    def records(self, start: date | None = None, end: date | None = None) -> list[StoredRecord]:
        """Records whose local date is from ``start`` to ``end`` inclusive, oldest first."""
        where, bounds = _local_date_filter(start, end)
        with self._reporting("read"):
            rows = self._connection.execute(f"{_SELECT}{where} ORDER BY id", bounds).fetchall()
        return [stored_record(row) for row in rows]

    def tally(self, first: date, last: date) -> Tally:
        """Count the local dates ``first`` to ``last`` inclusive (see ``Tally``)."""
        where, bounds = _local_date_filter(first, last)
        query = f"SELECT local_date, kind, desk_time, seconds FROM history{where} ORDER BY id"
        with self._reporting("read"):
            return tally_rows(self._connection.execute(query, bounds))

    def export_json(self, out: TextIO, first: date | None = None, last: date | None = None) -> None:
        """Write the history (local dates ``first`` to ``last``; default all) as JSON Lines."""
        from deskbreak.history._export import write_json_lines  # with json and csv: only an export needs them

        with self._reporting("export"):
            write_json_lines(self._streamed_records(first, last), out)

    def export_csv(self, out: TextIO, first: date | None = None, last: date | None = None) -> None:
        """Write the history (local dates ``first`` to ``last``; default all) as CSV with a header."""
        from deskbreak.history._export import write_csv

        with self._reporting("export"):
            write_csv(self._streamed_records(first, last), out)

    def sqlite_settings(self) -> dict[str, str]:
        """The durability settings in force, for ``deskbreak doctor`` to show."""
        with self._reporting("read"):
            journal_mode = self._pragma("journal_mode")
            synchronous = _SYNCHRONOUS_NAMES.get(int(self._pragma("synchronous")), "unknown")
            busy_timeout = self._pragma("busy_timeout")
        return {
            "journal_mode": journal_mode,
            "synchronous": synchronous,
            "busy_timeout": f"{busy_timeout} ms",
        }

    def close(self) -> None:
        """Close the database; a WAL the last closer leaves is folded back in."""
        self._connection.close()

    def __enter__(self) -> HistoryStore:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()

    def _streamed_records(self, first: date | None, last: date | None) -> Iterator[StoredRecord]:
        """Records in the range, streamed from the cursor so a large export stays small in memory."""
        where, bounds = _local_date_filter(first, last)
        return (stored_record(row) for row in self._connection.execute(f"{_SELECT}{where} ORDER BY id", bounds))

    def _pragma(self, name: str) -> str:
        return str(self._connection.execute(f"PRAGMA {name}").fetchone()[0])

    @contextmanager
    def _reporting(self, action: str) -> Iterator[None]:
        try:
            yield
        except sqlite3.Error as error:
            raise HistoryError(f"cannot {action} the history {self._location}: {error}") from error


class MemoryHistory(HistoryStore):
    """The in-package fake: the real store on a private in-memory database.

    It runs the same connection setup, migrations and queries as the file
    store, so tests and ``deskbreak simulate`` exercise the real code. It
    starts empty and is gone when closed; ``fail`` makes it act like a
    store on a full or read-only disk.
    """

    def __init__(self) -> None:
        connection = connect(":memory:")
        configure(connection)
        migrate(connection)
        super().__init__(connection, ":memory:")
        self._failure: str | None = None

    def fail(self, reason: str | None) -> None:
        """Make every later read and write raise HistoryError(reason), like a full disk; None heals it."""
        self._failure = reason

    @contextmanager
    def _reporting(self, action: str) -> Iterator[None]:
        if self._failure is not None:
            raise HistoryError(f"cannot {action} the history :memory:: {self._failure}")
        with super()._reporting(action):
            yield


def _local_date_filter(
    start: date | None, end: date | None, index: str = "history_by_local_date"
) -> tuple[str, list[str]]:
    """A WHERE clause on the local-date index, and its parameters.

    INDEXED BY, because with only a start date and ORDER BY id SQLite's
    planner prefers a scan of the whole table (65 ms on ten years of history,
    against under a millisecond through the index).
    """
    clauses = []
    bounds = []
    if start is not None:
        clauses.append("local_date >= ?")
        bounds.append(start.isoformat())
    if end is not None:
        clauses.append("local_date <= ?")
        bounds.append(end.isoformat())
    if not clauses:
        return "", bounds
    return f" INDEXED BY {index} WHERE {' AND '.join(clauses)}", bounds
