"""The built-in routines, and user routine tables, as engine routines.

Both go through the stretch library's checks (deskbreak.library), so a
routine can only name stretches the library has, and a bad step in a user's
config file is reported as one line naming the routine and step number.
"""

from __future__ import annotations

from typing import Any

from deskbreak.core import Routine, Settings
from deskbreak.library import load_library, parse_routine

__all__ = ["builtin_routines", "routine_from_table", "routines_for"]


def routine_from_table(name: str, table: dict[str, Any]) -> Routine:
    """Build a routine from its TOML table; raise ValueError naming a bad step."""
    library = load_library()
    return parse_routine(name, table, library.stretches, library.references).routine


def builtin_routines() -> tuple[Routine, ...]:
    """The routines that ship with deskbreak, in the order of routines.toml."""
    return tuple(guide.routine for guide in load_library().routines.values())


def routines_for(settings: Settings) -> tuple[Routine, ...]:
    """The built-in routines with the user's own added, or overriding those of the same name."""
    merged = {routine.name: routine for routine in builtin_routines()}
    merged.update((routine.name, routine) for routine in settings.user_routines)
    return tuple(merged.values())
