"""What a process and everything it started cost, read from /proc: CPU, context switches, threads, memory.

Shared by the benches that compare deskbreak with other programs: a
program's helpers (a break window, a spawned tool) count as its own.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class Usage:
    """CPU seconds (with reaped children's) and context switches of every thread, summed over a tree."""

    cpu_s: float
    switches: int


def tree(pid: int) -> list[int]:
    """``pid`` and its living descendants (those that exited are gone from /proc)."""
    found, pending = [], [pid]
    while pending:
        current = pending.pop()
        found.append(current)
        pending.extend(children(current))
    return found


def children(pid: int) -> list[int]:
    """The processes ``pid``'s threads started that still run."""
    found: list[int] = []
    for task in _read_tasks(pid):
        try:
            found.extend(int(child) for child in (task / "children").read_text().split())
        except OSError:
            continue
    return found


def usage(pid: int) -> Usage:
    cpu, switches = 0.0, 0
    for member in tree(pid):
        try:
            fields = Path(f"/proc/{member}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        cpu += sum(int(value) for value in fields[11:15]) / CLOCK_TICKS  # utime stime cutime cstime
        for task in _read_tasks(member):
            switches += _switches(task)
    return Usage(cpu, switches)


def thread_ids(pid: int) -> set[int]:
    """Every thread id in the tree now."""
    return {int(task.name) for member in tree(pid) for task in _read_tasks(member)}


def rss_kib(pid: int) -> int:
    return sum(_rollup(member, "Rss:") for member in tree(pid))


def pss_kib(pid: int) -> int:
    return sum(_rollup(member, "Pss:") for member in tree(pid))


def _read_tasks(pid: int) -> list[Path]:
    try:
        return list(Path(f"/proc/{pid}/task").iterdir())
    except OSError:
        return []


def _switches(task: Path) -> int:
    try:
        lines = (task / "status").read_text().splitlines()
    except OSError:
        return 0
    return sum(int(line.split()[1]) for line in lines
               if line.startswith(("voluntary_ctxt_switches", "nonvoluntary_ctxt_switches")))


def _rollup(pid: int, key: str) -> int:
    try:
        lines = Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()
    except OSError:
        return 0
    return next((int(line.split()[1]) for line in lines if line.startswith(key)), 0)
