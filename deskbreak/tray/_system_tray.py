"""The X display's XEmbed system tray (a panel's notification area), as the chooser sees it.

An XEmbed tray owns the selection ``_NET_SYSTEM_TRAY_S<screen>`` and, when
it starts, tells every client with a MANAGER message sent to the root
window (freedesktop's System Tray Protocol). python-xlib comes with pystray
on Linux; it is imported only when the display is asked about.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from deskbreak.tray._port import TrayUnavailable

__all__ = ["open_display", "xembed_tray_present"]


def open_display(environ: Mapping[str, str]) -> Any:
    """An Xlib connection to ``environ``'s DISPLAY, or TrayUnavailable saying why not."""
    name = environ.get("DISPLAY", "")
    if not name:
        raise TrayUnavailable("no X display (DISPLAY is not set)")
    from Xlib import display  # type: ignore[import-untyped]

    try:
        return display.Display(name)
    except Exception as error:  # Xlib raises its own errors and OSError for an unreachable display
        raise TrayUnavailable(f"cannot open the X display {name} ({type(error).__name__}: {error})") from None


def xembed_tray_present(connection: Any) -> bool:
    """Whether a window owns the system tray selection of the connection's default screen."""
    from Xlib import X

    selection = connection.intern_atom(f"_NET_SYSTEM_TRAY_S{connection.get_default_screen()}")
    return bool(connection.get_selection_owner(selection) != X.NONE)
