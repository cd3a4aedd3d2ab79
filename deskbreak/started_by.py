"""Whether launchd started this process: the variable our LaunchAgent gives the daemon.

It lives here, apart from ``deskbreak.autostart`` (which writes it into the
plist), because the daemon reads it and must never import autostart:
starting the daemon cannot touch what starts it at login.
"""

from __future__ import annotations

from collections.abc import Mapping

__all__ = ["AUTOSTART_VARIABLE", "LAUNCHD", "started_by_launchd"]

AUTOSTART_VARIABLE = "DESKBREAK_AUTOSTART"
LAUNCHD = "launchd"


def started_by_launchd(environ: Mapping[str, str]) -> bool:
    """Whether our LaunchAgent started this process (its plist sets DESKBREAK_AUTOSTART=launchd)."""
    return environ.get(AUTOSTART_VARIABLE) == LAUNCHD
