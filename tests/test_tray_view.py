"""The tray's pure view, as a table over engine statuses (Stretchly's appIcon tests, ported)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from tray_states import WORKING

from deskbreak.core import Phase, Status
from deskbreak.core._state import ACTIONS, Action
from deskbreak.tray import IconState, RoutineChoice, TrayView, tray_view
from deskbreak.tray._view import menu_click_view

NOW = WORKING.as_of  # a Monday
ROUTINES = (("desk", "Desk break"), ("morning", "Morning wake-up"))
DUE = replace(WORKING, phase=Phase.DUE, desk_time=timedelta(minutes=50), until_reminder=timedelta(0))
BREAK = replace(
    WORKING,
    phase=Phase.BREAK,
    break_routine="desk",
    break_started=NOW - timedelta(seconds=100),
    break_ends=NOW + timedelta(seconds=80),
)


def view(status: Status, breaks: int = 4, minutes: int = 12) -> TrayView:
    return tray_view(status, breaks, minutes, ROUTINES)


def at(status: Status, **changes: Any) -> Status:
    return replace(status, **changes)


TITLES = [
    ("working", WORKING, "Next break in 30 min"),
    ("rounds part minutes up", at(WORKING, until_reminder=timedelta(minutes=22, seconds=1)), "Next break in 23 min"),
    ("never says 0 min", at(WORKING, until_reminder=timedelta(seconds=5)), "Next break in 1 min"),
    ("exactly zero, not yet due", at(WORKING, until_reminder=timedelta(0)), "Next break in 1 min"),
    ("long interval in minutes", at(WORKING, until_reminder=timedelta(minutes=95)), "Next break in 95 min"),
    ("due", DUE, "Break due — click to start"),
    ("due without snoozes left", at(DUE, snoozes_left=0), "Break due — click to start"),
    ("break with time left", BREAK, "Stretching: Desk break, 1:20 left"),
    (
        "break rounds seconds up",
        at(BREAK, break_ends=NOW + timedelta(seconds=59.2)),
        "Stretching: Desk break, 1:00 left",
    ),
    ("break past its end", at(BREAK, break_ends=NOW - timedelta(seconds=3)), "Stretching: Desk break, 0:00 left"),
    ("break of an unknown routine", at(BREAK, break_routine="custom"), "Stretching: custom, 1:20 left"),
    ("break with no end yet", at(BREAK, break_ends=None), "Stretching: Desk break"),
    ("break on hold", at(BREAK, break_held=True), "Stretching: Desk break, 1:20 left (on hold)"),
    ("paused until resumed", at(WORKING, paused=True), "Paused"),
    (
        "paused until later today",
        at(WORKING, paused=True, paused_until=NOW.replace(hour=14, minute=0)),
        "Paused until 14:00",
    ),
    ("paused until tomorrow", at(WORKING, paused=True, paused_until=datetime(2024, 5, 7)), "Paused until tomorrow"),
    (
        "paused until tomorrow morning",
        at(WORKING, paused=True, paused_until=datetime(2024, 5, 7, 9, 0)),
        "Paused until tomorrow 09:00",
    ),
    ("paused for days", at(WORKING, paused=True, paused_until=datetime(2024, 5, 9, 14, 0)), "Paused until Thu 14:00"),
    ("pause hides a due reminder", at(DUE, paused=True), "Paused"),
    ("a break shows over a pause", at(BREAK, paused=True), "Stretching: Desk break, 1:20 left"),
    ("outside active hours", at(WORKING, in_active_hours=False), "Outside active hours"),
    ("due shows even off hours", at(DUE, in_active_hours=False), "Break due — click to start"),
]


@pytest.mark.parametrize(("status", "title"), [case[1:] for case in TITLES], ids=[case[0] for case in TITLES])
def test_tooltip(status: Status, title: str) -> None:
    assert view(status).title == title


def test_pause_end_in_another_time_zone_is_read_in_the_users_zone() -> None:
    utc = UTC
    berlin = timezone(timedelta(hours=2))
    status = at(WORKING, as_of=datetime(2024, 5, 6, 10, 0, tzinfo=berlin), paused=True)
    status = at(status, paused_until=datetime(2024, 5, 6, 12, 0, tzinfo=utc))
    assert view(status).title == "Paused until 14:00"


ICONS = [
    ("no desk time yet", at(WORKING, desk_time=timedelta(0)), IconState("working", 0.0)),
    ("two fifths of the way", at(WORKING, desk_time=timedelta(minutes=20)), IconState("working", 0.4)),
    ("due is a full ring", DUE, IconState("due", 1.0)),
    ("break ring shows the break done", BREAK, IconState("break", 100 / 180)),
    ("break with no times", at(BREAK, break_started=None, break_ends=None), IconState("break", 0.0)),
    ("zero-length break", at(BREAK, break_started=NOW, break_ends=NOW), IconState("break", 0.0)),
    ("paused keeps its ring", at(WORKING, paused=True), IconState("paused", 0.4)),
    ("off hours keeps its ring", at(WORKING, in_active_hours=False), IconState("off-hours", 0.4)),
    (
        "nothing counted at all",
        at(WORKING, desk_time=timedelta(0), until_reminder=timedelta(0)),
        IconState("working", 0.0),
    ),
]


@pytest.mark.parametrize(("status", "icon"), [case[1:] for case in ICONS], ids=[case[0] for case in ICONS])
def test_icon(status: Status, icon: IconState) -> None:
    shown = view(status).icon
    assert shown.mode == icon.mode
    assert shown.progress == pytest.approx(icon.progress)


FLAGS = ("can_start", "can_stop", "can_snooze", "can_skip", "can_log", "can_pause", "can_resume")
ENABLED = [
    ("working", WORKING, {"can_start", "can_skip", "can_log", "can_pause"}),
    ("due", DUE, {"can_start", "can_snooze", "can_skip", "can_log", "can_pause"}),
    ("due, snoozes used up", at(DUE, snoozes_left=0), {"can_start", "can_skip", "can_log", "can_pause"}),
    ("break", BREAK, {"can_stop", "can_pause"}),
    ("paused", at(WORKING, paused=True), {"can_start", "can_skip", "can_log", "can_resume"}),
    ("paused break", at(BREAK, paused=True), {"can_stop", "can_resume"}),
    ("off hours", at(WORKING, in_active_hours=False), {"can_start", "can_skip", "can_log", "can_pause"}),
]


@pytest.mark.parametrize(("status", "enabled"), [case[1:] for case in ENABLED], ids=[case[0] for case in ENABLED])
def test_menu_enablement(status: Status, enabled: set[str]) -> None:
    shown = view(status)
    assert {flag for flag in FLAGS if getattr(shown, flag)} == enabled


@pytest.mark.parametrize("phase", list(Phase))
def test_enablement_agrees_with_the_engines_transition_table(phase: Phase) -> None:
    shown = view(at(DUE if phase is Phase.DUE else BREAK if phase is Phase.BREAK else WORKING, phase=phase))
    flags: tuple[tuple[Action, str], ...] = (
        ("start", "can_start"),
        ("skip", "can_skip"),
        ("log", "can_log"),
        ("snooze", "can_snooze"),
        ("stop", "can_stop"),
    )
    for action, flag in flags:
        assert getattr(shown, flag) == (phase in ACTIONS[action]), (action, phase)


@pytest.mark.parametrize(
    ("breaks", "minutes", "label"),
    [(0, 0, "Today: 0 breaks, 0 min"), (1, 3, "Today: 1 break, 3 min"), (4, 12, "Today: 4 breaks, 12 min")],
)
def test_tally_label(breaks: int, minutes: int, label: str) -> None:
    assert view(WORKING, breaks, minutes).tally_label == label


def test_routines_keep_their_order_and_check_the_default() -> None:
    assert view(at(WORKING, routine="morning")).routines == (
        RoutineChoice("desk", "Desk break", checked=False),
        RoutineChoice("morning", "Morning wake-up", checked=True),
    )


def test_default_routine_missing_from_the_list_checks_nothing() -> None:
    assert not any(choice.checked for choice in view(at(WORKING, routine="gone")).routines)


def test_the_view_is_a_value() -> None:
    assert view(WORKING) == view(WORKING)
    with pytest.raises(AttributeError):
        view(WORKING).title = "changed"  # type: ignore[misc]


def test_a_break_names_the_stretch_in_hand_and_counts_it_down() -> None:
    status = at(BREAK, break_stretch="standing-forward-fold", break_step_ends=NOW + timedelta(seconds=21))
    names = {"standing-forward-fold": "Standing forward fold"}
    assert tray_view(status, 4, 12, ROUTINES, names).title == "Stretching: standing forward fold 0:21"
    held = at(status, break_held=True)
    assert tray_view(held, 4, 12, ROUTINES, names).title == "Stretching: standing forward fold 0:21 (on hold)"


@pytest.mark.parametrize(("status", "title"), [case[1:] for case in TITLES], ids=[case[0] for case in TITLES])
def test_tooltip_where_a_click_opens_the_menu(status: Status, title: str) -> None:
    """macOS: a click on the icon opens its menu, so only the due title, which speaks of a click, changes."""
    expected = "Break due — start it from the menu" if title == "Break due — click to start" else title
    assert menu_click_view(view(status)) == replace(view(status), title=expected)
