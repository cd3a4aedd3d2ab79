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

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing on the CLI's path
if TYPE_CHECKING:
    from collections.abc import Mapping
    from datetime import datetime
    from typing import Any, ClassVar, Self

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

Wire = dict[str, "Any"]
"""A request as JSON carries it: ``{"command": "snooze", "minutes": 10}``."""
LONGEST_SNOOZE_MINUTES = 240


class RequestError(ValueError):
    """A request that cannot be made as given; the text names the request and what was wrong, in one line."""


class _Request:
    """What every request shares: its ``name`` on the wire, and the wire form of its fields.

    A request is a frozen value whose fields are its ``__init__``'s
    parameters, kept in ``__slots__`` and set once. (Not a
    dataclass: ``dataclasses`` and the ``inspect`` it loads would double what
    ``deskbreak status`` imports.) A field left at its default stays off the
    wire, so a daemon from before the field existed still understands it.
    """

    __slots__ = ()
    name: ClassVar[str]

    def _set(self, **values: object) -> None:
        for field, value in values.items():
            object.__setattr__(self, field, value)

    def __setattr__(self, field: str, value: object) -> None:
        raise AttributeError(f"a {self.name} request cannot change its {field}")

    def _values(self) -> tuple[object, ...]:
        return tuple(getattr(self, field) for field in _fields(type(self))[0])

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and isinstance(other, _Request) and other._values() == self._values()

    def __hash__(self) -> int:
        return hash((type(self), self._values()))

    def __repr__(self) -> str:
        shown = ", ".join(f"{field}={getattr(self, field)!r}" for field in _fields(type(self))[0])
        return f"{type(self).__name__}({shown})"

    @classmethod
    def from_fields(cls, wire: Mapping[str, Any]) -> Self:
        """The request ``wire`` (its "command" already matched) describes; RequestError if it cannot be."""
        return cls(**_arguments(cls.name, wire, set(_fields(cls)[0])))

    def to_wire(self) -> Wire:
        """The JSON object for this request: its name, and every field not at its default."""
        fields, default_of = _fields(type(self))
        changed = {field: getattr(self, field) for field in fields
                   if field not in default_of or getattr(self, field) != default_of[field]}
        return {"command": self.name, **changed}


def _fields(kind: type[_Request]) -> tuple[tuple[str, ...], dict[str, object]]:
    """``kind``'s fields in its ``__init__``'s order, and their defaults, read off that function."""
    init = kind.__init__
    code = getattr(init, "__code__", None)
    if code is None:  # object's own __init__: a request with no fields
        return (), {}
    names: tuple[str, ...] = code.co_varnames[1:code.co_argcount]
    defaults: tuple[object, ...] = getattr(init, "__defaults__", None) or ()
    return names, dict(zip(names[len(names) - len(defaults):], defaults, strict=True))


def _arguments(name: str, wire: Mapping[str, Any], allowed: set[str]) -> dict[str, Any]:
    """``wire``'s fields but "command", when each is one of ``allowed``."""
    extra = sorted(set(wire) - {"command"} - allowed)
    if extra:
        raise RequestError(f"{name}: unexpected {', '.join(extra)}")
    return {key: value for key, value in wire.items() if key != "command"}


class Status(_Request):
    """How long until the next break; the answer carries the whole state."""

    name: ClassVar[str] = "status"
    __slots__ = ()


class Start(_Request):
    """Start a break now with ``routine`` (None: the configured one).

    ``window``: False for cues only. ``from_reminder``: the person clicked
    the reminder, so the break window may take the keyboard (on the wire,
    ``"from": "reminder"``).
    """

    name: ClassVar[str] = "start"
    __slots__ = ("from_reminder", "routine", "window")
    routine: str | None
    window: bool
    from_reminder: bool

    def __init__(self, routine: str | None = None, window: bool = True, from_reminder: bool = False) -> None:
        if routine is not None and not isinstance(routine, str):
            raise RequestError('start: routine must be a name such as "desk"')
        if not isinstance(window, bool):
            raise RequestError("start: window must be true or false")
        self._set(routine=routine, window=window, from_reminder=from_reminder)

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
        wire = super().to_wire()
        return {**wire, "from": "reminder"} if wire.pop("from_reminder", False) else wire


class Stop(_Request):
    """Stop the running break; it is recorded as partial."""

    name: ClassVar[str] = "stop"
    __slots__ = ()


class Snooze(_Request):
    """Put the showing reminder off by ``minutes`` of desk time (None: the snooze setting)."""

    name: ClassVar[str] = "snooze"
    __slots__ = ("minutes",)
    minutes: int | None

    def __init__(self, minutes: int | None = None) -> None:
        given: object = minutes
        if given is not None and (isinstance(given, bool) or not isinstance(given, int)
                                  or not 1 <= given <= LONGEST_SNOOZE_MINUTES):
            raise RequestError(f"snooze: minutes must be a whole number from 1 to {LONGEST_SNOOZE_MINUTES}, "
                               f"got {given!r}")
        self._set(minutes=minutes)


class Skip(_Request):
    """Skip this break; desk time starts again from zero."""

    name: ClassVar[str] = "skip"
    __slots__ = ()


class Log(_Request):
    """Record a break taken away from the computer."""

    name: ClassVar[str] = "log"
    __slots__ = ()


class Pause(_Request):
    """No reminders for as long as ``spec`` says: "30m", "until 14:00", "while busy"; "" until resumed.

    The spec is read against the time the daemon receives it, so it stays
    text until ``engine_event``.
    """

    name: ClassVar[str] = "pause"
    __slots__ = ("spec",)
    spec: str

    def __init__(self, spec: str = "") -> None:
        if not isinstance(spec, str):
            raise RequestError('pause: spec must be text such as "30m" or "until 14:00"')
        self._set(spec=spec)


class Resume(_Request):
    """End a pause."""

    name: ClassVar[str] = "resume"
    __slots__ = ()


class Hold(_Request):
    """Hold the running break's countdown (the break window's Pause button)."""

    name: ClassVar[str] = "hold"
    __slots__ = ()


class CarryOn(_Request):
    """Carry on with a held break (the break window's Resume button); its remaining steps move later."""

    name: ClassVar[str] = "carry-on"
    __slots__ = ()


class Next(_Request):
    """Cut the current stretch short and go on to the next (or finish)."""

    name: ClassVar[str] = "next"
    __slots__ = ()


class ChooseRoutine(_Request):
    """Make ``name`` the routine breaks run from now on (the tray's Routine menu)."""

    name: ClassVar[str] = "choose-routine"
    __slots__ = ("routine",)
    routine: str

    def __init__(self, routine: str) -> None:
        if not isinstance(routine, str):
            raise RequestError(f'choose-routine: routine must be a name such as "desk", got {routine!r}')
        self._set(routine=routine)

    @classmethod
    def from_fields(cls, wire: Mapping[str, Any]) -> Self:
        """As for every request, but the routine is required."""
        if "routine" not in wire:
            raise RequestError('choose-routine: needs "routine", the routine\'s name')
        return super().from_fields(wire)


class OpenConfig(_Request):
    """Open the config file in the desktop's editor."""

    name: ClassVar[str] = "open-config"
    __slots__ = ()


class OpenReport(_Request):
    """Draw this week's report and open it."""

    name: ClassVar[str] = "open-report"
    __slots__ = ()


class Reload(_Request):
    """Re-read the config file now."""

    name: ClassVar[str] = "reload"
    __slots__ = ()


class Doctor(_Request):
    """Which backends the daemon uses, and what is failing."""

    name: ClassVar[str] = "doctor"
    __slots__ = ()


class Quit(_Request):
    """Stop the daemon."""

    name: ClassVar[str] = "quit"
    __slots__ = ()


EngineRequest = Start | Stop | Snooze | Skip | Log | Pause | Resume | Hold | CarryOn | Next
"""The requests that become core events (``engine_event``); ``simulate`` traces can make these."""
DaemonRequest = ChooseRoutine | OpenConfig | OpenReport | Reload | Doctor | Quit
"""The requests the daemon carries out itself, beside the engine."""
Request = Status | EngineRequest | DaemonRequest

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
    from datetime import timedelta
    from typing import assert_never

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
