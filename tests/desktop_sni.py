"""The SNI tray's test desktop: Xvfb, a private bus, gtk-sni-tray, and our item running in it.

gtk-sni-tray draws items from their IconPixmap and builds their menus from
the dbusmenu layout with libdbusmenu-gtk, so it exercises the protocol the
way KDE or GNOME's AppIndicator extension would. Test modules wrap
``sni_desktop`` and ``running_tray`` in module fixtures and call
``ready_for_a_test`` in a function fixture.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from desktop import Xvfb, start_bus, stop_bus, wait_until
from desktop_tray import (
    ARTIFACTS,
    CallFailed,
    Panel,
    call,
    get_property,
    session_env,
    settled_screen,
    wait_for_change,
)
from jeepney.io.blocking import open_dbus_connection  # type: ignore[import-untyped]
from tray_states import WORKING

from deskbreak.tray import Request, Tray, TrayView, choose_tray, tray_view

SHOTS = ARTIFACTS / "tray"
WATCHER = "org.kde.StatusNotifierWatcher"
ITEM = "org.kde.StatusNotifierItem"
MENU = "com.canonical.dbusmenu"
BUS = ("org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus")
ROUTINES = (("desk", "Desk break"), ("morning", "Morning wake-up"))


def view(routines: tuple[tuple[str, str], ...] = ROUTINES, **changes: Any) -> TrayView:
    return tray_view(replace(WORKING, **changes), 4, 12, routines)


@dataclass
class Desktop:
    root: Path
    env: dict[str, str]
    address: str
    client: Any
    panel: Panel | None = None

    def start_panel(self) -> None:
        """Start gtk-sni-tray, again if it quits at once.

        gtk-sni-tray 0.1 races its own watcher at start: when its host asks
        before the watcher owns its name, it quits ("Pattern match failure
        ... Main.hs"). A fresh start gets past that.
        """
        self.panel = Panel.started(["gtk-sni-tray-standalone", "--watcher", "--bottom"], "haskell-gtk-sni-tray-utils",
                                   self.env, self.root / "panel.log", self.hosting)

    def stop_panel(self) -> None:
        if self.panel is not None:
            self.panel.stop()
            wait_until(lambda: not self.has_owner(WATCHER), "the panel has left the bus")

    def hosting(self) -> bool:
        """A watcher is on the bus with a host; gtk-sni-tray owns the name a moment before it answers."""
        try:
            return bool(self.watcher_property("IsStatusNotifierHostRegistered"))
        except CallFailed:
            return False

    def items(self) -> list[str]:
        """The items the watcher knows; none while no watcher answers yet."""
        try:
            return list(self.watcher_property("RegisteredStatusNotifierItems"))
        except CallFailed:
            return []

    def watcher_property(self, name: str) -> Any:
        return get_property(self.client, WATCHER, "/StatusNotifierWatcher", WATCHER, name)

    def has_owner(self, name: str) -> bool:
        return bool(call(self.client, *BUS, "NameHasOwner", "s", name)[0])


@contextmanager
def sni_desktop(root: Path) -> Iterator[Desktop]:
    xvfb = Xvfb(root / "xvfb.log")
    daemon, address = start_bus(root)
    client = open_dbus_connection(bus=address)
    desktop = Desktop(root, session_env(root, xvfb.display, address), address, client)
    try:
        desktop.start_panel()
        yield desktop
    finally:
        if desktop.panel is not None:
            desktop.panel.stop()
        client.close()
        stop_bus(daemon)
        xvfb.stop()


@dataclass
class Running:
    tray: Tray
    commands: queue.Queue[Request]
    bus_name: str
    icon_box: tuple[int, int, int, int]

    def next_command(self) -> Request:
        return self.commands.get(timeout=5)


@contextmanager
def running_tray(desktop: Desktop) -> Iterator[Running]:
    """Our SNI tray, chosen as the daemon chooses it, running in a thread; where the panel drew it."""
    commands: queue.Queue[Request] = queue.Queue()
    choice = choose_tray(commands.put, environ=desktop.env, platform="linux")
    assert (choice.tray.name, choice.tried, choice.tray.has_menu) == ("sni", (), True)
    choice.tray.update(view())
    empty_panel = settled_screen(desktop.env)
    thread = threading.Thread(target=choice.tray.run, daemon=True)
    thread.start()
    wait_until(lambda: bool(desktop.items()), "the item registers with the watcher")
    _, box = wait_for_change(desktop.env, empty_panel, "the panel draws the icon")
    try:
        yield Running(choice.tray, commands, desktop.items()[0], box)
    finally:
        choice.tray.stop()
        thread.join(timeout=5)
        assert not thread.is_alive(), "run() did not return after stop()"


def ready_for_a_test(running: Running, desktop: Desktop) -> Running:
    """The running item, with no clicks left over from an earlier test, showing the working view."""
    while not running.commands.empty():
        running.commands.get_nowait()
    running.tray.update(view())
    wait_until(lambda: title(desktop, running) == "Next break in 30 min", "the working tooltip is shown")
    wait_until(lambda: "Snooze [disabled]" in outline(desktop, running), "the working menu is shown")
    return running


def title(desktop: Desktop, running: Running) -> str:
    return str(get_property(desktop.client, running.bus_name, "/StatusNotifierItem", ITEM, "Title"))


def layout(desktop: Desktop, running: Running) -> dict[str, tuple[int, dict[str, Any]]]:
    """Every labelled menu entry by label: its id and its properties without signatures."""
    _, root = call(desktop.client, running.bus_name, "/MenuBar", MENU, "GetLayout", "iias", 0, -1, [])
    entries: dict[str, tuple[int, dict[str, Any]]] = {}

    def walk(node: tuple[int, dict[str, tuple[str, Any]], list[Any]]) -> None:
        node_id, properties, children = node
        plain = {key: value for key, (_, value) in properties.items()}
        if "label" in plain:
            entries.setdefault(plain["label"], (node_id, plain))
        for _, child in children:
            walk(child)

    walk(root)
    return entries


def outline(desktop: Desktop, running: Running) -> list[str]:
    """The menu as the panel receives it, one line per entry, like FakeTray.labels()."""
    root = call(desktop.client, running.bus_name, "/MenuBar", MENU, "GetLayout", "iias", 0, -1, [])[1]
    lines: list[str] = []

    def walk(children: list[Any], depth: int) -> None:
        for _, (_, properties, grandchildren) in children:
            plain = {key: value for key, (_, value) in properties.items()}
            flags = (("disabled", not plain.get("enabled", True)), ("hidden", not plain.get("visible", True)))
            state = [name for name, on in flags if on]
            if plain.get("toggle-type"):
                state.append(f"{plain['toggle-type']} {'on' if plain['toggle-state'] == 1 else 'off'}")
            text = "----" if plain.get("type") == "separator" else plain["label"]
            lines.append("  " * depth + text + (f" [{', '.join(state)}]" if state else ""))
            if plain.get("children-display") == "submenu":
                walk(grandchildren, depth + 1)

    walk(root[2], 0)
    return lines
