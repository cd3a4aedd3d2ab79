"""Effects the engine returns: records of what happened, and reminder changes.

A ``Record`` is both the history row and the line ``deskbreak simulate``
prints, so the tests' oracle and the database can never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from deskbreak.core._routine import Step

__all__ = ["BreakStep", "Effect", "Record", "RecordKind", "ShowReminder", "WithdrawReminder"]

RecordKind = Literal[
    "reminder",
    "snoozed",
    "skipped",
    "break_started",
    "break_completed",
    "break_stopped",
    "logged",
    "natural_break",
    "paused",
    "resumed",
    "config_reloaded",
]


@dataclass(frozen=True, slots=True, kw_only=True)
class Record:
    """Something the user would want in their history.

    ``desk_time`` is the desk time just before the record took effect;
    ``seconds`` is the length of a break (or of the snooze, for ``snoozed``).
    """

    kind: RecordKind
    at: datetime
    desk_time: timedelta
    routine: str | None = None
    seconds: float | None = None
    snoozes_left: int | None = None
    until: datetime | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ShowReminder:
    """Show (or replace) the break reminder; ``snoozes_left`` 0 hides Snooze."""

    at: datetime
    routine: str
    snoozes_left: int


@dataclass(frozen=True, slots=True, kw_only=True)
class WithdrawReminder:
    """Take the showing reminder down: it was answered some other way."""

    at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class BreakStep:
    """The guided break's timeline, whenever it changes.

    ``cue`` is set when a new step (or side) begins, so the person hears it
    without watching the screen; holding and carrying on only re-time the
    countdown. Times assume nobody touches the break from ``at`` on.
    """

    at: datetime
    routine: str
    index: int
    step: Step
    prepare_until: datetime
    hold_until: datetime
    routine_until: datetime
    held: bool
    cue: bool


Effect = Record | ShowReminder | WithdrawReminder | BreakStep
