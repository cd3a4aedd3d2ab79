"""Opens the quiet signals the [quiet] table switches on, each where this desktop offers it.

Each backend is a private module with ``open_signal(environ, settings,
changed)``, imported only when tried; a backend that watches calls
``changed`` from its own thread when its answer may have changed. Every backend that opens is used, so the result is a
``QuietWatch`` of them all rather than a ``Choice`` of one; every one that
cannot leaves one ``"name: reason"`` line (``tried_line``, as the other ports
word them) for the log and ``deskbreak doctor``.
Fullscreen has a backend per platform (X11 windows, GNOME's idle inhibitors,
Windows' notification state) and none on macOS, which keeps that state to
itself (the README says so). Quiet hours are not a signal: they are
``[schedule] active_hours``, which the engine already keeps.
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Callable, Mapping

from deskbreak.backends import tried_line
from deskbreak.core import Settings
from deskbreak.quiet._port import QuietSignal, QuietUnavailable
from deskbreak.quiet._watch import QuietWatch

__all__ = ["open_quiet_watch"]


def _backends(settings: Settings, platform: str) -> list[tuple[str, str]]:
    """(name, module) of every backend worth trying, in the order their reasons rank."""
    linux = platform.startswith("linux")
    fullscreen = settings.quiet_fullscreen
    wanted: list[tuple[bool, str, str]] = [
        (fullscreen and linux, "fullscreen (x11)", "_fullscreen_x11"),
        (fullscreen and linux, "fullscreen (gnome)", "_fullscreen_gnome"),
        (fullscreen and platform == "win32", "fullscreen (windows)", "_fullscreen_windows"),
        (settings.quiet_do_not_disturb and linux, "do not disturb", "_dnd"),
        (settings.quiet_calls and linux, "in a call (microphone)", "_mic"),
        (settings.quiet_calls and linux, "in a call (camera)", "_camera"),
        (bool(settings.quiet_apps) and linux, "apps", "_apps"),
    ]
    return [(name, module) for on, name, module in wanted if on]


def open_quiet_watch(settings: Settings, environ: Mapping[str, str] | None = None, platform: str | None = None,
                     *, changed: Callable[[], None] = lambda: None) -> QuietWatch:
    """Open every quiet signal switched on that works here; ``changed`` queues a sample (any thread)."""
    env = os.environ if environ is None else environ
    platform = sys.platform if platform is None else platform
    signals: list[QuietSignal] = []
    tried = [] if platform.startswith("linux") or not settings.quiet_calls else [
        "in a call: not detected on Windows or macOS (microphone and camera are read on Linux only)"]
    for name, module in _backends(settings, platform):
        try:
            backend = importlib.import_module(f"deskbreak.quiet.{module}")
            opened: QuietSignal = backend.open_signal(env, settings, changed)
        except Exception as error:  # any probe failure is a doctor line, never a traceback
            tried.append(tried_line(name, error, QuietUnavailable))
            continue
        signals.append(opened)
    return QuietWatch(signals, tried)
