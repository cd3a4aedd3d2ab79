"""``deskbreak autostart on [--systemd] | off | status``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from deskbreak.autostart import (
    AutostartError,
    Report,
    autostart_status,
    find_launcher,
    platform_backends,
    turn_off,
    turn_on,
)

__all__ = ["off", "on", "status"]


def on(args: argparse.Namespace) -> int:
    """Start this installation at login (with --systemd: as a systemd user unit)."""
    return _show(lambda: turn_on(platform_backends(), find_launcher(), "systemd" if args.systemd else None))


def off(args: argparse.Namespace) -> int:
    """Stop starting at login; exit 1 if an entry the user made still starts it."""
    return _show(lambda: turn_off(platform_backends()))


def status(args: argparse.Namespace) -> int:
    """Say which autostart entries are active; exit 1 if one is stale or disabled."""
    return _show(lambda: autostart_status(platform_backends(), find_launcher()))


def _show(action: Callable[[], Report]) -> int:
    try:
        report = action()
    except (AutostartError, OSError) as error:
        print(f"deskbreak autostart: {error}", file=sys.stderr)
        return 1
    for line in report.lines:
        print(line)
    return 0 if report.ok else 1
