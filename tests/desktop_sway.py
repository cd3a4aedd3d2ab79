"""A real Wayland compositor for tests and benches: sway, headless, with the pixman renderer.

sway refuses to run as root, and CI runs as root on a fresh machine. There
sway runs as an unprivileged user (``SWAY_USER``, created with ``useradd``
the first time), with its own XDG_RUNTIME_DIR under /tmp owned by that
user. Clients (deskbreak, wtype, swaymsg) may stay root: the compositor's
socket is the only gate, and root passes it. Run as anyone else, sway runs
as that user.

``Mako`` and ``Waybar`` complete a wlroots desktop on it, as clients of
sway and of a private session bus (``session_environ``).
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from desktop import end_process, need, wait_until

if TYPE_CHECKING:
    import pwd

SWAY_USER = "deskbreak-test"
SWAY_CONFIG = "xwayland disable\n"  # no bar, no wallpaper, no Xwayland: only the compositor
MAKO_BACKGROUND = "#285577"  # mako's own default, set so a test can find the notification on screen


def unprivileged_user() -> pwd.struct_passwd:
    """``SWAY_USER``, created with a home the first time (another test run may be creating it too)."""
    import pwd  # Unix only: this module is imported off Linux too, by the portable tier's collection

    try:
        return pwd.getpwnam(SWAY_USER)
    except KeyError:
        subprocess.run(["useradd", "--create-home", "--shell", "/usr/sbin/nologin", SWAY_USER],
                       capture_output=True, check=False)
        return pwd.getpwnam(SWAY_USER)


class Sway:
    """sway on its own headless output; ``environ`` is what a client needs to reach it."""

    def __init__(self, log: Path) -> None:
        sway = need("sway", "sway")
        self.runtime_dir = Path(tempfile.mkdtemp(prefix="deskbreak-sway-"))
        config = self.runtime_dir / "config"
        config.write_text(SWAY_CONFIG)
        import pwd

        user = unprivileged_user() if os.geteuid() == 0 else pwd.getpwuid(os.geteuid())
        for path in (self.runtime_dir, config):
            os.chown(path, user.pw_uid, user.pw_gid)
        environ = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": user.pw_dir,
                   "XDG_RUNTIME_DIR": str(self.runtime_dir), "WLR_BACKENDS": "headless",
                   "WLR_RENDERER": "pixman", "WLR_LIBINPUT_NO_DEVICES": "1"}
        with log.open("w") as output:
            self.process = subprocess.Popen(
                [sway, "--config", str(config)], env=environ, stdout=output, stderr=subprocess.STDOUT,
                user=user.pw_uid, group=user.pw_gid, extra_groups=[], start_new_session=True)
        wait_until(lambda: self._sockets(log) is not None, "sway listens on its Wayland and IPC sockets")
        display, ipc = self._sockets(log) or ("", "")
        self.environ = {"XDG_RUNTIME_DIR": str(self.runtime_dir), "WAYLAND_DISPLAY": display, "SWAYSOCK": ipc}

    def _sockets(self, log: Path) -> tuple[str, str] | None:
        """The Wayland socket's name and the IPC socket's path, once both exist."""
        if self.process.poll() is not None:
            pytest.fail(f"sway exited with {self.process.returncode}: {log.read_text()[-2000:]}")
        names = sorted(path.name for path in self.runtime_dir.iterdir())
        display = next((name for name in names if name.startswith("wayland-") and "." not in name), None)
        ipc = next((name for name in names if name.startswith("sway-ipc.")), None)
        return (display, str(self.runtime_dir / ipc)) if display and ipc else None

    def client(self, *command: str) -> None:
        """Run a Wayland client (wtype, swaymsg) against this sway, and check it worked."""
        environ = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), **self.environ}
        subprocess.run(command, env=environ, check=True, capture_output=True, timeout=10)

    def type_text(self, text: str) -> None:
        """Type ``text`` on sway's virtual keyboard, as a user typing would."""
        self.client(need("wtype", "wtype"), text)

    def move_cursor(self, dx: int, dy: int) -> None:
        """Move the seat's cursor through sway's IPC (the headless seat has no pointer device)."""
        self.client(need("swaymsg", "sway"), "seat", "-", "cursor", "move", str(dx), str(dy))

    def stop(self) -> None:
        """Ask sway to exit, wait for it, and remove its runtime directory."""
        end_process(self.process)
        shutil.rmtree(self.runtime_dir, ignore_errors=True)


def session_environ(sway: Sway, bus: str) -> dict[str, str]:
    """What a client of this sway and of the private bus needs, keeping the test's own HOME and XDG folders.

    WAYLAND_DISPLAY is a full path, so XDG_RUNTIME_DIR stays the test's (where
    deskbreak keeps its socket) rather than sway's; clients run as the test's user.
    """
    display = str(sway.runtime_dir / sway.environ["WAYLAND_DISPLAY"])
    return {**os.environ, "WAYLAND_DISPLAY": display, "SWAYSOCK": sway.environ["SWAYSOCK"],
            "DBUS_SESSION_BUS_ADDRESS": bus, "DISPLAY": ""}


class Mako:
    """mako on sway and the private bus (no service activation there, so it is the only notification server).

    Its bindings are mako's defaults: a left click on a notification invokes
    its ``default`` action.
    """

    def __init__(self, environ: dict[str, str], directory: Path) -> None:
        config = directory / "mako.conf"
        config.write_text(f"font=DejaVu Sans 10\ndefault-timeout=0\nbackground-color={MAKO_BACKGROUND}\n")
        self.environ = environ
        with (directory / "mako.log").open("w") as log:
            self.process = subprocess.Popen([need("mako", "mako-notifier"), "--config", str(config)], env=environ,
                                            stdout=log, stderr=subprocess.STDOUT)
        wait_until(lambda: self._makoctl("list").returncode == 0, "mako answers makoctl")

    def _makoctl(self, *arguments: str) -> subprocess.CompletedProcess[str]:
        if self.process.poll() is not None:
            pytest.fail(f"mako exited with {self.process.returncode}")
        return subprocess.run([need("makoctl", "mako-notifier"), *arguments], env=self.environ,
                              capture_output=True, text=True, timeout=10, check=False)

    def shown(self) -> list[dict[str, Any]]:
        """The notifications mako shows now (``makoctl list``), each as {"id", "summary", "body", "actions"}."""
        listing = self._makoctl("list")
        assert listing.returncode == 0, listing.stderr
        return [{key: field["data"] for key, field in notification.items()}
                for notification in json.loads(listing.stdout)["data"][0]]

    def invoke(self, identifier: int, action: str) -> None:
        """``makoctl invoke``: what mako does when its notification (or a button of it) is clicked."""
        result = self._makoctl("invoke", "-n", str(identifier), action)
        assert result.returncode == 0, result.stderr

    def set_modes(self, *modes: str) -> None:
        """What ``makoctl mode -s`` does, without the jq that makoctl needs for it: mako's own ``SetModes``."""
        command = [need("busctl", "systemd"), "--user", "call", "org.freedesktop.Notifications", "/fr/emersion/Mako",
                   "fr.emersion.Mako", "SetModes", "as", str(len(modes)), *modes]
        subprocess.run(command, env=self.environ, check=True, capture_output=True, timeout=10)

    def stop(self) -> None:
        end_process(self.process)


class Waybar:
    """waybar on sway: ``modules`` from ``config``, styled by ``style``, its log in ``directory``."""

    def __init__(self, environ: dict[str, str], directory: Path, config: dict[str, Any], style: str) -> None:
        (directory / "waybar.json").write_text(json.dumps(config))
        (directory / "waybar.css").write_text(style)
        with (directory / "waybar.log").open("w") as log:
            self.process = subprocess.Popen(
                [need("waybar", "waybar"), "--config", str(directory / "waybar.json"),
                 "--style", str(directory / "waybar.css")], env=environ, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True)  # with the custom modules' commands in its group, for stop()

    def stop(self) -> None:
        """End waybar and whatever its modules run."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(timeout=10)
