"""Every request a person can make of deskbreak, defined once as frozen values.

The CLI, the tray menu, a reminder's buttons, the break window and
``deskbreak simulate`` traces all build these; the control channel and the
window's replies carry them as ``{"command": NAME, ...fields}``
(``to_wire``/``from_wire``), and ``engine_event`` turns the engine's share
into core events. A value is checked when it is made, so a bad one never
gets past the surface that read it, and the error names the request and the
field. ``deskbreak status`` imports this module on its way to the socket, so
it imports nothing heavy: the core only inside ``engine_event``, which only
the daemon and ``simulate`` call.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, ClassVar, Self, TypeAlias, assert_never

if TYPE_CHECKING:
    from deskbreak.core import Event

__all__ = [
    "DAEMON_REQUESTS",
    "ENGINE_REQUESTS",
    "REQUESTS",
    "CarryOn",
    "ChooseRoutine",
    "DaemonRequest",
    "Doctor",
    "EngineRequest",
    "Hold",
    "Log",
    "Next",
    "OpenConfig",
    "OpenReport",
    "Pause",
    "Quit",
    "Reload",
    "Request",
    "RequestError",
    "Resume",
    "Skip",
    "Snooze",
    "Start",
    "Status",
    "Stop",
    "Wire",
    "engine_event",
    "from_wire",
]

Wire: TypeAlias = dict[str, Any]
"""A request as JSON carries it: ``{"command": "snooze", "minutes": 10}``."""
LONGEST_SNOOZE_MINUTES = 240


class RequestError(ValueError):
    """A request that cannot be made as given; the text names the request and what was wrong, in one line."""


@dataclass(frozen=True, slots=True)
class _Request:
    """What every request shares: its ``name`` on the wire, and the wire form of its fields.

    A field left at its default stays off the wire, so a daemon from before
    the field existed still understands the request.
    """

    name: ClassVar[str]

    @classmethod
    def from_fields(cls, wire: Mapping[str, Any]) -> Self:
        """The request ``wire`` (its "command" already matched) describes; RequestError if it cannot be."""
        return cls(**_arguments(cls.name, wire, {field.name for field in fields(cls)}))

    def to_wire(self) -> Wire:
        """The JSON object for this request: its name, and every field not at its default."""
        changed = {field.name: getattr(self, field.name) for field in fields(self)
                   if getattr(self, field.name) != field.default}
        return {"command": self.name, **changed}


def _arguments(name: str, wire: Mapping[str, Any], allowed: set[str]) -> dict[str, Any]:
    """``wire``'s fields but "command", when each is one of ``allowed``."""
    extra = sorted(set(wire) - {"command"} - allowed)
    if extra:
        raise RequestError(f"{name}: unexpected {', '.join(extra)}")
    return {key: value for key, value in wire.items() if key != "command"}


@dataclass(frozen=True, slots=True)
class Status(_Request):
    """How long until the next break; the answer carries the whole state."""

    name: ClassVar[str] = "status"


@dataclass(frozen=True, slots=True)
class Start(_Request):
    """Start a break now with ``routine`` (None: the configured one).

    ``window``: False for cues only. ``from_reminder``: the person clicked
    the reminder, so the break window may take the keyboard (on the wire,
    ``"from": "reminder"``).
    """

    name: ClassVar[str] = "start"
    routine: str | None = None
    window: bool = True
    from_reminder: bool = False

    def __post_init__(self) -> None:
        if self.routine is not None and not isinstance(self.routine, str):
            raise RequestError('start: routine must be a name such as "desk"')
        if not isinstance(self.window, bool):
            raise RequestError("start: window must be true or false")

    @classmethod
    def from_fields(cls, wire: Mapping[str, Any]) -> Self:
        """As for every request, but ``"from": "reminder"`` is ``from_reminder``."""
        origin = wire.get("from")
        if origin not in (None, "reminder"):
            raise RequestError(f'start: from must be "reminder", got {origin!r}')
        plain = {key: value for key, value in wire.items() if key != "from"}
        return cls(**_arguments(cls.name, plain, {"routine", "window"}), from_reminder=origin == "reminder")

    def to_wire(self) -> Wire:
        """As for every request, with ``from_reminder`` as ``"from": "reminder"``."""
        wire = super(Start, self).to_wire()
        return {**wire, "from": "reminder"} if wire.pop("from_reminder", False) else wire


@dataclass(frozen=True, slots=True)
class Stop(_Request):
    """Stop the running break; it is recorded as partial."""

    name: ClassVar[str] = "stop"


@dataclass(frozen=True, slots=True)
class Snooze(_Request):
    """Put the showing reminder off by ``minutes`` of desk time (None: the snooze setting)."""

    name: ClassVar[str] = "snooze"
    minutes: int | None = None

    def __post_init__(self) -> None:
        minutes: object = self.minutes
        if minutes is None:
            return
        if isinstance(minutes, bool) or not isinstance(minutes, int) or not 1 <= minutes <= LONGEST_SNOOZE_MINUTES:
            raise RequestError(f"snooze: minutes must be a whole number from 1 to {LONGEST_SNOOZE_MINUTES}, "
                               f"got {minutes!r}")


@dataclass(frozen=True, slots=True)
class Skip(_Request):
    """Skip this break; desk time starts again from zero."""

    name: ClassVar[str] = "skip"


@dataclass(frozen=True, slots=True)
class Log(_Request):
    """Record a break taken away from the computer."""

    name: ClassVar[str] = "log"


@dataclass(frozen=True, slots=True)
class Pause(_Request):
    """No reminders for as long as ``spec`` says: "30m", "until 14:00", "while busy"; "" until resumed.

    The spec is read against the time the daemon receives it, so it stays
    text until ``engine_event``.
    """

    name: ClassVar[str] = "pause"
    spec: str = ""

    def __post_init__(self) -> None:
        if not isinstance(self.spec, str):
            raise RequestError('pause: spec must be text such as "30m" or "until 14:00"')


@dataclass(frozen=True, slots=True)
class Resume(_Request):
    """End a pause."""

    name: ClassVar[str] = "resume"


@dataclass(frozen=True, slots=True)
class Hold(_Request):
    """Hold the running break's countdown (the break window's Pause button)."""

    name: ClassVar[str] = "hold"


@dataclass(frozen=True, slots=True)
class CarryOn(_Request):
    """Carry on with a held break (the break window's Resume button); its remaining steps move later."""

    name: ClassVar[str] = "carry-on"


@dataclass(frozen=True, slots=True)
class Next(_Request):
    """Cut the current stretch short and go on to the next (or finish)."""

    name: ClassVar[str] = "next"


@dataclass(frozen=True, slots=True)
class ChooseRoutine(_Request):
    """Make ``name`` the routine breaks run from now on (the tray's Routine menu)."""

    name: ClassVar[str] = "choose-routine"
    routine: str

    def __post_init__(self) -> None:
        if not isinstance(self.routine, str):
            raise RequestError(f'choose-routine: routine must be a name such as "desk", got {self.routine!r}')

    @classmethod
    def from_fields(cls, wire: Mapping[str, Any]) -> Self:
        """As for every request, but the routine is required."""
        if "routine" not in wire:
            raise RequestError('choose-routine: needs "routine", the routine\'s name')
        return super(ChooseRoutine, cls).from_fields(wire)


@dataclass(frozen=True, slots=True)
class OpenConfig(_Request):
    """Open the config file in the desktop's editor."""

    name: ClassVar[str] = "open-config"


@dataclass(frozen=True, slots=True)
class OpenReport(_Request):
    """Draw this week's report and open it."""

    name: ClassVar[str] = "open-report"


@dataclass(frozen=True, slots=True)
class Reload(_Request):
    """Re-read the config file now."""

    name: ClassVar[str] = "reload"


@dataclass(frozen=True, slots=True)
class Doctor(_Request):
    """Which backends the daemon uses, and what is failing."""

    name: ClassVar[str] = "doctor"


@dataclass(frozen=True, slots=True)
class Quit(_Request):
    """Stop the daemon."""

    name: ClassVar[str] = "quit"


EngineRequest: TypeAlias = Start | Stop | Snooze | Skip | Log | Pause | Resume | Hold | CarryOn | Next
"""The requests that become core events (``engine_event``); ``simulate`` traces can make these."""
DaemonRequest: TypeAlias = ChooseRoutine | OpenConfig | OpenReport | Reload | Doctor | Quit
"""The requests the daemon carries out itself, beside the engine."""
Request: TypeAlias = Status | EngineRequest | DaemonRequest

ENGINE_REQUESTS: tuple[type[EngineRequest], ...] = (Start, Stop, Snooze, Skip, Log, Pause, Resume, Hold, CarryOn, Next)
DAEMON_REQUESTS: tuple[type[DaemonRequest], ...] = (ChooseRoutine, OpenConfig, OpenReport, Reload, Doctor, Quit)
REQUESTS: dict[str, type[Request]] = {kind.name: kind for kind in (Status, *ENGINE_REQUESTS, *DAEMON_REQUESTS)}
"""Every request by its name on the wire."""


def from_wire(wire: Mapping[str, Any]) -> Request:
    """The request a JSON object describes; RequestError names what is wrong with it."""
    command = wire.get("command")
    kind = REQUESTS.get(command) if isinstance(command, str) else None
    if kind is None:
        raise RequestError(f"unknown command {command!r} (known: {', '.join(REQUESTS)})")
    return kind.from_fields(wire)


def engine_event(request: EngineRequest, now: datetime) -> Event:
    """The core event ``request`` becomes when it arrives at ``now``; RequestError for a pause it cannot read."""
    from deskbreak import core  # the daemon's and simulate's side only: see the module docstring

    match request:
        case Start(routine=routine):
            return core.BreakStartRequested(now=now, routine=routine)
        case Stop():
            return core.BreakStopRequested(now=now)
        case Snooze(minutes=minutes):
            return core.SnoozeRequested(now=now, length=None if minutes is None else timedelta(minutes=minutes))
        case Skip():
            return core.SkipRequested(now=now)
        case Log():
            return core.BreakLogged(now=now)
        case Pause(spec=spec):
            return _pause_event(spec, now)
        case Resume():
            return core.ResumeRequested(now=now)
        case Hold():
            return core.BreakHoldRequested(now=now)
        case CarryOn():
            return core.BreakCarryOnRequested(now=now)
        case Next():
            return core.BreakNextRequested(now=now)
        case _:
            assert_never(request)


def _pause_event(spec: str, now: datetime) -> Event:
    from deskbreak.core import PauseRequested
    from deskbreak.pause_spec import WHILE_BUSY, pause_until

    if spec.strip().lower() == WHILE_BUSY:
        return PauseRequested(now=now, while_busy=True)
    try:
        return PauseRequested(now=now, until=pause_until(spec.split(), now))
    except ValueError as error:
        raise RequestError(f"pause: {error}") from None
