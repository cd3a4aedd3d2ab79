"""The Wayland wire protocol, as much of it as an idle client needs, spoken over the socket itself.

The idle backend needs four requests (sync, get_registry, bind and the idle
manager's one) and five events (error, global, done, idled, resumed), so it
speaks the wire format directly instead of loading libwayland-client through
pywayland (the README's "Why these libraries" has the measurements). The
format, from the "Wire Format" section of the Wayland protocol documentation
(opcodes and arguments come from each protocol's XML):

- a message starts with two 32-bit words in the host's byte order: the
  object id, then the message size in bytes (header included) in the upper
  16 bits and the opcode in the lower 16;
- ``uint``, ``int``, ``object`` and ``new_id`` arguments are one word; a
  ``string`` is one word holding its length including the NUL, then the
  bytes and the NUL, padded with zeros to a multiple of 4.

The idle client binds no keyboard and no shared memory, so no file
descriptors ever travel, and plain ``send``/``recv`` are enough.
"""

from __future__ import annotations

import contextlib
import os
import socket
import struct
from collections.abc import Mapping
from dataclasses import dataclass

from deskbreak.idle._port import IdleUnavailable

__all__ = ["Arguments", "Message", "WireConnection", "encode", "socket_path"]

_WORD = struct.Struct("=I")
_HEADER = struct.Struct("=II")
_RECEIVE_BYTES = 4096


@dataclass(frozen=True, slots=True)
class Message:
    """One event as it came off the wire: who sent it, which event, its raw arguments."""

    sender: int
    opcode: int
    payload: bytes


def encode(object_id: int, opcode: int, *arguments: int | str) -> bytes:
    """One request on ``object_id``: ints are uint/object/new_id words, strs are strings."""
    body = b"".join(_encode_argument(argument) for argument in arguments)
    return _HEADER.pack(object_id, (_HEADER.size + len(body)) << 16 | opcode) + body


def _encode_argument(argument: int | str) -> bytes:
    if isinstance(argument, int):
        return _WORD.pack(argument)
    text = argument.encode() + b"\0"
    return _WORD.pack(len(text)) + text + bytes(-len(text) % 4)


class Arguments:
    """Reads an event's arguments in order; ValueError if the payload is shorter than they say."""

    def __init__(self, payload: bytes) -> None:
        self._payload = payload
        self._offset = 0

    def uint(self) -> int:
        """The next word as an unsigned integer (also how object ids and new ids travel)."""
        if self._offset + _WORD.size > len(self._payload):
            raise ValueError("a Wayland event ended before its arguments did")
        (value,) = _WORD.unpack_from(self._payload, self._offset)
        self._offset += _WORD.size
        return int(value)

    def string(self) -> str:
        """The next string, without its NUL ("" for a null string, sent as length 0)."""
        length = self.uint()
        if length == 0:
            return ""
        end = self._offset + length
        if end > len(self._payload):
            raise ValueError("a Wayland event has a string longer than the event")
        text = self._payload[self._offset:end - 1].decode(errors="replace")
        self._offset = end + -length % 4
        return text


def socket_path(environ: Mapping[str, str]) -> str:
    """Where the compositor listens, found as libwayland-client finds it."""
    display = environ.get("WAYLAND_DISPLAY", "")
    if not display:
        raise IdleUnavailable("no WAYLAND_DISPLAY set")
    if display.startswith("/"):
        return display
    runtime_dir = environ.get("XDG_RUNTIME_DIR", "")
    if not runtime_dir:
        raise IdleUnavailable(f"XDG_RUNTIME_DIR is not set, so WAYLAND_DISPLAY {display!r} cannot be found")
    return os.path.join(runtime_dir, display)


class WireConnection:
    """A client's socket to the compositor: requests out, whole events in."""

    def __init__(self, connection: socket.socket) -> None:
        self._socket = connection
        self._received = bytearray()

    @classmethod
    def connect(cls, path: str, timeout_s: float) -> WireConnection:
        """Connect to the compositor at ``path``; every later wait is bounded by ``timeout_s``."""
        connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM | socket.SOCK_CLOEXEC)
        connection.settimeout(timeout_s)
        try:
            connection.connect(path)
        except OSError as exc:
            connection.close()
            raise IdleUnavailable(f"cannot connect to the Wayland compositor at {path} ({exc.strerror})") from None
        return cls(connection)

    def wait_forever(self) -> None:
        """Let ``receive`` block without a time limit, for a thread that only listens."""
        self._socket.settimeout(None)

    def send(self, *requests: bytes) -> None:
        """Write ``requests`` in one go; OSError if the compositor has gone."""
        self._socket.sendall(b"".join(requests))

    def receive(self) -> Message:
        """The next whole event, waiting for it if it has not all arrived; what follows stays buffered.

        Raises ConnectionError when the compositor closes the connection (or
        ``wake`` was called), TimeoutError after the connection's time limit,
        and ValueError for a header no compositor would send.
        """
        while (message := self._take_one()) is None:
            chunk = self._socket.recv(_RECEIVE_BYTES)
            if not chunk:
                raise ConnectionError("the Wayland compositor closed the connection")
            self._received += chunk
        return message

    def _take_one(self) -> Message | None:
        """Take the first event off what was received, if all of it is there."""
        if len(self._received) < _HEADER.size:
            return None
        sender, size_and_opcode = _HEADER.unpack_from(self._received)
        size = size_and_opcode >> 16
        if size < _HEADER.size:
            raise ValueError(f"a Wayland event claims a size of {size} bytes")
        if len(self._received) < size:
            return None
        message = Message(sender, size_and_opcode & 0xFFFF, bytes(self._received[_HEADER.size:size]))
        del self._received[:size]
        return message

    def wake(self) -> None:
        """Make a ``receive`` blocked on another thread return at once, with ConnectionError.

        Shutting the socket down makes it readable at end-of-file, where
        closing it from another thread would not wake the reader reliably.
        """
        with contextlib.suppress(OSError):  # already disconnected: that has woken the reader
            self._socket.shutdown(socket.SHUT_RDWR)

    def close(self) -> None:
        """Release the socket; call ``wake`` first and wait for any reader to stop."""
        self._socket.close()
