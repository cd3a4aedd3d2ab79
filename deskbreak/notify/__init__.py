"""Break reminders as native notifications with Start / Snooze / Skip: the notifier port.

The daemon calls ``choose_notifier(on_action)`` once at start, logs each line
of ``tried`` once (``deskbreak doctor`` prints them too), starts a thread
running ``notifier.listen()``, and then, from its engine thread, calls
``show_reminder`` when a break is due, ``withdraw_reminder`` when the reminder
was answered in the tray or CLI, and ``tell`` for one-off information (a bad
config reload, a database moved aside). ``on_action`` receives "start",
"snooze" or "skip" on the listener thread and must only enqueue an event.

Backends, tried in this order unless ``DESKBREAK_NOTIFY`` names one:
Linux/BSD: freedesktop (D-Bus, with jeepney), plyer; macOS: desktop-notifier,
osascript (AppleScript's plain notifications), plyer; Windows:
desktop-notifier, plyer; then log-only. A backend whose notifications the
platform refuses raises ``NotDelivered``, and the daemon moves to the next
one (``NotifierChoice.fall_back``). Each backend's library is imported
only when it is tried. ``FakeNotifier`` is the one tests and simulation
drivers use.
"""

from deskbreak.notify._choose import BACKEND_NAMES, OVERRIDE_VARIABLE, NotifierChoice, choose_notifier
from deskbreak.notify._fake import FakeNotifier
from deskbreak.notify._log_only import LogOnly
from deskbreak.notify._port import (
    Action,
    ActionCallback,
    NotDelivered,
    Notifier,
    NotifierUnavailable,
    ReminderNotice,
)

__all__ = [
    "BACKEND_NAMES",
    "OVERRIDE_VARIABLE",
    "Action",
    "ActionCallback",
    "FakeNotifier",
    "LogOnly",
    "NotDelivered",
    "Notifier",
    "NotifierChoice",
    "NotifierUnavailable",
    "ReminderNotice",
    "choose_notifier",
]
