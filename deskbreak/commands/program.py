"""``deskbreak program``: which week of the progressive program this is, and what is due."""

from __future__ import annotations

import argparse
import sys
from datetime import date, timedelta

from deskbreak.config.settings_file import ConfigError, load_settings
from deskbreak.config.user_file import user_config_path
from deskbreak.core import Program, evening_sessions_in_week
from deskbreak.history import HistoryError, StoredRecord, open_history
from deskbreak.status_text import clock_time

__all__ = ["describe_program", "run"]

_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def run(args: argparse.Namespace) -> int:
    """Print the program's state from the config file and the history."""
    path = user_config_path()
    try:
        program = load_settings(path).program if path.exists() else None
    except ConfigError as error:
        print(error, file=sys.stderr)
        return 1
    if program is None:
        print(f"The progressive program is off. To follow it, set enabled = true and start = <the first day>\n"
              f"under [program] in {path}.")
        return 0
    today = date.today()
    try:
        with open_history(move_aside=False).store as store:
            done = store.records(today - timedelta(days=today.weekday()), today)
    except HistoryError as error:
        print(f"deskbreak program: {error}", file=sys.stderr)
        return 1
    print(describe_program(program, today, done))
    return 0


def describe_program(program: Program, today: date, this_week: list[StoredRecord]) -> str:
    """Where the user is in ``program`` on ``today``, given this week's records so far."""
    week = program.week(today)
    if week == 0:
        return f"The progressive program starts on {program.started:%a %d %b %Y}."
    sessions = evening_sessions_in_week(week)
    days = ", ".join(_WEEKDAYS[day] for day in program.evening_days[:sessions])
    completed = [r for r in this_week if r.kind == "break_completed"]
    mornings = {r.local_date for r in completed if r.routine == program.morning_routine}
    evenings = sum(1 for r in completed if r.routine == program.evening_routine)
    monday = today - timedelta(days=today.weekday())
    days_so_far = min(7, (today - max(monday, program.started)).days + 1)
    lines = [
        f"Progressive program, week {week} (started {program.started:%a %d %b %Y}).",
        f"This week: the morning routine every day and {sessions} evening "
        f"session{'s' if sessions > 1 else ''} ({days}).",
        f"So far this week: {len(mornings)} of {days_so_far} mornings, {evenings} of {sessions} evening sessions.",
        f"Today: {_today(program, today, completed)}.",
    ]
    return "\n".join(lines)


def _today(program: Program, today: date, completed: list[StoredRecord]) -> str:
    parts = []
    for routine in program.sessions_due(today):
        finished = [r for r in completed if r.routine == routine and r.local_date == today]
        if finished:
            at = finished[0].at + finished[0].utc_offset
            parts.append(f"{routine} routine done at {clock_time(at, at)}")
        elif routine == program.morning_routine:
            parts.append(f"{routine} routine due {_hours(program.morning_after)} after you start the day")
        else:
            parts.append(f"{routine} session due at {_hours(program.evening_at, clock=True)}")
    return "; ".join(parts)


def _hours(length: timedelta, clock: bool = False) -> str:
    minutes = round(length.total_seconds() / 60)
    if clock:
        return f"{minutes // 60:02d}:{minutes % 60:02d}"
    return f"{minutes // 60} h {minutes % 60:02d} min" if minutes % 60 else f"{minutes // 60} h"
