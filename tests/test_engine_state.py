"""The engine's state is one value, over random sequences of every kind of event (hypothesis).

A refused event (an action that makes no sense now, a reload it cannot
take, a naive time) leaves the engine exactly as it was, so it behaves
from then on like one that never saw the event. And ``next_deadline`` is
never later than anything the passage of time makes happen, whatever came
before: actions, breaks, pauses, quiet spells, reloads, program sessions.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from helpers import settings
from hypothesis import HealthCheck, given
from hypothesis import settings as run_settings
from hypothesis import strategies as st

from deskbreak.core import (
    BreakCarryOnRequested,
    BreakHoldRequested,
    BreakLogged,
    BreakNextRequested,
    BreakStartRequested,
    BreakStopRequested,
    Engine,
    Event,
    IdleSampled,
    IllegalAction,
    PauseRequested,
    Program,
    QuietChanged,
    Record,
    ResumeRequested,
    Settings,
    SettingsChanged,
    SkipRequested,
    SnoozeRequested,
)
from deskbreak.library import builtin_routines
from deskbreak.simulate import DEFAULT_START

SHORT = {"interval": "10m", "snooze": "3m", "away_after": "30s", "natural_break": "2m"}
HOURS = ["", "09:00-09:40", "Mon 09:10-09:30", "09:20-10:00"]
# 2026-03-02 is a Monday: the morning session is due 20 minutes after the first input, the evening one at 09:50.
PROGRAM = Program(started=date(2026, 3, 2), morning_after=timedelta(minutes=20),
                  evening_at=timedelta(hours=9, minutes=50))
VERBS = ["snooze", "skip", "log", "start", "start morning", "start yoga", "stop", "hold", "carry on", "next",
         "pause", "pause 3m", "pause past", "pause while busy", "resume"]
MOVES = [*["active"] * 8, "idle", "idle", "back", "quiet", "free", "reload", "bad reload", *VERBS]
INPUT = {"active", "back", *VERBS}
TOKYO = timezone(timedelta(hours=9))


@dataclass(frozen=True)
class Case:
    settings: Settings
    reloaded: Settings
    moves: list[tuple[str, int]]


@st.composite
def cases(draw: st.DrawFn, moves: list[str] = MOVES) -> Case:
    # A long interval and natural break leave room for the other stopping points to come first.
    keys = dict(SHORT, interval=draw(st.sampled_from(["10m", "45m"])),
                natural_break=draw(st.sampled_from(["2m", "25m"])), active_hours=draw(st.sampled_from(HOURS)),
                max_snoozes=draw(st.integers(0, 3)), max_wait=draw(st.sampled_from(["2m", "0m"])))
    chosen = settings(**keys)
    if draw(st.booleans()):
        chosen = replace(chosen, program=PROGRAM)
    reloaded = replace(chosen, interval=timedelta(minutes=draw(st.sampled_from([5, 20]))))
    steps = st.tuples(st.sampled_from(moves), st.sampled_from([0, 0, 10, 60, 170, 400, 900]))
    return Case(chosen, reloaded, draw(st.lists(steps, min_size=1, max_size=40)))


@dataclass
class World:
    """The world around the engine: the time, the user's last input, and the events a move makes.

    Between two events the user kept working or kept away. Input is
    reported as it comes: a user coming back to work is a sample at once.
    """

    case: Case
    now: datetime = DEFAULT_START  # the latest event the engine took
    last_input: datetime = DEFAULT_START
    zone: timezone | None = None  # how the user's clock writes the time, if not UTC

    def present(self) -> bool:
        """Whether the user counts as at the machine at ``now`` (input within ``away_after``)."""
        return self.now < self.last_input + self.case.settings.away_after

    def events(self, move: str, seconds: int) -> list[Event]:
        if move in INPUT:  # pressing something takes a moment: never the very instant of the last event
            seconds = max(seconds, 10)
        if move == "active" and not self.present():
            back = self.now + timedelta(seconds=1)
            return [IdleSampled(now=self._written(back), idle_for=timedelta(0)), self._event(move, back, seconds - 1)]
        return [self._event(move, self.now, seconds)]

    def _event(self, move: str, began: datetime, seconds: int) -> Event:
        now = self._written(began + timedelta(seconds=seconds))
        match move.split(" ", 1):
            case ["active"]:
                return IdleSampled(now=now, idle_for=timedelta(0), active_for=timedelta(seconds=seconds))
            case ["back"]:  # the idle source said nothing while the user was away, and reports the return
                return IdleSampled(now=now, idle_for=timedelta(0))
            case ["idle"]:
                return IdleSampled(now=now, idle_for=now - self.last_input)
            case ["naive"]:
                return IdleSampled(now=now.replace(tzinfo=None), idle_for=timedelta(0))
            case ["quiet" | "free"]:
                return QuietChanged(now=now, reason="in a call" if move == "quiet" else None)
            case ["reload"]:
                return SettingsChanged(now=now, settings=self.case.reloaded, routines=builtin_routines())
            case ["bad", "reload"]:  # routines without the default one: refused
                only_morning = tuple(routine for routine in builtin_routines() if routine.name == "morning")
                return SettingsChanged(now=now, settings=self.case.reloaded, routines=only_morning)
        return _action(move, now)

    def _written(self, moment: datetime) -> datetime:
        return moment if self.zone is None else moment.astimezone(self.zone)

    def took(self, event: Event) -> None:
        """The engine took ``event``: a sample says when the last input was; a user action is input."""
        self.now = event.now
        if isinstance(event, IdleSampled):
            self.last_input = event.now - event.idle_for
        elif not isinstance(event, QuietChanged | SettingsChanged):
            self.last_input = event.now


def _action(verb: str, now: datetime) -> Event:
    match verb.split(" ", 1):
        case ["snooze"]:
            return SnoozeRequested(now=now)
        case ["skip"]:
            return SkipRequested(now=now)
        case ["log"]:
            return BreakLogged(now=now)
        case ["start", *routine]:
            return BreakStartRequested(now=now, routine=routine[0] if routine else None)
        case ["stop"]:
            return BreakStopRequested(now=now)
        case ["hold"]:
            return BreakHoldRequested(now=now)
        case ["carry", "on"]:
            return BreakCarryOnRequested(now=now)
        case ["next"]:
            return BreakNextRequested(now=now)
        case ["pause", "3m"]:
            return PauseRequested(now=now, until=now + timedelta(minutes=3))
        case ["pause", "past"]:
            return PauseRequested(now=now, until=now - timedelta(minutes=1))
        case ["pause", "while busy"]:
            return PauseRequested(now=now, while_busy=True)
        case ["pause"]:
            return PauseRequested(now=now)
    assert verb == "resume", verb
    return ResumeRequested(now=now)


FAST = run_settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(cases([*MOVES, "naive", "tokyo"]))
def test_a_refused_event_leaves_the_engine_as_if_it_never_came(case: Case) -> None:
    """Two engines: one is offered every event, the other only those the first took. They never differ."""
    offered, spared = Engine(case.settings, builtin_routines()), Engine(case.settings, builtin_routines())
    world = World(case)
    for move, seconds in [("active", 0), *case.moves]:
        if move == "tokyo":  # the user's time zone changes: the same instants, written another way
            world.zone = TOKYO
            continue
        for event in world.events(move, seconds):
            try:
                effects = offered.handle(event)
            except (IllegalAction, ValueError):
                continue
            world.took(event)
            assert spared.handle(event) == effects, event
            assert spared.status() == offered.status(), event
            assert spared.next_deadline() == offered.next_deadline(), event
    assert (spared.settings, spared.routines) == (offered.settings, offered.routines)


@FAST
@given(cases())
def test_the_daemon_is_never_woken_later_than_anything_that_happens_with_no_input(case: Case) -> None:
    """Before each event, ``next_deadline``: nothing the passage of time makes happen comes earlier.

    That is everything after the engine's clock, and at the clock itself if
    the user is at the machine (a program session already due is offered at
    once; to an empty chair it waits for the input that brings a sample).
    An action's own effects, at its time, are its doing.
    """
    engine = Engine(case.settings, builtin_routines())
    world = World(case)
    for move, seconds in [("active", 0), *case.moves]:
        for event in world.events(move, seconds):
            clock, deadline, present = engine.status().as_of, engine.next_deadline(), world.present()
            try:
                effects = engine.handle(event)
            except (IllegalAction, ValueError):
                continue
            world.took(event)
            since = [effect.at for effect in effects if clock < effect.at or (present and clock == effect.at)]
            walked = [at for at in since if at < event.now or isinstance(event, IdleSampled)]
            if walked:
                assert deadline is not None, (event, walked)
                assert deadline <= min(walked), (event, walked)


@pytest.mark.parametrize("verb", ["start yoga", "snooze"])
def test_an_action_refused_after_time_caught_up_keeps_none_of_that_time(verb: str) -> None:
    """The refusal comes after the walk up to the action's time: that walk is thrown away with it."""
    engine = Engine(settings(**SHORT, max_snoozes=0), builtin_routines())
    start = DEFAULT_START
    engine.handle(IdleSampled(now=start, idle_for=timedelta(0)))
    engine.handle(IdleSampled(now=start + timedelta(minutes=9), idle_for=timedelta(0), active_for=timedelta(minutes=9)))
    before = (engine.status(), engine.next_deadline())
    with pytest.raises(IllegalAction):  # the reminder fell due at 10 minutes, then the action was refused
        engine.handle(_action(verb, start + timedelta(minutes=11)))
    assert (engine.status(), engine.next_deadline()) == before
    effects = engine.handle(IdleSampled(now=start + timedelta(minutes=11), idle_for=timedelta(0),
                                        active_for=timedelta(minutes=2)))
    assert [(type(effect).__name__, effect.at - start) for effect in effects] == [
        ("Record", timedelta(minutes=10)), ("ShowReminder", timedelta(minutes=10))]


def test_a_session_that_fell_due_while_away_wakes_the_daemon_as_soon_as_the_user_is_back() -> None:
    """An idle source that reports only changes says nothing while the user is away, then reports the return.

    The morning session fell due at 08:30 meanwhile; it is offered on the
    next sample, so that sample is due at once, not at the next stopping point.
    """
    chosen = replace(settings(), program=Program(started=date(2026, 3, 2)))
    engine = Engine(chosen, builtin_routines())
    start = datetime(2026, 3, 2, 7, 30, tzinfo=UTC)
    engine.handle(IdleSampled(now=start, idle_for=timedelta(0)))
    engine.handle(IdleSampled(now=start + timedelta(minutes=10), idle_for=timedelta(0),
                              active_for=timedelta(minutes=10)))
    back = start + timedelta(minutes=90)  # 09:00, after 80 minutes away
    assert [effect.kind for effect in engine.handle(IdleSampled(now=back, idle_for=timedelta(0)))
            if isinstance(effect, Record)] == ["natural_break"]
    assert engine.next_deadline() == back
    offered = engine.handle(IdleSampled(now=back + timedelta(seconds=5), idle_for=timedelta(0),
                                        active_for=timedelta(seconds=5)))
    assert [(effect.kind, effect.at, effect.routine) for effect in offered if isinstance(effect, Record)] == [
        ("reminder", back, "morning")]
