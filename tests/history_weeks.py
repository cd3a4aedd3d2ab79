"""Weeks of desk days replayed through the real engine, for the progress tests.

Each day is a list of trace steps (as ``deskbreak simulate`` reads them)
starting at 08:30; the night that follows is slept through, so a day's
records all fall on its own date. The records go into a store exactly as
the daemon would write them.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from helpers import MIN, active, do, idle

from deskbreak.core import Record, Settings
from deskbreak.history import HistoryStore
from deskbreak.library import builtin_routines
from deskbreak.simulate import parse_trace, simulate

Day = list[dict[str, Any]]

ANSWERED: Day = [active(60 * MIN), do("start"), idle(3 * MIN)]  # a reminder, answered with a 3-min break
STEADY: Day = ANSWERED * 4 + [active(60 * MIN), do("skip")]  # 5 due, 4 taken, 1 skipped, 12 min
SNOOZY: Day = [  # 2 due (3 reminders), 1 taken, 1 skipped, 1 snoozed, 1 natural; desk 60+60+10 = 2h10m unbroken
    active(60 * MIN), do("skip"), active(60 * MIN), do("snooze"), active(10 * MIN), do("start"), idle(3 * MIN),
    active(30 * MIN), idle(10 * MIN),
]  # fmt: skip
EVENING: Day = [*ANSWERED, active(30 * MIN), do("start", routine="evening"), idle(13 * MIN)]  # 1 due, 2 taken, 15.5 min
WALK: Day = [active(60 * MIN), do("log"), active(45 * MIN), idle(10 * MIN)]  # 1 due, 1 logged, 1 natural
OFF: Day = []


def records_for(start: datetime, days: Sequence[Day], settings: Settings | None = None) -> list[Record]:
    """The engine's records for ``days``, the first beginning at ``start``."""
    steps: list[dict[str, Any]] = [{"at": start.isoformat()}]
    for number, day in enumerate(days):
        steps += day
        awake = sum(step.get("active", 0) + step.get("idle", 0) for step in day)
        steps.append({"sleep": timedelta(days=1).total_seconds() - awake})
        assert awake < timedelta(hours=15).total_seconds(), f"day {number} runs past midnight"
    begin, parsed = parse_trace([json.dumps(step) for step in steps])
    return list(simulate(begin, parsed, settings or Settings(), builtin_routines()))


def fill(store: HistoryStore, start: datetime, days: Sequence[Day]) -> None:
    """Replay ``days`` from ``start`` into ``store``."""
    store.append_all(records_for(start, days))


__all__ = ["ANSWERED", "EVENING", "OFF", "SNOOZY", "STEADY", "WALK", "Day", "fill", "records_for"]
