"""Which command starts the daemon from this installation, and the windowless launcher.

Autostart entries point at the installation that wrote them, not at
whatever ``deskbreak`` happens to be first on PATH at login: a session's PATH
often lacks ``~/.local/bin`` or a virtualenv's ``bin``. So the command is the
``deskbreak`` script beside the running interpreter (a venv or pipx install
puts it there), else the interpreter itself with ``-m deskbreak``.
"""

from __future__ import annotations

import sys
import sysconfig
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Launcher", "find_launcher", "run_windowless"]


@dataclass(frozen=True, slots=True)
class Launcher:
    """The command line that runs ``deskbreak run`` from one installation."""

    command: tuple[str, ...]

    @property
    def program(self) -> str:
        """The program file the command starts."""
        return self.command[0]


def find_launcher(platform: str = sys.platform, executable: str = sys.executable,
                  script_dirs: Sequence[Path] | None = None) -> Launcher:
    """The command for this interpreter's installation on ``platform``.

    On Windows it is ``deskbreakw.exe`` (or ``pythonw.exe``), which open no
    console window, so nothing flashes on screen at login.
    """
    windows = platform == "win32"
    script = "deskbreakw.exe" if windows else "deskbreak"
    for directory in script_dirs if script_dirs is not None else _script_dirs(executable):
        candidate = directory / script
        if candidate.is_file():
            return Launcher((str(candidate),) if windows else (str(candidate), "run"))
    python = Path(executable)
    if windows and python.with_name("pythonw.exe").is_file():
        python = python.with_name("pythonw.exe")
    return Launcher((str(python), "-m", "deskbreak", "run"))


def _script_dirs(executable: str) -> list[Path]:
    """Where this interpreter's installs put scripts; its own directory first (venv, pipx).

    The path is not resolved: a venv's python is a symlink to the system one,
    and the scripts live beside the link.
    """
    found = [Path(executable).parent, Path(sysconfig.get_path("scripts"))]
    return list(dict.fromkeys(found))


def run_windowless() -> int:
    """``deskbreak run`` for the ``deskbreakw`` GUI script: the Windows login command.

    Installed as a ``[project.gui-scripts]`` entry point, it runs without a
    console, so stdout and stderr go nowhere; the daemon's log file has
    everything.
    """
    from deskbreak.cli import main

    return main(["run"])
