"""Windows: the per-user Run key's value "deskbreak", pointing at the windowless launcher.

The current user's Run key (``RUN_KEY``, under HKEY_CURRENT_USER) needs no
administrator rights, and Windows runs each value at login. The value runs
``deskbreakw.exe`` (a GUI-script entry point), so no console window flashes
up. The registry comes through the small ``Registry`` port, so the logic is
tested on any system with ``FakeRegistry``; ``run_key_command`` is pure.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import PureWindowsPath
from typing import Protocol

from deskbreak.autostart._base import AutostartError, Entry, refuse_foreign, turned_on
from deskbreak.autostart._launcher import Launcher

__all__ = ["RUN_KEY", "VALUE_NAME", "Registry", "RunKey", "WindowsRegistry", "run_key_command"]

RUN_KEY = r"HKCU\Software\Microsoft\Windows\CurrentVersion\Run"
VALUE_NAME = "deskbreak"
_SUBKEY = r"Software\Microsoft\Windows\CurrentVersion\Run"
_OUR_PROGRAMS = {"deskbreakw.exe"}
_PYTHONS = {"pythonw.exe", "python.exe"}


class Registry(Protocol):
    """The string values of the current user's Run key; synchronous, one call at a time.

    Each method raises OSError when Windows refuses, as winreg does.
    """

    def read(self, name: str) -> str | None:
        """The value called ``name``, or None if there is none (or it is not a string)."""
        ...

    def write(self, name: str, value: str) -> None:
        """Create or replace ``name`` as a REG_SZ string."""
        ...

    def delete(self, name: str) -> None:
        """Remove ``name``; nothing if it is not there."""
        ...


class WindowsRegistry:
    """The real Run key, through winreg; only usable on Windows."""

    def read(self, name: str) -> str | None:
        """Read ``name`` from the Run key."""
        if sys.platform != "win32":
            raise OSError("the Windows registry exists only on Windows")
        import winreg

        try:
            with winreg.OpenKey(winreg.HKEY_CURRENT_USER, _SUBKEY) as key:
                value, _kind = winreg.QueryValueEx(key, name)
        except FileNotFoundError:
            return None
        return value if isinstance(value, str) else None

    def write(self, name: str, value: str) -> None:
        """Set ``name`` in the Run key, creating the key if a fresh profile lacks it."""
        if sys.platform != "win32":
            raise OSError("the Windows registry exists only on Windows")
        import winreg

        with winreg.CreateKeyEx(winreg.HKEY_CURRENT_USER, _SUBKEY, 0, winreg.KEY_SET_VALUE) as key:
            winreg.SetValueEx(key, name, 0, winreg.REG_SZ, value)

    def delete(self, name: str) -> None:
        """Delete ``name`` from the Run key."""
        if sys.platform != "win32":
            raise OSError("the Windows registry exists only on Windows")
        import winreg

        try:
            with winreg.OpenKey(winreg.HKEY_CURRENT_USER, _SUBKEY, 0, winreg.KEY_SET_VALUE) as key:
                winreg.DeleteValue(key, name)
        except FileNotFoundError:
            return


def run_key_command(launcher: Launcher) -> str:
    """The Run value for ``launcher``: the program always quoted, so a path with spaces runs."""
    program, *arguments = launcher.command
    return " ".join([f'"{program}"', *([subprocess.list2cmdline(arguments)] if arguments else [])])


class RunKey:
    """The "deskbreak" value of the Run key; it takes effect at the next login."""

    name = "Run key"
    location = f"{RUN_KEY}\\{VALUE_NAME}"

    def __init__(self, registry: Registry) -> None:
        self._registry = registry

    def find(self) -> Entry | None:
        """The value, ours when it runs our launcher."""
        with _registry_errors("read"):
            value = self._registry.read(VALUE_NAME)
        if value is None:
            return None
        command = _split_command(value)
        return Entry(self.name, self.location, command, ours=_is_ours(command))

    def install(self, launcher: Launcher) -> list[str]:
        """Set the value to run ``launcher``, replacing ours but never the user's."""
        refuse_foreign(self.find())
        value = run_key_command(launcher)
        with _registry_errors("write"):
            changed = self._registry.read(VALUE_NAME) != value
            if changed:
                self._registry.write(VALUE_NAME, value)
        return [turned_on(changed, self.location, f"{value} at your next login")]

    def remove(self) -> list[str]:
        """Delete our value; a running daemon keeps running."""
        entry = self.find()
        if entry is None:
            return []
        refuse_foreign(entry)
        with _registry_errors("delete"):
            self._registry.delete(VALUE_NAME)
        return [f"removed {self.location}"]


@contextmanager
def _registry_errors(action: str) -> Iterator[None]:
    try:
        yield
    except OSError as error:
        raise AutostartError(f"cannot {action} {RUN_KEY}\\{VALUE_NAME}: {error}") from error


def _split_command(value: str) -> tuple[str, ...]:
    """Program and arguments as Windows finds them: a quoted program, or up to the first blank."""
    text = value.strip()
    if text.startswith('"'):
        program, _, rest = text[1:].partition('"')
    else:
        program, _, rest = text.partition(" ")
    return (program, *rest.split()) if program else ()


def _is_ours(command: tuple[str, ...]) -> bool:
    """Whether ``command`` is one ``run_key_command`` writes: deskbreakw, or pythonw -m deskbreak."""
    program = PureWindowsPath(command[0]).name.lower() if command else ""
    return program in _OUR_PROGRAMS or (program in _PYTHONS and command[1:3] == ("-m", "deskbreak"))
