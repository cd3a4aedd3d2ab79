"""The engine's clockwork: walking time from one idle sample to the next.

Time is kept as float seconds since the epoch (UTC). Between two samples
the timeline stops at each point where something happens (a reminder, a
natural break, the end of a pause or of a break step, an active-hours edge)
and carries it out there, so records carry their exact time however coarse
the samples were. ``Engine`` (``_engine.py``) adds the public API and the
user's actions on top of this state.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from typing import Any

from deskbreak.core._break import RunningBreak
from deskbreak.core._program import next_session
from deskbreak.core._records import BreakStep, Effect, Record, RecordKind, ShowReminder, WithdrawReminder
from deskbreak.core._settings import Settings
from deskbreak.core._state import TIMED, Phase, TimedChange

__all__ = ["INF", "Limits", "Timeline"]

INF = math.inf
_EPS = 1e-6


@dataclass(frozen=True, slots=True)
class Limits:
    """The settings as float seconds: the timeline loop runs on plain floats."""

    interval: float
    snooze: float
    away: float
    natural: float
    sample_gap: float
    max_wait: float  # inf: a due reminder waits for a busy user for ever

    @classmethod
    def of(cls, settings: Settings) -> Limits:
        return cls(
            interval=settings.interval.total_seconds(),
            snooze=settings.snooze.total_seconds(),
            away=settings.away_after.total_seconds(),
            natural=settings.natural_break.total_seconds(),
            sample_gap=settings.sample_gap.total_seconds(),
            max_wait=settings.max_wait.total_seconds() or INF,
        )


class Timeline:
    """Desk time, reminders, pauses and breaks as time passes; no user actions."""

    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._limits = Limits.of(settings)
        self._phase = Phase.WORKING
        self._desk = 0.0
        self._next_reminder = self._limits.interval
        self._snoozes_used = 0
        self._pause_until: float | None = None  # inf: until resumed
        self._break: RunningBreak | None = None
        self._clock: float | None = None  # the latest instant processed
        self._last_input = 0.0
        self._natural_done = True
        self._tz: tzinfo = UTC
        self._offset = 0.0
        self._hours: tuple[float, float, bool] = (INF, -INF, True)  # valid from, until, inside
        self._due_routine: str | None = None  # the routine a showing reminder offers, if not the default
        self._day: int | None = None  # the local day of the latest input
        self._first_activity: float | None = None  # the day's first input
        self._settled: frozenset[str] = frozenset()  # program routines offered or done today
        self._quiet: str | None = None  # what the user is busy with, if anything
        self._wait: tuple[float, str] | None = None  # since when, and why, a due reminder is held back
        self._pause_while_busy = False  # the pause ends when the user is no longer busy
        self._effects: list[Effect] = []

    def _observe(self, now: float, idle: float, active: float) -> None:
        """Account for the time since the last sample, given this sample."""
        previous = self._clock
        last_input = now - idle
        limits = self._limits
        if previous is None or now < previous:
            # First sample, or the clock was set back: start afresh, count nothing.
            self._clock = now
            self._last_input = last_input
            self._natural_done = idle >= limits.natural
            self._note_activity(last_input, last_input)
            return
        if last_input <= previous:
            stretch = self._last_input
            self._run(previous, now, stretch + limits.away, stretch + limits.natural)
        else:
            present_from = max(previous, last_input - active)
            if present_from - previous > limits.sample_gap:
                # Nobody was sampling: the machine slept or the clock jumped ahead.
                stretch = self._last_input
                self._run(previous, present_from, stretch + limits.away, stretch + limits.natural)
            else:
                present_from = previous
            self._note_activity(present_from, last_input)
            self._run(present_from, last_input, INF, None)
            self._last_input = last_input
            self._natural_done = False
            self._run(last_input, now, last_input + limits.away, last_input + limits.natural)
        self._clock = now

    def _note_activity(self, present_from: float, last_input: float) -> None:
        """Presence from ``present_from`` to ``last_input``: a new local day starts its program."""
        day = math.floor((last_input + self._offset) / 86_400.0)
        if day != self._day:
            midnight = day * 86_400.0 - self._offset
            self._day, self._first_activity, self._settled = day, max(present_from, midnight), frozenset()

    def _next_session(self) -> tuple[float, str] | None:
        program = self._settings.program
        if program is None or self._day is None:
            return None
        return next_session(program, self._day, self._offset, self._first_activity, self._settled)

    def _run(self, start: float, end: float, accrue_until: float, natural_at: float | None) -> None:
        """Walk from ``start`` to ``end``, accruing desk time up to ``accrue_until``."""
        cursor = start
        while cursor < end:
            step_to = min(end, self._next_stop(cursor, accrue_until, natural_at, present=cursor < accrue_until))
            if self._accruing(cursor):
                self._desk += max(0.0, min(step_to, accrue_until) - cursor)
            cursor = self._clock = step_to
            self._fire_due(cursor, natural_at, present=cursor < accrue_until)

    def _next_stop(self, cursor: float, accrue_until: float, natural_at: float | None, present: bool) -> float:
        """The first point from ``cursor`` on where something happens (inf: none).

        Desk time accrues until ``accrue_until``; a natural break is due at
        ``natural_at``. The walk and ``next_deadline`` share this, so the
        daemon is woken for exactly the points the walk stops at. A program
        session already due stops the walk at ``cursor`` only if the user is
        ``present`` there: offered to an empty chair, it waits.
        """
        step_to = self._hours_at(cursor)[1]
        accruing = self._accruing(cursor)
        if accruing and accrue_until > cursor:
            step_to = min(step_to, accrue_until, cursor + max(0.0, self._next_reminder - self._desk))
        if natural_at is not None and not self._natural_done and self._break is None:
            step_to = min(step_to, natural_at)
        if self._pause_until is not None:
            step_to = min(step_to, self._pause_until)
        if self._break is not None:
            step_to = min(step_to, self._break.step_ends())
        if self._wait is not None:
            step_to = min(step_to, max(cursor, self._wait[0] + self._limits.max_wait))
        if self._settings.program is not None and accruing:
            session = self._next_session()
            if session is not None and (session[0] > cursor or present):
                step_to = min(step_to, max(session[0], cursor))
        return step_to

    def _fire_due(self, cursor: float, natural_at: float | None, present: bool = True) -> None:
        """Carry out every timed change that is due at ``cursor``.

        A program session waits for the user to be ``present``: offered to an
        empty chair, it would only be withdrawn by the natural break.
        """
        while self._break is not None and self._break.step_ends() <= cursor:
            self._end_step(self._break)
        if self._pause_until is not None and self._pause_until <= cursor:
            self._resume(self._pause_until)
        if (natural_at is not None and natural_at <= cursor and not self._natural_done
                and self._break is None):
            self._record("natural_break", natural_at)
            self._withdraw(natural_at)
            if self._due_routine is not None:  # offered while away: offer it again on return
                self._settled -= {self._due_routine}
            self._timed("natural_break")
            self._natural_done = True
            self._reset_desk()
        if self._wait is not None and self._wait[0] + self._limits.max_wait <= cursor:
            self._show_waited(cursor, quietly=True)
        session = self._next_session() if present and self._settings.program is not None else None
        if session is not None and session[0] <= cursor and self._accruing(cursor):
            self._settled |= {session[1]}
            self._due_routine = session[1]
            self._remind(cursor)
        elif self._desk >= self._next_reminder - _EPS and self._accruing(cursor):
            self._remind(cursor)

    def _remind(self, cursor: float) -> None:
        """The break is due: show the reminder, or hold it back while the user is busy."""
        self._timed("reminder")
        self._next_reminder = self._desk + self._limits.snooze
        if self._wait is not None:
            return
        if self._quiet is not None:
            self._wait = (cursor, self._quiet)
            return
        self._show_reminder(cursor)

    def _show_reminder(self, cursor: float, waited: float | None = None, quietly: bool = False) -> None:
        """Show the reminder: a program session's routine, or the configured one; unanswered, it comes back."""
        self._next_reminder = self._desk + self._limits.snooze
        routine, left = self._due_routine or self._settings.routine, self._snoozes_left()
        self._record("reminder", cursor, routine=routine, snoozes_left=left)
        self._effects.append(ShowReminder(
            at=self._datetime(cursor), routine=routine, snoozes_left=left, desk_time=timedelta(seconds=self._desk),
            waited=None if waited is None else timedelta(seconds=waited), quietly=quietly))

    def _show_waited(self, cursor: float, quietly: bool) -> None:
        """A held-back reminder's wait is over: the user is free, or it waited ``max_wait``."""
        self._show_reminder(cursor, waited=self._end_wait(cursor), quietly=quietly)

    def _end_wait(self, at: float) -> float:
        """Record how long a held-back reminder waited, and why; the wait's length."""
        assert self._wait is not None
        since, reason = self._wait
        self._wait = None
        self._record("waited", at, seconds=at - since, reason=reason)
        return at - since

    def _end_step(self, running: RunningBreak) -> None:
        """The current step's time is up: on to the next, or the break is complete."""
        at = running.step_ends()
        if not running.is_last_step:
            self._break = running.next_step(at)
            self._show_step(at, cue=True)
            return
        self._complete(running, at)

    def _complete(self, running: RunningBreak, at: float) -> None:
        self._record("break_completed", at, routine=running.routine.name, seconds=running.stretched(at))
        self._timed("break_completed")
        self._settled |= {running.routine.name}
        self._end_break()

    def _show_step(self, at: float, cue: bool) -> None:
        running = self._break
        assert running is not None
        self._effects.append(BreakStep(
            at=self._datetime(at), routine=running.routine.name, index=running.step, step=running.current,
            prepare_until=self._datetime(running.prepare_until()),
            hold_until=self._datetime(running.step_began + running.current.total.total_seconds()),
            routine_until=self._datetime(running.ends(at)), held=running.held_at is not None, cue=cue,
        ))

    def _end_break(self) -> None:
        self._break = None
        self._phase = Phase.WORKING
        self._natural_done = True  # the idle stretch so far was the break itself
        self._reset_desk()

    def _reset_desk(self) -> None:
        self._due_routine = None
        self._desk = 0.0
        self._next_reminder = self._limits.interval
        self._snoozes_used = 0

    def _resume(self, at: float) -> None:
        self._pause_until = None
        self._pause_while_busy = False
        self._record("resumed", at)

    def _withdraw(self, at: float) -> None:
        """The due reminder was answered some other way: take it down, or end its wait if it never showed."""
        if self._wait is not None:
            self._end_wait(at)
        elif self._phase is Phase.DUE:
            self._effects.append(WithdrawReminder(at=self._datetime(at)))

    def _timed(self, change: TimedChange) -> None:
        self._phase = TIMED[change][self._phase]

    def _accruing(self, at: float) -> bool:
        """Whether desk time counts at ``at``; also refreshes the active-hours cache."""
        return self._break is None and self._pause_until is None and self._hours_at(at)[2]

    def _hours_at(self, at: float) -> tuple[float, float, bool]:
        """Active hours around ``at`` as (valid from, valid until, inside), cached."""
        cached = self._hours
        if cached[0] <= at < cached[1]:
            return cached
        hours = self._settings.active_hours
        local = at + self._offset
        self._hours = (at, hours.next_change(local) - self._offset, hours.contains(local))
        return self._hours

    def _snoozes_left(self) -> int:
        return max(0, self._settings.max_snoozes - self._snoozes_used)

    def _instant(self, when: datetime) -> float:
        offset = when.utcoffset()
        if offset is None:
            raise ValueError("the engine needs timezone-aware datetimes")
        seconds = offset.total_seconds()
        if seconds != self._offset or when.tzinfo is not self._tz:
            self._offset = seconds
            self._tz = when.tzinfo or UTC
            self._hours = (INF, -INF, True)
        return when.timestamp()

    def _datetime(self, instant: float) -> datetime:
        return datetime.fromtimestamp(instant, self._tz)

    def _optional_datetime(self, instant: float | None) -> datetime | None:
        return None if instant is None or instant == INF else self._datetime(instant)

    def _record(self, kind: RecordKind, at: float, **fields: Any) -> None:
        self._effects.append(
            Record(kind=kind, at=self._datetime(at), desk_time=timedelta(seconds=self._desk), **fields)
        )
