"""GNOME (Mutter) idle time: ``org.gnome.Mutter.IdleMonitor.GetIdletime``, in milliseconds.

Mutter sees all input, Wayland and X11 alike, which is why this backend
comes first on Wayland sessions.
"""

from __future__ import annotations

from collections.abc import Mapping

from deskbreak.idle._dbus import DBusIdle, IdleMethod, open_dbus_source

__all__ = ["MUTTER_IDLE_MONITOR", "open_source"]

MUTTER_IDLE_MONITOR = IdleMethod(
    bus_name="org.gnome.Mutter.IdleMonitor",
    object_path="/org/gnome/Mutter/IdleMonitor/Core",
    interface="org.gnome.Mutter.IdleMonitor",
    member="GetIdletime",
)


def open_source(environ: Mapping[str, str]) -> DBusIdle:
    """Connect to the session bus and check that Mutter answers."""
    return open_dbus_source("gnome", environ, [MUTTER_IDLE_MONITOR])
