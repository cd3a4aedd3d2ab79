"""A Wayland compositor that speaks just enough of the wire protocol to test the idle client.

It listens on a Unix socket, serves one client from a thread, answers
``get_registry`` with the globals it was given and ``sync`` with ``done``,
keeps every request it receives, and sends ``idled``, ``resumed``,
``wl_display.error`` or raw bytes when a test says so. Its framing reuses
the client's ``encode``/``Arguments``/``WireConnection``; the bytes those
produce are pinned separately in the tests, so a shared mistake cannot hide.
"""

from __future__ import annotations

import socket
import threading
from dataclasses import dataclass, field
from pathlib import Path

from deskbreak.idle._wayland_wire import Arguments, Message, WireConnection, encode

SEAT_GLOBAL = ("wl_seat", 7)
EXT_GLOBAL = ("ext_idle_notifier_v1", 1)
KDE_GLOBAL = ("org_kde_kwin_idle", 1)
OTHERS = (("wl_compositor", 5), ("wl_shm", 1), ("zwp_idle_inhibit_manager_v1", 1))


@dataclass
class Request:
    """A request as the compositor decoded it: the interface it went to, its opcode, its words."""

    interface: str
    opcode: int
    words: list[int] = field(default_factory=list)


class FakeCompositor:
    """Serves one client at ``path``; see the module docstring."""

    def __init__(self, path: Path, globals_: tuple[tuple[str, int], ...]) -> None:
        self.path = path
        self.globals = globals_
        self.answering = True
        self.refusal: str | None = None  # if set, asking for a notification gets this wl_display.error
        self.requests: list[Request] = []
        self.binds: dict[int, str] = {1: "wl_display"}  # object id -> interface
        self.notification: int | None = None
        self._listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self._listener.bind(str(path))
        self._listener.listen(1)
        self._client: socket.socket | None = None
        self._connected = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        try:
            self._client, _ = self._listener.accept()
            self._connected.set()
            wire = WireConnection(self._client)
            while True:
                self._answer(wire.receive())
        except OSError:
            return  # the client went away, the test hung up, or no client ever came

    def _answer(self, message: Message) -> None:
        interface = self.binds.get(message.sender, "?")
        arguments = Arguments(message.payload)
        if (interface, message.opcode) == ("wl_registry", 0):
            name, bound_interface, version, new_id = (arguments.uint(), arguments.string(), arguments.uint(),
                                                      arguments.uint())
            self.requests.append(Request(interface, 0, [name, version, new_id]))
            self.binds[new_id] = bound_interface
            if bound_interface == "wl_seat":
                self.send(encode(new_id, 0, 3))  # capabilities: pointer and keyboard, which the client ignores
            return
        words = [arguments.uint() for _ in range(len(message.payload) // 4)]
        self.requests.append(Request(interface, message.opcode, words))
        if (interface, message.opcode) == ("wl_display", 1):
            self.binds[words[0]] = "wl_registry"
            self.send(*(encode(words[0], 0, index + 1, name, version)
                        for index, (name, version) in enumerate(self.globals)))
        elif (interface, message.opcode) == ("wl_display", 0) and self.answering:
            self.send(encode(words[0], 0, 1), encode(1, 1, words[0]))  # done, then delete_id
        elif interface in ("ext_idle_notifier_v1", "org_kde_kwin_idle"):
            self.notification = words[0]
            if self.refusal is not None:
                self.send(encode(1, 0, message.sender, 1, self.refusal))

    def global_name(self, interface: str) -> int:
        """The registry name this compositor gave ``interface``."""
        return next(index + 1 for index, (name, _) in enumerate(self.globals) if name == interface)

    def object_id(self, interface: str) -> int:
        """The id the client gave the object it bound for ``interface``."""
        return next(object_id for object_id, bound in self.binds.items() if bound == interface)

    def requests_to(self, interface: str) -> list[Request]:
        """The requests the client sent to objects of ``interface``, in order."""
        return [request for request in self.requests if request.interface == interface]

    def send(self, *events: bytes) -> None:
        """Send ``events`` (or any bytes) to the client."""
        self._connected.wait(5)
        assert self._client is not None
        self._client.sendall(b"".join(events))

    def idled(self) -> None:
        assert self.notification is not None
        self.send(encode(self.notification, 0))

    def resumed(self) -> None:
        assert self.notification is not None
        self.send(encode(self.notification, 1))

    def hang_up(self) -> None:
        """Close the client's connection, as a compositor that exits does."""
        self._connected.wait(5)
        assert self._client is not None
        self._client.shutdown(socket.SHUT_RDWR)

    def stop(self) -> None:
        self._listener.close()
        if self._client is not None:
            self._client.close()
        self._thread.join(timeout=5)
