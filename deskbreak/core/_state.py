"""The engine's state as one value, and every phase change it can make, as tables.

Modelled on h11's ``_state.py``: the engine looks transitions up here and
never decides them inline, so the whole behaviour can be read on one screen.
Pausing is not a phase: it only gates reminders and desk time, so it is a
flag beside the phase, checked by the engine.

Everything else the engine knows is one ``State``: ``handle`` changes a copy
and keeps it only if the event was taken, so a refused action or a failed
reload leaves the engine as it was, with no list of fields to keep in step.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import UTC, datetime, tzinfo
from typing import Literal, NamedTuple

from deskbreak.core._break import RunningBreak
from deskbreak.core._routine import Routine
from deskbreak.core._settings import Settings

__all__ = [
    "ACTIONS",
    "INF",
    "TIMED",
    "UNKNOWN_HOURS",
    "Action",
    "HoursSpan",
    "IllegalAction",
    "Limits",
    "Phase",
    "State",
    "TimedChange",
    "Wait",
    "next_phase",
]

INF = math.inf


class Phase(enum.Enum):
    """Where the user is in the break cycle."""

    WORKING = "working"  # counting desk time, no reminder showing
    DUE = "due"  # a reminder is showing and unanswered
    BREAK = "break"  # a guided break is running


Action = Literal["snooze", "skip", "start", "stop", "log", "pause", "resume", "hold", "carry-on", "next"]
TimedChange = Literal["reminder", "natural_break", "break_completed"]

_W, _D, _B = Phase.WORKING, Phase.DUE, Phase.BREAK

# What the user may do in each phase, and where it leads.
ACTIONS: dict[Action, dict[Phase, Phase]] = {
    "snooze": {_D: _W},
    "skip": {_W: _W, _D: _W},
    "start": {_W: _B, _D: _B},
    "stop": {_B: _W},
    "log": {_W: _W, _D: _W},
    "pause": {_W: _W, _D: _W, _B: _B},
    "resume": {_W: _W, _D: _D, _B: _B},
    # Inside a guided break: hold the countdown, carry on, skip to the next step.
    "hold": {_B: _B},
    "carry-on": {_B: _B},
    "next": {_B: _B},
}

# What the passage of time does in each phase.
TIMED: dict[TimedChange, dict[Phase, Phase]] = {
    "reminder": {_W: _D, _D: _D},
    "natural_break": {_W: _W, _D: _W},
    "break_completed": {_B: _W},
}

_WHY_NOT: dict[tuple[Action, Phase], str] = {
    ("snooze", _W): "no reminder is showing",
    ("snooze", _B): "a break is running",
    ("skip", _B): "a break is running; stop it instead",
    ("start", _B): "a break is already running",
    ("stop", _W): "no break is running",
    ("stop", _D): "no break is running",
    ("log", _B): "a break is running; stop it first",
    **{(action, phase): "no break is running" for action in ("hold", "carry-on", "next") for phase in (_W, _D)},
}


class IllegalAction(Exception):
    """An action that makes no sense now; the engine changed nothing."""

    def __init__(self, action: str, reason: str) -> None:
        super().__init__(f"{action}: {reason}")
        self.action = action
        self.reason = reason


def next_phase(action: Action, phase: Phase) -> Phase:
    """The phase ``action`` leads to from ``phase``, or raise IllegalAction."""
    try:
        return ACTIONS[action][phase]
    except KeyError:
        raise IllegalAction(action, _WHY_NOT.get((action, phase), "not possible now")) from None


@dataclass(frozen=True, slots=True)
class Limits:
    """The settings as float seconds: the walk through time runs on plain floats."""

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


class HoursSpan(NamedTuple):
    """Whether active hours hold ``inside`` from ``valid_from`` until ``valid_until`` (a cache)."""

    valid_from: float
    valid_until: float
    inside: bool


UNKNOWN_HOURS = HoursSpan(INF, -INF, True)  # valid nowhere: the next look computes it


class Wait(NamedTuple):
    """A due reminder held back ``since`` then, because the user is busy (``reason``)."""

    since: float
    reason: str


@dataclass(slots=True)
class State:
    """Everything the engine knows, in one value; times are float seconds since the epoch.

    No field's value is ever changed in place (``routines`` is replaced
    whole), so ``copy`` is a whole snapshot: ``handle`` changes a copy and
    keeps it only on success.
    """

    settings: Settings
    limits: Limits
    routines: Mapping[str, Routine]  # the routines a break can run, by name; replaced, never changed
    next_reminder: float  # the desk time at which the reminder is next due
    turn: int = 0  # breaks started with the default routine, for its [focus] rotation
    phase: Phase = Phase.WORKING
    desk: float = 0.0  # desk time since the last break
    snoozes_used: int = 0
    pause_until: float | None = None  # inf: until resumed
    running: RunningBreak | None = None  # the guided break in progress
    clock: float | None = None  # the latest instant processed
    last_input: float = 0.0
    natural_done: bool = True  # the current idle stretch already counted as a natural break
    tz: tzinfo = UTC  # the time zone of the latest event, for the datetimes handed out
    offset: float = 0.0  # its UTC offset in seconds: local midnight, active hours
    hours: HoursSpan = UNKNOWN_HOURS
    due_routine: str | None = None  # the routine a showing reminder offers, if not the default
    day: int | None = None  # the local day of the latest input
    first_activity: float | None = None  # the day's first input
    settled: frozenset[str] = frozenset()  # program routines offered or done today
    quiet: str | None = None  # what the user is busy with, if anything
    wait: Wait | None = None  # a due reminder held back while the user is busy
    pause_while_busy: bool = False  # the pause ends when the user is no longer busy

    @classmethod
    def begin(cls, settings: Settings, routines: Mapping[str, Routine]) -> State:
        """A fresh engine's state; ``routines`` must offer the default one."""
        if settings.routine not in routines:
            raise ValueError(f"unknown routine {settings.routine!r}")
        limits = Limits.of(settings)
        return cls(settings=settings, limits=limits, routines=dict(routines),
                   next_reminder=limits.interval)

    def copy(self) -> State:
        """The same state as a separate value: a shallow copy is whole, since values are replaced, not changed."""
        return State(*[getattr(self, name) for name in _FIELDS])

    def snoozes_left(self) -> int:
        return max(0, self.settings.max_snoozes - self.snoozes_used)

    def upcoming(self, name: str) -> Routine | None:
        """The routine a break called ``name`` runs next: the default one takes its [focus] turns."""
        rotation = self.settings.rotation
        if name == self.settings.routine and rotation:
            return rotation[self.turn % len(rotation)]
        return self.routines.get(name)

    def datetime_of(self, instant: float) -> datetime:
        """``instant`` in the time zone of the latest event."""
        return datetime.fromtimestamp(instant, self.tz)

    def optional_datetime_of(self, instant: float | None) -> datetime | None:
        """``datetime_of``, with None for never (None or inf)."""
        return None if instant is None or instant == INF else self.datetime_of(instant)


# Every field, in the order State() takes them: positional, because the copy is made for every event.
_FIELDS = tuple(field.name for field in fields(State))
