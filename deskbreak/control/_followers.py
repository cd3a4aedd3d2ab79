"""Connections that asked to follow the status: ``{"command": "follow"}`` keeps its connection open.

A status bar runs ``deskbreak status --follow --json`` once and reads a line
whenever what it shows changes, instead of asking every few seconds. The
daemon's engine thread calls ``publish`` after each step with the bar's
current line; only a line that differs from the last one is sent. A worker
thread calls ``add`` for a new follower, which first gets the latest line.
Both take one lock, so a follower never misses a change made while it
joined, nor gets a line older than one it already has.

Sending never blocks the engine: each follower's socket is non-blocking,
and one that cannot take a whole line at once (a bar that stopped reading
until its buffer filled) or that hung up is dropped; its command sees the
connection end and exits, and the bar starts it again. At most
``MAX_FOLLOWERS`` are kept, so a runaway script cannot hold the daemon's
file descriptors.
"""

from __future__ import annotations

import contextlib
import socket
import threading
from typing import Any

from deskbreak.control._protocol import encode, error_answer

__all__ = ["MAX_FOLLOWERS", "Followers"]

MAX_FOLLOWERS = 16


class Followers:
    """The open follow connections and the last line sent to them; safe from any thread."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._connections: list[socket.socket] = []
        self._latest: bytes | None = None
        self._closed = False

    def add(self, connection: socket.socket, request: dict[str, Any]) -> None:
        """Answer a follow ``request`` on ``connection`` (closed by the caller) and keep a copy of it open."""
        extra = sorted(set(request) - {"command"})
        if extra:
            return _refuse(connection, f"follow: unexpected {', '.join(extra)}")
        with self._lock:
            if self._closed:
                return _refuse(connection, "deskbreak is stopping")
            self._connections = [follower for follower in self._connections if _still_there(follower)]
            if len(self._connections) >= MAX_FOLLOWERS:
                return _refuse(connection, f"too many followers (limit {MAX_FOLLOWERS}); try again later")
            follower = connection.dup()
            follower.setblocking(False)
            if self._latest is None or _send_whole(follower, self._latest):
                self._connections.append(follower)
            else:
                follower.close()
        return None

    def publish(self, line: dict[str, Any]) -> None:
        """Send ``line`` to every follower if it differs from the last one sent; never blocks or raises."""
        encoded = encode(line)
        with self._lock:
            if encoded == self._latest or self._closed:
                return
            self._latest = encoded
            kept = [follower for follower in self._connections if _send_whole(follower, encoded)]
            for dropped in set(self._connections) - set(kept):
                dropped.close()
            self._connections = kept

    def close(self) -> None:
        """Hang up on every follower (each exits, saying the daemon stopped); later adds are refused."""
        with self._lock:
            self._closed = True
            for follower in self._connections:
                with contextlib.suppress(OSError):
                    follower.shutdown(socket.SHUT_RDWR)
                follower.close()
            self._connections = []


def _still_there(follower: socket.socket) -> bool:
    """Whether the follower's end is still open; one that hung up is closed here.

    Followers send nothing after their request, so a peek finds either
    nothing yet (open) or the end of the stream (gone). Checked when a new
    follower comes, so bars restarted during a long pause, with no line sent
    to find them gone, cannot use up the slots.
    """
    try:
        gone = follower.recv(1, socket.MSG_PEEK) == b""
    except BlockingIOError:
        return True
    except OSError:
        gone = True
    if gone:
        follower.close()
    return not gone


def _send_whole(follower: socket.socket, line: bytes) -> bool:
    """Send ``line`` without blocking; False if it did not all go (the follower is then dropped)."""
    try:
        return follower.send(line) == len(line)
    except OSError:
        return False


def _refuse(connection: socket.socket, problem: str) -> None:
    with contextlib.suppress(OSError):
        connection.sendall(encode(error_answer(problem)))
