"""The tray used when no backend works: no icon, the daemon carries on without one."""

from __future__ import annotations

import threading

from deskbreak.tray._view import TrayView

__all__ = ["NoTray"]


class NoTray:
    """Shows nothing; ``run()`` just waits for ``stop()``, so the daemon's main thread stays put.

    Reminders still come as notifications, and the CLI still drives the
    daemon, so a missing tray costs the user the icon and its menu only.
    """

    name = "none"
    has_menu = False

    def __init__(self) -> None:
        self._stopped = threading.Event()

    def run(self) -> None:
        """Block until ``stop()`` (at once if it was already called)."""
        self._stopped.wait()

    def update(self, view: TrayView) -> None:
        """Nothing to show it on."""

    def stop(self) -> None:
        """Let ``run()`` return."""
        self._stopped.set()
