"""How many simulated days the engine replays per wall-clock second.

Replays docs/example-day.jsonl (an 8-hour working day with breaks, snoozes,
skips, lunch and a night asleep) N times through the real engine, the way
``deskbreak simulate`` does, and prints days per second for three drivers
measured in one run (each the fastest of five): records only (trace
pre-parsed), parse + replay from JSON text, and an idle source polled every
5 s as the daemon polls.

    .venv/bin/python bench/engine.py [DAYS]
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

from deskbreak.core import Settings
from deskbreak.library import builtin_routines
from deskbreak.simulate import parse_trace, simulate

DAY_FILE = Path(__file__).resolve().parent.parent / "docs" / "example-day.jsonl"
GOAL = 10_000


def trace_text(days: int) -> list[str]:
    """``days`` copies of the example day, each followed by a night asleep."""
    lines = DAY_FILE.read_text().splitlines()
    start, steps = lines[0], lines[1:]
    awake = sum(json.loads(line).get("active", 0) + json.loads(line).get("idle", 0) for line in steps)
    night = json.dumps({"sleep": 86_400 - awake})
    return [start, *([*steps, night] * days)]


def timed(label: str, days: int, run: Callable[[], int], repeats: int = 5) -> float:
    """Days per second of the fastest of ``repeats`` runs (the one least disturbed by other work)."""
    seconds, records = float("inf"), 0
    for _ in range(repeats):
        began = time.perf_counter()
        records = run()
        seconds = min(seconds, time.perf_counter() - began)
    rate = days / seconds
    print(f"{label:<34} {rate:>10,.0f} days/s  ({records:,} records in {seconds * 1000:,.1f} ms)")
    return rate


def main() -> None:
    days = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    text = trace_text(days)
    start, steps = parse_trace(text)
    routines, settings = builtin_routines(), Settings()

    def replay_parsed() -> int:
        return sum(1 for _ in simulate(start, steps, settings, routines))

    def parse_and_replay() -> int:
        begin, parsed = parse_trace(text)
        return sum(1 for _ in simulate(begin, parsed, settings, routines))

    def polled() -> int:
        return sum(1 for _ in simulate(start, steps[: len(steps) // 100], settings, routines, 5.0))

    print(f"deskbreak engine benchmark: {days:,} simulated days (goal {GOAL:,} days/s)")
    fastest = timed("replay, one sample per step", days, replay_parsed)
    with_parse = timed("parse JSON + replay", days, parse_and_replay)
    slow = timed("replay, idle polled every 5 s", max(1, days // 100), polled)
    print(f"ratios: parse+replay = {with_parse / fastest:.2f} x replay; "
          f"5-s polling = {slow / fastest:.4f} x replay")
    print("goal met" if fastest >= GOAL else f"goal NOT met: {fastest:,.0f} < {GOAL:,} days/s")


if __name__ == "__main__":
    main()
