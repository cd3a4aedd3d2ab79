"""Do-not-disturb for real: dunst paused with ``dunstctl set-paused``, and the whole daemon waiting for it.

Xvfb, a private session bus, dunst, and ``deskbreak run`` with a 1-minute
interval (always at the keyboard). The break falls due while dunst is
paused: it waits, says so, and reaches dunst as soon as dunst is unpaused.
"""

from __future__ import annotations

from daemon_process import Daemon, deskbreak, history_kinds, waited_then_reminded
from desktop import wait_until
from desktop_notify import Dunst
from test_desktop_reminders import BODY, desktop

__all__ = ["desktop"]  # the fixture, shared with the reminder tests


def test_a_break_due_while_dunst_is_paused_waits_and_shows_when_it_resumes(
    desktop: tuple[Dunst, Daemon],
) -> None:
    dunst, daemon = desktop
    dunst.ctl("set-paused", "true")
    wait_until(lambda: daemon.status().get("waiting") == "do not disturb", "the due break waits",
               limit=100, every=0.5)
    assert "reminder" not in history_kinds()
    assert deskbreak("status").stdout.startswith("Break due — waiting (do not disturb)")
    quiet = next(line for line in deskbreak("doctor").stdout.splitlines() if line.startswith("quiet:"))
    assert "do not disturb: notification server" in quiet
    dunst.ctl("set-paused", "false")
    the_waited_reminder_reaches(dunst)


def the_waited_reminder_reaches(dunst: Dunst) -> None:
    """Once the user is free, the break that waited reaches ``dunst`` saying how long, after its waited row."""
    wait_until(lambda: any(shown.body == BODY for shown in dunst.shown()), "the reminder reaches dunst")
    reminder = next(shown for shown in dunst.shown() if shown.body == BODY)
    assert reminder.summary.startswith("Break due — ")
    assert reminder.summary.endswith(" min at the desk")
    wait_until(waited_then_reminded, "the wait and the reminder reach the history")
