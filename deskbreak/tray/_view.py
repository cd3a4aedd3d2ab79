"""What the tray shows for one engine status: a pure function, tested as a table.

Modelled on Stretchly's ``appIcon.js``: every word of the tooltip, the icon's
look and which menu entries are enabled come from here, so the backends only
copy fields onto the screen and never decide anything themselves.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, time, timedelta
from typing import Literal

from deskbreak.core import Phase, Status

__all__ = ["STARTING_VIEW", "IconMode", "IconState", "RoutineChoice", "TrayView", "menu_click_view", "tray_view"]

IconMode = Literal["working", "due", "break", "paused", "off-hours"]


@dataclass(frozen=True, slots=True)
class IconState:
    """How the icon looks: ``progress`` (0..1) is how full its ring is."""

    mode: IconMode
    progress: float


@dataclass(frozen=True, slots=True)
class RoutineChoice:
    """One entry of the Routine submenu; ``checked`` marks the default routine."""

    name: str
    title: str
    checked: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class TrayView:
    """Everything the tray shows; ``title`` is the tooltip."""

    title: str
    icon: IconState
    can_start: bool
    can_stop: bool
    can_snooze: bool
    can_skip: bool
    can_log: bool
    can_pause: bool
    can_pause_while_busy: bool
    can_resume: bool
    tally_label: str
    routines: tuple[RoutineChoice, ...]


STARTING_VIEW = TrayView(
    title="deskbreak is starting",
    icon=IconState("working", 0.0),
    can_start=False,
    can_stop=False,
    can_snooze=False,
    can_skip=False,
    can_log=False,
    can_pause=False,
    can_pause_while_busy=False,
    can_resume=False,
    tally_label="Today: …",
    routines=(),
)
"""Shown until the daemon's first ``update``: every action waits for the engine."""


def tray_view(
    status: Status,
    today_breaks: int,
    today_minutes: int,
    routines: Sequence[tuple[str, str]],
    stretch_names: Mapping[str, str] | None = None,
) -> TrayView:
    """The tray's view of ``status``; ``routines`` are (name, title) pairs in menu order.

    With ``stretch_names`` (id to name) a running break's title names the
    stretch in hand and its countdown: "Stretching: wall dog 0:21".
    """
    titles = dict(routines)
    stretch = (stretch_names or {}).get(status.break_stretch or "")
    mode = _mode(status)
    between_breaks = status.phase in (Phase.WORKING, Phase.DUE)
    return TrayView(
        title=_title(mode, status, titles, stretch),
        icon=IconState(mode, _progress(mode, status)),
        can_start=between_breaks,
        can_stop=status.phase is Phase.BREAK,
        can_snooze=status.phase is Phase.DUE and status.snoozes_left > 0,
        can_skip=between_breaks,
        can_log=between_breaks,
        can_pause=not status.paused,
        can_pause_while_busy=not status.paused and status.quiet is not None,
        can_resume=status.paused,
        tally_label=_tally(today_breaks, today_minutes),
        routines=tuple(RoutineChoice(name, title, name == status.routine) for name, title in routines),
    )


def menu_click_view(view: TrayView) -> TrayView:
    """``view`` for an icon whose click opens its menu rather than starting a break (pystray's darwin).

    Only the due title speaks of a click; there it names the menu entry instead.
    """
    return replace(view, title=_DUE_FROM_THE_MENU) if view.icon.mode == "due" else view


_DUE_BY_CLICK = "Break due — click to start"
_DUE_FROM_THE_MENU = "Break due — start it from the menu"


def _mode(status: Status) -> IconMode:
    """A running break shows over a pause, a pause over a due reminder, and that over the hours."""
    if status.phase is Phase.BREAK:
        return "break"
    if status.paused:
        return "paused"
    if status.phase is Phase.DUE:
        return "due"
    if not status.in_active_hours:
        return "off-hours"
    return "working"


def _title(mode: IconMode, status: Status, titles: dict[str, str], stretch: str | None) -> str:
    if mode == "break":
        return _break_title(status, titles, stretch)
    if mode == "paused":
        if status.paused_while_busy:
            return "Paused during this meeting"
        return "Paused" if status.paused_until is None else f"Paused until {_when(status.paused_until, status.as_of)}"
    if mode == "due":
        return _DUE_BY_CLICK if status.waiting is None else f"Break due — waiting ({status.waiting})"
    if mode == "off-hours":
        return "Outside active hours"
    return f"Next break in {_whole_minutes_up(status.until_reminder)} min"


def _break_title(status: Status, titles: dict[str, str], stretch: str | None) -> str:
    held = " (on hold)" if status.break_held else ""
    if stretch and status.break_step_ends is not None:  # the stretch in hand, and its countdown
        left = max(math.ceil((status.break_step_ends - status.as_of).total_seconds()), 0)
        return f"Stretching: {stretch[0].lower()}{stretch[1:]} {left // 60}:{left % 60:02d}{held}"
    name = status.break_routine or status.routine
    title = f"Stretching: {titles.get(name, name)}"
    if status.break_ends is None:
        return title
    left = max(math.ceil((status.break_ends - status.as_of).total_seconds()), 0)
    return f"{title}, {left // 60}:{left % 60:02d} left{held}"


def _whole_minutes_up(length: timedelta) -> int:
    """Minutes rounded up and never 0, so "in 0 min" never shows before the reminder."""
    return max(math.ceil(length.total_seconds() / 60), 1)


def _when(moment: datetime, now: datetime) -> str:
    """A pause's end as a user reads it: "14:00", "tomorrow", "tomorrow 09:00", "Mon 14:00"."""
    if moment.tzinfo is not None and now.tzinfo is not None:
        moment = moment.astimezone(now.tzinfo)
    clock = moment.strftime("%H:%M")
    if moment.date() == now.date():
        return clock
    if moment.date() == now.date() + timedelta(days=1):
        return "tomorrow" if moment.time() == time(0) else f"tomorrow {clock}"
    return f"{moment.strftime('%a')} {clock}"


def _progress(mode: IconMode, status: Status) -> float:
    """How full the ring is: desk time towards the reminder, or how much of the break is done."""
    if mode == "due":
        return 1.0
    if mode == "break":
        return _break_done(status)
    return _fraction(status.desk_time, status.desk_time + status.until_reminder)


def _break_done(status: Status) -> float:
    if status.break_started is None or status.break_ends is None:
        return 0.0
    return _fraction(status.as_of - status.break_started, status.break_ends - status.break_started)


def _fraction(part: timedelta, whole: timedelta) -> float:
    if whole <= timedelta(0):
        return 0.0
    return min(max(part / whole, 0.0), 1.0)


def _tally(breaks: int, minutes: int) -> str:
    return f"Today: {breaks} break{'' if breaks == 1 else 's'}, {minutes} min"
