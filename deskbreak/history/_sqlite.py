"""How every history connection is set up, in one place.

The daemon appends from its engine thread while ``deskbreak stats`` reads the
same file from another process, and a daemon killed at any moment must lose
nothing it already reported. Hence:

- WAL journal: readers never block the writer and the writer never blocks
  readers, so the CLI can read while the daemon writes.
- ``synchronous=FULL``: every commit is fsynced to the WAL before it returns.
  WAL with NORMAL already survives a killed process; FULL also survives a
  power cut, for a cost of well under a millisecond per append here.
- Autocommit (``isolation_level=None``): a lone INSERT is its own transaction,
  committed before ``execute`` returns. Multi-statement work says BEGIN itself.
- A busy timeout: the few moments one side needs an exclusive lock (switching
  to WAL, a checkpoint, a migration) are waited out instead of failing with
  "database is locked".
"""

from __future__ import annotations

import sqlite3
from datetime import timedelta

__all__ = ["BUSY_TIMEOUT", "HistoryError", "configure", "connect", "primary_code"]

BUSY_TIMEOUT = timedelta(seconds=10)


class HistoryError(Exception):
    """The history cannot be used; the message is one line meant for the user."""


def connect(location: str) -> sqlite3.Connection:
    """Open ``location`` (a path or ``:memory:``) without reading it yet.

    Reading starts with the first statement, kept apart so that a caller who
    finds the file unusable can still rename it before closing: closing the
    last connection to a file SQLite takes for WAL deletes its -wal and -shm.

    ``check_same_thread`` is off because the daemon may open the store on one
    thread and hand it to its engine thread; the store is still used by one
    thread at a time.
    """
    return sqlite3.connect(
        location,
        timeout=BUSY_TIMEOUT.total_seconds(),
        isolation_level=None,
        check_same_thread=False,
    )


def configure(connection: sqlite3.Connection) -> None:
    """Apply the settings above (switching to WAL writes to the file, once)."""
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("PRAGMA synchronous = FULL")


def primary_code(error: sqlite3.Error) -> int:
    """SQLite's primary result code (SQLITE_CORRUPT, ...) without the extended bits."""
    return getattr(error, "sqlite_errorcode", sqlite3.SQLITE_ERROR) & 0xFF
