"""Notification servers for the notifier tests: a real dunst, and a scriptable fake on D-Bus.

``Dunst`` runs dunst 1.9 on a private Xvfb and session bus. A dunst rule runs
a script for every notification it shows, which writes what dunst received
(id, summary, body, icon) to a log, so tests read back what reached the
server, not what we meant to send. Its context menu goes through a fake dmenu
that saves the menu dunst offers and picks the line a test asked for.

``FakeNotificationServer`` owns org.freedesktop.Notifications on a bus and
records each Notify; it can leave out the "actions" capability or never
answer, which no real server here can be made to do on demand.
"""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop import FakeBusService, need, wait_until
from jeepney import (  # type: ignore[import-untyped]
    DBusAddress,
    HeaderFields,
    new_error,
    new_method_return,
    new_signal,
)

FIELD, RECORD = "\x1f", "\x1e"

DUNSTRC = """[global]
    width = 300
    origin = top-right
    offset = 10x10
    font = DejaVu Sans 10
    frame_width = 2
    frame_color = "#3050a0"
    background = "#202020"
    foreground = "#f0f0f0"
    dmenu = {dmenu}
[record]
    script = {record}
"""

RECORD_SCRIPT = """#!/bin/sh
# dunst runs this as: script APPNAME SUMMARY BODY ICON URGENCY
printf '%s\\037%s\\037%s\\037%s\\036' "$DUNST_ID" "$2" "$3" "$4" >> {log}
"""

DMENU_SCRIPT = """#!/bin/sh
# dunst writes one "#label (summary) [id,key]" line per action and reads back the chosen line.
cat > {menu}.part && mv {menu}.part {menu}
grep -F -e "$(cat {choice})" {menu} | head -n 1
"""

MENU_LINE = re.compile(r"^#(?P<label>.*) \((?P<summary>.*)\) \[(?P<id>\d+),(?P<key>[^\]]*)\]$")


@dataclass(frozen=True)
class Shown:
    """One notification as dunst received it."""

    id: int
    summary: str
    body: str
    icon: str


@dataclass(frozen=True)
class MenuEntry:
    """One action line of dunst's context menu."""

    id: int
    key: str
    label: str


class Dunst:
    """A dunst process on ``display`` and ``bus``, with its config and scripts in ``directory``."""

    def __init__(self, directory: Path, display: str, bus: str) -> None:
        self.env = {"DISPLAY": display, "DBUS_SESSION_BUS_ADDRESS": bus, "PATH": os.environ.get("PATH", "")}
        self._log, self._menu, self._choice = directory / "shown.log", directory / "menu.txt", directory / "choice"
        record, dmenu, config = directory / "record.sh", directory / "dmenu.sh", directory / "dunstrc"
        record.write_text(RECORD_SCRIPT.format(log=self._log))
        dmenu.write_text(DMENU_SCRIPT.format(menu=self._menu, choice=self._choice))
        for script in (record, dmenu):
            script.chmod(0o755)
        config.write_text(DUNSTRC.format(dmenu=dmenu, record=record))
        self._output = (directory / "dunst.log").open("w")
        self.process = subprocess.Popen(
            [need("dunst", "dunst"), "-config", str(config)], env=self.env, stdout=self._output, stderr=self._output
        )
        wait_until(self._answers, "dunst owns org.freedesktop.Notifications")

    def _answers(self) -> bool:
        if self.process.poll() is not None:
            raise AssertionError(f"dunst exited with {self.process.returncode}; see {self._output.name}")
        return self._ctl_result("is-paused").returncode == 0

    def _ctl_result(self, *arguments: str) -> subprocess.CompletedProcess[str]:
        command = [need("dunstctl", "dunst"), *arguments]
        return subprocess.run(command, env=self.env, capture_output=True, text=True, timeout=10, check=False)

    def ctl(self, *arguments: str) -> str:
        """Run dunstctl; its output, or a failure naming what it said."""
        result = self._ctl_result(*arguments)
        assert result.returncode == 0, f"dunstctl {' '.join(arguments)} failed: {result.stderr}"
        return result.stdout

    def displayed(self) -> int:
        """How many notifications dunst has on screen now."""
        return int(self.ctl("count", "displayed"))

    def shown(self) -> list[Shown]:
        """Every notification dunst has put on screen, oldest first, replacements included."""
        text = self._log.read_text() if self._log.exists() else ""
        records = [record.split(FIELD) for record in text.split(RECORD) if record]
        return [Shown(int(number), summary, body, icon) for number, summary, body, icon in records]

    def wait_shown(self, count: int) -> list[Shown]:
        """The log once it holds ``count`` notifications."""
        wait_until(lambda: len(self.shown()) >= count, f"dunst has shown {count} notifications")
        return self.shown()

    def context_menu(self, choose: str) -> list[MenuEntry]:
        """Open dunst's context menu, pick the first line containing ``choose``; the lines offered."""
        self._menu.unlink(missing_ok=True)
        self._choice.write_text(choose)
        self.ctl("context")
        wait_until(self._menu.exists, "dunst ran dmenu with its context menu")
        entries = []
        for line in self._menu.read_text().splitlines():
            match = MENU_LINE.match(line)
            assert match is not None, f"unexpected dunst menu line {line!r}"
            entries.append(MenuEntry(int(match["id"]), match["key"], match["label"]))
        return entries

    def window_box(self) -> tuple[int, int, int, int] | None:
        """The (left, top, right, bottom) of dunst's mapped window on the screen, or None if none is mapped."""
        xdotool = need("xdotool", "xdotool")
        search = [xdotool, "search", "--onlyvisible", "--classname", "dunst", "getwindowgeometry", "--shell"]
        found = subprocess.run(search, env=self.env, capture_output=True, text=True, timeout=10, check=False)
        geometry = dict(line.split("=", 1) for line in found.stdout.split())
        if found.returncode != 0 or "X" not in geometry:
            return None
        left, top = int(geometry["X"]), int(geometry["Y"])
        return left, top, left + int(geometry["WIDTH"]), top + int(geometry["HEIGHT"])

    def screenshot(self, path: Path) -> None:
        """Save the whole Xvfb screen as ``path`` with ImageMagick's import."""
        path.parent.mkdir(parents=True, exist_ok=True)
        command = [need("import", "imagemagick"), "-window", "root", str(path)]
        subprocess.run(command, env=self.env, check=True, timeout=20)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=5)
        self._output.close()


class FakeNotificationServer(FakeBusService):
    """Owns org.freedesktop.Notifications and answers from a thread, recording every Notify.

    ``capabilities`` is what GetCapabilities answers; with ``answering``
    False, calls get no reply at all, like a hung server.
    """

    def __init__(self, bus: str, capabilities: tuple[str, ...], name: str = "deskbreak-test-server") -> None:
        self.capabilities = capabilities
        self.name = name
        self.notified: list[tuple[Any, ...]] = []
        self.closed: list[int] = []
        super().__init__(bus, "org.freedesktop.Notifications")

    def _answer(self, call: Any) -> Any:
        member = call.header.fields.get(HeaderFields.member)
        if member == "GetCapabilities":
            return new_method_return(call, "as", (list(self.capabilities),))
        if member == "GetServerInformation":
            return new_method_return(call, "ssss", (self.name, "deskbreak tests", "1.0", "1.2"))
        if member == "Notify":
            self.notified.append(call.body)
            return new_method_return(call, "u", (len(self.notified),))
        if member == "CloseNotification":
            self.closed.append(call.body[0])
            return new_method_return(call)
        return new_error(call, "org.freedesktop.DBus.Error.UnknownMethod", "s", (f"no method {member}",))

    def emit(self, member: str, *body: Any) -> None:
        """Broadcast a Notifications signal, as a server does when the user acts on a notification."""
        emitter = DBusAddress("/org/freedesktop/Notifications", interface="org.freedesktop.Notifications")
        signature = {"ActionInvoked": "us", "NotificationClosed": "uu"}[member]
        self.send(new_signal(emitter, member, signature, body))

