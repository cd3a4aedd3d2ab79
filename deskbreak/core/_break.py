"""A running guided break: which step it is on, and when each step ends.

Immutable, so the engine can keep a copy to roll back to when an action
turns out to be illegal. Times are float seconds, like the engine's.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from deskbreak.core._routine import Routine, Step

__all__ = ["RunningBreak"]


@dataclass(frozen=True, slots=True)
class RunningBreak:
    """The break's timeline: step ``step`` began at ``step_began``.

    While held (``held_at`` set) the clock stops for the break: on carrying
    on, the current step's start moves later by the time held.
    """

    routine: Routine
    started: float
    step: int = 0
    step_began: float = 0.0
    held_at: float | None = None
    held_for: float = 0.0

    @classmethod
    def begin(cls, routine: Routine, now: float) -> RunningBreak:
        return cls(routine=routine, started=now, step_began=now)

    @property
    def current(self) -> Step:
        return self.routine.steps[self.step]

    @property
    def is_last_step(self) -> bool:
        return self.step == len(self.routine.steps) - 1

    def prepare_until(self) -> float:
        return self.step_began + self.current.prepare.total_seconds()

    def step_ends(self) -> float:
        """When the current step ends, as things stand (inf while held)."""
        if self.held_at is not None:
            return float("inf")
        return self.step_began + self.current.total.total_seconds()

    def ends(self, now: float) -> float:
        """When the whole routine ends if nobody touches it from ``now`` on."""
        rest = sum(step.total.total_seconds() for step in self.routine.steps[self.step + 1:])
        began = self.step_began + (now - self.held_at if self.held_at is not None else 0.0)
        return began + self.current.total.total_seconds() + rest

    def stretched(self, now: float) -> float:
        """Seconds spent on the routine by ``now``, time held excluded."""
        held = self.held_for + (now - self.held_at if self.held_at is not None else 0.0)
        return now - self.started - held

    def next_step(self, now: float) -> RunningBreak:
        """Move on to the following step, starting at ``now``."""
        return replace(self, step=self.step + 1, step_began=now)

    def hold(self, now: float) -> RunningBreak:
        return replace(self, held_at=now)

    def carry_on(self, now: float) -> RunningBreak:
        assert self.held_at is not None
        held = now - self.held_at
        return replace(self, held_at=None, held_for=self.held_for + held, step_began=self.step_began + held)
