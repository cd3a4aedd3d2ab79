"""A real XFCE 4.18 desktop under Xvfb: xfconfd, xfwm4, xfce4-panel with its systray, xfce4-notifyd.

Everything runs on a private Xvfb and a private session bus that has no
service files, so no notification server but xfce4-notifyd ever answers
(D-Bus activation would start whichever one the machine has). xfconfd is
started by hand for the same reason, and the panel gets a preset
``xfce4-panel.xml`` holding one panel with only the systray plugin: without
it the panel asks on its first start which layout to use. xfce4-panel 4.18's
systray plugin is its own StatusNotifierWatcher and host, so it shows SNI
items as well as XEmbed ones.

Tests look at the desktop as a user would: screenshots (ImageMagick's
``import``) and X windows, and they act with xdotool's pointer and keys.
xfce4-notifyd's buttons are GTK widgets with no X window of their own, so
they are found in a screenshot of the notification: each button is framed by
two vertical border lines, the same on every row of the button.
"""

from __future__ import annotations

import os
import subprocess
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

import pytest
from desktop import WAIT_LIMIT_S, Xvfb, end_process, need, start_bus, stop_bus, wait_until
from desktop_tray import ARTIFACTS, CallFailed, Panel, call, get_property, screenshot, xdotool
from jeepney import HeaderFields, MatchRule  # type: ignore[import-untyped]
from jeepney.bus_messages import message_bus  # type: ignore[import-untyped]
from jeepney.io.blocking import open_dbus_connection  # type: ignore[import-untyped]
from PIL import Image

SHOTS = ARTIFACTS / "xfce"
WATCHER = "org.kde.StatusNotifierWatcher"
NOTIFICATIONS = "org.freedesktop.Notifications"
MENU = "com.canonical.dbusmenu"
FRAME_CONTRAST = 20  # how much darker than its neighbours a button's frame is drawn (about 40 here)
Box = tuple[int, int, int, int]  # left, top, right, bottom on the screen

PANEL_XML = """<?xml version="1.0" encoding="UTF-8"?>
<channel name="xfce4-panel" version="1.0">
  <property name="configver" type="int" value="2"/>
  <property name="panels" type="array">
    <value type="int" value="1"/>
    <property name="panel-1" type="empty">
      <property name="position" type="string" value="p=6;x=0;y=0"/>
      <property name="length" type="uint" value="100"/>
      <property name="position-locked" type="bool" value="true"/>
      <property name="size" type="uint" value="26"/>
      <property name="icon-size" type="uint" value="16"/>
      <property name="plugin-ids" type="array">
        <value type="int" value="1"/>
      </property>
    </property>
  </property>
  <property name="plugins" type="empty">
    <property name="plugin-1" type="string" value="systray"/>
  </property>
</channel>
"""


def session_environ(root: Path, display: str, bus: str) -> dict[str, str]:
    """One user's session: this display and bus, a home and XDG folders under ``root``, a temp folder of its own."""
    home = root / "home"
    runtime, temp = root / "run", root / "temp"
    for folder in (home, temp):
        folder.mkdir(exist_ok=True)
    runtime.mkdir(mode=0o700, exist_ok=True)
    return {"DISPLAY": display, "DBUS_SESSION_BUS_ADDRESS": bus, "HOME": str(home),
            "XDG_CONFIG_HOME": str(home / ".config"), "XDG_DATA_HOME": str(home / ".local" / "share"),
            "XDG_STATE_HOME": str(home / ".local" / "state"), "XDG_CACHE_HOME": str(home / ".cache"),
            "XDG_RUNTIME_DIR": str(runtime), "TMPDIR": str(temp), "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "NO_AT_BRIDGE": "1", "GDK_BACKEND": "x11"}


class XfceDesktop:
    """The running desktop: its session ``env``, a D-Bus ``client``, and what a user can see and do on it."""

    def __init__(self, env: dict[str, str], client: Any) -> None:
        self.env, self.client = env, client
        self._pointer_at = 0

    def has_owner(self, name: str) -> bool:
        return bool(call(self.client, "org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus",
                         "NameHasOwner", "s", name)[0])

    def hosting(self) -> bool:
        """The panel's systray is the StatusNotifierWatcher, with its host registered."""
        try:
            return bool(get_property(self.client, WATCHER, "/StatusNotifierWatcher", WATCHER,
                                     "IsStatusNotifierHostRegistered"))
        except CallFailed:
            return False

    def tray_items(self) -> list[str]:
        try:
            return list(get_property(self.client, WATCHER, "/StatusNotifierWatcher", WATCHER,
                                     "RegisteredStatusNotifierItems"))
        except CallFailed:
            return []

    @contextmanager
    def notification_signals(self) -> Iterator[Callable[[], tuple[str, tuple[Any, ...]]]]:
        """While open, what xfce4-notifyd broadcasts: a call gives the next signal's member and body."""
        rule = MatchRule(type="signal", interface=NOTIFICATIONS, path="/org/freedesktop/Notifications")
        self.client.send_and_get_reply(message_bus.AddMatch(rule), timeout=5)
        with self.client.filter(rule, bufsize=16) as received:

            def next_signal() -> tuple[str, tuple[Any, ...]]:
                message = self.client.recv_until_filtered(received, timeout=WAIT_LIMIT_S)
                return message.header.fields[HeaderFields.member], message.body

            yield next_signal

    def nudge_pointer(self) -> bool:
        """Move the pointer a pixel on the empty desktop: real input, which resets the X server's idle time."""
        self._pointer_at = 1 - self._pointer_at
        xdotool(self.env, "mousemove", str(300 + self._pointer_at), "400")
        return True

    def click(self, x: int, y: int, button: int = 1) -> None:
        xdotool(self.env, "mousemove", str(x), str(y), "click", str(button))

    def keys(self, *names: str) -> None:
        xdotool(self.env, "key", *names)

    def screenshot(self, name: str) -> Image.Image:
        return screenshot(self.env, SHOTS / name)

    def notification_boxes(self) -> list[Box]:
        """Where xfce4-notifyd's notification windows are mapped now (its 1-pixel helper windows left out)."""
        search = [need("xdotool", "xdotool"), "search", "--onlyvisible", "--classname", "xfce4-notifyd"]
        found = subprocess.run(search, env=self.env, capture_output=True, text=True, timeout=10, check=False)
        boxes = [self._window_box(window) for window in found.stdout.split()]
        return [box for box in boxes if box is not None and box[2] - box[0] > 50]

    def _window_box(self, window: str) -> Box | None:
        command = [need("xdotool", "xdotool"), "getwindowgeometry", "--shell", window]
        done = subprocess.run(command, env=self.env, capture_output=True, text=True, timeout=10, check=False)
        geometry = dict(line.split("=", 1) for line in done.stdout.split() if "=" in line)
        if done.returncode != 0 or "X" not in geometry:
            return None  # the window went away between the search and this look
        left, top = int(geometry["X"]), int(geometry["Y"])
        return left, top, left + int(geometry["WIDTH"]), top + int(geometry["HEIGHT"])

    def one_notification(self) -> Box:
        """The one notification on screen, once xfce4-notifyd has mapped it."""
        wait_until(lambda: len(self.notification_boxes()) == 1, "xfce4-notifyd shows one notification")
        return self.notification_boxes()[0]


def buttons_in(shot: Image.Image, window: Box) -> list[Box]:
    """The buttons drawn in ``window`` on ``shot``, left to right.

    A button's frame is a line darker than the face inside it and the window
    around it (whatever the theme's colours, which differ with and without a
    compositor). Every row crossing the button bar holds the same frame
    columns, two per button; no other row repeats one set as often, so the
    most common non-empty set of such columns is the bar, and the rows holding it its height.
    """
    left, top, right, bottom = window
    grey = shot.convert("L")
    rows: dict[int, tuple[int, ...]] = {}
    for y in range(top, bottom):
        rows[y] = tuple(x for x in range(left + 2, right - 2) if _is_frame(grey, x, y))
    counts = Counter(columns for columns in rows.values() if columns)
    if not counts:
        return []
    edges, _ = counts.most_common(1)[0]
    bar = [y for y, columns in rows.items() if columns == edges]
    return [(edges[i], min(bar), edges[i + 1], max(bar)) for i in range(0, len(edges) - 1, 2)]


def _is_frame(grey: Image.Image, x: int, y: int) -> bool:
    """Whether the pixel at (x, y) is a thin vertical line: clearly darker than both its neighbours."""
    here, before, after = (int(grey.getpixel((column, y))) for column in (x, x - 1, x + 1))  # type: ignore[arg-type]
    return before - here > FRAME_CONTRAST and after - here > FRAME_CONTRAST


def centre_of(box: Box) -> tuple[int, int]:
    return (box[0] + box[2]) // 2, (box[1] + box[3]) // 2


def menu_steps(client: Any, item: str, label: str) -> int:
    """How many Down key presses select ``label`` in ``item``'s top-level menu, as GTK skips what cannot be chosen."""
    bus_name = item.split("/", 1)[0]  # the watcher lists an item as a bus name, or a bus name and its path
    _, root = call(client, bus_name, "/MenuBar", MENU, "GetLayout", "iias", 0, 1, [])
    choosable: list[str] = []
    for _, (_, properties, _) in root[2]:
        plain = {key: value for key, (_, value) in properties.items()}
        if plain.get("type") != "separator" and plain.get("enabled", True) and plain.get("visible", True):
            choosable.append(plain["label"])
    assert label in choosable, f"{label!r} cannot be chosen in the menu now: {choosable}"
    return choosable.index(label) + 1


@contextmanager
def xfce_desktop(root: Path) -> Iterator[XfceDesktop]:
    """Xvfb, a bus, xfconfd, xfwm4, xfce4-panel and xfce4-notifyd, each waited for until it is up."""
    with ExitStack() as stack:
        xvfb = Xvfb(root / "xvfb.log", size="1024x768")
        stack.callback(xvfb.stop)
        bus_daemon, bus = start_bus(root)
        stack.callback(stop_bus, bus_daemon)
        env = session_environ(root, xvfb.display, bus)
        panel_xml = Path(env["XDG_CONFIG_HOME"]) / "xfce4" / "xfconf" / "xfce-perchannel-xml" / "xfce4-panel.xml"
        panel_xml.parent.mkdir(parents=True)
        panel_xml.write_text(PANEL_XML)
        client = open_dbus_connection(bus=bus)
        stack.callback(client.close)
        desktop = XfceDesktop(env, client)
        for command, package, ready in (
            ([_xfconfd()], "xfconf", lambda: desktop.has_owner("org.xfce.Xfconf")),
            # no compositor: a window is on screen as soon as it is drawn, with no fade-in to wait out
            ([need("xfwm4", "xfwm4"), "--compositor=off"], "xfwm4", lambda: _window_manager_running(env)),
            ([need("xfce4-panel", "xfce4-panel")], "xfce4-panel", desktop.hosting),
            ([_notifyd()], "xfce4-notifyd", lambda: desktop.has_owner(NOTIFICATIONS)),
        ):
            started = Panel.started(command, package, env, root / f"{Path(command[0]).name}.log", ready)
            stack.callback(end_process, started.process)
        yield desktop


def _xfconfd() -> str:
    return _libexec("xfconf/xfconfd", "xfconf")


def _notifyd() -> str:
    return _libexec("notifyd/xfce4-notifyd", "xfce4-notifyd")


def _libexec(relative: str, package: str) -> str:
    """A program XFCE keeps out of PATH, in /usr/lib/<architecture triplet>/xfce4/."""
    path = next(Path("/usr/lib").glob(f"*/xfce4/{relative}"), None)
    if path is None:
        pytest.fail(f"/usr/lib/*/xfce4/{relative} is not installed (Debian package {package})")
    return str(path)


def _window_manager_running(env: dict[str, str]) -> bool:
    """xfwm4 has set _NET_SUPPORTING_WM_CHECK on the root window, as a window manager does once it runs."""
    command = [need("xprop", "x11-utils"), "-root", "_NET_SUPPORTING_WM_CHECK"]
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=10, check=False)
    return "window id" in done.stdout
