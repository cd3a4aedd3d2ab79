"""What the user's answers do: snooze, skip, start, stop, log, pause, resume."""

from __future__ import annotations

import pytest
from helpers import HOUR, MIN, active, do, idle, kinds, replay, times

from deskbreak.simulate import TraceError


def test_snooze_brings_the_reminder_back_after_snooze_of_desk_time() -> None:
    events = replay(active(HOUR), do("snooze"), active(15 * MIN), snooze="10m")
    assert events[1] == {"t": HOUR, "event": "snoozed", "desk_time": HOUR, "seconds": 600, "snoozes_left": 2}
    assert times(events, "reminder") == [HOUR, HOUR + 10 * MIN]


def test_snooze_with_minutes_overrides_the_setting() -> None:
    events = replay(active(HOUR), do("snooze", minutes=25), active(30 * MIN))
    assert times(events, "reminder") == [HOUR, HOUR + 25 * MIN]


def test_snooze_counts_desk_time_so_time_away_does_not_use_it_up() -> None:
    events = replay(active(HOUR), do("snooze"), idle(4 * MIN), active(9 * MIN))
    assert times(events, "reminder") == [HOUR, HOUR + 4 * MIN + 8 * MIN]


def test_after_max_snoozes_the_reminder_stops_offering_snooze() -> None:
    steps = []
    for _ in range(3):
        steps += [active(10 * MIN), do("snooze")]
    events = replay(active(50 * MIN), *steps, active(10 * MIN), interval="1h", max_snoozes=3)
    assert [event["snoozes_left"] for event in events if event["event"] == "reminder"] == [3, 2, 1, 0]
    with pytest.raises(TraceError, match=r"trace line 9: snooze: no snoozes left \(3 used\)"):
        replay(active(50 * MIN), *steps, active(10 * MIN), do("snooze"), interval="1h", max_snoozes=3)


def test_max_snoozes_zero_never_offers_snooze() -> None:
    events = replay(active(HOUR), max_snoozes=0)
    assert events[0]["snoozes_left"] == 0


def test_snooze_without_a_reminder_showing_is_refused() -> None:
    with pytest.raises(TraceError, match="trace line 2: snooze: no reminder is showing"):
        replay(active(MIN), do("snooze"))


def test_skip_resets_desk_time_and_is_recorded() -> None:
    events = replay(active(HOUR), do("skip"), active(HOUR))
    assert events[1] == {"t": HOUR, "event": "skipped", "desk_time": HOUR}
    assert times(events, "reminder") == [HOUR, 2 * HOUR]


def test_skip_before_a_reminder_skips_the_coming_break() -> None:
    events = replay(active(40 * MIN), do("skip"), active(HOUR))
    assert times(events, "reminder") == [40 * MIN + HOUR]


def test_start_runs_the_default_desk_routine_then_completes() -> None:
    events = replay(active(HOUR), do("start"), idle(5 * MIN), active(HOUR))
    assert events[1:3] == [
        {"t": HOUR, "event": "break_started", "desk_time": HOUR, "routine": "desk"},
        {"t": HOUR + 180, "event": "break_completed", "desk_time": HOUR, "routine": "desk", "seconds": 180},
    ]
    # No natural break for the time spent stretching, and desk time restarts at zero.
    assert kinds(events) == ["reminder", "break_started", "break_completed", "reminder"]
    assert times(events, "reminder")[-1] == HOUR + 5 * MIN + HOUR


def test_no_desk_time_accrues_during_a_break() -> None:
    events = replay(active(HOUR), do("start"), active(HOUR + 3 * MIN), interval="1h")
    assert times(events, "reminder") == [HOUR, HOUR + 180 + HOUR]


def test_stop_records_a_partial_break_with_the_seconds_done() -> None:
    events = replay(active(30 * MIN), do("start"), idle(70), do("stop"), active(HOUR))
    assert events[1] == {"t": 30 * MIN + 70, "event": "break_stopped", "desk_time": 30 * MIN,
                         "routine": "desk", "seconds": 70}
    assert times(events, "reminder") == [30 * MIN + 70 + HOUR]


def test_stop_without_a_break_is_refused() -> None:
    with pytest.raises(TraceError, match="trace line 2: stop: no break is running"):
        replay(active(MIN), do("stop"))


def test_starting_twice_is_refused() -> None:
    with pytest.raises(TraceError, match="trace line 3: start: a break is already running"):
        replay(active(MIN), do("start"), do("start"))


def test_start_with_an_unknown_routine_is_refused() -> None:
    with pytest.raises(TraceError, match=r"start: unknown routine .yoga. \(known: desk, evening, hips-pelvis, "):
        replay(do("start", routine="yoga"))


def test_log_resets_desk_time_and_is_recorded_as_manual() -> None:
    events = replay(active(HOUR), do("log"), active(HOUR))
    assert events[1] == {"t": HOUR, "event": "logged", "desk_time": HOUR}
    assert times(events, "reminder") == [HOUR, 2 * HOUR]


def test_pause_for_minutes_stops_reminders_and_accrual_then_resumes_itself() -> None:
    events = replay(active(50 * MIN), do("pause", spec="30m"), active(40 * MIN), interval="1h")
    assert events[0] == {"t": 50 * MIN, "event": "paused", "desk_time": 50 * MIN, "until": 80 * MIN}
    assert events[1] == {"t": 80 * MIN, "event": "resumed", "desk_time": 50 * MIN}
    assert times(events, "reminder") == [90 * MIN]


def test_pause_without_minutes_lasts_until_resume() -> None:
    events = replay(active(50 * MIN), do("pause"), active(5 * HOUR), do("resume"), active(10 * MIN))
    assert kinds(events) == ["paused", "resumed", "reminder"]
    assert events[0]["until"] is None
    assert times(events, "reminder") == [50 * MIN + 5 * HOUR + 10 * MIN]


def test_pausing_withdraws_the_reminder_like_an_open_ended_snooze() -> None:
    events = replay(active(HOUR), do("pause"), active(MIN), do("resume"), active(11 * MIN), snooze="10m")
    assert kinds(events) == ["reminder", "paused", "resumed", "reminder"]
    assert times(events, "reminder") == [HOUR, HOUR + MIN + 10 * MIN]


def test_resume_when_not_paused_is_refused() -> None:
    with pytest.raises(TraceError, match="trace line 1: resume: not paused"):
        replay(do("resume"))


def test_a_natural_break_still_counts_while_paused() -> None:
    events = replay(active(50 * MIN), do("pause"), idle(HOUR), do("resume"), active(55 * MIN))
    assert kinds(events) == ["paused", "natural_break", "resumed"]
