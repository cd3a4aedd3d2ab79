"""Opening the history file, and starting afresh when the old one is unusable.

An unusable history must neither stop the reminders nor be thrown away: the
daemon renames a damaged file, or one from a newer deskbreak, with its
-wal/-shm/-journal companions (so SQLite can still open it there), creates a
new empty one and says in one line where the old one went. It renames while
SQLite still has the file open, since closing it first would delete the -wal;
Windows refuses to rename an open file, so there it closes first (SQLite
folds valid WAL frames into the file then, so nothing readable is lost).

Every open runs ``PRAGMA quick_check``, not ``integrity_check``: about 90 ms
against 270 ms on ten years of history (250,000 rows, 19 MB), and it still
catches damaged pages and truncation; only index contents go unchecked.

Problems of the machine rather than the file (a folder that is not writable,
a lock held past the busy timeout) raise ``HistoryError`` and leave the file
alone. Only the daemon moves a file aside: the other commands (stats, report,
program, checkin) get a ``HistoryError`` naming the file and what to do, since
a daemon may be writing to it and would go on writing to the renamed file
while the next command found an empty history. They write nothing before
judging the file (SQLite may still fold in a killed process's WAL on closing,
as any reader would).
"""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime
from pathlib import Path
from typing import NamedTuple

import platformdirs

from deskbreak.history._schema import NewerSchemaError, migrate, refuse_newer
from deskbreak.history._sqlite import HistoryError, configure, connect, primary_code
from deskbreak.history._store import HistoryStore

__all__ = ["OpenedHistory", "default_history_path", "open_history"]

_COMPANION_SUFFIXES = ("-wal", "-shm", "-journal")
_DAMAGED_CODES = frozenset({sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB})
_PERMISSION_CODES = frozenset({sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_READONLY, sqlite3.SQLITE_PERM})


class OpenedHistory(NamedTuple):
    """The store, and a one-line notice for the user if the old file was moved aside.

    (A NamedTuple: every history reader opens one, and ``dataclasses`` costs more than the query.)
    """

    store: HistoryStore
    notice: str | None


class _Unusable(Exception):
    """The file is not a history this deskbreak can use.

    ``connection`` is still open: the file is moved aside before it is
    closed, because closing the last connection to a file SQLite takes for
    WAL deletes the -wal and -shm files, and they are part of what is kept.
    """

    def __init__(self, reason: str, connection: sqlite3.Connection) -> None:
        super().__init__(reason)
        self.reason = reason
        self.connection = connection


def default_history_path() -> Path:
    """Where the history lives unless told otherwise (the user's data folder)."""
    return platformdirs.user_data_path("deskbreak", appauthor=False) / "history.sqlite3"


def open_history(path: Path | None = None, *, check: bool = True, move_aside: bool = True) -> OpenedHistory:
    """Open (creating if needed) the history at ``path``, or the default path.

    ``check`` runs SQLite's quick_check first: the daemon, which writes for
    hours, does; ``deskbreak stats`` skips it, since it costs as much as its
    whole query, and a file that is not a database still fails the schema read.

    ``move_aside`` is for the daemon alone (see the module's header): every
    other caller passes False, and an unusable file raises ``HistoryError``
    instead of being replaced.

    Raises ``HistoryError`` when the folder cannot be created or written, or
    when SQLite fails for a reason other than the file itself.
    """
    location = default_history_path() if path is None else path
    _ensure_writable_folder(location.parent)
    try:
        return OpenedHistory(store=HistoryStore(_open_prepared(location, check), str(location)), notice=None)
    except _Unusable as problem:
        reason = problem.reason
        if not move_aside:
            problem.connection.close()
            raise HistoryError(
                f"the history {location} cannot be used ({reason}); `deskbreak run` keeps it under another name "
                "and starts a new one (restart the daemon if it is running)"
            ) from None
        try:
            moved_to = _move_aside(location)
        except HistoryError:  # Windows renames no open file: close first, at the cost of the -wal
            problem.connection.close()
            moved_to = _move_aside(location)
        finally:
            problem.connection.close()
    try:
        fresh = _open_prepared(location, check)
    except _Unusable as problem:
        problem.connection.close()
        raise HistoryError(f"cannot create a new history at {location}: {problem.reason}") from None
    notice = (
        f"The history {location} could not be used ({reason}); "
        f"it was moved to {moved_to} and a new one was started."
    )
    return OpenedHistory(store=HistoryStore(fresh, str(location)), notice=notice)


def _ensure_writable_folder(folder: Path) -> None:
    """Make sure the folder is there and writable; the error says what to change, not only what failed."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError) as error:
        in_the_way = (part for part in (*reversed(folder.parents), folder) if part.exists() and not part.is_dir())
        blocker = next(in_the_way, folder)
        raise HistoryError(f"cannot create the history folder {folder}: {blocker} is a file; move it aside") from error
    except OSError as error:
        message = f"cannot create the history folder {folder}: {error.strerror}; create it, writable by this user"
        raise HistoryError(message) from error
    if not os.access(folder, os.W_OK | os.X_OK):
        raise HistoryError(f"the history folder {folder} is not writable; let this user write to it")


def _open_prepared(location: Path, check: bool) -> sqlite3.Connection:
    """Connect, quick-check, configure and migrate.

    Raises ``_Unusable`` when the file is the problem, and ``HistoryError``
    (with the connection closed) when the machine is.
    """
    try:
        connection = connect(str(location))
    except sqlite3.Error as error:
        raise _machine_error(error, location) from error
    try:
        reason = _unusable_reason(connection, check)
    except sqlite3.Error as error:
        connection.close()
        raise _machine_error(error, location) from error
    except BaseException:
        connection.close()
        raise
    if reason is not None:
        raise _Unusable(reason, connection)
    return connection


def _unusable_reason(connection: sqlite3.Connection, check: bool) -> str | None:
    """Why the file cannot be used, or None once it is checked, configured and migrated.

    The checks come before ``configure``, whose switch to WAL writes to the
    file, so a file that is refused has not been written to.
    """
    try:
        if check and [row[0] for row in connection.execute("PRAGMA quick_check")] != ["ok"]:
            return "it failed SQLite's quick_check"
        refuse_newer(connection)
        configure(connection)
        migrate(connection)
    except NewerSchemaError as error:
        return str(error)
    except sqlite3.Error as error:
        if primary_code(error) in _DAMAGED_CODES:
            return f"SQLite says: {error}"
        raise
    return None


def _machine_error(error: sqlite3.Error, location: Path) -> HistoryError:
    hint = f" (can this user write to {location.parent}?)" if primary_code(error) in _PERMISSION_CODES else ""
    return HistoryError(f"cannot open the history {location}: {error}{hint}")


def _move_aside(location: Path) -> Path:
    """Rename the file and its companions to ``<name>.broken-YYYYmmdd-HHMMSS``; never overwrite."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = location.with_name(f"{location.name}.broken-{stamp}")
    attempt = 2
    while any(_companion(target, suffix).exists() for suffix in ("", *_COMPANION_SUFFIXES)):
        target = location.with_name(f"{location.name}.broken-{stamp}-{attempt}")
        attempt += 1
    for suffix in ("", *_COMPANION_SUFFIXES):
        try:
            _companion(location, suffix).rename(_companion(target, suffix))
        except FileNotFoundError:
            continue  # no such companion, or another process moved it first
        except OSError as error:
            message = f"cannot move the unusable history {location} aside: {error.strerror}"
            raise HistoryError(message) from error
    return target


def _companion(database: Path, suffix: str) -> Path:
    """SQLite's name for ``database``'s -wal/-shm/-journal file ("" for the file itself)."""
    return database.with_name(database.name + suffix)
