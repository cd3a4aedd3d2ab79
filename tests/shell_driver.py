"""The daemon's shell run in-process on a fake clock, with the fakes the package ships.

``Driven`` builds the real ``Shell`` (the engine thread's code: effects,
history writes, tray refreshes, reload, session changes, clock steps) from
``FakeIdle``, ``FakeNotifier``, ``FakeTray``, ``MemoryHistory``, a
``FakeClock`` and a ``FakeWaker``. ``advance`` jumps the clock from one
timer wake-up to the next, exactly as the production timer would tick, so
a simulated week runs in well under a second and no test sleeps. With
``watching``, the idle source is a ``FakeIdleWatch`` and the config file
counts as watched, as on X11 with XSync and inotify: ``away`` and ``work``
then deliver the source's events (a threshold reached, input back) where
a real source would, and the timer ticks only at the engine's deadlines.
"""

from __future__ import annotations

import queue
from collections.abc import Callable, Iterator, Sequence
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from deskbreak.breakwindow import WindowRequest
from deskbreak.config.user_file import ConfigWatcher
from deskbreak.core import BreakStep, Routine
from deskbreak.daemon._app import Inbox
from deskbreak.daemon._clock import FakeClock
from deskbreak.daemon._face import Face
from deskbreak.daemon._setup import BreakWindow, Setup, reminder_answer
from deskbreak.daemon._shell import Command, Item, Shell, Tick
from deskbreak.daemon._waker import FakeWaker
from deskbreak.history import MemoryHistory
from deskbreak.idle import FakeIdle, FakeIdleWatch, IdleChoice
from deskbreak.library import load_library, routines_for
from deskbreak.notify import FakeNotifier, NotifierChoice
from deskbreak.quiet import FakeQuiet, QuietWatch
from deskbreak.requests import from_wire
from deskbreak.tray import FakeTray, TrayChoice

START = datetime.fromisoformat("2026-03-02T09:00:00+00:00")
FAST = """[schedule]
interval = "30m"
snooze = "5m"
away_after = "2m"
natural_break = "5m"

[daemon]
sample_every = "5s"
"""


class FakeWindow:
    """A break window that records what it was shown; a test presses its buttons with ``press``."""

    def __init__(self, routine: Routine, take_focus: bool) -> None:
        self.routine = routine
        self.take_focus = take_focus
        self.steps: list[BreakStep] = []
        self.finished = False
        self.completed: bool | None = None

    def show(self, step: BreakStep) -> None:
        self.steps.append(step)

    def finish(self, completed: bool) -> None:
        self.finished = True
        self.completed = completed

    def requests(self) -> Iterator[WindowRequest]:
        return iter(())

    def exit_status(self) -> int:
        return 0


class Driven:
    """The shell with fakes all round; see the module docstring."""

    def __init__(self, home: Path, config: str = FAST, start: datetime = START, watching: bool = False) -> None:
        self.clock = FakeClock(start)
        self.waker = FakeWaker()
        self.inbox = Inbox()
        self.watch = FakeIdleWatch() if watching else None
        self.idle: FakeIdle = self.watch or FakeIdle()
        self._left: datetime | None = None  # when the user last left the desk, while away
        self._active_since = start  # when input last came back after a pause the watching source reports
        self.quiet = FakeQuiet()
        self.notifier = FakeNotifier(lambda action: self.inbox.submit(reminder_answer(action)))
        self.tray = FakeTray(self.inbox.submit)
        self.history = MemoryHistory()
        self.windows: list[FakeWindow] = []
        self.stopped = False
        self.config_path = home / "deskbreak.toml"
        self.config_path.write_text(config)
        watcher = ConfigWatcher(self.config_path)
        settings = watcher.load()
        names = {key: stretch.name for key, stretch in load_library().stretches.items()}
        self.setup = Setup(self.config_path, watcher, settings, routines_for(settings), self.history,
                           IdleChoice(self.idle, ()), Face(NotifierChoice(self.notifier, ()), names, None),
                           TrayChoice(self.tray, ()), self._launch, lambda: TrayChoice(self.tray, ()),
                           QuietWatch([self.quiet], ()), lambda settings: QuietWatch([self.quiet], ()))
        self.shell = Shell(self.setup, self.clock, self.waker, self._stop, lambda window: None,
                           wake=(lambda: self.inbox.put(Tick())) if watching else None)
        self.shell.config_watched = watching
        self.waker.start(lambda: self.inbox.put(Tick()), self.shell.sampling())
        self.process(Tick())

    @property
    def now(self) -> datetime:
        return self.clock.now()

    def process(self, item: Item) -> None:
        """Serve ``item`` and then everything it queued, as the engine thread would."""
        self.shell.process(item)
        self.pump()

    def pump(self) -> None:
        """Serve everything other parts (a click, a tray menu) put in the inbox."""
        while (queued := self.inbox.take()) is not None:
            self.shell.process(queued)

    def advance(self, length: timedelta, *, during: Callable[[datetime], None] | None = None,
                events: Sequence[datetime] = ()) -> None:
        """Let ``length`` pass, ticking at every wake-up the timer would give; ``during`` runs before each.

        At each of ``events`` the watching idle source says idleness changed.
        """
        end = self.now + length
        pending = sorted(moment for moment in events if self.now < moment <= end)
        while True:
            wake = self.waker.next_wake(self.now)
            moment = min([when for when in (wake, *pending[:1]) if when is not None], default=None)
            if moment is None or moment > end:
                break
            self.clock.advance_to(moment)
            if during is not None:
                during(self.now)
            if pending and pending[0] == moment:
                pending.pop(0)
                self._changed()
            if wake == moment:
                self.waker.ticked(self.now)
                self.process(Tick())
        self.clock.advance_to(end)

    def _changed(self) -> None:
        assert self.watch is not None
        self.watch.changed()
        self.pump()

    def work(self, length: timedelta) -> None:
        """Type for ``length``: idle time stays at zero."""
        left, self._left = self._left, None
        watch = self.watch
        if watch is None:
            self.idle.set(timedelta(0))
            self.advance(length)
            return
        watch.set(timedelta(0))
        if left is not None and self.now - left >= min(watch.thresholds):
            self._active_since = self.now
            self._changed()  # input came back after a pause the source watches for
        began = self._active_since
        self.advance(length, during=lambda now: watch.set(timedelta(0), active_for=now - began))

    def sleep(self, length: timedelta) -> None:
        """Suspend the machine for ``length``: no tick at all, and no input."""
        self.clock.advance(length)

    def away(self, length: timedelta, early: float = 0.0) -> None:
        """Leave the desk for ``length``: idle time grows with the clock.

        A watching source's events come at its thresholds, or ``early`` (a
        fraction) before them, as a compositor's coarse timers may fire.
        """
        left = self._left = self._left or self.now
        thresholds = self.watch.thresholds if self.watch is not None else ()
        self.advance(length, during=lambda now: self.idle.set(now - left),
                     events=[left + threshold * (1 - early) for threshold in thresholds])
        self.idle.set(self.now - left)

    def ask(self, command: str, **arguments: Any) -> dict[str, Any]:
        """Send a request as the CLI does (``from_wire`` checks it on the way in); its answer."""
        item = Command(from_wire({"command": command, **arguments}))
        self.process(item)
        try:
            return item.reply.get_nowait()
        except queue.Empty:  # pragma: no cover - the shell always answers
            raise AssertionError(f"no answer to {command}") from None

    def reminders(self) -> list[object]:
        """Every reminder the notifier was asked to show."""
        return [call for call in self.notifier.calls if call[0] == "show_reminder"]

    def stored(self) -> list[str]:
        """Every record kind in the history, oldest first."""
        return [record.kind for record in self.history.records()]

    def _launch(self, routine: Routine, take_focus: bool) -> BreakWindow:
        window = FakeWindow(routine, take_focus)
        self.windows.append(window)
        return window

    def _stop(self) -> None:
        self.stopped = True
