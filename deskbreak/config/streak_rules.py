"""The two settings the streak depends on, read without the engine or the stretch library.

``deskbreak stats`` needs only ``[progress] streak_breaks`` and the weekdays
of ``[schedule] active_hours``. The full reader (``settings_file``) checks
every key, and for that loads the engine and the stretch library and parses
the built-in routines: about three quarters of the time ``stats`` took. This
reads the two keys with the same value readers, so a value it accepts is one
the full reader accepts too; when either key, or the file itself, has a
problem it answers None, and the caller asks the full reader, whose message
lists every problem in the file. Problems in keys the streak does not use
are left to ``deskbreak config check`` and the daemon.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from deskbreak.config.active_hours import parse_window
from deskbreak.config.values import STREAK_BREAKS, hours_texts

__all__ = ["DEFAULT_STREAK_BREAKS", "StreakRules", "read_streak_rules"]

# Settings().streak_breaks, kept here so that reading it needs no engine; a test checks they agree.
DEFAULT_STREAK_BREAKS = 3

# (breaks a day needs to count, the weekdays of each active-hours window; none: always active)
StreakRules = tuple[int, list[frozenset[int]]]


def read_streak_rules(path: Path) -> StreakRules | None:
    """The streak's settings from the config file at ``path``; None if it or either key has a problem."""
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError):
        return None
    progress, schedule = document.get("progress", {}), document.get("schedule", {})
    if not isinstance(progress, dict) or not isinstance(schedule, dict):
        return None
    try:
        needed = STREAK_BREAKS(progress.get("streak_breaks", DEFAULT_STREAK_BREAKS))
        windows = [parse_window(text)[0] for text in hours_texts(schedule.get("active_hours", ""))]
    except ValueError:
        return None
    return needed, windows
