"""The window's sense of time: when it is, and "call me back in ms".

The view never reads ``time.time`` or Tk's timer itself; it is handed a
``Clock``. In production that is ``TkClock`` (wall-clock epoch seconds,
because the daemon's deadlines are epoch seconds, and Tk's ``after``).
``ManualClock`` is moved by ``set`` alone and runs every callback that falls
due on the way, like trio's MockClock, so tests and the
``DESKBREAK_WINDOW_CLOCK=stdin`` hook jump straight to the moment they want.
Both are used from the Tk thread only.
"""

from __future__ import annotations

import heapq
import itertools
import time

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing into the window process
if TYPE_CHECKING:
    import tkinter as tk
    from collections.abc import Callable
    from typing import Protocol
else:
    Protocol = object  # the type checker's typing.Protocol; at run time ``Clock`` only documents the shape

__all__ = ["Clock", "ManualClock", "TkClock"]


class Clock(Protocol):
    """Time in epoch seconds and a one-shot timer, both on the Tk thread."""

    def now(self) -> float:
        """The current time in epoch seconds."""
        ...

    def after(self, ms: int, callback: Callable[[], None]) -> None:
        """Call ``callback`` once, ``ms`` milliseconds from now."""
        ...


class TkClock:
    """The real clock: ``time.time`` and the Tk event loop's timer."""

    def __init__(self, root: tk.Misc) -> None:
        self._root = root

    def now(self) -> float:
        """The wall clock, the same time base as the daemon's deadlines."""
        return time.time()

    def after(self, ms: int, callback: Callable[[], None]) -> None:
        """Let Tk call ``callback`` from its event loop."""
        self._root.after(ms, callback)


class ManualClock:
    """A clock that stands still until ``set`` moves it."""

    def __init__(self, start: float) -> None:
        self._now = start
        self._order = itertools.count()
        self._waiting: list[tuple[float, int, Callable[[], None]]] = []

    def now(self) -> float:
        """The time ``set`` last gave."""
        return self._now

    def after(self, ms: int, callback: Callable[[], None]) -> None:
        """Remember ``callback`` until the clock reaches now + ``ms``."""
        heapq.heappush(self._waiting, (self._now + ms / 1000, next(self._order), callback))

    def set(self, now: float) -> None:
        """Move to ``now`` and run, in time order, every callback due by then."""
        self._now = now
        while self._waiting and self._waiting[0][0] <= now:
            _, _, callback = heapq.heappop(self._waiting)
            callback()
