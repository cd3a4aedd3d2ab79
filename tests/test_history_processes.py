"""The history shared between processes: a killed writer loses nothing, a reader is never locked out."""

from __future__ import annotations

import queue
import random
import sqlite3
import subprocess
import sys
import threading
import time
from datetime import date
from pathlib import Path

from desktop import WAIT_LIMIT_S

from deskbreak.history import open_history

# The daemon's side: append one record after another, and say so (one line
# per record, printed only after ``append`` returned) the way the daemon would
# tell the user.
WRITER = """
import itertools, sys
from datetime import datetime, timedelta, timezone
from pathlib import Path
from deskbreak.core import Record
from deskbreak.history import open_history

print("opening", flush=True)
opened = open_history(Path(sys.argv[1]))
print(opened.notice or "ready", flush=True)
start = datetime(2026, 6, 1, 9, tzinfo=timezone(timedelta(hours=2)))
for n in itertools.count():
    tag = f"{sys.argv[2]}-{n}"
    opened.store.append(Record(kind="reminder", at=start + timedelta(seconds=n),
                               desk_time=timedelta(seconds=n), routine=tag))
    print(tag, flush=True)
"""
DAY = date(2026, 6, 1)
LINE_TIMEOUT = 20.0  # seconds: only reached if the writer hangs


class Writer:
    """A writer process; its complete stdout lines arrive on a queue, so every wait is bounded."""

    def __init__(self, path: Path, tag: str) -> None:
        self._process = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(path), tag],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        self._lines: queue.Queue[str | None] = queue.Queue()
        self._pump = threading.Thread(target=self._read_stdout, daemon=True)
        self._pump.start()

    def _read_stdout(self) -> None:
        assert self._process.stdout is not None
        for line in self._process.stdout:
            if line.endswith("\n"):  # a line cut off by the kill was never acknowledged
                self._lines.put(line[:-1])
        self._lines.put(None)

    def next_line(self) -> str:
        line = self._lines.get(timeout=LINE_TIMEOUT)
        if line is None:
            assert self._process.stderr is not None
            raise AssertionError(f"the writer exited early: {self._process.stderr.read()}")
        return line

    def kill(self) -> list[str]:
        """SIGKILL the writer; return the lines it wrote that were not read yet."""
        self._process.kill()
        self._process.wait()
        self._pump.join(LINE_TIMEOUT)
        rest = []
        while (line := self._lines.get_nowait()) is not None:
            rest.append(line)
        assert self._process.stderr is not None
        self._process.stderr.close()
        return rest


def test_a_killed_writer_never_loses_an_acknowledged_record(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    seed = random.randrange(2**32)
    chance = random.Random(seed)
    acknowledged: list[str] = []
    for run in range(50):
        writer = Writer(path, f"run{run}")
        try:
            assert writer.next_line() == "opening"
            if run % 5:  # the other runs are killed while opening (run 0: while creating the schema)
                assert writer.next_line() == "ready"
                acknowledged += [writer.next_line() for _ in range(chance.randrange(1, 40))]
        finally:
            acknowledged += [line for line in writer.kill() if line.startswith("run")]
    with sqlite3.connect(path) as check:
        assert check.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        stored = {row[0] for row in check.execute("SELECT routine FROM history")}
    lost = [tag for tag in acknowledged if tag not in stored]
    assert lost == [], f"random seed {seed}: {len(lost)} acknowledged records lost, e.g. {lost[:5]}"
    assert len(acknowledged) >= 40
    assert [item.name for item in tmp_path.iterdir() if ".broken-" in item.name] == []


def test_a_reader_is_never_locked_out_while_the_daemon_writes(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    writer = Writer(path, "w")
    counts: list[int] = []
    try:
        assert writer.next_line() == "opening"
        assert writer.next_line() == "ready"
        give_up = time.monotonic() + WAIT_LIMIT_S  # for a stalled writer only: a loaded machine just takes longer
        while time.monotonic() < give_up:  # each read is a fresh `deskbreak stats`: open, read, tally, close
            opened = open_history(path)
            assert opened.notice is None
            with opened.store as reader:
                counts.append(len(reader.records(DAY, DAY)))
                assert reader.tally(DAY, DAY).reminders >= counts[-1]  # read a moment later
            if counts[-1] >= 500:
                break
    finally:
        writer.kill()
    assert counts[-1] >= 500, f"the writer stalled at {counts[-1]} records"
    assert counts == sorted(counts)
    assert len(set(counts)) > 10, "the reads should have overlapped many appends"
