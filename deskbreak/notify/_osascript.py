"""Plain notifications on macOS through ``osascript``'s ``display notification``: the fallback that shows.

desktop-notifier needs an app bundle that Notification Center accepts, and
plyer's macOS backend needs pyobjus, which nothing installs. AppleScript's
``display notification`` works from any process (macOS files it under
Script Editor), so reminders still reach the screen, without buttons and
without replacing: the body says to answer from the tray menu. The title
and body go to the script as arguments, never into its text, so no quoting
can break it.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable, Mapping

from deskbreak.notify._port import ActionCallback, CuesAsPlainNotifications, NotifierUnavailable, ReminderNotice
from deskbreak.notify._text import body_with_tray_hint

__all__ = ["DISPLAY_NOTIFICATION", "OsascriptNotifier", "open_notifier"]

CALL_TIMEOUT_S = 5.0
DISPLAY_NOTIFICATION = ("on run argv", "display notification (item 2 of argv) with title (item 1 of argv)", "end run")
"""The script's lines; ``osascript -e LINE ... TITLE BODY`` hands TITLE and BODY to its run handler."""

Run = Callable[..., "subprocess.CompletedProcess[str]"]


class OsascriptNotifier(CuesAsPlainNotifications):
    """Each reminder and message as one ``display notification``; see the module docstring."""

    name = "osascript"
    has_actions = False

    def __init__(self, program: str, run: Run = subprocess.run) -> None:
        self._program = program
        self._run = run

    def show_reminder(self, notice: ReminderNotice) -> None:
        """Show the reminder, its body saying to answer from the tray menu."""
        self._display(notice.title, body_with_tray_hint(notice))

    def withdraw_reminder(self) -> None:
        """Do nothing: a notification AppleScript showed cannot be taken down; it leaves by itself."""

    def tell(self, title: str, body: str) -> None:
        """Show a plain notification."""
        self._display(title, body)

    def listen(self) -> None:
        """Return at once: AppleScript's notifications report no clicks."""

    def close(self) -> None:
        """Nothing is held open."""

    def _display(self, title: str, body: str) -> None:
        command = [self._program, *(word for line in DISPLAY_NOTIFICATION for word in ("-e", line)), title, body]
        try:
            done = self._run(command, capture_output=True, text=True, timeout=CALL_TIMEOUT_S, check=False)
        except (OSError, subprocess.TimeoutExpired) as error:
            raise NotifierUnavailable(f"osascript could not show a notification ({error})") from None
        if done.returncode != 0:
            raise NotifierUnavailable(f"osascript could not show a notification ({done.stderr.strip()})")


def open_notifier(on_action: ActionCallback, environ: Mapping[str, str], platform: str) -> OsascriptNotifier:
    """Open it on macOS with ``osascript`` on PATH, else refuse; ``on_action`` is never called."""
    if platform != "darwin":
        raise NotifierUnavailable("AppleScript notifications exist only on macOS")
    program = shutil.which("osascript", path=environ.get("PATH"))
    if program is None:
        raise NotifierUnavailable("osascript is not on PATH")
    return OsascriptNotifier(program)
