"""pystray's platform hooks for backends whose loop belongs to the operating system (win32, darwin).

AppKit must only be touched on the main thread, and a win32 menu must not be
destroyed while ``TrackPopupMenuEx`` shows it, yet pystray's win32 and
darwin icons run each hook (``_update_icon``, ``_update_title``,
``_update_menu``...) on whichever thread sets ``icon.title`` or calls
``update_menu()``: the daemon's engine thread, or pystray's setup thread.
Here, as for the SNI and XEmbed icons, a hook only notes its change; the
backend then wakes its loop (a message posted to the icon's window, a call
queued on the AppKit run loop), and the loop carries out every noted change
with pystray's own hook, on its own thread.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from deskbreak.tray._changes import NotingHooks, PendingChanges

__all__ = ["LoopHooks", "WakingChanges"]


class WakingChanges(PendingChanges):
    """``PendingChanges`` that also call ``wake`` after each note, for a loop that does not select on the pipe."""

    def __init__(self, wake: Callable[[], None]) -> None:
        super().__init__()
        self._wake = wake

    def note(self, change: str) -> None:
        """Note ``change``, then wake the loop; any thread, never blocks on the loop."""
        super().note(change)
        self._wake()


class LoopHooks(NotingHooks):
    """NotingHooks plus the menu, and ``_carry_out``, which the loop runs to apply what was noted.

    Mixed in ahead of a pystray Icon; ``PLATFORM_ICON`` is that Icon class,
    whose own hooks make the platform calls.
    """

    PLATFORM_ICON: ClassVar[Any]

    def _update_menu(self) -> None:
        self._changes.note("menu")

    def _carry_out(self) -> None:
        """On the loop's thread: run pystray's own hook for each change noted since the last time."""
        changes = self._changes.take()
        if "stop" in changes:
            self.PLATFORM_ICON._stop(self)
            return
        self._carry_out_noted(changes, self.PLATFORM_ICON)
