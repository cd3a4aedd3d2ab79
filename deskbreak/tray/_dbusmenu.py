"""Turns a pystray ``Menu`` into com.canonical.dbusmenu layouts, with ids that stay put.

Pure: no D-Bus here, so the layout rules are tested without a bus. The
property names and defaults follow libdbusmenu's ``dbus-menu.xml``: an item
carries a property only when it differs from the default, a separator is
``type: separator``, a submenu parent has ``children-display: submenu``,
and checkable items have ``toggle-type`` ("radio" or "checkmark") and
``toggle-state`` (1 on, 0 off).

An id names one ``MenuItem`` object (and its place among equal siblings, for
the shared ``Menu.SEPARATOR``) for as long as the icon lives, so updating
labels or enablement never renumbers the menu; only new items get new ids.
Hidden items stay in the layout with ``visible: false`` for the same reason.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from deskbreak.tray._pystray import Menu

__all__ = ["DEFAULTS", "MenuIds", "MenuNode", "MenuSnapshot", "Variant", "changed_properties"]

Variant = tuple[str, Any]
"""A D-Bus variant as jeepney writes it: (signature, value)."""

DEFAULTS: Mapping[str, Variant] = {
    "type": ("s", "standard"),
    "label": ("s", ""),
    "enabled": ("b", True),
    "visible": ("b", True),
    "icon-name": ("s", ""),
    "toggle-type": ("s", ""),
    "toggle-state": ("i", -1),
    "children-display": ("s", ""),
}
"""Every standard item property and its default, so GetProperty can answer for any of them."""

ROOT_ID = 0


@dataclass(frozen=True, slots=True)
class MenuNode:
    """One item: its id, its non-default properties, its children (for a submenu)."""

    id: int
    properties: Mapping[str, Variant]
    children: tuple[MenuNode, ...]

    def wire(self, depth: int, names: Iterable[str]) -> tuple[int, dict[str, Variant], list[Variant]]:
        """The ``(ia{sv}av)`` struct GetLayout answers, ``depth`` levels deep (-1: all)."""
        wanted = set(names)
        properties = {key: value for key, value in self.properties.items() if not wanted or key in wanted}
        children = [] if depth == 0 else [("(ia{sv}av)", child.wire(depth - 1, wanted)) for child in self.children]
        return (self.id, properties, children)


@dataclass(frozen=True, slots=True)
class MenuSnapshot:
    """The whole menu at one moment: the tree, and each id's node and pystray item."""

    root: MenuNode
    nodes: Mapping[int, MenuNode]
    items: Mapping[int, Any]

    def shape(self) -> tuple[tuple[int, tuple[int, ...]], ...]:
        """Which ids hang under which: when this changes, clients must fetch the layout again."""
        return tuple((node_id, tuple(child.id for child in node.children)) for node_id, node in self.nodes.items())


class MenuIds:
    """Hands out dbusmenu ids to pystray items and snapshots a menu with them."""

    def __init__(self) -> None:
        self._ids: dict[tuple[int, Any, int], int] = {}
        self._next_id = ROOT_ID + 1

    def snapshot(self, menu: Any) -> MenuSnapshot:
        """Evaluate every callable of ``menu`` now (None: an empty menu) and number the items."""
        nodes: dict[int, MenuNode] = {}
        items: dict[int, Any] = {}
        children = self._children(ROOT_ID, menu, nodes, items)
        root = MenuNode(ROOT_ID, {"children-display": ("s", "submenu")}, children)
        nodes[ROOT_ID] = root
        self._forget_all_but(nodes)
        return MenuSnapshot(root, nodes, items)

    def _children(
        self, parent: int, menu: Any, nodes: dict[int, MenuNode], items: dict[int, Any]
    ) -> tuple[MenuNode, ...]:
        if menu is None:
            return ()
        entries = tuple(menu.items)
        shown = _shown(entries)
        seen: dict[int, int] = {}
        built = []
        for entry, visible in zip(entries, shown, strict=True):
            nth = seen.get(id(entry), 0)
            seen[id(entry)] = nth + 1
            node_id = self._id_for(parent, entry, nth)
            node = MenuNode(node_id, _properties(entry, visible), self._children(node_id, entry.submenu, nodes, items))
            nodes[node_id] = node
            items[node_id] = entry
            built.append(node)
        return tuple(built)

    def _id_for(self, parent: int, entry: Any, nth: int) -> int:
        key = (parent, entry, nth)
        if key not in self._ids:
            self._ids[key] = self._next_id
            self._next_id += 1
        return self._ids[key]

    def _forget_all_but(self, nodes: Mapping[int, MenuNode]) -> None:
        """Drop items no longer in the menu, so a menu built afresh each time cannot grow without end."""
        self._ids = {key: node_id for key, node_id in self._ids.items() if node_id in nodes}


def _shown(entries: tuple[Any, ...]) -> list[bool]:
    """Which entries show, with pystray's rule that separators never lead, trail or repeat."""
    shown = [bool(entry.visible) for entry in entries]
    previous_separator = True
    for index, entry in enumerate(entries):
        if not shown[index]:
            continue
        is_separator = entry is Menu.SEPARATOR
        shown[index] = not (is_separator and previous_separator)
        if shown[index]:
            previous_separator = is_separator
    for index in reversed(range(len(entries))):
        if shown[index]:
            shown[index] = entries[index] is not Menu.SEPARATOR
            if shown[index]:
                break
    return shown


def _properties(entry: Any, visible: bool) -> dict[str, Variant]:
    """The item's non-default dbusmenu properties."""
    if entry is Menu.SEPARATOR:
        properties: dict[str, Variant] = {"type": ("s", "separator")}
    else:
        properties = {"label": ("s", entry.text.replace("_", "__"))}
        if not entry.enabled:
            properties["enabled"] = ("b", False)
        checked = entry.checked
        if checked is not None:
            properties["toggle-type"] = ("s", "radio" if entry.radio else "checkmark")
            properties["toggle-state"] = ("i", 1 if checked else 0)
        if entry.submenu is not None:
            properties["children-display"] = ("s", "submenu")
    if not visible:
        properties["visible"] = ("b", False)
    return properties


def changed_properties(
    old: MenuSnapshot, new: MenuSnapshot
) -> tuple[list[tuple[int, dict[str, Variant]]], list[tuple[int, list[str]]]]:
    """ItemsPropertiesUpdated's two arguments: values that changed, and names back at their default.

    Only meaningful when both snapshots have the same ``shape``.
    """
    updated = []
    removed = []
    for node_id, node in new.nodes.items():
        before = old.nodes[node_id].properties
        changed = {key: value for key, value in node.properties.items() if before.get(key) != value}
        gone = [key for key in before if key not in node.properties]
        if changed:
            updated.append((node_id, changed))
        if gone:
            removed.append((node_id, gone))
    return updated, removed
