"""Linux and BSD desktops: an XDG autostart entry, ``$XDG_CONFIG_HOME/autostart/deskbreak.desktop``.

Every desktop that follows the freedesktop Desktop Application Autostart
spec (GNOME, KDE, Xfce, Cinnamon, MATE, LXQt) runs the entry's Exec line
when the session starts. ``desktop_entry`` is pure and tested as exact text.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from deskbreak.autostart._base import (
    MARKER,
    Entry,
    read_ini_keys,
    refuse_foreign,
    remove_file,
    show_command,
    turned_on,
    write_file,
)
from deskbreak.autostart._launcher import Launcher
from deskbreak.autostart._words import QuoteError, join_words, split_words

__all__ = ["XdgAutostart", "desktop_entry", "exec_command", "exec_value", "xdg_config_home"]

_RESERVED = " \t\n\r\"'\\><~|&;$*?#()`"
"""Characters that force a word of an Exec line into double quotes (Desktop Entry spec, "The Exec key")."""
_GROUP = "Desktop Entry"
_STRING_ESCAPES = {"s": " ", "n": "\n", "t": "\t", "r": "\r", "\\": "\\"}
_FIELD_CODE = re.compile(r"%[fFuUdDnNickvm]")


def xdg_config_home() -> Path:
    """$XDG_CONFIG_HOME when it is an absolute path (the spec says to ignore others), else ~/.config."""
    configured = os.environ.get("XDG_CONFIG_HOME", "")
    return Path(configured) if os.path.isabs(configured) else Path.home() / ".config"


def exec_value(command: tuple[str, ...]) -> str:
    """``command`` as the value of an Exec key: quoted, ``%`` doubled, then string-escaped."""
    line = join_words([word.replace("%", "%%") for word in command], _RESERVED, '"`$\\')
    return line.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t").replace("\r", "\\r")


def exec_command(value: str) -> tuple[str, ...]:
    """The command an Exec value runs (field codes such as ``%U`` dropped); () if it cannot be read."""
    line = re.sub(r"\\(.)", lambda match: _STRING_ESCAPES.get(match[1], match[0]), value)
    try:
        words = split_words(line)
    except QuoteError:
        return ()
    return tuple(word.replace("%%", "%") for word in words if not _FIELD_CODE.fullmatch(word))


def desktop_entry(launcher: Launcher) -> str:
    """The autostart entry that runs ``launcher``, marked as ours."""
    return (
        "[Desktop Entry]\n"
        "Type=Application\n"
        "Name=deskbreak\n"
        "Comment=A quiet break reminder that gets you to stand up and stretch\n"
        f"Exec={exec_value(launcher.command)}\n"
        "Icon=deskbreak\n"
        "Terminal=false\n"
        "StartupNotify=false\n"
        "X-GNOME-Autostart-enabled=true\n"
        f"{MARKER}=true\n"
    )


class XdgAutostart:
    """The autostart entry in ``config_home/autostart``; writing it starts nothing now, only at login."""

    name = "XDG"

    def __init__(self, config_home: Path) -> None:
        self.path = config_home / "autostart" / "deskbreak.desktop"

    def find(self) -> Entry | None:
        """Our entry or the user's, read from its [Desktop Entry] group."""
        keys = read_ini_keys(self.path)
        if keys is None:
            return None
        hidden = keys.get(f"{_GROUP}.Hidden") == "true" or keys.get(f"{_GROUP}.X-GNOME-Autostart-enabled") == "false"
        return Entry(self.name, str(self.path), exec_command(keys.get(f"{_GROUP}.Exec", "")),
                     ours=keys.get(f"{_GROUP}.{MARKER}") == "true", enabled=not hidden)

    def install(self, launcher: Launcher) -> list[str]:
        """Write the entry (replacing ours, never the user's); it runs at the next login."""
        refuse_foreign(self.find())
        changed = write_file(self.path, desktop_entry(launcher))
        return [turned_on(changed, str(self.path), f"{show_command(launcher.command)} at your next login")]

    def remove(self) -> list[str]:
        """Delete our entry; a running daemon keeps running."""
        entry = self.find()
        if entry is None:
            return []
        refuse_foreign(entry)
        remove_file(self.path)
        return [f"removed {self.path}"]

