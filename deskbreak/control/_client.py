"""The CLI's end of the control channel: one request, one answer (or, following, a line per change).

Every failure becomes a one-line ControlError the CLI can print, and
"nobody is listening" gets its own DaemonNotRunning so ``deskbreak status``
can say so plainly.
"""

from __future__ import annotations

import contextlib
import socket
import time

from deskbreak.control._errors import ControlError, DaemonNotRunning, DaemonStopped
from deskbreak.control._paths import PORT_NAME, SOCKET_NAME, Transport, default_transport, runtime_dir
from deskbreak.control._portfile import read_port_file
from deskbreak.control._protocol import (
    MAX_ANSWER_BYTES,
    BadMessage,
    MessageTooLarge,
    decode_object,
    encode,
    read_line,
    token_line,
)

__all__ = ["follow_status", "send_request"]

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing on the CLI's path
if TYPE_CHECKING:
    from collections.abc import Iterator
    from typing import Any

_RETRY_CONNECT_S = 0.01


def send_request(
    request: dict[str, Any], timeout: float = 5.0, *, transport: Transport | None = None
) -> dict[str, Any]:
    """Send ``{"command": ..., ...}`` to the running daemon and return its answer.

    Raises DaemonNotRunning when nobody listens (no socket, or one a crashed
    daemon left), ControlError when the answer is bad or later than
    ``timeout`` seconds. ``transport`` is for tests; the platform's default
    is right otherwise.
    """
    connection, preamble, where = _open(transport, timeout)
    with connection:
        return _exchange(connection, preamble + encode(request), where, timeout)


def follow_status(timeout: float = 5.0, *, transport: Transport | None = None) -> Iterator[dict[str, Any]]:
    """Yield the daemon's bar line now and again each time it changes, for as long as the daemon runs.

    Raises DaemonNotRunning when nobody listens, DaemonStopped when the
    daemon hangs up (it stopped, or dropped a follower that stopped
    reading), ControlError when it refuses the request or sends something
    bad. Connecting is bounded by ``timeout``; waiting for a change is not.
    """
    connection, preamble, where = _open(transport, timeout)
    with connection, connection.makefile("rb") as lines:
        try:
            connection.sendall(preamble + encode({"command": "follow"}))
            connection.settimeout(None)
            while line := lines.readline(MAX_ANSWER_BYTES + 1):
                yield _follow_line(line, where)
        except OSError as error:
            raise ControlError(f"lost the connection to deskbreak ({where}): {error.strerror or error}") from None
    raise DaemonStopped(where)


def _follow_line(line: bytes, where: str) -> dict[str, Any]:
    """One line a follower got: the bar's line, or the daemon's refusal as a ControlError."""
    if not line.endswith(b"\n"):
        raise ControlError(f"deskbreak sent a cut-off or oversized line ({where})")
    try:
        answer = decode_object(line, "answer")
    except BadMessage as error:
        raise ControlError(f"deskbreak sent a bad answer: {error} ({where})") from None
    if answer.get("ok") is False:
        raise ControlError(str(answer.get("error", "the daemon refused to be followed")))
    return answer


def _open(transport: Transport | None, timeout: float) -> tuple[socket.socket, bytes, str]:
    """Connect to the daemon: the socket, what to send before the request, and where it is (for messages)."""
    directory = runtime_dir()
    if (transport or default_transport()) == "unix":
        where = str(directory / SOCKET_NAME)
        return _connect(socket.AF_UNIX, where, where, timeout), b"", where
    port_file = directory / PORT_NAME
    try:
        port, token = read_port_file(port_file)
    except FileNotFoundError:
        raise DaemonNotRunning(str(port_file)) from None
    where = f"127.0.0.1:{port}"
    return _connect(socket.AF_INET, ("127.0.0.1", port), where, timeout), token_line(token), where


def _connect(
    family: socket.AddressFamily, address: str | tuple[str, int], where: str, timeout: float
) -> socket.socket:
    connection = socket.socket(family, socket.SOCK_STREAM)
    connection.settimeout(timeout)
    try:
        _connect_within(connection, address, timeout)
    except (FileNotFoundError, ConnectionRefusedError):
        connection.close()
        raise DaemonNotRunning(where) from None
    except TimeoutError:
        connection.close()
        raise ControlError(f"deskbreak did not take the connection within {timeout:g} s ({where})") from None
    except OSError as error:
        connection.close()
        raise ControlError(f"cannot reach deskbreak at {where}: {error.strerror or error}") from None
    return connection


def _connect_within(connection: socket.socket, address: str | tuple[str, int], timeout: float) -> None:
    """Connect, waiting out a full queue of connections until ``timeout``.

    A TCP connect waits by itself, but a Unix socket whose daemon has not yet
    accepted the connections queued before ours (a burst of other clients)
    refuses a timed connect at once with EAGAIN; so try again, briefly, until
    it is taken or the time is up (TimeoutError).
    """
    give_up_at = time.monotonic() + timeout
    while True:
        try:
            connection.connect(address)
        except BlockingIOError:
            if time.monotonic() >= give_up_at:
                raise TimeoutError from None
            time.sleep(_RETRY_CONNECT_S)
        else:
            return


def _exchange(connection: socket.socket, payload: bytes, where: str, timeout: float) -> dict[str, Any]:
    try:
        # The daemon may answer "too large" and hang up before reading all of it; its answer still counts.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            connection.sendall(payload)
        line = read_line(connection, MAX_ANSWER_BYTES)
    except TimeoutError:
        raise ControlError(f"deskbreak did not answer within {timeout:g} s ({where})") from None
    except MessageTooLarge:
        raise ControlError(f"deskbreak's answer is over {MAX_ANSWER_BYTES} bytes ({where})") from None
    except OSError as error:
        raise ControlError(f"lost the connection to deskbreak ({where}): {error.strerror or error}") from None
    if not line:
        raise ControlError(f"deskbreak hung up without answering ({where})")
    try:
        return decode_object(line, "answer")
    except BadMessage as error:
        raise ControlError(f"deskbreak sent a bad answer: {error} ({where})") from None
