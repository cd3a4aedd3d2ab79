"""The built-in routines, and user routine tables, as engine routines.

Both go through the stretch library's checks (deskbreak.library), so a
routine can only name stretches the library has, and a bad step in a user's
config file is reported as one line naming the routine and step number.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import Any

from deskbreak.core import Routine, Settings, Step
from deskbreak.library import Stretch, load_library, parse_routine

__all__ = ["FOCUS_AREAS", "builtin_routines", "focus_rotation", "routine_from_table", "routines_for"]

FOCUS_AREAS = ("lower back", "upper back", "neck", "hips")
_AT_THE_DESK = ("seated", "standing", "wall")
_GET_THERE = timedelta(seconds=25)
_OTHER_SIDE = timedelta(seconds=10)


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
        if area in stretch.regions and stretch.position in _AT_THE_DESK and stretch.id not in present:
            versions.append(replace(routine, title=f"{routine.title} ({area})", steps=kept + _steps_for(stretch)))
    return tuple(versions)


def _steps_for(stretch: Stretch) -> tuple[Step, ...]:
    if stretch.hold is not None:
        length, reps = stretch.hold[0], None
    else:
        assert stretch.reps is not None
        length, reps = stretch.length_of(stretch.reps[0]), stretch.reps[0]
    if not stretch.per_side:
        return (Step(stretch=stretch.id, length=length, prepare=_GET_THERE, reps=reps),)
    return (Step(stretch=stretch.id, length=length, prepare=_GET_THERE, side="left", reps=reps),
            Step(stretch=stretch.id, length=length, prepare=_OTHER_SIDE, side="right", reps=reps))
