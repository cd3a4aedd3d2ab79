"""Carrying out the engine's effects: the person is told first, the history is written after.

Runs on the engine thread only. For each batch of effects, everything the
person sees (the reminder, a cue, the break window opening or closing)
happens before any record is written, so a history that cannot be written
never hides a reminder; the ``RecordKeeper`` holds such records until the
store works again. One effect that fails is logged and the rest still run.

The tray's view is a pure function of the engine's status and today's tally
(``tray_view``); it is recomputed after every step and sent to the tray only
when it changed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any, assert_never

from deskbreak.core import BreakStep, Effect, Engine, Record, ShowReminder, WithdrawReminder
from deskbreak.daemon._bar_line import bar_line
from deskbreak.daemon._keeper import RecordKeeper
from deskbreak.daemon._setup import BreakWindow, Setup
from deskbreak.daemon._troubles import Troubles
from deskbreak.history import HistoryError
from deskbreak.tray import Tray, TrayView, tray_view

__all__ = ["Effects"]

_log = logging.getLogger("deskbreak")


@dataclass(frozen=True, slots=True)
class _Today:
    """Today's tally as the tray shows it."""

    day: date
    breaks_taken: int
    minutes_stretched: int


class Effects:
    """What the engine says, done: see the module docstring."""

    def __init__(self, setup: Setup, engine: Engine, troubles: Troubles,
                 read_window: Callable[[BreakWindow], None]) -> None:
        self._setup = setup
        self._engine = engine
        self.keeper = RecordKeeper(setup.history, troubles)
        self._troubles = troubles
        self._read_window = read_window
        self._window: BreakWindow | None = None
        self._shown: tuple[Tray, TrayView] | None = None
        self._today: _Today | None = None

    def carry_out(self, effects: list[Effect], wants_window: bool = True, take_focus: bool = False) -> None:
        """Show each effect in order, then store its records.

        ``take_focus``: the person clicked the reminder, so a break window may
        take the keyboard; one started on schedule or from the tray never does.
        """
        for effect in effects:
            try:
                self._show(effect, wants_window, take_focus)
            except Exception:
                _log.exception("could not carry out %s; carrying on", type(effect).__name__)
        for effect in effects:
            if isinstance(effect, Record):
                _log.info("%s", _describe(effect))
                self.keeper.keep(effect)
                self._today = None

    def refresh_tray(self) -> None:
        """Send the tray its view of the engine, if that (or the tray, found again) changed."""
        status = self._engine.status()
        today = self._tally(status.as_of.date())
        routines = [(routine.name, routine.title) for routine in self._setup.routines]
        view = tray_view(status, today.breaks_taken, today.minutes_stretched, routines,
                         self._setup.face.stretch_names)
        tray = self._setup.tray
        if self._shown is None or self._shown[0] is not tray or self._shown[1] != view:
            self._shown = (tray, view)
            tray.update(view)

    def bar_line(self) -> dict[str, Any]:
        """What a status bar following the daemon shows now (see ``deskbreak.daemon._bar_line``)."""
        status = self._engine.status()
        today = self._tally(status.as_of.date())
        return bar_line(status, today.breaks_taken, today.minutes_stretched, self._setup.settings.max_snoozes)

    def _tally(self, day: date) -> _Today:
        """Today's tally, read again after a record or at midnight; the last one known while the store fails."""
        if self._today is not None and self._today.day == day:
            return self._today
        try:
            tally = self._setup.history.tally(day, day)
        except HistoryError as error:
            self._troubles.report("history", str(error), "Reminders go on; today's tally may be out of date.")
            return self._today or _Today(day, 0, 0)
        self._today = _Today(day, tally.breaks_taken, round(tally.minutes_stretched))
        return self._today

    def _show(self, effect: Effect, wants_window: bool, take_focus: bool) -> None:
        face = self._setup.face
        match effect:
            case Record():
                self._follow_break(effect, wants_window, take_focus)
            case ShowReminder():
                routine = self._engine.upcoming(effect.routine) or self._setup.routine(effect.routine)
                face.remind(effect, routine, self._setup.settings.snooze)
            case BreakStep():
                face.cue(effect)
                if self._window is not None:
                    self._window.show(effect)
            case WithdrawReminder():
                face.withdraw()
            case _:
                assert_never(effect)  # a new effect the daemon does not carry out fails mypy

    def _follow_break(self, record: Record, wants_window: bool, take_focus: bool) -> None:
        """Open the break window when a break starts; close it when the break ends."""
        if record.kind == "break_started" and record.routine and wants_window:
            self._window = self._setup.open_window(record.routine, take_focus)
            self._read_window(self._window)
        elif record.kind in ("break_completed", "break_stopped"):
            window, self._window = self._window, None
            if window is not None:
                window.finish(record.kind == "break_completed")
            self._setup.face.break_ended(record.kind == "break_completed", self._setup.settings.checkins)


def _describe(record: Record) -> str:
    details = [f"desk time {round(record.desk_time.total_seconds())}s"]
    if record.routine:
        details.append(f"routine {record.routine}")
    if record.seconds is not None:
        details.append(f"{round(record.seconds)}s")
    return f"{record.kind.replace('_', ' ')} ({', '.join(details)})"
