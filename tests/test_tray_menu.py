"""The tray menu through the fake tray, and its dbusmenu layout, without any desktop."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from tray_states import WORKING

from deskbreak.core import Phase
from deskbreak.requests import ChooseRoutine, Log, OpenConfig, OpenReport, Pause, Quit, Skip, Snooze, Start, Stop
from deskbreak.tray import FakeTray, Request, TrayView, tray_view
from deskbreak.tray._dbusmenu import MenuIds, changed_properties
from deskbreak.tray._pystray import Menu, MenuItem

ROUTINES = (("desk", "Desk break"), ("morning", "Morning wake-up"))


def view(**changes: Any) -> TrayView:
    return tray_view(replace(WORKING, **changes), 4, 12, ROUTINES)


@pytest.fixture
def sent() -> list[Request]:
    return []


@pytest.fixture
def tray(sent: list[Request]) -> FakeTray:
    fake = FakeTray(sent.append)
    fake.update(view(phase=Phase.DUE))
    return fake


CLICKS = [
    (("Start break now",), Start()),
    (("Snooze", "10 min"), Snooze(10)),
    (("Snooze", "20 min"), Snooze(20)),
    (("Snooze", "30 min"), Snooze(30)),
    (("Skip this break",), Skip()),
    (("Log a break I took",), Log()),
    (("Pause", "30 min"), Pause("30m")),
    (("Pause", "1 h"), Pause("1h")),
    (("Pause", "2 h"), Pause("2h")),
    (("Pause", "Until tomorrow"), Pause("until tomorrow")),
    (("Routine", "Morning wake-up"), ChooseRoutine("morning")),
    (("This week's report",), OpenReport()),
    (("Open config file",), OpenConfig()),
    (("Quit",), Quit()),
]


@pytest.mark.parametrize(("labels", "request_sent"), CLICKS, ids=[" > ".join(case[0]) for case in CLICKS])
def test_each_entry_sends_the_cli_request(
    tray: FakeTray, sent: list[Request], labels: tuple[str, ...], request_sent: Request
) -> None:
    tray.click(*labels)
    assert sent == [request_sent]


def test_clicking_the_icon_starts_a_break(tray: FakeTray, sent: list[Request]) -> None:
    tray.click()
    assert sent == [Start()]


def test_clicking_the_icon_during_a_break_does_nothing(tray: FakeTray, sent: list[Request]) -> None:
    tray.update(view(phase=Phase.BREAK, break_routine="desk"))
    tray.click()
    assert sent == []


def test_disabled_entries_refuse_clicks(tray: FakeTray, sent: list[Request]) -> None:
    tray.update(view())
    with pytest.raises(ValueError, match="'Snooze > 10 min' is disabled now"):
        tray.click("Snooze", "10 min")
    with pytest.raises(ValueError, match="'Resume' is disabled now"):
        tray.click("Resume")
    assert sent == []


def test_unknown_entries_are_named(tray: FakeTray) -> None:
    with pytest.raises(LookupError, match="no menu entry 'Snooze > 5 min'"):
        tray.click("Snooze", "5 min")


def test_whoever_gets_a_click_cannot_change_what_the_next_click_sends(tray: FakeTray, sent: list[Request]) -> None:
    tray.click("Snooze", "10 min")
    with pytest.raises(AttributeError, match="cannot change its minutes"):
        sent[0].minutes = 99
    tray.click("Snooze", "10 min")
    assert sent[1] == Snooze(10)


def test_the_menu_as_a_user_reads_it_while_working(tray: FakeTray) -> None:
    tray.update(view(routine="morning"))
    assert tray.labels() == [
        "Start break now",
        "Stop this break [disabled]",
        "Snooze [disabled]",
        "  10 min [disabled]",
        "  20 min [disabled]",
        "  30 min [disabled]",
        "Skip this break",
        "Log a break I took",
        "Pause",
        "  30 min",
        "  1 h",
        "  2 h",
        "  Until tomorrow",
        "  During this meeting [disabled]",
        "Resume [disabled]",
        "Routine",
        "  Desk break",
        "  Morning wake-up [checked]",
        "----",
        "Today: 4 breaks, 12 min [disabled]",
        "This week's report",
        "----",
        "Open config file",
        "Quit",
    ]


def test_while_busy_the_menu_can_pause_during_this_meeting(tray: FakeTray, sent: list[Request]) -> None:
    with pytest.raises(ValueError, match="disabled"):
        tray.click("Pause", "During this meeting")
    tray.update(view(quiet="in a call"))
    tray.click("Pause", "During this meeting")
    assert sent == [Pause("while busy")]


def test_during_a_break_the_menu_can_stop_it(tray: FakeTray, sent: list[Request]) -> None:
    tray.update(view(phase=Phase.BREAK))
    tray.click("Stop this break")
    assert sent == [Stop()]
    with pytest.raises(ValueError, match="disabled"):
        tray.click("Start break now")


def test_the_fake_runs_until_stopped(tray: FakeTray) -> None:
    tray.stop()
    tray.run()
    assert tray.view.title == "Break due — click to start"


def labels_by_id(ids: MenuIds, menu: Any) -> dict[str, int]:
    snapshot = ids.snapshot(menu)
    return {
        node.properties["label"][1]: node_id for node_id, node in snapshot.nodes.items() if "label" in node.properties
    }


def test_ids_stay_put_when_labels_and_enablement_change(tray: FakeTray) -> None:
    ids = MenuIds()
    before = labels_by_id(ids, tray.menu)
    tray.update(view(phase=Phase.BREAK))
    after = labels_by_id(ids, tray.menu)
    assert before["Snooze"] == after["Snooze"]
    assert before["Today: 4 breaks, 12 min"] == after["Today: 4 breaks, 12 min"]
    assert before["Morning wake-up"] == after["Morning wake-up"]


def test_a_property_change_is_reported_as_just_that(tray: FakeTray) -> None:
    ids = MenuIds()
    due = ids.snapshot(tray.menu)
    tray.update(view(paused=True))
    paused = ids.snapshot(tray.menu)
    assert due.shape() == paused.shape()
    updated, removed = changed_properties(due, paused)
    resume = labels_by_id(ids, tray.menu)["Resume"]
    snooze = labels_by_id(ids, tray.menu)["Snooze"]
    assert (resume, ["enabled"]) in removed  # back to the default, enabled
    assert (snooze, {"enabled": ("b", False)}) in updated


def test_dbusmenu_properties_follow_libdbusmenu() -> None:
    menu = Menu(
        MenuItem("Under_score", None, checked=lambda item: True),
        Menu.SEPARATOR,
        MenuItem("Hidden", None, visible=False),
        MenuItem("Choice", None, checked=lambda item: False, radio=True),
        MenuItem("More", Menu(MenuItem("Inner", None, enabled=False))),
    )
    root = MenuIds().snapshot(menu).root
    assert root.properties == {"children-display": ("s", "submenu")}
    shown = [dict(node.properties) for node in root.children]
    assert shown == [
        {"label": ("s", "Under__score"), "toggle-type": ("s", "checkmark"), "toggle-state": ("i", 1)},
        {"type": ("s", "separator")},
        {"label": ("s", "Hidden"), "visible": ("b", False)},
        {"label": ("s", "Choice"), "toggle-type": ("s", "radio"), "toggle-state": ("i", 0)},
        {"label": ("s", "More"), "children-display": ("s", "submenu")},
    ]
    assert dict(root.children[4].children[0].properties) == {"label": ("s", "Inner"), "enabled": ("b", False)}


def test_separators_never_lead_trail_or_repeat_like_pystrays() -> None:
    menu = Menu(
        Menu.SEPARATOR, MenuItem("A", None), Menu.SEPARATOR, Menu.SEPARATOR, MenuItem("B", None), Menu.SEPARATOR
    )
    nodes = MenuIds().snapshot(menu).root.children
    visible = [node.properties.get("visible", ("b", True))[1] for node in nodes]
    assert visible == [False, True, True, False, True, False]
    assert len({node.id for node in nodes}) == len(nodes), "each separator has its own id"


def test_layout_depth_and_property_filter_follow_getlayout() -> None:
    menu = Menu(MenuItem("More", Menu(MenuItem("Inner", None))))
    root = MenuIds().snapshot(menu).root
    assert root.wire(1, ["label"]) == (0, {}, [("(ia{sv}av)", (1, {"label": ("s", "More")}, []))])
    assert root.wire(0, []) == (0, {"children-display": ("s", "submenu")}, [])
