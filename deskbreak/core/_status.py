"""A read-only snapshot of the engine, for views (tray, CLI status, tests)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from deskbreak.core._state import Phase

__all__ = ["Status"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Status:
    """The engine's state as of ``as_of``, the latest instant it has processed.

    ``until_reminder`` is desk time, not wall time: it only runs down while
    the user works.
    """

    as_of: datetime
    phase: Phase
    desk_time: timedelta
    until_reminder: timedelta
    snoozes_left: int
    paused: bool
    paused_until: datetime | None
    in_active_hours: bool
    routine: str
    break_routine: str | None
    break_started: datetime | None
    break_ends: datetime | None
    break_step: int | None = None
    break_held: bool = False
    break_stretch: str | None = None  # the current step's stretch
    break_step_ends: datetime | None = None
    quiet: str | None = None  # what the user is busy with, if anything
    waiting: str | None = None  # why a due reminder is held back, if one is
    paused_while_busy: bool = False  # the pause ends when the user is no longer busy
