"""``deskbreak program``: the week, the dose, and what is done and due today."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from daemon_process import deskbreak, write_config

from deskbreak.commands.program import describe_program
from deskbreak.core import Program, Record
from deskbreak.history import MemoryHistory, StoredRecord


def completed(store: MemoryHistory, day: date, hour: int, routine: str) -> None:
    at = datetime(day.year, day.month, day.day, hour, 0, tzinfo=UTC)
    store.append(Record(kind="break_completed", at=at, desk_time=timedelta(0), routine=routine, seconds=300))


def week_records(store: MemoryHistory, monday: date, today: date) -> list[StoredRecord]:
    return store.records(monday, today)


def test_week_three_with_some_sessions_done() -> None:
    program = Program(started=date(2026, 3, 2))
    today = date(2026, 3, 18)  # Wednesday of week 3
    store = MemoryHistory()
    completed(store, date(2026, 3, 16), 9, "morning")
    completed(store, date(2026, 3, 16), 19, "evening")
    completed(store, date(2026, 3, 18), 8, "morning")
    text = describe_program(program, today, week_records(store, date(2026, 3, 16), today))
    assert text.splitlines() == [
        "Progressive program, week 3 (started Mon 02 Mar 2026).",
        "This week: the morning routine every day and 2 evening sessions (Mon, Wed).",
        "So far this week: 2 of 3 mornings, 1 of 2 evening sessions.",
        "Today: morning routine done at 08:00; evening session due at 19:00.",
    ]


def test_before_the_start_and_in_week_one() -> None:
    program = Program(started=date(2026, 3, 2), evening_days=(4, 0, 2))
    assert describe_program(program, date(2026, 3, 1), []) == "The progressive program starts on Mon 02 Mar 2026."
    text = describe_program(program, date(2026, 3, 3), [])
    assert "and 1 evening session (Fri)." in text
    assert text.endswith("Today: morning routine due 1 h after you start the day.")


def test_the_command_when_the_program_is_off_and_on() -> None:
    result = deskbreak("program")
    assert result.returncode == 0
    assert result.stdout.startswith("The progressive program is off.")
    write_config(f"[program]\nenabled = true\nstart = {date.today() - timedelta(days=15):%Y-%m-%d}\n")
    result = deskbreak("program")
    assert result.stdout.startswith("Progressive program, week 3 (started ")
