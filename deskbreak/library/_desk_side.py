"""Desk-side stand-ins: another stretch for the same part of the back, done beside a desk.

Two things need one: the break window's Swap, for a person who cannot do
this stretch today, and ``[break] floor = false``, which keeps every routine
off the floor. Both pick from the library by the same rule, so nothing here
names a stretch: the nearest stand-in works the stretch's main region (the
first it lists), then shares the most of its regions, then comes first in
stretches.toml. A stretch added there takes part without a code change.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import timedelta

from deskbreak.core import Routine, Step
from deskbreak.library._model import Stretch

__all__ = ["FloorSwap", "desk_side_alternatives", "steps_for", "without_floor"]

OTHER_SIDE = timedelta(seconds=10)  # time to change sides, where a routine gives none


def desk_side_alternatives(stretch: Stretch, stretches: Mapping[str, Stretch]) -> tuple[Stretch, ...]:
    """The desk-side stretches that work a region of ``stretch``, nearest first (see the module docstring)."""
    order = {key: index for index, key in enumerate(stretches)}
    regions = set(stretch.regions)

    def nearness(other: Stretch) -> tuple[bool, int, int]:
        return stretch.regions[0] not in other.regions, -len(regions & set(other.regions)), order[other.id]

    found = [other for other in stretches.values()
             if other.desk_side and other.id != stretch.id and regions & set(other.regions)]  # fmt: skip
    return tuple(sorted(found, key=nearness))


@dataclass(frozen=True, slots=True, kw_only=True)
class FloorSwap:
    """One floor stretch of a routine and the desk-side stretch done in its place (ids)."""

    floor: str
    desk: str


def without_floor(routine: Routine, stretches: Mapping[str, Stretch]) -> tuple[Routine, tuple[FloorSwap, ...]]:
    """``routine`` with each floor stretch swapped for a desk-side one, and the swaps made.

    Each floor stretch gets the nearest stand-in for its main region that the
    routine does not already hold, so a routine does not do one stretch three
    times; only when every such stand-in is taken does it repeat the nearest.
    A routine with no floor stretch comes back as it is.
    """
    taken = {step.stretch for step in routine.steps if stretches[step.stretch].desk_side}
    chosen: dict[str, str] = {}
    steps: list[Step] = []
    for group in _groups(routine.steps):
        stretch = stretches[group[0].stretch]
        options = () if stretch.desk_side else desk_side_alternatives(stretch, stretches)
        if not options:
            steps += group
            continue
        if stretch.id not in chosen:
            pool = [other for other in options if stretch.regions[0] in other.regions] or options
            chosen[stretch.id] = next((other.id for other in pool if other.id not in taken), pool[0].id)
            taken.add(chosen[stretch.id])
        stand_in = stretches[chosen[stretch.id]]
        steps += steps_for(stand_in, group[0].prepare, group[0].length, other_side=_second_prepare(group))
    if not chosen:
        return routine, ()
    swaps = tuple(FloorSwap(floor=floor, desk=desk) for floor, desk in chosen.items())
    return replace(routine, steps=tuple(steps)), swaps


def steps_for(
    stretch: Stretch, prepare: timedelta, wanted: timedelta | None = None, other_side: timedelta = OTHER_SIDE
) -> tuple[Step, ...]:
    """Steps that do ``stretch`` once (each side in turn where it has sides).

    A held stretch is held for ``wanted`` kept within its own range (its
    shortest hold when None); a repeated one gets its fewest reps.
    """
    reps = None
    if stretch.hold is not None:
        shortest, longest = stretch.hold
        length = shortest if wanted is None else min(max(wanted, shortest), longest)
    else:
        assert stretch.reps is not None, "the loader gives every stretch a hold or reps"
        reps = stretch.reps[0]
        length = stretch.length_of(reps)
    if not stretch.per_side:
        return (Step(stretch=stretch.id, length=length, prepare=prepare, reps=reps),)
    return (Step(stretch=stretch.id, length=length, prepare=prepare, side="left", reps=reps),
            Step(stretch=stretch.id, length=length, prepare=other_side, side="right", reps=reps))  # fmt: skip


def _groups(steps: Sequence[Step]) -> list[list[Step]]:
    """Runs of steps doing the same stretch (a stretch's two sides are one run)."""
    runs: list[list[Step]] = []
    for step in steps:
        if runs and runs[-1][0].stretch == step.stretch:
            runs[-1].append(step)
        else:
            runs.append([step])
    return runs


def _second_prepare(group: list[Step]) -> timedelta:
    """The time a routine gives to change sides in ``group``, or the usual when it has one side only."""
    return group[1].prepare if len(group) > 1 else OTHER_SIDE
