"""Desk time: how it accrues, when a reminder comes, and natural breaks."""

from __future__ import annotations

from helpers import HOUR, MIN, active, do, idle, kinds, replay, times


def test_a_reminder_comes_after_interval_of_desk_time() -> None:
    events = replay(active(HOUR + 30), interval="1h")
    assert events == [
        {"t": HOUR, "event": "reminder", "desk_time": HOUR, "routine": "desk", "snoozes_left": 3}
    ]


def test_nothing_happens_before_the_interval() -> None:
    assert replay(active(HOUR - 1), interval="1h") == []


def test_a_short_idle_stretch_counts_in_full() -> None:
    # 50 min work + 90 s idle (< away_after 2 min) + 8.5 min work = 60 min of desk time.
    events = replay(active(50 * MIN), idle(90), active(8 * MIN + 30), active(10), interval="1h")
    assert times(events, "reminder") == [HOUR]


def test_a_longer_idle_stretch_adds_only_away_after() -> None:
    # 4 min idle (between away_after and natural_break) adds 2 min, not 4.
    events = replay(active(50 * MIN), idle(4 * MIN), active(9 * MIN), interval="1h")
    assert times(events, "reminder") == [50 * MIN + 4 * MIN + 8 * MIN]


def test_away_after_is_configurable() -> None:
    events = replay(active(50 * MIN), idle(4 * MIN), active(10 * MIN), interval="1h", away_after="30s")
    assert times(events, "reminder") == [50 * MIN + 4 * MIN + 9 * MIN + 30]


def test_idle_reaching_natural_break_resets_desk_time() -> None:
    events = replay(active(50 * MIN), idle(5 * MIN), active(HOUR), interval="1h")
    assert events[0] == {"t": 55 * MIN, "event": "natural_break", "desk_time": 52 * MIN}
    assert times(events, "reminder") == [55 * MIN + HOUR]


def test_natural_break_is_recorded_once_per_idle_stretch() -> None:
    events = replay(active(10 * MIN), idle(3 * HOUR), active(MIN), interval="1h")
    assert kinds(events) == ["natural_break"]


def test_natural_break_clears_a_pending_reminder_and_its_snoozes() -> None:
    events = replay(
        active(HOUR), do("snooze"), active(10 * MIN), idle(6 * MIN), active(HOUR),
        interval="1h", max_snoozes=1,
    )
    assert kinds(events) == ["reminder", "snoozed", "reminder", "natural_break", "reminder"]
    assert events[-1]["snoozes_left"] == 1  # a fresh reminder offers snooze again


def test_natural_break_threshold_is_configurable() -> None:
    events = replay(active(10 * MIN), idle(5 * MIN), active(MIN), natural_break="10m")
    assert "natural_break" not in kinds(events)


def test_an_unanswered_reminder_repeats_after_each_snooze_of_desk_time() -> None:
    events = replay(active(HOUR + 35 * MIN), interval="1h", snooze="15m")
    assert times(events, "reminder") == [HOUR, HOUR + 15 * MIN, HOUR + 30 * MIN]
    assert {event["snoozes_left"] for event in events} == {3}  # repeats are not snoozes


def test_repeats_count_desk_time_not_wall_time() -> None:
    events = replay(active(HOUR), idle(4 * MIN), active(10 * MIN), interval="1h", snooze="10m")
    assert times(events, "reminder") == [HOUR, HOUR + 4 * MIN + 8 * MIN]


def test_desk_time_is_reported_with_each_reminder() -> None:
    events = replay(active(90 * MIN), interval="45m", snooze="45m")
    assert [event["desk_time"] for event in events] == [45 * MIN, 90 * MIN]
