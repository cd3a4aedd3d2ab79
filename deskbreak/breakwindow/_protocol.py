"""The JSON Lines protocol between the daemon and the break window.

One JSON object per line. The daemon writes ``DaemonMessage``s to the
window's stdin; the window writes ``WindowRequest``s, requests of the shared
vocabulary (``deskbreak.requests``), to its stdout. Parsing lives
here, apart from the model and the view, so both ends share one definition
and every malformed line becomes one ``ProtocolError`` that names the field
at fault. Unknown extra keys are ignored, so the daemon may add fields
before the window knows them.
"""

from __future__ import annotations

import json
import math

from deskbreak.breakwindow._value import Value, as_dict
from deskbreak.requests import CarryOn, Hold, Next, RequestError, Stop

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing into the window process
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Literal, TypeAlias

    Side: TypeAlias = Literal["left", "right"]
else:
    Side = str  # the type checker's Literal["left", "right"]

__all__ = [
    "SIDES",
    "WINDOW_REQUESTS",
    "ClockMessage",
    "DaemonMessage",
    "DoneMessage",
    "PausedMessage",
    "ProtocolError",
    "ResumedMessage",
    "RoutineMessage",
    "Side",
    "StepGuide",
    "StepMessage",
    "TimelineMessage",
    "WindowRequest",
    "encode_message",
    "encode_request",
    "parse_message",
    "parse_request",
]

SIDES: tuple[Side, ...] = ("left", "right")
WindowRequest: TypeAlias = Hold | CarryOn | Next | Stop
"""What the window's buttons ask for: its Pause and Resume hold the break and carry on with it; closing it stops it."""
WINDOW_REQUESTS: tuple[type[WindowRequest], ...] = (Hold, CarryOn, Next, Stop)
_OLD_TYPES = {Hold.name: "pause", CarryOn.name: "resume", Next.name: "next", Stop.name: "stop"}
"""Each request as windows spelled it before the shared vocabulary, ``{"type": "pause"}``.

Still written beside "command", so a daemon started before an upgrade
understands the window the upgraded package opens.
"""


class ProtocolError(ValueError):
    """One line the other end cannot use; the message says what was wrong with it."""


class StepGuide(Value):
    """What the window shows for one step; ``hold`` or ``reps`` says how it is done.

    ``alternatives`` are other stretches for the same region that can be
    done beside a desk, nearest first, each already fitted to this step (its
    side, its timing). The window's Swap shows them in turn instead of this
    stretch; they have no alternatives of their own.
    """

    stretch: str
    name: str
    how: tuple[str, ...]
    side: Side | None = None
    hold: float | None = None
    reps: int | None = None
    prepare: float = 0.0
    picture: str | None = None
    cautions: tuple[str, ...] = ()
    tip: str | None = None
    alternatives: tuple[StepGuide, ...] = ()


class RoutineMessage(Value):
    """The whole routine, always the first message."""

    title: str
    steps: tuple[StepGuide, ...]


class StepMessage(Value):
    """Step ``index`` begins: get into position until ``prepare_until``, then hold until ``hold_until``."""

    index: int
    prepare_until: float
    hold_until: float
    routine_until: float


class PausedMessage(Value):
    """The daemon paused the break at epoch ``at``; countdowns freeze there."""

    at: float


class ResumedMessage(Value):
    """The break runs again; every deadline moved ``shift`` seconds later."""

    shift: float


class DoneMessage(Value):
    """The break is over: finished (``completed``) or stopped."""

    completed: bool


class ClockMessage(Value):
    """Test hook: the window's time is now ``now`` (only with DESKBREAK_WINDOW_CLOCK=stdin)."""

    now: float


TimelineMessage = RoutineMessage | StepMessage | PausedMessage | ResumedMessage | DoneMessage
DaemonMessage = TimelineMessage | ClockMessage

_TYPE_NAMES: dict[type, str] = {
    RoutineMessage: "routine",
    StepMessage: "step",
    PausedMessage: "paused",
    ResumedMessage: "resumed",
    DoneMessage: "done",
    ClockMessage: "clock",
}


class _Fields:
    """Typed reads of one JSON object, each failure naming the object and the key."""

    def __init__(self, data: object, where: str) -> None:
        if not isinstance(data, dict):
            raise ProtocolError(f"{where} must be a JSON object, got {json.dumps(data)}")
        self.data: dict[str, object] = data
        self.where = where

    def fail(self, key: str, expected: str) -> ProtocolError:
        found = json.dumps(self.data[key]) if key in self.data else "nothing"
        return ProtocolError(f'{self.where}: "{key}" must be {expected}, got {found}')

    def number(self, key: str) -> float:
        value = self.data.get(key)
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            raise self.fail(key, "a number")
        return float(value)

    def optional_number(self, key: str) -> float | None:
        return None if self.data.get(key) is None else self.number(key)

    def count(self, key: str) -> int:
        value = self.data.get(key)
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise self.fail(key, "a whole number of at least 0")
        return value

    def optional_count(self, key: str) -> int | None:
        return None if self.data.get(key) is None else self.count(key)

    def text(self, key: str) -> str:
        value = self.data.get(key)
        if not isinstance(value, str):
            raise self.fail(key, "a string")
        return value

    def optional_text(self, key: str) -> str | None:
        return None if self.data.get(key) is None else self.text(key)

    def texts(self, key: str) -> tuple[str, ...]:
        value = self.data.get(key)
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise self.fail(key, "a list of strings")
        return tuple(value)

    def optional_texts(self, key: str) -> tuple[str, ...]:
        return () if self.data.get(key) is None else self.texts(key)

    def objects(self, key: str) -> list[_Fields]:
        """A list of JSON objects (none when left out), each named by its place for errors."""
        value = self.data.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            raise self.fail(key, "a list of objects")
        return [_Fields(item, f"{self.where} {key}[{index}]") for index, item in enumerate(value)]

    def side(self, key: str) -> Side | None:
        value = self.data.get(key)
        if value is None:
            return None
        for side in SIDES:
            if value == side:
                return side
        raise self.fail(key, '"left", "right" or null')

    def flag(self, key: str) -> bool:
        value = self.data.get(key)
        if not isinstance(value, bool):
            raise self.fail(key, "true or false")
        return value


def _step_guide(fields: _Fields, nested: bool = False) -> StepGuide:
    alternatives = fields.objects("alternatives")
    if nested and alternatives:
        raise fields.fail("alternatives", "absent (an alternative has none of its own)")
    return StepGuide(
        stretch=fields.text("stretch"),
        name=fields.text("name"),
        how=fields.texts("how"),
        side=fields.side("side"),
        hold=fields.optional_number("hold"),
        reps=fields.optional_count("reps"),
        prepare=fields.optional_number("prepare") or 0.0,
        picture=fields.optional_text("picture"),
        cautions=fields.optional_texts("cautions"),
        tip=fields.optional_text("tip"),
        alternatives=tuple(_step_guide(alternative, nested=True) for alternative in alternatives),
    )


def _routine(fields: _Fields) -> RoutineMessage:
    raw_steps = fields.data.get("steps")
    if not isinstance(raw_steps, list) or not raw_steps:
        raise fields.fail("steps", "a non-empty list of steps")
    steps = tuple(_step_guide(_Fields(raw, f"routine steps[{index}]")) for index, raw in enumerate(raw_steps))
    return RoutineMessage(title=fields.text("title"), steps=steps)


def _step(fields: _Fields) -> StepMessage:
    message = StepMessage(
        index=fields.count("index"),
        prepare_until=fields.number("prepare_until"),
        hold_until=fields.number("hold_until"),
        routine_until=fields.number("routine_until"),
    )
    if not message.prepare_until <= message.hold_until <= message.routine_until:
        raise ProtocolError(f"{fields.where}: needs prepare_until <= hold_until <= routine_until")
    return message


_PARSERS: dict[str, Callable[[_Fields], DaemonMessage]] = {
    "routine": _routine,
    "step": _step,
    "paused": lambda fields: PausedMessage(at=fields.number("at")),
    "resumed": lambda fields: ResumedMessage(shift=fields.number("shift")),
    "done": lambda fields: DoneMessage(completed=fields.flag("completed")),
    "clock": lambda fields: ClockMessage(now=fields.number("now")),
}


def _object(line: str) -> dict[str, object]:
    """The JSON object on ``line``, or the reason it is not one."""
    try:
        data = json.loads(line)
    except json.JSONDecodeError as error:
        raise ProtocolError(f"not JSON ({error.msg} at column {error.colno})") from None
    if not isinstance(data, dict):
        raise ProtocolError(f"expected a JSON object, got {json.dumps(data)}")
    return data


def parse_message(line: str) -> DaemonMessage:
    """One daemon-to-window line as a message; ``ProtocolError`` says why it is not one."""
    data = _object(line)
    kind = data.get("type")
    parser = _PARSERS.get(kind) if isinstance(kind, str) else None
    if parser is None:
        raise ProtocolError(f'unknown message type {json.dumps(kind)} (expected one of: {", ".join(_PARSERS)})')
    return parser(_Fields(data, f'"{kind}" message'))


def encode_message(message: DaemonMessage) -> str:
    """The line (with its newline) the daemon writes for ``message``."""
    return json.dumps({"type": _TYPE_NAMES[type(message)], **as_dict(message)}) + "\n"


def encode_request(request: WindowRequest) -> str:
    """The line (with its newline) the window writes when the person asks for ``request``."""
    return json.dumps({**request.to_wire(), "type": _OLD_TYPES[request.name]}) + "\n"


def parse_request(line: str) -> WindowRequest:
    """One window-to-daemon line as a request; ``ProtocolError`` says why it is not one."""
    data = _object(line)
    command = data.get("command")
    kind = next((kind for kind in WINDOW_REQUESTS if kind.name == command), None)
    if kind is None:
        names = ", ".join(kind.name for kind in WINDOW_REQUESTS)
        raise ProtocolError(f"unknown request {json.dumps(command)} (expected one of: {names})")
    try:
        return kind.from_fields({key: value for key, value in data.items() if key != "type"})
    except RequestError as error:
        raise ProtocolError(str(error)) from None
