"""SIGKILL at any moment loses nothing the daemon acknowledged, and never corrupts the history."""

from __future__ import annotations

import random
import sqlite3
import threading
from pathlib import Path

from daemon_process import FAST_CONFIG, Daemon, write_config

from deskbreak.control import ControlError, send_request
from deskbreak.history import default_history_path

KILLS = 200


def log_until_killed(stop: threading.Event, acknowledged: list[int]) -> None:
    """Ask the daemon to log breaks as fast as it answers; count the answers that said ok."""
    while not stop.is_set():
        try:
            if send_request({"command": "log"}, timeout=5).get("ok"):
                acknowledged[0] += 1
        except ControlError:
            if stop.wait(0.005):
                return


def test_two_hundred_kills_lose_no_acknowledged_record(tmp_path: Path) -> None:
    write_config(FAST_CONFIG)
    chance = random.Random(20261122)
    acknowledged = [0]
    for kill in range(KILLS):
        daemon = Daemon(tmp_path / "daemon.log", DESKBREAK_IDLE="always-present")
        if kill % 4:  # most kills land while it records; every fourth may land during start-up
            daemon.wait_ready()
        stop = threading.Event()
        client = threading.Thread(target=log_until_killed, args=(stop, acknowledged))
        client.start()
        stop.wait(chance.uniform(0.0, 0.15))  # real time on purpose: the kill lands at a random moment of recording
        daemon.kill()
        stop.set()
        client.join()
    with sqlite3.connect(default_history_path()) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        logged = connection.execute("SELECT count(*) FROM history WHERE kind = 'logged'").fetchone()[0]
    assert acknowledged[0] > KILLS  # the daemon really was recording when killed
    assert logged >= acknowledged[0]
    assert logged <= acknowledged[0] + KILLS  # at most one unanswered write per kill
