"""The engine thread's work: one queued item at a time, against the engine and the ports.

``Shell.process`` takes a tick, a request, a session change or a clock
step, reads the injected clock, feeds the engine and carries out its
effects, then arms the waker for the engine's next deadline and refreshes
the tray. Given ``wake``, it asks an idle source that can watch
(``IdleWatch``) to call it at the engine's thresholds instead of being
sampled (``IdleFeed``); the waker then samples only while something
still has to be asked (see ``sampling``). It never raises: an item that
fails is logged with its traceback and answered "internal error", and
the next one is served. Because the
clock, the waker and every port come from outside, tests run this exact
code in-process on a fake clock (see ``tests/shell_driver.py``).
"""

from __future__ import annotations

import logging
import queue
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from deskbreak.config.settings_file import ConfigError
from deskbreak.config.writer import ConfigWriteError, set_text_value
from deskbreak.core import Engine, IdleSampled, QuietChanged, Settings, SettingsChanged
from deskbreak.daemon._clock import Clock
from deskbreak.daemon._clockstep import STEP_TOLERANCE_S
from deskbreak.daemon._commands import Answer, Commands
from deskbreak.daemon._effects import Effects
from deskbreak.daemon._idlefeed import IdleFeed
from deskbreak.daemon._setup import BreakWindow, Setup
from deskbreak.daemon._troubles import Troubles
from deskbreak.daemon._waker import Waker
from deskbreak.library import routines_for
from deskbreak.opener import open_with_desktop
from deskbreak.requests import Request, Start

__all__ = ["ClockStepped", "Command", "Item", "PartFailed", "SessionChange", "Shell", "Stop", "Tick"]

_log = logging.getLogger("deskbreak")


@dataclass(frozen=True, slots=True)
class Tick:
    """Time to sample idle time and let the engine catch up."""


@dataclass(frozen=True, slots=True)
class Command:
    """A request from the CLI, the tray, a notification or the break window; ``reply`` gets the answer."""

    request: Request
    reply: queue.Queue[Answer] = field(default_factory=lambda: queue.Queue(maxsize=1))
    log_answer: bool = False


@dataclass(frozen=True, slots=True)
class SessionChange:
    """logind says the machine is about to sleep or woke, or the screen (un)locked."""

    change: str


@dataclass(frozen=True, slots=True)
class ClockStepped:
    """The wall clock was set: re-arm the timers and sample at once."""


@dataclass(frozen=True, slots=True)
class PartFailed:
    """A part running on another thread (the tray, the session watch) failed; tell the person once."""

    part: str
    problem: str
    consequence: str


@dataclass(frozen=True, slots=True)
class Stop:
    """Leave the engine loop."""


Item = Tick | Command | SessionChange | ClockStepped | PartFailed | Stop


class Shell:
    """The engine and its ports, driven one item at a time; see the module docstring."""

    def __init__(self, setup: Setup, clock: Clock, waker: Waker, stop: Callable[[], None],
                 read_window: Callable[[BreakWindow], None], *, wake: Callable[[], None] | None = None) -> None:
        self.setup = setup
        self.clock = clock
        self.waker = waker
        self.engine = Engine(setup.settings, setup.routines)
        self.troubles = Troubles(setup.face.tell)
        self.effects = Effects(setup, self.engine, self.troubles, read_window)
        self._commands = Commands(self.engine, self)
        self._stop = stop
        self._deadline: datetime | None = None
        self._offset: float | None = None
        self._locked_away_since: datetime | None = None  # while locked: the last input before the lock
        self._quiet: str | None = None
        self.config_watched = False  # set by the daemon once its config file watch runs
        self._idle = IdleFeed(self.troubles, wake)
        self._idle.watch(setup.idle, setup.settings)
        self._sampling = self.sampling()  # what the daemon starts the waker with; _rearm follows changes

    def process(self, item: Item) -> None:
        """Serve one item; never raises."""
        now = self.clock.now()
        try:
            self._notice_clock_step(now, isinstance(item, ClockStepped))
            self._serve(item, now)
        except Exception:
            _log.exception("unexpected error serving %s; carrying on", type(item).__name__)
            if isinstance(item, Command) and item.reply.empty():
                item.reply.put({"ok": False, "error": "internal error; see the log"})
        for after in (self.effects.keeper.retry, self._rearm, self.effects.refresh_tray):
            try:
                after()
            except Exception:
                _log.exception("unexpected error in %s; carrying on", after.__name__)

    def _serve(self, item: Item, now: datetime) -> None:
        match item:
            case Tick() | ClockStepped():
                self._sample()
            case SessionChange(change=change):
                self._session_changed(change, now)
            case Command():
                self._command(item, now)
            case PartFailed(part=part, problem=problem, consequence=consequence):
                self.troubles.report(part, problem, consequence)
            case Stop():
                pass

    def _command(self, item: Command, now: datetime) -> None:
        if self._sampling is None:  # the last sample may be long ago: the engine must see the work done since
            now = self._feed_idle()
        outcome = self._commands.handle(item.request, now)
        start = item.request if isinstance(item.request, Start) else Start()
        self.effects.carry_out(outcome.effects, start.window, take_focus=start.from_reminder)
        item.reply.put(outcome.answer)  # after the records: an "ok" means the history has them
        if item.log_answer:
            _log.info("%s: %s", item.request.name, outcome.answer.get("message") or outcome.answer.get("error"))

    def _notice_clock_step(self, now: datetime, told: bool) -> None:
        """Compare wall and monotonic time; on a step, arm the waker again from the new time."""
        offset = now.timestamp() - self.clock.monotonic()
        previous, self._offset = self._offset, offset
        stepped = previous is not None and abs(offset - previous) > STEP_TOLERANCE_S
        if previous is None or not (told or stepped):
            return
        if stepped:
            _log.warning("the clock was set %s by %.0f s; timers armed again", "back" if offset < previous else
                         "forward", abs(offset - previous))
        else:  # time sync set the clock to (nearly) what it was: worth re-arming, not a warning
            _log.info("the clock was set, by less than %.0f s; timers armed again", STEP_TOLERANCE_S)
        self._deadline = None
        self.waker.clock_stepped()

    def _session_changed(self, change: str, now: datetime) -> None:
        """Sample at once around sleep; a locked screen counts as away however the locker fidgets."""
        _log.info("session: %s", change)
        if change == "locked":
            self._locked_away_since = self._locked_away_since or now
        elif change == "unlocked":
            self._locked_away_since = None
        self._sample()

    def sampling(self) -> timedelta | None:
        """How often the waker should sample: never while every input tells of its own changes.

        That is an idle source that watches and works, a config file under
        watch, and no quiet signal that has to be asked.
        """
        if self._idle.watching(self.setup.idle) and self.config_watched and not self.setup.quiet.polled():
            return None
        return self.setup.settings.sample_every

    def _natural_break_watched(self) -> bool:
        """Whether the idle source will say when the natural break is reached (not for a locked screen's)."""
        return self._sampling is None and self._locked_away_since is None

    def _sample(self) -> None:
        now = self._feed_idle()
        self._check_quiet(now)
        change = self.setup.watcher.check()
        if isinstance(change, ConfigError):
            self.setup.face.tell("deskbreak kept its last good settings", str(change))
        elif change is not None:
            self._apply(change, now)

    def _feed_idle(self) -> datetime:
        """Read the idle source, then the clock; the sample's time, which the rest of this round uses.

        In that order a sample is as late as its reading. A reading can take
        a D-Bus round trip or two, and input during them would otherwise fall
        before the sample that missed it.
        """
        idle, active = self._idle.read(self.setup.idle)
        now = self.clock.now()
        if self._locked_away_since is not None:  # only input before the lock counts, and it may be a while back
            self._locked_away_since = min(self._locked_away_since, now - idle)
            idle = now - self._locked_away_since
        self.effects.carry_out(self.engine.handle(IdleSampled(now=now, idle_for=idle, active_for=active)))
        return now

    def _check_quiet(self, now: datetime) -> None:
        """Tell the engine when the user becomes busy or free; it holds a due break back meanwhile."""
        reason = self.setup.quiet.reason()
        if reason == self._quiet:
            return
        self._quiet = reason
        _log.info("quiet: %s", "free" if reason is None else f"busy ({reason})")
        self.effects.carry_out(self.engine.handle(QuietChanged(now=now, reason=reason)))

    def _rearm(self) -> None:
        """Sample as often as ``sampling`` says, and bring the waker's deadline forward to the engine's next.

        A deadline that moved later is left armed: waking early only costs
        one extra sample, where moving it on every sample (the natural break
        deadline moves with each input) would wake the scheduler too.
        """
        sampling = self.sampling()
        if sampling != self._sampling:
            self._sampling = sampling
            self.waker.sample_every(sampling)
        deadline = self.engine.next_deadline(natural_break_watched=self._natural_break_watched())
        armed = self._deadline
        if deadline is None or (armed is not None and self.clock.now() < armed <= deadline):
            return
        self._deadline = deadline
        self.waker.wake_at(deadline)

    # ----------------------------------------- controls (the Commands' callbacks)

    def quit(self) -> None:
        """The ``quit`` request."""
        self._stop()

    def doctor(self) -> dict[str, Any]:
        """The ``doctor`` request: what this daemon chose, and what is failing now."""
        problems = self.troubles.failing()
        if self.setup.face.problem is not None:
            problems["notifications"] = self.setup.face.problem
        held = self.effects.keeper.held
        if held:
            problems["history"] = (f"{problems.get('history', 'not writable')} "
                                   f"({held} record{'s' if held != 1 else ''} held in memory)")
        return {**self.setup.doctor(), "problems": problems}

    def choose_routine(self, name: str) -> str:
        """Make ``name`` the default routine, in the config file, and apply it now.

        A file that cannot be written, or that the user saved meanwhile, is
        left alone and the answer says so in one line.
        """
        try:
            set_text_value(self.setup.config_path, "break", "routine", name)
        except ConfigWriteError as error:
            return str(error)
        self.reload(self.clock.now())
        return f"Breaks now run the {name} routine"

    def open_report(self) -> str:
        """Draw this week's report in a separate process (Pillow's fonts stay out of the daemon) and open it."""
        subprocess.Popen([sys.executable, "-m", "deskbreak", "report", "--open"], stdout=subprocess.DEVNULL,
                         start_new_session=True)
        return "Drawing this week's report"

    def open_config(self) -> str:
        """Open the config file in the desktop's editor."""
        try:
            open_with_desktop(self.setup.config_path)
        except OSError as error:
            return f"{error}; the file is {self.setup.config_path}"
        return f"Opened {self.setup.config_path}"

    def reload(self, now: datetime) -> str:
        """The ``reload`` request: read the config file now."""
        try:
            settings = self.setup.watcher.load()
        except ConfigError as error:
            self.setup.face.tell("deskbreak kept its last good settings", str(error))
            return f"kept the last good settings: {'; '.join(error.problems)}"
        if settings == self.setup.settings:  # already applied by the watcher: no second record
            return f"settings reloaded from {self.setup.config_path} (no change)"
        self._apply(settings, now)
        return f"settings reloaded from {self.setup.config_path}"

    def _apply(self, settings: Settings, now: datetime) -> None:
        routines = routines_for(settings)
        self.effects.carry_out(self.engine.handle(SettingsChanged(now=now, settings=settings, routines=routines)))
        self.setup.routines = routines
        if _quiet_switches(settings) != _quiet_switches(self.setup.settings):
            self.setup.quiet.close()
            self.setup.quiet = self.setup.open_quiet(settings)
        thresholds_moved = (settings.away_after, settings.natural_break) != (self.setup.settings.away_after,
                                                                             self.setup.settings.natural_break)
        self.setup.settings = settings
        if thresholds_moved:
            self._idle.watch(self.setup.idle, settings)
        _log.info("settings reloaded")


def _quiet_switches(settings: Settings) -> tuple[object, ...]:
    """The settings the quiet signals are opened from (max_wait is the engine's)."""
    return (settings.quiet_fullscreen, settings.quiet_do_not_disturb, settings.quiet_calls, settings.call_apps,
            settings.quiet_apps)
