"""The simulated-day driver every engine test shares (h11's tests/helpers.py idea).

``replay`` runs trace steps through ``deskbreak.simulate`` in-process, with
settings written the way a user writes them in the config file, and returns
the JSON objects ``deskbreak simulate`` would print.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from deskbreak.config.settings_file import parse_settings
from deskbreak.core import Settings
from deskbreak.library import builtin_routines, routines_for
from deskbreak.simulate import parse_trace, record_json, simulate

MIN = 60
HOUR = 3600


QUIET_KEYS = frozenset({"max_wait"})


def settings(**keys: Any) -> Settings:
    """Settings from config-file values, e.g. settings(interval="30m", max_snoozes=1, max_wait="1h")."""
    schedule = {key: value for key, value in keys.items() if key != "routine" and key not in QUIET_KEYS}
    lines = ["[schedule]"] + [f"{key} = {json.dumps(value)}" for key, value in schedule.items()]
    if "routine" in keys:
        lines += ["[break]", f"routine = {json.dumps(keys['routine'])}"]
    lines += ["[quiet]"] + [f"{key} = {json.dumps(keys[key])}" for key in QUIET_KEYS if key in keys]
    names = [routine.name for routine in builtin_routines()]
    return parse_settings("\n".join(lines), "test.toml", names)


def replay(
    *steps: dict[str, Any], at: str | None = None, sample_every: float | None = None, **keys: Any
) -> list[dict[str, Any]]:
    """Run ``steps`` (trace lines as dicts) and return the printed events."""
    lines = [json.dumps(step) for step in steps]
    if at is not None:
        lines.insert(0, json.dumps({"at": at}))
    start, parsed = parse_trace(lines)
    records = simulate(start, parsed, settings(**keys), builtin_routines(), sample_every)
    return [record_json(record, start) for record in records]


def times(events: list[dict[str, Any]], kind: str) -> list[float]:
    """The ``t`` of every event of ``kind``."""
    return [event["t"] for event in events if event["event"] == kind]


def kinds(events: list[dict[str, Any]]) -> list[str]:
    """The event names, in order."""
    return [event["event"] for event in events]


def local(text: str) -> datetime:
    """A floating-local datetime like the simulator's, from an ISO string."""
    start, _ = parse_trace([json.dumps({"at": text})])
    return start


def active(seconds: float) -> dict[str, float]:
    return {"active": seconds}


def idle(seconds: float) -> dict[str, float]:
    return {"idle": seconds}


def sleep(seconds: float) -> dict[str, float]:
    return {"sleep": seconds}


def do(verb: str, **options: Any) -> dict[str, Any]:
    return {"do": verb, **options}


def quiet(reason: str | None) -> dict[str, str | None]:
    return {"quiet": reason}


__all__ = ["HOUR", "MIN", "active", "do", "idle", "kinds", "local", "quiet", "replay", "replay_config", "settings",
           "sleep", "times"]


def replay_config(text: str, *steps: dict[str, Any], at: str | None = None) -> list[dict[str, Any]]:
    """Like ``replay``, with settings from a whole config file's text."""
    lines = [json.dumps(step) for step in steps]
    if at is not None:
        lines.insert(0, json.dumps({"at": at}))
    start, parsed = parse_trace(lines)
    loaded = parse_settings(text, "test.toml")
    records = simulate(start, parsed, loaded, routines_for(loaded))
    return [record_json(record, start) for record in records]
