"""``deskbreak run``."""

from __future__ import annotations

import argparse
import sys

from deskbreak.control import ControlError
from deskbreak.daemon import LogUnavailable, run_daemon
from deskbreak.history import HistoryError

__all__ = ["run"]


def run(args: argparse.Namespace) -> int:
    """Run the daemon in the foreground; 1, with one line saying why, if it cannot start.

    Without the runtime directory (the lock and the socket) or the history
    the daemon cannot do its job, and both raise one-line errors naming the
    path and the fix; a traceback would bury that line. Other exceptions are
    bugs and keep their traceback.
    """
    try:
        return run_daemon(verbose=args.verbose)
    except (ControlError, HistoryError, LogUnavailable) as error:
        print(f"deskbreak: {error}", file=sys.stderr)
        return 1
