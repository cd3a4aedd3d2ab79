"""KDE Plasma's compositor for tests: KWin 5.27 on a virtual output, and its fake-input protocol as the hands.

``kwin_wayland --virtual`` needs no GPU, no seat and no logind: it renders
with llvmpipe into memory, on a private runtime directory, HOME and session
bus. What it takes to run it here and in CI, as found on Debian 12:

- Debian installs ``kwin_wayland`` with the file capability
  ``cap_sys_resource``. In a container whose bounding set lacks that
  capability (CI's, and this machine's) exec fails with EPERM ("Operation
  not permitted") before KWin starts. A copy carries no capability and
  runs, so the compositor started here is a copy in its runtime directory.
- Input: ``--virtual`` has no input devices, and KWin 5.27 offers no
  virtual-keyboard protocol (wtype finds none). It does offer
  ``org_kde_kwin_fake_input``, which feeds pointer motion and keys into
  KWin's input pipeline as a device would, so they reset its idle timers;
  KWin lists that global only to programs whose .desktop file names it in
  ``X-KDE-Wayland-Interfaces``, and ``KWIN_WAYLAND_NO_PERMISSION_CHECKS=1``
  lifts that check for this private compositor.
- ``WAYLAND_DEBUG=server`` makes libwayland-server log every request, so
  a test sees in ``requests()`` which idle protocol a client asked for.

The fake-input client speaks the wire protocol through deskbreak's own
encoder (its bytes are pinned in test_idle_wayland_wire.py); opcodes are from
plasma-wayland-protocols' fake-input.xml.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from desktop import end_process, need, start_bus, stop_bus, wait_until

from deskbreak.idle._wayland_wire import Arguments, Message, WireConnection, encode

SOCKET = "wayland-0"
FAKE_INPUT = "org_kde_kwin_fake_input"
_FAKE_INPUT_VERSION = 4  # keyboard_key came in version 4
_READY_S = 30.0  # the first start on a loaded machine compiles llvmpipe shaders
_DISPLAY = 1  # the one object a client starts with
_SYNC, _GET_REGISTRY, _BIND = 0, 1, 0
_AUTHENTICATE, _POINTER_MOTION, _BUTTON, _POINTER_MOTION_ABSOLUTE, _KEYBOARD_KEY = 0, 1, 2, 9, 10
_PRESSED, _RELEASED = 1, 0
KEY_A, KEY_ENTER, KEY_DOWN = 30, 28, 108  # linux/input-event-codes.h
BUTTON_LEFT, BUTTON_RIGHT = 0x110, 0x111


class FakeInput:
    """A client of ``org_kde_kwin_fake_input``: moves the pointer and types as a person would.

    Each action ends with a ``wl_display.sync`` round trip, so when it
    returns KWin has handled the input, and its idle notifications are on
    their way.
    """

    def __init__(self, socket_path: Path) -> None:
        self._wire = WireConnection.connect(str(socket_path), _READY_S)
        self._last_id = _DISPLAY
        registry = self._new_id()
        self._wire.send(encode(_DISPLAY, _GET_REGISTRY, registry))
        offered = [_global(message) for message in self._round_trip() if message.sender == registry]
        name = next((global_name for global_name, interface in offered if interface == FAKE_INPUT), None)
        if name is None:
            pytest.fail(f"KWin does not offer {FAKE_INPUT} (is KWIN_WAYLAND_NO_PERMISSION_CHECKS set?)")
        self._fake_input = self._new_id()
        self._wire.send(encode(registry, _BIND, name, FAKE_INPUT, _FAKE_INPUT_VERSION, self._fake_input),
                        encode(self._fake_input, _AUTHENTICATE, "deskbreak tests", "act as the person at the desk"))
        self._round_trip()

    def _new_id(self) -> int:
        """The id for the next new object: a client hands them out in order with no gaps, or KWin disconnects it."""
        self._last_id += 1
        return self._last_id

    def move_pointer(self, dx: float, dy: float) -> None:
        """Move the pointer by (dx, dy) logical pixels (``fixed`` arguments: 24.8, two's complement)."""
        self._wire.send(encode(self._fake_input, _POINTER_MOTION, _fixed(dx), _fixed(dy)))
        self._round_trip()

    def click_at(self, x: float, y: float, button: int = BUTTON_LEFT) -> None:
        """Move the pointer to (x, y) on the screen and press and release ``button`` there."""
        self._wire.send(encode(self._fake_input, _POINTER_MOTION_ABSOLUTE, _fixed(x), _fixed(y)),
                        encode(self._fake_input, _BUTTON, button, _PRESSED),
                        encode(self._fake_input, _BUTTON, button, _RELEASED))
        self._round_trip()

    def type_key(self, key: int = KEY_A) -> None:
        """Press and release ``key`` (a Linux input event code)."""
        self._wire.send(encode(self._fake_input, _KEYBOARD_KEY, key, _PRESSED),
                        encode(self._fake_input, _KEYBOARD_KEY, key, _RELEASED))
        self._round_trip()

    def _round_trip(self) -> list[Message]:
        """Send ``sync`` and return the events that came before its ``done``."""
        callback = self._new_id()
        self._wire.send(encode(_DISPLAY, _SYNC, callback))
        events: list[Message] = []
        while (message := self._wire.receive()).sender != callback:
            events.append(message)
        return events

    def close(self) -> None:
        self._wire.close()


def _global(message: Message) -> tuple[int, str]:
    """(name, interface) of a ``wl_registry.global`` event."""
    arguments = Arguments(message.payload)
    return arguments.uint(), arguments.string()


def _fixed(value: float) -> int:
    return round(value * 256) & 0xFFFFFFFF


class KWin:
    """``kwin_wayland --virtual`` on its own runtime directory and bus; ``environ`` reaches it.

    ``session`` is the environment KWin runs in (its HOME, runtime directory
    and bus), for programs of the same session such as Plasma's shell.
    ``log_requests`` makes libwayland log every request (see ``requests``):
    cheap for one client, too much for a whole shell drawing.
    """

    def __init__(self, log: Path, log_requests: bool = True) -> None:
        installed = need("kwin_wayland", "kwin-wayland")
        self.runtime_dir = Path(tempfile.mkdtemp(prefix="deskbreak-kwin-"))  # short: socket paths fit in 108 bytes
        self.log = log
        kwin = shutil.copy(installed, self.runtime_dir / "kwin_wayland")  # the copy has no file capability
        home = self.runtime_dir / "home"
        home.mkdir()
        self._bus, bus_address = start_bus(self.runtime_dir)
        environ = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(home),
                   "XDG_RUNTIME_DIR": str(self.runtime_dir), "DBUS_SESSION_BUS_ADDRESS": bus_address,
                   "KWIN_WAYLAND_NO_PERMISSION_CHECKS": "1", "KWIN_SCREENSHOT_NO_PERMISSION_CHECKS": "1"}
        if log_requests:
            environ["WAYLAND_DEBUG"] = "server"
        self.session = environ
        with log.open("w") as output:
            self.process = subprocess.Popen(
                [kwin, "--virtual", "--socket", SOCKET, "--no-lockscreen", "--no-global-shortcuts",
                 "--no-kactivities"], env=environ, stdout=output, stderr=subprocess.STDOUT, start_new_session=True)
        self.socket = self.runtime_dir / SOCKET
        try:
            wait_until(self._listening, "KWin listens on its Wayland socket", limit=_READY_S)
            self.hands = FakeInput(self.socket)  # its first round trip waits until KWin serves clients
        except BaseException:
            self._end()  # a fixture that fails to start gets no teardown: nothing may outlive it
            raise
        self.environ = {"XDG_RUNTIME_DIR": str(self.runtime_dir), "WAYLAND_DISPLAY": SOCKET}

    def _listening(self) -> bool:
        if self.process.poll() is not None:
            pytest.fail(f"kwin_wayland exited with {self.process.returncode}: {self.log.read_text()[-2000:]}")
        return self.socket.exists()

    def requests(self, interface: str) -> list[str]:
        """The requests clients made to objects of ``interface``, as WAYLAND_DEBUG logged them."""
        return [line for line in self.log.read_text(errors="replace").splitlines()
                if f"] {interface}@" in line]

    def stop(self) -> None:
        """End the fake-input client, KWin and its bus, and remove KWin's runtime directory."""
        self.hands.close()
        self._end()

    def _end(self) -> None:
        end_process(self.process)
        stop_bus(self._bus)
        shutil.rmtree(self.runtime_dir, ignore_errors=True)
