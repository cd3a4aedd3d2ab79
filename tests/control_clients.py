"""Raw clients of a ``ControlServer``, for tests that speak the wire format by hand."""

from __future__ import annotations

import json
import socket
from typing import Any

from deskbreak.control import ControlServer


def connect_raw(server: ControlServer) -> socket.socket:
    """A client socket to the server that speaks no protocol by itself."""
    if server.path.name.endswith(".sock"):
        connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        address: str | tuple[str, int] = str(server.path)
    else:
        connection = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        address = ("127.0.0.1", json.loads(server.path.read_text())["port"])
    connection.connect(address)  # blocking: a Unix socket's full backlog is waited out, not refused
    connection.settimeout(10)
    return connection


def preamble_of(server: ControlServer) -> bytes:
    """What a connection must send before its request: the token line on loopback, nothing on Unix."""
    if server.path.name.endswith(".sock"):
        return b""
    token: str = json.loads(server.path.read_text())["token"]
    return token.encode() + b"\n"


def read_answer(connection: socket.socket) -> dict[str, Any]:
    """The one answer line, parsed; fails the test if the server hung up without one."""
    line = connection.makefile("rb").readline()
    assert line, "the server hung up without answering"
    answer: dict[str, Any] = json.loads(line)
    return answer
