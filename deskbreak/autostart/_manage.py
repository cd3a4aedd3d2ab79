"""``on``, ``off`` and ``status`` over a platform's backends, with what to tell the user.

``on`` leaves exactly one of our entries (installing the chosen one first,
so a failure keeps the old one); ``off`` removes only ours and names any
entry the user made, which keeps starting deskbreak; ``status`` says which
entries are active and whether one is stale (its program is gone).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from deskbreak.autostart._base import AutostartError, Backend, Entry, Runner, run_command, show_command
from deskbreak.autostart._launchd import LaunchAgent
from deskbreak.autostart._launcher import Launcher
from deskbreak.autostart._systemd import SystemdUnit
from deskbreak.autostart._windows import RunKey, WindowsRegistry
from deskbreak.autostart._xdg import XdgAutostart, xdg_config_home

__all__ = ["Report", "autostart_status", "autostart_summary", "platform_backends", "turn_off", "turn_on"]


@dataclass(frozen=True, slots=True)
class Report:
    """Lines for the user; ``ok`` is False when something needs fixing (exit status 1)."""

    lines: tuple[str, ...]
    ok: bool = True


def platform_backends(runner: Runner = run_command) -> list[Backend]:
    """The ways of starting at login on this system, the one ``on`` uses by default first."""
    if sys.platform == "win32":
        return [RunKey(WindowsRegistry())]
    if sys.platform == "darwin":
        import platformdirs

        log_dir = platformdirs.user_log_path("deskbreak", appauthor=False)
        return [LaunchAgent(Path.home(), log_dir, os.getuid(), runner)]
    config_home = xdg_config_home()
    if sys.platform.startswith("linux"):
        return [XdgAutostart(config_home), SystemdUnit(config_home, runner)]
    return [XdgAutostart(config_home)]


def turn_on(backends: Sequence[Backend], launcher: Launcher, use: str | None = None) -> Report:
    """Install ``use`` (default: the first backend), then, once it is enabled, remove our other entries."""
    chosen = backends[0] if use is None else _named(backends, use)
    lines = chosen.install(launcher)
    installed = chosen.find()
    if installed is None or not installed.enabled:
        return Report(tuple(lines))
    for other in backends:
        entry = other.find() if other is not chosen else None
        if entry is not None and entry.ours:
            lines += other.remove()
    return Report(tuple(lines))


def turn_off(backends: Sequence[Backend]) -> Report:
    """Remove our entries; one the user made stays, and the report says it still starts deskbreak."""
    lines: list[str] = []
    foreign = []
    for backend in backends:
        entry = backend.find()
        if entry is not None and entry.ours:
            lines += backend.remove()
        elif entry is not None:
            foreign.append(entry)
    lines += [f"{entry.location} was not made by deskbreak, so it is left alone and still starts "
              f"{show_command(entry.command)}; remove it yourself" for entry in foreign]
    return Report(tuple(lines or ["autostart was already off"]), ok=not foreign)


def autostart_status(backends: Sequence[Backend], launcher: Launcher) -> Report:
    """Which entries are active, then one line per entry found."""
    entries = _entries(backends)
    lines = [f"autostart: {_which_active(entries)}"]
    ok = True
    for entry in entries:
        note, fine = _note(entry, launcher)
        lines.append(f"  {entry.backend}: {entry.location} {note}")
        ok = ok and fine
    return Report(tuple(lines), ok)


def autostart_summary(backends: Sequence[Backend], launcher: Launcher) -> str:
    """One line for ``deskbreak doctor``: what is active, and the first problem with its fix."""
    try:
        entries = _entries(backends)
    except AutostartError as error:
        return f"cannot tell ({error})"
    active = _which_active(entries)
    for entry in entries:
        note, fine = _note(entry, launcher)
        if not fine:
            return f"{active}; {entry.location} {note}"
    return active


def _entries(backends: Sequence[Backend]) -> list[Entry]:
    return [entry for backend in backends if (entry := backend.find()) is not None]


def _named(backends: Sequence[Backend], name: str) -> Backend:
    for backend in backends:
        if backend.name == name:
            return backend
    available = ", ".join(backend.name for backend in backends)
    raise AutostartError(f"{name} autostart is not available on this system (it has: {available})")


def _which_active(entries: Sequence[Entry]) -> str:
    """"XDG", "systemd", "both (XDG and systemd)" or "none (...how to turn it on)"."""
    active = [entry.backend for entry in entries if entry.enabled]
    if not active:
        return "none (turn it on with: deskbreak autostart on)"
    if len(active) > 1:
        return f"both ({' and '.join(active)}): deskbreak starts twice at login and the second copy exits"
    return active[0]


def _note(entry: Entry, launcher: Launcher) -> tuple[str, bool]:
    """What to say after an entry's location, and whether it is fine as it is."""
    on_command = "deskbreak autostart on --systemd" if entry.backend == SystemdUnit.name else "deskbreak autostart on"
    turn_on_again = f"run `{on_command}` again"
    missing = entry.missing_program
    if missing is not None:
        fix = turn_on_again if entry.ours else "fix or remove it"
        return f"is stale: it points at {missing}, which is gone; {fix}", False
    command = show_command(entry.command) if entry.command else "a command deskbreak cannot read"
    if not entry.ours:
        return f"(made by you, not by deskbreak) starts {command}", True
    if not entry.enabled:
        return f"is not enabled; {turn_on_again} to enable it", False
    if entry.command != launcher.command:
        return f"starts {command}, another installation; `{on_command}` points it at this one", True
    return f"starts {command}", True
