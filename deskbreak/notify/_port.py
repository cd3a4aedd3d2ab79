"""The notifier port: what the daemon needs from any notification backend."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, Protocol

__all__ = [
    "Action",
    "ActionCallback",
    "CuesAsPlainNotifications",
    "NotDelivered",
    "Notifier",
    "NotifierUnavailable",
    "ReminderNotice",
]

Action = Literal["start", "snooze", "skip"]
"""What the user answered a reminder with; a click on its body means ``"start"``."""

ActionCallback = Callable[[Action], None]
"""Called on the notifier's listener thread, so it must only put an event on a queue."""


class NotifierUnavailable(Exception):
    """Notifications cannot be shown; the message says why, in one line.

    Backends raise it while probing (``choose_notifier`` turns it into a
    ``tried`` line) and from ``show_reminder``/``withdraw_reminder``/``tell``
    when a notifier that worked stops working (the notification server quit or
    hung), so the daemon handles one exception type for both and never hangs.
    """


class NotDelivered(NotifierUnavailable):
    """The backend answers, but what it sends does not reach the person: another backend should take over.

    Raised when the platform refused a notification (notifications turned off
    for the app, an app that is not allowed to notify), as opposed to a
    notification server that went away for a while.
    """


@dataclass(frozen=True, slots=True, kw_only=True)
class ReminderNotice:
    """A break reminder as the user sees it.

    ``body`` names the routine's stretches and its length, e.g.
    ``"Seated twist · forward fold · wall dog — 3 min"``. ``offer_snooze`` is
    False once snoozes are used up, and then no Snooze button is shown.
    ``quietly``: the user is still busy (the reminder waited as long as it
    may), so it comes with low urgency and no sound where the server allows.
    """

    title: str
    body: str
    icon: Path | None
    offer_snooze: bool
    snooze_minutes: int
    quietly: bool = False

    def __post_init__(self) -> None:
        if self.offer_snooze and self.snooze_minutes < 1:
            raise ValueError(f"a reminder that offers snooze needs snooze_minutes >= 1, got {self.snooze_minutes}")


class CuesAsPlainNotifications:
    """For backends that can neither replace nor withdraw a notification: a cue is a plain ``tell``."""

    def tell(self, title: str, body: str) -> None:
        """Each backend's own."""
        raise NotImplementedError

    def cue(self, title: str, body: str, icon: Path | None) -> None:
        """A cue, shown as one plain notification."""
        self.tell(title, body)

    def end_cues(self) -> None:
        """Nothing to take down: the platform times plain notifications out itself."""


class Notifier(Protocol):
    """Shows break reminders with Start / Snooze / Skip, and one-off information.

    Threading and call order: the daemon creates the notifier with
    ``choose_notifier`` and calls ``show_reminder``, ``withdraw_reminder`` and
    ``tell`` from its single engine thread only. It runs ``listen`` on a thread
    of its own, started once, which delivers the user's answers to the
    ``on_action`` callback given to ``choose_notifier``; that callback runs on
    the listener thread (or on a thread of the platform's notification
    library), so it must only put an event on the engine's queue, nothing more.
    At shutdown the engine thread calls ``close``, which makes ``listen``
    return; nothing is called after ``close``. ``show_reminder`` may come
    before ``listen`` has started; answers arriving in between are delivered
    once it runs, or lost on backends that cannot hold them.

    Time: every call waits at most about two seconds for the desktop and then
    raises ``NotifierUnavailable``, so a hung notification server never freezes
    the engine. A call raises ``NotDelivered`` when the platform refused the
    notification; the daemon then moves to the next backend
    (``NotifierChoice.fall_back``), which gets no listener thread: the
    backends that can follow (osascript, plyer, log-only) hear no clicks.
    """

    name: str
    """Backend name shown in logs and ``deskbreak doctor``, e.g. ``"freedesktop"``."""

    has_actions: bool
    """False when reminders carry no buttons; their body then points to the tray menu."""

    def show_reminder(self, notice: ReminderNotice) -> None:
        """Show ``notice``, replacing the reminder already showing instead of stacking a second."""
        ...

    def withdraw_reminder(self) -> None:
        """Take down the showing reminder (answered in the tray or CLI); no-op if none is showing."""
        ...

    def tell(self, title: str, body: str) -> None:
        """Show one plain notification with no buttons, e.g. that a config reload failed."""
        ...

    def cue(self, title: str, body: str, icon: Path | None) -> None:
        """Mark a change of stretch during a break, replacing the previous cue.

        Where the server can, it stays out of the desktop's notification list (transient).
        """
        ...

    def end_cues(self) -> None:
        """Take the last cue down: the break is over, and a cue must not outlive it."""
        ...

    def listen(self) -> None:
        """Deliver action callbacks until ``close``; returns at once if the backend has nothing to hear."""
        ...

    def close(self) -> None:
        """Withdraw the showing reminder, make ``listen`` return and release the desktop connection."""
        ...
