"""The history schema, as the ordered list of steps that builds it.

``PRAGMA user_version`` holds how many steps a database has had. Steps are
only ever appended, never edited once released, because databases out there
have already run them. Each step runs in its own transaction together with
its version bump, so a crash mid-migration leaves the previous version whole.

Instants are stored as integer microseconds since 1970-01-01 UTC rather than
ISO text: that is exactly ``datetime``'s resolution (a lossless round trip),
it compares and sorts as a number with no format variants to normalise, and it
takes 8 bytes instead of 32. Exports turn it into ISO 8601 for people.
"""

from __future__ import annotations

import sqlite3

__all__ = ["MIGRATIONS", "SCHEMA_VERSION", "MigrationStep", "NewerSchemaError", "migrate", "refuse_newer"]

MigrationStep = tuple[str, ...]

MIGRATIONS: tuple[MigrationStep, ...] = (
    # 1: one row per engine Record. local_date is the date in the record's own
    # UTC offset (what "today" means to the user), so day queries use its index.
    (
        """
        CREATE TABLE history (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            kind TEXT NOT NULL,
            at_utc_us INTEGER NOT NULL,     -- microseconds since the epoch, UTC
            utc_offset INTEGER NOT NULL,    -- seconds east of UTC where the record happened
            local_date TEXT NOT NULL,       -- YYYY-MM-DD in that offset
            desk_time REAL NOT NULL,        -- seconds
            routine TEXT,
            seconds REAL,
            snoozes_left INTEGER,
            until_utc_us INTEGER            -- microseconds since the epoch, UTC
        )
        """,
        "CREATE INDEX history_by_local_date ON history (local_date)",
    ),
    # 2: pain and stiffness check-ins, kept apart from the engine's records
    # (the user writes them, not the engine). Times as in 1. And the breaks
    # taken per day for the streak: a partial index holding only those rows
    # answers it from the index alone (a ten-year streak in a few ms, against
    # 80 ms looking each row up in the table).
    (
        """
        CREATE TABLE checkins (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            at_utc_us INTEGER NOT NULL,     -- microseconds since the epoch, UTC
            utc_offset INTEGER NOT NULL,    -- seconds east of UTC where the user was
            local_date TEXT NOT NULL,       -- YYYY-MM-DD in that offset
            level INTEGER NOT NULL CHECK (level BETWEEN 0 AND 10),
            area TEXT,                      -- a library region, e.g. "lower back"; NULL: not said
            flags TEXT NOT NULL DEFAULT '', -- red-flag names, comma-separated
            note TEXT
        )
        """,
        "CREATE INDEX checkins_by_local_date ON checkins (local_date)",
        "CREATE INDEX breaks_taken_by_local_date ON history (local_date) WHERE kind IN ('break_completed', 'logged')",
    ),
    # 3: why a due break waited ("fullscreen", "in a call"...), on ``waited`` rows.
    ("ALTER TABLE history ADD COLUMN reason TEXT",),
)

SCHEMA_VERSION = len(MIGRATIONS)


class NewerSchemaError(Exception):
    """The database was written by a newer deskbreak than this one."""

    def __init__(self, found: int, known: int) -> None:
        super().__init__(
            f"it was written by a newer deskbreak (schema version {found}; this one knows up to {known})"
        )
        self.found = found
        self.known = known


def migrate(connection: sqlite3.Connection, steps: tuple[MigrationStep, ...] = MIGRATIONS) -> None:
    """Bring the database up to ``len(steps)``, one transaction per step.

    An up-to-date database is only read, so a reader opening the file while
    the daemon writes takes no write lock.
    """
    version = refuse_newer(connection, steps)
    while version != len(steps):
        version = _apply_next_step(connection, steps)


def refuse_newer(connection: sqlite3.Connection, steps: tuple[MigrationStep, ...] = MIGRATIONS) -> int:
    """Return the database's version; raise NewerSchemaError, having written nothing, if it is past ``steps``."""
    version = _user_version(connection)
    if version > len(steps):
        raise NewerSchemaError(version, len(steps))
    return version


def _apply_next_step(connection: sqlite3.Connection, steps: tuple[MigrationStep, ...]) -> int:
    """Run the step after the current version; return the version now stored."""
    connection.execute("BEGIN IMMEDIATE")
    try:
        version = _user_version(connection)  # another process may have just migrated
        if version < len(steps):
            for statement in steps[version]:
                connection.execute(statement)
            connection.execute(f"PRAGMA user_version = {version + 1:d}")
            version += 1
        connection.execute("COMMIT")
    except BaseException:
        if connection.in_transaction:
            connection.execute("ROLLBACK")
        raise
    return version


def _user_version(connection: sqlite3.Connection) -> int:
    version: int = connection.execute("PRAGMA user_version").fetchone()[0]
    return version
