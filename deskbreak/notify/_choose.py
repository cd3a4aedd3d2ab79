"""Picks the notification backend for this session (pystray's backend selection, made explicit).

Each backend is a private module with ``open_notifier(on_action, environ,
platform)``, imported only when it is tried, so a session pays for jeepney,
plyer or desktop-notifier only if it uses them. Every failed probe leaves one
human line in ``NotifierChoice.tried``; nothing is printed here, because the
daemon logs those lines once and ``deskbreak doctor`` shows them. A backend
that stops delivering later (``NotDelivered``) is replaced by the next one
that opens, through ``NotifierChoice.fall_back``, which adds its line too.
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from deskbreak.backends import Choice, first_that_opens, overridden
from deskbreak.notify._log_only import LogOnly
from deskbreak.notify._port import ActionCallback, Notifier, NotifierUnavailable

__all__ = ["BACKEND_NAMES", "OVERRIDE_VARIABLE", "NotifierChoice", "choose_notifier"]

OVERRIDE_VARIABLE = "DESKBREAK_NOTIFY"

_MODULES = {
    "freedesktop": "_freedesktop",
    "desktop-notifier": "_desktop_notifier",
    "osascript": "_osascript",
    "plyer": "_plyer",
    "log-only": "_log_only",
}
BACKEND_NAMES = tuple(_MODULES)


@dataclass(frozen=True, slots=True)
class NotifierChoice(Choice[Notifier]):
    """The notifier to use, and one ``"name: reason"`` line per backend that failed first."""

    _after: Callable[[tuple[str, ...]], NotifierChoice] | None = field(default=None, repr=False, compare=False)
    """Chooses among the backends after this one, given the ``tried`` lines so far."""

    @property
    def notifier(self) -> Notifier:
        """The notifier chosen."""
        return self.chosen

    def fall_back(self, reason: str) -> NotifierChoice:
        """The next backend that opens (else LogOnly), because this one stopped delivering: ``reason``."""
        tried = (*self.tried, f"{self.notifier.name}: {reason}")
        return self._after(tried) if self._after else NotifierChoice(LogOnly(), tried)


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
    return _first_of(_backend_order(env, system), (), lambda name: _open(name, on_action, env, system))


def _first_of(
    order: Sequence[str], tried_before: tuple[str, ...], open_backend: Callable[[str], Notifier]
) -> NotifierChoice:
    """The first backend in ``order`` that opens, its ``tried`` lines after ``tried_before``; else LogOnly."""
    notifier, tried = first_that_opens(order, open_backend, NotifierUnavailable)
    if notifier is None:
        return NotifierChoice(LogOnly(), (*tried_before, *tried))
    rest = order[order.index(notifier.name) + 1:]
    return NotifierChoice(notifier, (*tried_before, *tried), lambda so_far: _first_of(rest, so_far, open_backend))


def _backend_order(environ: Mapping[str, str], platform: str) -> tuple[str, ...]:
    """Backends worth trying, best first: native with buttons, then plyer's plain notifications."""
    override = overridden(environ, OVERRIDE_VARIABLE, BACKEND_NAMES, "a notification backend")
    if override:
        return override
    if platform == "darwin":
        return ("desktop-notifier", "osascript", "plyer")
    if platform == "win32":
        return ("desktop-notifier", "plyer")
    return ("freedesktop", "plyer")


def _open(name: str, on_action: ActionCallback, environ: Mapping[str, str], platform: str) -> Notifier:
    """Import backend ``name`` now, not before, and ask it to open a notifier."""
    module = importlib.import_module(f"{__package__}.{_MODULES[name]}")
    open_notifier: Callable[[ActionCallback, Mapping[str, str], str], Notifier] = module.open_notifier
    return open_notifier(on_action, environ, platform)
