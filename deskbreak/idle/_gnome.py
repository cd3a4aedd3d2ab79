"""GNOME (Mutter) idle time: ``org.gnome.Mutter.IdleMonitor.GetIdletime``, in milliseconds.

Mutter sees all input, Wayland and X11 alike, which is why this backend
comes first on Wayland sessions. Its idle watches (``_mutter``) tell of
changes, so the daemon need not ask every few seconds.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

from deskbreak.idle._dbus import DBusIdle, IdleMethod, open_dbus_source
from deskbreak.idle._mutter import GnomeIdleWatch, MutterWatches
from deskbreak.idle._port import IdleUnavailable

__all__ = ["MUTTER_IDLE_MONITOR", "open_source"]

MUTTER_IDLE_MONITOR = IdleMethod(
    bus_name="org.gnome.Mutter.IdleMonitor",
    object_path="/org/gnome/Mutter/IdleMonitor/Core",
    interface="org.gnome.Mutter.IdleMonitor",
    member="GetIdletime",
)


def open_source(environ: Mapping[str, str]) -> DBusIdle | GnomeIdleWatch:
    """Connect to the session bus and check that Mutter answers; with its idle watches where it takes them."""
    reading = open_dbus_source("gnome", environ, [MUTTER_IDLE_MONITOR])
    try:
        return GnomeIdleWatch(reading, MutterWatches(environ))
    except IdleUnavailable as missing:
        logging.getLogger("deskbreak").info("gnome idle is sampled, not watched: %s", missing)
        return reading
