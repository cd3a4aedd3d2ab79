"""The engine status the tray tests start from: working, 30 minutes to the next break."""

from __future__ import annotations

from datetime import datetime, timedelta

from deskbreak.core import Phase, Status

WORKING = Status(
    as_of=datetime(2024, 5, 6, 10, 30),
    phase=Phase.WORKING,
    desk_time=timedelta(minutes=20),
    until_reminder=timedelta(minutes=30),
    snoozes_left=2,
    paused=False,
    paused_until=None,
    in_active_hours=True,
    routine="desk",
    break_routine=None,
    break_started=None,
    break_ends=None,
)
