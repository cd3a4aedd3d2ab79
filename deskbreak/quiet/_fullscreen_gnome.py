"""Busy while an app keeps a GNOME session from going idle: gnome-session's ``InhibitedActions``.

On GNOME's Wayland session no client can see other apps' windows, so there
is no "focused fullscreen window" to read. What GNOME does offer: apps that
play a film, run a presentation or a game ask the session not to go idle
(``Inhibit`` with flag 8, directly or through the portal or
``org.freedesktop.ScreenSaver``), and gnome-session ORs every inhibitor's
flags into the ``InhibitedActions`` property of ``org.gnome.SessionManager``.
Bit 8 (idle) set means such an app is at work, fullscreen or not.

The signal is opened only where that name has an owner (a GNOME session, or
one whose session manager speaks the same interface); each reading is one
``Properties.Get`` that waits at most a second, with NO_AUTO_START so a
reading never launches anything.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from jeepney import (  # type: ignore[import-untyped]
    DBusAddress,
    HeaderFields,
    MessageFlag,
    MessageType,
    Properties,
)

from deskbreak.core import Settings
from deskbreak.quiet._bus import call, open_session_bus
from deskbreak.quiet._port import QuietUnavailable

__all__ = ["IDLE_INHIBITED", "SESSION_MANAGER", "GnomeIdleInhibited", "open_signal"]

SESSION_MANAGER = DBusAddress("/org/gnome/SessionManager", bus_name="org.gnome.SessionManager",
                              interface="org.gnome.SessionManager")
IDLE_INHIBITED = 8
"""GSM_INHIBITOR_FLAG_IDLE in gnome-session's gsm-inhibitor-flag.h."""

_NOT_ON_BUS = ("org.freedesktop.DBus.Error.ServiceUnknown", "org.freedesktop.DBus.Error.NameHasNoOwner")


class GnomeIdleInhibited:
    """Busy while some app inhibits idle in the GNOME session."""

    name = "gnome-session InhibitedActions"
    reason = "fullscreen"

    def __init__(self, connection: Any) -> None:
        self._connection = connection
        self._read = Properties(SESSION_MANAGER).get("InhibitedActions")
        self._read.header.flags |= MessageFlag.no_auto_start

    def busy(self) -> bool:
        """Whether the idle bit is set in ``InhibitedActions`` now."""
        return bool(self._inhibited_actions() & IDLE_INHIBITED)

    def _inhibited_actions(self) -> int:
        reply = call(self._connection, self._read, "gnome-session")
        if reply.header.message_type == MessageType.error:
            error_name = reply.header.fields.get(HeaderFields.error_name, "an error")
            if error_name in _NOT_ON_BUS:
                raise QuietUnavailable("org.gnome.SessionManager is not on the session bus (not a GNOME session)")
            raise QuietUnavailable(f"gnome-session answered {error_name}")
        match reply.body:
            case (("u", int(flags)),):
                return flags
        raise QuietUnavailable(f"gnome-session's InhibitedActions is not a uint32: {reply.body!r}")

    def close(self) -> None:
        """Close the bus connection."""
        self._connection.close()


def open_signal(environ: Mapping[str, str], settings: Settings, changed: Callable[[], None]) -> GnomeIdleInhibited:
    """Connect and read once, so a session without gnome-session fails here, as a doctor line."""
    connection = open_session_bus(environ)
    signal = GnomeIdleInhibited(connection)
    try:
        signal.busy()
    except QuietUnavailable:
        signal.close()
        raise
    return signal
