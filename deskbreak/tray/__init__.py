"""The tray icon: how far away the next break is, and a menu that drives the daemon.

The daemon calls ``choose_tray(on_command)`` once at start, logs each line
of ``tried`` once (``deskbreak doctor`` prints them too), then runs
``choice.tray.run()`` on the main thread. Its engine thread calls
``tray.update(tray_view(status, breaks, minutes, routines))`` whenever the
status changes, and ``tray.stop()`` to quit. Menu clicks call ``on_command``
with the same request dicts the CLI sends; it must only enqueue them.

``tray_view`` is pure (tested as a table); ``render_icon`` draws one
``IconState`` at one size; ``build_menu`` declares the pystray menu every
backend shows. Backends: "sni" (StatusNotifierItem + dbusmenu over jeepney),
"xorg" (pystray's XEmbed icon, fixed to hear clicks), pystray's "win32" and
"darwin" (fixed to make every platform call on their loop's thread), and
``NoTray``. ``FakeTray`` is the one tests and simulation use.
"""

from deskbreak.tray._choose import BACKEND_NAMES, OVERRIDE_VARIABLE, TrayChoice, choose_tray
from deskbreak.tray._fake import FakeTray
from deskbreak.tray._icon import ICON_SIZES, render_icon
from deskbreak.tray._menu import PAUSE_CHOICES, SNOOZE_MINUTES, build_menu
from deskbreak.tray._none import NoTray
from deskbreak.tray._port import OnCommand, Request, Tray, TrayUnavailable
from deskbreak.tray._view import STARTING_VIEW, IconMode, IconState, RoutineChoice, TrayView, tray_view

__all__ = [
    "BACKEND_NAMES",
    "ICON_SIZES",
    "OVERRIDE_VARIABLE",
    "PAUSE_CHOICES",
    "SNOOZE_MINUTES",
    "STARTING_VIEW",
    "FakeTray",
    "IconMode",
    "IconState",
    "NoTray",
    "OnCommand",
    "Request",
    "RoutineChoice",
    "Tray",
    "TrayChoice",
    "TrayUnavailable",
    "TrayView",
    "build_menu",
    "choose_tray",
    "render_icon",
    "tray_view",
]
