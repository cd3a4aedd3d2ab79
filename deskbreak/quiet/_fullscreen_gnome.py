"""Busy while an app keeps a GNOME session from going idle: gnome-session's ``InhibitedActions``.

On GNOME's Wayland session no client can see other apps' windows, so there
is no "focused fullscreen window" to read. What GNOME does offer: apps that
play a film, run a presentation or a game ask the session not to go idle
(``Inhibit`` with flag 8, directly or through the portal or
``org.freedesktop.ScreenSaver``), and gnome-session ORs every inhibitor's
flags into the ``InhibitedActions`` property of ``org.gnome.SessionManager``.
Bit 8 (idle) set means such an app is at work, fullscreen or not.

The signal is opened only where that name has an owner (a GNOME session, or
one whose session manager speaks the same interface): one ``Properties.Get``
at open, with NO_AUTO_START so it never launches anything. After that it is
watched (``BusWatch``): gnome-session announces every change of the
property with PropertiesChanged, and only then is it read again.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from jeepney import (  # type: ignore[import-untyped]
    DBusAddress,
    HeaderFields,
    MatchRule,
    MessageFlag,
    MessageType,
    Properties,
)

from deskbreak.core import Settings
from deskbreak.quiet._bus import call, open_session_bus
from deskbreak.quiet._bus_watch import BusWatch
from deskbreak.quiet._port import QuietUnavailable

__all__ = ["IDLE_INHIBITED", "SESSION_MANAGER", "GnomeIdleInhibited", "open_signal"]

SESSION_MANAGER = DBusAddress("/org/gnome/SessionManager", bus_name="org.gnome.SessionManager",
                              interface="org.gnome.SessionManager")
IDLE_INHIBITED = 8
"""GSM_INHIBITOR_FLAG_IDLE in gnome-session's gsm-inhibitor-flag.h."""

_NOT_ON_BUS = ("org.freedesktop.DBus.Error.ServiceUnknown", "org.freedesktop.DBus.Error.NameHasNoOwner")
_CHANGED = MatchRule(type="signal", path="/org/gnome/SessionManager", interface="org.freedesktop.DBus.Properties",
                     member="PropertiesChanged")


def _read_message() -> Any:
    message = Properties(SESSION_MANAGER).get("InhibitedActions")
    message.header.flags |= MessageFlag.no_auto_start
    return message


def _idle_inhibited(body: tuple[Any, ...]) -> bool:
    match body:
        case (("u", int(flags)),):
            return bool(flags & IDLE_INHIBITED)
    raise QuietUnavailable(f"gnome-session's InhibitedActions is not a uint32: {body!r}")


def _refusal(error_name: str) -> str:
    if error_name in _NOT_ON_BUS:
        return "org.gnome.SessionManager is not on the session bus (not a GNOME session)"
    return f"gnome-session answered {error_name}"


class GnomeIdleInhibited(BusWatch):
    """Busy while some app inhibits idle in the GNOME session; watched through PropertiesChanged."""

    name = "gnome-session InhibitedActions"
    reason = "fullscreen"

    def __init__(self, connection: Any, changed: Callable[[], None]) -> None:
        super().__init__(connection, changed, SESSION_MANAGER.bus_name)

    def rules(self) -> Sequence[MatchRule]:
        """gnome-session's PropertiesChanged."""
        return (_CHANGED,)

    def read(self) -> bool:
        """Whether the idle bit is set in ``InhibitedActions`` now."""
        return _idle_inhibited(self.ask(_read_message()))

    def refused(self, error_name: str) -> str:
        """No gnome-session is no GNOME session."""
        return _refusal(error_name)


def open_signal(environ: Mapping[str, str], settings: Settings, changed: Callable[[], None]) -> GnomeIdleInhibited:
    """Connect and read once, so a session without gnome-session fails here, as a doctor line; then watch."""
    connection = open_session_bus(environ)
    try:
        reply = call(connection, _read_message(), "gnome-session")
        if reply.header.message_type == MessageType.error:
            raise QuietUnavailable(_refusal(reply.header.fields.get(HeaderFields.error_name, "an error")))
        _idle_inhibited(tuple(reply.body))
    except QuietUnavailable:
        connection.close()
        raise
    return GnomeIdleInhibited(connection, changed)
