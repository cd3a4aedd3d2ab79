"""Words every backend shows the same way: button labels and the no-buttons hint."""

from __future__ import annotations

from deskbreak.notify._port import Action, ReminderNotice

__all__ = ["APP_NAME", "body_with_tray_hint", "reminder_buttons"]

APP_NAME = "deskbreak"
"""The name notification servers show, and the desktop entry they group by."""


def reminder_buttons(notice: ReminderNotice) -> tuple[tuple[Action, str], ...]:
    """The answers a reminder offers, as (action, label), in the order they are shown.

    Snooze is left out once snoozes are used up, rather than shown and refused.
    """
    snooze: tuple[tuple[Action, str], ...] = (
        (("snooze", f"Snooze {notice.snooze_minutes} min"),) if notice.offer_snooze else ()
    )
    return (("start", "Start"), *snooze, ("skip", "Skip"))


def body_with_tray_hint(notice: ReminderNotice) -> str:
    """The body for a reminder shown without buttons: it says where the answers are instead."""
    answers = "start, snooze or skip" if notice.offer_snooze else "start or skip"
    return f"{notice.body}\nUse the tray menu to {answers} this break."
