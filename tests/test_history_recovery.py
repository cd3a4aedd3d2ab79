"""Opening the history: unusable files are kept and replaced; machine problems are reported."""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from deskbreak.core import Record
from deskbreak.history import HistoryError, default_history_path, open_history
from deskbreak.history._schema import SCHEMA_VERSION

ZONE = timezone(timedelta(hours=2))
NOTICE = re.compile(
    r"The history (?P<old>\S+) could not be used \((?P<reason>[^\n]+)\); "
    r"it was moved to (?P<new>\S+\.broken-\d{8}-\d{6}(-\d+)?) and a new one was started\."
)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A folder of its own for the history (tmp_path also holds the test's HOME)."""
    path = tmp_path / "data"
    path.mkdir()
    return path


def fill(path: Path, count: int) -> None:
    """A healthy history of ``count`` records a few pages long, closed (so the WAL is folded in)."""
    with open_history(path).store as store:
        for n in range(count):
            store.append(Record(kind="logged", at=datetime(2026, 6, 1, 9, tzinfo=ZONE) + timedelta(minutes=n),
                                desk_time=timedelta(minutes=50), routine=f"routine {n} " + "x" * 400))


def reopen_expecting_notice(path: Path) -> tuple[str, Path]:
    """Open ``path``; check the notice and that the new history works; return (reason, moved to)."""
    opened = open_history(path)
    assert opened.notice is not None
    match = NOTICE.fullmatch(opened.notice)
    assert match, opened.notice
    assert match["old"] == str(path)
    with opened.store as store:
        assert store.records() == []
        store.append(Record(kind="logged", at=datetime(2026, 6, 2, 9, tzinfo=ZONE), desk_time=timedelta(0)))
        assert len(store.records()) == 1
    return match["reason"], Path(match["new"])


def test_a_healthy_history_opens_as_it_is(folder: Path) -> None:
    path = folder / "history.sqlite3"
    fill(path, 3)
    opened = open_history(path)
    assert opened.notice is None
    assert len(opened.store.records()) == 3
    opened.store.close()
    assert sorted(item.name for item in folder.iterdir()) == ["history.sqlite3"]


def test_a_file_that_is_not_a_database_is_kept_and_replaced(folder: Path) -> None:
    path = folder / "history.sqlite3"
    garbage = b"these are my notes, not a database\n" * 200
    path.write_bytes(garbage)
    reason, moved_to = reopen_expecting_notice(path)
    assert reason == "SQLite says: file is not a database"
    assert moved_to.parent == folder
    assert moved_to.read_bytes() == garbage


def test_a_truncated_history_is_kept_and_replaced(folder: Path) -> None:
    path = folder / "history.sqlite3"
    fill(path, 120)
    cut_size = path.stat().st_size // 2 + 123
    os.truncate(path, cut_size)
    reason, moved_to = reopen_expecting_notice(path)
    assert reason == "SQLite says: database disk image is malformed"
    assert moved_to.stat().st_size == cut_size


def test_a_damaged_page_is_found_by_the_check_on_opening(folder: Path) -> None:
    path = folder / "history.sqlite3"
    fill(path, 120)
    with path.open("r+b") as damaged:
        damaged.seek(4096 * 10)
        damaged.write(b"\xff" * 64)  # a b-tree page header
    reason, _ = reopen_expecting_notice(path)
    assert reason in {"it failed SQLite's quick_check", "SQLite says: database disk image is malformed"}


def test_a_history_from_a_newer_deskbreak_is_kept_and_replaced(folder: Path) -> None:
    path = folder / "history.sqlite3"
    fill(path, 3)
    with sqlite3.connect(path) as newer:
        newer.execute("PRAGMA user_version = 99")
    reason, moved_to = reopen_expecting_notice(path)
    assert reason == f"it was written by a newer deskbreak (schema version 99; this one knows up to {SCHEMA_VERSION})"
    with sqlite3.connect(moved_to) as kept:
        assert kept.execute("SELECT count(*) FROM history").fetchone() == (3,)


def test_the_wal_and_shm_files_move_with_the_database(folder: Path) -> None:
    path = folder / "history.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").write_bytes(f"not sqlite {suffix}".encode() * 50)
    _, moved_to = reopen_expecting_notice(path)
    for suffix in ("", "-wal"):
        assert Path(f"{moved_to}{suffix}").read_bytes() == f"not sqlite {suffix}".encode() * 50
    assert Path(f"{moved_to}-shm").is_file()  # SQLite's scratch index of the WAL: it rewrites it on opening


def test_moving_aside_twice_keeps_both_old_files(folder: Path) -> None:
    path = folder / "history.sqlite3"
    path.write_bytes(b"first broken file" * 100)
    _, first = reopen_expecting_notice(path)
    path.write_bytes(b"second broken file" * 100)
    _, second = reopen_expecting_notice(path)
    assert first != second
    assert first.read_bytes() == b"first broken file" * 100
    assert second.read_bytes() == b"second broken file" * 100


def test_the_default_history_lives_in_the_users_data_folder(tmp_path: Path) -> None:
    expected = tmp_path / "home" / ".local" / "share" / "deskbreak" / "history.sqlite3"
    assert default_history_path() == expected
    opened = open_history()
    opened.store.close()
    assert opened.notice is None
    assert expected.is_file()


def test_a_file_in_the_way_of_the_folder_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "data").write_text("a file, not a folder")
    with pytest.raises(HistoryError) as raised:
        open_history(tmp_path / "data" / "history.sqlite3")
    assert str(raised.value) == (
        f"cannot create the history folder {tmp_path / 'data'}: {tmp_path / 'data'} is a file; move it aside"
    )


def test_a_file_in_the_way_further_up_is_named(tmp_path: Path) -> None:
    (tmp_path / "data").write_text("a file, not a folder")
    folder = tmp_path / "data" / "deskbreak"
    with pytest.raises(HistoryError) as raised:
        open_history(folder / "history.sqlite3")
    blocker = tmp_path / "data"
    assert str(raised.value) == f"cannot create the history folder {folder}: {blocker} is a file; move it aside"


def test_a_folder_at_the_history_path_is_reported_not_moved(folder: Path) -> None:
    path = folder / "history.sqlite3"
    path.mkdir()
    with pytest.raises(HistoryError) as raised:
        open_history(path)
    assert str(raised.value) == (
        f"cannot open the history {path}: unable to open database file (can this user write to {folder}?)"
    )
    assert sorted(item.name for item in folder.iterdir()) == ["history.sqlite3"]


@pytest.fixture
def read_only_folder() -> Iterator[Path]:
    """A folder nobody may write to, in a place an unprivileged user can reach.

    Not under pytest's tmp_path: that lives in a folder only its owner may enter.
    """
    base = Path(tempfile.mkdtemp(prefix="deskbreak-history-"))
    base.chmod(0o755)
    folder = base / "read-only"
    folder.mkdir(mode=0o555)
    folder.chmod(0o555)
    yield folder
    folder.chmod(0o755)
    shutil.rmtree(base)


def open_without_root(path: Path) -> str:
    """What ``open_history(path)`` says in a forked child that gives up root first.

    Root may write anywhere, so a test run as root (as in containers) would not
    see the error a user sees; the child becomes ``nobody`` when it is root.
    """
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: report and exit, never return into pytest
        outcome = "opened"
        try:
            if os.geteuid() == 0:
                import pwd

                nobody = pwd.getpwnam("nobody")
                os.setgroups([])
                os.setgid(nobody.pw_gid)
                os.setuid(nobody.pw_uid)
            open_history(path).store.close()
        except BaseException as error:
            outcome = f"{type(error).__name__}: {error}"
        finally:
            os.write(writer, outcome.encode())
            os._exit(0)
    os.close(writer)
    with os.fdopen(reader, "rb") as pipe:
        message = pipe.read().decode()
    os.waitpid(pid, 0)
    return message


@pytest.mark.posix
def test_an_unwritable_folder_is_a_clear_one_line_error(read_only_folder: Path) -> None:
    message = open_without_root(read_only_folder / "history.sqlite3")
    assert message == f"HistoryError: the history folder {read_only_folder} is not writable; let this user write to it"


@pytest.mark.posix
def test_a_folder_that_cannot_be_created_is_a_clear_one_line_error(read_only_folder: Path) -> None:
    message = open_without_root(read_only_folder / "deskbreak" / "history.sqlite3")
    assert message == (
        f"HistoryError: cannot create the history folder {read_only_folder / 'deskbreak'}: Permission denied; "
        "create it, writable by this user"
    )
