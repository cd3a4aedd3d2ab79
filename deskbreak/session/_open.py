"""Opening the one real session watch, logind's, without importing jeepney until it is asked for."""

from __future__ import annotations

from collections.abc import Callable

from deskbreak.session._port import SessionChange, SessionWatch

__all__ = ["open_logind_watch"]


def open_logind_watch(on_change: Callable[[SessionChange], None], bus_address: str | None = None) -> SessionWatch:
    """The watch on logind; ImportError where jeepney is missing (not Linux), else as ``LogindWatch.open``."""
    from deskbreak.session._logind import LogindWatch

    return LogindWatch.open(on_change, bus_address)
