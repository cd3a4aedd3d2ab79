"""Requests from the CLI, the tray, a reminder's buttons and the break window, answered against the engine.

Runs on the engine thread only. Requests arrive as checked values (see
``deskbreak.requests``); the engine's share becomes core events, the rest
goes to the daemon's ``Controls``. A request the engine refuses gets an
answer naming why, and the daemon carries on.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol, assert_never

from deskbreak.core import Effect, Engine, IllegalAction, Record
from deskbreak.requests import (
    ChooseRoutine,
    DaemonRequest,
    Doctor,
    OpenConfig,
    OpenReport,
    Quit,
    Reload,
    Request,
    RequestError,
    Status,
    engine_event,
)
from deskbreak.status_text import clock_time, minutes, status_json, status_line

__all__ = ["Answer", "Commands", "Controls", "Outcome", "refusal"]

Answer = dict[str, Any]


class Controls(Protocol):
    """What only the daemon can do, for requests that are not engine events."""

    def reload(self, now: datetime) -> str: ...
    def doctor(self) -> dict[str, Any]: ...
    def quit(self) -> None: ...
    def choose_routine(self, name: str) -> str: ...
    def open_config(self) -> str: ...
    def open_report(self) -> str: ...


def refusal(reason: str) -> Answer:
    """The answer to a request that was malformed or refused: its one-line ``reason``."""
    return {"ok": False, "error": reason}


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

    def handle(self, request: Request, now: datetime) -> Outcome:
        """Carry out ``request`` at ``now``; never raises for a request the engine refuses."""
        try:
            match request:
                case Status():
                    status = self._engine.status()
                    return Outcome({"ok": True, "message": status_line(status), "status": status_json(status)}, [])
                case ChooseRoutine() | OpenConfig() | OpenReport() | Reload() | Doctor() | Quit():
                    return Outcome(self._control(request, now), [])
                case _:
                    effects = self._engine.handle(engine_event(request, now))
        except RequestError as error:
            return Outcome(refusal(str(error)), [])
        except IllegalAction as error:
            return Outcome(refusal(str(error)), [])
        return Outcome({"ok": True, "message": _confirmation(effects, self._engine)}, effects)

    def _control(self, request: DaemonRequest, now: datetime) -> Answer:
        controls = self._controls
        match request:
            case ChooseRoutine(routine=name):
                if name not in self._engine.routines:
                    known = ", ".join(sorted(self._engine.routines))
                    raise RequestError(f"{request.name}: unknown routine {name!r} (known: {known})")
                return {"ok": True, "message": controls.choose_routine(name)}
            case OpenConfig():
                return {"ok": True, "message": controls.open_config()}
            case OpenReport():
                return {"ok": True, "message": controls.open_report()}
            case Reload():
                return {"ok": True, "message": controls.reload(now)}
            case Doctor():
                return {"ok": True, "message": "backends in use", "doctor": controls.doctor()}
            case Quit():
                controls.quit()
                return {"ok": True, "message": "deskbreak is stopping"}
            case _:
                assert_never(request)


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
