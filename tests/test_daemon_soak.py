"""Ninety days through the real shell on a fake clock: the same reminders as ``simulate``, flat memory."""

from __future__ import annotations

import gc
import json
import tracemalloc
from datetime import timedelta
from pathlib import Path

from shell_driver import Driven

from deskbreak.config.settings_file import parse_settings
from deskbreak.library import builtin_routines
from deskbreak.simulate import TraceStep, parse_trace, simulate

DAYS = 90
CONFIG = """[schedule]
interval = "45m"
snooze = "10m"
away_after = "3m"
natural_break = "5m"

[daemon]
sample_every = "1m"
"""


def workday(day: int) -> list[dict[str, int]]:
    """A day at the desk that varies from day to day, then a night with the laptop asleep."""
    stretch = 40 + day % 5 * 10  # 40 to 80 minutes between short walks
    steps: list[dict[str, int]] = []
    for block in range(6):
        steps += [{"active": stretch * 60}, {"idle": (2 + (day + block) % 6) * 60}]
    used = sum(next(iter(step.values())) for step in steps)
    return [*steps, {"sleep": 24 * 3600 - used}]


def test_ninety_days_bring_the_reminders_simulate_predicts_and_memory_stays_flat(tmp_path: Path) -> None:
    lines = [json.dumps(step) for day in range(DAYS) for step in workday(day)]
    start, steps = parse_trace(lines)
    settings = parse_settings(CONFIG, "soak.toml", [routine.name for routine in builtin_routines()])
    expected = [record for record in simulate(start, steps, settings, builtin_routines(), sample_every=60)
                if record.kind == "reminder"]

    driven = Driven(tmp_path, CONFIG, start)
    tracemalloc.start()
    try:
        day_two = None
        for step in steps:
            run(driven, step)
            if day_two is None and driven.now >= start + timedelta(days=2):
                day_two = snapshot()
        day_ninety = snapshot()
    finally:
        tracemalloc.stop()

    reminders = [record for record in driven.history.records() if record.kind == "reminder"]
    assert len(expected) > DAYS  # a real workload: several reminders a day
    assert len(reminders) == len(expected)
    assert day_two is not None
    changes = day_ninety.filter_traces(OURS).compare_to(day_two.filter_traces(OURS), "lineno")
    growth = sum(change.size_diff for change in changes)
    assert growth < 64 * 1024, f"grew by {growth} bytes from day 2 to day {DAYS}: {changes[:3]}"


OURS = [tracemalloc.Filter(True, "*deskbreak*")]


def snapshot() -> tracemalloc.Snapshot:
    """What is still reachable: garbage waiting for the cycle collector is not growth."""
    gc.collect()
    return tracemalloc.take_snapshot()


def run(driven: Driven, step: TraceStep) -> None:
    length = timedelta(seconds=step.seconds)
    if step.kind == "active":
        driven.work(length)
    elif step.kind == "idle":
        driven.away(length)
    else:
        driven.sleep(length)
        # The fakes log every call they saw, by design; forget the day's, so what remains is the shell's.
        del driven.tray.views[:-1]
        driven.notifier.calls.clear()
