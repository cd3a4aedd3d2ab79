"""The control channel's errors, each a single line the CLI can print as it is.

They share one base class so ``deskbreak status`` and friends can catch
``ControlError`` once and print it, never a traceback.
"""

from __future__ import annotations

__all__ = ["AlreadyRunning", "ControlError", "DaemonNotRunning", "DaemonStopped", "UnsafeRuntimeDir"]


class ControlError(Exception):
    """Talking to, or running, the control channel failed; the message is one line."""


class DaemonNotRunning(ControlError):
    """Nobody listens: no socket or port file, or one a crashed daemon left behind."""

    def __init__(self, where: str) -> None:
        super().__init__(f"deskbreak is not running (no daemon at {where})")
        self.where = where


class DaemonStopped(ControlError):
    """The daemon hung up on a follower: it stopped (or dropped a follower that stopped reading)."""

    def __init__(self, where: str) -> None:
        super().__init__(f"deskbreak stopped (the daemon at {where} hung up)")
        self.where = where


class AlreadyRunning(ControlError):
    """Another live process holds the instance lock; ``pid`` is None if it has not written it yet."""

    def __init__(self, pid: int | None) -> None:
        shown = "" if pid is None else f" (pid {pid})"
        super().__init__(f"deskbreak is already running{shown}")
        self.pid = pid


class UnsafeRuntimeDir(ControlError):
    """The runtime directory exists but other users could reach or replace what is in it."""
