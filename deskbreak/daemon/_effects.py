"""Carrying out the engine's effects: history, notifications, break window, tray.

Runs on the engine thread only. The tray's view is a pure function of the
engine's status and today's tally (``tray_view``); it is recomputed after
every step and sent to the tray only when it changed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date

from deskbreak.core import BreakStep, Effect, Engine, Record, ShowReminder
from deskbreak.daemon._setup import Setup
from deskbreak.daemon._window import WindowProcess
from deskbreak.tray import TrayView, tray_view

__all__ = ["Effects"]

_log = logging.getLogger("deskbreak")


class Effects:
    """What the engine says, done: see the module docstring."""

    def __init__(self, setup: Setup, engine: Engine, read_window: Callable[[WindowProcess], None]) -> None:
        self._setup = setup
        self._engine = engine
        self._read_window = read_window
        self._window: WindowProcess | None = None
        self._shown: TrayView | None = None
        self._today: tuple[date, int, int] | None = None  # day, breaks taken, minutes stretched

    def carry_out(self, effects: list[Effect], wants_window: bool = True) -> None:
        """Store, show and follow each effect, in order."""
        face = self._setup.face
        for effect in effects:
            if isinstance(effect, Record):
                self._setup.history.append(effect)
                self._today = None
                _log.info("%s", _describe(effect))
                self._follow_break(effect, wants_window)
            elif isinstance(effect, ShowReminder):
                routine = self._engine.upcoming(effect.routine) or self._setup.routine(effect.routine)
                face.remind(effect, routine, self._setup.settings.snooze)
            elif isinstance(effect, BreakStep):
                face.cue(effect)
                if self._window is not None:
                    self._window.show(effect)
            else:
                face.withdraw()

    def refresh_tray(self) -> None:
        """Send the tray its view of the engine, if that changed."""
        status = self._engine.status()
        day = status.as_of.date()
        if self._today is None or self._today[0] != day:
            tally = self._setup.history.tally(day, day)
            self._today = (day, tally.breaks_taken, round(tally.minutes_stretched))
        routines = [(routine.name, routine.title) for routine in self._setup.routines]
        view = tray_view(status, self._today[1], self._today[2], routines, self._setup.face.stretch_names)
        if view != self._shown:
            self._shown = view
            self._setup.tray.update(view)

    def _follow_break(self, record: Record, wants_window: bool) -> None:
        """Open the break window when a break starts; close it when the break ends."""
        if record.kind == "break_started" and record.routine and wants_window:
            self._window = self._setup.open_window(record.routine)
            self._read_window(self._window)
        elif record.kind in ("break_completed", "break_stopped"):
            self._setup.face.break_ended(record.kind == "break_completed", self._setup.settings.checkins)
            if self._window is not None:
                self._window.finish(record.kind == "break_completed")
                self._window = None


def _describe(record: Record) -> str:
    details = [f"desk time {round(record.desk_time.total_seconds())}s"]
    if record.routine:
        details.append(f"routine {record.routine}")
    if record.seconds is not None:
        details.append(f"{round(record.seconds)}s")
    return f"{record.kind.replace('_', ' ')} ({', '.join(details)})"
