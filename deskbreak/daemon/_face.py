"""What the person sees of the daemon: notifications now, the tray and break window beside them.

Called from the engine thread only. Every call survives a notification
server that went away (the daemon keeps running, says so once in the log,
and ``problem`` tells ``doctor``) and a terminal that closed under it: the
notification comes first, the line on stdout after, and a stdout that
fails is given up on for good. A backend whose notifications the platform
refuses (``NotDelivered``) is replaced by the next one for the rest of the
run, the person is told so once through the new one, and ``deskbreak
doctor`` shows the reason.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable, Mapping
from datetime import timedelta
from pathlib import Path

from deskbreak.core import BreakStep, Routine, ShowReminder
from deskbreak.daemon._reminder_text import cue_text, routine_summary
from deskbreak.notify import NotDelivered, Notifier, NotifierChoice, NotifierUnavailable, ReminderNotice

__all__ = ["Face"]

_log = logging.getLogger("deskbreak")
REMINDER_TITLE = "Time to stand up and stretch"


def waited_title(desk_time: timedelta) -> str:
    """The title of a reminder that waited for a busy user: "Break due — 2 h 05 min at the desk"."""
    hours, minutes = divmod(math.floor(desk_time.total_seconds() / 60), 60)
    spent = f"{hours} h {minutes:02d} min" if hours else f"{minutes} min"
    return f"Break due — {spent} at the desk"


class Face:
    """Notifications for reminders, cues and one-off news."""

    def __init__(self, notifiers: NotifierChoice, names: Mapping[str, str], icon: Path | None) -> None:
        self.notifiers = notifiers
        self._names = names
        self._icon = icon
        self.problem: str | None = None
        self._terminal = True

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
        notice = ReminderNotice(
            title=REMINDER_TITLE if reminder.waited is None else waited_title(reminder.desk_time),
            body=routine_summary(routine, self._names), icon=self._icon, quietly=reminder.quietly,
            offer_snooze=reminder.snoozes_left > 0, snooze_minutes=max(1, round(snooze.total_seconds() / 60)),
        )
        self._call(lambda: self.notifier.show_reminder(notice))
        self._print(f"{reminder.at:%H:%M}  time for a break: the {reminder.routine} routine")

    def withdraw(self) -> None:
        """Take the showing reminder down: it was answered elsewhere."""
        self._call(self.notifier.withdraw_reminder)

    def cue(self, step: BreakStep) -> None:
        """Mark the start of a step or side, for someone who is not watching the screen."""
        if step.cue:
            title, body = cue_text(step.step, self._names)
            self._call(lambda: self.notifier.cue(title, body, self._icon))

    def break_ended(self, completed: bool, ask_checkin: bool) -> None:
        """The cues go; a finished break is praised (and, with check-ins on, asks how you feel)."""
        self._call(self.notifier.end_cues)
        if not completed:
            return
        body = "Well done. Desk time starts again from zero."
        if ask_checkin:
            body += "\nHow stiff or sore are you, 0 to 10? Record it with: deskbreak checkin N --where AREA"
        self._call(lambda: self.notifier.tell("Break done", body))

    def tell(self, title: str, body: str) -> None:
        """Tell the person something once: in the log, on stderr and as a notification."""
        _log.warning("%s: %s", title, body.replace("\n", "; "))
        self._call(lambda: self.notifier.tell(title, body))
        self._print(f"{title}:\n{body}")

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
            self._failed(str(error))
            return
        except Exception as error:  # a backend's own bug must not cost the reminder loop
            if self.problem is None:
                _log.exception("the notification backend failed")
            self._failed(f"{type(error).__name__}: {error}")
            return
        if self.problem is not None:
            _log.warning("notifications work again")
        self.problem = None

    def _failed(self, problem: str) -> None:
        if self.problem is None:
            _log.warning("notifications are not getting through: %s", problem)
        self.problem = problem

    def _print(self, text: str) -> None:
        """Echo to the terminal that started the daemon, while there is one."""
        if not self._terminal:
            return
        try:
            print(text, flush=True)
        except (OSError, ValueError) as error:  # EIO, EPIPE once the terminal closed; ValueError if closed
            self._terminal = False
            _log.info("stopped echoing to the terminal: %s", error)

    def _fall_back(self, reason: str) -> None:
        """Move to the next backend for good, and say so once, through it."""
        dropped = self.notifier
        self.notifiers = self.notifiers.fall_back(reason)
        dropped.close()
        self.tell(f"deskbreak's notifications now come through {self.notifier.name}",
                  f"{dropped.name} could not show them: {reason}")
