"""The autostart port: what every platform's mechanism offers, and the pieces they share.

A backend is one way of starting deskbreak at login (an XDG autostart entry,
a systemd user unit, a LaunchAgent, the Windows Run key). Backends are
plain objects used from one thread, one call at a time, only when the user
runs ``deskbreak autostart``: nothing else (loading config, starting the
daemon) ever calls them, so autostart is never changed behind the user's back.
"""

from __future__ import annotations

import os
import shlex
import subprocess
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Protocol

from deskbreak.autostart._launcher import Launcher
from deskbreak.autostart._words import ini_keys

__all__ = [
    "MARKER",
    "AutostartError",
    "Backend",
    "Entry",
    "Ran",
    "Runner",
    "read_ini_keys",
    "refuse_foreign",
    "remove_file",
    "run_command",
    "show_command",
    "turned_on",
    "write_file",
]

MARKER = "X-Deskbreak-Autostart"
"""The key that marks a file as written by ``deskbreak autostart``, so ``off`` removes only those."""


class AutostartError(Exception):
    """Autostart could not be changed; the message says what and where, in one line."""


@dataclass(frozen=True, slots=True)
class Entry:
    """An autostart entry found on this machine.

    ``ours`` is False for an entry the user made themselves: deskbreak reports
    it but never overwrites or removes it. ``enabled`` is False when the entry
    exists but will not run (a systemd unit not enabled, an XDG entry hidden
    in the desktop's settings).
    """

    backend: str
    location: str
    command: tuple[str, ...]
    ours: bool
    enabled: bool = True

    @property
    def missing_program(self) -> str | None:
        """The program this entry starts, if it no longer exists (the install moved or was removed).

        A bare name is looked up on the login session's PATH, which may differ
        from this one's, so it is never called missing. Windows paths count
        as absolute everywhere, so the Run key logic is tested on Linux.
        """
        program = self.command[0] if self.command else ""
        absolute = PurePosixPath(program).is_absolute() or PureWindowsPath(program).is_absolute()
        return program if absolute and not Path(program).exists() else None


class Backend(Protocol):
    """One way of starting deskbreak at login; not thread-safe, one call at a time.

    ``install`` and ``remove`` return what they did as lines for the user
    and raise AutostartError, changing nothing, when an entry of the same
    name is not ours.
    """

    name: str
    """Short name for ``status`` and ``on``: "XDG", "systemd", "LaunchAgent" or "Run key"."""

    def find(self) -> Entry | None:
        """The entry as it is now, ours or not, or None."""
        ...

    def install(self, launcher: Launcher) -> list[str]:
        """Make ``launcher`` start at login; doing it twice changes nothing."""
        ...

    def remove(self) -> list[str]:
        """Remove our entry and whatever ``install`` enabled; nothing if there is none."""
        ...


@dataclass(frozen=True, slots=True)
class Ran:
    """What a helper program (systemctl, launchctl) answered: its exit status and its output."""

    returncode: int
    output: str


Runner = Callable[[Sequence[str]], Ran]
"""Runs a helper program and waits for it; injected so tests need no systemd or macOS."""


def run_command(command: Sequence[str]) -> Ran:
    """Run ``command`` with a time limit; a missing program is exit status 127, as in a shell."""
    try:
        done = subprocess.run(list(command), capture_output=True, text=True, check=False, timeout=30)
    except OSError as error:
        return Ran(127, f"{command[0]}: {error.strerror or error}")
    except subprocess.TimeoutExpired:
        return Ran(124, f"{command[0]} did not answer within 30 s")
    return Ran(done.returncode, (done.stderr or done.stdout).strip())


def write_file(path: Path, content: str | bytes) -> bool:
    """Write ``content`` atomically; False (and no write) if the file already holds exactly that."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    try:
        if path.is_file() and path.read_bytes() == data:
            return False
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f".{path.name}.partial")
        partial.write_bytes(data)
        os.replace(partial, path)
    except OSError as error:
        raise AutostartError(f"cannot write {path}: {error.strerror or error}") from error
    return True


def read_ini_keys(path: Path) -> dict[str, str] | None:
    """The "Group.Key" values of an ini-style file (desktop entry, systemd unit); None if absent."""
    try:
        text = path.read_text("utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as error:
        raise AutostartError(f"cannot read {path}: {error}") from error
    return ini_keys(text)


def remove_file(path: Path) -> None:
    """Delete ``path``; one clear line if that is not allowed."""
    try:
        path.unlink(missing_ok=True)
    except OSError as error:
        raise AutostartError(f"cannot remove {path}: {error.strerror or error}") from error


def show_command(command: Sequence[str]) -> str:
    """``command`` as a user would type it in a shell."""
    return shlex.join(command)


def refuse_foreign(entry: Entry | None) -> None:
    """Stop before touching an entry the user made themselves."""
    if entry is not None and not entry.ours:
        raise AutostartError(f"{entry.location} was not made by deskbreak, so it is left alone; "
                             "remove it yourself if deskbreak should manage autostart")


def turned_on(changed: bool, location: str, command: str) -> str:
    """The line ``install`` reports; saying "already" is how a second ``on`` shows it did nothing."""
    state = "autostart on" if changed else "autostart was already on"
    return f"{state}: {location} starts {command}"
