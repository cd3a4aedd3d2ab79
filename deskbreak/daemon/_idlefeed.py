"""The shell's side of the idle source: reading it, and asking a watching one for its events.

Kept apart from ``Shell`` so that the rules of when to trust a watch live
in one place: a source is watched (``watching``) only if it is an
``IdleWatch``, the daemon gave a ``wake`` for it to call, the desktop took
the thresholds, and its last reading worked; otherwise the shell samples it.
Called from the engine thread only.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta

from deskbreak.core import Settings
from deskbreak.daemon._troubles import Troubles
from deskbreak.idle import IdleSource, IdleUnavailable, IdleWatch

__all__ = ["IdleFeed"]

_log = logging.getLogger("deskbreak")


class IdleFeed:
    """Reads the idle source for the shell; see the module docstring."""

    def __init__(self, troubles: Troubles, wake: Callable[[], None] | None) -> None:
        self._troubles = troubles
        self._wake = wake
        self._failing = False
        self._refused = False

    def watch(self, source: IdleSource, settings: Settings) -> None:
        """Ask a watching source for a call at the engine's thresholds (again, after a settings change)."""
        if self._wake is None or not isinstance(source, IdleWatch):
            return
        try:
            source.watch((settings.away_after, settings.natural_break), self._wake)
            self._refused = False
        except IdleUnavailable as error:
            _log.warning("idle changes cannot be watched (%s); idle time is sampled instead", error)
            self._refused = True

    def watching(self, source: IdleSource) -> bool:
        """Whether ``source`` tells of its changes itself, so nobody need sample it."""
        return self._wake is not None and isinstance(source, IdleWatch) and not (self._failing or self._refused)

    def read(self, source: IdleSource) -> tuple[timedelta, timedelta]:
        """Idle time, and how long input had gone on before it (known only to a watching source).

        A failing source counts as a user at the keyboard, and says so once.
        """
        try:
            idle = source.idle_for()
            active = source.active_for() if isinstance(source, IdleWatch) else timedelta(0)
        except IdleUnavailable as error:
            self._troubles.report("idle", str(error), "You count as present at the keyboard until it works again.")
            self._failing = True
            return timedelta(0), timedelta(0)
        self._troubles.clear("idle")
        self._failing = False
        return idle, active
