"""What the break window shows, as a pure function of the daemon's messages and the time.

The daemon owns the timeline: its engine decides when each step starts and
when the break pauses and resumes. The window only counts down between
messages. Keeping that arithmetic here, away from Tk, lets the tests check
every screen as a table with no display.

A ``step`` message means the timeline is running, so it also ends a pause;
a daemon that wants the new step paused sends ``paused`` after it.

Swap is the one thing decided here rather than by the daemon: it shows the
step's next alternative in place of its stretch, for this step and every
later step of the same stretch (its other side), and comes back round to
the stretch itself after the last. The timeline does not change, so the
break still completes, and is recorded, as the daemon runs it.
"""

from __future__ import annotations

import math

from deskbreak.breakwindow._protocol import (
    DoneMessage,
    PausedMessage,
    ProtocolError,
    ResumedMessage,
    RoutineMessage,
    StepGuide,
    StepMessage,
    TimelineMessage,
)
from deskbreak.breakwindow._value import Value

__all__ = [
    "BLANK",
    "DONE_LINGER_S",
    "FINISHED",
    "HOLD",
    "PAUSED",
    "PICTURE_SIZE",
    "PREPARE",
    "READY",
    "SWAPPED",
    "WELL_DONE",
    "Screen",
    "WindowModel",
    "clock_text",
]

DONE_LINGER_S = 1.5
PICTURE_SIZE = 200
PREPARE = "Get into position"
HOLD = "Hold"
PAUSED = "Paused"
READY = "Get ready"
SWAPPED = " · swapped"
WELL_DONE = "Well done"
FINISHED = "✓"
_SIDE_TEXT = {"left": "Left side", "right": "Right side", None: ""}


class Screen(Value):
    """Everything the window shows at one moment, as text ready to draw.

    ``countdown`` is the big text: the time left in the phase, or a tick
    (``FINISHED``) once the routine is done.
    ``running`` is true while a step is on screen, when Pause, Next and Stop
    mean something; ``paused`` turns Pause into Resume; ``can_swap`` says
    Swap has another stretch to show, and ``swapped`` that one is showing.
    """

    title: str = ""
    step_label: str = ""
    stretch_name: str = ""
    side_text: str = ""
    how: tuple[str, ...] = ()
    cautions: tuple[str, ...] = ()
    tip: str = ""
    phase: str = ""
    countdown: str = ""
    routine_left: str = ""
    picture: str | None = None
    paused: bool = False
    running: bool = False
    can_swap: bool = False
    swapped: bool = False


BLANK = Screen()


def clock_text(seconds: float) -> str:
    """Seconds left as "m:ss", rounded up so "0:00" appears only when time is up."""
    whole = max(0, math.ceil(seconds - 1e-6))
    return f"{whole // 60}:{whole % 60:02d}"


def _active_phase(guide: StepGuide) -> str:
    """What to do once in position: hold still, or a number of slow reps."""
    if guide.reps is None:
        return HOLD
    return f"{guide.reps} slow rep{'' if guide.reps == 1 else 's'}"


class WindowModel:
    """The routine, the running step and the pause, fed by ``apply`` and read by ``screen``."""

    def __init__(self) -> None:
        self._routine: RoutineMessage | None = None
        self._step: StepMessage | None = None
        self._paused_at: float | None = None
        self._done: DoneMessage | None = None
        self._closes_at: float | None = None
        self._swaps: dict[str, int] = {}  # stretch id: which of it and its alternatives shows (0: itself)

    @property
    def closes_at(self) -> float | None:
        """When the window should close (epoch seconds), once the break is done."""
        return self._closes_at

    def apply(self, message: TimelineMessage, now: float) -> bool:
        """Take one message at time ``now``; True when the change deserves the cue.

        A message that makes no sense here raises ``ProtocolError`` and
        changes nothing.
        """
        self._check_order(message)
        match message:
            case RoutineMessage():
                self._routine = message
            case StepMessage():
                self._step_begins(message)
                return True
            case PausedMessage(at=at):
                self._paused_at = at if self._paused_at is None else self._paused_at
            case ResumedMessage(shift=shift):
                self._resume(shift)
            case DoneMessage(completed=completed):
                self._done = message
                self._closes_at = now + DONE_LINGER_S if completed else now
                return completed
        return False

    def swap(self) -> bool:
        """Show the running step's next alternative (or its own stretch again); False when there is none."""
        if self._routine is None or self._step is None or self._done is not None:
            return False
        guide = self._routine.steps[self._step.index]
        if not guide.alternatives:
            return False
        self._swaps[guide.stretch] = (self._swaps.get(guide.stretch, 0) + 1) % (len(guide.alternatives) + 1)
        return True

    def _shown(self, guide: StepGuide) -> StepGuide:
        """The step's own guide, or the alternative Swap chose for its stretch."""
        choice = self._swaps.get(guide.stretch, 0)
        return guide.alternatives[choice - 1] if choice else guide

    def _check_order(self, message: TimelineMessage) -> None:
        kind = type(message).__name__.removesuffix("Message").lower()
        if self._routine is None and not isinstance(message, RoutineMessage):
            raise ProtocolError(f'a "{kind}" message before the routine message')
        if self._routine is not None and isinstance(message, RoutineMessage):
            raise ProtocolError("a second routine message (the window shows one routine)")
        if self._done is not None:
            raise ProtocolError(f'a "{kind}" message after "done"')

    def _step_begins(self, step: StepMessage) -> None:
        assert self._routine is not None
        count = len(self._routine.steps)
        if step.index >= count:
            raise ProtocolError(f"step index {step.index} is past the last step (the routine has {count}, from 0)")
        self._step = step
        self._paused_at = None

    def _resume(self, shift: float) -> None:
        self._paused_at = None
        if self._step is not None:
            self._step = self._step.replace(
                prepare_until=self._step.prepare_until + shift,
                hold_until=self._step.hold_until + shift,
                routine_until=self._step.routine_until + shift,
            )

    def screen(self, now: float) -> Screen:
        """What to show at ``now``; while paused the countdowns stay where the pause caught them."""
        routine = self._routine
        if routine is None:
            return BLANK
        if self._done is not None:
            if self._done.completed:
                return Screen(title=routine.title, phase=WELL_DONE, countdown=FINISHED)
            return Screen(title=routine.title)
        if self._step is None:
            return self._describe(routine, 0, phase=READY, countdown="", routine_left="")
        step = self._step
        moment = now if self._paused_at is None else min(now, self._paused_at)
        if moment < step.prepare_until:
            phase, left = PREPARE, step.prepare_until - moment
        else:
            phase, left = _active_phase(self._shown(routine.steps[step.index])), step.hold_until - moment
        return self._describe(
            routine,
            step.index,
            phase=PAUSED if self._paused_at is not None else phase,
            countdown=clock_text(left),
            routine_left=f"{clock_text(step.routine_until - moment)} left",
        )

    def _describe(
        self, routine: RoutineMessage, index: int, *, phase: str, countdown: str, routine_left: str
    ) -> Screen:
        planned = routine.steps[index]
        guide = self._shown(planned)
        running = self._step is not None
        return Screen(
            title=routine.title,
            step_label=f"Step {index + 1} of {len(routine.steps)}" + (SWAPPED if guide is not planned else ""),
            stretch_name=guide.name,
            side_text=_SIDE_TEXT[guide.side],
            how=guide.how,
            cautions=guide.cautions,
            tip=guide.tip or "",
            phase=phase,
            countdown=countdown,
            routine_left=routine_left,
            picture=guide.picture,
            paused=self._paused_at is not None,
            running=running,
            can_swap=running and bool(planned.alternatives),
            swapped=guide is not planned,
        )
