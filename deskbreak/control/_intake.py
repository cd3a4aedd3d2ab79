"""The control server's accepting thread: every connection's request line is read here, on one thread.

A thread per connection let any local program hold a thread for as long as
it liked (the read timeout restarted with every byte, so one byte a second
kept it forever) and let a flood of connections start threads until
``Thread.start`` failed, which ended the accept loop for good. Here one
thread reads all connections without blocking, so a slow client costs a
socket and a few bytes, not a thread:

* Each connection has one deadline for its whole request, counted from
  when it was accepted; trickling bytes does not extend it.
* At most ``MAX_WAITING`` connections wait for their request at once. A new
  one past that pushes out the one that has waited longest (it is told the
  daemon is busy): a well-behaved client sends its request as soon as it
  connects, so the oldest waiter is the likeliest to be stalling, and
  turning away the newest instead would let a flood of silent connections
  lock every real command out.
* Only complete requests go on to the workers, through ``dispatch``; when it
  refuses (all busy) the client is told so at once.
* An unexpected error with one connection is logged, answered as an
  internal error, and ends that connection only.
"""

from __future__ import annotations

import contextlib
import logging
import selectors
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass

from deskbreak.control._protocol import (
    MAX_REQUEST_BYTES,
    BadMessage,
    MessageTooLarge,
    RequestReader,
    encode,
    error_answer,
)

__all__ = ["BUSY", "MAX_WAITING", "Intake", "reply_and_close"]

MAX_WAITING = 32
BUSY = "deskbreak is busy with other connections; try again"
_ACCEPT_PAUSE_S = 0.5  # after accept() fails (out of file descriptors): let connections finish first

_log = logging.getLogger("deskbreak.control")

Dispatch = Callable[[socket.socket, bytes], bool]
"""Hands a connection and its request line to the workers; False when none can take it."""


@dataclass(frozen=True, slots=True)
class _Waiting:
    """A connection whose request has not fully arrived, and when it must have."""

    reader: RequestReader
    deadline: float


class Intake:
    """Accepts connections and reads their requests until ``wake`` becomes readable.

    Everything here runs on the one thread that calls ``run``; ``dispatch`` is
    called from it. ``expected_token_line`` is None on the Unix socket.
    """

    def __init__(
        self,
        listener: socket.socket,
        wake: socket.socket,
        dispatch: Dispatch,
        *,
        expected_token_line: bytes | None,
        read_timeout: float,
    ) -> None:
        self._listener = listener
        self._wake = wake
        self._dispatch = dispatch
        self._token_line = expected_token_line
        self._read_timeout = read_timeout
        self._waiting: dict[socket.socket, _Waiting] = {}  # oldest first
        self._selector = selectors.DefaultSelector()
        self._accept_again_at: float | None = None

    def run(self) -> None:
        """Serve until woken; then close every connection still waiting."""
        self._listener.setblocking(False)
        self._selector.register(self._listener, selectors.EVENT_READ)
        self._selector.register(self._wake, selectors.EVENT_READ)
        try:
            while self._serve_ready(self._selector.select(self._until_next_deadline())):
                self._expire(time.monotonic())
        finally:
            for connection in list(self._waiting):
                self._forget(connection).close()
            self._selector.close()

    def _serve_ready(self, ready: list[tuple[selectors.SelectorKey, int]]) -> bool:
        """Handle what ``select`` found ready; False once woken to stop."""
        for key, _ in ready:
            if key.fileobj is self._wake:
                return False
            if key.fileobj is self._listener:
                self._accept_waiting()
            elif isinstance(key.fileobj, socket.socket) and key.fileobj in self._waiting:
                self._guarded(key.fileobj, self._read)
        return True

    def _until_next_deadline(self) -> float | None:
        """How long ``select`` may sleep: until the oldest request is due, or accepting resumes."""
        oldest = next(iter(self._waiting.values()), None)  # every deadline is the same span after arrival
        deadlines = [] if oldest is None else [oldest.deadline]
        if self._accept_again_at is not None:
            deadlines.append(self._accept_again_at)
        return max(0.0, min(deadlines) - time.monotonic()) if deadlines else None

    def _accept_waiting(self) -> None:
        """Take every connection the kernel has queued, and read what each has sent already."""
        while True:
            try:
                connection, _ = self._listener.accept()
            except BlockingIOError:
                return
            except OSError as error:  # EMFILE and the like: the listener stays readable, so pause
                _log.warning("control channel: accept failed (%s); pausing %g s", error, _ACCEPT_PAUSE_S)
                self._selector.unregister(self._listener)
                self._accept_again_at = time.monotonic() + _ACCEPT_PAUSE_S
                return
            self._guarded(connection, self._admit)

    def _admit(self, connection: socket.socket) -> None:
        connection.setblocking(False)
        if len(self._waiting) >= MAX_WAITING:
            reply_and_close(self._forget(next(iter(self._waiting))), BUSY)
        reader = RequestReader(self._token_line, MAX_REQUEST_BYTES)
        self._waiting[connection] = _Waiting(reader, time.monotonic() + self._read_timeout)
        self._selector.register(connection, selectors.EVENT_READ)
        self._read(connection)  # clients send as they connect: most requests are complete already

    def _read(self, connection: socket.socket) -> None:
        """Read what has arrived; pass the request on once whole, or answer what is wrong with it."""
        reader = self._waiting[connection].reader
        try:
            while (line := reader.feed(connection.recv(reader.wanted()))) is None:
                pass
        except BlockingIOError:
            return  # more later
        except BadMessage as error:
            reply_and_close(self._forget(connection), str(error))
        except MessageTooLarge:
            reply_and_close(self._forget(connection), f"request too large (limit {MAX_REQUEST_BYTES} bytes)")
        except OSError:
            self._forget(connection).close()  # the client hung up; nobody to answer
        else:
            if not self._dispatch(self._forget(connection), line):
                reply_and_close(connection, BUSY)

    def _expire(self, now: float) -> None:
        """Answer and drop the connections whose request is overdue; resume accepting when due."""
        overdue = [connection for connection, waiting in self._waiting.items() if waiting.deadline <= now]
        for connection in overdue:
            reply_and_close(self._forget(connection), f"no request within {self._read_timeout:g} s")
        if self._accept_again_at is not None and self._accept_again_at <= now:
            self._accept_again_at = None
            self._selector.register(self._listener, selectors.EVENT_READ)

    def _guarded(self, connection: socket.socket, step: Callable[[socket.socket], None]) -> None:
        """Run ``step``; if it fails, log it, tell the client, and drop only this connection."""
        try:
            step(connection)
        except Exception as error:
            _log.exception("control channel: dropping a connection after an unexpected error")
            with contextlib.suppress(Exception):
                self._forget(connection)
            reply_and_close(connection, f"internal error: {type(error).__name__}: {error}")

    def _forget(self, connection: socket.socket) -> socket.socket:
        """Stop watching ``connection`` (it is the caller's to answer or close)."""
        if self._waiting.pop(connection, None) is not None:
            self._selector.unregister(connection)
        return connection


def reply_and_close(connection: socket.socket, problem: str) -> None:
    """Send a one-line error without blocking (it fits an empty socket buffer), then close."""
    with connection, contextlib.suppress(OSError):
        connection.send(encode(error_answer(problem)))
