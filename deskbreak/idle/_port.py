"""The idle-source port: what the daemon needs from any backend."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import timedelta
from typing import Protocol, runtime_checkable

__all__ = ["IdleSource", "IdleUnavailable", "IdleWatch"]


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


@runtime_checkable
class IdleWatch(IdleSource, Protocol):
    """An idle source that says when idleness changes, so nobody has to ask it every few seconds.

    Where the platform offers idle events (X11's XSync alarms, Mutter's idle
    watches, Wayland's idle protocols) the daemon asks for a call at each
    threshold the engine cares about and when input comes back, and
    otherwise wakes only for the engine's own deadlines; it never samples a
    source that lacks ``watch`` any less often.

    Threading: ``watch`` and ``active_for`` are called from the engine
    thread, like ``idle_for``; ``changed`` is called from the source's own
    thread and must only queue a sample.
    """

    def watch(self, thresholds: Sequence[timedelta], changed: Callable[[], None]) -> None:
        """Call ``changed`` when idle time reaches any of ``thresholds``, and when input comes back.

        Input coming back counts after a pause at least as long as the
        smallest threshold; new thresholds replace the ones given before.
        Raises IdleUnavailable if the desktop refuses: the daemon then samples.
        """
        ...

    def active_for(self) -> timedelta:
        """How long input had gone on before the last input, with no pause as long as the smallest threshold.

        Samples are far apart while the user works, and the engine reads a
        long silence between samples as a sleeping machine unless it is told
        that the user was there all along (``IdleSampled.active_for``).
        """
        ...
