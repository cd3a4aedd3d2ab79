"""Plain notifications through plyer, for desktops the native backends cannot reach.

plyer's own ``plyer.notification`` proxy picks its platform module on first
use, prints a traceback when that fails and then raises NotImplementedError
at call time, so a missing backend would surface at the first reminder. Here
the platform module is imported and instantiated at choose time instead, and a
backend that is only plyer's do-nothing facade becomes a ``tried`` line.
plyer offers no buttons, no replacing and no withdrawing.
"""

from __future__ import annotations

import importlib
import warnings
from collections.abc import Callable, Mapping
from pathlib import Path
from types import ModuleType
from typing import Any

from deskbreak.notify._port import ActionCallback, CuesAsPlainNotifications, NotifierUnavailable, ReminderNotice
from deskbreak.notify._text import APP_NAME, body_with_tray_hint

__all__ = ["PlyerNotifier", "load_backend", "open_notifier"]

REMINDER_SECONDS = 60
"""How long a reminder stays up: plyer has no "until answered", and on Windows 0 means gone at once."""
TELL_SECONDS = 10

_PLYER_PLATFORMS = {"linux": "linux", "darwin": "macosx", "win32": "win"}


class PlyerNotifier(CuesAsPlainNotifications):
    """Shows each reminder as a plain notification that points to the tray menu.

    Reminders stack rather than replace, because plyer cannot replace or close
    a notification it has sent; they time out after REMINDER_SECONDS instead.
    """

    name = "plyer"
    has_actions = False

    def __init__(self, backend: Any, platform: str) -> None:
        self._backend = backend
        self._platform = platform

    def show_reminder(self, notice: ReminderNotice) -> None:
        """Show the reminder, its body saying to answer from the tray menu."""
        self._notify(notice.title, body_with_tray_hint(notice), notice.icon, REMINDER_SECONDS)

    def withdraw_reminder(self) -> None:
        """Do nothing: plyer cannot take a notification down, so it times out by itself."""

    def tell(self, title: str, body: str) -> None:
        """Show a plain notification."""
        self._notify(title, body, None, TELL_SECONDS)

    def listen(self) -> None:
        """Return at once: plyer reports no clicks."""

    def close(self) -> None:
        """Nothing is held open."""

    def _notify(self, title: str, body: str, icon: Path | None, seconds: int) -> None:
        try:
            self._backend.notify(
                title=title, message=body, app_name=APP_NAME, app_icon=self._icon_argument(icon), timeout=seconds
            )
        except Exception as exc:  # plyer backends raise anything; the daemon needs one type
            raise NotifierUnavailable(f"plyer could not show a notification ({type(exc).__name__}: {exc})") from None

    def _icon_argument(self, icon: Path | None) -> str:
        """The icon path, or "" where plyer would fail on it: Windows balloons take only .ico files."""
        if icon is None or (self._platform == "win32" and icon.suffix.lower() != ".ico"):
            return ""
        return str(icon)


def load_backend(platform: str, import_module: Callable[[str], ModuleType] = importlib.import_module) -> Any:
    """The plyer notification object for ``platform``, or NotifierUnavailable saying why there is none.

    ``import_module`` is there so tests can hand in a fake plyer.
    """
    plyer_platform = _PLYER_PLATFORMS.get(platform)
    if plyer_platform is None:
        raise NotifierUnavailable(f"plyer has no notification backend for platform {platform!r}")
    facade = import_module("plyer.facades").Notification
    module = import_module(f"plyer.platforms.{plyer_platform}.notification")
    with warnings.catch_warnings(record=True) as complaints:
        warnings.simplefilter("always")
        backend = module.instance()
    if getattr(type(backend), "_notify", None) is facade._notify:
        reasons = [str(complaint.message).splitlines()[0].rstrip(".") for complaint in complaints]
        raise NotifierUnavailable(f"plyer found no way to notify here ({'; '.join(reasons) or 'no reason given'})")
    return backend


def open_notifier(on_action: ActionCallback, environ: Mapping[str, str], platform: str) -> PlyerNotifier:
    """Probe plyer now; ``on_action`` is never called, as plyer reports no clicks."""
    return PlyerNotifier(load_backend(platform), platform)
