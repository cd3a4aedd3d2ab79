"""The user's config file: where it lives (from ``user_path``), its first-run copy, and change watching.

The daemon calls ``ConfigWatcher.check`` on every idle sample (every few
seconds): one ``stat`` call, so a saved edit is picked up within seconds at
no cost. Loading never writes anything except the first-run copy.
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

from deskbreak.config.settings_file import ConfigError, load_settings
from deskbreak.config.user_path import user_config_path
from deskbreak.core import Settings

__all__ = ["ConfigWatcher", "default_config_text", "ensure_user_config", "user_config_path"]


def default_config_text() -> str:
    """The commented default config shipped with deskbreak."""
    return resources.files("deskbreak.defaults").joinpath("deskbreak.toml").read_text("utf-8")


def ensure_user_config(path: Path) -> bool:
    """Create ``path`` from the default if it does not exist; never overwrite it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8") as new_file:
            new_file.write(default_config_text())
    except FileExistsError:
        return False
    return True


class ConfigWatcher:
    """Re-reads the config file when its modification stamp changes.

    ``check`` returns new Settings after a good edit, a ConfigError after a
    bad one (the caller keeps its last good settings), and None when the file
    has not changed since the last call.
    """

    def __init__(self, path: Path) -> None:
        self._path = path
        self._stamp = self._read_stamp()

    def load(self) -> Settings:
        """Read the file now (at start-up); raise ConfigError on problems."""
        self._stamp = self._read_stamp()
        return load_settings(self._path)

    def check(self) -> Settings | ConfigError | None:
        """Settings or problems if the file changed since last time, else None."""
        stamp = self._read_stamp()
        if stamp == self._stamp:
            return None
        self._stamp = stamp
        try:
            return load_settings(self._path)
        except ConfigError as error:
            return error

    def _read_stamp(self) -> tuple[int, int, int, int] | None:
        # ctime too: it changes on every write, even when mtime is set back.
        try:
            info = os.stat(self._path)
        except OSError:
            return None
        return (info.st_mtime_ns, info.st_ctime_ns, info.st_size, info.st_ino)
