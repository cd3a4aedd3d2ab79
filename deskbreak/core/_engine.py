"""The break engine: desk time, reminders and breaks, as a pure state machine.

Events go in with the time they happened; records and reminder changes come
out. The engine never reads a clock, sleeps or does I/O, so a month of work
can be replayed in milliseconds and every rule tested on simulated time.

Time is kept internally as float seconds since the epoch (UTC): the engine
walks from one sample to the next, stopping at each point where something
happens (a reminder, a natural break, the end of a pause, a break or the
active hours) so that records carry their exact time however coarse the
samples were.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from typing import Any

from deskbreak.core._events import (
    BreakLogged,
    BreakStartRequested,
    BreakStopRequested,
    Event,
    IdleSampled,
    PauseRequested,
    ResumeRequested,
    SettingsChanged,
    SkipRequested,
    SnoozeRequested,
)
from deskbreak.core._records import Effect, Record, RecordKind, ShowReminder, WithdrawReminder
from deskbreak.core._routine import Routine
from deskbreak.core._settings import Settings
from deskbreak.core._state import TIMED, Action, IllegalAction, Phase, TimedChange, next_phase
from deskbreak.core._status import Status

__all__ = ["Engine"]

_EPS = 1e-6
_INF = math.inf


@dataclass(frozen=True, slots=True)
class _Limits:
    """The settings as float seconds: the timeline loop runs on plain floats."""

    interval: float
    snooze: float
    away: float
    natural: float
    sample_gap: float

    @classmethod
    def of(cls, settings: Settings) -> _Limits:
        return cls(
            interval=settings.interval.total_seconds(),
            snooze=settings.snooze.total_seconds(),
            away=settings.away_after.total_seconds(),
            natural=settings.natural_break.total_seconds(),
            sample_gap=settings.sample_gap.total_seconds(),
        )


@dataclass(slots=True)
class _Break:
    routine: Routine
    started: float
    ends: float


class Engine:
    """Counts desk time and decides when to remind; see the module docstring."""

    def __init__(self, settings: Settings, routines: Iterable[Routine]) -> None:
        self._settings = settings
        self._limits = _Limits.of(settings)
        self._routines = {routine.name: routine for routine in routines}
        if settings.routine not in self._routines:
            raise ValueError(f"unknown routine {settings.routine!r}")
        self._phase = Phase.WORKING
        self._desk = 0.0
        self._next_reminder = self._limits.interval
        self._snoozes_used = 0
        self._pause_until: float | None = None  # inf: until resumed
        self._break: _Break | None = None
        self._clock: float | None = None  # the latest instant processed
        self._last_input = 0.0
        self._natural_done = True
        self._tz: tzinfo = UTC
        self._offset = 0.0
        self._hours: tuple[float, float, bool] = (_INF, -_INF, True)  # valid from, until, inside
        self._effects: list[Effect] = []

    # ------------------------------------------------------------------ API

    def handle(self, event: Event) -> list[Effect]:
        """Apply ``event``; return what the user should see and history should keep.

        An action that makes no sense now raises ``IllegalAction`` and leaves
        the engine exactly as it was.
        """
        self._effects = []
        if type(event) is IdleSampled:  # the common case, kept short
            self._observe(self._instant(event.now), event.idle_for.total_seconds(),
                          event.active_for.total_seconds())
            return self._effects
        handler = _HANDLERS[type(event)]
        if isinstance(event, SettingsChanged):
            handler(self, event)
            return self._effects
        saved = self._save()
        try:
            handler(self, event)
        except IllegalAction:
            self._restore(saved)
            raise
        return self._effects

    def next_deadline(self) -> datetime | None:
        """When the engine next needs an idle sample, if the user keeps working."""
        clock = self._clock
        if clock is None:
            return None
        points = [self._hours_at(clock)[1]]
        if self._break is not None:
            points.append(self._break.ends)
        if self._pause_until is not None:
            points.append(self._pause_until)
        if not self._natural_done and self._break is None:
            points.append(self._last_input + self._limits.natural)
        if self._accruing(clock):
            points.append(clock + max(0.0, self._next_reminder - self._desk))
        soonest = min(points)
        return None if soonest == _INF else self._datetime(soonest)

    def status(self) -> Status:
        """A snapshot for the tray, the CLI and tests."""
        clock = self._clock if self._clock is not None else 0.0
        running = self._break
        return Status(
            as_of=self._datetime(clock),
            phase=self._phase,
            desk_time=timedelta(seconds=self._desk),
            until_reminder=timedelta(seconds=max(0.0, self._next_reminder - self._desk)),
            snoozes_left=self._snoozes_left(),
            paused=self._pause_until is not None,
            paused_until=self._optional_datetime(self._pause_until),
            in_active_hours=self._hours_at(clock)[2],
            routine=self._settings.routine,
            break_routine=running.routine.name if running else None,
            break_started=self._datetime(running.started) if running else None,
            break_ends=self._datetime(running.ends) if running else None,
        )

    @property
    def settings(self) -> Settings:
        """The settings in force."""
        return self._settings

    @property
    def routines(self) -> dict[str, Routine]:
        """The routines a break can run, by name."""
        return dict(self._routines)

    # ------------------------------------------------------------ handlers

    def _on_snooze(self, event: SnoozeRequested) -> None:
        now = self._act("snooze", event.now)
        if self._snoozes_left() == 0:
            raise IllegalAction("snooze", f"no snoozes left ({self._settings.max_snoozes} used)")
        length = (event.length or self._settings.snooze).total_seconds()
        if length <= 0:
            raise IllegalAction("snooze", "the snooze must be longer than zero")
        self._snoozes_used += 1
        self._record("snoozed", now, seconds=length, snoozes_left=self._snoozes_left())
        self._effects.append(WithdrawReminder(at=self._datetime(now)))
        self._next_reminder = self._desk + length
        self._phase = next_phase("snooze", self._phase)

    def _on_skip(self, event: SkipRequested) -> None:
        now = self._act("skip", event.now)
        self._record("skipped", now)
        self._answer("skip", now)

    def _on_log(self, event: BreakLogged) -> None:
        now = self._act("log", event.now)
        self._record("logged", now)
        self._answer("log", now)

    def _on_start(self, event: BreakStartRequested) -> None:
        now = self._act("start", event.now)
        name = event.routine or self._settings.routine
        routine = self._routines.get(name)
        if routine is None:
            known = ", ".join(sorted(self._routines))
            raise IllegalAction("start", f"unknown routine {name!r} (known: {known})")
        self._record("break_started", now, routine=name)
        if self._phase is Phase.DUE:
            self._effects.append(WithdrawReminder(at=self._datetime(now)))
        self._phase = next_phase("start", self._phase)
        self._break = _Break(routine, now, now + routine.duration.total_seconds())

    def _on_stop(self, event: BreakStopRequested) -> None:
        now = self._act("stop", event.now)
        running = self._break
        assert running is not None  # the phase table allows stop only in BREAK
        self._record("break_stopped", now, routine=running.routine.name, seconds=now - running.started)
        self._end_break()

    def _on_pause(self, event: PauseRequested) -> None:
        now = self._act("pause", event.now)
        until = _INF if event.until is None else self._instant(event.until)
        if until <= now:
            raise IllegalAction("pause", "that time has already passed")
        self._record("paused", now, until=self._optional_datetime(until))
        if self._phase is Phase.DUE:
            self._effects.append(WithdrawReminder(at=self._datetime(now)))
        self._phase = next_phase("pause", self._phase)
        self._pause_until = until

    def _on_resume(self, event: ResumeRequested) -> None:
        now = self._act("resume", event.now)
        if self._pause_until is None:
            raise IllegalAction("resume", "not paused")
        self._phase = next_phase("resume", self._phase)
        self._resume(now)
        self._fire_due(now, None)

    def _on_settings(self, event: SettingsChanged) -> None:
        now = self._instant(event.now)
        if event.routines is not None:
            self._routines = {routine.name: routine for routine in event.routines}
        if event.settings.routine not in self._routines:
            raise ValueError(f"unknown routine {event.settings.routine!r}")
        self._settings = event.settings
        self._limits = _Limits.of(event.settings)
        self._hours = (_INF, -_INF, True)
        if self._phase is Phase.WORKING and self._snoozes_used == 0:
            self._next_reminder = self._limits.interval
        self._record("config_reloaded", now)
        if self._clock is not None and now >= self._clock:
            self._fire_due(now, None)

    # ---------------------------------------------------------- user actions

    def _act(self, action: Action, when: datetime) -> float:
        """Bring time up to ``when`` (the user was present), then check ``action``."""
        now = self._instant(when)
        self._observe(now, 0.0, 0.0)
        next_phase(action, self._phase)
        return now

    def _answer(self, action: Action, now: float) -> None:
        """Skip or log: the reminder is answered and desk time starts again."""
        if self._phase is Phase.DUE:
            self._effects.append(WithdrawReminder(at=self._datetime(now)))
        self._phase = next_phase(action, self._phase)
        self._reset_desk()

    def _end_break(self) -> None:
        self._break = None
        self._phase = Phase.WORKING
        self._natural_done = True  # the idle stretch so far was the break itself
        self._reset_desk()

    def _reset_desk(self) -> None:
        self._desk = 0.0
        self._next_reminder = self._limits.interval
        self._snoozes_used = 0

    def _resume(self, at: float) -> None:
        self._pause_until = None
        self._record("resumed", at)

    # ------------------------------------------------------------ timeline

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
            self._run(present_from, last_input, _INF, None)
            self._last_input = last_input
            self._natural_done = False
            self._run(last_input, now, last_input + limits.away, last_input + limits.natural)
        self._clock = now

    def _run(self, start: float, end: float, accrue_until: float, natural_at: float | None) -> None:
        """Walk from ``start`` to ``end``, accruing desk time up to ``accrue_until``.

        Each step ends where something may change (a reminder, a natural
        break, the end of a pause or break, an active-hours edge), and what is
        due there is carried out before the next step.
        """
        cursor = start
        while cursor < end:
            step_to = end
            hours_until = self._hours_at(cursor)[1]
            accruing = self._accruing(cursor)
            if accruing and accrue_until > cursor:
                step_to = min(step_to, accrue_until, cursor + max(0.0, self._next_reminder - self._desk))
            if natural_at is not None and not self._natural_done and self._break is None:
                step_to = min(step_to, natural_at)
            if self._pause_until is not None:
                step_to = min(step_to, self._pause_until)
            if self._break is not None:
                step_to = min(step_to, self._break.ends)
            step_to = min(step_to, hours_until)
            if accruing:
                self._desk += max(0.0, min(step_to, accrue_until) - cursor)
            cursor = self._clock = step_to
            self._fire_due(cursor, natural_at)

    def _fire_due(self, cursor: float, natural_at: float | None) -> None:
        """Carry out every timed change that is due at ``cursor``."""
        running = self._break
        if running is not None and running.ends <= cursor:
            self._record("break_completed", running.ends, routine=running.routine.name,
                         seconds=running.ends - running.started)
            self._timed("break_completed")
            self._end_break()
        if self._pause_until is not None and self._pause_until <= cursor:
            self._resume(self._pause_until)
        if (natural_at is not None and natural_at <= cursor and not self._natural_done
                and self._break is None):
            self._record("natural_break", natural_at)
            if self._phase is Phase.DUE:
                self._effects.append(WithdrawReminder(at=self._datetime(natural_at)))
            self._timed("natural_break")
            self._natural_done = True
            self._reset_desk()
        if self._desk >= self._next_reminder - _EPS and self._accruing(cursor):
            self._timed("reminder")
            self._record("reminder", cursor, routine=self._settings.routine,
                         snoozes_left=self._snoozes_left())
            self._effects.append(ShowReminder(at=self._datetime(cursor), routine=self._settings.routine,
                                              snoozes_left=self._snoozes_left()))
            self._next_reminder = self._desk + self._limits.snooze

    def _timed(self, change: TimedChange) -> None:
        self._phase = TIMED[change][self._phase]

    def _accruing(self, at: float) -> bool:
        """Whether desk time counts at ``at``; also refreshes the active-hours cache."""
        return self._break is None and self._pause_until is None and self._hours_at(at)[2]

    def _hours_at(self, at: float) -> tuple[float, float, bool]:
        """(valid from, valid until, inside) for the active hours around ``at``, cached."""
        cached = self._hours
        if cached[0] <= at < cached[1]:
            return cached
        hours = self._settings.active_hours
        local = at + self._offset
        self._hours = (at, hours.next_change(local) - self._offset, hours.contains(local))
        return self._hours

    # ------------------------------------------------------------- helpers

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
            self._hours = (_INF, -_INF, True)
        return when.timestamp()

    def _datetime(self, instant: float) -> datetime:
        return datetime.fromtimestamp(instant, self._tz)

    def _optional_datetime(self, instant: float | None) -> datetime | None:
        return None if instant is None or instant == _INF else self._datetime(instant)

    def _record(self, kind: RecordKind, at: float, **fields: Any) -> None:
        self._effects.append(
            Record(kind=kind, at=self._datetime(at), desk_time=timedelta(seconds=self._desk), **fields)
        )

    def _save(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in _STATE_FIELDS}

    def _restore(self, saved: dict[str, Any]) -> None:
        for name, value in saved.items():
            setattr(self, name, value)


_STATE_FIELDS = (
    "_phase", "_desk", "_next_reminder", "_snoozes_used", "_pause_until", "_break",
    "_clock", "_last_input", "_natural_done", "_tz", "_offset", "_hours",
)

_HANDLERS: dict[type, Callable[[Engine, Any], None]] = {
    SnoozeRequested: Engine._on_snooze,
    SkipRequested: Engine._on_skip,
    BreakLogged: Engine._on_log,
    BreakStartRequested: Engine._on_start,
    BreakStopRequested: Engine._on_stop,
    PauseRequested: Engine._on_pause,
    ResumeRequested: Engine._on_resume,
    SettingsChanged: Engine._on_settings,
}
