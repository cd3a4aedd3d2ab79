"""What the person sees of the daemon: notifications now, the tray and break window beside them.

Called from the engine thread only. Every call survives a notification
server that went away: the daemon keeps running and says so once in the log.
A backend whose notifications the platform refuses (``NotDelivered``) is
replaced by the next one for the rest of the run, the person is told so
once through the new one, and ``deskbreak doctor`` shows the reason.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from datetime import timedelta
from pathlib import Path

from deskbreak.core import BreakStep, Routine, ShowReminder
from deskbreak.notify import NotDelivered, Notifier, NotifierChoice, NotifierUnavailable, ReminderNotice
from deskbreak.reminder_text import cue_text, routine_summary

__all__ = ["Face"]

_log = logging.getLogger("deskbreak")
REMINDER_TITLE = "Time to stand up and stretch"


class Face:
    """Notifications for reminders, cues and one-off news."""

    def __init__(self, notifiers: NotifierChoice, names: Mapping[str, str], icon: Path | None) -> None:
        self.notifiers = notifiers
        self._names = names
        self._icon = icon
        self._failing = False

    @property
    def stretch_names(self) -> Mapping[str, str]:
        """Each stretch's name, by id."""
        return self._names

    @property
    def notifier(self) -> Notifier:
        """The notification backend in use."""
        return self.notifiers.notifier

    def remind(self, reminder: ShowReminder, routine: Routine, snooze: timedelta) -> None:
        """Show (or replace) the reminder for ``routine``."""
        print(f"{reminder.at:%H:%M}  time for a break: the {reminder.routine} routine", flush=True)
        notice = ReminderNotice(
            title=REMINDER_TITLE, body=routine_summary(routine, self._names), icon=self._icon,
            offer_snooze=reminder.snoozes_left > 0, snooze_minutes=max(1, round(snooze.total_seconds() / 60)),
        )
        self._call(lambda: self.notifier.show_reminder(notice))

    def withdraw(self) -> None:
        """Take the showing reminder down: it was answered elsewhere."""
        self._call(self.notifier.withdraw_reminder)

    def cue(self, step: BreakStep) -> None:
        """Mark the start of a step or side, for someone who is not watching the screen."""
        if step.cue:
            title, body = cue_text(step.step, self._names)
            self._call(lambda: self.notifier.tell(title, body))

    def break_ended(self, completed: bool, ask_checkin: bool) -> None:
        """The last cue: a finished break is praised (and, with check-ins on, asks how you feel)."""
        if not completed:
            return
        body = "Well done. Desk time starts again from zero."
        if ask_checkin:
            body += "\nHow stiff or sore are you, 0 to 10? Record it with: deskbreak checkin N --where AREA"
        self._call(lambda: self.notifier.tell("Break done", body))

    def tell(self, title: str, body: str) -> None:
        """Tell the person something once: in the log, on stderr and as a notification."""
        _log.warning("%s: %s", title, body.replace("\n", "; "))
        print(f"{title}:\n{body}", flush=True)
        self._call(lambda: self.notifier.tell(title, body))

    def close(self) -> None:
        """Stop the notifier (its listener thread returns)."""
        self.notifier.close()

    def _call(self, action: Callable[[], None]) -> None:
        try:
            action()
        except NotDelivered as error:
            self._fall_back(str(error))
            self._call(action)  # again, on the next backend (the last, log-only, never refuses)
        except NotifierUnavailable as error:
            if not self._failing:
                _log.warning("notifications are not getting through: %s", error)
            self._failing = True
            return
        self._failing = False

    def _fall_back(self, reason: str) -> None:
        """Move to the next backend for good, and say so once, through it."""
        dropped = self.notifier
        self.notifiers = self.notifiers.fall_back(reason)
        dropped.close()
        self.tell(f"deskbreak's notifications now come through {self.notifier.name}",
                  f"{dropped.name} could not show them: {reason}")
