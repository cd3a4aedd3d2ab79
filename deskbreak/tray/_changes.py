"""Changes other threads ask of a tray's loop, and the pipe that wakes the loop for them.

Both tray loops (D-Bus and X11) block in ``select`` on their connection and
on this pipe. Any thread may ``note`` a change ("icon", "title", "stop"...);
the loop ``take``s them all at once and carries them out on its own
thread, so a connection is only ever used by one thread, several updates
in a row cost one refresh, and nothing polls.
"""

from __future__ import annotations

import contextlib
import os
import threading
from typing import Any

__all__ = ["NotingHooks", "PendingChanges"]


class PendingChanges:
    """A set of change names plus a wake-up pipe; ``note`` is safe from any thread."""

    def __init__(self) -> None:
        self._read, self._write = os.pipe()
        os.set_blocking(self._read, False)
        os.set_blocking(self._write, False)
        self._lock = threading.Lock()
        self._noted: set[str] = set()
        self._closed = False

    def fileno(self) -> int:
        """The end of the pipe the loop selects on; readable while changes wait."""
        return self._read

    def note(self, change: str) -> None:
        """Ask the loop for ``change``; never blocks, and does nothing once closed."""
        with self._lock:
            if self._closed:
                return
            self._noted.add(change)
            with contextlib.suppress(BlockingIOError):  # a full pipe is wake-up enough
                os.write(self._write, b"\0")

    def take(self) -> frozenset[str]:
        """Every change noted since the last ``take``; loop thread only."""
        with self._lock:
            if self._closed:
                return frozenset()
            with contextlib.suppress(BlockingIOError):
                while os.read(self._read, 4096):
                    pass
            taken, self._noted = frozenset(self._noted), set()
        return taken

    def close(self) -> None:
        """Close the pipe; later notes are dropped. Safe to call twice."""
        with self._lock:
            if not self._closed:
                self._closed = True
                os.close(self._read)
                os.close(self._write)


class NotingHooks:
    """pystray's platform hooks for a tray whose loop does the work: each only notes a change.

    pystray calls these from any thread; mixed in ahead of a pystray Icon,
    they turn every call into a ``note`` for the loop, which runs it later on
    its own thread.
    """

    _changes: PendingChanges
    _want_shown: bool
    _icon_valid: bool

    def _show(self) -> None:
        self._want_shown = True
        self._changes.note("visibility")

    def _hide(self) -> None:
        self._want_shown = False
        self._changes.note("visibility")

    def _update_icon(self) -> None:
        self._icon_valid = True
        self._changes.note("icon")

    def _update_title(self) -> None:
        self._changes.note("title")

    def _stop(self) -> None:
        self._changes.note("stop")

    def _carry_out_noted(self, changes: frozenset[str], platform_icon: Any) -> None:
        """On the loop's thread: run ``platform_icon``'s own hook (pystray's) for each change noted."""
        if "visibility" in changes:
            (platform_icon._show if self._want_shown else platform_icon._hide)(self)
        for change, hook in (("icon", "_update_icon"), ("title", "_update_title"), ("menu", "_update_menu")):
            if change in changes:
                getattr(platform_icon, hook)(self)
