"""The daemon shell: the one module that knows about threads.

Threads and who owns what:
- the main thread waits for the daemon to stop (later it runs the tray);
- APScheduler's thread fires two jobs, "sample" every ``sample_every`` and
  "deadline" at the engine's next deadline; both only enqueue a tick;
- the control server's connection threads only enqueue a command and wait
  for its answer;
- the notifier's listener thread delivers notification button presses,
  and a break window's reader thread its button presses; both only
  enqueue a command;
- one engine thread takes items off the queue, reads the clock and the idle
  source, feeds the engine and carries out its effects (history,
  notifications), so the engine, the store, the idle source and the
  notifier's calls are only ever made there.
"""

from __future__ import annotations

import logging
import queue
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from apscheduler.executors.pool import ThreadPoolExecutor  # type: ignore[import-untyped]
from apscheduler.schedulers.background import BackgroundScheduler  # type: ignore[import-untyped]

from deskbreak.config_write import set_text_value
from deskbreak.control import ControlServer, InstanceLock
from deskbreak.core import Engine, IdleSampled, Settings, SettingsChanged
from deskbreak.daemon._commands import Answer, Commands
from deskbreak.daemon._effects import Effects
from deskbreak.daemon._setup import Setup
from deskbreak.daemon._signals import StopSignals
from deskbreak.daemon._window import NO_DISPLAY_EXIT, WINDOW_COMMANDS, WindowProcess
from deskbreak.idle import IdleUnavailable
from deskbreak.opener import open_with_desktop
from deskbreak.routines import routines_for
from deskbreak.settings_file import ConfigError

if TYPE_CHECKING:
    from deskbreak.sessionwatch import SessionWatch

__all__ = ["Daemon"]

_log = logging.getLogger("deskbreak")
_ANSWER_TIMEOUT_S = 10.0


@dataclass(frozen=True, slots=True)
class _Tick:
    """Time to sample idle time and let the engine catch up."""


@dataclass(frozen=True, slots=True)
class _Command:
    request: dict[str, Any]
    reply: queue.Queue[Answer] = field(default_factory=lambda: queue.Queue(maxsize=1))
    log_answer: bool = False


@dataclass(frozen=True, slots=True)
class _Session:
    """logind says the machine is about to sleep or woke, or the screen (un)locked."""

    change: str


@dataclass(frozen=True, slots=True)
class _Stop:
    """Leave the engine loop."""


_Item = _Tick | _Command | _Session | _Stop


class Daemon:
    """A running deskbreak: see the module docstring for its threads."""

    def __init__(self) -> None:
        self._queue: queue.Queue[_Item] = queue.Queue()
        setup = self._setup = Setup.create(self.submit)
        self._engine = Engine(setup.settings, setup.routines)
        self._stopped = threading.Event()
        self._commands = Commands(self._engine, self)
        self._effects = Effects(setup, self._engine, self._start_window_reader)
        self._scheduler = BackgroundScheduler(executors={"default": ThreadPoolExecutor(1)})
        self._deadline: datetime | None = None
        self._idle_failed = False
        self._locked_since: datetime | None = None
        self._session_watch: SessionWatch | None = None

    def run(self, lock: InstanceLock) -> int:
        """Serve until ``quit``, SIGTERM or SIGINT; return the exit status."""
        signals = StopSignals.install(self.stop)
        engine_thread = threading.Thread(target=self._engine_loop, name="deskbreak-engine")
        engine_thread.start()
        threading.Thread(target=self._setup.face.notifier.listen, name="deskbreak-notify", daemon=True).start()
        threading.Thread(target=self._watch_session, name="deskbreak-session", daemon=True).start()
        self._queue.put(_Tick())
        every = self._setup.settings.sample_every.total_seconds()
        self._scheduler.add_job(self._tick, "interval", seconds=every, id="sample",
                                coalesce=True, max_instances=1, misfire_grace_time=None)
        self._scheduler.start()
        with ControlServer(self._serve, lock):
            _log.info("deskbreak is running")
            self._setup.tray.run()  # returns on stop(), or if the desktop's tray went away
            self._stopped.wait()
        self._scheduler.shutdown(wait=False)
        if self._session_watch is not None:
            self._session_watch.close()
        self._queue.put(_Stop())
        engine_thread.join()
        self._setup.close()
        signals.close()
        _log.info("deskbreak stopped")
        return 0

    def stop(self) -> None:
        """Ask the daemon to stop; safe from any thread and from signal handlers."""
        self._stopped.set()
        self._setup.tray.stop()

    # --------------------------------------- controls (engine thread)

    def quit(self) -> None:
        """The ``quit`` request."""
        self.stop()

    def doctor(self) -> dict[str, Any]:
        """The ``doctor`` request: what this daemon chose."""
        return self._setup.doctor()

    def choose_routine(self, name: str) -> str:
        """Make ``name`` the default routine, in the config file, and apply it now."""
        set_text_value(self._setup.config_path, "break", "routine", name)
        self.reload(datetime.now().astimezone())
        return f"Breaks now run the {name} routine"

    def open_report(self) -> str:
        """Draw this week's report in a separate process (Pillow's fonts stay out of the daemon) and open it."""
        subprocess.Popen([sys.executable, "-m", "deskbreak", "report", "--open"], stdout=subprocess.DEVNULL,
                         start_new_session=True)
        return "Drawing this week's report"

    def open_config(self) -> str:
        """Open the config file in the desktop's editor."""
        try:
            open_with_desktop(self._setup.config_path)
        except OSError as error:
            return f"{error}; the file is {self._setup.config_path}"
        return f"Opened {self._setup.config_path}"

    # ---------------------------------------------------- other threads

    def _tick(self) -> None:
        self._queue.put(_Tick())

    def _watch_session(self) -> None:
        """Listen to logind where there is one; without it, sample gaps still reveal sleep."""
        try:
            from deskbreak.sessionwatch import SessionWatch, SessionWatchUnavailable
        except ImportError:
            _log.info("no suspend or lock signals on this platform")
            return
        try:
            watch = self._session_watch = SessionWatch.open(lambda change: self._queue.put(_Session(change)))
            if watch.locked:
                self._queue.put(_Session("locked"))
            watch.listen()
        except SessionWatchUnavailable as error:
            _log.info("no suspend or lock signals: %s", error)

    def submit(self, request: dict[str, Any]) -> None:
        """Enqueue a request from a notification or the tray; its answer goes to the log."""
        self._queue.put(_Command(request, log_answer=True))

    def _serve(self, request: dict[str, Any]) -> Answer:
        command = _Command(request)
        self._queue.put(command)
        try:
            return command.reply.get(timeout=_ANSWER_TIMEOUT_S)
        except queue.Empty:
            return {"ok": False, "error": "the daemon is busy; try again"}

    # ------------------------------------------------------ engine thread

    def _engine_loop(self) -> None:
        while True:
            item = self._queue.get()
            if isinstance(item, _Stop):
                return
            now = datetime.now().astimezone()
            try:
                if isinstance(item, _Tick):
                    self._sample(now)
                elif isinstance(item, _Session):
                    self._session_changed(item.change, now)
                else:
                    outcome = self._commands.handle(item.request, now)
                    self._effects.carry_out(outcome.effects, item.request.get("window", True) is not False)
                    item.reply.put(outcome.answer)
                    if item.log_answer:
                        _log.info("%s: %s", item.request["command"],
                                  outcome.answer.get("message") or outcome.answer.get("error"))
            except Exception:
                _log.exception("unexpected error; carrying on")
                if isinstance(item, _Command) and item.reply.empty():
                    item.reply.put({"ok": False, "error": "internal error; see the log"})
            self._rearm(now)
            self._effects.refresh_tray()

    def _session_changed(self, change: str, now: datetime) -> None:
        """Sample at once around sleep; a locked screen counts as away however the locker fidgets."""
        _log.info("session: %s", change)
        if change == "locked":
            self._locked_since = self._locked_since or now
        elif change == "unlocked":
            self._locked_since = None
        self._sample(now)

    def _sample(self, now: datetime) -> None:
        try:
            idle = self._setup.idle.idle_for()
            self._idle_failed = False
        except IdleUnavailable as error:
            if not self._idle_failed:
                _log.warning("cannot read idle time (%s); counting you as present", error)
            self._idle_failed = True
            idle = timedelta(0)
        if self._locked_since is not None:
            idle = max(idle, now - self._locked_since)
        self._effects.carry_out(self._engine.handle(IdleSampled(now=now, idle_for=idle)))
        change = self._setup.watcher.check()
        if isinstance(change, ConfigError):
            self._setup.face.tell("deskbreak kept its last good settings", str(change))
        elif change is not None:
            self._apply(change, now)

    def reload(self, now: datetime) -> str:
        """The ``reload`` request: read the config file now."""
        try:
            settings = self._setup.watcher.load()
        except ConfigError as error:
            self._setup.face.tell("deskbreak kept its last good settings", str(error))
            return f"kept the last good settings: {'; '.join(error.problems)}"
        self._apply(settings, now)
        return f"settings reloaded from {self._setup.config_path}"

    def _apply(self, settings: Settings, now: datetime) -> None:
        self._setup.routines = routines_for(settings)
        self._effects.carry_out(self._engine.handle(
            SettingsChanged(now=now, settings=settings, routines=self._setup.routines)))
        if settings.sample_every != self._setup.settings.sample_every:
            self._scheduler.reschedule_job("sample", trigger="interval",
                                           seconds=settings.sample_every.total_seconds())
        self._setup.settings = settings
        _log.info("settings reloaded")

    def _start_window_reader(self, window: WindowProcess) -> None:
        threading.Thread(target=self._read_window, args=(window,), name="deskbreak-window", daemon=True).start()

    def _read_window(self, window: WindowProcess) -> None:
        """Hand the window's presses to the engine; a window that dies ends the break as partial."""
        for request in window.requests():
            self.submit({"command": WINDOW_COMMANDS[request]})
        status = window.exit_status()
        if window.finished:
            return
        if status == NO_DISPLAY_EXIT:
            _log.warning("no break window here (it could not open); the break goes on with cues only")
            return
        _log.warning("the break window ended unexpectedly (exit status %s); stopping the break", status)
        self.submit({"command": "stop"})

    def _rearm(self, now: datetime) -> None:
        """Bring the "deadline" job forward to the engine's next deadline.

        A deadline that moved later is left armed: waking early only costs
        one extra sample, where moving the job on every sample (the natural
        break deadline moves with each input) would wake the scheduler too.
        """
        deadline = self._engine.next_deadline()
        armed = self._deadline
        if deadline is None or (armed is not None and now < armed <= deadline):
            return
        self._deadline = deadline
        self._scheduler.add_job(self._tick, "date", run_date=deadline, id="deadline",
                                replace_existing=True, misfire_grace_time=None)
