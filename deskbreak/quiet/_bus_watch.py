"""A quiet signal kept up to date from D-Bus signals on a thread of its own, so a reading costs nothing.

The D-Bus quiet signals (a notification server's do-not-disturb, gnome-session's
inhibitors) all follow one pattern: subscribe to the signals that announce a
change, read the value once, then read it again only when a change is
announced or the service changes hands. ``BusWatch`` is that loop; a backend
says what to subscribe to (``rules``), how to read the value (``read``) and
which signals concern it (``concerns``). ``busy`` returns what the thread
last saw, or raises the problem it last met; the thread calls ``changed``
(which queues a sample in the daemon) whenever either changes.
"""

from __future__ import annotations

import contextlib
import socket
import threading
from collections import deque
from collections.abc import Callable, Sequence
from typing import Any

from jeepney import HeaderFields, MatchRule, MessageType  # type: ignore[import-untyped]
from jeepney.bus_messages import message_bus  # type: ignore[import-untyped]

from deskbreak.bus import NameOwner
from deskbreak.quiet._bus import call
from deskbreak.quiet._port import QuietUnavailable

__all__ = ["BusWatch"]


class BusWatch:
    """The watching loop; subclasses set ``name``, ``reason`` and implement ``rules`` and ``read``.

    Threading: ``read``, ``concerns``, ``owner_changed`` and ``poll_after``
    run on the watching thread only, which alone uses the connection;
    ``busy`` runs on the daemon's engine thread; ``close`` on any thread.
    """

    name = ""
    reason = ""

    def __init__(self, connection: Any, changed: Callable[[], None], service: str) -> None:
        self._connection = connection
        self._changed = changed
        self._on = False
        self._problem: str | None = None
        self.owner = NameOwner(service)
        self._early: deque[Any] = deque()
        connection.filter(MatchRule(type="signal"), queue=self._early)  # signals that come along with replies
        self._closed = threading.Event()
        self._thread = threading.Thread(target=self._watch, name=f"quiet-{service}", daemon=True)
        self._thread.start()

    def rules(self) -> Sequence[MatchRule]:
        """The signals that announce a change of the value."""
        raise NotImplementedError

    def read(self) -> bool:
        """Read the value now; QuietUnavailable if it cannot be read."""
        raise NotImplementedError

    def concerns(self, message: Any) -> bool:
        """Whether a signal (past ``rules``) means the value may have changed: by default, one from the service."""
        return self.owner.sent(message)

    def owner_changed(self) -> None:
        """The service changed hands (restarted, or replaced by another program)."""

    def poll_after(self) -> float | None:
        """How long to wait for a signal before reading anyway (None: for ever)."""
        return None

    def ask(self, message: Any) -> tuple[Any, ...]:
        """Send a method call from the watching thread; its reply's body, or QuietUnavailable for an error."""
        reply = call(self._connection, message, self.name)
        if reply.header.message_type == MessageType.error:
            raise QuietUnavailable(self.refused(reply.header.fields.get(HeaderFields.error_name, "an error")))
        return tuple(reply.body)

    def refused(self, error_name: str) -> str:
        """The problem an error reply means."""
        return f"{self.name} answered {error_name}"

    def busy(self) -> bool:
        """What the value was when last read; QuietUnavailable if it could not be read."""
        if self._problem is not None:
            raise QuietUnavailable(self._problem)
        return self._on

    def _watch(self) -> None:
        try:
            for rule in self.rules():
                self.ask(message_bus.AddMatch(rule))
            with contextlib.suppress(QuietUnavailable):  # nobody owns the name yet: the first read says so
                self.owner.start(self.ask)
            self._refresh()
            while not self._closed.is_set():
                while self._early:
                    self._take(self._early.popleft())
                try:
                    self._take(self._connection.receive(timeout=self.poll_after()))
                except TimeoutError:
                    self._refresh()
        except (OSError, ValueError, QuietUnavailable) as error:  # the bus is gone, or refused our match rules
            if not self._closed.is_set():
                self._settle(False, f"lost the session bus connection ({error})")

    def _take(self, message: Any) -> None:
        if message.header.message_type != MessageType.signal:
            return
        if self.owner.follow(message):
            self.owner_changed()
            self._refresh()
        elif self.concerns(message):
            self._refresh()

    def _refresh(self) -> None:
        try:
            on = self.read()
        except QuietUnavailable as error:
            self._settle(False, str(error))
        else:
            self._settle(on, None)

    def _settle(self, on: bool, problem: str | None) -> None:
        if (on, problem) != (self._on, self._problem):
            self._on, self._problem = on, problem
            self._changed()

    def close(self) -> None:
        """End the watching thread and close the connection; safe from any thread, and twice."""
        if self._closed.is_set():
            return
        self._closed.set()
        with contextlib.suppress(OSError):  # the bus already hung up: the thread is ending anyway
            self._connection.sock.shutdown(socket.SHUT_RDWR)
        if self._thread is not threading.current_thread():
            self._thread.join(timeout=5)
        self._connection.close()
