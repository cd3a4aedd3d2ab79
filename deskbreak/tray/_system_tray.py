"""Whether an XEmbed system tray (a panel's notification area) runs on the X display.

The chooser asks this when no StatusNotifierWatcher is on the session bus,
to tell "this panel only hosts XEmbed icons" (use pystray's xorg icon) from
"no panel has started yet" (at login the daemon can start before the panel;
then the SNI item waits for a watcher, which every current panel provides).
"""

from __future__ import annotations

from collections.abc import Mapping

__all__ = ["xembed_tray_present"]


def xembed_tray_present(environ: Mapping[str, str]) -> bool:
    """True if a window owns ``_NET_SYSTEM_TRAY_S<screen>`` on ``environ``'s DISPLAY."""
    name = environ.get("DISPLAY", "")
    if not name:
        return False
    from Xlib import X, display  # type: ignore[import-untyped]  # python-xlib comes with pystray on Linux

    try:
        connection = display.Display(name)
    except Exception:  # Xlib raises its own errors and OSError for every kind of unreachable display
        return False
    try:
        selection = connection.intern_atom(f"_NET_SYSTEM_TRAY_S{connection.get_default_screen()}")
        return bool(connection.get_selection_owner(selection) != X.NONE)
    finally:
        connection.close()
