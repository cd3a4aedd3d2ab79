"""The TOML config file: reading, checking every key, and reporting problems.

A config mistake must never crash the daemon or hide behind a traceback, so
every problem becomes one line naming the file, the line where known, the
key, the bad value and what is allowed. The keys and their ranges live in
one table below; the default file in ``config/`` documents the same keys.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from deskbreak.config.did_you_mean import did_you_mean
from deskbreak.config.durations import format_duration
from deskbreak.config.values import (
    STREAK_BREAKS,
    count,
    duration,
    hours,
    program_names,
    routine_name,
    switch,
    time_of_day,
    weekdays,
)
from deskbreak.core import Program, Routine, Settings
from deskbreak.library import FOCUS_AREAS, builtin_routines, focus_rotation, routine_from_table, routines_for

__all__ = ["ConfigError", "load_settings", "parse_settings"]


class ConfigError(Exception):
    """A config file with problems; ``problems`` holds one line each."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True, slots=True)
class _Key:
    """One config key: which Settings field it fills and how to read it."""

    field: str
    read: Callable[[Any], Any]


_MINUTE = timedelta(minutes=1)
_KEYS: dict[str, dict[str, _Key]] = {
    "schedule": {
        "interval": _Key("interval", duration(_MINUTE, timedelta(hours=8))),
        "snooze": _Key("snooze", duration(_MINUTE, timedelta(hours=2))),
        "max_snoozes": _Key("max_snoozes", count(0, 10)),
        "away_after": _Key("away_after", duration(timedelta(seconds=10), timedelta(minutes=30))),
        "natural_break": _Key("natural_break", duration(timedelta(seconds=11), timedelta(hours=4))),
        "active_hours": _Key("active_hours", hours),
    },
    "break": {
        "routine": _Key("routine", routine_name),
        "floor": _Key("floor", switch),
    },
    "daemon": {
        "sample_every": _Key("sample_every", duration(timedelta(seconds=1), _MINUTE)),
    },
    "progress": {
        "streak_breaks": _Key("streak_breaks", STREAK_BREAKS),
        "checkins": _Key("checkins", switch),
    },
    "quiet": {
        "fullscreen": _Key("quiet_fullscreen", switch),
        "do_not_disturb": _Key("quiet_do_not_disturb", switch),
        "calls": _Key("quiet_calls", switch),
        "call_apps": _Key("call_apps", program_names),
        "apps": _Key("quiet_apps", program_names),
        "max_wait": _Key("max_wait", duration(timedelta(0), timedelta(hours=8))),
    },
}


def load_settings(path: Path, routines: Iterable[str] | None = None) -> Settings:
    """Read and check the file at ``path``; raise ConfigError listing every problem."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError([f"{path}: no such file"]) from None
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError([f"{path}: cannot read the file: {_reason(error)}"]) from None
    return parse_settings(text, str(path), routines)


def parse_settings(text: str, source: str, routines: Iterable[str] | None = None) -> Settings:
    """Check config ``text`` (named ``source`` in messages) and build Settings.

    ``routines`` names the routines [break] routine may pick besides the
    file's own (default: the built-in ones).
    """
    if routines is None:
        routines = [routine.name for routine in builtin_routines()]
    document = _read_toml(text, source)
    locate = _LineFinder(text, source)
    problems: list[str] = []
    values: dict[str, Any] = {}
    focus = _focus(document.pop("focus", {}), locate, problems)
    program = _program(document.pop("program", {}), locate, problems)
    if program is not None:
        values["program"] = program
    user_tables = document.pop("routines", {})
    user_routines = _user_routines(user_tables, locate, problems)
    if user_routines:
        values["user_routines"] = user_routines
    for table_name, table in document.items():
        if not isinstance(table, dict):
            problems.append(_stray_key(table_name, table, locate))
            continue
        keys = _KEYS.get(table_name)
        if keys is None:
            problems.append(f"{locate(table_name, None)}: unknown section [{table_name}]"
                            f"{did_you_mean(table_name, _KEYS)}")
            continue
        for key, value in table.items():
            spec = keys.get(key)
            if spec is None:
                problems.append(f"{locate(table_name, key)}: [{table_name}] {key}: unknown key"
                                f"{did_you_mean(key, keys)}")
                continue
            try:
                values[spec.field] = spec.read(value)
            except ValueError as error:
                problems.append(f"{locate(table_name, key)}: [{table_name}] {key} = {_show(value)}: {error}")
    settings = replace(Settings(), **values)
    known = set(routines) | set(user_tables if isinstance(user_tables, dict) else ())
    problems.extend(_cross_check(settings, locate, known, "routine" in values))
    if problems:
        raise ConfigError(problems)
    if focus:
        default = next(r for r in routines_for(settings) if r.name == settings.routine)
        settings = replace(settings, focus=focus, rotation=focus_rotation(default, focus))
    return settings


def _read_toml(text: str, source: str) -> dict[str, Any]:
    """Parse the TOML; every way it can fail is a one-line ConfigError naming ``source``."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        line = re.search(r"at line (\d+)", str(error))
        where = f"{source}:{line.group(1)}" if line else source
        raise ConfigError([f"{where}: not valid TOML: {error}"]) from None
    except RecursionError:  # tomllib recurses once per [ or {; no setting nests deeper than a few
        raise ConfigError([f"{source}: arrays or tables nested too deeply to read; "
                           "remove the extra levels of [ or {"]) from None


def _focus(table: Any, locate: _LineFinder, problems: list[str]) -> str | None:
    """The [focus] area the default routine rotates stretches in for, if any."""
    if not isinstance(table, dict):
        problems.append(f"{locate('', 'focus')}: focus: write it as a [focus] table with area = ...")
        return None
    for key in set(table) - {"area"}:
        problems.append(f"{locate('focus', key)}: [focus] {key}: unknown key{did_you_mean(key, ['area'])}")
    area = table.get("area", "")
    if area == "":
        return None
    if area not in FOCUS_AREAS:
        choices = ", ".join(f'"{name}"' for name in FOCUS_AREAS)
        problems.append(f"{locate('focus', 'area')}: [focus] area = {_show(area)}: expected one of {choices}, or \"\""
                        f"{did_you_mean(str(area), FOCUS_AREAS)}")
        return None
    return str(area)


_PROGRAM_KEYS = {"enabled", "start", "morning_after", "evening_days", "evening_at"}


def _program(table: Any, locate: _LineFinder, problems: list[str]) -> Program | None:
    """The [program] table: the progressive program, when enabled."""
    def fail(key: str, message: str) -> None:
        problems.append(f"{locate('program', key)}: [program] {key} = {_show(table.get(key))}: {message}")

    if not isinstance(table, dict):
        problems.append(f"{locate('', 'program')}: program: write it as a [program] table")
        return None
    for key in set(table) - _PROGRAM_KEYS:
        problems.append(f"{locate('program', key)}: [program] {key}: unknown key{did_you_mean(key, _PROGRAM_KEYS)}")
    if table.get("enabled", False) is not True:
        if not isinstance(table.get("enabled", False), bool):
            fail("enabled", "expected true or false")
        return None
    start = table.get("start")
    if not isinstance(start, date) or isinstance(start, datetime):
        fail("start", "expected the day the program began, written like 2026-03-02 (no quotes)")
        return None
    try:
        after = duration(timedelta(hours=1), timedelta(hours=6))(table.get("morning_after", "1h"))
    except ValueError as error:
        fail("morning_after", f"{error} (never in the first hour after waking)")
        return None
    try:
        days = weekdays(table.get("evening_days", ["Mon", "Wed", "Fri"]))
        at = time_of_day(table.get("evening_at", "19:00"))
    except ValueError as error:
        key = "evening_at" if "time of day" in str(error) else "evening_days"
        fail(key, str(error))
        return None
    return Program(started=start, morning_after=after, evening_days=days, evening_at=at)


def _user_routines(tables: Any, locate: _LineFinder, problems: list[str]) -> tuple[Routine, ...]:
    """The user's [routines.NAME] tables, each checked against the stretch library."""
    if not isinstance(tables, dict):
        problems.append(f"{locate('', 'routines')}: routines: write each routine as a [routines.NAME] table")
        return ()
    found = []
    for name, table in tables.items():
        try:
            found.append(routine_from_table(name, table))
        except ValueError as error:
            reason = str(error).removeprefix(f"routine {name!r}, ").removeprefix(f"routine {name!r}: ")
            problems.append(f"{locate(f'routines.{name}', None)}: [routines.{name}] {reason}")
    return tuple(found)


def _stray_key(key: str, value: Any, locate: _LineFinder) -> str:
    """A key written before any [section] header."""
    where = f"{locate('', key)}: {key} = {_show(value)}: keys go under a section"
    home = [name for name, keys in _KEYS.items() if key in keys]
    if home:
        return f"{where}; did you mean [{home[0]}]?"
    *first, last = (f"[{name}]" for name in _KEYS)
    return f"{where} such as {', '.join(first)} or {last}"


def _cross_check(
    settings: Settings, locate: _LineFinder, routines: set[str], routine_given: bool
) -> list[str]:
    """Rules that tie two keys together, or a key to the routine library."""
    problems = []
    if settings.natural_break <= settings.away_after:
        problems.append(
            f"{locate('schedule', 'natural_break')}: [schedule] natural_break = "
            f"\"{format_duration(settings.natural_break)}\": must be longer than away_after "
            f"(\"{format_duration(settings.away_after)}\")"
        )
    if routine_given and settings.routine not in routines:
        problems.append(
            f"{locate('break', 'routine')}: [break] routine = \"{settings.routine}\": unknown routine"
            f"{did_you_mean(settings.routine, routines)} (known: {', '.join(sorted(routines))})"
        )
    return problems


class _LineFinder:
    """Finds the line of a [table] or key in the raw text, for messages."""

    _HEADER = re.compile(r"^\s*\[\s*([A-Za-z0-9_.\-]+)\s*\]")
    _ASSIGN = re.compile(r"^\s*[\"']?([A-Za-z0-9_\-]+)[\"']?\s*=")

    def __init__(self, text: str, source: str) -> None:
        self._lines = text.splitlines()
        self._source = source

    def __call__(self, table: str, key: str | None) -> str:
        current = ""
        for number, line in enumerate(self._lines, start=1):
            header = self._HEADER.match(line)
            if header:
                current = header.group(1)
                if key is None and current == table:
                    return f"{self._source}:{number}"
                continue
            assign = self._ASSIGN.match(line)
            if assign and current == table and assign.group(1) == key:
                return f"{self._source}:{number}"
        return self._source


def _show(value: Any) -> str:
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value)


def _reason(error: Exception) -> str:
    if isinstance(error, OSError) and error.strerror:
        return error.strerror.lower()
    return str(error)
