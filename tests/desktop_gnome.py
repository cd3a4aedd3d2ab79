"""A real GNOME Shell 43 for tests: headless on Wayland, with the AppIndicator extension, driven over D-Bus.

What a GNOME session gives deskbreak, and nothing of the machine's own:

- a private session bus that starts only dconf (where gsettings writes) and
  the shell's own notification service (gjs) on demand, so no other
  notification server can answer in GNOME's place;
- a private stand-in for the system bus: the shell aborts without one, and
  nothing on it answers (no logind, polkit or accounts service);
- the AppIndicator extension and a two-line test extension enabled through
  gsettings in a private home before the shell starts. The test extension
  turns on unsafe mode (GNOME 43 has no flag for it), which
  ``org.gnome.Shell.Eval`` and ``org.gnome.Shell.Screenshot`` need;
- ``gnome-shell --headless --wayland --virtual-monitor``, which also starts
  Xwayland for X11 clients such as the break window.

Input goes through ``org.gnome.Mutter.RemoteDesktop``: Mutter counts it as
the user's, so it resets the idle time deskbreak reads, as a hand on the
mouse does. Clicks on a banner, its buttons and the tray menu go through
Eval into the very handlers a pointer click runs (``clicked`` on the
banner or button, ``activate`` on the menu item).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
from pathlib import Path
from typing import Any

import pytest
from desktop import WAIT_LIMIT_S, end_process, need, start_bus, stop_bus, wait_until
from desktop_tray import ARTIFACTS, CallFailed, call, get_property
from jeepney.io.blocking import open_dbus_connection  # type: ignore[import-untyped]
from PIL import Image

SHOTS = ARTIFACTS / "gnome"
SCREEN = "1280x800"
SHELL = "org.gnome.Shell"
REMOTE = "org.gnome.Mutter.RemoteDesktop"
WATCHER = "org.kde.StatusNotifierWatcher"
APPINDICATOR = "ubuntu-appindicators@ubuntu.com"
TEST_EXTENSION = "deskbreak-test@deskbreak.invalid"
UNSAFE_MODE = "function init() {}\nfunction enable() { global.context.unsafe_mode = true; }\nfunction disable() {}\n"
ON_DEMAND = ("ca.desrt.dconf", "org.gnome.Shell.Notifications")
"""The only services the session bus starts when asked: gsettings' store and the shell's notifications."""
SYSTEM_SERVICES = Path("/usr/share/dbus-1/services")

_READY = (f"!Main.layoutManager._startingUp && {json.dumps([APPINDICATOR, TEST_EXTENSION])}"
          ".every(uuid => Main.extensionManager.lookup(uuid)?.state === 1)")
_LISTED = ("Main.panel.statusArea.dateMenu._messageList._notificationSection._messages"
           ".filter(message => message.notification.source.title === 'deskbreak').map(message => ({"
           "title: message.notification.title, body: message.notification.bannerBodyText, "
           "buttons: message.notification.actions.map(action => action.label), "
           "transient: message.notification.isTransient}))")
_BANNER = "(Main.messageTray._banner?.notification.title ?? null)"
_TRAY_STATE = ("({state: Main.messageTray._notificationState, banner: " + _BANNER + ", "
               "queue: Main.messageTray._notificationQueue.map(notification => notification.title), "
               "busy: Main.messageTray._busy, fullscreen: Main.layoutManager.primaryMonitor.inFullscreen, "
               "idle: Main.messageTray.idleMonitor.get_idletime()})")
_INDICATOR = "Object.entries(Main.panel.statusArea).find(([key, item]) => key.startsWith('appindicator-') && item)?.[1]"
_BOX = ("(() => {{ const actor = {actor}; if (!actor?.mapped) return null; "
        "const [x, y] = actor.get_transformed_position(); const [width, height] = actor.get_transformed_size(); "
        "return [x, y, x + width, y + height].map(Math.round); }})()")
LEFT_BUTTON = 0x110  # BTN_LEFT, as evdev numbers it
_MENU_ITEMS = (f"({_INDICATOR})?.menu._getMenuItems().filter(item => item.label)"
               ".map(item => ({label: item.label.text, sensitive: item.sensitive})) ?? []")


class GnomeShell:
    """GNOME Shell on its own buses and home under ``root``; ``environ`` is what a client needs to reach it."""

    def __init__(self, root: Path) -> None:
        """The buses and the settings; the shell itself comes with ``start``, which a login runs alongside others."""
        need("gnome-shell", "gnome-shell")
        need("gjs", "gjs")
        self.root = root
        self.runtime_dir = root / "run"
        self.runtime_dir.mkdir(mode=0o700, parents=True)
        self._private = self._private_environ()
        self._system_bus, system_address = start_bus(root, "system")
        self._session_bus, session_address = start_bus(root, "session", self._services(), self._private)
        self.environ = {"DBUS_SESSION_BUS_ADDRESS": session_address, "DBUS_SYSTEM_BUS_ADDRESS": system_address}
        self._private |= self.environ
        self._enable_extensions(self._private)
        self.connection = open_dbus_connection(bus=session_address)
        self.log = root / "gnome-shell.log"
        self.process: subprocess.Popen[bytes] | None = None
        self._remote_session = ""

    def start(self) -> GnomeShell:
        """Start the shell; once its extensions are on and the overview is closed, it is ready for a test."""
        with self.log.open("w") as output:
            self.process = subprocess.Popen(
                [need("gnome-shell", "gnome-shell"), "--headless", "--wayland", "--virtual-monitor", SCREEN],
                env=self._private, stdout=output, stderr=subprocess.STDOUT, start_new_session=True)
        wait_until(self._ready, "GNOME Shell has started with its extensions")
        self.eval("Main.overview.hide()")  # GNOME starts in the overview; people leave it to work
        wait_until(lambda: self.eval("!Main.overview.visible"), "the overview has closed")
        self.environ |= {"WAYLAND_DISPLAY": str(self.runtime_dir / "wayland-0"), **self._xwayland()}
        self._remote_session = self._start_remote_desktop()
        return self

    def _private_environ(self) -> dict[str, str]:
        home = self.root / "home"
        extension = home / ".local" / "share" / "gnome-shell" / "extensions" / TEST_EXTENSION
        extension.mkdir(parents=True)
        (extension / "extension.js").write_text(UNSAFE_MODE)
        metadata = {"uuid": TEST_EXTENSION, "name": "deskbreak tests", "shell-version": ["43"],
                    "description": "Unsafe mode, so tests can use org.gnome.Shell.Eval"}
        (extension / "metadata.json").write_text(json.dumps(metadata))
        (extension.parent.parent / "lock-warning-shown").touch()  # not the first login: no "Screen Lock disabled"
        return {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(home), "LANG": "C.UTF-8",
                "XDG_CONFIG_HOME": str(home / ".config"), "XDG_DATA_HOME": str(home / ".local" / "share"),
                "XDG_CACHE_HOME": str(home / ".cache"), "XDG_RUNTIME_DIR": str(self.runtime_dir), "NO_AT_BRIDGE": "1"}

    def _services(self) -> Path:
        services = self.root / "services"
        services.mkdir()
        for name in ON_DEMAND:
            shutil.copy(SYSTEM_SERVICES / f"{name}.service", services)
        return services

    @staticmethod
    def _enable_extensions(environ: dict[str, str]) -> None:
        """Turn the extensions on as ``gnome-extensions enable`` would, before the shell reads the setting."""
        settings = need("gsettings", "libglib2.0-bin")
        for key, value in (("enabled-extensions", json.dumps([APPINDICATOR, TEST_EXTENSION])),
                           ("welcome-dialog-last-shown-version", "'43'")):
            subprocess.run([settings, "set", "org.gnome.shell", key, value], env=environ, check=True, timeout=30)

    def _ready(self) -> bool:
        assert self.process is not None
        if self.process.poll() is not None:
            pytest.fail(f"gnome-shell exited with {self.process.returncode}: {self.log.read_text()[-3000:]}")
        try:
            done, answer = call(self.connection, SHELL, "/org/gnome/Shell", SHELL, "Eval", "s", _READY)
        except CallFailed:
            return False  # the shell does not own its name yet
        return bool(done) and answer == "true"  # Eval answers (False, "") until the test extension is on

    def _xwayland(self) -> dict[str, str]:
        """DISPLAY and XAUTHORITY for X11 clients, as the shell gives them to the apps it starts."""
        found = re.search(r"Using public X11 display (:\d+)", self.log.read_text())
        cookies = sorted(self.runtime_dir.glob(".mutter-Xwaylandauth.*"))
        if found is None or not cookies:
            pytest.fail(f"GNOME Shell started no Xwayland (Debian package xwayland): {self.log.read_text()[-3000:]}")
        return {"DISPLAY": found.group(1), "XAUTHORITY": str(cookies[0])}

    def _start_remote_desktop(self) -> str:
        """A RemoteDesktop session of this connection's own (Mutter ends it when the connection closes)."""
        (path,) = call(self.connection, REMOTE, "/org/gnome/Mutter/RemoteDesktop", REMOTE, "CreateSession")
        call(self.connection, REMOTE, path, f"{REMOTE}.Session", "Start")
        return str(path)

    def move_pointer(self, dx: float = 5, dy: float = 5) -> None:
        """Move the pointer, as a hand on the mouse does."""
        call(self.connection, REMOTE, self._remote_session, f"{REMOTE}.Session", "NotifyPointerMotionRelative",
             "dd", float(dx), float(dy))

    def idle_time(self) -> float:
        """Seconds since the last input, as Mutter counts them."""
        (milliseconds,) = call(self.connection, "org.gnome.Mutter.IdleMonitor", "/org/gnome/Mutter/IdleMonitor/Core",
                               "org.gnome.Mutter.IdleMonitor", "GetIdletime")
        return float(milliseconds) / 1000

    def eval(self, script: str) -> Any:
        """Run JavaScript inside the shell; its value, through JSON."""
        done, answer = call(self.connection, SHELL, "/org/gnome/Shell", SHELL, "Eval", "s", script)
        if not done:
            pytest.fail(f"GNOME Shell could not run {script!r}: {answer}")
        return json.loads(answer) if answer else None

    def listed(self) -> list[dict[str, Any]]:
        """deskbreak's notifications in GNOME's list (under the clock), newest first: title, body, buttons."""
        found: list[dict[str, Any]] = self.eval(_LISTED)
        return found

    def banner(self) -> str | None:
        """The title of the notification showing as a banner at the top of the screen, if any."""
        title: str | None = self.eval(_BANNER)
        return title

    def click_banner(self, title: str) -> None:
        """Click the body of the banner showing ``title``, which activates it."""
        self.wait_for_banner(title)
        self.click("Main.messageTray._banner")

    def point_at_banner(self, title: str) -> None:
        """Rest the pointer on the banner showing ``title``: GNOME keeps it up, expanded, with its buttons."""
        self.wait_for_banner(title)
        self.click("Main.messageTray._banner", press=False)
        wait_until(lambda: self.eval("Main.messageTray._banner?.expanded === true"), "the banner shows its buttons")

    def press_button(self, title: str, label: str) -> None:
        """Click the button ``label`` on the banner showing ``title``."""
        self.point_at_banner(title)
        self.click(f"Main.messageTray._banner._buttonBox?.get_children().find(button => button.label === "
                   f"{json.dumps(label)})")

    def wait_for_banner(self, title: str, limit: float = WAIT_LIMIT_S) -> None:
        """Until the banner showing ``title`` has slid fully in; else fail, saying what GNOME shows instead."""
        shown = f"Main.messageTray._notificationState === 2 && {_BANNER} === {json.dumps(title)}"
        try:
            wait_until(lambda: self.eval(shown), f"the banner {title!r} is shown", limit, every=0.1)
        except pytest.fail.Exception as failure:
            self.screenshot("no-banner.png")
            pytest.fail(f"{failure}; GNOME's message tray: {self.eval(_TRAY_STATE)}")

    def box(self, actor: str) -> tuple[int, int, int, int]:
        """Where ``actor`` (JavaScript naming one) is on screen, once it stays put (menus and banners slide in)."""
        boxes: list[list[int] | None] = [None]

        def still() -> bool:
            boxes.append(self.eval(_BOX.format(actor=actor)))
            return boxes[-1] is not None and boxes[-1] == boxes[-2]

        wait_until(still, f"{actor} is on screen and still")
        left, top, right, bottom = boxes[-1] or []
        return left, top, right, bottom

    def window_box(self, title: str) -> tuple[int, int, int, int] | None:
        """Where the window ``title`` is on screen (X11 windows on Xwayland too), if it is."""
        box = self.eval(f"global.get_window_actors().map(actor => actor.meta_window)"
                        f".filter(window => window.get_title() === {json.dumps(title)})"
                        ".map(window => window.get_frame_rect())"
                        ".map(frame => [frame.x, frame.y, frame.x + frame.width, frame.y + frame.height])[0]")
        return None if box is None else (box[0], box[1], box[2], box[3])

    def click(self, actor: str, press: bool = True) -> None:
        """Move the pointer to the middle of ``actor`` (JavaScript naming one) and click there, as a hand does.

        The pointer moves by the difference from where it is, and the button
        goes down only once the shell has the pointer there.
        """
        left, top, right, bottom = self.box(actor)
        target = [(left + right) // 2, (top + bottom) // 2]
        x, y, _ = self.eval("global.get_pointer()")
        self.move_pointer(target[0] - x, target[1] - y)
        wait_until(lambda: self.eval("global.get_pointer()")[:2] == target, f"the pointer is on {actor}")
        for down in (True, False) if press else ():
            call(self.connection, REMOTE, self._remote_session, f"{REMOTE}.Session", "NotifyPointerButton", "ib",
                 LEFT_BUTTON, down)

    def tray_items(self) -> list[str]:
        """The items the AppIndicator extension's watcher lists (RegisteredStatusNotifierItems)."""
        try:
            items = get_property(self.connection, WATCHER, "/StatusNotifierWatcher", WATCHER,
                                 "RegisteredStatusNotifierItems")
        except CallFailed:
            return []
        return list(items)

    def tray_menu(self) -> list[dict[str, Any]]:
        """The labels and sensitivity of the panel icon's menu items, as the extension built them."""
        items: list[dict[str, Any]] = self.eval(_MENU_ITEMS)
        return items

    def icon_box(self) -> tuple[int, int, int, int]:
        """Where deskbreak's icon is in the panel."""
        return self.box(_INDICATOR)

    def open_tray_menu(self) -> tuple[int, int, int, int]:
        """Click deskbreak's icon in the panel; where its menu is once it has faded in."""
        self.click(_INDICATOR)
        menu = f"({_INDICATOR}).menu"
        wait_until(lambda: self.eval(f"{menu}.isOpen && {menu}.actor.opacity === 255"), "the icon's menu opens")
        return self.box(f"{menu}.actor")

    def choose_from_tray_menu(self, label: str) -> None:
        """Open the icon's menu and click the item ``label`` once it can be chosen."""
        wait_until(lambda: {"label": label, "sensitive": True} in self.tray_menu(), f"{label!r} can be chosen")
        if not self.eval(f"({_INDICATOR}).menu.isOpen"):
            self.open_tray_menu()
        self.click(f"({_INDICATOR}).menu._getMenuItems().find(item => item.label?.text === {json.dumps(label)})")

    def screenshot(self, name: str) -> Image.Image:
        """The whole screen, saved in test-artifacts/gnome/ through GNOME's own screenshot service."""
        target = SHOTS / name
        target.parent.mkdir(parents=True, exist_ok=True)
        done, _ = call(self.connection, SHELL, "/org/gnome/Shell/Screenshot", f"{SHELL}.Screenshot", "Screenshot",
                       "bbs", False, False, str(target))
        assert done, "GNOME Shell took no screenshot"
        with Image.open(target) as image:
            return image.convert("RGB")

    def stop(self) -> None:
        """End the shell and what it started (Xwayland, its services), then its buses."""
        self.connection.close()
        if self.process is not None:
            end_process(self.process)
            _end_group(self.process.pid)
        stop_bus(self._session_bus)
        stop_bus(self._system_bus)


def _end_group(group: int) -> None:
    """Kill what is left of the shell's process group (Xwayland, if the shell did not end it)."""
    try:
        os.killpg(group, signal.SIGKILL)
    except ProcessLookupError:
        return
