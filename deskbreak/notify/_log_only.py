"""The last resort: reminders go to the log when the desktop can show nothing."""

from __future__ import annotations

import logging
from collections.abc import Mapping

from deskbreak.notify._port import ActionCallback, CuesAsPlainNotifications, ReminderNotice

__all__ = ["LogOnly", "open_notifier"]

_log = logging.getLogger("deskbreak.notify")


class LogOnly(CuesAsPlainNotifications):
    """Writes reminders and information to logging; the tray menu is the only way to answer.

    The daemon says once, at start, that this one was chosen and why (the
    ``tried`` lines), so each reminder here is only an info line.
    """

    name = "log-only"
    has_actions = False

    def show_reminder(self, notice: ReminderNotice) -> None:
        """Log the reminder's title and body."""
        _log.info("break reminder: %s: %s", notice.title, notice.body)

    def withdraw_reminder(self) -> None:
        """Nothing is on screen to take down."""

    def tell(self, title: str, body: str) -> None:
        """Log it as a warning: told information is about something that went wrong."""
        _log.warning("%s: %s", title, body)

    def listen(self) -> None:
        """Return at once: nobody can answer a log line."""

    def close(self) -> None:
        """Nothing to release."""


def open_notifier(on_action: ActionCallback, environ: Mapping[str, str], platform: str) -> LogOnly:
    """Always works; the arguments are those every backend gets."""
    return LogOnly()
