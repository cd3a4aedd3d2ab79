"""One D-Bus connection shared by threads: calls from any thread, each reply handed to its caller.

This replaces jeepney's ``jeepney.io.threading.DBusRouter``, whose receiver
thread a misbehaving peer can kill: mako 1.7 answers ``GetCapabilities``
twice (a reply, then an UnknownMethod error to the same call), and the second
``set_result`` on the caller's future raises InvalidStateError in the
receiver; a reply racing the caller's timeout can raise KeyError there too.
With the receiver gone no call ever gets an answer again (the probe then
fails with ``KeyError``), so the notifier falls back to log-only. Here a
reply that nobody waits for any more is one ignored message.

Threading: one receiver thread, started here, reads every message; method
replies go to the thread waiting in ``call``, signals to ``on_signal``
on the receiver thread, in the order the bus sent them, so ``on_signal``
must only enqueue, and never raise. ``send``/``call`` are safe from any thread
(jeepney's threading connection locks its socket for sending).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any

from jeepney import HeaderFields, MessageFlag, MessageType  # type: ignore[import-untyped]
from jeepney.io.threading import ReceiveStopped  # type: ignore[import-untyped]

from deskbreak.bus._peers import IgnoredMessages

__all__ = ["BusLost", "BusRouter"]

_log = logging.getLogger(__name__)
_REPLIES = (MessageType.method_return, MessageType.error)


class BusLost(ConnectionError):
    """The connection closed or failed, or the router was closed: no reply will come."""


class BusRouter:
    """Routes the messages of one ``jeepney.io.threading.DBusConnection``: replies to callers, the rest onwards."""

    def __init__(self, connection: Any, on_signal: Callable[[Any], None], ignored: IgnoredMessages) -> None:
        self._connection = connection
        self._on_signal = on_signal
        self._ignored = ignored
        self._lock = threading.Lock()
        self._waiting: dict[int, Future[Any]] = {}
        self._ended: str | None = None  # why the receiver stopped, once it has
        self._receiver = threading.Thread(target=self._receive_all, name="dbus-router", daemon=True)
        self._receiver.start()

    def send(self, message: Any) -> None:
        """Send ``message`` and wait for nothing: a call goes flagged NO_REPLY_EXPECTED, so no reply comes back."""
        if message.header.message_type == MessageType.method_call:
            message.header.flags |= MessageFlag.no_reply_expected
        self._connection.send(message)

    def call(self, message: Any, timeout: float) -> Any:
        """Send a method call and return its reply (an error reply too); TimeoutError after ``timeout`` s."""
        serial = next(self._connection.outgoing_serial)
        answer: Future[Any] = Future()
        with self._lock:
            if self._ended is not None:
                raise BusLost(self._ended)
            self._waiting[serial] = answer
        try:
            self._connection.send(message, serial=serial)
            return answer.result(timeout)
        finally:
            with self._lock:
                self._waiting.pop(serial, None)

    def close(self) -> None:
        """Stop the receiver thread (calls still waiting get BusLost); the connection stays open."""
        self._connection.interrupt()
        self._receiver.join(timeout=10)

    def _receive_all(self) -> None:
        """The receiver thread: route every message until ``close`` or until the connection fails."""
        why = "the D-Bus router was closed"
        while True:
            try:
                message = self._connection.receive()
            except ReceiveStopped:
                break
            except Exception as error:  # a lost bus (OSError) or bytes jeepney cannot parse: the stream is over
                why = f"lost the bus connection ({type(error).__name__}: {error})"
                _log.warning("%s", why)
                break
            self._route(message)
        with self._lock:
            self._ended = why
            waiting, self._waiting = self._waiting, {}
        for answer in waiting.values():
            answer.set_exception(BusLost(why))

    def _route(self, message: Any) -> None:
        """Hand a reply to its caller, once; a signal to ``on_signal``; ignore calls (we serve no objects)."""
        kind = message.header.message_type
        if kind == MessageType.signal:
            self._on_signal(message)
            return
        if kind not in _REPLIES:
            self._ignored.note(message, "this connection serves no objects")
            return
        with self._lock:
            answer = self._waiting.pop(message.header.fields.get(HeaderFields.reply_serial, -1), None)
        if answer is None:
            self._ignored.note(message, "no call waits for this reply (a second answer, or one after its timeout)")
        else:
            answer.set_result(message)
