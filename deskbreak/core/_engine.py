"""The break engine: desk time, reminders and breaks, as a pure state machine.

Events go in with the time they happened; records, reminder changes and
break steps come out. The engine never reads a clock, sleeps or does I/O,
so a month of work replays in milliseconds and every rule is tested on
simulated time. The passage of time lives in ``_timeline.py``; this module
holds the public API and what each user action does.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from typing import Any

from deskbreak.core._break import RunningBreak
from deskbreak.core._events import (
    BreakContinueRequested,
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
)
from deskbreak.core._records import Effect
from deskbreak.core._routine import Routine
from deskbreak.core._settings import Settings
from deskbreak.core._state import Action, IllegalAction, Phase, next_phase
from deskbreak.core._status import Status
from deskbreak.core._timeline import INF, Limits, Timeline

__all__ = ["Engine"]


class Engine(Timeline):
    """Counts desk time and decides when to remind; see the module docstring."""

    def __init__(self, settings: Settings, routines: Iterable[Routine]) -> None:
        super().__init__(settings)
        self._routines = {routine.name: routine for routine in routines}
        self._turn = 0  # breaks started with the default routine, for its [focus] rotation
        if settings.routine not in self._routines:
            raise ValueError(f"unknown routine {settings.routine!r}")

    def handle(self, event: Event) -> list[Effect]:
        """Apply ``event``; return what the user should see and history should keep.

        An action that makes no sense now raises ``IllegalAction``, and
        settings it cannot take raise ``ValueError``; either way the engine is
        left exactly as it was: every field is restored, not a list of them
        that could drift.
        """
        self._effects = []
        if type(event) is IdleSampled:  # the common case, kept short
            self._observe(self._instant(event.now), event.idle_for.total_seconds(),
                          event.active_for.total_seconds())
            return self._effects
        saved = dict(vars(self))
        try:
            _HANDLERS[type(event)](self, event)
        except (IllegalAction, ValueError):
            vars(self).clear()
            vars(self).update(saved)
            raise
        return self._effects

    def next_deadline(self, natural_break_watched: bool = False) -> datetime | None:
        """When the engine next needs an idle sample, if the user keeps working.

        With ``natural_break_watched`` the idle source itself tells when idle
        time reaches ``natural_break`` (an event-driven source does), so the
        natural break is not a deadline: a typing user is then not sampled
        once every ``natural_break`` just in case they stopped.
        """
        clock = self._clock
        if clock is None:
            return None
        # Desk time accrues for as long as the user works; a session already due waits for their next input,
        # which the next sample reports, so it is no point to wake for.
        natural_at = None if natural_break_watched else self._last_input + self._limits.natural
        stop = self._next_stop(clock, INF, natural_at, present=False)
        return self._optional_datetime(stop)

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
            routine=self._due_routine or self._settings.routine,
            break_routine=running.routine.name if running else None,
            break_started=self._datetime(running.started) if running else None,
            break_ends=self._datetime(running.ends(clock)) if running else None,
            break_step=running.step if running else None,
            break_held=running is not None and running.held_at is not None,
            break_stretch=running.current.stretch if running else None,
            break_step_ends=self._optional_datetime(running.step_ends()) if running else None,
            quiet=self._quiet,
            waiting=self._wait[1] if self._wait else None,
            paused_while_busy=self._pause_while_busy,
        )

    def upcoming(self, name: str) -> Routine | None:
        """The routine a break called ``name`` runs next: the default one takes its [focus] turns."""
        rotation = self._settings.rotation
        if name == self._settings.routine and rotation:
            return rotation[self._turn % len(rotation)]
        return self._routines.get(name)

    @property
    def settings(self) -> Settings:
        """The settings in force."""
        return self._settings

    @property
    def routines(self) -> dict[str, Routine]:
        """The routines a break can run, by name."""
        return dict(self._routines)

    # ------------------------------------------------------------ actions

    def _act(self, action: Action, when: datetime) -> float:
        """Bring time up to ``when`` (the user was present), then check ``action``."""
        now = self._instant(when)
        self._observe(now, 0.0, 0.0)
        next_phase(action, self._phase)
        return now

    def _on_snooze(self, event: SnoozeRequested) -> None:
        now = self._act("snooze", event.now)
        if self._snoozes_left() == 0:
            raise IllegalAction("snooze", f"no snoozes left ({self._settings.max_snoozes} used)")
        length = (event.length or self._settings.snooze).total_seconds()
        if length <= 0:
            raise IllegalAction("snooze", "the snooze must be longer than zero")
        self._snoozes_used += 1
        self._record("snoozed", now, seconds=length, snoozes_left=self._snoozes_left())
        self._withdraw(now)
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

    def _answer(self, action: Action, now: float) -> None:
        """Skip or log: the reminder is answered and desk time starts again."""
        if self._due_routine is not None:  # a skipped program session is not offered again today
            self._settled |= {self._due_routine}
        self._withdraw(now)
        self._phase = next_phase(action, self._phase)
        self._reset_desk()

    def _on_start(self, event: BreakStartRequested) -> None:
        now = self._act("start", event.now)
        name = event.routine or self._due_routine or self._settings.routine
        routine = self.upcoming(name)
        if routine is None:
            known = ", ".join(sorted(self._routines))
            raise IllegalAction("start", f"unknown routine {name!r} (known: {known})")
        self._record("break_started", now, routine=name)
        self._withdraw(now)
        self._phase = next_phase("start", self._phase)
        self._break = RunningBreak.begin(routine, now)
        if name == self._settings.routine:
            self._turn += 1
        self._show_step(now, cue=True)

    def _on_stop(self, event: BreakStopRequested) -> None:
        now = self._act("stop", event.now)
        running = self._break
        assert running is not None  # the phase table allows stop only in BREAK
        self._record("break_stopped", now, routine=running.routine.name, seconds=running.stretched(now))
        self._end_break()
        # Stopping is a press at the machine: idle from here on is a new stretch that can be a natural break.
        self._last_input = max(self._last_input, now)
        self._natural_done = False

    def _on_hold(self, event: BreakHoldRequested) -> None:
        now = self._act("hold", event.now)
        running = self._break
        assert running is not None
        if running.held_at is not None:
            raise IllegalAction("hold", "the break is already on hold")
        self._break = running.hold(now)
        self._show_step(now, cue=False)

    def _on_continue(self, event: BreakContinueRequested) -> None:
        now = self._act("carry_on", event.now)
        running = self._break
        assert running is not None
        if running.held_at is None:
            raise IllegalAction("carry_on", "the break is not on hold")
        self._break = running.carry_on(now)
        self._show_step(now, cue=False)

    def _on_next(self, event: BreakNextRequested) -> None:
        now = self._act("next", event.now)
        running = self._break
        assert running is not None
        if running.held_at is not None:
            running = running.carry_on(now)
        if running.is_last_step:
            self._complete(running, now)
            return
        self._break = running.next_step(now)
        self._show_step(now, cue=True)

    def _on_pause(self, event: PauseRequested) -> None:
        now = self._act("pause", event.now)
        until = INF if event.until is None else self._instant(event.until)
        if until <= now:
            raise IllegalAction("pause", "that time has already passed")
        if event.while_busy and self._quiet is None:
            raise IllegalAction("pause", "you are not busy now (no meeting, call or fullscreen window)")
        self._record("paused", now, until=self._optional_datetime(until))
        self._withdraw(now)
        self._phase = next_phase("pause", self._phase)
        self._pause_until = until
        self._pause_while_busy = event.while_busy

    def _on_resume(self, event: ResumeRequested) -> None:
        now = self._act("resume", event.now)
        if self._pause_until is None:
            raise IllegalAction("resume", "not paused")
        self._phase = next_phase("resume", self._phase)
        self._resume(now)
        self._fire_due(now, None)

    def _on_quiet(self, event: QuietChanged) -> None:
        """Busy or not: time passes to ``now`` with no input, then a held-back reminder shows if the user is free."""
        now = self._instant(event.now)
        if self._clock is not None:
            if now > self._clock:
                self._observe(now, now - self._last_input, 0.0)
            now = self._clock
        self._quiet = event.reason
        if event.reason is None and self._pause_while_busy:
            self._resume(now)
            self._fire_due(now, None)
        if event.reason is None and self._wait is not None:
            self._show_waited(now, quietly=False)

    def _on_settings(self, event: SettingsChanged) -> None:
        now = self._instant(event.now)
        if event.routines is not None:
            self._routines = {routine.name: routine for routine in event.routines}
        if event.settings.routine not in self._routines:
            raise ValueError(f"unknown routine {event.settings.routine!r}")
        self._settings = event.settings
        self._limits = Limits.of(event.settings)
        self._hours = (INF, -INF, True)
        if self._phase is Phase.WORKING and self._snoozes_used == 0:
            self._next_reminder = self._limits.interval
        self._record("config_reloaded", now)
        if self._clock is not None and now >= self._clock:
            self._fire_due(now, None)


_HANDLERS: dict[type, Callable[[Engine, Any], None]] = {
    SnoozeRequested: Engine._on_snooze,
    SkipRequested: Engine._on_skip,
    BreakLogged: Engine._on_log,
    BreakStartRequested: Engine._on_start,
    BreakStopRequested: Engine._on_stop,
    BreakHoldRequested: Engine._on_hold,
    BreakContinueRequested: Engine._on_continue,
    BreakNextRequested: Engine._on_next,
    PauseRequested: Engine._on_pause,
    ResumeRequested: Engine._on_resume,
    QuietChanged: Engine._on_quiet,
    SettingsChanged: Engine._on_settings,
}
