"""Where the user's D-Bus session bus is, found the way libdbus and sd-bus find it.

Shared by every adapter that speaks D-Bus (idle time, notifications, tray).
"""

from __future__ import annotations

import os
from collections.abc import Mapping

__all__ = ["session_bus_address"]


def session_bus_address(environ: Mapping[str, str]) -> str | None:
    """DBUS_SESSION_BUS_ADDRESS, else $XDG_RUNTIME_DIR/bus if it exists, else None."""
    address = environ.get("DBUS_SESSION_BUS_ADDRESS", "")
    if address:
        return address
    runtime_dir = environ.get("XDG_RUNTIME_DIR", "")
    if runtime_dir and os.path.exists(os.path.join(runtime_dir, "bus")):
        return f"unix:path={os.path.join(runtime_dir, 'bus')}"
    return None
