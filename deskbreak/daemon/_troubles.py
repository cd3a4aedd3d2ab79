"""Parts the daemon is living without for now: told once, listed by ``doctor``, cleared when they heal.

A failing notification server, tray, history or idle source is not a reason
to stop reminding. Each failure is told to the person once when it starts
(a notification where notifications still work, and always the log) and
once more in the log when the part works again; ``deskbreak doctor`` lists
whatever is failing at the moment. Engine thread only.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

__all__ = ["Troubles"]

_log = logging.getLogger("deskbreak")
Tell = Callable[[str, str], None]


class Troubles:
    """What is failing now, by part ("history", "notifications", "tray", "idle"...)."""

    def __init__(self, tell: Tell) -> None:
        self._tell = tell
        self._failing: dict[str, str] = {}
        self.told = 0

    def report(self, part: str, problem: str, consequence: str) -> None:
        """``part`` fails with ``problem``; tell the person (once per episode) what that means for them."""
        if part in self._failing:
            self._failing[part] = problem
            return
        self._failing[part] = problem
        self.told += 1
        self._tell(f"deskbreak: {part} not working", f"{problem}\n{consequence}")

    def clear(self, part: str) -> None:
        """``part`` works again."""
        if self._failing.pop(part, None) is not None:
            _log.warning("%s works again", part)

    def failing(self) -> dict[str, str]:
        """Each failing part and its latest problem, for ``doctor``."""
        return dict(self._failing)
