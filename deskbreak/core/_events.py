"""Events the engine accepts: what happened in the world, and when.

Every event carries ``now``, a timezone-aware ``datetime``: the engine never
reads a clock. User actions imply the user was at the computer at ``now``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from deskbreak.core._routine import Routine
from deskbreak.core._settings import Settings

__all__ = [
    "BreakCarryOnRequested",
    "BreakHoldRequested",
    "BreakLogged",
    "BreakNextRequested",
    "BreakStartRequested",
    "BreakStopRequested",
    "Event",
    "IdleSampled",
    "PauseRequested",
    "QuietChanged",
    "ResumeRequested",
    "SettingsChanged",
    "SkipRequested",
    "SnoozeRequested",
    "UserAction",
]


@dataclass(frozen=True, slots=True, kw_only=True)
class IdleSampled:
    """The idle source's reading: no input for ``idle_for`` as of ``now``.

    ``active_for`` is how long input had been continuous before that last
    input, when the source knows it (a push-style source does; a polled one
    leaves it at zero). It lets one sample stand for a long stretch of work
    without that stretch looking like a suspended machine.

    The moment of the last input (``now - idle_for``) is taken as the
    source's word: a reading that moves it on by more than a second is new
    input, even if it falls just before the last sample. A shell that hides
    input (a locked screen's) keeps that moment still.
    """

    now: datetime
    idle_for: timedelta
    active_for: timedelta = timedelta(0)


@dataclass(frozen=True, slots=True, kw_only=True)
class SnoozeRequested:
    """Put the showing reminder off by ``length`` of desk time (default: the setting)."""

    now: datetime
    length: timedelta | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class SkipRequested:
    """Skip this break: desk time starts again from zero."""

    now: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class BreakStartRequested:
    """Start a guided break with ``routine`` (default: the configured one)."""

    now: datetime
    routine: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class BreakStopRequested:
    """Stop the running break early; it counts as partial."""

    now: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class BreakHoldRequested:
    """Hold the running break's countdown (the break window's Pause)."""

    now: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class BreakCarryOnRequested:
    """Carry on with a held break; its remaining steps move later."""

    now: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class BreakNextRequested:
    """Cut the current step short and go on to the next (or finish)."""

    now: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class BreakLogged:
    """The user took a break away from the computer and says so."""

    now: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class PauseRequested:
    """No reminders and no desk time until ``until``, or until resumed if None.

    ``while_busy``: until the user is no longer busy (the tray's "During this
    meeting"), or resumed; only while a quiet signal says the user is busy.
    """

    now: datetime
    until: datetime | None = None
    while_busy: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class ResumeRequested:
    """End a pause early."""

    now: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class QuietChanged:
    """The user became busy (``reason``: "fullscreen", "do not disturb", "in a call"...) or stopped being (None).

    Not a sign of presence: it says nothing about the keyboard, so the time
    since the last sample passes as if nobody touched it.
    """

    now: datetime
    reason: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class SettingsChanged:
    """The config file was re-read; desk time already counted is kept."""

    now: datetime
    settings: Settings
    routines: tuple[Routine, ...] | None = None


UserAction = (
    SnoozeRequested
    | SkipRequested
    | BreakStartRequested
    | BreakStopRequested
    | BreakHoldRequested
    | BreakCarryOnRequested
    | BreakNextRequested
    | BreakLogged
    | PauseRequested
    | ResumeRequested
)
"""What the user does at the computer: each one means they were there at ``now``."""

Event = IdleSampled | QuietChanged | SettingsChanged | UserAction
