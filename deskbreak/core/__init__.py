"""The pure break engine: events in, effects out, time passed in.

Nothing in this package reads a clock, sleeps, does I/O, or imports a GUI,
D-Bus or scheduler library; adapters around it do those things.
"""

from deskbreak.core._engine import Engine
from deskbreak.core._events import (
    BreakCarryOnRequested,
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
from deskbreak.core._program import Program, evening_sessions_in_week
from deskbreak.core._records import BreakStep, Effect, Record, RecordKind, ShowReminder, WithdrawReminder
from deskbreak.core._routine import Routine, Step
from deskbreak.core._settings import ALWAYS, ActiveHours, HoursWindow, Settings
from deskbreak.core._state import IllegalAction, Phase
from deskbreak.core._status import Status

__all__ = [
    "ALWAYS",
    "ActiveHours",
    "BreakCarryOnRequested",
    "BreakHoldRequested",
    "BreakLogged",
    "BreakNextRequested",
    "BreakStartRequested",
    "BreakStep",
    "BreakStopRequested",
    "Effect",
    "Engine",
    "Event",
    "HoursWindow",
    "IdleSampled",
    "IllegalAction",
    "PauseRequested",
    "Phase",
    "Program",
    "QuietChanged",
    "Record",
    "RecordKind",
    "ResumeRequested",
    "Routine",
    "Settings",
    "SettingsChanged",
    "ShowReminder",
    "SkipRequested",
    "SnoozeRequested",
    "Status",
    "Step",
    "WithdrawReminder",
    "evening_sessions_in_week",
]
