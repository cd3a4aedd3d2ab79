"""The progressive program: morning routine daily, evening sessions growing 1, 2, then 3 a week."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from helpers import HOUR, MIN, active, do, idle, replay_config, sleep

from deskbreak.config.settings_file import ConfigError, parse_settings
from deskbreak.core import (
    BreakNextRequested,
    BreakStartRequested,
    BreakStep,
    BreakStopRequested,
    Engine,
    IdleSampled,
    Program,
    evening_sessions_in_week,
)
from deskbreak.library import routines_for

PROGRAM = """[schedule]
interval = "8h"
{schedule}
[program]
enabled = true
start = 2026-03-02
{program}
"""
MONDAY = "2026-03-02T07:30:00"
DAY = 24 * HOUR


def config(schedule: str = "", program: str = "") -> str:
    return PROGRAM.format(schedule=schedule, program=program)


def workday(morning: list[dict[str, Any]] | None = None) -> list[dict[str, Any]]:
    """07:30 to 19:30 at the desk, with an afternoon away; then the night."""
    first_hours = morning if morning is not None else [active(HOUR), do("start"), idle(5 * MIN)]
    return [*first_hours, active(7 * HOUR), idle(3 * HOUR + 25 * MIN), active(30 * MIN), sleep(12 * HOUR)]


def reminders(events: list[dict[str, Any]], routine: str) -> list[float]:
    return [e["t"] for e in events if e["event"] == "reminder" and e.get("routine") == routine]


def test_sessions_per_week_follow_the_guide() -> None:
    assert [evening_sessions_in_week(week) for week in range(1, 8)] == [1, 1, 2, 2, 3, 3, 3]
    program = Program(started=date(2026, 3, 2), evening_days=(0, 2, 4))
    assert program.week(date(2026, 3, 1)) == 0
    assert program.week(date(2026, 3, 8)) == 1
    assert program.week(date(2026, 3, 9)) == 2
    assert program.sessions_due(date(2026, 3, 4)) == ("morning",)  # Wednesday, week 1
    assert program.sessions_due(date(2026, 3, 18)) == ("morning", "evening")  # Wednesday, week 3


def test_five_weeks_of_morning_and_evening_reminders() -> None:
    events = replay_config(config(), *[step for _ in range(35) for step in workday()], at=MONDAY)
    mornings = reminders(events, "morning")
    assert mornings == [day * DAY + HOUR for day in range(35)]  # 08:30: an hour after the first activity
    evenings = [t for t in reminders(events, "evening") if t % DAY == 11 * HOUR + 30 * MIN]  # 19:00, not repeats
    per_week = [sum(1 for t in evenings if week * 7 * DAY <= t < (week + 1) * 7 * DAY) for week in range(5)]
    assert per_week == [1, 1, 2, 2, 3]
    started = [e["routine"] for e in events if e["event"] == "break_started"]
    assert set(started) == {"morning"}  # Start on a morning reminder runs the morning routine


def test_the_morning_routine_never_comes_in_the_first_hour_after_waking() -> None:
    with pytest.raises(ConfigError, match=r"morning_after = \"30m\": must be from 1h to 6h"):
        parse_settings(config(program='morning_after = "30m"'), "my.toml")


def test_a_later_morning_is_configurable() -> None:
    events = replay_config(config(program='morning_after = "2h"'), active(2 * HOUR + 5 * MIN), at=MONDAY)
    assert reminders(events, "morning") == [2 * HOUR]


def test_active_hours_hold_program_reminders_back() -> None:
    steps = [active(HOUR + 35 * MIN), do("start"), idle(5 * MIN), active(5 * HOUR), idle(3 * HOUR), active(HOUR)]
    events = replay_config(config(schedule='active_hours = "09:00-18:00"'), *steps, at=MONDAY)
    assert reminders(events, "morning")[0] == HOUR + 30 * MIN  # due 08:30, offered when the day opens at 09:00
    assert reminders(events, "evening") == []  # 19:00 is outside active hours


def test_pause_holds_the_morning_reminder_until_it_ends() -> None:
    steps = [active(20 * MIN), do("pause", spec="1h30m"), active(95 * MIN)]
    events = replay_config(config(), *steps, at=MONDAY)
    assert reminders(events, "morning") == [20 * MIN + 90 * MIN]


def test_a_snoozed_morning_reminder_comes_back_as_the_morning_routine() -> None:
    steps = [active(HOUR), do("snooze"), active(15 * MIN), do("log")]
    events = replay_config(config(), *steps, at=MONDAY)
    assert reminders(events, "morning") == [HOUR, HOUR + 10 * MIN]


def test_a_skipped_session_is_not_offered_again_that_day() -> None:
    steps = [active(HOUR), do("skip"), active(6 * HOUR)]
    events = replay_config(config(), *steps, at=MONDAY)
    assert reminders(events, "morning") == [HOUR]
    assert [e["event"] for e in events] == ["reminder", "skipped"]


def test_a_session_due_while_away_waits_for_the_return() -> None:
    steps = [active(50 * MIN), idle(20 * MIN), active(5 * MIN)]
    events = replay_config(config(), *steps, at=MONDAY)
    assert reminders(events, "morning") == [70 * MIN]  # due at 08:30 while away: offered on return at 08:40


@pytest.mark.parametrize(
    ("program", "message"),
    [
        ("", ""),
        ('start = "2026-03-02"', "[program] start = \"2026-03-02\": expected the day the program began"),
        ('evening_days = ["Mon", "Funday"]', "'Funday' is not a weekday"),
        ('evening_days = ["Mon", "Mon"]', "each weekday may appear once"),
        ('evening_at = "7pm"', "[program] evening_at = \"7pm\": 7pm is not a time of day"),
        ("enabled = 1", "[program] enabled = 1: expected true or false"),
        ("colour = 3", "[program] colour: unknown key"),
    ],
)
def test_bad_program_settings(program: str, message: str) -> None:
    text = config(program=program)
    if "start =" in program or "enabled" in program:
        text = text.replace("start = 2026-03-02\n", "").replace("enabled = true\n", "")
        text = text if "enabled" in program else text.replace("[program]\n", "[program]\nenabled = true\n")
    if not message:
        assert parse_settings(text, "my.toml").program is not None
        return
    with pytest.raises(ConfigError, match=message.replace("[", r"\[").replace("]", r"\]")):
        parse_settings(text, "my.toml")


FOCUS = """[focus]
area = "{area}"
"""


@pytest.mark.parametrize(
    ("area", "last_stretches"),
    [
        ("upper back", ["wall-dog", "bear-hug", "eagle-arms", "rag-doll", "doorway-pectoral-stretch", "wall-dog"]),
        ("lower back", ["wall-dog", "rag-doll", "wall-dog", "rag-doll", "wall-dog", "rag-doll"]),
    ],
)
def test_focus_makes_desk_breaks_take_turns_with_stretches_for_that_area(
    area: str, last_stretches: list[str]
) -> None:
    loaded = parse_settings(FOCUS.format(area=area), "my.toml")
    engine = Engine(loaded, routines_for(loaded))
    now = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    engine.handle(IdleSampled(now=now, idle_for=timedelta(0)))
    last_of_each_break = []
    for turn in range(6):
        at = now + timedelta(minutes=10 * turn)
        effects = engine.handle(BreakStartRequested(now=at))
        assert [e.routine for e in effects if isinstance(e, BreakStep)] == ["desk"]
        engine.handle(BreakNextRequested(now=at))
        engine.handle(BreakNextRequested(now=at))
        effects = engine.handle(BreakNextRequested(now=at))
        last_of_each_break.append(next(e.step.stretch for e in effects if isinstance(e, BreakStep)))
        engine.handle(BreakStopRequested(now=at))
    assert last_of_each_break == last_stretches


def test_focus_keeps_the_first_stretches_and_names_the_area() -> None:
    loaded = parse_settings(FOCUS.format(area="neck"), "my.toml")
    plain, neck = loaded.rotation
    assert [s.stretch for s in neck.steps] == ["chair-twist", "chair-twist", "standing-forward-fold", "bear-hug"]
    assert neck.title == "Desk break (neck)"
    assert plain.title == "Desk break"


def test_a_bad_focus_area() -> None:
    with pytest.raises(ConfigError, match=r'\[focus\] area = "back": expected one of "lower back", "upper back"'):
        parse_settings(FOCUS.format(area="back"), "my.toml")


def test_the_daemon_is_woken_at_the_morning_session_not_minutes_later() -> None:
    """The deadline and the walk stop at the same points: a session due at 08:30 is a deadline of 08:30."""
    settings = parse_settings(config(), "test.toml")
    engine = Engine(settings, routines_for(settings))
    start = datetime(2026, 3, 2, 7, 30, tzinfo=UTC)
    engine.handle(IdleSampled(now=start, idle_for=timedelta(0)))
    engine.handle(IdleSampled(now=start + timedelta(minutes=57), idle_for=timedelta(0),
                              active_for=timedelta(minutes=57)))
    assert engine.next_deadline() == start + timedelta(hours=1)  # morning_after: 1 h after the first activity
