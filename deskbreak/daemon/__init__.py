"""``deskbreak run``: the long-running daemon (see ``_app`` for its threads)."""

from __future__ import annotations

import sys

from deskbreak.control import ControlError, InstanceLock
from deskbreak.daemon._logging import LogUnavailable, configure_logging

__all__ = ["LogUnavailable", "run_daemon"]


def run_daemon(verbose: bool) -> int:
    """Run until told to quit; 1 if another daemon is already running or a vital part fails."""
    # APScheduler imports asyncio, and asyncio imports ssl (OpenSSL: +4 MB of
    # RSS) only to offer TLS sockets. The daemon never opens one, so it marks
    # ssl unavailable before that import; asyncio is written to do without it.
    sys.modules.setdefault("ssl", None)  # type: ignore[arg-type]

    configure_logging(verbose)
    lock = InstanceLock()
    try:
        lock.acquire()
    except ControlError as error:  # AlreadyRunning, or an unsafe runtime dir
        print(error, file=sys.stderr)
        return 1
    with lock:
        from deskbreak.daemon._app import Daemon, Inbox
        from deskbreak.daemon._clock import SystemClock
        from deskbreak.daemon._setup import Setup
        from deskbreak.daemon._waker import SchedulerWaker

        inbox = Inbox()
        setup = Setup.create(inbox.submit)
        return Daemon(setup, inbox, SystemClock(), SchedulerWaker()).run(lock)
