"""The daemon's threads: the one module that knows about them, and what happens when one fails.

Threads and who owns what:
- the main thread runs the tray icon's loop (pystray wants it), and looks
  for a tray again if that loop fails or the panel goes away;
- the waker's thread (APScheduler) ticks at the engine's next deadline,
  and every ``sample_every`` unless the idle source, the config file and
  the quiet signals all tell of their own changes (``Shell.sampling``):
  then the idle source's thread and the config file watch (inotify) queue
  a sample when something changed; the clock-step watch wakes only when
  the wall clock is set; the control server's threads carry one request each (the
  engine thread itself sends ``status --follow`` its lines, non-blocking); the
  notifier's listener, the session watch and each break window's reader
  deliver presses and changes. All of them only put items in the inbox;
- one engine thread takes items out and hands them to the ``Shell``, so the
  engine, the store, the idle source and the notifier are only ever called
  there.

Supervision: every thread's failure goes to the log with its traceback. A
part the daemon can live without (tray, notifications, session watch)
is told once and retried; a part it cannot (the engine loop, the control
channel) ends the process promptly with status 1 and one line on stderr, so
a supervisor such as systemd restarts it. It is never alive and silent.
"""

from __future__ import annotations

import contextlib
import logging
import queue
import sys
import threading
from collections.abc import Callable
from typing import Any

from deskbreak import requests
from deskbreak.control import ControlError, ControlServer, Followers, InstanceLock
from deskbreak.daemon._clock import Clock
from deskbreak.daemon._clockstep import ClockStepWatch
from deskbreak.daemon._commands import Answer, refusal
from deskbreak.daemon._filewatch import FileWatch
from deskbreak.daemon._setup import BreakWindow, Setup
from deskbreak.daemon._shell import ClockStepped, Command, Item, PartFailed, SessionChange, Shell, Stop, Tick
from deskbreak.daemon._signals import StopSignals
from deskbreak.daemon._waker import Waker
from deskbreak.daemon._window import NO_DISPLAY_EXIT
from deskbreak.session import SessionWatchUnavailable, open_logind_watch

__all__ = ["Daemon", "Inbox"]

_log = logging.getLogger("deskbreak")
_ANSWER_TIMEOUT_S = 10.0
_ENGINE_JOIN_S = 5.0
_TRAY_RETRY_S = 30.0
_TRAY_RETRY_MAX_S = 600.0


class Inbox:
    """The engine thread's queue: every other thread only puts items here."""

    def __init__(self) -> None:
        self._queue: queue.Queue[Item] = queue.Queue()

    def put(self, item: Item) -> None:
        """Queue ``item`` for the engine thread; never blocks."""
        self._queue.put(item)

    def submit(self, request: requests.Request) -> None:
        """Queue a request from a notification, the tray or a window; its answer goes to the log."""
        self._queue.put(Command(request, log_answer=True))

    def get(self) -> Item:
        """The next item, waiting for one."""
        return self._queue.get()

    def take(self) -> Item | None:
        """The next item if there is one (for in-process drivers)."""
        try:
            return self._queue.get_nowait()
        except queue.Empty:
            return None


class Daemon:
    """A running deskbreak: see the module docstring for its threads."""

    def __init__(self, setup: Setup, inbox: Inbox, clock: Clock, waker: Waker,
                 tray_retry_s: float = _TRAY_RETRY_S) -> None:
        self.setup = setup
        self.inbox = inbox
        self._waker = waker
        self._stopped = threading.Event()
        self._exit_status = 0
        self._tray_retry_s = tray_retry_s
        self.shell = Shell(setup, clock, waker, self.stop, self._start_window_reader, wake=self._wake)
        self._closers: list[Callable[[], None]] = []
        self._followers = Followers()

    def run(self, lock: InstanceLock) -> int:
        """Serve until ``quit``, SIGTERM or SIGINT (0), or until a vital part fails (1)."""
        signals = StopSignals.install(self.stop)
        config_watch = FileWatch.open(self.setup.config_path, self._wake)
        if config_watch is not None:
            self.shell.config_watched = True
            self._closers.append(config_watch.close)
        self._waker.start(self._wake, self.shell.sampling())
        engine = self._thread(self._engine_loop, "deskbreak-engine", vital=True)
        self._thread(self.setup.face.notifier.listen, "deskbreak-notify", vital=False)
        self._thread(self._watch_session, "deskbreak-session", vital=False)
        clock_watch = ClockStepWatch(lambda: self.inbox.put(ClockStepped()),
                                     self.setup.settings.sample_every.total_seconds())
        clock_watch.start()
        self.inbox.put(Tick())
        control = ControlServer(self._serve, lock, followers=self._followers)
        try:
            control.start()
        except (ControlError, OSError) as error:
            self.fail(f"cannot open the control channel: {error}")
        else:
            _log.info("deskbreak is running")
            self._run_tray()
        self._stopped.wait()
        for close in (control.close, self._waker.close, clock_watch.close, signals.close, *self._closers):
            with contextlib.suppress(Exception):
                close()
        self.inbox.put(Stop())
        engine.join(_ENGINE_JOIN_S)
        if engine.is_alive():
            self.fail("the engine did not stop in time")
        else:
            self.setup.close()
        _log.info("deskbreak stopped")
        return self._exit_status

    def _wake(self) -> None:
        """Queue a sample: the waker's tick, and what a watch calls (idle, config file) on its own thread."""
        self.inbox.put(Tick())

    def stop(self) -> None:
        """Ask the daemon to stop; safe from any thread."""
        self._stopped.set()
        self.setup.tray.stop()

    def fail(self, reason: str) -> None:
        """A vital part failed: say why in one line, and stop with status 1."""
        self._exit_status = 1
        _log.critical("deskbreak is stopping: %s", reason)
        with contextlib.suppress(OSError, ValueError):
            print(f"deskbreak: {reason}", file=sys.stderr, flush=True)
        self.stop()

    # ---------------------------------------------------------- main thread

    def _run_tray(self) -> None:
        """Run the tray's loop; if it fails or returns before stop(), tell once and look for a tray again."""
        wait = self._tray_retry_s
        while not self._stopped.is_set():
            try:
                self.setup.tray.run()
                problem = "the tray icon went away"
            except Exception as error:
                _log.exception("the tray icon failed")
                problem = f"the tray icon failed: {type(error).__name__}: {error}"
            if self._stopped.is_set():
                return
            self.inbox.put(PartFailed("tray", problem, "Reminders and `deskbreak status` still work; "
                                      "deskbreak looks for a tray again in a while."))
            if self._stopped.wait(wait):
                return
            wait = min(wait * 2, _TRAY_RETRY_MAX_S)
            try:
                self.setup.tray_choice = self.setup.choose_tray_again()
            except Exception:
                _log.exception("looking for a tray failed")

    # ---------------------------------------------------------- other threads

    def _thread(self, target: Callable[[], None], name: str, vital: bool) -> threading.Thread:
        """Start ``target`` on a daemon thread whose failure is logged and, if ``vital``, stops the daemon."""
        def supervised() -> None:
            try:
                target()
            except BaseException as error:
                _log.exception("the %s thread failed", name)
                if vital:
                    self.fail(f"{name} failed: {type(error).__name__}: {error}")
                else:
                    self.inbox.put(PartFailed(name.removeprefix("deskbreak-"), f"{type(error).__name__}: {error}",
                                              "Reminders go on without it."))
                return
            if vital and not self._stopped.is_set():
                self.fail(f"{name} ended unexpectedly")

        thread = threading.Thread(target=supervised, name=name, daemon=True)
        thread.start()
        return thread

    def _engine_loop(self) -> None:
        while not isinstance(item := self.inbox.get(), Stop):
            self.shell.process(item)
            self._tell_followers()

    def _tell_followers(self) -> None:
        """Send ``deskbreak status --follow`` the bar's line if it changed; a failure costs only that line."""
        try:
            self._followers.publish(self.shell.effects.bar_line())
        except Exception:
            _log.exception("could not tell the status followers; carrying on")

    def _watch_session(self) -> None:
        """Listen to logind where there is one; without it, sample gaps still reveal sleep."""
        try:
            watch = open_logind_watch(lambda change: self.inbox.put(SessionChange(change)))
        except ImportError:
            _log.info("no suspend or lock signals on this platform")
            return
        except SessionWatchUnavailable as error:
            _log.info("no suspend or lock signals: %s", error)
            return
        self._closers.append(watch.close)
        if watch.locked:
            self.inbox.put(SessionChange("locked"))
        watch.listen()

    def _serve(self, wire: dict[str, Any]) -> Answer:
        """Answer one control-channel request; a malformed one is refused here, before it queues."""
        try:
            command = Command(requests.from_wire(wire))
        except requests.RequestError as error:
            return refusal(str(error))
        self.inbox.put(command)
        try:
            return command.reply.get(timeout=_ANSWER_TIMEOUT_S)
        except queue.Empty:
            return {"ok": False, "error": "the daemon is busy; try again"}

    def _start_window_reader(self, window: BreakWindow) -> None:
        self._thread(lambda: self._read_window(window), "deskbreak-window", vital=False)

    def _read_window(self, window: BreakWindow) -> None:
        """Hand the window's presses to the engine; a window that dies ends the break as partial."""
        for request in window.requests():
            self.inbox.submit(request)
        status = window.exit_status()
        if window.finished:
            return
        if status == NO_DISPLAY_EXIT:
            _log.warning("no break window here (it could not open); the break goes on with cues only")
            return
        _log.warning("the break window ended unexpectedly (exit status %s); stopping the break", status)
        self.inbox.submit(requests.Stop())
