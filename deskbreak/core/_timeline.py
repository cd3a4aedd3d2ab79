"""The engine's clockwork: walking time from one event to the next, on a copy of the state.

Time is kept as float seconds since the epoch (UTC). Between two samples
the walk stops at each point where something happens (a reminder, a
natural break, the end of a pause or of a break step, an active-hours edge)
and carries it out there, so records carry their exact time however coarse
the samples were. The user's actions (``_actions.py``) build on the same
``Transition``.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta
from typing import Any

from deskbreak.core._break import RunningBreak
from deskbreak.core._program import Session, next_session
from deskbreak.core._records import BreakStep, Effect, Record, RecordKind, ShowReminder, WithdrawReminder
from deskbreak.core._state import INF, TIMED, UNKNOWN_HOURS, HoursSpan, Phase, State, TimedChange, Wait

__all__ = ["Transition"]

_EPS = 1e-6
_READING_SPREAD_S = 1.0
"""How far apart two readings can place one input: each is timed by a clock read a moment away from the source's."""


class Transition:
    """One event's work: ``state`` (a copy, changed in place) and the ``effects`` it produced.

    The engine keeps ``state`` only if the event is taken, so whatever a
    refused action changed before it was refused is thrown away with it.
    """

    __slots__ = ("effects", "state")

    def __init__(self, state: State) -> None:
        self.state = state
        self.effects: list[Effect] = []

    def deadline(self, natural_break_watched: bool = False) -> float | None:
        """When something next happens if the user keeps working, or stays away (None: never).

        ``natural_break_watched``: the idle source reports the natural break itself, so while the user
        is at the machine it is no deadline. Once they are away it is one again: an event may come a
        little early (KWin's timers fire up to 5 % early), and the sample it brings then reads an idle
        time just short of the natural break, which nothing else would follow.
        """
        state = self.state
        clock = state.clock
        if clock is None:
            return None
        # Desk time accrues for as long as the user works. A session already due is offered at once to a user
        # who is at the machine; to an empty chair it waits for their next input, which a sample reports.
        limits = state.limits
        present = clock < state.last_input + limits.away
        natural_at = None if natural_break_watched and present else state.last_input + limits.natural
        stop = self.next_stop(clock, INF, natural_at, present=present)
        return None if stop == INF else stop

    def observe(self, now: float, idle: float, active: float) -> None:
        """Account for the time since the last sample, given this sample."""
        state = self.state
        previous = state.clock
        last_input = now - idle
        limits = state.limits
        if previous is None or now < previous:
            # First sample, or the clock was set back: start afresh, count nothing.
            state.clock = now
            state.last_input = last_input
            state.natural_done = idle >= limits.natural
            self._note_activity(last_input, last_input)
            return
        if last_input <= previous and last_input <= state.last_input + _READING_SPREAD_S:
            stretch = state.last_input
            self._run(previous, now, stretch + limits.away, stretch + limits.natural)
        else:
            # New input. Placed before the last sample, it came just as that sample read its source, too
            # late to be seen; it counts from that sample.
            last_input = max(last_input, previous)
            present_from = max(previous, last_input - active)
            if present_from - previous > limits.sample_gap:
                # Nobody was sampling: the machine slept or the clock jumped ahead.
                stretch = state.last_input
                self._run(previous, present_from, stretch + limits.away, stretch + limits.natural)
            else:
                present_from = previous
            self._note_activity(present_from, last_input)
            self._run(present_from, last_input, INF, None)
            state.last_input = last_input
            state.natural_done = False
            self._run(last_input, now, last_input + limits.away, last_input + limits.natural)
        state.clock = now

    def _note_activity(self, present_from: float, last_input: float) -> None:
        """Presence from ``present_from`` to ``last_input``: a new local day starts its program."""
        state = self.state
        day = math.floor((last_input + state.offset) / 86_400.0)
        if day != state.day:
            midnight = day * 86_400.0 - state.offset
            state.day, state.first_activity, state.settled = day, max(present_from, midnight), frozenset()

    def _next_session(self) -> Session | None:
        state = self.state
        program = state.settings.program
        if program is None or state.day is None:
            return None
        return next_session(program, state.day, state.offset, state.first_activity, state.settled)

    def _run(self, start: float, end: float, accrue_until: float, natural_at: float | None) -> None:
        """Walk from ``start`` to ``end``, accruing desk time up to ``accrue_until``."""
        state = self.state
        cursor = start
        while cursor < end:
            step_to = min(end, self.next_stop(cursor, accrue_until, natural_at, present=cursor < accrue_until))
            if self.accruing(cursor):
                state.desk += max(0.0, min(step_to, accrue_until) - cursor)
            cursor = state.clock = step_to
            self.fire_due(cursor, natural_at, present=cursor < accrue_until)

    def next_stop(self, cursor: float, accrue_until: float, natural_at: float | None, present: bool) -> float:
        """The first point from ``cursor`` on where something happens (inf: none).

        Desk time accrues until ``accrue_until``; a natural break is due at
        ``natural_at``. The walk and ``deadline`` share this, so the daemon
        is woken for exactly the points the walk stops at. A program session
        already due stops the walk at ``cursor`` only if the user is
        ``present`` there: offered to an empty chair, it waits.
        """
        state = self.state
        step_to = self.hours_at(cursor).valid_until
        accruing = self.accruing(cursor)
        if accruing and accrue_until > cursor:
            step_to = min(step_to, accrue_until, cursor + max(0.0, state.next_reminder - state.desk))
        if natural_at is not None and not state.natural_done and state.running is None:
            step_to = min(step_to, natural_at)
        if state.pause_until is not None:
            step_to = min(step_to, state.pause_until)
        if state.running is not None:
            step_to = min(step_to, state.running.step_ends())
        if state.wait is not None:
            step_to = min(step_to, max(cursor, state.wait.since + state.limits.max_wait))
        if state.settings.program is not None and accruing:
            session = self._next_session()
            if session is not None and (session.at > cursor or present):
                step_to = min(step_to, max(session.at, cursor))
        return step_to

    def fire_due(self, cursor: float, natural_at: float | None, present: bool = True) -> None:
        """Carry out every timed change that is due at ``cursor``.

        A program session waits for the user to be ``present``: offered to an
        empty chair, it would only be withdrawn by the natural break.
        """
        state = self.state
        while state.running is not None and state.running.step_ends() <= cursor:
            self._end_step(state.running)
        if state.pause_until is not None and state.pause_until <= cursor:
            self.resume(state.pause_until)
        if natural_at is not None and natural_at <= cursor and not state.natural_done and state.running is None:
            self.record("natural_break", natural_at)
            self.withdraw(natural_at)
            if state.due_routine is not None:  # offered while away: offer it again on return
                state.settled -= {state.due_routine}
            self.timed("natural_break")
            state.natural_done = True
            self.reset_desk()
        if state.wait is not None and state.wait.since + state.limits.max_wait <= cursor:
            self.show_waited(cursor, quietly=True)
        session = self._next_session() if present and state.settings.program is not None else None
        if session is not None and session.at <= cursor and self.accruing(cursor):
            state.settled |= {session.routine}
            state.due_routine = session.routine
            self._remind(cursor)
        elif state.desk >= state.next_reminder - _EPS and self.accruing(cursor):
            self._remind(cursor)

    def _remind(self, cursor: float) -> None:
        """The break is due: show the reminder, or hold it back while the user is busy."""
        state = self.state
        self.timed("reminder")
        state.next_reminder = state.desk + state.limits.snooze
        if state.wait is not None:
            return
        if state.quiet is not None:
            state.wait = Wait(cursor, state.quiet)
            return
        self._show_reminder(cursor)

    def _show_reminder(self, cursor: float, waited: float | None = None, quietly: bool = False) -> None:
        """Show the reminder: a program session's routine, or the configured one; unanswered, it comes back."""
        state = self.state
        state.next_reminder = state.desk + state.limits.snooze
        routine, left = state.due_routine or state.settings.routine, state.snoozes_left()
        self.record("reminder", cursor, routine=routine, snoozes_left=left)
        self.effects.append(ShowReminder(
            at=state.datetime_of(cursor), routine=routine, snoozes_left=left, desk_time=timedelta(seconds=state.desk),
            waited=None if waited is None else timedelta(seconds=waited), quietly=quietly))

    def show_waited(self, cursor: float, quietly: bool) -> None:
        """A held-back reminder's wait is over: the user is free, or it waited ``max_wait``."""
        self._show_reminder(cursor, waited=self._end_wait(cursor), quietly=quietly)

    def _end_wait(self, at: float) -> float:
        """Record how long a held-back reminder waited, and why; the wait's length."""
        state = self.state
        assert state.wait is not None
        since, reason = state.wait
        state.wait = None
        self.record("waited", at, seconds=at - since, reason=reason)
        return at - since

    def _end_step(self, running: RunningBreak) -> None:
        """The current step's time is up: on to the next, or the break is complete."""
        at = running.step_ends()
        if not running.is_last_step:
            self.state.running = running.next_step(at)
            self.show_step(at, cue=True)
            return
        self.complete(running, at)

    def complete(self, running: RunningBreak, at: float) -> None:
        self.record("break_completed", at, routine=running.routine.name, seconds=running.stretched(at))
        self.timed("break_completed")
        self.state.settled |= {running.routine.name}
        self.end_break()

    def show_step(self, at: float, cue: bool) -> None:
        state = self.state
        running = state.running
        assert running is not None
        self.effects.append(BreakStep(
            at=state.datetime_of(at), routine=running.routine.name, index=running.step, step=running.current,
            prepare_until=state.datetime_of(running.prepare_until()),
            hold_until=state.datetime_of(running.step_began + running.current.total.total_seconds()),
            routine_until=state.datetime_of(running.ends(at)), held=running.held_at is not None, cue=cue,
        ))

    def end_break(self) -> None:
        state = self.state
        state.running = None
        state.phase = Phase.WORKING
        state.natural_done = True  # the idle stretch so far was the break itself
        self.reset_desk()

    def reset_desk(self) -> None:
        state = self.state
        state.due_routine = None
        state.desk = 0.0
        state.next_reminder = state.limits.interval
        state.snoozes_used = 0

    def resume(self, at: float) -> None:
        self.state.pause_until = None
        self.state.pause_while_busy = False
        self.record("resumed", at)

    def withdraw(self, at: float) -> None:
        """The due reminder was answered some other way: take it down, or end its wait if it never showed."""
        if self.state.wait is not None:
            self._end_wait(at)
        elif self.state.phase is Phase.DUE:
            self.effects.append(WithdrawReminder(at=self.state.datetime_of(at)))

    def timed(self, change: TimedChange) -> None:
        self.state.phase = TIMED[change][self.state.phase]

    def accruing(self, at: float) -> bool:
        """Whether desk time counts at ``at``; also refreshes the active-hours cache."""
        state = self.state
        return state.running is None and state.pause_until is None and self.hours_at(at).inside

    def hours_at(self, at: float) -> HoursSpan:
        """Active hours around ``at``, cached in the state."""
        state = self.state
        cached = state.hours
        if cached.valid_from <= at < cached.valid_until:
            return cached
        hours = state.settings.active_hours
        local = at + state.offset
        state.hours = HoursSpan(at, hours.next_change(local) - state.offset, hours.contains(local))
        return state.hours

    def instant(self, when: datetime) -> float:
        """``when`` as float seconds; the engine follows the event's time zone from here on."""
        state = self.state
        offset = when.utcoffset()
        if offset is None:
            raise ValueError("the engine needs timezone-aware datetimes")
        seconds = offset.total_seconds()
        if seconds != state.offset or when.tzinfo is not state.tz:
            state.offset = seconds
            state.tz = when.tzinfo or UTC
            state.hours = UNKNOWN_HOURS
        return when.timestamp()

    def record(self, kind: RecordKind, at: float, **fields: Any) -> None:
        state = self.state
        self.effects.append(
            Record(kind=kind, at=state.datetime_of(at), desk_time=timedelta(seconds=state.desk), **fields)
        )
