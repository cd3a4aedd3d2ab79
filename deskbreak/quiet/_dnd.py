"""The desktop's do-not-disturb, watched on whichever notification server runs now (Linux, D-Bus).

Each server keeps its own switch, so the watch asks the server for its name
(``GetServerInformation``, again whenever another program takes
``org.freedesktop.Notifications``) and reads that server's switch:

- dunst: property ``paused`` of ``org.dunstproject.cmd0`` (``dunstctl set-paused``);
- KDE Plasma: property ``Inhibited`` of ``org.freedesktop.Notifications``;
- xfce4-notifyd (which calls itself "Xfce Notify Daemon"): xfconf's
  ``/do-not-disturb`` in channel ``xfce4-notifyd``;
- SwayNotificationCenter: ``GetDnd`` of ``org.erikreider.swaync.cc``;
- mako: the mode ``do-not-disturb`` among ``ListModes`` of ``fr.emersion.Mako``, which mako
  serves at ``/fr/emersion/Mako`` (as ``makoctl mode`` asks it), not at the Notifications path;
- GNOME Shell: GSettings' ``org.gnome.desktop.notifications show-banners``
  (false while do-not-disturb is on), which has no D-Bus route: read with
  ``gsettings get``, once at start and again when dconf announces a change.

It is read again only when the server says it changed (PropertiesChanged,
xfconf's PropertyChanged, dconf's Notify), so a quiet desktop costs no
wake-up; mako and SwayNotificationCenter announce nothing, so they are
asked once a minute. Any other server counts as "not busy".
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from jeepney import (  # type: ignore[import-untyped]
    DBusAddress,
    HeaderFields,
    MatchRule,
    Properties,
    new_method_call,
)

from deskbreak.core import Settings
from deskbreak.quiet._bus import CALL_TIMEOUT_S, open_session_bus
from deskbreak.quiet._bus_watch import BusWatch
from deskbreak.quiet._port import QuietUnavailable

__all__ = ["READERS", "NotificationServerDnd", "open_signal"]

_POLL_S = 60.0  # for servers that announce no change
_BUS_NAME = "org.freedesktop.Notifications"
_NOTIFICATIONS = DBusAddress("/org/freedesktop/Notifications", bus_name=_BUS_NAME, interface=_BUS_NAME)
_XFCONF = DBusAddress("/org/xfce/Xfconf", bus_name="org.xfce.Xfconf", interface="org.xfce.Xfconf")
_MAKO = DBusAddress("/fr/emersion/Mako", bus_name=_BUS_NAME, interface="fr.emersion.Mako")


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
    "mako": lambda call: "do-not-disturb" in call(new_method_call(_MAKO, "ListModes"))[0],
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


class NotificationServerDnd(BusWatch):
    """Busy while the running notification server's do-not-disturb is on; watched on its own thread."""

    name = "notification server"
    reason = "do not disturb"

    def __init__(self, connection: Any, changed: Callable[[], None]) -> None:
        self._server: str | None = None
        super().__init__(connection, changed, _BUS_NAME)

    def rules(self) -> Sequence[MatchRule]:
        """The servers' own change signals, and the settings daemons' that keep some servers' switches."""
        return _CHANGES

    def concerns(self, message: Any) -> bool:
        """A change from the server, or from a settings daemon that keeps its switch."""
        return super().concerns(message) or message.header.fields.get(HeaderFields.interface) in _SETTINGS_DAEMONS

    def owner_changed(self) -> None:
        """Another program may serve notifications now: ask its name again."""
        self._server = None

    def poll_after(self) -> float | None:
        """Servers that announce no change of their switch are asked once a minute."""
        return None if self._server in _ANNOUNCED else _POLL_S

    def read(self) -> bool:
        """Ask the server's name if not known, then read its switch."""
        try:
            if self._server is None:
                self._server = str(self.ask(new_method_call(_NOTIFICATIONS, "GetServerInformation"))[0])
            reader = READERS.get(self._server)
            return False if reader is None else reader(self.ask)
        except (IndexError, TypeError):
            self._server = None
            raise QuietUnavailable("the notification server answered something other than its name or its switch"
                                   ) from None
        except QuietUnavailable:
            self._server = None
            raise

    def ask(self, message: Any) -> tuple[Any, ...]:
        """As ``BusWatch.ask``; xfce4-notifyd's switch, never touched, is off rather than an error."""
        try:
            return super().ask(message)
        except QuietUnavailable as error:
            if str(error).endswith(_UNSET):
                return (("b", False),)
            raise

    def refused(self, error_name: str) -> str:
        """The problem, naming the server once it is known."""
        return f"the notification server ({self._server or 'not known yet'}) answered {error_name}"


def open_signal(environ: Mapping[str, str], settings: Settings, changed: Callable[[], None]) -> NotificationServerDnd:
    """Connect to the session bus and start watching; which server runs is asked first thing."""
    return NotificationServerDnd(open_session_bus(environ), changed)
