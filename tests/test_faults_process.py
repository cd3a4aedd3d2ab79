"""The fault table's rows about the process itself: a real ``deskbreak run`` under each fault.

It keeps reminding, or exits non-zero within 5 s with one line saying why:
never alive and silent. (The in-process rows are in ``test_faults.py``.)
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from daemon_process import FAST_CONFIG, Daemon, deskbreak, history_kinds, write_config
from desktop import wait_until

from deskbreak.control import ControlError, send_request
from deskbreak.control._paths import SOCKET_NAME, runtime_dir

SLOW_CLIENTS = 500


@pytest.fixture
def daemon(tmp_path: Path) -> Iterator[Daemon]:
    """A daemon on the fast config that counts you always present; stopped however the test ends."""
    write_config(FAST_CONFIG)
    running = Daemon(tmp_path / "daemon.log", DESKBREAK_IDLE="always-present")
    try:
        running.wait_ready()
        yield running
    finally:
        running.stop()


def test_a_control_socket_that_cannot_be_opened_ends_the_daemon_at_once_with_one_line(tmp_path: Path) -> None:
    runtime = tmp_path / ("r" * 120)  # longer than a Unix socket path may be
    runtime.mkdir(mode=0o700)
    env = {**os.environ, "XDG_RUNTIME_DIR": str(runtime), "DESKBREAK_IDLE": "always-present"}
    result = subprocess.run([sys.executable, "-m", "deskbreak", "run"], capture_output=True, text=True,
                            env=env, timeout=30, check=False)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "cannot open the control channel" in lines[0]
    assert "Traceback" not in result.stdout + result.stderr


def test_sigterm_during_writes_stops_cleanly_and_keeps_every_acknowledged_record(daemon: Daemon) -> None:
    acknowledged = 0
    stop = threading.Event()

    def log_breaks() -> None:
        nonlocal acknowledged
        while not stop.is_set():
            try:
                if send_request({"command": "log"}, timeout=5).get("ok"):
                    acknowledged += 1
            except ControlError:
                return

    client = threading.Thread(target=log_breaks)
    client.start()
    wait_until(lambda: acknowledged >= 20, "the daemon writing", 30)
    assert daemon.kill(signal.SIGTERM) == 0
    stop.set()
    client.join()
    assert history_kinds().count("logged") >= acknowledged


def test_five_hundred_slow_clients_do_not_keep_status_from_answering(daemon: Daemon) -> None:
    path = runtime_dir() / SOCKET_NAME
    slow = []
    try:
        for _ in range(SLOW_CLIENTS):
            client = socket.socket(socket.AF_UNIX)
            client.connect(str(path))
            client.send(b'{"comm')  # and never the rest
            slow.append(client)
        daemon.status()  # answered, while every slow client still holds its connection
        assert threads_of(daemon.process.pid) < 100
    finally:
        for client in slow:
            client.close()
    assert deskbreak("status").returncode == 0


def test_a_daemon_stopped_and_continued_answers_and_reminds(daemon: Daemon) -> None:
    daemon.process.send_signal(signal.SIGSTOP)
    waiting = subprocess.Popen([sys.executable, "-m", "deskbreak", "status"], stdout=subprocess.PIPE, text=True)
    daemon.process.send_signal(signal.SIGCONT)  # the ten-minute gap itself is test_faults.py's, on a fake clock
    assert waiting.wait(timeout=30) == 0
    wait_until(lambda: "reminder" in history_kinds(), "a reminder after a minute of desk time", 90)


def test_a_closed_terminal_does_not_stop_the_reminders(runtime_base: Path) -> None:
    write_config(FAST_CONFIG)
    read_end, write_end = os.pipe()
    os.close(read_end)  # whatever the daemon prints now fails with EPIPE, as after the terminal closed
    env = {**os.environ, "DESKBREAK_IDLE": "always-present"}
    process = subprocess.Popen([sys.executable, "-m", "deskbreak", "run"], stdout=write_end,
                               stderr=subprocess.DEVNULL, env=env)
    os.close(write_end)
    try:
        wait_until(lambda: deskbreak("status").returncode == 0, "the daemon answers", 30)
        wait_until(lambda: "reminder" in history_kinds(), "a reminder after a minute of desk time", 90)
        assert process.poll() is None
        assert deskbreak("status").returncode == 0
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=20)


def threads_of(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("Threads:"):
            return int(line.split()[1])
    raise AssertionError("no thread count")
