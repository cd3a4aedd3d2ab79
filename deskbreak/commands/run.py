"""``deskbreak run``."""

from __future__ import annotations

import argparse

from deskbreak.daemon import run_daemon

__all__ = ["run"]


def run(args: argparse.Namespace) -> int:
    """Run the daemon in the foreground."""
    return run_daemon(verbose=args.verbose)
