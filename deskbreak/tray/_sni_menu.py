"""The com.canonical.dbusmenu object of the StatusNotifierItem, at ``/MenuBar``.

Panels read the menu with GetLayout / GetGroupProperties and report clicks
with Event / EventGroup ("clicked"). After each ``refresh``, a change in
which items exist sends LayoutUpdated (the revision goes up and clients
fetch the layout again); a change only in labels, enablement or checks sends
ItemsPropertiesUpdated with just those values, as libdbusmenu's server does.
Every method runs on the serving loop's thread.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from deskbreak.tray._bus import DBusError, Interface, Method, ObjectServer
from deskbreak.tray._dbusmenu import DEFAULTS, MenuIds, MenuNode, MenuSnapshot, Variant, changed_properties

__all__ = ["MENU_PATH", "DBusMenuObject"]

_log = logging.getLogger(__name__)

MENU_PATH = "/MenuBar"
_MENU = "com.canonical.dbusmenu"
_BAD_ARGS = "org.freedesktop.DBus.Error.InvalidArgs"
_VERSION = 3


class DBusMenuObject:
    """Serves one pystray ``Menu``; ``invoke`` runs a clicked item's action."""

    def __init__(self, server: ObjectServer, invoke: Callable[[Any], None]) -> None:
        self._server = server
        self._invoke = invoke
        self._ids = MenuIds()
        self._now: MenuSnapshot = self._ids.snapshot(None)
        self._revision = 1
        server.export(MENU_PATH, [self._interface()])

    def refresh(self, menu: Any) -> None:
        """Evaluate ``menu`` again and tell clients what changed."""
        try:
            snapshot = self._ids.snapshot(menu)
        except Exception:  # a menu callable failed: keep showing the last good menu
            _log.exception("building the tray menu failed")
            return
        before, self._now = self._now, snapshot
        if before.shape() != snapshot.shape():
            self._revision += 1
            self._server.emit(MENU_PATH, _MENU, "LayoutUpdated", "ui", (self._revision, 0))
            return
        updated, removed = changed_properties(before, snapshot)
        if updated or removed:
            self._server.emit(MENU_PATH, _MENU, "ItemsPropertiesUpdated", "a(ia{sv})a(ias)", (updated, removed))

    def _interface(self) -> Interface:
        return Interface(
            _MENU,
            methods={
                "GetLayout": Method("iias", "u(ia{sv}av)", self._get_layout),
                "GetGroupProperties": Method("aias", "a(ia{sv})", self._get_group_properties),
                "GetProperty": Method("is", "v", self._get_property),
                "Event": Method("isvu", "", self._event),
                "EventGroup": Method("a(isvu)", "ai", self._event_group),
                "AboutToShow": Method("i", "b", self._about_to_show),
                "AboutToShowGroup": Method("ai", "aiai", self._about_to_show_group),
            },
            properties={
                "Version": lambda: ("u", _VERSION),
                "TextDirection": lambda: ("s", "ltr"),
                "Status": lambda: ("s", "normal"),
                "IconThemePath": lambda: ("as", []),
            },
            signals={
                "ItemsPropertiesUpdated": "a(ia{sv})a(ias)",
                "LayoutUpdated": "ui",
                "ItemActivationRequested": "iu",
            },
        )

    def _node(self, item_id: int) -> MenuNode:
        node = self._now.nodes.get(item_id)
        if node is None:
            raise DBusError(_BAD_ARGS, f"no menu item with id {item_id}")
        return node

    def _get_layout(self, parent_id: int, depth: int, names: list[str]) -> tuple[Any, ...]:
        return (self._revision, self._node(parent_id).wire(depth, names))

    def _get_group_properties(self, ids: list[int], names: list[str]) -> tuple[Any, ...]:
        nodes = self._now.nodes
        return ([nodes[item_id].wire(0, names)[:2] for item_id in ids or list(nodes) if item_id in nodes],)

    def _get_property(self, item_id: int, name: str) -> tuple[Any, ...]:
        properties = self._node(item_id).properties
        if name not in properties and name not in DEFAULTS:
            raise DBusError(_BAD_ARGS, f"menu items have no property {name!r}")
        return (properties.get(name, DEFAULTS.get(name)),)

    def _event(self, item_id: int, event: str, data: Variant, timestamp: int) -> tuple[()]:
        """A click on an item runs its action, unless it is a submenu, disabled or hidden."""
        self._node(item_id)
        item = self._now.items.get(item_id)
        if event == "clicked" and item is not None and item.submenu is None and item.enabled and item.visible:
            self._invoke(item)
        return ()

    def _event_group(self, events: list[tuple[int, str, Variant, int]]) -> tuple[Any, ...]:
        unknown = [event[0] for event in events if event[0] not in self._now.nodes]
        if events and len(unknown) == len(events):
            raise DBusError(_BAD_ARGS, f"no menu items with ids {unknown}")
        for item_id, event, data, timestamp in events:
            if item_id not in unknown:
                self._event(item_id, event, data, timestamp)
        return (unknown,)

    def _about_to_show(self, item_id: int) -> tuple[bool]:
        """The menu is always current (the daemon refreshes it), so nothing needs fetching."""
        self._node(item_id)
        return (False,)

    def _about_to_show_group(self, ids: list[int]) -> tuple[Any, ...]:
        return ([], [item_id for item_id in ids if item_id not in self._now.nodes])
