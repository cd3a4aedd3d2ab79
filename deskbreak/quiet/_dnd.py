"""The desktop's do-not-disturb, read from whichever notification server runs now (Linux, D-Bus).

Each server keeps its own switch, so the signal asks the server for its name
(``GetServerInformation``, asked again whenever a reading fails, since the
user may switch servers) and reads that server's switch:

- dunst: property ``paused`` of ``org.dunstproject.cmd0`` (``dunstctl set-paused``);
- KDE Plasma: property ``Inhibited`` of ``org.freedesktop.Notifications``;
- xfce4-notifyd: xfconf's ``/do-not-disturb`` in channel ``xfce4-notifyd``;
- SwayNotificationCenter: ``GetDnd`` of ``org.erikreider.swaync.cc``;
- mako: the mode ``do-not-disturb`` among ``ListModes`` of ``fr.emersion.Mako``.

A server with no switch deskbreak can read (GNOME keeps it in GSettings,
which has no D-Bus route) counts as "not busy", and ``deskbreak doctor`` says so.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from jeepney import DBusAddress, HeaderFields, MessageType, Properties, new_method_call  # type: ignore[import-untyped]

from deskbreak.core import Settings
from deskbreak.quiet._bus import call, open_session_bus
from deskbreak.quiet._port import QuietUnavailable

__all__ = ["READERS", "NotificationServerDnd", "open_signal"]

_NOTIFICATIONS = DBusAddress("/org/freedesktop/Notifications", bus_name="org.freedesktop.Notifications",
                             interface="org.freedesktop.Notifications")


def _property(address: DBusAddress, name: str) -> Any:
    return Properties(address).get(name)


READERS: dict[str, tuple[Callable[[], Any], Callable[[tuple[Any, ...]], bool]]] = {
    "dunst": (lambda: _property(_NOTIFICATIONS.with_interface("org.dunstproject.cmd0"), "paused"),
              lambda body: body[0][1] is True),
    "Plasma": (lambda: _property(_NOTIFICATIONS, "Inhibited"), lambda body: body[0][1] is True),
    "xfce4-notifyd": (
        lambda: new_method_call(DBusAddress("/org/xfce/Xfconf", bus_name="org.xfce.Xfconf",
                                            interface="org.xfce.Xfconf"),
                                "GetProperty", "ss", ("xfce4-notifyd", "/do-not-disturb")),
        lambda body: body[0][1] is True),
    "SwayNotificationCenter": (
        lambda: new_method_call(DBusAddress("/org/erikreider/swaync/cc", bus_name="org.erikreider.swaync.cc",
                                            interface="org.erikreider.swaync.cc"), "GetDnd"),
        lambda body: body[0] is True),
    "mako": (
        lambda: new_method_call(DBusAddress("/fr/emersion/Mako", bus_name="org.freedesktop.Notifications",
                                            interface="fr.emersion.Mako"), "ListModes"),
        lambda body: "do-not-disturb" in body[0]),
}
"""How to read each server's switch: the call to make, and how its reply says "on"."""

_UNSET = "org.xfce.Xfconf.Error.PropertyNotFound"  # xfce4-notifyd's switch was never touched: off


class NotificationServerDnd:
    """Busy while the running notification server's do-not-disturb is on."""

    name = "notification server"
    reason = "do not disturb"

    def __init__(self, connection: Any) -> None:
        self._connection = connection
        self._server: str | None = None

    def busy(self) -> bool:
        """Ask the server (its name first, if not known yet) whether its do-not-disturb is on."""
        try:
            if self._server is None:
                self._server = str(self._call(new_method_call(_NOTIFICATIONS, "GetServerInformation"))[0])
            reader = READERS.get(self._server)
            if reader is None:
                return False
            make_call, is_on = reader
            return is_on(self._call(make_call()))
        except QuietUnavailable:
            self._server = None
            raise

    def server(self) -> str | None:
        """The notification server's name, once asked."""
        return self._server

    def _call(self, message: Any) -> tuple[Any, ...]:
        reply = call(self._connection, message, "the notification server")
        if reply.header.message_type == MessageType.error:
            error_name = reply.header.fields.get(HeaderFields.error_name, "an error")
            if error_name == _UNSET:
                return (("b", False),)
            raise QuietUnavailable(f"the notification server ({self._server or 'not known yet'}) answered {error_name}")
        if not reply.body:
            raise QuietUnavailable("the notification server answered with nothing")
        return tuple(reply.body)

    def close(self) -> None:
        """Close the bus connection."""
        self._connection.close()


def open_signal(environ: Mapping[str, str], settings: Settings) -> NotificationServerDnd:
    """Connect to the session bus; which server runs is asked at the first reading."""
    return NotificationServerDnd(open_session_bus(environ))
