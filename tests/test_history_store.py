"""The history store: what goes in comes back out, counted and exported right."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from helpers import active, do, idle, settings

from deskbreak.core import Record, RecordKind
from deskbreak.history import (
    HistoryStore,
    MemoryHistory,
    StoredRecord,
    Tally,
    format_tally,
    open_history,
)
from deskbreak.history._schema import MIGRATIONS, migrate
from deskbreak.library import builtin_routines
from deskbreak.simulate import parse_trace, simulate

BERLIN_SUMMER = timezone(timedelta(hours=2))
NEW_YORK = timezone(timedelta(hours=-5))
DAY = date(2026, 6, 1)


def at(hour: int, minute: int = 0, day: date = DAY, zone: timezone = BERLIN_SUMMER) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=zone)


def record(kind: RecordKind, when: datetime, desk_minutes: float, **fields: Any) -> Record:
    return Record(kind=kind, at=when, desk_time=timedelta(minutes=desk_minutes), **fields)


def as_record(stored: StoredRecord) -> Record:
    """What the engine handed over, rebuilt in the user's own offset."""
    zone = timezone(stored.utc_offset)
    return Record(
        kind=stored.kind,
        at=stored.at.astimezone(zone),
        desk_time=stored.desk_time,
        routine=stored.routine,
        seconds=stored.seconds,
        snoozes_left=stored.snoozes_left,
        until=None if stored.until is None else stored.until.astimezone(zone),
    )


@pytest.fixture(params=["memory", "file"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[HistoryStore]:
    """The fake and the real file store must behave the same."""
    history = MemoryHistory() if request.param == "memory" else open_history(tmp_path / "h.sqlite3").store
    with history:
        yield history


EVERY_KIND = [
    record("reminder", at(9), 60, routine="neck", snoozes_left=2),
    record("snoozed", at(9), 60, seconds=600.0, snoozes_left=1),
    record("skipped", at(9, 10), 70),
    record("break_started", at(10, 10), 60, routine="neck"),
    record("break_completed", at(10, 15), 60, routine="neck", seconds=300.25),
    record("break_stopped", at(11, 20), 55.5, routine="wrists", seconds=42.000001),
    record("logged", at(12), 30),
    record("natural_break", at(13), 20),
    record("paused", at(14), 10, until=at(15, 30)),
    record("paused", at(16), 0),
    record("resumed", at(17), 0),
    record("config_reloaded", at(23, 59), 1 / 60_000_000),
]


def test_every_record_kind_comes_back_exactly(store: HistoryStore) -> None:
    for item in EVERY_KIND:
        store.append(item)
    stored = store.records()
    assert [as_record(item) for item in stored] == EVERY_KIND
    assert [item.id for item in stored] == sorted({item.id for item in stored})
    assert all(item.at.tzinfo is UTC and item.utc_offset == timedelta(hours=2) for item in stored)
    assert stored[8].until == datetime(2026, 6, 1, 13, 30, tzinfo=UTC)


def test_records_from_a_real_engine_day_come_back_exactly(store: HistoryStore) -> None:
    trace = [{"at": "2026-06-01T08:30:00+02:00"}, active(3600), do("snooze"), active(600), do("start"),
             idle(400), active(3000), do("skip"), active(1800), idle(1200), active(600)]
    start, steps = parse_trace(json.dumps(step) for step in trace)
    produced = list(simulate(start, steps, settings(interval="50m"), builtin_routines()))
    for item in produced:
        store.append(item)
    assert {item.kind for item in produced} >= {"reminder", "snoozed", "break_started", "skipped"}
    assert [as_record(item) for item in store.records()] == produced


@pytest.mark.parametrize(
    ("when", "local_day", "utc_day"),
    [
        (at(23, 30), DAY, DAY),  # 21:30 UTC, same day
        (at(0, 30), DAY, DAY - timedelta(days=1)),  # 22:30 UTC the evening before
        (at(21, 0, zone=NEW_YORK), DAY, DAY + timedelta(days=1)),  # 02:00 UTC the next day
    ],
)
def test_a_record_belongs_to_the_users_own_day(
    store: HistoryStore, when: datetime, local_day: date, utc_day: date
) -> None:
    store.append(record("logged", when, 30))
    (stored,) = store.records()
    assert (stored.local_date, stored.at.date()) == (local_day, utc_day)
    assert store.records(local_day, local_day) == [stored]
    assert store.records(utc_day + timedelta(days=5)) == []
    assert store.tally(local_day, local_day).breaks_taken == 1


def test_records_picks_local_days_inclusively(store: HistoryStore) -> None:
    days = [DAY + timedelta(days=n) for n in range(5)]
    for day in days:
        store.append(record("logged", at(12, day=day), 30))

    def local_days(start: date | None = None, end: date | None = None) -> list[date]:
        return [item.local_date for item in store.records(start, end)]

    assert local_days() == days
    assert local_days(days[1], days[3]) == days[1:4]
    assert local_days(start=days[3]) == days[3:]
    assert local_days(end=days[1]) == days[:2]
    assert local_days(days[3], days[1]) == []


def test_a_naive_time_is_refused_with_a_clear_message(store: HistoryStore) -> None:
    with pytest.raises(ValueError, match="history needs timezone-aware times; at is naive: 2026-06-01 09:00"):
        store.append(record("logged", datetime(2026, 6, 1, 9), 30))
    with pytest.raises(ValueError, match="until is naive"):
        store.append(record("paused", at(9), 30, until=datetime(2026, 6, 1, 10)))
    assert store.records() == []


# A working day in Berlin: the numbers each test below expects are worked out
# in the comments.
WORKING_DAY = [
    record("reminder", at(9), 60, routine="neck", snoozes_left=2),
    record("snoozed", at(9), 60, seconds=300.0, snoozes_left=1),
    record("reminder", at(9, 5), 65, routine="neck", snoozes_left=1),
    record("skipped", at(9, 6), 66),  # not a break: the stretch goes on, 66 min so far
    record("reminder", at(10, 6), 60, routine="neck", snoozes_left=2),
    record("break_started", at(10, 7), 61, routine="neck"),  # stretch ends at 66 + 61 = 127 min
    record("break_completed", at(10, 12), 61, routine="neck", seconds=300.0),
    record("natural_break", at(11), 40),
    record("reminder", at(12), 60, routine="neck", snoozes_left=2),
    record("break_started", at(12, 1), 61, routine="wrists"),
    record("break_stopped", at(12, 3), 61, routine="wrists", seconds=120.0),
    record("logged", at(13), 50),
    record("paused", at(14), 10, until=at(15)),
    record("resumed", at(15), 10),
    record("config_reloaded", at(16), 20),
]


def test_tally_of_a_working_day(store: HistoryStore) -> None:
    for item in WORKING_DAY:
        store.append(item)
    assert store.tally(DAY, DAY) == Tally(
        breaks_taken=2,  # one completed, one logged
        partial=1,  # the stopped one
        minutes_stretched=7.0,  # 300 s completed + 120 s stopped
        reminders=4,
        skipped=1,
        snoozed=1,
        natural_breaks=1,
        longest_desk_stretch=timedelta(minutes=127),
    )
    assert store.tally(DAY + timedelta(days=1), DAY + timedelta(days=7)) == Tally()


def test_a_late_skip_does_not_join_the_next_mornings_stretch(store: HistoryStore) -> None:
    tomorrow = DAY + timedelta(days=1)
    store.append(record("skipped", at(23), 50))
    store.append(record("reminder", at(9, day=tomorrow), 60))
    store.append(record("skipped", at(9, 1, day=tomorrow), 61))
    store.append(record("snoozed", at(9, 40, day=tomorrow), 40))
    assert store.tally(DAY, tomorrow).longest_desk_stretch == timedelta(minutes=101)
    assert store.tally(DAY, DAY).longest_desk_stretch == timedelta(minutes=50)


def test_format_tally_reads_like_a_sentence() -> None:
    today = Tally(breaks_taken=4, partial=1, minutes_stretched=12.4, reminders=6, skipped=1, snoozed=2,
                  longest_desk_stretch=timedelta(hours=1, minutes=5, seconds=10))
    week = Tally(breaks_taken=1, minutes_stretched=5.0, natural_breaks=1, waited=2,
                 longest_desk_stretch=timedelta(minutes=45))
    assert format_tally(today, week) == (
        "Today: 4 breaks (12 min stretched), 1 cut short, 6 reminders, 1 skipped, 2 snoozed; "
        "longest desk stretch 1h 05m\n"
        "This week: 1 break (5 min stretched), 1 natural break, 2 waited while you were busy; "
        "longest desk stretch 45m"
    )
    assert format_tally(Tally(), Tally(skipped=3)) == (
        "Today: nothing recorded yet\nThis week: 0 breaks (0 min stretched), 3 skipped"
    )


def test_export_json_lines_parse_back_to_the_history(store: HistoryStore) -> None:
    for item in EVERY_KIND:
        store.append(item)
    out = io.StringIO()
    store.export_json(out)
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert len(rows) == len(EVERY_KIND)
    assert rows[0] == {"id": 1, "kind": "reminder", "at": "2026-06-01T09:00:00+02:00",
                       "local_date": "2026-06-01", "desk_time": 3600.0, "routine": "neck",
                       "seconds": None, "snoozes_left": 2, "until": None, "reason": None}
    assert [datetime.fromisoformat(row["at"]) for row in rows] == [item.at for item in EVERY_KIND]
    assert rows[8]["until"] == "2026-06-01T15:30:00+02:00"
    assert rows[5]["seconds"] == 42.000001


def test_export_csv_has_a_header_and_parses_back(store: HistoryStore) -> None:
    for item in EVERY_KIND:
        store.append(item)
    out = io.StringIO()
    store.export_csv(out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert out.getvalue().splitlines()[0] == (
        "id,kind,at,local_date,desk_time,routine,seconds,snoozes_left,until,reason"
    )
    assert [row["kind"] for row in rows] == [item.kind for item in EVERY_KIND]
    assert rows[4] == {"id": "5", "kind": "break_completed", "at": "2026-06-01T10:15:00+02:00",
                       "local_date": "2026-06-01", "desk_time": "3600.0", "routine": "neck",
                       "seconds": "300.25", "snoozes_left": "", "until": "", "reason": ""}
    assert [datetime.fromisoformat(row["at"]) for row in rows] == [item.at for item in EVERY_KIND]


def test_an_empty_history_exports_just_a_header(store: HistoryStore) -> None:
    json_out, csv_out = io.StringIO(), io.StringIO()
    store.export_json(json_out)
    store.export_csv(csv_out)
    assert json_out.getvalue() == ""
    assert csv_out.getvalue() == "id,kind,at,local_date,desk_time,routine,seconds,snoozes_left,until,reason\n"


def test_an_empty_file_is_migrated_to_the_current_schema(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    path.write_bytes(b"")
    opened = open_history(path)
    assert opened.notice is None
    opened.store.append(record("logged", at(9), 30))
    opened.store.close()
    with sqlite3.connect(path) as check:
        assert check.execute("PRAGMA user_version").fetchone() == (len(MIGRATIONS),)
        assert check.execute("SELECT kind, local_date FROM history").fetchall() == [("logged", "2026-06-01")]


def test_a_failing_migration_step_leaves_the_previous_version_whole(tmp_path: Path) -> None:
    connection = sqlite3.connect(tmp_path / "h.sqlite3", isolation_level=None)
    broken_step = ("CREATE TABLE extra (x)", "THIS IS NOT SQL")
    with pytest.raises(sqlite3.OperationalError):
        migrate(connection, (*MIGRATIONS, broken_step))
    assert connection.execute("PRAGMA user_version").fetchone() == (len(MIGRATIONS),)
    tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert "history" in tables
    assert "extra" not in tables
    migrate(connection, (*MIGRATIONS, ("CREATE TABLE extra (x)",)))
    assert connection.execute("PRAGMA user_version").fetchone() == (len(MIGRATIONS) + 1,)
    connection.close()


def test_file_store_is_wal_fully_synced_and_commits_each_append(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    with open_history(path).store as store:
        assert store.sqlite_settings() == {
            "journal_mode": "wal", "synchronous": "full", "busy_timeout": "10000 ms",
        }
        store.append(record("logged", at(9), 30))
        assert Path(f"{path}-wal").exists()
        with sqlite3.connect(path) as other:
            assert other.execute("PRAGMA journal_mode").fetchone() == ("wal",)
            assert other.execute("SELECT count(*) FROM history").fetchone() == (1,)
