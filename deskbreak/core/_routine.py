"""A routine as the engine sees it: named steps, each with its timing.

The stretch texts and pictures live in the content library; the engine only
needs to know how long each step lasts, so it can tell when a break is done.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

__all__ = ["Routine", "Step"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Step:
    """One hold (or set of reps) of one stretch, on one side if it has sides.

    ``prepare`` is the time to get into position before the countdown starts;
    ``length`` is the countdown itself.
    """

    stretch: str
    length: timedelta
    prepare: timedelta = timedelta(0)
    side: str | None = None
    reps: int | None = None

    @property
    def total(self) -> timedelta:
        """Preparation plus the countdown."""
        return self.prepare + self.length


@dataclass(frozen=True, slots=True, kw_only=True)
class Routine:
    """A named sequence of steps, such as the 3-minute desk break."""

    name: str
    title: str
    steps: tuple[Step, ...]

    @property
    def duration(self) -> timedelta:
        """The whole routine, preparation included."""
        return sum((step.total for step in self.steps), timedelta(0))
