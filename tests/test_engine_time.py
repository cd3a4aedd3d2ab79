"""Time itself: active hours, a sleeping machine, clock jumps, deadlines, reloads."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from helpers import HOUR, MIN, active, do, idle, kinds, local, replay, settings, sleep, times

from deskbreak.core import (
    BreakStartRequested,
    Engine,
    IdleSampled,
    IllegalAction,
    Phase,
    SettingsChanged,
    SnoozeRequested,
)
from deskbreak.library import builtin_routines

MONDAY_7 = "2026-03-02T07:00:00"


def sample(engine: Engine, at: datetime, idle_for: float = 0, active_for: float = 0) -> list[str]:
    effects = engine.handle(
        IdleSampled(now=at, idle_for=timedelta(seconds=idle_for), active_for=timedelta(seconds=active_for))
    )
    return [getattr(effect, "kind", type(effect).__name__) for effect in effects]


def test_no_accrual_or_reminders_outside_active_hours() -> None:
    events = replay(active(3 * HOUR), at=MONDAY_7, active_hours="08:00-19:00", snooze="2h")
    assert times(events, "reminder") == [2 * HOUR]  # counting starts at 08:00


def test_active_hours_end_silences_a_due_reminder() -> None:
    events = replay(active(13 * HOUR), at="2026-03-02T18:30:00", active_hours="08:00-19:00", snooze="10m")
    assert events == []  # 30 min in hours, then nothing until 08:00 next day


def test_desk_time_resumes_counting_when_active_hours_begin() -> None:
    events = replay(active(14 * HOUR), at="2026-03-02T18:30:00", active_hours="08:00-19:00")
    assert times(events, "reminder") == [14 * HOUR]  # 30 min before 19:00 + 30 min after 08:00


def test_active_hours_weekdays() -> None:
    saturday = "2026-03-07T09:00:00"
    assert replay(active(3 * HOUR), at=saturday, active_hours="Mon-Fri 08:00-19:00") == []
    weekend = replay(active(3 * HOUR), at=saturday, active_hours="Sat,Sun 08:00-19:00", snooze="2h")
    assert times(weekend, "reminder") == [HOUR, 3 * HOUR]


def test_active_hours_window_across_midnight() -> None:
    events = replay(active(4 * HOUR), at="2026-03-02T21:00:00", active_hours="22:00-02:00", snooze="2h")
    assert times(events, "reminder") == [2 * HOUR, 4 * HOUR]  # 23:00, then 01:00


def test_several_active_hours_windows() -> None:
    events = replay(active(5 * HOUR), at="2026-03-02T11:30:00",
                    active_hours=["08:00-12:00", "13:00-18:00"], snooze="2h")
    # 30 min before lunch, none 12-13, 30 min after: due at 13:30.
    assert times(events, "reminder") == [2 * HOUR, 4 * HOUR]


def test_a_long_sleep_is_a_natural_break_and_no_burst_of_reminders() -> None:
    events = replay(active(50 * MIN), sleep(8 * HOUR), active(30 * MIN), interval="1h")
    assert kinds(events) == ["natural_break"]
    assert events[0] == {"t": 55 * MIN, "event": "natural_break", "desk_time": 52 * MIN}


def test_a_short_sleep_counts_as_idle() -> None:
    # 4 min asleep adds at most away_after (2 min) of desk time.
    events = replay(active(50 * MIN), sleep(4 * MIN), active(9 * MIN), interval="1h")
    assert times(events, "reminder") == [50 * MIN + 4 * MIN + 8 * MIN]


def test_an_unanswered_reminder_does_not_pile_up_over_a_night_asleep() -> None:
    events = replay(active(HOUR), sleep(10 * HOUR), active(20 * MIN), interval="1h")
    assert kinds(events) == ["reminder", "natural_break"]


def test_the_clock_set_back_accrues_nothing_and_crashes_nothing() -> None:
    engine = Engine(settings(interval="1h"), builtin_routines())
    t0 = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
    sample(engine, t0)
    sample(engine, t0 + timedelta(minutes=50), active_for=50 * 60)
    assert sample(engine, t0 - timedelta(hours=3)) == []
    assert engine.status().desk_time == timedelta(minutes=50)
    assert sample(engine, t0 - timedelta(hours=3) + timedelta(minutes=9), active_for=9 * 60) == []
    assert sample(engine, t0 - timedelta(hours=3) + timedelta(minutes=11), active_for=11 * 60) == [
        "reminder", "ShowReminder"]


def test_the_clock_jumping_ahead_counts_as_time_away() -> None:
    engine = Engine(settings(interval="1h"), builtin_routines())
    t0 = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
    sample(engine, t0)
    sample(engine, t0 + timedelta(minutes=50), active_for=50 * 60)
    assert sample(engine, t0 + timedelta(hours=30)) == ["natural_break"]


def test_a_polled_source_that_stays_awake_is_not_mistaken_for_sleep() -> None:
    engine = Engine(settings(interval="1h"), builtin_routines())
    t0 = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
    found = []
    for tick in range(0, 3601, 5):
        found += sample(engine, t0 + timedelta(seconds=tick))
    assert found == ["reminder", "ShowReminder"]


def test_a_return_the_last_sample_read_too_early_to_see_still_counts() -> None:
    """The sample's time and its reading are a moment apart, so the next reading can place a return just
    before the last sample. Seen on GNOME: one pointer move after a natural break never became desk time."""
    engine = Engine(settings(interval="1h", away_after="1m", natural_break="2m"), builtin_routines())
    t0 = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
    sample(engine, t0)
    away = t0 + timedelta(minutes=10)
    assert "natural_break" in sample(engine, away, idle_for=600)
    sample(engine, away + timedelta(milliseconds=15), idle_for=0.017)  # the input came 2 ms before the last sample
    sample(engine, away + timedelta(seconds=5), idle_for=5.002)  # and none since
    assert engine.status().desk_time == timedelta(seconds=5)


def test_readings_of_one_input_a_little_apart_are_not_a_return() -> None:
    """Each reading places the last input a few ms differently: that is no new input, and no end of a break."""
    engine = Engine(settings(interval="1h", away_after="1m", natural_break="2m"), builtin_routines())
    t0 = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
    sample(engine, t0)
    found = []
    for second in range(1, 300):
        jitter = 0.2 if second % 2 else 0.0
        found += sample(engine, t0 + timedelta(seconds=second), idle_for=second - jitter)
    assert found == ["natural_break"]
    assert engine.status().desk_time == timedelta(0)  # the natural break reset it, and nothing came back


def test_next_deadline_is_when_the_reminder_falls_due_if_the_user_keeps_working() -> None:
    engine = Engine(settings(interval="1h"), builtin_routines())
    t0 = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
    assert engine.next_deadline() is None
    sample(engine, t0)
    assert engine.next_deadline() == t0 + timedelta(minutes=5)  # natural break, if idle from now
    sample(engine, t0 + timedelta(minutes=58), active_for=58 * 60)
    assert engine.next_deadline() == t0 + timedelta(minutes=60)


def test_next_deadline_during_a_break_and_a_pause() -> None:
    engine = Engine(settings(), builtin_routines())
    t0 = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
    sample(engine, t0)
    engine.handle(BreakStartRequested(now=t0))
    assert engine.next_deadline() == t0 + timedelta(seconds=40)  # the end of the first step


def test_illegal_actions_raise_and_change_nothing() -> None:
    engine = Engine(settings(), builtin_routines())
    t0 = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
    sample(engine, t0)
    sample(engine, t0 + timedelta(minutes=30), active_for=30 * 60)
    before = engine.status()
    with pytest.raises(IllegalAction, match="snooze: no reminder is showing"):
        engine.handle(SnoozeRequested(now=t0 + timedelta(minutes=40)))
    assert engine.status() == before


def test_reloaded_settings_keep_the_desk_time_already_counted() -> None:
    engine = Engine(settings(interval="1h"), builtin_routines())
    t0 = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
    sample(engine, t0)
    sample(engine, t0 + timedelta(minutes=40), active_for=40 * 60)
    now = t0 + timedelta(minutes=40)
    effects = engine.handle(SettingsChanged(now=now, settings=settings(interval="30m")))
    assert [getattr(effect, "kind", None) for effect in effects] == ["config_reloaded", "reminder", None]
    assert engine.status().desk_time == timedelta(minutes=40)
    assert engine.status().phase is Phase.DUE


def test_a_longer_interval_on_reload_moves_the_next_reminder() -> None:
    engine = Engine(settings(interval="1h"), builtin_routines())
    t0 = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
    sample(engine, t0)
    sample(engine, t0 + timedelta(minutes=40), active_for=40 * 60)
    engine.handle(SettingsChanged(now=t0 + timedelta(minutes=40), settings=settings(interval="2h")))
    assert engine.status().until_reminder == timedelta(minutes=80)


def test_the_engine_needs_aware_datetimes() -> None:
    engine = Engine(settings(), builtin_routines())
    with pytest.raises(ValueError, match="timezone-aware"):
        sample(engine, datetime(2026, 3, 2, 10, 0))


def test_active_hours_follow_the_events_own_time_zone() -> None:
    engine = Engine(settings(active_hours="09:00-17:00"), builtin_routines())
    tokyo = timezone(timedelta(hours=9))
    sample(engine, datetime(2026, 3, 2, 10, 0, tzinfo=tokyo))
    assert engine.status().in_active_hours
    sample(engine, datetime(2026, 3, 2, 18, 0, tzinfo=tokyo))
    assert not engine.status().in_active_hours


def test_the_simulator_start_line_sets_the_wall_clock() -> None:
    assert local(MONDAY_7).hour == 7
    assert replay(do("log"), idle(1), at=MONDAY_7)[0]["t"] == 0
