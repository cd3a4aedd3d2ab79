"""What each module deskbreak loads costs to import: time and resident memory, one fresh Python per module.

For each module: the median import time over a few fresh interpreters
(``python -X importtime``'s cumulative figure for that module), and the RSS
an interpreter has after importing it minus one that imported nothing (so
shared dependencies count in every row that pulls them in). The daemon's
rows are what it loads at start (and which path loads them); the rest are
loaded only for a break, a report or a rare command.

    .venv/bin/python bench/imports.py [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys

MODULES = (
    ("deskbreak.cli", "every command"),
    ("deskbreak.control._client", "CLI requests"),
    ("deskbreak.daemon", "daemon"),
    ("deskbreak.core", "daemon"),
    ("deskbreak.history", "daemon, stats"),
    ("deskbreak.library", "daemon"),
    ("deskbreak.tray._sni", "daemon, SNI path"),
    ("deskbreak.tray._pystray_tray", "daemon, any tray"),
    ("Xlib.display", "daemon, X11 idle and XEmbed path"),
    ("jeepney.io.blocking", "daemon, D-Bus"),
    ("apscheduler.schedulers.background", "daemon, wake-ups"),
    ("logging", "daemon"),
    ("sqlite3", "daemon, stats"),
    ("tomllib", "daemon, config, stats (the streak's settings)"),
    ("PIL.Image", "break window, report (not the daemon)"),
    ("tkinter", "break window"),
    ("deskbreak.breakwindow._window", "break window"),
    ("deskbreak.report", "deskbreak report"),
    ("tomlkit", "config writes from the tray menu"),
    ("plyer", "notifications where D-Bus has none"),
)

MEASURE = """
import sys
def rss():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
before = rss()
__import__(sys.argv[1])
print(rss() - before)
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="fresh interpreters per module (default 5)")
    runs = parser.parse_args().runs
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    print("| module | loaded for | import (ms) | RSS added (MiB) |")
    print("|---|---|---|---|")
    for module, used_by in MODULES:
        times, added = [], []
        for _ in range(runs):
            done = subprocess.run([sys.executable, "-X", "importtime", "-c", MEASURE, module], env=env,
                                  capture_output=True, text=True, check=False)
            if done.returncode != 0:
                break
            times.append(_cumulative_ms(done.stderr, module))
            added.append(int(done.stdout) / 1024)
        if not times:
            print(f"| `{module}` | {used_by} | not importable here | |")
            continue
        print(f"| `{module}` | {used_by} | {statistics.median(times):.1f} | {statistics.median(added):.1f} |")


def _cumulative_ms(report: str, module: str) -> float:
    for line in report.splitlines():
        fields = line.split("|")
        if len(fields) == 3 and fields[2].strip() == module:
            return int(fields[1]) / 1000
    return 0.0  # already imported by site at start-up


if __name__ == "__main__":
    main()
