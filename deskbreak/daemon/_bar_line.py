"""What a status bar shows of the daemon: one JSON object per line of ``deskbreak status --follow --json``.

A pure function of the engine's status and today's tally, like the tray's
view, so the bar, the tray and ``deskbreak status`` cannot drift apart.
The keys are waybar's (``text``, ``tooltip``, ``class``, ``alt``,
``percentage``, read by a custom module with ``"return-type": "json"``), so
no ``--format`` switch is needed; the rest name the same state for scripts.
Every value changes at most once a minute while nothing happens (times are
whole minutes, the percentage whole), so the daemon sends a line only when
one of them changed and a bar never polls.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from typing import Any

from deskbreak.core import Phase, Status
from deskbreak.tray import tray_view

__all__ = ["bar_line"]


def bar_line(status: Status, today_breaks: int, today_minutes: int, max_snoozes: int) -> dict[str, Any]:
    """The bar's line for ``status``; ``max_snoozes`` tells a snoozed reminder from a fresh countdown."""
    view = tray_view(status, today_breaks, today_minutes, ())
    state = _state(view.icon.mode, status, max_snoozes)
    return {
        "text": _text(state, status),
        "tooltip": f"{_tooltip_title(state, view.title, status)}\n{view.tally_label}",
        "class": state,
        "alt": state,
        "percentage": _percentage(state, status),
        "state": state,
        "next_break_in_min": _minutes_up(status.until_reminder),
        "snoozes_left": status.snoozes_left,
        "paused_until": _iso_minute(status.paused_until),
        "routine": status.break_routine or status.routine,
        "break_ends": _iso_minute(status.break_ends),
        "breaks_today": today_breaks,
        "minutes_stretched_today": today_minutes,
        "waiting": status.waiting,
    }


def _state(mode: str, status: Status, max_snoozes: int) -> str:
    """The tray's mode, with "snoozed" for a countdown a snooze started."""
    if mode == "working" and status.phase is Phase.WORKING and status.snoozes_left < max_snoozes:
        return "snoozed"
    return mode


def _text(state: str, status: Status) -> str:
    """A few characters for the bar itself."""
    if state == "break":
        left = timedelta(0) if status.break_ends is None else status.break_ends - status.as_of
        return f"stretch {_minutes_up(left)}m"
    if state in ("working", "snoozed"):
        return f"break in {_minutes_up(status.until_reminder)}m"
    return {"due": "break due", "paused": "paused", "off-hours": "off hours"}[state]


def _tooltip_title(state: str, tray_title: str, status: Status) -> str:
    """The tray's tooltip, without its per-second break countdown (the bar gets whole minutes)."""
    if state == "break":
        left = timedelta(0) if status.break_ends is None else status.break_ends - status.as_of
        return f"Stretching: the {status.break_routine or status.routine} routine, {_minutes_up(left)} min left"
    if state == "due":
        return "Break due" if status.waiting is None else f"Break due — waiting ({status.waiting})"
    if state == "snoozed":
        return f"{tray_title} (snoozed; {status.snoozes_left} snoozes left)"
    return tray_title


def _percentage(state: str, status: Status) -> int:
    """How far along, from whole minutes (so it moves no more often than the text): desk time, or the break."""
    if state == "due":
        return 100
    if state == "break" and status.break_started is not None and status.break_ends is not None:
        whole, left = status.break_ends - status.break_started, status.break_ends - status.as_of
    else:
        whole, left = status.desk_time + status.until_reminder, status.until_reminder
    whole_minutes = _minutes_up(whole)
    if whole_minutes == 0:
        return 0
    return 100 * (whole_minutes - min(_minutes_up(left), whole_minutes)) // whole_minutes


def _minutes_up(length: timedelta) -> int:
    """Whole minutes rounded up, never below 0: a countdown that reads 0 only when it is over."""
    return max(math.ceil(length.total_seconds() / 60), 0)


def _iso_minute(moment: datetime | None) -> str | None:
    return None if moment is None else moment.replace(second=0, microsecond=0).isoformat()
