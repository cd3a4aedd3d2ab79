"""macOS: a LaunchAgent, ``~/Library/LaunchAgents/io.github.deskbreak.deskbreak.plist``.

launchd runs it at login (RunAtLoad) and starts it again only after a crash
(KeepAlive with SuccessfulExit false): ``deskbreak quit`` exits 0 and stays
quit, and so does a second daemon started while one runs (``run`` exits 0
when ``deskbreak.started_by`` says launchd started it), or launchd would
start it again every 10 s for ever. ``ThrottleInterval`` spaces the
restarts after real crashes.
``launch_agent_plist`` is pure and tested as exact text; ``launchctl``
comes through an injected runner, so the tests run anywhere.
"""

from __future__ import annotations

import plistlib
from pathlib import Path
from typing import Any
from xml.parsers.expat import ExpatError

from deskbreak.autostart._base import (
    AutostartError,
    Entry,
    Ran,
    Runner,
    refuse_foreign,
    remove_file,
    show_command,
    turned_on,
    write_file,
)
from deskbreak.autostart._launcher import Launcher
from deskbreak.started_by import AUTOSTART_VARIABLE, LAUNCHD

__all__ = ["LABEL", "LaunchAgent", "launch_agent_plist"]

LABEL = "io.github.deskbreak.deskbreak"
"""The job's reverse-DNS label, also the plist's file name."""
_MARKER = ("EnvironmentVariables", AUTOSTART_VARIABLE, LAUNCHD)
"""Marks the plist as ours with a key launchd knows (an environment variable of the daemon)."""
_RESTART_AFTER_S = 30
"""launchd's ThrottleInterval: at least this long between two starts after a crash (its default is 10 s)."""


def launch_agent_plist(launcher: Launcher, log_dir: Path) -> bytes:
    """The agent's property list: run ``launcher`` at login, restart it after a crash only."""
    section, name, value = _MARKER
    return plistlib.dumps({
        "Label": LABEL,
        "ProgramArguments": list(launcher.command),
        "RunAtLoad": True,
        "KeepAlive": {"SuccessfulExit": False},
        "ThrottleInterval": _RESTART_AFTER_S,
        "LimitLoadToSessionType": "Aqua",
        "ProcessType": "Interactive",
        "StandardOutPath": str(log_dir / "launchd.out.log"),
        "StandardErrorPath": str(log_dir / "launchd.err.log"),
        section: {name: value},
    })


class LaunchAgent:
    """The agent in ``home/Library/LaunchAgents``, loaded into the GUI session of ``uid``."""

    name = "LaunchAgent"

    def __init__(self, home: Path, log_dir: Path, uid: int, runner: Runner) -> None:
        self.path = home / "Library" / "LaunchAgents" / f"{LABEL}.plist"
        self._log_dir = log_dir
        self._domain = f"gui/{uid}"
        self._run = runner

    def find(self) -> Entry | None:
        """The plist, ours or not."""
        try:
            content: Any = plistlib.loads(self.path.read_bytes())
        except FileNotFoundError:
            return None
        except (OSError, plistlib.InvalidFileException, ValueError, ExpatError) as error:
            raise AutostartError(f"cannot read {self.path}: {error}") from error
        if not isinstance(content, dict):
            return Entry(self.name, str(self.path), (), ours=False)
        arguments = content.get("ProgramArguments") or [content.get("Program")]
        command = tuple(word for word in arguments if isinstance(word, str)) if isinstance(arguments, list) else ()
        section, name, value = _MARKER
        ours = isinstance(content.get(section), dict) and content[section].get(name) == value
        return Entry(self.name, str(self.path), command, ours=ours, enabled=not content.get("Disabled", False))

    def install(self, launcher: Launcher) -> list[str]:
        """Write the plist and (re)load it, which starts the daemon now as well as at each login."""
        refuse_foreign(self.find())
        try:
            self._log_dir.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise AutostartError(f"cannot create {self._log_dir}: {error.strerror or error}") from error
        changed = write_file(self.path, launch_agent_plist(launcher, self._log_dir))
        line = turned_on(changed, str(self.path), f"{show_command(launcher.command)} at login")
        loaded = self._launchctl("print", self._service).returncode == 0
        if loaded and not changed:
            return [line]
        if loaded:
            self._launchctl("bootout", self._service)
        started = self._launchctl("bootstrap", self._domain, str(self.path))
        if started.returncode != 0 and self._launchctl("load", "-w", str(self.path)).returncode != 0:
            return [line, f"launchctl could not load it now ({started.output}); it starts at your next login"]
        return [line, f"loaded {LABEL}: deskbreak is running"]

    def remove(self) -> list[str]:
        """Unload the agent (stopping the daemon it started) and delete the plist."""
        entry = self.find()
        if entry is None:
            return []
        refuse_foreign(entry)
        lines = []
        if self._launchctl("bootout", self._service).returncode == 0 or (
                self._launchctl("unload", "-w", str(self.path)).returncode == 0):
            lines.append(f"unloaded {LABEL}")
        remove_file(self.path)
        return [*lines, f"removed {self.path}"]

    @property
    def _service(self) -> str:
        return f"{self._domain}/{LABEL}"

    def _launchctl(self, *arguments: str) -> Ran:
        return self._run(["launchctl", *arguments])
