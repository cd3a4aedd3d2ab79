"""The StatusNotifierItem tray read over the bus the way panels read it.

The item runs in gtk-sni-tray (so a real watcher registered it), and each
test calls its org.kde.StatusNotifierItem and com.canonical.dbusmenu
objects directly with jeepney: properties, the layout, clicks reported as
Event/EventGroup, the signals an update sends, and introspection.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from desktop import send_to, signal, stray_error
from desktop_sni import (
    ITEM,
    MENU,
    ROUTINES,
    WATCHER,
    Desktop,
    Running,
    layout,
    outline,
    ready_for_a_test,
    running_tray,
    sni_desktop,
    view,
)
from desktop_tray import CallFailed, call, get_property
from jeepney import HeaderFields, MatchRule  # type: ignore[import-untyped]
from jeepney.bus_messages import message_bus  # type: ignore[import-untyped]
from jeepney.io.blocking import open_dbus_connection  # type: ignore[import-untyped]
from PIL import Image

from deskbreak.core import Phase
from deskbreak.requests import Log, Skip
from deskbreak.tray import ICON_SIZES, render_icon

CLICKED = ("clicked", ("i", 0), 0)


@pytest.fixture(scope="module")
def desktop(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Desktop]:
    with sni_desktop(tmp_path_factory.mktemp("sni-bus")) as started:
        yield started


@pytest.fixture(scope="module")
def running(desktop: Desktop) -> Iterator[Running]:
    with running_tray(desktop) as started:
        yield started


@pytest.fixture
def tray(running: Running, desktop: Desktop) -> Running:
    return ready_for_a_test(running, desktop)


def menu_call(desktop: Desktop, tray: Running, member: str, signature: str, *args: Any) -> Any:
    return call(desktop.client, tray.bus_name, "/MenuBar", MENU, member, signature, *args)


def test_item_properties(tray: Running, desktop: Desktop) -> None:
    def item(name: str) -> Any:
        return get_property(desktop.client, tray.bus_name, "/StatusNotifierItem", ITEM, name)

    assert (item("Category"), item("Id"), item("Status")) == ("ApplicationStatus", "deskbreak", "Active")
    assert (item("Title"), item("ToolTip")) == ("Next break in 30 min", ("", [], "Next break in 30 min", ""))
    # KDE's and GNOME's AppIndicator extension ask for these after every NewIcon
    assert (item("IconAccessibleDesc"), item("AttentionAccessibleDesc")) == ("Next break in 30 min",) * 2
    assert (item("ItemIsMenu"), item("Menu")) == (False, "/MenuBar")
    pixmaps = item("IconPixmap")
    assert [(width, height) for width, height, _ in pixmaps] == [(size, size) for size in ICON_SIZES]
    width, height, argb = pixmaps[-1]
    alpha, red, green, blue = Image.frombytes("RGBA", (width, height), argb).split()
    expected = render_icon(view().icon, 48)
    assert Image.merge("RGBA", (red, green, blue, alpha)).tobytes() == expected.rgba, "not ARGB, big-endian"


def test_menu_layout(tray: Running, desktop: Desktop) -> None:
    assert outline(desktop, tray) == [
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
        "  Desk break [radio on]",
        "  Morning wake-up [radio off]",
        "----",
        "Today: 4 breaks, 12 min [disabled]",
        "This week's report",
        "----",
        "Open config file",
        "Quit",
    ]
    assert menu_call(desktop, tray, "GetLayout", "iias", 0, 0, [])[1] == (0, {"children-display": ("s", "submenu")}, [])


def test_a_clicked_event_runs_the_entry_and_disabled_ones_do_nothing(tray: Running, desktop: Desktop) -> None:
    entries = layout(desktop, tray)
    menu_call(desktop, tray, "Event", "isvu", entries["Resume"][0], *CLICKED)
    menu_call(desktop, tray, "Event", "isvu", entries["Skip this break"][0], *CLICKED)
    assert tray.next_command() == Skip()
    assert tray.commands.empty(), "the disabled Resume entry sent a request"
    events = [(entries["Log a break I took"][0], *CLICKED), (9999, *CLICKED)]
    assert menu_call(desktop, tray, "EventGroup", "a(isvu)", events) == ([9999],)
    assert tray.next_command() == Log()
    with pytest.raises(CallFailed, match="no menu item with id 9999"):
        menu_call(desktop, tray, "Event", "isvu", 9999, *CLICKED)


def test_updates_send_the_signals_panels_listen_for(tray: Running, desktop: Desktop) -> None:
    rules = [
        MatchRule(type="signal", path=path, interface=name)
        for path, name in (("/MenuBar", MENU), ("/StatusNotifierItem", ITEM))
    ]
    with open_dbus_connection(bus=desktop.address) as listener:
        for rule in rules:
            listener.send_and_get_reply(message_bus.AddMatch(rule), timeout=5)
        with (
            listener.filter(rules[0], bufsize=50) as menu_signals,
            listener.filter(rules[1], bufsize=50) as item_signals,
        ):

            def next_signal(signals: Any) -> tuple[str, Any]:
                message = listener.recv_until_filtered(signals, timeout=5)
                return message.header.fields[HeaderFields.member], message.body

            revision = menu_call(desktop, tray, "GetLayout", "iias", 0, 0, [])[0]
            tray.tray.update(view(phase=Phase.DUE, until_reminder=timedelta(0)))
            assert [next_signal(item_signals)[0] for _ in range(3)] == ["NewIcon", "NewTitle", "NewToolTip"]
            member, (_, back_to_default) = next_signal(menu_signals)
            assert member == "ItemsPropertiesUpdated"
            assert (layout(desktop, tray)["Snooze"][0], ["enabled"]) in back_to_default
            tray.tray.update(view(routines=(*ROUTINES, ("evening", "Evening unwind"))))
            assert next_signal(menu_signals) == ("LayoutUpdated", (revision + 1, 0))
            assert "Evening unwind" in layout(desktop, tray)


def test_introspection_describes_both_objects(tray: Running, desktop: Desktop) -> None:
    def introspect(path: str) -> str:
        return str(call(desktop.client, tray.bus_name, path, "org.freedesktop.DBus.Introspectable", "Introspect")[0])

    assert '<property name="IconPixmap" type="a(iiay)" access="read"/>' in introspect("/StatusNotifierItem")
    get_layout = [f'<arg type="{t}" direction="in"/>' for t in ("i", "i", "as")]
    get_layout += [f'<arg type="{t}" direction="out"/>' for t in ("u", "(ia{sv}av)")]
    assert f'<method name="GetLayout">{"".join(get_layout)}</method>' in introspect("/MenuBar")
    root = introspect("/")
    assert '<node name="StatusNotifierItem"/>' in root
    assert '<node name="MenuBar"/>' in root


def test_wrong_calls_get_clear_errors(tray: Running, desktop: Desktop) -> None:
    with pytest.raises(CallFailed, match=r"InvalidArgs.*GetLayout takes \(iias\), was called with \(i\)"):
        menu_call(desktop, tray, "GetLayout", "i", 0)
    with pytest.raises(CallFailed, match=r"UnknownProperty.*no property org.kde.StatusNotifierItem.Colour"):
        get_property(desktop.client, tray.bus_name, "/StatusNotifierItem", ITEM, "Colour")
    with pytest.raises(CallFailed, match="PropertyReadOnly"):
        call(
            desktop.client,
            tray.bus_name,
            "/StatusNotifierItem",
            "org.freedesktop.DBus.Properties",
            "Set",
            "ssv",
            ITEM,
            "Title",
            ("s", "x"),
        )
    with pytest.raises(CallFailed, match="UnknownObject"):
        call(desktop.client, tray.bus_name, "/Elsewhere", ITEM, "Activate", "ii", 0, 0)
    assert menu_call(desktop, tray, "GetProperty", "is", layout(desktop, tray)["Quit"][0], "enabled") == (("b", True),)


def test_junk_from_any_client_costs_one_ignored_message_and_the_tray_keeps_serving(
    tray: Running, desktop: Desktop, caplog: pytest.LogCaptureFixture
) -> None:
    """Any client may send the item anything; the bus stamps only the sender, and that is all we trust."""
    caplog.set_level(logging.DEBUG, logger="deskbreak.tray")
    bus = ("/org/freedesktop/DBus", "org.freedesktop.DBus", "NameOwnerChanged")
    junk = [
        signal(*bus, "s", WATCHER),  # its other two arguments missing: reading the new owner raised IndexError
        signal(*bus, "sss", WATCHER, "", ":1.9999"),  # well formed, but from a client, not from the bus
        stray_error(reply_serial=4242),  # an answer to a call the item never made
    ]
    with open_dbus_connection(bus=desktop.address) as peer:
        for message in junk:
            send_to(peer, tray.bus_name, message)
        # The bus delivers one client's messages in order: an answer to this call means the junk was read first.
        assert get_property(peer, tray.bus_name, "/StatusNotifierItem", ITEM, "Title") == "Next break in 30 min"
    assert "Quit" in layout(desktop, tray)
    ignored = [(record.levelno, record.getMessage()) for record in caplog.records if "ignored" in record.getMessage()]
    assert [level for level, _ in ignored] == [logging.WARNING, logging.DEBUG, logging.DEBUG]
    assert ignored[0][1].startswith("ignored D-Bus signal org.freedesktop.DBus.NameOwnerChanged(s) from :1.")
    assert ignored[0][1].endswith(": not a well-formed NameOwnerChanged from the bus")
    assert ignored[2][1].endswith(": no call of ours awaits this reply")
