"""The built-in routines, and user routine tables, as engine routines.

Both go through the stretch library's checks (deskbreak.library), so a
routine can only name stretches the library has, and a bad step in a user's
config file is reported as one line naming the routine and step number.
With ``[break] floor = false`` every routine is kept off the floor here,
before the engine sees it.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import Any

from deskbreak.core import Routine, Settings
from deskbreak.library._desk_side import FloorSwap, steps_for, without_floor
from deskbreak.library._load import load_library
from deskbreak.library._routines import parse_routine

__all__ = [
    "FOCUS_AREAS",
    "builtin_routines",
    "desk_side_version",
    "focus_rotation",
    "routine_from_table",
    "routines_for",
]

# Body regions of the library, plus sciatic pain, for which the articles name
# no stretch: it rotates nothing in, and `deskbreak about` gives its advice.
FOCUS_AREAS = ("lower back", "upper back", "neck", "hips", "sciatic")
_GET_THERE = timedelta(seconds=25)


def routine_from_table(name: str, table: dict[str, Any]) -> Routine:
    """Build a routine from its TOML table; raise ValueError naming a bad step."""
    library = load_library()
    return parse_routine(name, table, library.stretches, library.references).routine


def builtin_routines() -> tuple[Routine, ...]:
    """The routines that ship with deskbreak, in the order of routines.toml."""
    return tuple(guide.routine for guide in load_library().routines.values())


def routines_for(settings: Settings) -> tuple[Routine, ...]:
    """The built-in routines with the user's own added or overriding, kept off the floor if asked."""
    merged = {routine.name: routine for routine in builtin_routines()}
    merged.update((routine.name, routine) for routine in settings.user_routines)
    if settings.floor:
        return tuple(merged.values())
    return tuple(desk_side_version(routine)[0] for routine in merged.values())


def desk_side_version(routine: Routine) -> tuple[Routine, tuple[FloorSwap, ...]]:
    """``routine`` with its floor stretches swapped for desk-side ones, and what was swapped."""
    return without_floor(routine, load_library().stretches)


def focus_rotation(routine: Routine, area: str) -> tuple[Routine, ...]:
    """``routine``, then versions of it with the last stretch swapped for one that works ``area``.

    The swapped-in stretches are the library's for ``area`` not already in
    the routine, in library order. Only stretches done seated, standing or at a wall are rotated in: a desk
    break happens in office clothes, beside the desk.
    """
    library = load_library()
    present = {step.stretch for step in routine.steps}
    last = routine.steps[-1].stretch
    kept = tuple(step for step in routine.steps if step.stretch != last)
    versions = [routine]
    for stretch in library.stretches.values():
        if area in stretch.regions and stretch.desk_side and stretch.id not in present:
            versions.append(replace(routine, title=f"{routine.title} ({area})",
                                    steps=kept + steps_for(stretch, _GET_THERE)))
    return tuple(versions)
