"""Helpers the tray's desktop tests share: panels, screenshots, clicks, a D-Bus client.

Built on ``desktop.py`` (Xvfb, private bus, waiting). Panels run as
subprocesses with their own environment, so they never see the machine's
own display, bus or home directory.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest
from desktop import end_process, need, wait_until
from jeepney import DBusAddress, HeaderFields, MessageType, new_method_call  # type: ignore[import-untyped]
from PIL import Image, ImageChops

from deskbreak.tray._system_tray import open_display, xembed_tray_present

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
PANEL_STARTS = 3


def session_env(root: Path, display: str, bus_address: str | None = None) -> dict[str, str]:
    """An environment for desktop programs: this display and bus, a private home and runtime dir."""
    runtime = root / "run"
    runtime.mkdir(mode=0o700, exist_ok=True)
    env = {
        "DISPLAY": display,
        "HOME": str(root),
        "XDG_RUNTIME_DIR": str(runtime),
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "NO_AT_BRIDGE": "1",
        "GDK_BACKEND": "x11",
    }
    if bus_address is not None:
        env["DBUS_SESSION_BUS_ADDRESS"] = bus_address
    return env


class Panel:
    """A panel program (gtk-sni-tray, trayer) running until ``stop``; its output goes to ``log``."""

    def __init__(self, command: Sequence[str], package: str, env: dict[str, str], log: Path) -> None:
        self.log = log
        self.program = command[0]
        with log.open("w") as output:
            self.process = subprocess.Popen(
                [need(command[0], package), *command[1:]], env=env, stdout=output, stderr=subprocess.STDOUT
            )

    @classmethod
    def started(
        cls, command: Sequence[str], package: str, env: dict[str, str], log: Path, ready: Callable[[], bool]
    ) -> Panel:
        """A panel that got ``ready``, started again if it quits first (under load, now and then one does)."""
        for _ in range(PANEL_STARTS):
            panel = cls(command, package, env, log)
            if panel.gets_ready(ready):
                return panel
            panel.stop()
        pytest.fail(f"{command[0]} quit at start {PANEL_STARTS} times: {log.read_text()[-500:]}")

    def gets_ready(self, ready: Callable[[], bool]) -> bool:
        """Wait until ``ready`` or until the program quits; whether it got ready."""
        wait_until(lambda: ready() or self.process.poll() is not None, f"{self.program} gets ready or quits")
        return ready()

    def stop(self) -> None:
        end_process(self.process)


def screenshot(env: dict[str, str], save_as: Path | None = None) -> Image.Image:
    """The whole screen, through ImageMagick's ``import`` as a user would take it."""
    target = save_as or Path(env["HOME"]) / "screen.png"
    target.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run([need("import", "imagemagick"), "-window", "root", str(target)], env=env, check=True)
    with Image.open(target) as image:
        return image.convert("RGB")


def settled_screen(env: dict[str, str]) -> Image.Image:
    """The screen once the panel has drawn itself: three screenshots in a row alike."""
    shots = [screenshot(env)]

    def still() -> bool:
        shots.append(screenshot(env))
        return len(shots) > 2 and shots[-1].tobytes() == shots[-2].tobytes() == shots[-3].tobytes()

    wait_until(still, "the panel has drawn itself")
    return shots[-1]


def xembed_tray_running(display: str) -> bool:
    """Whether an XEmbed tray (trayer) owns the system tray selection on ``display``."""
    connection = open_display({"DISPLAY": display})
    try:
        return xembed_tray_present(connection)
    finally:
        connection.close()


def xdotool(env: dict[str, str], *args: str) -> str:
    done = subprocess.run([need("xdotool", "xdotool"), *args], env=env, check=True, capture_output=True, text=True)
    return done.stdout


def changed_box(before: Image.Image, after: Image.Image) -> tuple[int, int, int, int] | None:
    """Where two screenshots differ, as (left, top, right, bottom), or None."""
    return ImageChops.difference(before, after).getbbox()


def wait_for_change(
    env: dict[str, str], before: Image.Image, what: str
) -> tuple[Image.Image, tuple[int, int, int, int]]:
    """Take screenshots until one differs from ``before`` and the next is the same (drawing done).

    Returns the settled screenshot and where it differs from ``before``.
    """
    shots: list[Image.Image] = []

    def settled() -> bool:
        shots.append(screenshot(env))
        if changed_box(before, shots[-1]) is None:
            return False
        return len(shots) > 1 and changed_box(shots[-2], shots[-1]) is None

    wait_until(settled, what)
    box = changed_box(before, shots[-1])
    assert box is not None
    return shots[-1], box


def centre(box: tuple[int, int, int, int]) -> tuple[str, str]:
    left, top, right, bottom = box
    return str((left + right) // 2), str((top + bottom) // 2)


class CallFailed(RuntimeError):
    """A D-Bus method call answered with an error."""


def call(
    connection: Any, bus_name: str, path: str, interface: str, member: str, signature: str = "", *body: Any
) -> Any:
    """Call a method and return the reply's body; an error reply raises with its name and text."""
    address = DBusAddress(path, bus_name=bus_name, interface=interface)
    reply = connection.send_and_get_reply(new_method_call(address, member, signature or None, body), timeout=5)
    if reply.header.message_type == MessageType.error:
        raise CallFailed(f"{member} failed: {reply.header.fields.get(HeaderFields.error_name)} {reply.body}")
    return reply.body


def get_property(connection: Any, bus_name: str, path: str, interface: str, name: str) -> Any:
    """A property's value, without its variant signature."""
    body = call(connection, bus_name, path, "org.freedesktop.DBus.Properties", "Get", "ss", interface, name)
    return body[0][1]
