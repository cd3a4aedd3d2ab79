"""Regenerates docs/report-example.png, the weekly report the README shows.

The week is simulated, not anyone's real history: two weeks of desk days
replayed through the real engine on a fake clock (as ``deskbreak simulate``
does), with a few check-ins, summarised and drawn the way ``deskbreak
report`` does. Run it after changing the report's drawing and check the
picture in:

    .venv/bin/python scripts/draw_report_example.py
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from deskbreak.core import Settings
from deskbreak.history import MemoryHistory
from deskbreak.library import builtin_routines, load_library
from deskbreak.progress import Checkin, dose_from, week_containing
from deskbreak.report import draw_week, summarize_week
from deskbreak.simulate import parse_trace, simulate

__all__ = ["PICTURE", "main"]

PICTURE = Path(__file__).resolve().parents[1] / "docs" / "report-example.png"
FIRST_MONDAY = datetime(2026, 3, 2, 8, 30, tzinfo=UTC)
MIN = 60
Day = list[dict[str, Any]]

# One list of trace steps per weekday: answered breaks, a skip, a snooze,
# a walk logged by hand, an ignored reminder, and an evening routine.
STEADY: Day = [{"active": 60 * MIN}, {"do": "start"}, {"idle": 3 * MIN}] * 5
BUSY: Day = [
    {"active": 60 * MIN}, {"do": "skip"}, {"active": 70 * MIN}, {"do": "snooze"}, {"active": 10 * MIN},
    {"do": "start"}, {"idle": 3 * MIN}, {"active": 150 * MIN}, {"do": "start"}, {"idle": 3 * MIN},
    {"active": 45 * MIN}, {"idle": 40 * MIN}, {"active": 60 * MIN}, {"do": "log"},
]  # fmt: skip
WITH_EVENING: Day = [*STEADY[:6], {"active": 60 * MIN}, {"do": "skip"}, {"active": 30 * MIN},
                {"do": "start", "routine": "evening"}, {"idle": 13 * MIN}]  # fmt: skip
LIGHT: Day = [{"active": 50 * MIN}, {"idle": 10 * MIN}, {"active": 60 * MIN}, {"do": "start"}, {"idle": 3 * MIN},
         {"active": 60 * MIN}]  # fmt: skip
WEEK: list[Day] = [STEADY, BUSY, WITH_EVENING, STEADY, LIGHT]
CHECKIN_LEVELS = [(0, 5), (2, 5), (4, 4), (7, 4), (9, 4), (11, 3), (14, 3)]  # (day from the first Monday, level)


def example_trace(weeks: int) -> list[dict[str, Any]]:
    """``weeks`` working weeks from ``FIRST_MONDAY``, each day followed by its night."""
    steps: list[dict[str, Any]] = [{"at": FIRST_MONDAY.isoformat()}]
    clock = timedelta(0)
    for day in range(7 * weeks):
        workday = WEEK[day % 7] if day % 7 < len(WEEK) else []
        steps += workday
        clock += timedelta(seconds=sum(step.get("active", 0) + step.get("idle", 0) for step in workday))
        next_morning = timedelta(days=day + 1)
        steps.append({"sleep": (next_morning - clock).total_seconds()})
        clock = next_morning
    return steps


def example_history(weeks: int = 2) -> MemoryHistory:
    """A history of ``weeks`` simulated weeks, with a check-in every few days."""
    start, steps = parse_trace([json.dumps(step) for step in example_trace(weeks)])
    history = MemoryHistory()
    history.append_all(simulate(start, steps, Settings(), builtin_routines()))
    for day, level in CHECKIN_LEVELS:
        at = FIRST_MONDAY + timedelta(days=day, hours=9)
        history.add_checkin(Checkin(at=at, level=level, area="lower back"))
    return history


def main() -> None:
    """Draw the second week of the example history over the checked-in picture."""
    week = week_containing(FIRST_MONDAY.date() + timedelta(days=7))
    with example_history() as history:
        records = history.records(week.first, week.last)
        checkins = history.checkins(week.first - timedelta(days=7), week.last)
    summary = summarize_week(week, records, checkins, dose_from(load_library()))
    draw_week(summary).save(PICTURE, optimize=True)
    print(f"wrote {PICTURE}")


if __name__ == "__main__":
    main()
