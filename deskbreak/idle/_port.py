"""The idle-source port: what the daemon needs from any backend."""

from __future__ import annotations

from datetime import timedelta
from typing import Protocol

__all__ = ["IdleSource", "IdleUnavailable"]


class IdleUnavailable(Exception):
    """The idle time cannot be read; the message says why, in one line.

    Backends raise it while probing (``choose_idle_source`` turns it into a
    ``tried`` line) and from ``idle_for`` when a source that worked stops
    working, so the daemon handles one exception type for both.
    """


class IdleSource(Protocol):
    """How long the user has given no keyboard or pointer input.

    Threading and call order: a source is created, called and closed from
    one thread, the daemon's engine thread, and never shared; backends hold
    an X display or a D-Bus connection that is not safe to share. After
    ``close`` it must not be called again.

    Cost: the daemon reads a source every few seconds, so each ``idle_for``
    must be cheap (well under 10 ms) and must never block for long: D-Bus
    backends wait at most about a second for a reply and then raise
    ``IdleUnavailable`` instead of hanging the engine.
    """

    name: str
    """Backend name shown in logs and ``deskbreak doctor``, e.g. ``"x11"``."""

    def idle_for(self) -> timedelta:
        """Time since the last user input; raises IdleUnavailable if the reading fails."""
        ...

    def close(self) -> None:
        """Release the display or bus connection; safe to call twice."""
        ...
