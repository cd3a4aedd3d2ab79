"""Busy while a program the user named runs ([quiet] apps), read from /proc (Linux).

``running_programs`` is shared with the call signals, which count a
microphone or camera in use as a call only while one of ``call_apps`` runs.
The kernel keeps a process's name (``comm``) to 15 characters, so names are
compared on their first 15.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from deskbreak.core import Settings
from deskbreak.quiet._port import QuietUnavailable

__all__ = ["NamedApps", "any_running", "open_signal", "running_programs"]

_COMM_LENGTH = 15
_PROC = Path("/proc")


def running_programs(proc: Path = _PROC) -> frozenset[str]:
    """The names of the programs running now, lower case, as the kernel keeps them."""
    names = set()
    for entry in os.scandir(proc):
        if entry.name.isdigit():
            try:
                names.add(Path(entry.path, "comm").read_text(encoding="utf-8", errors="replace").strip().lower())
            except OSError:  # the process ended while we looked
                continue
    return frozenset(names)


def any_running(wanted: Iterable[str], proc: Path = _PROC) -> bool:
    """Whether any program in ``wanted`` runs now."""
    running = running_programs(proc)
    return any(name[:_COMM_LENGTH] in running for name in wanted)


class NamedApps:
    """Busy while any of the named programs runs."""

    name = "processes"
    polled = True  # no event says a program started: asked at every sample
    reason = "app"

    def __init__(self, apps: tuple[str, ...], proc: Path = _PROC) -> None:
        self._apps = apps
        self._proc = proc

    def busy(self) -> bool:
        """Whether one of the apps runs now."""
        try:
            return any_running(self._apps, self._proc)
        except OSError as error:
            raise QuietUnavailable(f"cannot list the running programs in {self._proc}: {error}") from None

    def close(self) -> None:
        """Nothing to release."""


def open_signal(environ: Mapping[str, str], settings: Settings, changed: Callable[[], None]) -> NamedApps:
    """The [quiet] apps signal, where /proc lists the running programs; polled, so ``changed`` goes unused."""
    if not settings.quiet_apps:
        raise QuietUnavailable("no programs named in [quiet] apps")
    if not (_PROC / "self" / "comm").exists():
        raise QuietUnavailable("no /proc to list the running programs in (Linux only)")
    return NamedApps(settings.quiet_apps)
