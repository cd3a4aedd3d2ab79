"""How the engine's state reads to a person (``deskbreak status``) and to scripts.

Pure functions of a ``Status``, so the CLI line, the JSON for scripts and
later the tray's title cannot drift apart. It stays at the top level because
both sides use it: the daemon answers ``status`` with it and the CLI prints
it, and neither should import the other's package to get it.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from typing import Any

from deskbreak.core import Phase, Status

__all__ = ["clock_time", "minutes", "minutes_done", "status_json", "status_line"]


def minutes(length: timedelta) -> str:
    """Whole minutes, rounded up, as "23 min": time left never reads "0 min" too soon."""
    return f"{math.ceil(length.total_seconds() / 60)} min"


def minutes_done(length: timedelta) -> str:
    """Whole minutes, rounded down: time spent never reads more than it was."""
    return f"{math.floor(length.total_seconds() / 60)} min"


def clock_time(moment: datetime, now: datetime) -> str:
    """Clock time "14:00", or "Tue 14:00" when it is not today."""
    if moment.date() == now.date():
        return moment.strftime("%H:%M")
    return moment.strftime("%a %H:%M")


def status_line(status: Status) -> str:
    """One line for ``deskbreak status``."""
    desk = f"desk time {minutes_done(status.desk_time)}"
    if status.phase is Phase.BREAK and status.break_ends is not None:
        left = max(timedelta(0), status.break_ends - status.as_of)
        seconds = round(left.total_seconds())
        held = " (on hold)" if status.break_held else ""
        return f"Stretching: {status.break_routine} routine, {seconds // 60}:{seconds % 60:02d} left{held}"
    if status.paused:
        until = "until resumed" if status.paused_until is None else (
            f"until {clock_time(status.paused_until, status.as_of)}")
        return f"Paused {until} ({desk})"
    if status.phase is Phase.DUE:
        snoozes = "no snoozes left" if status.snoozes_left == 0 else f"{status.snoozes_left} snoozes left"
        waiting = "" if status.waiting is None else f" — waiting ({status.waiting})"
        return f"Break due{waiting}: the {status.routine} routine ({snoozes}; {desk})"
    if not status.in_active_hours:
        return f"Outside active hours ({desk})"
    return f"Next break in {minutes(status.until_reminder)} of desk time ({desk})"


def status_json(status: Status) -> dict[str, Any]:
    """The same state for scripts: seconds as numbers, times as ISO 8601."""
    return {
        "phase": status.phase.value,
        "as_of": status.as_of.isoformat(),
        "desk_time": round(status.desk_time.total_seconds(), 3),
        "until_reminder": round(status.until_reminder.total_seconds(), 3),
        "snoozes_left": status.snoozes_left,
        "paused": status.paused,
        "paused_until": _iso(status.paused_until),
        "in_active_hours": status.in_active_hours,
        "routine": status.routine,
        "break_routine": status.break_routine,
        "break_started": _iso(status.break_started),
        "break_ends": _iso(status.break_ends),
        "break_step": status.break_step,
        "break_held": status.break_held,
        "quiet": status.quiet,
        "waiting": status.waiting,
    }


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat()
