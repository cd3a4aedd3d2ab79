"""Loads the built-in routines from their data file into engine routines."""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from typing import Any

from deskbreak.core import Routine, Step
from deskbreak.durations import parse_duration

__all__ = ["builtin_routines", "routine_from_table"]


def routine_from_table(name: str, table: dict[str, Any]) -> Routine:
    """Build a routine from its TOML table; raise ValueError naming a bad step."""
    steps = []
    for number, step in enumerate(table.get("steps", []), start=1):
        try:
            steps.append(
                Step(
                    stretch=str(step["stretch"]),
                    length=parse_duration(step["hold"]),
                    prepare=parse_duration(step.get("prepare", "0s")),
                    side=step.get("side"),
                    reps=step.get("reps"),
                )
            )
        except (KeyError, TypeError, ValueError) as error:
            raise ValueError(f"routine {name!r}, step {number}: {error}") from None
    if not steps:
        raise ValueError(f"routine {name!r} has no steps")
    return Routine(name=name, title=str(table.get("title", name)), steps=tuple(steps))


@cache
def builtin_routines() -> tuple[Routine, ...]:
    """The routines that ship with deskbreak."""
    text = resources.files("deskbreak.content").joinpath("routines.toml").read_text("utf-8")
    return tuple(routine_from_table(name, table) for name, table in tomllib.loads(text).items())
