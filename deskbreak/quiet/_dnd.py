"""The desktop's do-not-disturb, watched on whichever notification server runs now (Linux, D-Bus).

Each server keeps its own switch, so the watch asks the server for its name
(``GetServerInformation``, again whenever another program takes
``org.freedesktop.Notifications``) and reads that server's switch:

- dunst: property ``paused`` of ``org.dunstproject.cmd0`` (``dunstctl set-paused``);
- KDE Plasma: property ``Inhibited`` of ``org.freedesktop.Notifications``;
- xfce4-notifyd (which calls itself "Xfce Notify Daemon"): xfconf's
  ``/do-not-disturb`` in channel ``xfce4-notifyd``;
- SwayNotificationCenter: ``GetDnd`` of ``org.erikreider.swaync.cc``;
- mako: the mode ``do-not-disturb`` among ``ListModes`` of ``fr.emersion.Mako``;
- GNOME Shell: GSettings' ``org.gnome.desktop.notifications show-banners``
  (false while do-not-disturb is on), which has no D-Bus route: read with
  ``gsettings get``, once at start and again when dconf announces a change.

It is read again only when the server says it changed (PropertiesChanged,
xfconf's PropertyChanged, dconf's Notify), so a quiet desktop costs no
wake-up; mako and SwayNotificationCenter announce nothing, so they are
asked once a minute. Any other server counts as "not busy".
"""

from __future__ import annotations

import contextlib
import logging
import shutil
import socket
import subprocess
import threading
from collections import deque
from collections.abc import Callable, Mapping
from typing import Any

from jeepney import (  # type: ignore[import-untyped]
    DBusAddress,
    HeaderFields,
    MatchRule,
    MessageType,
    Properties,
    new_method_call,
)
from jeepney.bus_messages import message_bus  # type: ignore[import-untyped]

from deskbreak.bus_peers import NameOwner
from deskbreak.core import Settings
from deskbreak.quiet._bus import CALL_TIMEOUT_S, call, open_session_bus
from deskbreak.quiet._port import QuietUnavailable

__all__ = ["READERS", "NotificationServerDnd", "open_signal"]

_log = logging.getLogger("deskbreak")
_POLL_S = 60.0  # for servers that announce no change
_BUS_NAME = "org.freedesktop.Notifications"
_NOTIFICATIONS = DBusAddress("/org/freedesktop/Notifications", bus_name=_BUS_NAME, interface=_BUS_NAME)
_XFCONF = DBusAddress("/org/xfce/Xfconf", bus_name="org.xfce.Xfconf", interface="org.xfce.Xfconf")


Call = Callable[[Any], tuple[Any, ...]]
"""Sends a method call and returns its reply's body, or raises QuietUnavailable."""


def _variant_true(call: Call, message: Any) -> bool:
    return bool(call(message)[0][1] is True)


def _gnome_banners_off(call: Call) -> bool:
    gsettings = shutil.which("gsettings")
    if gsettings is None:
        raise QuietUnavailable("gsettings is not installed, so GNOME's do-not-disturb cannot be read")
    try:
        done = subprocess.run([gsettings, "get", "org.gnome.desktop.notifications", "show-banners"],
                              capture_output=True, text=True, timeout=CALL_TIMEOUT_S * 5, check=False)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise QuietUnavailable(f"gsettings failed ({error})") from None
    if done.returncode != 0:
        raise QuietUnavailable(f"gsettings failed: {done.stderr.strip()}")
    return done.stdout.strip() == "false"


READERS: dict[str, Callable[[Call], bool]] = {
    "dunst": lambda call: _variant_true(
        call, Properties(_NOTIFICATIONS.with_interface("org.dunstproject.cmd0")).get("paused")),
    "Plasma": lambda call: _variant_true(call, Properties(_NOTIFICATIONS).get("Inhibited")),
    "Xfce Notify Daemon": lambda call: _variant_true(
        call, new_method_call(_XFCONF, "GetProperty", "ss", ("xfce4-notifyd", "/do-not-disturb"))),
    "SwayNotificationCenter": lambda call: call(new_method_call(
        DBusAddress("/org/erikreider/swaync/cc", bus_name="org.erikreider.swaync.cc",
                    interface="org.erikreider.swaync.cc"), "GetDnd"))[0] is True,
    "mako": lambda call: "do-not-disturb" in call(
        new_method_call(_NOTIFICATIONS.with_interface("fr.emersion.Mako"), "ListModes"))[0],
    "gnome-shell": _gnome_banners_off,
}
"""How to read each server's switch, by the name it gives in GetServerInformation."""

_ANNOUNCED = frozenset({"dunst", "Plasma", "Xfce Notify Daemon", "gnome-shell"})  # they signal a change
_UNSET = "org.xfce.Xfconf.Error.PropertyNotFound"  # xfce4-notifyd's switch was never touched: off
_CHANGES = (
    MatchRule(type="signal", path="/org/freedesktop/Notifications", interface="org.freedesktop.DBus.Properties",
              member="PropertiesChanged"),
    MatchRule(type="signal", interface="org.xfce.Xfconf", member="PropertyChanged"),
    MatchRule(type="signal", interface="ca.desrt.dconf.Writer", member="Notify"),
)
_SETTINGS_DAEMONS = frozenset({"org.xfce.Xfconf", "ca.desrt.dconf.Writer"})  # they announce a server's switch


class NotificationServerDnd:
    """Busy while the running notification server's do-not-disturb is on; watched on its own thread.

    ``busy`` only reads what the watching thread last saw; that thread calls
    ``changed`` (which queues a sample) when the switch flips or reading it
    fails, and ``close`` ends it from any thread.
    """

    name = "notification server"
    reason = "do not disturb"

    def __init__(self, connection: Any, changed: Callable[[], None]) -> None:
        self._connection = connection
        self._changed = changed
        self._on = False
        self._problem: str | None = None
        self._server: str | None = None
        self._owner = NameOwner(_BUS_NAME)
        self._early: deque[Any] = deque()
        connection.filter(MatchRule(type="signal"), queue=self._early)  # signals that come with replies
        self._closed = threading.Event()
        self._thread = threading.Thread(target=self._watch, name="quiet-dnd", daemon=True)
        self._thread.start()

    def busy(self) -> bool:
        """What the server's switch said when last read; QuietUnavailable if it could not be read."""
        if self._problem is not None:
            raise QuietUnavailable(self._problem)
        return self._on

    def _watch(self) -> None:
        try:
            for rule in _CHANGES:
                self._call(message_bus.AddMatch(rule))
            with contextlib.suppress(QuietUnavailable):  # nobody owns the name yet: the first read says so
                self._owner.start(self._call)
            self._read()
            while not self._closed.is_set():
                while self._early:
                    self._take(self._early.popleft())
                try:
                    self._take(self._connection.receive(timeout=None if self._server in _ANNOUNCED else _POLL_S))
                except TimeoutError:
                    self._read()
        except (OSError, ValueError, QuietUnavailable) as error:  # the bus is gone, or refused our match rules
            if not self._closed.is_set():
                self._settle(False, f"lost the session bus connection ({error})")

    def _take(self, message: Any) -> None:
        """Read the switch again when the server changed hands or says it changed."""
        if message.header.message_type != MessageType.signal:
            return
        if self._owner.follow(message):
            self._server = None
            self._read()
        elif self._owner.sent(message) or message.header.fields.get(HeaderFields.interface) in _SETTINGS_DAEMONS:
            self._read()

    def _read(self) -> None:
        try:
            if self._server is None:
                self._server = str(self._call(new_method_call(_NOTIFICATIONS, "GetServerInformation"))[0])
            reader = READERS.get(self._server)
            on = False if reader is None else reader(self._call)
        except (IndexError, TypeError):
            self._server = None
            self._settle(False, "the notification server answered something other than its name or its switch")
        except QuietUnavailable as error:
            self._server = None
            self._settle(False, str(error))
        else:
            self._settle(on, None)

    def _settle(self, on: bool, problem: str | None) -> None:
        if (on, problem) != (self._on, self._problem):
            self._on, self._problem = on, problem
            self._changed()

    def _call(self, message: Any) -> tuple[Any, ...]:
        reply = call(self._connection, message, "the notification server")
        if reply.header.message_type == MessageType.error:
            error_name = reply.header.fields.get(HeaderFields.error_name, "an error")
            if error_name == _UNSET:
                return (("b", False),)
            raise QuietUnavailable(f"the notification server ({self._server or 'not known yet'}) answered {error_name}")
        return tuple(reply.body)

    def close(self) -> None:
        """End the watching thread and close the connection; safe from any thread, and twice."""
        if self._closed.is_set():
            return
        self._closed.set()
        with contextlib.suppress(OSError):  # the bus already hung up: the thread is ending anyway
            self._connection.sock.shutdown(socket.SHUT_RDWR)
        if self._thread is not threading.current_thread():
            self._thread.join(timeout=5)
        self._connection.close()


def open_signal(environ: Mapping[str, str], settings: Settings, changed: Callable[[], None]) -> NotificationServerDnd:
    """Connect to the session bus and start watching; which server runs is asked first thing."""
    return NotificationServerDnd(open_session_bus(environ), changed)
