"""Idle time from ``org.freedesktop.ScreenSaver.GetSessionIdleTime`` (KDE Plasma and others).

Unit: milliseconds. The interface was never written down as a spec, and its
implementers disagree: KDE answers in milliseconds (KIdleTime's unit), while
Unity, Lomiri and the old Razor-qt locker answer in seconds, and some
lockers always answer 0. KDE is the desktop this backend is really for, so
we read milliseconds. The error is in the safe direction: a desktop that
answers in seconds looks 1000 times less idle than it is, so natural breaks
go unnoticed (as with AlwaysPresent), but no reminder is lost or cut short.

KDE exports the interface at ``/org/freedesktop/ScreenSaver`` and also at
the older ``/ScreenSaver``; both are tried, in that order.
"""

from __future__ import annotations

from collections.abc import Mapping

from deskbreak.idle._dbus import DBusIdle, IdleMethod, open_dbus_source

__all__ = ["SCREENSAVER_PATHS", "open_source"]

SCREENSAVER_PATHS = tuple(
    IdleMethod(
        bus_name="org.freedesktop.ScreenSaver",
        object_path=path,
        interface="org.freedesktop.ScreenSaver",
        member="GetSessionIdleTime",
    )
    for path in ("/org/freedesktop/ScreenSaver", "/ScreenSaver")
)


def open_source(environ: Mapping[str, str]) -> DBusIdle:
    """Connect to the session bus and keep the first screensaver path that answers."""
    return open_dbus_source("freedesktop", environ, SCREENSAVER_PATHS)
