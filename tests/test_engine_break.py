"""The guided break's timeline: steps and sides, hold, carry on, next, stop."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from helpers import replay, times

from deskbreak.core import (
    BreakCarryOnRequested,
    BreakHoldRequested,
    BreakNextRequested,
    BreakStartRequested,
    BreakStep,
    BreakStopRequested,
    Effect,
    Engine,
    IdleSampled,
    IllegalAction,
    Phase,
    Record,
    Settings,
)
from deskbreak.library import builtin_routines

T0 = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


def started() -> tuple[Engine, list[Effect]]:
    engine = Engine(Settings(), builtin_routines())
    engine.handle(IdleSampled(now=T0, idle_for=timedelta(0)))
    return engine, engine.handle(BreakStartRequested(now=T0))


def away(engine: Engine, seconds: float) -> list[Effect]:
    """The person is stretching, not typing: idle since the break began."""
    return engine.handle(IdleSampled(now=at(seconds), idle_for=timedelta(seconds=seconds)))


def steps(effects: list[Effect]) -> list[tuple[float, int, str | None, bool, bool]]:
    return [((e.at - T0).total_seconds(), e.index, e.step.side, e.held, e.cue)
            for e in effects if isinstance(e, BreakStep)]


def records(effects: list[Effect]) -> list[tuple[str, float | None]]:
    return [(e.kind, e.seconds) for e in effects if isinstance(e, Record)]


def test_each_step_and_side_is_cued_at_its_time_and_the_break_completes() -> None:
    engine, effects = started()
    first = next(e for e in effects if isinstance(e, BreakStep))
    assert (first.step.stretch, first.step.side) == ("chair-twist", "left")
    assert first.prepare_until == at(20)
    assert first.hold_until == at(40)
    assert first.routine_until == at(180)
    later = away(engine, 200)
    assert steps(later) == [(40, 1, "right", False, True), (70, 2, None, False, True), (125, 3, None, False, True)]
    assert records(later) == [("break_completed", 180)]
    assert engine.status().phase is Phase.WORKING


def test_holding_stops_the_clock_and_carrying_on_moves_the_rest_later() -> None:
    engine, _ = started()
    away(engine, 30)
    held = engine.handle(BreakHoldRequested(now=at(30)))
    assert steps(held) == [(30, 0, "left", True, False)]
    assert engine.status().break_held
    assert away(engine, 100) == []  # nothing moves while held
    carried = engine.handle(BreakCarryOnRequested(now=at(100)))
    assert [(e.hold_until, e.routine_until) for e in carried if isinstance(e, BreakStep)] == [(at(110), at(250))]
    later = away(engine, 300)
    assert records(later) == [("break_completed", 180)]  # time held is not stretching time
    assert [e.at for e in later if isinstance(e, Record)] == [at(250)]


def test_next_cuts_the_step_short() -> None:
    engine, _ = started()
    moved = engine.handle(BreakNextRequested(now=at(5)))
    assert steps(moved) == [(5, 1, "right", False, True)]
    assert engine.status().break_ends == at(145)


def test_next_on_the_last_step_completes_the_break() -> None:
    engine, _ = started()
    away(engine, 130)
    done = engine.handle(BreakNextRequested(now=at(130)))
    assert records(done) == [("break_completed", 130)]


def test_stop_while_held_counts_only_the_time_stretching() -> None:
    engine, _ = started()
    engine.handle(BreakHoldRequested(now=at(50)))
    stopped = engine.handle(BreakStopRequested(now=at(90)))
    assert records(stopped) == [("break_stopped", 50)]


@pytest.mark.parametrize(
    ("event", "message"),
    [
        (BreakHoldRequested(now=T0), "hold: no break is running"),
        (BreakCarryOnRequested(now=T0), "carry-on: no break is running"),
        (BreakNextRequested(now=T0), "next: no break is running"),
    ],
)
def test_break_controls_without_a_break_are_refused(event: BreakHoldRequested, message: str) -> None:
    engine = Engine(Settings(), builtin_routines())
    engine.handle(IdleSampled(now=T0, idle_for=timedelta(0)))
    with pytest.raises(IllegalAction, match=message):
        engine.handle(event)


def test_holding_twice_or_carrying_on_unheld_is_refused_and_changes_nothing() -> None:
    engine, _ = started()
    with pytest.raises(IllegalAction, match="carry-on: the break is not on hold"):
        engine.handle(BreakCarryOnRequested(now=at(10)))
    engine.handle(BreakHoldRequested(now=at(10)))
    before = engine.status()
    with pytest.raises(IllegalAction, match="hold: the break is already on hold"):
        engine.handle(BreakHoldRequested(now=at(20)))
    assert engine.status() == before


def test_idle_right_after_stopping_a_break_is_a_natural_break() -> None:
    events = replay({"active": 60}, {"do": "start"}, {"active": 20}, {"do": "stop"}, {"idle": 60},
                    natural_break="30s", away_after="10s")
    assert times(events, "natural_break") == [110]
