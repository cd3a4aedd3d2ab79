"""The guided break window as the daemon sees it: a child process spoken to in JSON Lines.

The window runs in its own short-lived process (``deskbreak.breakwindow``)
so the daemon never loads a GUI toolkit. The engine owns the break's
timeline; this adapter turns its ``BreakStep`` effects into window messages
and reads the window's button presses as requests (``WindowRequest``). Pictures are
drawn once per stretch and side into the user cache dir, where the window
loads them as plain PNG files.
"""

from __future__ import annotations

import contextlib
import logging
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

from deskbreak import __version__
from deskbreak.breakwindow import (
    PICTURE_SIZE,
    DoneMessage,
    PausedMessage,
    ProtocolError,
    ResumedMessage,
    RoutineMessage,
    StepGuide,
    StepMessage,
    TimelineMessage,
    WindowRequest,
    encode_message,
    parse_request,
    window_command,
)
from deskbreak.core import BreakStep, Routine, Step
from deskbreak.library import Library, Stretch, desk_side_alternatives

__all__ = ["NO_DISPLAY_EXIT", "SWAP_CHOICES", "WindowProcess", "routine_message"]

_log = logging.getLogger("deskbreak")
NO_DISPLAY_EXIT = 1  # the window process could not open a window at all
SWAP_CHOICES = 3  # the nearest desk-side stand-ins a step offers through Swap


class WindowProcess:
    """One break window for one break: ``show`` each step, ``finish`` at the end.

    ``requests`` blocks reading the window's button presses and belongs on
    its own thread; the other methods are called from the engine thread.
    ``take_focus``: the person clicked the reminder, so the window may take
    the keyboard (see ``window_command``).
    """

    def __init__(self, routine: Routine, library: Library, pictures: Path, take_focus: bool = False) -> None:
        self._process = subprocess.Popen(
            window_command(take_focus), stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1
        )
        self._shown_hold_until: float | None = None
        self._held = False
        self.finished = False
        self._send(routine_message(routine, library, pictures))

    def show(self, step: BreakStep) -> None:
        """Bring the window in line with the engine's timeline."""
        hold_until = step.hold_until.timestamp()
        if step.held:
            self._held = True
            self._send(PausedMessage(at=step.at.timestamp()))
        elif self._held and not step.cue and self._shown_hold_until is not None:
            self._held = False
            self._send(ResumedMessage(shift=hold_until - self._shown_hold_until))
        else:
            self._held = False
            self._send(StepMessage(index=step.index, prepare_until=step.prepare_until.timestamp(),
                                   hold_until=hold_until, routine_until=step.routine_until.timestamp()))
        self._shown_hold_until = hold_until

    def finish(self, completed: bool) -> None:
        """The break is over: say so, and let the window close itself."""
        self.finished = True
        self._send(DoneMessage(completed=completed))
        self._close_input()

    def requests(self) -> Iterator[WindowRequest]:
        """The person's presses, until the window exits (malformed lines are logged and skipped)."""
        assert self._process.stdout is not None
        for line in self._process.stdout:
            try:
                yield parse_request(line)
            except ProtocolError as error:
                _log.warning("break window said something odd: %s", error)

    def exit_status(self) -> int:
        """Wait for the window to exit; its exit status."""
        return self._process.wait()

    def _send(self, message: TimelineMessage) -> None:
        stdin = self._process.stdin
        if stdin is None or stdin.closed:
            return
        try:
            stdin.write(encode_message(message) + "\n")
            stdin.flush()
        except (BrokenPipeError, ValueError):
            self._close_input()

    def _close_input(self) -> None:
        stdin = self._process.stdin
        if stdin is not None and not stdin.closed:
            with contextlib.suppress(BrokenPipeError):
                stdin.close()


def routine_message(routine: Routine, library: Library, pictures: Path) -> RoutineMessage:
    """The window's first message: each step as the person should see it, pictures drawn into ``pictures``."""
    message = RoutineMessage(title=routine.title,
                             steps=tuple(_guide(step, library, pictures) for step in routine.steps))
    _draw_missing([guide for step in message.steps for guide in (step, *step.alternatives)])
    return message


def _guide(step: Step, library: Library, pictures: Path) -> StepGuide:
    """The window's view of one step: its stretch with every caution and the tip, and Swap's stand-ins."""
    stretch = library.stretches[step.stretch]
    stand_ins = desk_side_alternatives(stretch, library.stretches)[:SWAP_CHOICES]
    alternatives = tuple(_fitted(other, step, pictures) for other in stand_ins)
    return _fitted(stretch, step, pictures, alternatives, reps=step.reps)


def _fitted(
    stretch: Stretch, step: Step, pictures: Path, alternatives: tuple[StepGuide, ...] = (), reps: int | None = None
) -> StepGuide:
    """``stretch`` done in ``step``'s time and on its side (where the stretch has sides)."""
    side = step.side if stretch.per_side and step.side in ("left", "right") else None
    return StepGuide(
        stretch=stretch.id, name=stretch.name, how=stretch.steps, side=side,  # type: ignore[arg-type]
        hold=None if reps else step.length.total_seconds(), reps=reps, prepare=step.prepare.total_seconds(),
        picture=str(_picture(stretch.id, side, pictures)), cautions=stretch.cautions, tip=stretch.tip,
        alternatives=alternatives,
    )


def _picture(stretch: str, side: str | None, pictures: Path) -> Path:
    """Where the stretch's picture is cached as a PNG (``_draw_missing`` draws it there on first use)."""
    return pictures / __version__ / f"{stretch}-{side or 'both'}-{PICTURE_SIZE}.png"


def _draw_missing(guides: list[StepGuide]) -> None:
    """Draw the pictures not yet cached, in a child process: Pillow never enters the daemon.

    A picture that cannot be drawn is logged; the window shows the step without it.
    """
    missing = {guide.picture: guide for guide in guides if guide.picture and not Path(guide.picture).exists()}
    if not missing:
        return
    triples = [part for path, guide in missing.items() for part in (guide.stretch, guide.side or "both", path)]
    drawn = subprocess.run([sys.executable, "-m", "deskbreak.library._draw_files", str(PICTURE_SIZE), *triples],
                           capture_output=True, text=True, check=False)
    if drawn.returncode != 0:
        _log.warning("drawing the break's pictures failed: %s", drawn.stderr.strip() or f"exit {drawn.returncode}")
