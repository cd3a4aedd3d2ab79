"""``deskbreak run``: the long-running daemon (see ``_app`` for its threads)."""

from __future__ import annotations

import logging
import os
import sys

from deskbreak.control import AlreadyRunning, ControlError, InstanceLock
from deskbreak.daemon._logging import LogUnavailable, configure_logging

__all__ = ["LogUnavailable", "run_daemon"]


def run_daemon(verbose: bool) -> int:
    """Run until told to quit; 1 if it cannot start (another daemon runs: 0 under launchd) or a vital part fails."""
    # APScheduler imports asyncio, and asyncio imports ssl (OpenSSL: +4 MB of
    # RSS) only to offer TLS sockets. The daemon never opens one, so it marks
    # ssl unavailable before that import; asyncio is written to do without it.
    sys.modules.setdefault("ssl", None)  # type: ignore[arg-type]

    configure_logging(verbose)
    lock = InstanceLock()
    try:
        lock.acquire()
    except ControlError as error:  # AlreadyRunning, or an unsafe runtime dir
        logging.getLogger("deskbreak").warning("not started: %s", error)
        print(error, file=sys.stderr)
        return _second_daemon_status() if isinstance(error, AlreadyRunning) else 1
    with lock:
        from deskbreak.daemon._app import Daemon, Inbox
        from deskbreak.daemon._clock import SystemClock
        from deskbreak.daemon._setup import Setup
        from deskbreak.daemon._shell import Tick
        from deskbreak.daemon._waker import SchedulerWaker

        inbox = Inbox()
        setup = Setup.create(inbox.submit, lambda: inbox.put(Tick()))
        return Daemon(setup, inbox, SystemClock(), SchedulerWaker()).run(lock)


def _second_daemon_status() -> int:
    """1 for a person who started a second daemon; 0 for our LaunchAgent.

    launchd's KeepAlive starts a job again whenever it exits non-zero, and
    one daemon already runs, which is what launchd was there to ensure.
    """
    from deskbreak.started_by import started_by_launchd

    return 0 if started_by_launchd(os.environ) else 1
