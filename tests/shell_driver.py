"""The daemon's shell run in-process on a fake clock, with the fakes the package ships.

``Driven`` builds the real ``Shell`` (the engine thread's code: effects,
history writes, tray refreshes, reload, session changes, clock steps) from
``FakeIdle``, ``FakeNotifier``, ``FakeTray``, ``MemoryHistory``, a
``FakeClock`` and a ``FakeWaker``. ``advance`` jumps the clock from one
timer wake-up to the next, exactly as the production timer would tick, so
a simulated week runs in well under a second and no test sleeps.
"""

from __future__ import annotations

import queue
from collections.abc import Callable, Iterator
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
from deskbreak.idle import FakeIdle, IdleChoice
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

    def __init__(self, home: Path, config: str = FAST, start: datetime = START) -> None:
        self.clock = FakeClock(start)
        self.waker = FakeWaker()
        self.inbox = Inbox()
        self.idle = FakeIdle()
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
        self.shell = Shell(self.setup, self.clock, self.waker, self._stop, lambda window: None)
        self.waker.start(lambda: self.inbox.put(Tick()), settings.sample_every)
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

    def advance(self, length: timedelta, *, during: Callable[[datetime], None] | None = None) -> None:
        """Let ``length`` pass, ticking at every wake-up the timer would give; ``during`` runs before each."""
        end = self.now + length
        while (wake := self.waker.next_wake(self.now)) is not None and wake <= end:
            self.clock.advance_to(wake)
            if during is not None:
                during(self.now)
            self.waker.ticked(self.now)
            self.process(Tick())
        self.clock.advance_to(end)

    def work(self, length: timedelta) -> None:
        """Type for ``length``: idle time stays at zero."""
        self.idle.set(timedelta(0))
        self.advance(length)

    def sleep(self, length: timedelta) -> None:
        """Suspend the machine for ``length``: no tick at all, and no input."""
        self.clock.advance(length)

    def away(self, length: timedelta) -> None:
        """Leave the desk for ``length``: idle time grows with the clock."""
        left = self.now
        self.advance(length, during=lambda now: self.idle.set(now - left))
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
