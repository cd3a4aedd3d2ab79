"""Suspend, resume, lock and unlock as they happen: the session-watch port.

The daemon calls ``open_logind_watch()`` once at start on a thread of its
own, reads ``locked``, then blocks in ``listen`` until ``close``; each
change it hears becomes a ``SessionChange`` item on the engine's queue.
logind's watch (``_logind``, jeepney on the system bus) is the only real
backend and is imported only when opened, so this package imports
everywhere. ``FakeSessionWatch`` is the one tests and drivers use.
"""

from deskbreak.session._fake import FakeSessionWatch
from deskbreak.session._open import open_logind_watch
from deskbreak.session._port import SessionChange, SessionWatch, SessionWatchUnavailable

__all__ = ["FakeSessionWatch", "SessionChange", "SessionWatch", "SessionWatchUnavailable", "open_logind_watch"]
