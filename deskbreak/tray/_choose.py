"""Picks the tray backend for this session (pystray's backend selection, made explicit).

Order on Linux and the BSDs: "sni" when a StatusNotifierWatcher is on the
session bus (KDE, GNOME with the AppIndicator extension, XFCE, waybar...),
else pystray's own backend, which is the fixed XEmbed icon ("xorg") when an
XEmbed tray runs, unless ``PYSTRAY_BACKEND`` names another; on macOS and
Windows, pystray's "darwin" and "win32" (fixed to change the icon on their
own loop's thread, ``_darwin`` and ``_win32``); then "none". When no panel of
either kind runs yet (at login the daemon may start before the panel), the
tray is a ``LateTray`` that waits for the first one to appear, and
``TrayChoice.note`` says so. pystray's "gtk" and "appindicator" backends are
used only when ``PYSTRAY_BACKEND`` asks for them: they hang in ``run()``
when the notification service cannot start. ``DESKBREAK_TRAY=sni|xorg|none``
tries only that one.

Each backend's module (jeepney, Xlib) is imported only when it is tried.
Every failed probe leaves one human line in ``TrayChoice.tried``; nothing
is printed here, the daemon logs those lines and ``deskbreak doctor`` shows them.
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from deskbreak.backends import Choice, first_that_opens, overridden
from deskbreak.tray._late import LateTray, PanelWatch
from deskbreak.tray._none import NoTray
from deskbreak.tray._port import OnCommand, Tray, TrayUnavailable
from deskbreak.tray._pystray import pystray_module
from deskbreak.tray._pystray_tray import PystrayTray
from deskbreak.tray._system_tray import open_display, xembed_tray_present

__all__ = ["BACKEND_NAMES", "OVERRIDE_VARIABLE", "TrayChoice", "choose_tray"]

OVERRIDE_VARIABLE = "DESKBREAK_TRAY"
BACKEND_NAMES = ("sni", "xorg", "none")
_PYSTRAY_VARIABLE = "PYSTRAY_BACKEND"
_PYSTRAY_BACKENDS = ("xorg", "gtk", "appindicator", "win32", "darwin")
_FIXED_ICONS = {
    "xorg": ("_xembed", "XembedIcon"), "win32": ("_win32", "Win32Icon"), "darwin": ("_darwin", "DarwinIcon")}
"""pystray backends deskbreak fixes with a subclass: (module, class); the others are used as pystray has them."""
_WAITING_FOR_A_PANEL = "no panel hosted tray icons when the daemon started; the icon appears when one starts"


@dataclass(frozen=True, slots=True)
class TrayChoice(Choice[Tray]):
    """The tray to run, one ``"name: reason"`` line per backend that failed first, and a note on the one chosen."""

    note: str = ""

    @property
    def tray(self) -> Tray:
        """The tray chosen."""
        return self.chosen


def choose_tray(
    on_command: OnCommand, environ: Mapping[str, str] | None = None, platform: str | None = None
) -> TrayChoice:
    """Open the first tray backend that works here, else wait for a panel, else ``NoTray``.

    ``environ`` and ``platform`` default to this process's; tests pass their
    own (X backends still read ``DISPLAY`` from the process environment).
    An unknown ``DESKBREAK_TRAY`` raises ValueError, because a typo should
    not quietly mean "no tray".
    """
    env = os.environ if environ is None else environ
    order = _backend_order(env, sys.platform if platform is None else platform)
    wanted = order[: order.index("none")] if "none" in order else order
    tray, tried = first_that_opens(wanted, lambda name: _open(name, env, on_command), TrayUnavailable)
    if tray is not None:
        return TrayChoice(tray, tried)
    try:
        watch = PanelWatch(env, wanted)
    except TrayUnavailable:
        return TrayChoice(NoTray(), tried)
    late = LateTray(watch, lambda: choose_tray(on_command, env, platform).tray)
    return TrayChoice(late, tried, _WAITING_FOR_A_PANEL)


def _backend_order(environ: Mapping[str, str], platform: str) -> tuple[str, ...]:
    override = overridden(environ, OVERRIDE_VARIABLE, BACKEND_NAMES, "a tray backend")
    if override:
        return override
    pystray_choice = environ.get(_PYSTRAY_VARIABLE, "").strip()
    if pystray_choice == "dummy":
        return ("none",)  # pystray's dummy backend shows nothing either
    if platform in ("darwin", "win32"):
        return (pystray_choice or platform,)
    return ("sni", pystray_choice or "xorg")


def _open(name: str, environ: Mapping[str, str], on_command: OnCommand) -> Tray:
    if name == "sni":
        return PystrayTray("sni", _sni_factory(environ), on_command)
    if name not in _PYSTRAY_BACKENDS:
        raise TrayUnavailable(f"{_PYSTRAY_VARIABLE}={name!r} is not a pystray backend")
    if name == "xorg":
        _check_xembed_tray(environ)
    fixed = _FIXED_ICONS.get(name)
    icon_class = getattr(importlib.import_module(f"{__package__}.{fixed[0]}"), fixed[1]) if fixed else (
        pystray_module(name).Icon)
    return PystrayTray(name, icon_class, on_command)


def _sni_factory(environ: Mapping[str, str]) -> Callable[..., Any]:
    """Connect and check for a watcher now, so a missing one is a tried line, not an invisible icon."""
    sni = importlib.import_module(f"{__package__}._sni")
    connection = sni.connect_session_bus(environ)
    try:
        present = sni.watcher_present(connection)
    except Exception:
        connection.close()
        raise
    if not present:
        connection.close()
        raise TrayUnavailable(f"no {sni.WATCHER} on the session bus (the panel does not host SNI items)")
    return lambda *args, **kwargs: sni.SniIcon(*args, sni_connection=connection, **kwargs)


def _check_xembed_tray(environ: Mapping[str, str]) -> None:
    """TrayUnavailable unless the display can be opened and an XEmbed tray runs on it."""
    display = open_display(environ)
    try:
        present = xembed_tray_present(display)
    finally:
        display.close()
    if not present:
        raise TrayUnavailable(f"no XEmbed system tray on the X display {environ['DISPLAY']}")
