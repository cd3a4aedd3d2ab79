"""Picks the notification backend for this session (pystray's backend selection, made explicit).

Each backend is a private module with ``open_notifier(on_action, environ,
platform)``, imported only when it is tried, so a session pays for jeepney,
plyer or desktop-notifier only if it uses them. Every failed probe leaves one
human line in ``NotifierChoice.tried``; nothing is printed here, because the
daemon logs those lines once and ``deskbreak doctor`` shows them.
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from deskbreak.backends import first_that_opens, overridden
from deskbreak.notify._log_only import LogOnly
from deskbreak.notify._port import ActionCallback, Notifier, NotifierUnavailable

__all__ = ["BACKEND_NAMES", "OVERRIDE_VARIABLE", "NotifierChoice", "choose_notifier"]

OVERRIDE_VARIABLE = "DESKBREAK_NOTIFY"

_MODULES = {
    "freedesktop": "_freedesktop",
    "desktop-notifier": "_desktop_notifier",
    "plyer": "_plyer",
    "log-only": "_log_only",
}
BACKEND_NAMES = tuple(_MODULES)


@dataclass(frozen=True, slots=True)
class NotifierChoice:
    """The notifier to use, and one ``"name: reason"`` line per backend that failed first."""

    notifier: Notifier
    tried: tuple[str, ...]


def choose_notifier(
    on_action: ActionCallback, environ: Mapping[str, str] | None = None, platform: str | None = None
) -> NotifierChoice:
    """Open the first notification backend that works here, else LogOnly.

    ``on_action`` gets the user's answers to reminders (see ``Notifier`` for
    the thread it runs on). ``environ`` and ``platform`` default to this
    process's; tests pass their own. ``DESKBREAK_NOTIFY=<name>`` tries only
    that backend. An unknown name raises ValueError, because a typo should not
    quietly mean "reminders only in the log".
    """
    env = os.environ if environ is None else environ
    system = sys.platform if platform is None else platform
    order = _backend_order(env, system)
    notifier, tried = first_that_opens(
        order, lambda name: _open(name, on_action, env, system), NotifierUnavailable)
    return NotifierChoice(notifier or LogOnly(), tried)


def _backend_order(environ: Mapping[str, str], platform: str) -> tuple[str, ...]:
    """Backends worth trying, best first: native with buttons, then plyer's plain notifications."""
    override = overridden(environ, OVERRIDE_VARIABLE, BACKEND_NAMES, "a notification backend")
    if override:
        return override
    if platform in ("darwin", "win32"):
        return ("desktop-notifier", "plyer")
    return ("freedesktop", "plyer")


def _open(name: str, on_action: ActionCallback, environ: Mapping[str, str], platform: str) -> Notifier:
    """Import backend ``name`` now, not before, and ask it to open a notifier."""
    module = importlib.import_module(f"{__package__}.{_MODULES[name]}")
    open_notifier: Callable[[ActionCallback, Mapping[str, str], str], Notifier] = module.open_notifier
    return open_notifier(on_action, environ, platform)
