"""Picks the idle backend for this session (pystray's backend selection, made explicit).

Each backend is a private module with ``open_source(environ)``, imported only
when it is tried, so a session pays for ctypes or jeepney only if it uses them.
Every failed probe leaves one human line in ``IdleChoice.tried``; nothing is
printed here, because the daemon logs those lines once and ``deskbreak doctor``
shows them.
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from deskbreak.backends import Choice, first_that_opens, overridden
from deskbreak.idle._always import AlwaysPresent
from deskbreak.idle._port import IdleSource, IdleUnavailable

__all__ = ["BACKEND_NAMES", "OVERRIDE_VARIABLE", "IdleChoice", "choose_idle_source"]

OVERRIDE_VARIABLE = "DESKBREAK_IDLE"

_MODULES = {
    "x11": "_x11",
    "wayland": "_wayland",
    "gnome": "_gnome",
    "freedesktop": "_freedesktop",
    "macos": "_macos",
    "windows": "_windows",
    "always-present": "_always",
}
BACKEND_NAMES = tuple(_MODULES)


@dataclass(frozen=True, slots=True)
class IdleChoice(Choice[IdleSource]):
    """The source to use, and one ``"name: reason"`` line per backend that failed first."""

    @property
    def source(self) -> IdleSource:
        """The idle source chosen."""
        return self.chosen


def choose_idle_source(environ: Mapping[str, str] | None = None, platform: str | None = None) -> IdleChoice:
    """Open the first idle backend that works here, else AlwaysPresent.

    ``environ`` and ``platform`` default to this process's; tests pass their
    own. ``DESKBREAK_IDLE=<name>`` tries only that backend. An unknown name
    raises ValueError, because a typo should not quietly mean "no idle
    detection".
    """
    env = os.environ if environ is None else environ
    order = _backend_order(env, sys.platform if platform is None else platform)
    source, tried = first_that_opens(order, lambda name: _open(name, env), IdleUnavailable)
    return IdleChoice(source or AlwaysPresent(), tried)


def _backend_order(environ: Mapping[str, str], platform: str) -> tuple[str, ...]:
    """Backends worth trying, best first.

    On Wayland, XScreenSaver only sees input sent to X11 apps (through
    Xwayland), so the compositor's own idle monitor comes first there: its
    Wayland idle protocol, which tells of changes instead of being asked
    every sample, then Mutter's D-Bus one (GNOME 43 offers no Wayland idle
    protocol; trying costs one round trip to the compositor).
    """
    override = overridden(environ, OVERRIDE_VARIABLE, BACKEND_NAMES, "an idle backend")
    if override:
        return override
    if platform == "darwin":
        return ("macos",)
    if platform == "win32":
        return ("windows",)
    if environ.get("WAYLAND_DISPLAY"):
        return ("wayland", "gnome", "freedesktop", "x11")
    return ("x11", "gnome", "freedesktop")


def _open(name: str, environ: Mapping[str, str]) -> IdleSource:
    """Import backend ``name`` now, not before, and ask it to open a source."""
    module = importlib.import_module(f"{__package__}.{_MODULES[name]}")
    open_source: Callable[[Mapping[str, str]], IdleSource] = module.open_source
    return open_source(environ)
