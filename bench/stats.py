"""How fast ``deskbreak stats`` answers over ten years of history.

Builds a history of YEARS years (default 10) in a temporary data folder: one
busy desk day replayed through the real engine every day, 14 breaks a day
(about 51,000 breaks, 170,000 records), ending today, so the streak runs the
whole ten years: the worst case for reading it back. Then times each form of
the command in-process (the median of several runs, after one warm-up) and
once as a fresh process, which adds Python's start-up.

    .venv/bin/python bench/stats.py [YEARS]
"""

from __future__ import annotations

import io
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import redirect_stdout
from datetime import date, datetime, timedelta
from datetime import time as clock
from pathlib import Path
from typing import Any

from deskbreak.cli import main as deskbreak
from deskbreak.core import Settings
from deskbreak.history import open_history
from deskbreak.library import builtin_routines
from deskbreak.simulate import parse_trace, simulate

GOAL_MS = 50
RUNS = 15
MIN = 60
SETTINGS = Settings(interval=timedelta(minutes=30))
ANSWERED: list[dict[str, Any]] = [{"active": 30 * MIN}, {"do": "start"}, {"idle": 3 * MIN}]
BUSY_DAY: list[dict[str, Any]] = [
    *ANSWERED * 13,
    {"active": 30 * MIN}, {"do": "snooze"}, {"active": 10 * MIN}, {"do": "start"}, {"idle": 3 * MIN},
    {"active": 30 * MIN}, {"do": "skip"}, {"idle": 10 * MIN},
]  # fmt: skip
COMMANDS = [["stats"], ["stats", "--week"], ["stats", "--month"], ["stats", "--json"]]


def build(days: int) -> tuple[int, int]:
    """Write ``days`` busy days ending today into the default history; return (records, breaks)."""
    awake = sum(step.get("active", 0) + step.get("idle", 0) for step in BUSY_DAY)
    night = {"sleep": 86_400 - awake}
    first = date.today() - timedelta(days=days - 1)
    lines = [json.dumps({"at": datetime.combine(first, clock(8, 0)).astimezone().isoformat()})]
    lines += [json.dumps(step) for step in [*BUSY_DAY, night] * days]
    start, steps = parse_trace(lines)
    records = list(simulate(start, steps, SETTINGS, builtin_routines()))
    with open_history().store as store:
        store.append_all(records)
    return len(records), sum(1 for record in records if record.kind in {"break_completed", "logged"})


def in_process(args: list[str]) -> tuple[float, int]:
    """Median milliseconds of ``deskbreak ARGS`` run in this process, and the bytes it printed."""
    times = []
    printed = 0
    for run in range(RUNS + 1):
        out = io.StringIO()
        began = time.perf_counter()
        with redirect_stdout(out):
            deskbreak(args)
        if run:  # the first run warms the imports and the page cache
            times.append((time.perf_counter() - began) * 1000)
        printed = len(out.getvalue())
    return statistics.median(times), printed


def fresh_process(args: list[str]) -> float:
    """Milliseconds for ``python -m deskbreak ARGS`` from start to exit."""
    began = time.perf_counter()
    subprocess.run([sys.executable, "-m", "deskbreak", *args], check=True, stdout=subprocess.DEVNULL)
    return (time.perf_counter() - began) * 1000


def main() -> None:
    years = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    with tempfile.TemporaryDirectory() as folder:
        os.environ["XDG_DATA_HOME"] = folder
        os.environ["XDG_CONFIG_HOME"] = folder
        began = time.perf_counter()
        records, breaks = build(round(years * 365.25))
        size = sum(path.stat().st_size for path in Path(folder).rglob("*") if path.is_file()) / 1e6
        print(f"history: {years} years, {breaks:,} breaks, {records:,} records, {size:.0f} MB "
              f"(built in {time.perf_counter() - began:.1f} s)")  # fmt: skip
        for args in COMMANDS:
            median, printed = in_process(args)
            verdict = "ok" if median < GOAL_MS else f"over the {GOAL_MS} ms goal"
            print(f"deskbreak {' '.join(args):<16} {median:8.1f} ms in-process  ({printed:,} bytes)  {verdict}")
        for args in COMMANDS[:1]:
            print(f"deskbreak {' '.join(args):<16} {fresh_process(args):8.1f} ms as a new process")


if __name__ == "__main__":
    main()
