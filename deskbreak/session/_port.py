"""The session-watch port: what the daemon needs to hear suspend, resume, lock and unlock as they happen."""

from __future__ import annotations

from typing import Literal, Protocol

__all__ = ["SessionChange", "SessionWatch", "SessionWatchUnavailable"]

SessionChange = Literal["suspending", "resumed", "locked", "unlocked"]


class SessionWatchUnavailable(Exception):
    """No session watch here; the message is one line saying why (no bus, no logind, no session)."""


class SessionWatch(Protocol):
    """Tells its ``on_change`` callback when the session is suspended, resumed, locked or unlocked.

    Threading and call order: the daemon opens a watch and calls ``listen``
    on one thread it starts for this; ``close`` is called from any other
    thread, any number of times, and makes ``listen`` return promptly. The
    callback runs on the listening thread and must only enqueue.
    """

    locked: bool
    """Whether the session was locked when the watch was opened, so a daemon started behind a lock knows it."""

    def listen(self) -> None:
        """Call the callback for each change until ``close``; SessionWatchUnavailable if the source goes away."""
        ...

    def close(self) -> None:
        """Make ``listen`` return promptly; idempotent."""
        ...
