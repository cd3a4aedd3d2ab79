"""The tray port: what the daemon needs from any tray backend."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from deskbreak.requests import Request
from deskbreak.tray._view import TrayView

__all__ = ["OnCommand", "Request", "Tray", "TrayUnavailable"]

OnCommand = Callable[[Request], None]
"""Where menu clicks go (a request of ``deskbreak.requests``): the daemon's callback, which only queues it."""


class TrayUnavailable(Exception):
    """The backend cannot show an icon here; the message says why, in one line."""


class Tray(Protocol):
    """A tray icon showing a ``TrayView``, whose menu sends requests to ``on_command``.

    Threading and call order: the daemon creates the tray, then calls
    ``run()`` on the main thread, which blocks until ``stop()``. ``update()``
    and ``stop()`` may be called from any thread, before, during or after
    ``run()``, and never touch the desktop themselves: the backend hands them
    to the thread inside ``run()`` (AppKit and win32 allow nothing else); a
    ``stop()`` before ``run()`` makes ``run()`` return at once.
    ``on_command`` is called on the thread inside ``run()``; it must only
    enqueue, never block. ``run()`` also returns if the desktop side goes
    away for good (e.g. the session bus closes); the daemon keeps working
    without an icon then.
    """

    @property
    def name(self) -> str:
        """Backend name for logs and ``deskbreak doctor``: "sni", "xorg", "win32", "darwin", "none", "fake"...

        A tray still waiting for a panel says "waiting".
        """
        ...

    @property
    def has_menu(self) -> bool:
        """False where only a click on the icon works (it starts a break) and there is no menu."""
        ...

    def run(self) -> None:
        """Show the icon and serve it until ``stop()``."""
        ...

    def update(self, view: TrayView) -> None:
        """Show ``view`` from now on: tooltip, icon and menu enablement."""
        ...

    def stop(self) -> None:
        """Remove the icon and make ``run()`` return."""
        ...
