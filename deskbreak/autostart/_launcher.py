"""Which command starts the daemon from this installation, and the windowless launcher.

Autostart entries point at the installation that wrote them, not at
whatever ``deskbreak`` happens to be first on PATH at login: a session's PATH
often lacks ``~/.local/bin`` or a virtualenv's ``bin``. So the command is the
``deskbreak`` script beside the running interpreter (a venv or pipx install
puts it there), else the interpreter itself with ``-m deskbreak``.
"""

from __future__ import annotations

import io
import logging
import sys
import sysconfig
from collections.abc import Callable, Sequence
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


_KEPT_CHARS = 2000
_MB_ICONWARNING = 0x30


def run_windowless(show: Callable[[str], None] | None = None) -> int:
    """``deskbreak run`` for the ``deskbreakw`` GUI script: the Windows login command.

    Installed as a ``[project.gui-scripts]`` entry point, it runs without a
    console: ``sys.stderr`` is None, and Python drops whatever is printed
    there, such as "deskbreak is already running". So stderr is kept (its
    last ``_KEPT_CHARS`` characters), and if ``run`` fails, shown with
    ``show``: a Windows message box unless a test gives another. ``run``
    logs its own refusals; a crash is logged here.
    """
    from deskbreak.cli import main

    if sys.stderr is not None:  # a console after all (or a terminal on Linux and macOS): nothing is lost
        return main(["run"])
    kept = _Tail()
    sys.stderr = kept
    try:
        status = main(["run"])
    except Exception as error:
        logging.getLogger("deskbreak").exception("deskbreak stopped")
        print(f"deskbreak stopped: {type(error).__name__}: {error}", file=kept)
        status = 1
    finally:
        sys.stderr = None  # as it was
    if status != 0 and kept.getvalue().strip():
        (show or _message_box)(kept.getvalue().strip())
    return status


class _Tail(io.StringIO):
    """Stands in for the missing stderr, keeping only the last ``_KEPT_CHARS`` written."""

    def write(self, text: str) -> int:
        super().write(text)
        if self.tell() > 2 * _KEPT_CHARS:
            last = self.getvalue()[-_KEPT_CHARS:]
            self.seek(0)
            self.truncate()
            super().write(last)
        return len(text)


def _message_box(text: str) -> None:
    """Show ``text`` in a Windows message box (with no console, the one place a person sees it)."""
    if sys.platform == "win32":
        import ctypes

        ctypes.windll.user32.MessageBoxW(None, text, "deskbreak", _MB_ICONWARNING)
