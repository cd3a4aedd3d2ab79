"""Requests from the CLI, the tray menu, notification buttons and break windows, as engine events.

Runs on the engine thread only. Each request is checked field by field, so a
bad one gets an answer naming what was wrong and the daemon carries on.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol

from deskbreak.core import (
    BreakContinueRequested,
    BreakHoldRequested,
    BreakLogged,
    BreakNextRequested,
    BreakStartRequested,
    BreakStopRequested,
    Effect,
    Engine,
    Event,
    IllegalAction,
    PauseRequested,
    Record,
    ResumeRequested,
    SkipRequested,
    SnoozeRequested,
)
from deskbreak.pause_spec import WHILE_BUSY, pause_until
from deskbreak.status_text import clock_time, minutes, status_json, status_line

__all__ = ["COMMANDS", "Answer", "CommandError", "Commands", "Controls"]

Answer = dict[str, Any]
COMMANDS = ("status", "start", "stop", "snooze", "skip", "log", "pause", "resume", "hold", "carry-on", "next",
            "routine", "open-config", "report", "reload", "doctor", "quit")
_ARGUMENTS = {"start": {"routine", "window", "from"}, "snooze": {"minutes"}, "pause": {"spec"}, "routine": {"name"}}
_CONTROLS = ("routine", "open-config", "report", "reload", "doctor", "quit")


class Controls(Protocol):
    """What only the daemon can do, for requests that are not engine events."""

    def reload(self, now: datetime) -> str: ...
    def doctor(self) -> dict[str, Any]: ...
    def quit(self) -> None: ...
    def choose_routine(self, name: str) -> str: ...
    def open_config(self) -> str: ...
    def open_report(self) -> str: ...


class CommandError(Exception):
    """A request that cannot be carried out; its text is the answer's error."""


@dataclass(frozen=True, slots=True)
class Outcome:
    """What a request did: the answer to send, and effects to carry out first."""

    answer: Answer
    effects: list[Effect]


class Commands:
    """Answers requests against ``engine``; the rest go to the daemon's ``controls``."""

    def __init__(self, engine: Engine, controls: Controls) -> None:
        self._engine = engine
        self._controls = controls

    def handle(self, request: dict[str, Any], now: datetime) -> Outcome:
        """Carry out ``request`` at ``now``; never raises for a bad request."""
        try:
            command = _command_of(request)
            if command == "status":
                status = self._engine.status()
                return Outcome({"ok": True, "message": status_line(status), "status": status_json(status)}, [])
            if command in _CONTROLS:
                return Outcome(self._control(command, request, now), [])
            event = _event(command, request, now)
            effects = self._engine.handle(event)
        except (CommandError, IllegalAction) as error:
            return Outcome({"ok": False, "error": str(error)}, [])
        return Outcome({"ok": True, "message": _confirmation(effects, self._engine)}, effects)

    def _control(self, command: str, request: dict[str, Any], now: datetime) -> Answer:
        controls = self._controls
        if command == "routine":
            name = request.get("name")
            if not isinstance(name, str) or name not in self._engine.routines:
                known = ", ".join(sorted(self._engine.routines))
                raise CommandError(f"routine: unknown routine {name!r} (known: {known})")
            return {"ok": True, "message": controls.choose_routine(name)}
        if command == "open-config":
            return {"ok": True, "message": controls.open_config()}
        if command == "report":
            return {"ok": True, "message": controls.open_report()}
        if command == "reload":
            return {"ok": True, "message": controls.reload(now)}
        if command == "doctor":
            return {"ok": True, "message": "backends in use", "doctor": controls.doctor()}
        controls.quit()
        return {"ok": True, "message": "deskbreak is stopping"}


def _command_of(request: dict[str, Any]) -> str:
    command = request.get("command")
    if command not in COMMANDS:
        raise CommandError(f"unknown command {command!r} (known: {', '.join(COMMANDS)})")
    extra = set(request) - {"command"} - _ARGUMENTS.get(command, set())
    if extra:
        raise CommandError(f"{command}: unexpected {', '.join(sorted(extra))}")
    return str(command)


def _event(command: str, request: dict[str, Any], now: datetime) -> Event:
    if command == "start":
        routine = request.get("routine")
        if routine is not None and not isinstance(routine, str):
            raise CommandError("start: routine must be a name such as \"desk\"")
        if not isinstance(request.get("window", True), bool):
            raise CommandError("start: window must be true or false")
        return BreakStartRequested(now=now, routine=routine)
    if command == "snooze":
        return SnoozeRequested(now=now, length=_snooze_length(request.get("minutes")))
    if command == "pause":
        spec = request.get("spec", "")
        if not isinstance(spec, str):
            raise CommandError("pause: spec must be text such as \"30m\" or \"until 14:00\"")
        if spec.strip().lower() == WHILE_BUSY:
            return PauseRequested(now=now, while_busy=True)
        try:
            return PauseRequested(now=now, until=pause_until(spec.split(), now))
        except ValueError as error:
            raise CommandError(f"pause: {error}") from None
    simple: dict[str, Callable[..., Event]] = {
        "stop": BreakStopRequested, "skip": SkipRequested, "log": BreakLogged, "resume": ResumeRequested,
        "hold": BreakHoldRequested, "carry-on": BreakContinueRequested, "next": BreakNextRequested,
    }
    return simple[command](now=now)


def _snooze_length(value: Any) -> timedelta | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 240:
        raise CommandError(f"snooze: minutes must be a whole number from 1 to 240, got {value!r}")
    return timedelta(minutes=value)


def _confirmation(effects: list[Effect], engine: Engine) -> str:
    """One line saying what the action did, from the records it produced."""
    records = [effect for effect in effects if isinstance(effect, Record)]
    if not records:
        return "done"
    last = records[-1]
    status = engine.status()
    match last.kind:
        case "break_started":
            length = engine.routines[last.routine or status.routine].duration
            return f"Break started: the {last.routine} routine ({minutes(length)})"
        case "break_stopped":
            done = round(last.seconds or 0)
            return f"Break stopped after {done // 60}:{done % 60:02d}; recorded as partial"
        case "snoozed":
            return (f"Snoozed: the reminder comes back after {minutes(status.until_reminder)} of desk time "
                    f"({last.snoozes_left} snoozes left)")
        case "skipped":
            return "Skipped; desk time starts again from zero"
        case "logged":
            return "Logged your break; desk time starts again from zero"
        case "paused":
            until = "you resume" if last.until is None else clock_time(last.until, last.at)
            return f"Paused until {until}"
        case _:
            return status_line(status)
