"""The break engine: desk time, reminders and breaks, as a pure state machine.

Events go in with the time they happened; records, reminder changes and
break steps come out. The engine never reads a clock, sleeps or does I/O,
so a month of work replays in milliseconds and every rule is tested on
simulated time. Its whole state is one value (``_state.py``); what each
event does is in ``_actions.py``, and the passage of time in ``_timeline.py``.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from deskbreak.core._actions import apply
from deskbreak.core._events import Event
from deskbreak.core._records import Effect
from deskbreak.core._routine import Routine
from deskbreak.core._settings import Settings
from deskbreak.core._state import State
from deskbreak.core._status import Status
from deskbreak.core._timeline import Transition

__all__ = ["Engine"]


class Engine:
    """Counts desk time and decides when to remind; see the module docstring."""

    def __init__(self, settings: Settings, routines: Iterable[Routine]) -> None:
        self._state = State.begin(settings, {routine.name: routine for routine in routines})

    def handle(self, event: Event) -> list[Effect]:
        """Apply ``event``; return what the user should see and history should keep.

        An action that makes no sense now raises ``IllegalAction``, and
        settings it cannot take raise ``ValueError``; either way the engine is
        left exactly as it was, since the event worked on a copy of the state.
        """
        change = Transition(self._state.copy())
        apply(change, event)
        self._state = change.state
        return change.effects

    def next_deadline(self, natural_break_watched: bool = False) -> datetime | None:
        """When the engine next needs an idle sample, if the user keeps working (or stays away).

        Nothing happens before it without the user's input: the walk stops
        at the same points (``Transition.next_stop``). A program session
        already due is offered at once to a user at the machine; to an empty
        chair it waits for the input that brings the next sample. With
        ``natural_break_watched`` the idle source itself tells when idle time
        reaches ``natural_break`` (an event-driven source does), so the
        natural break is not a deadline: a typing user is then not sampled
        once every ``natural_break`` just in case they stopped.
        """
        change = Transition(self._state.copy())  # looking up active hours refreshes a cache in the copy
        return self._state.optional_datetime_of(change.deadline(natural_break_watched))

    def status(self) -> Status:
        """A snapshot for the tray, the CLI and tests."""
        state = self._state
        clock = state.clock if state.clock is not None else 0.0
        running = state.running
        return Status(
            as_of=state.datetime_of(clock),
            phase=state.phase,
            desk_time=timedelta(seconds=state.desk),
            until_reminder=timedelta(seconds=max(0.0, state.next_reminder - state.desk)),
            snoozes_left=state.snoozes_left(),
            paused=state.pause_until is not None,
            paused_until=state.optional_datetime_of(state.pause_until),
            in_active_hours=state.settings.active_hours.contains(clock + state.offset),
            routine=state.due_routine or state.settings.routine,
            break_routine=running.routine.name if running else None,
            break_started=state.datetime_of(running.started) if running else None,
            break_ends=state.datetime_of(running.ends(clock)) if running else None,
            break_step=running.step if running else None,
            break_held=running is not None and running.held_at is not None,
            break_stretch=running.current.stretch if running else None,
            break_step_ends=state.optional_datetime_of(running.step_ends()) if running else None,
            quiet=state.quiet,
            waiting=state.wait.reason if state.wait else None,
            paused_while_busy=state.pause_while_busy,
        )

    def upcoming(self, name: str) -> Routine | None:
        """The routine a break called ``name`` runs next: the default one takes its [focus] turns."""
        return self._state.upcoming(name)

    @property
    def settings(self) -> Settings:
        """The settings in force."""
        return self._state.settings

    @property
    def routines(self) -> dict[str, Routine]:
        """The routines a break can run, by name."""
        return dict(self._state.routines)
