"""The notice the daemon shows once, the first time it runs: where the settings are, and three tips.

Besides where to change things, it asks the one question a new user should
answer early (can they get down on the floor where they work?) and gives
the pain-location guide's two habits, which otherwise only ``deskbreak
about`` prints.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from deskbreak.config.durations import format_duration
from deskbreak.library import load_library

__all__ = ["first_run_notice"]


def first_run_notice(interval: timedelta, config: Path) -> tuple[str, str]:
    """The first-run notification's title and body."""
    safety = load_library().safety
    title = f"deskbreak will remind you after every {format_duration(interval)} of desk time"
    body = "\n".join([
        f"Your settings are in {config}",
        "Change them with: deskbreak config edit",
        "Start deskbreak at every login with: deskbreak autostart on",
        "No room or clothes for stretches on the floor? Set floor = false under [break] in that file, "
        "and every routine keeps to chair, standing and wall stretches.",
        safety.habit_advice,
        safety.daily_advice,
    ])  # fmt: skip
    return title, body
