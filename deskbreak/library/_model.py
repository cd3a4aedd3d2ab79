"""What the stretch library holds: stretches, references, safety advice, routines.

All of it is read from the TOML files in ``deskbreak.content``; these classes
only give that data types, so the UI and tests never index raw dicts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from deskbreak.core import Routine
from deskbreak.library._pose import Pose

__all__ = ["DESK_SIDE", "POSITIONS", "REGIONS", "Library", "RedFlag", "Reference", "RoutineGuide", "Safety", "Stretch"]

REGIONS = ("upper back", "mid back", "lower back", "full back", "neck", "hips")
POSITIONS = ("seated", "standing", "floor", "wall")
DESK_SIDE = ("seated", "standing", "wall")  # the positions you can take beside a desk, in office clothes


@dataclass(frozen=True, slots=True, kw_only=True)
class Reference:
    """A source article, or a study one of the articles cites.

    The articles do not always give a full citation (the pain-location guide
    names only a journal and a year), so the citation parts are optional;
    ``finding`` is our one-line summary of what the source is used for.
    """

    key: str
    kind: str
    title: str | None
    authors: str | None
    year: int | None
    journal: str | None
    details: str | None
    cited_in: str | None
    finding: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Stretch:
    """One stretch: how to do it, for how long, and what it rests on.

    Exactly one of ``hold`` (shortest, longest) and ``reps`` (fewest, most) is
    set; a rep-based stretch also has ``rep_time``, the time we allow for one
    slow repetition, which is what turns reps into a duration for the engine.
    """

    id: str
    name: str
    about: str
    regions: tuple[str, ...]
    position: str
    steps: tuple[str, ...]
    hold: tuple[timedelta, timedelta] | None
    reps: tuple[int, int] | None
    rep_time: timedelta | None
    per_side: bool
    tip: str
    cautions: tuple[str, ...]
    references: tuple[str, ...]
    pose: Pose

    @property
    def desk_side(self) -> bool:
        """Whether it can be done beside a desk: seated, standing or at a wall, not on the floor."""
        return self.position in DESK_SIDE

    def length_of(self, reps: int) -> timedelta:
        """How long ``reps`` slow repetitions take; ValueError for a held stretch."""
        if self.rep_time is None:
            raise ValueError(f"{self.id!r} is held, not repeated; give hold instead of reps")
        return self.rep_time * reps


@dataclass(frozen=True, slots=True, kw_only=True)
class RedFlag:
    """A sign that stretching is not the answer and someone should be seen."""

    sign: str
    action: str
    urgent: bool
    references: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Safety:
    """How hard and when to stretch, and when to stop and get help."""

    intensity: tuple[int, int]
    too_intense: int
    back_off_to: float
    intensity_advice: str
    sharp_pain_advice: str
    gentle_after_waking: timedelta
    morning_advice: str
    micro_break_every: timedelta
    micro_break_length: tuple[timedelta, timedelta]
    micro_break_advice: str
    desk_break_every: tuple[timedelta, timedelta]
    habit_advice: str
    daily_advice: str
    forward_bending_advice: str
    sciatic_advice: str
    red_flags: tuple[RedFlag, ...]
    references: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class RoutineGuide:
    """A routine as people see it: the engine's timing plus what it is for.

    ``desk_side`` marks a routine done beside the desk, which holds no floor stretch.
    """

    routine: Routine
    description: str | None
    regions: tuple[str, ...]
    references: tuple[str, ...]
    desk_side: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class Library:
    """Everything in the content files, checked against each other."""

    stretches: dict[str, Stretch]
    references: dict[str, Reference]
    safety: Safety
    routines: dict[str, RoutineGuide]
