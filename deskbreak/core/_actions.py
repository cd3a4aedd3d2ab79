"""What each event does to the state, dispatched by its type.

``apply`` matches every event type and ends in ``assert_never``, so an
event added to ``Event`` without a handler here fails mypy instead of
reaching the engine unhandled. Each handler works on a ``Transition``: a
copy of the state the engine keeps only if the handler returns.
"""

from __future__ import annotations

from typing import assert_never

from deskbreak.core._break import RunningBreak
from deskbreak.core._events import (
    BreakCarryOnRequested,
    BreakHoldRequested,
    BreakLogged,
    BreakNextRequested,
    BreakStartRequested,
    BreakStopRequested,
    Event,
    IdleSampled,
    PauseRequested,
    QuietChanged,
    ResumeRequested,
    SettingsChanged,
    SkipRequested,
    SnoozeRequested,
    UserAction,
)
from deskbreak.core._state import INF, UNKNOWN_HOURS, Action, IllegalAction, Limits, Phase, next_phase
from deskbreak.core._timeline import Transition

__all__ = ["apply"]


def apply(change: Transition, event: Event) -> None:
    """Carry ``event`` out on ``change``; raise IllegalAction or ValueError if it cannot be taken."""
    match event:
        case IdleSampled():
            change.observe(change.instant(event.now), event.idle_for.total_seconds(),
                           event.active_for.total_seconds())
        case QuietChanged():
            _quiet(change, event)
        case SettingsChanged():
            _settings(change, event)
        case _:
            _act(change, event)


def _act(change: Transition, event: UserAction) -> None:
    """A user action: time comes up to its ``now`` with the user present, then the action is checked and done."""
    match event:
        case SnoozeRequested():
            _snooze(change, event)
        case SkipRequested():
            _answer(change, "skip", event)
        case BreakLogged():
            _answer(change, "log", event)
        case BreakStartRequested():
            _start(change, event)
        case BreakStopRequested():
            _stop(change, event)
        case BreakHoldRequested():
            _hold(change, event)
        case BreakCarryOnRequested():
            _carry_on(change, event)
        case BreakNextRequested():
            _next(change, event)
        case PauseRequested():
            _pause(change, event)
        case ResumeRequested():
            _resume(change, event)
        case _:
            assert_never(event)


def _present(change: Transition, action: Action, event: UserAction) -> float:
    """Bring time up to the event (the user was present), then check ``action`` is possible now."""
    now = change.instant(event.now)
    change.observe(now, 0.0, 0.0)
    next_phase(action, change.state.phase)
    return now


def _snooze(change: Transition, event: SnoozeRequested) -> None:
    now = _present(change, "snooze", event)
    state = change.state
    if state.snoozes_left() == 0:
        raise IllegalAction("snooze", f"no snoozes left ({state.settings.max_snoozes} used)")
    length = (event.length or state.settings.snooze).total_seconds()
    if length <= 0:
        raise IllegalAction("snooze", "the snooze must be longer than zero")
    state.snoozes_used += 1
    change.record("snoozed", now, seconds=length, snoozes_left=state.snoozes_left())
    change.withdraw(now)
    state.next_reminder = state.desk + length
    state.phase = next_phase("snooze", state.phase)


def _answer(change: Transition, action: Action, event: SkipRequested | BreakLogged) -> None:
    """Skip or log: the reminder is answered and desk time starts again."""
    now = _present(change, action, event)
    state = change.state
    change.record("skipped" if action == "skip" else "logged", now)
    if state.due_routine is not None:  # a skipped program session is not offered again today
        state.settled |= {state.due_routine}
    change.withdraw(now)
    state.phase = next_phase(action, state.phase)
    change.reset_desk()


def _start(change: Transition, event: BreakStartRequested) -> None:
    now = _present(change, "start", event)
    state = change.state
    name = event.routine or state.due_routine or state.settings.routine
    routine = state.upcoming(name)
    if routine is None:
        known = ", ".join(sorted(state.routines))
        raise IllegalAction("start", f"unknown routine {name!r} (known: {known})")
    change.record("break_started", now, routine=name)
    change.withdraw(now)
    state.phase = next_phase("start", state.phase)
    state.running = RunningBreak.begin(routine, now)
    if name == state.settings.routine:
        state.turn += 1
    change.show_step(now, cue=True)


def _running(change: Transition, action: Action, event: UserAction) -> tuple[float, RunningBreak]:
    """Time brought up to ``event`` and the break it acts on (the phase table allows ``action`` only in one)."""
    now = _present(change, action, event)
    running = change.state.running
    assert running is not None
    return now, running


def _stop(change: Transition, event: BreakStopRequested) -> None:
    now, running = _running(change, "stop", event)
    state = change.state
    change.record("break_stopped", now, routine=running.routine.name, seconds=running.stretched(now))
    change.end_break()
    # Stopping is a press at the machine: idle from here on is a new stretch that can be a natural break.
    state.last_input = max(state.last_input, now)
    state.natural_done = False


def _hold(change: Transition, event: BreakHoldRequested) -> None:
    now, running = _running(change, "hold", event)
    if running.held_at is not None:
        raise IllegalAction("hold", "the break is already on hold")
    change.state.running = running.hold(now)
    change.show_step(now, cue=False)


def _carry_on(change: Transition, event: BreakCarryOnRequested) -> None:
    now, running = _running(change, "carry-on", event)
    if running.held_at is None:
        raise IllegalAction("carry-on", "the break is not on hold")
    change.state.running = running.carry_on(now)
    change.show_step(now, cue=False)


def _next(change: Transition, event: BreakNextRequested) -> None:
    now, running = _running(change, "next", event)
    if running.held_at is not None:
        running = running.carry_on(now)
    if running.is_last_step:
        change.complete(running, now)
        return
    change.state.running = running.next_step(now)
    change.show_step(now, cue=True)


def _pause(change: Transition, event: PauseRequested) -> None:
    now = _present(change, "pause", event)
    state = change.state
    until = INF if event.until is None else change.instant(event.until)
    if until <= now:
        raise IllegalAction("pause", "that time has already passed")
    if event.while_busy and state.quiet is None:
        raise IllegalAction("pause", "you are not busy now (no meeting, call or fullscreen window)")
    change.record("paused", now, until=state.optional_datetime_of(until))
    change.withdraw(now)
    state.phase = next_phase("pause", state.phase)
    state.pause_until = until
    state.pause_while_busy = event.while_busy


def _resume(change: Transition, event: ResumeRequested) -> None:
    now = _present(change, "resume", event)
    state = change.state
    if state.pause_until is None:
        raise IllegalAction("resume", "not paused")
    state.phase = next_phase("resume", state.phase)
    change.resume(now)
    change.fire_due(now, None)


def _quiet(change: Transition, event: QuietChanged) -> None:
    """Busy or not: time passes to ``now`` with no input, then a held-back reminder shows if the user is free."""
    now = change.instant(event.now)
    state = change.state
    if state.clock is not None:
        if now > state.clock:
            change.observe(now, now - state.last_input, 0.0)
        now = state.clock
    state.quiet = event.reason
    if event.reason is None and state.pause_while_busy:
        change.resume(now)
        change.fire_due(now, None)
    if event.reason is None and state.wait is not None:
        change.show_waited(now, quietly=False)


def _settings(change: Transition, event: SettingsChanged) -> None:
    """A reload: new settings (and routines) from ``now`` on, desk time kept; a default routine it lacks is refused."""
    now = change.instant(event.now)
    state = change.state
    if event.routines is not None:
        state.routines = {routine.name: routine for routine in event.routines}
    if event.settings.routine not in state.routines:
        raise ValueError(f"unknown routine {event.settings.routine!r}")
    state.settings = event.settings
    state.limits = Limits.of(event.settings)
    state.hours = UNKNOWN_HOURS
    if state.phase is Phase.WORKING and state.snoozes_used == 0:
        state.next_reminder = state.limits.interval
    change.record("config_reloaded", now)
    if state.clock is not None and now >= state.clock:
        change.fire_due(now, None)
