"""Commands other than the daemon never move the history aside: they say what is wrong and leave it be.

A running daemon keeps the file open and writes to it; a command that renamed
it would leave the daemon writing to the renamed file. So ``stats``,
``report``, ``program`` and ``checkin`` report an unusable history in one
line naming the file and what to do, exit non-zero, and change nothing.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from contextlib import closing
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from daemon_process import deskbreak, write_config

from deskbreak.core import Record
from deskbreak.history import default_history_path, open_history

READERS = {
    "stats": ["stats"],
    "report": ["report", "--json"],
    "program": ["program"],
    "checkin": ["checkin", "3", "--where", "neck"],
}


def healthy(path: Path, count: int = 3) -> None:
    """A history of ``count`` records a few hundred bytes each, closed cleanly."""
    with open_history(path).store as store:
        for n in range(count):
            store.append(Record(kind="logged", at=datetime(2026, 6, 1, 9, tzinfo=UTC) + timedelta(minutes=n),
                                desk_time=timedelta(minutes=50), routine=f"desk {n} " + "x" * 400))  # fmt: skip


def from_a_newer_deskbreak(path: Path) -> None:
    healthy(path)
    with closing(sqlite3.connect(path)) as newer:  # closed, as a newer deskbreak that quit leaves it
        newer.execute("PRAGMA user_version = 99")


def not_a_database(path: Path) -> None:
    path.write_bytes(b"these are my notes, not a database\n" * 200)


def with_a_damaged_page(path: Path) -> None:
    """A b-tree page header overwritten: the file still opens, and quick_check finds it."""
    healthy(path, 120)
    with path.open("r+b") as damaged:
        damaged.seek(4096 * 10)
        damaged.write(b"\xff" * 64)


SPOILERS: dict[str, Callable[[Path], None]] = {
    "newer schema": from_a_newer_deskbreak,
    "not a database": not_a_database,
}


@pytest.fixture
def history() -> Path:
    path = default_history_path()
    path.parent.mkdir(parents=True)
    write_config(f"[program]\nenabled = true\nstart = {date.today() - timedelta(days=15):%Y-%m-%d}\n")
    return path


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file in the history's folder and its bytes."""
    return {item.name: item.read_bytes() for item in folder.iterdir()}


def assert_refused_and_left_alone(history: Path, args: list[str], reason: str) -> None:
    before = snapshot(history.parent)
    result = deskbreak(*args)
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert f"the history {history} cannot be used ({reason}" in lines[0]
    assert "`deskbreak run` keeps it under another name and starts a new one" in lines[0]
    assert "Traceback" not in result.stderr
    assert snapshot(history.parent) == before


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize("spoil", SPOILERS)
def test_a_reader_reports_an_unusable_history_and_leaves_it_in_place(history: Path, reader: str, spoil: str) -> None:
    SPOILERS[spoil](history)
    reason = {"newer schema": "it was written by a newer deskbreak", "not a database": "SQLite says: file is not"}
    assert_refused_and_left_alone(history, READERS[reader], reason[spoil])


@pytest.mark.parametrize("reader", ["report", "program", "checkin"])
def test_a_reader_that_checks_the_file_reports_a_damaged_page(history: Path, reader: str) -> None:
    with_a_damaged_page(history)
    assert_refused_and_left_alone(history, READERS[reader], "")


@pytest.mark.parametrize("spoil", SPOILERS)
def test_the_daemons_opener_still_moves_an_unusable_history_aside(history: Path, spoil: str) -> None:
    SPOILERS[spoil](history)
    kept = history.read_bytes()
    opened = open_history()
    assert opened.notice is not None
    assert "a new one was started" in opened.notice
    with opened.store as store:
        assert store.records() == []
    moved = [item for item in history.parent.iterdir() if item.name.startswith(f"{history.name}.broken-")]
    assert [item.read_bytes() for item in moved if not item.name.endswith(("-wal", "-shm"))] == [kept]
