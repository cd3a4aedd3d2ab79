"""Everything the daemon opens at start, and how it tells the user things.

Start-up problems never stop the daemon: a bad config runs on the defaults
until fixed, a damaged history is moved aside, a missing idle backend means
the user counts as always present. Each is logged and told once.
"""

from __future__ import annotations

import logging
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from deskbreak.core import Routine, Settings, ShowReminder
from deskbreak.durations import format_duration
from deskbreak.history import HistoryStore, default_history_path, open_history
from deskbreak.idle import IdleChoice, IdleSource, choose_idle_source
from deskbreak.routines import builtin_routines
from deskbreak.settings_file import ConfigError
from deskbreak.user_config import ConfigWatcher, ensure_user_config, user_config_path

__all__ = ["Setup"]

_log = logging.getLogger("deskbreak")


@dataclass(slots=True)
class Setup:
    """The daemon's adapters and settings, opened in ``create`` and closed in ``close``."""

    config_path: Path
    watcher: ConfigWatcher
    settings: Settings
    routines: tuple[Routine, ...]
    history: HistoryStore
    history_path: str
    idle_choice: IdleChoice

    @classmethod
    def create(cls) -> Setup:
        """Open config, history and idle source, telling the user of any trouble."""
        path = user_config_path()
        routines = builtin_routines()
        if ensure_user_config(path):
            print(f"deskbreak: created your config file at {path}", flush=True)
        watcher = ConfigWatcher(path, lambda: [routine.name for routine in routines])
        try:
            settings = watcher.load()
        except ConfigError as error:
            _tell("deskbreak is using its default settings until the config file is fixed", str(error))
            settings = Settings()
        opened = open_history()
        if opened.notice:
            _tell("deskbreak started a new history", opened.notice)
        choice = choose_idle_source()
        for line in choice.tried:
            _log.info("idle backend not used: %s", line)
        if choice.source.name == "always-present":
            _log.warning("no way to read idle time here: you count as always at the keyboard")
        _log.info("config %s; idle backend %s; a break every %s of desk time",
                  path, choice.source.name, format_duration(settings.interval))
        return cls(path, watcher, settings, routines, opened.store, str(default_history_path()), choice)

    @property
    def idle(self) -> IdleSource:
        """The idle source in use."""
        return self.idle_choice.source

    def doctor(self) -> dict[str, Any]:
        """What the daemon chose, for ``deskbreak doctor``."""
        return {
            "idle": self.idle.name,
            "idle_tried": list(self.idle_choice.tried),
            "notifications": "terminal and log",
            "tray": "none",
            "config": str(self.config_path),
            "history": self.history_path,
        }

    def remind(self, reminder: ShowReminder) -> None:
        """Headless reminder: a line on the terminal and in the log."""
        print(f"{reminder.at:%H:%M}  time for a break: the {reminder.routine} routine", flush=True)

    def withdraw(self) -> None:
        """Nothing to take down on a terminal."""

    def tell(self, title: str, body: str) -> None:
        """Tell the user something once."""
        _tell(title, body)

    def close(self) -> None:
        """Release what ``create`` opened."""
        self.idle.close()
        self.history.close()


def _tell(title: str, body: str) -> None:
    _log.warning("%s: %s", title, body.replace("\n", "; "))
    print(f"{title}:\n{body}", file=sys.stderr, flush=True)
