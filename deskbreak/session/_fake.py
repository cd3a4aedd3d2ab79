"""The fake session watch that ships beside logind's (httpx's MockTransport idea)."""

from __future__ import annotations

import queue
from collections.abc import Callable

from deskbreak.session._port import SessionChange

__all__ = ["FakeSessionWatch"]


class FakeSessionWatch:
    """A session watch a test or a simulation driver speaks for: ``announce`` is logind's signal.

    It keeps the port's threading contract: ``announce`` and ``close`` come
    from any thread, and the callback runs on the thread in ``listen``, in
    the order the changes were announced.
    """

    def __init__(self, on_change: Callable[[SessionChange], None], *, locked: bool = False) -> None:
        self.locked = locked
        self._on_change = on_change
        self._changes: queue.SimpleQueue[SessionChange | None] = queue.SimpleQueue()

    def announce(self, change: SessionChange) -> None:
        """Have ``listen`` hand ``change`` to the callback, as if logind had sent it."""
        self._changes.put(change)

    def listen(self) -> None:
        """Hand each announced change to the callback until ``close``."""
        while (change := self._changes.get()) is not None:
            self._on_change(change)

    def close(self) -> None:
        """Make ``listen`` return once the changes announced before are handed on; idempotent."""
        self._changes.put(None)
