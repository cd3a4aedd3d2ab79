"""Replays a scripted day through the real engine: its spans become the times and idle readings the daemon feeds it.

Users tune their settings with it, and the tests use it as their oracle: the
records it prints are the very records the daemon stores. A trace is JSON
Lines, one step per line (see ``parse_trace``); its actions are the requests
the CLI and the tray send (``deskbreak.requests``), ``{"do": NAME, ...}``.
"""

from __future__ import annotations

import json
import math
import warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from deskbreak.config.durations import format_duration
from deskbreak.core import Engine, IdleSampled, IllegalAction, QuietChanged, Record, Routine, Settings
from deskbreak.requests import ENGINE_REQUESTS, EngineRequest, RequestError, engine_event

__all__ = ["DEFAULT_START", "TraceDeprecation", "TraceError", "TraceStep", "parse_trace", "record_json", "simulate"]

# A Monday, 09:00, on a floating local clock (no time zone, no DST).
DEFAULT_START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
_SPANS = ("active", "idle", "sleep")
_ACTIONS = {kind.name: kind for kind in ENGINE_REQUESTS}


class TraceError(Exception):
    """A trace line that is malformed or asks for something impossible."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(f"trace line {line}: {message}")
        self.line = line


class TraceDeprecation(FutureWarning):
    """A trace line in a spelling that still works but will not for long; the message gives the new one."""


@dataclass(frozen=True, slots=True)
class TraceStep:
    """One parsed line: a span of activity, idleness or sleep, a change in being busy, or a request."""

    line: int
    kind: str  # "active", "idle", "sleep", "quiet" or "do"
    seconds: float = 0.0
    reason: str | None = None  # for "quiet": what the user is busy with; None when no longer
    request: EngineRequest | None = None  # for "do"


def parse_trace(lines: Iterable[str]) -> tuple[datetime, list[TraceStep]]:
    """Parse a whole trace; raise TraceError naming the first bad line."""
    start = DEFAULT_START
    steps: list[TraceStep] = []
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        try:
            item = json.loads(raw)
        except json.JSONDecodeError as error:
            raise TraceError(number, f"not valid JSON ({error.msg})") from None
        if not isinstance(item, dict):
            raise TraceError(number, "expected a JSON object such as {\"active\": 600}")
        if "at" in item:
            if steps or start is not DEFAULT_START:
                raise TraceError(number, '"at" may only be the first line')
            start = _parse_start(number, item)
            continue
        steps.append(_parse_step(number, item))
    return start, steps


def _parse_start(number: int, item: dict[str, Any]) -> datetime:
    if set(item) != {"at"} or not isinstance(item["at"], str):
        raise TraceError(number, 'expected {"at": "2026-03-02T08:30:00"}')
    try:
        start = datetime.fromisoformat(item["at"])
    except ValueError:
        raise TraceError(number, f"{item['at']!r} is not an ISO date and time") from None
    return start if start.tzinfo else start.replace(tzinfo=UTC)


def _parse_step(number: int, item: dict[str, Any]) -> TraceStep:
    kinds = [key for key in (*_SPANS, "quiet", "do") if key in item]
    if len(kinds) != 1:
        raise TraceError(number, 'expected exactly one of "active", "idle", "sleep", "quiet", "do"')
    kind = kinds[0]
    if kind == "quiet":
        reason = item["quiet"]
        if set(item) != {"quiet"} or not (reason is None or (isinstance(reason, str) and reason)):
            raise TraceError(number, 'expected {"quiet": "fullscreen"} (what keeps you busy) or {"quiet": null}')
        return TraceStep(number, kind, reason=reason)
    if kind in _SPANS:
        if set(item) != {kind}:
            raise TraceError(number, f"unexpected keys beside {kind!r}: {sorted(set(item) - {kind})}")
        return TraceStep(number, kind, seconds=_number(number, kind, item[kind]))
    verb = item["do"]
    action = _ACTIONS.get(verb) if isinstance(verb, str) else None
    if action is None:
        raise TraceError(number, f"unknown action {verb!r} (one of {', '.join(_ACTIONS)})")
    fields = {key: value for key, value in item.items() if key != "do"}
    if verb == "pause" and "minutes" in fields:
        fields = _old_pause(number, fields)
    try:
        return TraceStep(number, kind, request=action.from_fields(fields))
    except RequestError as error:
        raise TraceError(number, str(error)) from None


def _old_pause(number: int, fields: dict[str, Any]) -> dict[str, Any]:
    """``{"do": "pause", "minutes": 30}``, from before traces spoke the requests' words, as ``"spec": "30m"``."""
    minutes = fields.pop("minutes")
    if _number(number, "minutes", minutes) <= 0:
        raise TraceError(number, "minutes must be more than zero")
    spec = format_duration(timedelta(minutes=minutes))
    warnings.warn(TraceDeprecation(f'trace line {number}: {{"do": "pause", "minutes": {minutes}}} is deprecated; '
                                   f'write {{"do": "pause", "spec": "{spec}"}}'), stacklevel=4)
    return {**fields, "spec": spec}


def _number(line: int, key: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise TraceError(line, f"{key} must be a number of seconds, got {json.dumps(value)}")
    if value < 0:
        raise TraceError(line, f"{key} cannot be negative")
    return float(value)


def simulate(
    start: datetime,
    steps: Iterable[TraceStep],
    settings: Settings,
    routines: Iterable[Routine],
    sample_every: float | None = None,
) -> Iterator[Record]:
    """Feed ``steps`` to a fresh engine and yield its records in time order.

    With ``sample_every`` None idleness is read once per step (as from a
    push-style source); with a number it is read that often, the way the
    daemon polls. Both must give the same records.
    """
    engine = Engine(settings, routines)
    clock = 0.0  # seconds since start
    last_input = 0.0
    yield from _records(engine.handle(IdleSampled(now=start, idle_for=timedelta(0))))
    for step in steps:
        if step.kind == "sleep":
            clock += step.seconds
            continue
        if step.kind in _SPANS:
            began = clock
            ends = clock + step.seconds
            ticks = _ticks(clock, ends, sample_every)
            for tick in ticks:
                if step.kind == "active":
                    last_input = tick
                event = IdleSampled(
                    now=start + timedelta(seconds=tick),
                    idle_for=timedelta(seconds=tick - last_input),
                    active_for=timedelta(seconds=tick - began if step.kind == "active" else 0),
                )
                yield from _records(engine.handle(event))
            clock = ends
            continue
        if step.kind == "quiet":
            yield from _records(engine.handle(QuietChanged(now=start + timedelta(seconds=clock), reason=step.reason)))
            continue
        if step.request is None:
            continue
        last_input = clock
        try:
            yield from _records(engine.handle(engine_event(step.request, start + timedelta(seconds=clock))))
        except RequestError as error:
            raise TraceError(step.line, str(error)) from None
        except IllegalAction as error:
            raise TraceError(step.line, str(error)) from None


def _ticks(begin: float, end: float, every: float | None) -> list[float]:
    if every is None or end <= begin:
        return [end]
    count = math.ceil((end - begin) / every)
    return [min(end, begin + every * k) for k in range(1, count + 1)]


def _records(effects: Iterable[object]) -> Iterator[Record]:
    return (effect for effect in effects if isinstance(effect, Record))


def record_json(record: Record, start: datetime) -> dict[str, Any]:
    """The JSON object ``deskbreak simulate`` prints for ``record``."""
    line: dict[str, Any] = {
        "t": _seconds(record.at - start),
        "event": record.kind,
        "desk_time": _seconds(record.desk_time),
    }
    if record.routine is not None:
        line["routine"] = record.routine
    if record.seconds is not None:
        line["seconds"] = _round(record.seconds)
    if record.snoozes_left is not None:
        line["snoozes_left"] = record.snoozes_left
    if record.kind == "paused":
        line["until"] = None if record.until is None else _seconds(record.until - start)
    if record.reason is not None:
        line["reason"] = record.reason
    return line


def _seconds(length: timedelta) -> float | int:
    return _round(length.total_seconds())


def _round(value: float) -> float | int:
    rounded = round(value, 3)
    return int(rounded) if rounded == int(rounded) else rounded
