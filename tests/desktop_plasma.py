"""KDE Plasma 5.27's shell for tests: plasmashell on KWin's virtual output, its notifications and tray seen over D-Bus.

The session starts as Plasma's own startup would, minus what a test never
uses (ksmserver, kglobalaccel, D-Bus activation), each part waited for on
the bus before the next starts:

- KWin (desktop_kde.py: a copy of ``kwin_wayland`` without its file
  capability, ``--virtual``, fake input allowed);
- ``kactivitymanagerd``, the activities plasmashell lays its desktop out by;
- ``kded5`` with its ``statusnotifierwatcher`` module loaded through
  ``org.kde.kded5.loadModule``: the tray's ``org.kde.StatusNotifierWatcher``
  lives in kded5, not in the shell;
- ``plasmashell --no-respawn``: the panel with its system tray (the
  StatusNotifierHost) and the notification server
  (``org.freedesktop.Notifications``).

Plasma's notification server tells registered watchers
(``org.kde.NotificationManager.RegisterWatcher``, the interface KDE Connect
mirrors notifications through) of every notification it accepts, with the
id it gave it, and of each one it takes down: that is Plasma's own list.
Screenshots come from KWin's ``org.kde.KWin.ScreenShot2``, which
``KWIN_SCREENSHOT_NO_PERMISSION_CHECKS`` opens to any client.
"""

from __future__ import annotations

import os
import signal
import subprocess
import threading
import time
from collections.abc import Callable
from contextlib import ExitStack, suppress
from pathlib import Path
from typing import Any

import pytest
from desktop import end_process, need, wait_until
from desktop_kde import KWin
from desktop_tray import ARTIFACTS, CallFailed, call, changed_box, get_property
from jeepney import DBusAddress, HeaderFields, MessageType, new_method_call, new_method_return  # type: ignore[import-untyped]
from jeepney.io.blocking import open_dbus_connection  # type: ignore[import-untyped]
from PIL import Image
from plasma_screen import Box

SHOTS = ARTIFACTS / "plasma"
NOTIFICATIONS = "org.freedesktop.Notifications"
NOTIFICATIONS_PATH = "/org/freedesktop/Notifications"
MANAGER = "org.kde.NotificationManager"
WATCHER = "org.kde.StatusNotifierWatcher"
_STILL_S = 1.5  # how long the screen must not change to count as drawn
_STARTUP_S = 90.0  # plasmashell's first start compiles its QML and llvmpipe's shaders: a minute on a loaded machine
_BUS = ("org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus")


class NotificationWatcher:
    """What Plasma's notification server shows: a watcher it forwards ``Notify`` and ``CloseNotification`` to.

    ``now()`` gives each notification Plasma has now, by the id Plasma gave
    it: (summary, body, actions, hints).
    """

    def __init__(self, address: str) -> None:
        self._listed: dict[int, tuple[str, str, list[str], dict[str, Any]]] = {}
        self._lock = threading.Lock()
        self._connection = open_dbus_connection(bus=address)
        self._registered = threading.Event()
        self._stopping = threading.Event()
        register = new_method_call(DBusAddress(NOTIFICATIONS_PATH, bus_name=NOTIFICATIONS, interface=MANAGER),
                                   "RegisterWatcher")
        self._register_serial = next(self._connection.outgoing_serial)
        self._connection.send(register, serial=self._register_serial)  # its answer waits in the socket for the thread
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()
        if not self._registered.wait(timeout=10):
            pytest.fail("Plasma did not answer RegisterWatcher")

    def _serve(self) -> None:
        while not self._stopping.is_set():
            try:
                message = self._connection.receive(timeout=0.05)
            except TimeoutError:
                continue
            except OSError:
                return
            header = message.header
            if header.fields.get(HeaderFields.reply_serial) == self._register_serial:
                self._registered.set()
            elif header.message_type == MessageType.method_call:
                self._record(header.fields[HeaderFields.member], message.body)
                self._connection.send(new_method_return(message))

    def _record(self, member: str, body: tuple[Any, ...]) -> None:
        with self._lock:
            if member == "Notify":
                notification_id, _, _, _, summary, text, actions, hints, _ = body
                plain_hints = {key: value for key, (_, value) in hints.items()}
                self._listed[notification_id] = (summary, text, actions, plain_hints)
            elif member == "CloseNotification":
                self._listed.pop(body[0], None)

    def now(self) -> dict[int, tuple[str, str, list[str], dict[str, Any]]]:
        with self._lock:
            return dict(self._listed)

    def stop(self) -> None:
        self._stopping.set()
        self._thread.join(timeout=5)
        self._connection.close()


class Plasma:
    """A running Plasma session: ``kwin`` (with its fake-input ``hands``), the shell, a D-Bus ``client``."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._pointer_step = 1
        self._parts: list[tuple[str, str, subprocess.Popen[bytes]]] = []
        self._stack = ExitStack()
        try:
            self._start()
        except BaseException:
            self._stack.close()  # a fixture that fails to start gets no teardown: nothing may outlive it
            raise

    def _start(self) -> None:
        self.kwin = KWin(self.root / "kwin.log", log_requests=False)
        self._stack.callback(self.kwin.stop)
        self.env = {**self.kwin.session, "WAYLAND_DISPLAY": str(self.kwin.socket), "QT_QPA_PLATFORM": "wayland",
                    "XDG_SESSION_TYPE": "wayland", "XDG_CURRENT_DESKTOP": "KDE", "KDE_SESSION_VERSION": "5"}
        self.client = open_dbus_connection(bus=self.env["DBUS_SESSION_BUS_ADDRESS"], enable_fds=True)
        self._stack.callback(self.client.close)
        self._run([_libexec("kactivitymanagerd")], "kactivitymanagerd",
                  lambda: self.has_owner("org.kde.ActivityManager"))
        self._run([need("kded5", "kded5")], "kded5", lambda: self.has_owner("org.kde.kded5"))
        loaded = call(self.client, "org.kde.kded5", "/kded", "org.kde.kded5", "loadModule", "s",
                      "statusnotifierwatcher")
        assert loaded == (True,), "kded5 could not load its statusnotifierwatcher module"
        self._run([need("plasmashell", "plasma-workspace"), "--no-respawn"], "plasma-workspace", self._shell_ready)
        self.notifications = NotificationWatcher(self.env["DBUS_SESSION_BUS_ADDRESS"])
        self._stack.callback(self.notifications.stop)

    def _run(self, command: list[str], package: str, ready: Callable[[], bool]) -> None:
        """Start one part of the session and wait until ``ready``; it is ended when the session stops."""
        name = Path(command[0]).name
        with (self.root / f"{name}.log").open("w") as log:
            process = subprocess.Popen(command, env=self.env, stdout=log, stderr=subprocess.STDOUT,
                                       start_new_session=True)
        self._stack.callback(_end_group, process)
        self._parts.append((name, package, process))
        wait_until(lambda: self.check_running() and ready(), f"{name} is up", limit=_STARTUP_S, every=0.1)

    def check_running(self) -> bool:
        """Fail with its log if a part of the session has exited (plasmashell can crash: KCrash in its log)."""
        for name, package, process in self._parts:
            if process.poll() is not None:
                pytest.fail(f"{name} ({package}) exited with {process.returncode}: "
                            f"{(self.root / f'{name}.log').read_text(errors='replace')[-1500:]}")
        return True

    def _shell_ready(self) -> bool:
        """The shell serves notifications and its tray is the watcher's host."""
        return self.has_owner(NOTIFICATIONS) and bool(self.watcher_property("IsStatusNotifierHostRegistered"))

    def has_owner(self, name: str) -> bool:
        return bool(call(self.client, *_BUS, "NameHasOwner", "s", name)[0])

    def watcher_property(self, name: str) -> Any:
        try:
            return get_property(self.client, WATCHER, "/StatusNotifierWatcher", WATCHER, name)
        except CallFailed:
            return None

    def tray_items(self) -> list[str]:
        return list(self.watcher_property("RegisteredStatusNotifierItems") or [])

    def nudge_pointer(self) -> bool:
        """Move the pointer a pixel, back and forth: real input, which KWin counts as activity."""
        self._pointer_step = -self._pointer_step
        self.kwin.hands.move_pointer(self._pointer_step, 0)
        return True

    def screenshot(self, name: str | None = None) -> Image.Image:
        """The whole screen as KWin composites it (ScreenShot2 writes raw ARGB32 pixels into a pipe).

        Every wait on the screen takes screenshots, so each first checks that
        the session is still running: a shell that crashed fails there, by name.
        """
        self.check_running()
        reading, writing = os.pipe()
        pixels: list[bytes] = []
        reader = threading.Thread(target=lambda: pixels.append(_read_all(reading)))
        reader.start()
        try:
            (answer,) = call(self.client, "org.kde.KWin", "/org/kde/KWin/ScreenShot2", "org.kde.KWin.ScreenShot2",
                             "CaptureWorkspace", "a{sv}h", {}, writing)
        finally:
            os.close(writing)
            reader.join(timeout=10)
        size = {key: value for key, (_, value) in answer.items()}
        image = Image.frombuffer("RGBA", (size["width"], size["height"]), pixels[0], "raw", "BGRA",
                                 size["stride"], 1).convert("RGB")
        if name is not None:
            _save(image, name)
        return image

    def settled_screen(self, name: str | None = None) -> Image.Image:
        """The screen once nothing has moved on it for ``_STILL_S``; saved as ``name`` in SHOTS if given.

        Two screenshots alike are not enough: while plasmashell loads its
        panel's applets it draws no frame for a while, then lays them out anew.
        """
        shots = [self.screenshot()]
        changed_at = [time.monotonic()]

        def still() -> bool:
            shots.append(self.screenshot())
            if changed_box(shots[-2], shots[-1]) is not None:
                changed_at.append(time.monotonic())
            return time.monotonic() - changed_at[-1] >= _STILL_S

        wait_until(still, "Plasma has drawn its screen", every=0.2)
        if name is not None:
            _save(shots[-1], name)
        return shots[-1]

    def wait_for_change(self, before: Image.Image, within: Box, what: str) -> Box:
        """Where, inside ``within``, the screen comes to differ from ``before`` once drawing has settled."""
        wait_until(lambda: changed_box(before.crop(within), self.screenshot().crop(within)) is not None, what,
                   every=0.2)
        box = changed_box(before.crop(within), self.settled_screen().crop(within))
        assert box is not None, f"{what}, then went back as it was"
        return box[0] + within[0], box[1] + within[1], box[2] + within[0], box[3] + within[1]

    def stop(self) -> None:
        """End every part of the session, then what they left running outside their process groups."""
        self._stack.close()
        for pid in _naming(str(self.kwin.runtime_dir)):
            with suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)


def _end_group(process: subprocess.Popen[bytes]) -> None:
    """End ``process``, then anything it started in its process group and left behind."""
    end_process(process)
    with suppress(ProcessLookupError):  # nothing was left
        os.killpg(process.pid, signal.SIGKILL)


def _naming(runtime_dir: str) -> list[int]:
    """The processes whose command line names ``runtime_dir``, this session's alone.

    KIO starts plasmashell's workers detached, in sessions of their own, with
    their socket in the runtime directory on the command line; they end once
    the shell has gone, and this finds any that have not yet.
    """
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        with suppress(OSError):
            if runtime_dir.encode() in cmdline.read_bytes():
                found.append(int(cmdline.parent.name))
    return found


def _save(image: Image.Image, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    image.save(SHOTS / name)


def _read_all(descriptor: int) -> bytes:
    with os.fdopen(descriptor, "rb") as pipe:
        return pipe.read()


def _libexec(program: str) -> str:
    """A KDE program kept out of PATH, in /usr/lib/<architecture triplet>/libexec/."""
    path = next(Path("/usr/lib").glob(f"*/libexec/{program}"), None)
    if path is None:
        pytest.fail(f"/usr/lib/*/libexec/{program} is not installed (Debian package {program})")
    return str(path)
