"""Linux with systemd: a user unit, ``$XDG_CONFIG_HOME/systemd/user/deskbreak.service``.

The unit belongs to ``graphical-session.target``, which GNOME and KDE Plasma
start with the session and stop at logout; other desktops never reach it,
so the XDG entry stays the default. The unit restarts the daemon after a
crash, which an XDG entry cannot. ``systemd_unit`` is pure and tested as
exact text; ``systemd-analyze verify`` accepts it.
"""

from __future__ import annotations

from pathlib import Path

from deskbreak.autostart._base import (
    MARKER,
    AutostartError,
    Entry,
    Ran,
    Runner,
    read_ini_keys,
    refuse_foreign,
    remove_file,
    show_command,
    turned_on,
    write_file,
)
from deskbreak.autostart._launcher import Launcher
from deskbreak.autostart._words import QuoteError, join_words, split_words

__all__ = ["UNIT_NAME", "SystemdUnit", "exec_start", "systemd_unit"]

UNIT_NAME = "deskbreak.service"
_ENABLE = f"systemctl --user enable --now {UNIT_NAME}"


def exec_start(command: tuple[str, ...]) -> str:
    """``command`` as an ExecStart value; words with blanks or quotes are quoted.

    ``%`` is doubled everywhere, ``$`` only in the arguments: systemd expands
    variables in those but not in the program's path.
    """
    if any(character in word for word in command for character in "\n\r"):
        raise AutostartError(f"a line break in {command!r} cannot be written into a systemd unit")
    program, *arguments = (word.replace("%", "%%") for word in command)
    words = [program, *(word.replace("$", "$$") for word in arguments)]
    return join_words(words, " \t\"'\\;", '"\\')


def systemd_unit(launcher: Launcher) -> str:
    """The user unit that runs ``launcher`` in the graphical session, marked as ours."""
    return (
        "[Unit]\n"
        "Description=deskbreak break reminder\n"
        "PartOf=graphical-session.target\n"
        "After=graphical-session.target\n"
        f"{MARKER}=true\n"
        "\n"
        "[Service]\n"
        "Type=exec\n"
        f"ExecStart={exec_start(launcher.command)}\n"
        "Restart=on-failure\n"
        "RestartSec=10\n"
        "\n"
        "[Install]\n"
        "WantedBy=graphical-session.target\n"
    )


class SystemdUnit:
    """The user unit, enabled through ``systemctl --user`` when a user manager runs."""

    name = "systemd"

    def __init__(self, config_home: Path, runner: Runner) -> None:
        self.path = config_home / "systemd" / "user" / UNIT_NAME
        self._wants = self.path.parent / "graphical-session.target.wants" / UNIT_NAME
        self._run = runner

    def find(self) -> Entry | None:
        """The unit, ours or not; enabled when ``systemctl enable`` linked it into the target."""
        keys = read_ini_keys(self.path)
        if keys is None:
            return None
        return Entry(self.name, str(self.path), _command(keys.get("Service.ExecStart", "")),
                     ours=keys.get(f"Unit.{MARKER}") == "true", enabled=self._wants.is_symlink())

    def install(self, launcher: Launcher) -> list[str]:
        """Write the unit, then enable and start it, or say how to when no user manager answers."""
        refuse_foreign(self.find())
        changed = write_file(self.path, systemd_unit(launcher))
        lines = [turned_on(changed, str(self.path), f"{show_command(launcher.command)} with your graphical session")]
        reload = self._systemctl("daemon-reload")
        if reload.returncode != 0:
            return [*lines, f"no systemd user manager answered ({reload.output}); to enable the unit, run: {_ENABLE}"]
        enabled = self._systemctl("enable", "--now", UNIT_NAME)
        if enabled.returncode != 0:
            raise AutostartError(f"wrote {self.path}, but `{_ENABLE}` failed: {enabled.output}")
        return [*lines, f"enabled and started {UNIT_NAME}"]

    def remove(self) -> list[str]:
        """Stop and disable the unit, then delete it and the link ``enable`` made."""
        entry = self.find()
        if entry is None:
            return []
        refuse_foreign(entry)
        lines = []
        if self._systemctl("disable", "--now", UNIT_NAME).returncode == 0:
            lines.append(f"stopped and disabled {UNIT_NAME}")
        if self._wants.is_symlink():
            remove_file(self._wants)
        remove_file(self.path)
        self._systemctl("daemon-reload")
        return [*lines, f"removed {self.path}"]

    def _systemctl(self, *arguments: str) -> Ran:
        return self._run(["systemctl", "--user", *arguments])


def _command(value: str) -> tuple[str, ...]:
    """The command of an ExecStart value, its prefixes (``-``, ``@``...) dropped; () if unreadable."""
    try:
        words = [word.replace("%%", "%") for word in split_words(value)]
    except QuoteError:
        return ()
    if not words:
        return ()
    return (words[0].lstrip("-@:+!|"), *(word.replace("$$", "$") for word in words[1:]))
