"""A virtual pointer on a wlroots compositor, so a headless seat can click (sway's own IPC cannot).

sway's headless seat has no pointer device, so its seat has no pointer
capability and clients such as waybar never get a ``wl_pointer``: ``swaymsg
seat - cursor press button1`` succeeds and reaches nobody. The
``zwlr_virtual_pointer_manager_v1`` protocol (wlr-protocols'
``wlr-virtual-pointer-unstable-v1.xml``), which sway offers, adds a pointer
device to the seat, and its requests move it and press its buttons as a
mouse would. Spoken on the wire with deskbreak's own small client, the one
the Wayland idle backend uses.

Requests used (opcodes from the XML): wl_display.sync (0) and
.get_registry (1); wl_registry.bind (0); the manager's
create_virtual_pointer (0, seat null: the default seat); the pointer's
motion_absolute (1), button (2) and frame (4).
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping

from deskbreak.idle._wayland_wire import Arguments, WireConnection, encode, socket_path

__all__ = ["LEFT", "RIGHT", "VirtualPointer"]

LEFT, RIGHT = 0x110, 0x111  # BTN_LEFT and BTN_RIGHT from linux/input-event-codes.h
_MANAGER = "zwlr_virtual_pointer_manager_v1"
_DISPLAY, _REGISTRY = 1, 2


class VirtualPointer:
    """A mouse plugged into the compositor's default seat; ``click`` at a point of a ``width`` x ``height`` layout."""

    def __init__(self, environ: Mapping[str, str], width: int, height: int) -> None:
        self._wire = WireConnection.connect(socket_path(environ), timeout_s=10)
        self._ids = itertools.count(3)
        self._extent = (width, height)
        self._time = itertools.count(1000, 10)
        self._wire.send(encode(_DISPLAY, 1, _REGISTRY))
        name = self._global_named(_MANAGER)
        manager, self._pointer = next(self._ids), next(self._ids)
        self._wire.send(encode(_REGISTRY, 0, name, _MANAGER, 1, manager), encode(manager, 0, 0, self._pointer))
        self._round_trip()

    def _global_named(self, interface: str) -> int:
        """The registry's name for ``interface``; AssertionError if the compositor does not offer it."""
        offered: dict[str, int] = {}
        done = self._sync()
        while (message := self._wire.receive()).sender != done:
            if message.sender == _REGISTRY and message.opcode == 0:
                arguments = Arguments(message.payload)
                name = arguments.uint()
                offered[arguments.string()] = name
        assert interface in offered, f"the compositor offers no {interface}"
        return offered[interface]

    def _sync(self) -> int:
        callback = next(self._ids)
        self._wire.send(encode(_DISPLAY, 0, callback))
        return callback

    def _round_trip(self) -> None:
        """Wait until the compositor has handled every request sent so far (an error event fails here)."""
        done = self._sync()
        while (message := self._wire.receive()).sender != done:
            assert not (message.sender == _DISPLAY and message.opcode == 0), "the compositor sent a protocol error"

    def click(self, x: int, y: int, button: int = LEFT) -> None:
        """Move to (x, y), press and release ``button``: one click, as the seat's only mouse."""
        width, height = self._extent
        self._wire.send(encode(self._pointer, 1, next(self._time), x, y, width, height), encode(self._pointer, 4),
                        encode(self._pointer, 2, next(self._time), button, 1), encode(self._pointer, 4),
                        encode(self._pointer, 2, next(self._time), button, 0), encode(self._pointer, 4))
        self._round_trip()

    def close(self) -> None:
        """Unplug it (the compositor drops the device with the connection)."""
        self._wire.close()
