"""Routine tables (built-in or from the user's config file) into checked routines.

A step names a stretch from the library and either a hold ("30s") or a
number of reps; with neither it gets the short end of the stretch's own
range. ``side = "both"`` becomes two steps, left then right, each with the
step's ``prepare`` time. A stretch done on each side with no side given is
done on both. Every problem is one ValueError naming the routine and the
step number as the user wrote it.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta

from deskbreak.config.did_you_mean import did_you_mean
from deskbreak.core import Routine, Step
from deskbreak.library._fields import ContentError, Table
from deskbreak.library._model import REGIONS, Reference, RoutineGuide, Stretch

__all__ = ["LONGEST_HOLD", "LONGEST_PREPARE", "MOST_REPS", "SIDES", "parse_routine"]

SIDES = ("left", "right", "both")
LONGEST_HOLD = timedelta(minutes=5)
LONGEST_PREPARE = timedelta(minutes=2)
MOST_REPS = 30


def parse_routine(
    name: str, raw: object, stretches: Mapping[str, Stretch], references: Mapping[str, Reference]
) -> RoutineGuide:
    """A checked routine and what it is for, from one routine table."""
    table = Table(raw, f"routine {name!r}")
    table.only("title", "description", "regions", "references", "desk_side", "steps")
    regions = table.texts("regions")
    for region in regions:
        if region not in REGIONS:
            raise table.fail("regions", f"unknown region {region!r} (expected: {', '.join(REGIONS)})")
    cited = table.texts("references")
    for key in cited:
        if key not in references:
            raise table.fail("references", f"unknown reference {key!r}{did_you_mean(key, sorted(references))}")
    desk_side = table.flag("desk_side") if table.has("desk_side") else False
    steps = []
    for _, row in table.rows("steps"):
        found = _steps(row, stretches)
        if desk_side and not stretches[found[0].stretch].desk_side:
            raise ContentError(f"{row.where}: stretch = {found[0].stretch!r} is done on the floor, "
                               "but the routine says desk_side = true")
        steps += found
    if not steps:
        raise table.fail("steps", "a routine needs at least one step")
    routine = Routine(name=name, title=table.text("title", default=name), steps=tuple(steps))
    return RoutineGuide(routine=routine, description=table.optional_text("description"), regions=regions,
                        references=cited, desk_side=desk_side)  # fmt: skip


def _steps(row: Table, stretches: Mapping[str, Stretch]) -> list[Step]:
    """One step as written, as one engine step or two (one per side)."""
    row.only("stretch", "hold", "reps", "side", "prepare")
    stretch_id = row.text("stretch")
    stretch = stretches.get(stretch_id)
    if stretch is None:
        raise row.fail("stretch", f"unknown stretch{did_you_mean(stretch_id, sorted(stretches))}")
    length, reps = _length(row, stretch)
    prepare = row.duration("prepare", timedelta(0), LONGEST_PREPARE) if row.has("prepare") else timedelta(0)
    return [
        Step(stretch=stretch_id, length=length, prepare=prepare, side=side, reps=reps)
        for side in _sides(row, stretch)
    ]


def _length(row: Table, stretch: Stretch) -> tuple[timedelta, int | None]:
    """The countdown and rep count of a step, from hold, reps or the stretch's own range."""
    if row.has("hold") and row.has("reps"):
        raise ContentError(f"{row.where}: give either hold or reps, not both")
    if row.has("hold"):
        return row.duration("hold", timedelta(seconds=1), LONGEST_HOLD), None
    if row.has("reps") or stretch.hold is None:
        reps = row.integer("reps", 1, MOST_REPS) if row.has("reps") else _fewest(stretch)
        try:
            return stretch.length_of(reps), reps
        except ValueError as error:
            raise row.fail("reps", str(error)) from None
    return stretch.hold[0], None


def _fewest(stretch: Stretch) -> int:
    """The low end of a rep-based stretch's range."""
    assert stretch.reps is not None, "the loader gives every stretch a hold or reps"
    return stretch.reps[0]


def _sides(row: Table, stretch: Stretch) -> tuple[str | None, ...]:
    """The sides a step runs on, in order."""
    if not row.has("side"):
        return ("left", "right") if stretch.per_side else (None,)
    side = row.text("side")
    if side not in SIDES:
        raise row.fail("side", 'expected "left", "right" or "both"')
    if not stretch.per_side:
        raise row.fail("side", f"{stretch.id!r} works both sides at once; leave side out")
    return ("left", "right") if side == "both" else (side,)
