"""A real ``deskbreak run`` in a child process, and the CLI pointed at it.

The child inherits the test's private HOME and XDG directories (see
conftest.py), so each test has its own config, history, log and socket.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

from desktop import wait_until

from deskbreak.history import default_history_path

FAST_CONFIG = """[schedule]
interval = "1m"
snooze = "1m"
away_after = "10s"
natural_break = "20s"

[daemon]
sample_every = "1s"
"""


def deskbreak(*args: str, timeout: float = 30) -> subprocess.CompletedProcess[str]:
    """Run the ``deskbreak`` CLI as a user would."""
    return subprocess.run([sys.executable, "-m", "deskbreak", *args], capture_output=True, text=True,
                          check=False, timeout=timeout)


def write_config(text: str) -> Path:
    path = Path(os.environ["XDG_CONFIG_HOME"]) / "deskbreak" / "deskbreak.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def history_kinds() -> list[str]:
    """Every record kind in the history database, oldest first."""
    with sqlite3.connect(default_history_path()) as connection:
        return [row[0] for row in connection.execute("SELECT kind FROM history ORDER BY id")]


def waited_then_reminded() -> bool:
    """Whether the history holds a wait followed by the reminder it held back.

    The daemon stores records after it has shown the effects, so a test that
    has just seen the reminder on screen waits for this before reading on.
    """
    kinds = history_kinds()
    return "waited" in kinds and kinds[kinds.index("waited"):kinds.index("waited") + 2] == ["waited", "reminder"]


class Daemon:
    """``deskbreak run --verbose`` with its output kept in ``log``."""

    def __init__(self, log: Path, **environ: str) -> None:
        Path(os.environ["XDG_RUNTIME_DIR"]).mkdir(mode=0o700, parents=True, exist_ok=True)
        self.log = log
        env = {**os.environ, **environ}
        with log.open("a") as out:
            self.process = subprocess.Popen([sys.executable, "-m", "deskbreak", "run", "--verbose"],
                                            stdout=out, stderr=subprocess.STDOUT, env=env, text=True)

    def wait_ready(self, limit: float = 20) -> None:
        wait_until(lambda: self.process.poll() is not None or deskbreak("status").returncode == 0,
                   "the daemon answers", limit, every=0.05)
        assert self.process.poll() is None, self.log.read_text()

    def status(self) -> dict[str, Any]:
        result = deskbreak("status", "--json")
        assert result.returncode == 0, result.stderr
        answer: dict[str, Any] = json.loads(result.stdout)
        return answer

    def kill(self, signum: int | None = None) -> int:
        """Send ``signum``, or without one kill it outright (SIGKILL; TerminateProcess on Windows)."""
        if signum is None:
            self.process.kill()
        else:
            self.process.send_signal(signum)
        return self.process.wait(timeout=20)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.kill(signal.SIGTERM)
