"""The daemon's log: a rotating file in the user log dir, and the terminal if asked."""

from __future__ import annotations

import logging
import logging.handlers
import os
import threading
from pathlib import Path

__all__ = ["configure_logging", "log_path"]

_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def log_path() -> Path:
    """$DESKBREAK_LOG, else deskbreak.log in the platform's user log dir."""
    override = os.environ.get("DESKBREAK_LOG")
    if override:
        return Path(override)
    import platformdirs

    return platformdirs.user_log_path("deskbreak", appauthor=False) / "deskbreak.log"


def configure_logging(verbose: bool) -> Path:
    """Log to the rotating file (1 MB x 3), and to stderr with ``verbose``."""
    path = log_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    root = logging.getLogger("deskbreak")
    root.setLevel(logging.INFO)
    handler = logging.handlers.RotatingFileHandler(path, maxBytes=1_000_000, backupCount=3, encoding="utf-8")
    handler.setFormatter(logging.Formatter(_FORMAT))
    root.addHandler(handler)
    if verbose:
        terminal = logging.StreamHandler()
        terminal.setFormatter(logging.Formatter("%(asctime)s %(message)s", "%H:%M:%S"))
        root.addHandler(terminal)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    threading.excepthook = _log_thread_failure
    return path


def _log_thread_failure(failure: threading.ExceptHookArgs) -> None:
    """Any thread's uncaught exception goes to the log file with its traceback, not only to stderr."""
    if failure.exc_type is SystemExit:
        return
    thread = failure.thread.name if failure.thread is not None else "a thread"
    logging.getLogger("deskbreak").critical("uncaught error in %s: %s", thread, failure.exc_type.__name__,
                                            exc_info=failure.exc_value)
