"""The daemon's ports (config, history, idle, notifications, tray, break window), opened at start.

``Setup.create`` is the production factory. Tests build a ``Setup`` from the
fakes the package ships, so the whole shell runs in-process on a fake clock.
Start-up problems never stop the daemon: a bad config runs on the defaults
until fixed, a damaged history is moved aside, a missing idle or
notification backend is reported and worked around. Each is told once.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Protocol

from deskbreak.breakwindow import WindowRequest
from deskbreak.config.durations import format_duration
from deskbreak.config.settings_file import ConfigError
from deskbreak.config.user_file import ConfigWatcher, ensure_user_config, user_config_path
from deskbreak.core import BreakStep, Routine, Settings
from deskbreak.daemon._face import Face
from deskbreak.daemon._first_run import first_run_notice
from deskbreak.daemon._window import WindowProcess
from deskbreak.history import HistoryStore, default_history_path, open_history
from deskbreak.idle import IdleChoice, IdleSource, choose_idle_source
from deskbreak.library import load_library, routines_for
from deskbreak.notify import Action, choose_notifier
from deskbreak.quiet import QuietWatch, open_quiet_watch
from deskbreak.requests import Request, Skip, Snooze, Start
from deskbreak.tray import Tray, TrayChoice, choose_tray

__all__ = ["BreakWindow", "Setup", "reminder_answer"]

_log = logging.getLogger("deskbreak")
Submit = Callable[[Request], None]
_REMINDER_ANSWERS: dict[Action, Request] = {"start": Start(from_reminder=True), "snooze": Snooze(), "skip": Skip()}
"""A press on the reminder; its Start says so, so the break window may take the keyboard."""


class BreakWindow(Protocol):
    """One break's window, as ``WindowProcess`` is one: the engine thread calls ``show`` and ``finish``.

    ``requests`` blocks reading the person's presses and runs on a thread of
    its own; ``exit_status`` waits for the window to end.
    """

    finished: bool

    def show(self, step: BreakStep) -> None: ...
    def finish(self, completed: bool) -> None: ...
    def requests(self) -> Iterator[WindowRequest]: ...
    def exit_status(self) -> int: ...


@dataclass(slots=True)
class Setup:
    """The daemon's adapters and settings, opened in ``create`` and closed in ``close``."""

    config_path: Path
    watcher: ConfigWatcher
    settings: Settings
    routines: tuple[Routine, ...]
    history: HistoryStore
    idle_choice: IdleChoice
    face: Face
    tray_choice: TrayChoice
    launch_window: Callable[[Routine, bool], BreakWindow]
    choose_tray_again: Callable[[], TrayChoice]
    quiet: QuietWatch
    open_quiet: Callable[[Settings], QuietWatch]

    @classmethod
    def create(cls, submit: Submit, wake: Callable[[], None]) -> Setup:
        """Open everything; ``submit`` takes requests from notification buttons, ``wake`` queues a sample."""
        face = _face(submit)
        path = user_config_path()
        created = ensure_user_config(path)
        watcher = ConfigWatcher(path)
        try:
            settings = watcher.load()
        except ConfigError as error:
            face.tell("deskbreak is using its default settings until the config file is fixed", str(error))
            settings = Settings()
        if created:
            face.tell(*first_run_notice(settings.interval, path))
        opened = open_history()
        if opened.notice:
            face.tell("deskbreak started a new history", opened.notice)
        choice = choose_idle_source()
        _report("idle", choice.source.name, choice.tried)
        if choice.source.name == "always-present":
            face.tell("deskbreak cannot tell when you are away",
                      "It counts you as always at the keyboard. `deskbreak doctor` says what is missing.")
        _log.info("config %s; a break every %s of desk time", path, format_duration(settings.interval))
        trays = choose_tray(submit)
        _report("tray", trays.tray.name, trays.tried)
        if trays.note:
            _log.info("tray: %s", trays.note)
        if trays.tray.name == "none":
            face.tell("deskbreak has no tray icon here",
                      "Reminders and `deskbreak status` still work. `deskbreak doctor` says what is missing.")
        quiet = open_quiet_watch(settings, changed=wake)
        _report("quiet", ", ".join(f"{signal.reason} ({signal.name})" for signal in quiet.signals) or "nothing",
                quiet.tried)
        return cls(path, watcher, settings, routines_for(settings), opened.store, choice, face, trays,
                   _launch_window, lambda: choose_tray(submit), quiet,
                   lambda changed_settings: open_quiet_watch(changed_settings, changed=wake))

    @property
    def tray(self) -> Tray:
        """The tray icon in use (``NoTray`` where there is none)."""
        return self.tray_choice.tray

    @property
    def idle(self) -> IdleSource:
        """The idle source in use."""
        return self.idle_choice.source

    def routine(self, name: str) -> Routine:
        """The routine called ``name``."""
        return next(routine for routine in self.routines if routine.name == name)

    def doctor(self) -> dict[str, Any]:
        """What the daemon chose, for ``deskbreak doctor``; the daemon adds what is failing now."""
        notifiers = self.face.notifiers
        return {
            "idle": self.idle.name,
            "idle_tried": list(self.idle_choice.tried),
            "notifications": notifiers.notifier.name,
            "notifications_tried": list(notifiers.tried),
            "tray": self.tray.name,
            "tray_tried": list(self.tray_choice.tried),
            "tray_note": self.tray_choice.note,
            **self.quiet.doctor(),
            "config": str(self.config_path),
            "history": str(default_history_path()),
        }

    def open_window(self, routine: str, take_focus: bool) -> BreakWindow:
        """Start a break window for ``routine``."""
        return self.launch_window(self.routine(routine), take_focus)

    def close(self) -> None:
        """Release what ``create`` opened."""
        self.face.close()
        self.idle.close()
        self.quiet.close()
        self.history.close()


def _launch_window(routine: Routine, take_focus: bool) -> BreakWindow:
    """A real window process, with pictures cached in the user cache dir."""
    import platformdirs

    pictures = platformdirs.user_cache_path("deskbreak", appauthor=False) / "pictures"
    return WindowProcess(routine, load_library(), pictures, take_focus)


def _face(submit: Submit) -> Face:
    notifiers = choose_notifier(lambda action: submit(reminder_answer(action)))
    _report("notification", notifiers.notifier.name, notifiers.tried)
    names = {key: stretch.name for key, stretch in load_library().stretches.items()}
    # The launcher icon, ring and all: the tray's bare glyph is white on transparent, and so
    # invisible on the light notifications of xfce4-notifyd, GNOME and most themes.
    icon = resources.files("deskbreak.tray").joinpath("app-icon.png")
    return Face(notifiers, names, Path(str(icon)))


def reminder_answer(action: Action) -> Request:
    """The request a press on the reminder makes."""
    return _REMINDER_ANSWERS[action]


def _report(part: str, chosen: str, tried: tuple[str, ...]) -> None:
    for line in tried:
        _log.info("%s backend not used: %s", part, line)
    _log.info("%s backend: %s", part, chosen)
