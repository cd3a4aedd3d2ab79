"""While the user is busy a due break waits, on simulated time: the rules of the [quiet] table."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from helpers import HOUR, MIN, active, do, idle, kinds, quiet, replay, settings, times

from deskbreak.core import (
    Engine,
    IdleSampled,
    IllegalAction,
    PauseRequested,
    Phase,
    QuietChanged,
    Record,
    SettingsChanged,
    ShowReminder,
)
from deskbreak.library import builtin_routines
from deskbreak.simulate import TraceError

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def test_a_due_break_waits_while_busy_and_shows_when_free_saying_how_long_it_waited() -> None:
    events = replay(quiet("fullscreen"), active(HOUR + 30 * MIN), quiet(None))
    assert events == [
        {"t": HOUR + 30 * MIN, "event": "waited", "desk_time": HOUR + 30 * MIN, "seconds": 30 * MIN,
         "reason": "fullscreen"},
        {"t": HOUR + 30 * MIN, "event": "reminder", "desk_time": HOUR + 30 * MIN, "routine": "desk",
         "snoozes_left": 3},
    ]


def test_being_busy_before_the_break_is_due_changes_nothing() -> None:
    events = replay(quiet("in a call"), active(30 * MIN), quiet(None), active(30 * MIN))
    assert kinds(events) == ["reminder"]
    assert times(events, "reminder") == [HOUR]


def test_a_wait_ends_at_max_wait_and_the_reminder_comes_quietly() -> None:
    engine = Engine(settings(max_wait="1h"), builtin_routines())
    engine.handle(IdleSampled(now=START, idle_for=timedelta(0)))
    engine.handle(QuietChanged(now=START, reason="do not disturb"))
    effects = engine.handle(IdleSampled(now=START + timedelta(hours=3), idle_for=timedelta(0),
                                        active_for=timedelta(hours=3)))
    shown = [effect for effect in effects if isinstance(effect, ShowReminder)]
    assert [(s.at - START, s.waited, s.quietly, s.desk_time) for s in shown] == [
        (timedelta(hours=2), timedelta(hours=1), True, timedelta(hours=2)),
    ]
    waited = [effect for effect in effects if isinstance(effect, Record) and effect.kind == "waited"]
    assert [(w.seconds, w.reason) for w in waited] == [(3600.0, "do not disturb")]
    # Unanswered, it comes back after the snooze length of desk time, and waits again while the user is busy.
    assert (engine.status().phase, engine.status().waiting) == (Phase.DUE, "do not disturb")


def test_max_wait_zero_waits_for_as_long_as_the_user_is_busy() -> None:
    events = replay(quiet("fullscreen"), active(5 * HOUR), quiet(None), max_wait="0m")
    assert kinds(events) == ["waited", "reminder"]
    assert events[0]["seconds"] == 4 * HOUR


def test_the_status_says_the_break_is_due_and_why_it_waits() -> None:
    engine = Engine(settings(), builtin_routines())
    engine.handle(IdleSampled(now=START, idle_for=timedelta(0)))
    engine.handle(QuietChanged(now=START, reason="in a call"))
    engine.handle(IdleSampled(now=START + timedelta(minutes=70), idle_for=timedelta(0),
                              active_for=timedelta(minutes=70)))
    status = engine.status()
    assert (status.phase, status.quiet, status.waiting) == (Phase.DUE, "in a call", "in a call")
    engine.handle(QuietChanged(now=START + timedelta(minutes=71), reason=None))
    assert (engine.status().quiet, engine.status().waiting) == (None, None)


def test_the_daemon_is_woken_when_a_wait_reaches_max_wait() -> None:
    engine = Engine(settings(max_wait="1m"), builtin_routines())
    engine.handle(IdleSampled(now=START, idle_for=timedelta(0)))
    engine.handle(QuietChanged(now=START, reason="fullscreen"))
    engine.handle(IdleSampled(now=START + timedelta(hours=1), idle_for=timedelta(0), active_for=timedelta(hours=1)))
    assert engine.status().waiting == "fullscreen"
    assert engine.next_deadline() == START + timedelta(hours=1, minutes=1)


def test_a_natural_break_while_waiting_still_counts_and_ends_the_wait() -> None:
    events = replay(quiet("fullscreen"), active(HOUR + 10 * MIN), idle(10 * MIN), active(HOUR + 5 * MIN))
    assert kinds(events) == ["natural_break", "waited"]
    assert events[0]["t"] == HOUR + 15 * MIN  # the 5 min natural break after the last input
    assert events[1] == {"t": HOUR + 15 * MIN, "event": "waited", "desk_time": HOUR + 12 * MIN,
                         "seconds": 15 * MIN, "reason": "fullscreen"}


@pytest.mark.parametrize(("answer", "then"), [("snooze", "snoozed"), ("skip", "skipped"), ("log", "logged"),
                                              ("start", "break_started")])
def test_a_waiting_break_can_be_answered_from_the_tray_or_the_cli(answer: str, then: str) -> None:
    events = replay(quiet("fullscreen"), active(HOUR + 5 * MIN), do(answer), quiet(None))
    assert kinds(events) == [then, "waited"]
    assert events[1]["seconds"] == 5 * MIN


def test_after_a_snoozed_wait_the_next_reminder_shows_when_the_user_is_free() -> None:
    events = replay(quiet("fullscreen"), active(HOUR + 5 * MIN), do("snooze"), quiet(None), active(15 * MIN))
    assert kinds(events) == ["snoozed", "waited", "reminder"]
    assert times(events, "reminder") == [HOUR + 15 * MIN]


def test_being_busy_does_not_interrupt_a_running_break() -> None:
    events = replay(active(HOUR), do("start"), quiet("fullscreen"), idle(5 * MIN))
    assert kinds(events) == ["reminder", "break_started", "break_completed"]


def test_becoming_busy_leaves_a_reminder_already_showing_alone() -> None:
    engine = Engine(settings(), builtin_routines())
    engine.handle(IdleSampled(now=START, idle_for=timedelta(0)))
    engine.handle(IdleSampled(now=START + timedelta(hours=1), idle_for=timedelta(0), active_for=timedelta(hours=1)))
    assert engine.handle(QuietChanged(now=START + timedelta(hours=1), reason="fullscreen")) == []
    assert (engine.status().phase, engine.status().waiting) == (Phase.DUE, None)


def test_polling_and_push_sampling_agree_on_a_day_with_quiet_spells() -> None:
    steps = (active(40 * MIN), quiet("in a call"), active(50 * MIN), idle(MIN), quiet(None), active(HOUR),
             quiet("fullscreen"), active(2 * HOUR))
    assert replay(*steps) == replay(*steps, sample_every=5)


def test_a_bad_quiet_trace_line_is_named() -> None:
    with pytest.raises(TraceError, match=r'trace line 1: expected \{"quiet": "fullscreen"\}'):
        replay({"quiet": 5})


def test_a_reload_that_fails_changes_nothing_not_even_the_routines() -> None:
    engine = Engine(settings(), builtin_routines())
    engine.handle(IdleSampled(now=START, idle_for=timedelta(0)))
    before = (engine.settings, engine.routines, engine.status())
    only_morning = tuple(routine for routine in builtin_routines() if routine.name == "morning")
    with pytest.raises(ValueError, match="unknown routine 'desk'"):
        engine.handle(SettingsChanged(now=START + timedelta(minutes=1), settings=settings(interval="30m"),
                                      routines=only_morning))
    assert (engine.settings, engine.routines, engine.status()) == before


def test_a_pause_during_this_meeting_ends_when_the_user_is_free() -> None:
    engine = Engine(settings(), builtin_routines())
    engine.handle(IdleSampled(now=START, idle_for=timedelta(0)))
    with pytest.raises(IllegalAction, match="you are not busy now"):
        engine.handle(PauseRequested(now=START, while_busy=True))
    engine.handle(IdleSampled(now=START + timedelta(minutes=50), idle_for=timedelta(0),
                              active_for=timedelta(minutes=50)))
    engine.handle(QuietChanged(now=START + timedelta(minutes=50), reason="in a call"))
    paused = engine.handle(PauseRequested(now=START + timedelta(minutes=50), while_busy=True))
    assert [effect.kind for effect in paused if isinstance(effect, Record)] == ["paused"]
    assert (engine.status().paused, engine.status().paused_while_busy) == (True, True)
    engine.handle(IdleSampled(now=START + timedelta(hours=2), idle_for=timedelta(0), active_for=timedelta(hours=2)))
    assert engine.status().desk_time == timedelta(minutes=50)  # no desk time while paused
    effects = engine.handle(QuietChanged(now=START + timedelta(hours=2), reason=None))
    assert [effect.kind for effect in effects if isinstance(effect, Record)] == ["resumed"]
    assert (engine.status().paused, engine.status().paused_while_busy) == (False, False)
