"""The quiet-signal port: one way of telling that the user is busy (presenting, in a call, do-not-disturb).

Threading and call order: ``busy`` is called from the daemon's engine
thread only, at each idle sample and whenever a signal reports a change;
``close`` once, from that thread too. A signal that watches (D-Bus
signals, a long-running helper) does so on its own thread and calls the
``changed`` callback it was opened with, which only queues a sample: the
answer is still read through ``busy`` on the engine thread. A signal
nothing watches (it is only asked) says so with a true ``polled``
attribute, so the daemon keeps sampling while it is in use.

Cost: ``busy`` runs every few seconds, so it must be cheap and never block
for long (D-Bus calls wait at most about a second, then raise).
"""

from __future__ import annotations

from typing import Protocol

__all__ = ["QuietSignal", "QuietUnavailable"]


class QuietUnavailable(Exception):
    """The signal cannot be read here, or stopped working; the message says why, in one line."""


class QuietSignal(Protocol):
    """One source of "the user is busy"."""

    name: str
    """Backend name for logs and ``deskbreak doctor``, e.g. ``"dunst"``."""

    reason: str
    """What the user is busy with, as status and the tray say it: "fullscreen", "do not disturb"..."""

    def busy(self) -> bool:
        """Whether the user is busy now; raises QuietUnavailable if the reading fails."""
        ...

    def close(self) -> None:
        """Release what the signal holds; safe to call twice."""
        ...
