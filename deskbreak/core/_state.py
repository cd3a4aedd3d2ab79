"""Every phase change the engine can make, in one place, as tables.

Modelled on h11's ``_state.py``: the engine looks transitions up here and
never decides them inline, so the whole behaviour can be read on one screen.
Pausing is not a phase: it only gates reminders and desk time, so it is a
flag beside the phase, checked by the engine.
"""

from __future__ import annotations

import enum
from typing import Literal

__all__ = ["ACTIONS", "TIMED", "Action", "IllegalAction", "Phase", "TimedChange", "next_phase"]


class Phase(enum.Enum):
    """Where the user is in the break cycle."""

    WORKING = "working"  # counting desk time, no reminder showing
    DUE = "due"  # a reminder is showing and unanswered
    BREAK = "break"  # a guided break is running


Action = Literal["snooze", "skip", "start", "stop", "log", "pause", "resume", "hold", "carry_on", "next"]
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
    "carry_on": {_B: _B},
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
    **{(action, phase): "no break is running" for action in ("hold", "carry_on", "next") for phase in (_W, _D)},
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
