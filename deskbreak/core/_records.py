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
    "waited",
]


@dataclass(frozen=True, slots=True, kw_only=True)
class Record:
    """Something the user would want in their history.

    ``desk_time`` is the desk time just before the record took effect;
    ``seconds`` is the length of a break (or of the snooze, for ``snoozed``;
    of the wait, for ``waited``, whose ``reason`` says what the user was busy with).
    """

    kind: RecordKind
    at: datetime
    desk_time: timedelta
    routine: str | None = None
    seconds: float | None = None
    snoozes_left: int | None = None
    until: datetime | None = None
    reason: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ShowReminder:
    """Show (or replace) the break reminder; ``snoozes_left`` 0 hides Snooze.

    A reminder that waited for a busy user says so (``waited``) with the desk
    time it reached; one that waited ``max_wait`` in vain comes ``quietly``
    (low urgency, no sound), since the user is still busy.
    """

    at: datetime
    routine: str
    snoozes_left: int
    desk_time: timedelta = timedelta(0)
    waited: timedelta | None = None
    quietly: bool = False


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
