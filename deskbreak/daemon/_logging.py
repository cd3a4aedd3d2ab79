"""The daemon's log: a rotating file in the user log dir, and the terminal if asked."""

from __future__ import annotations

import logging
import logging.handlers
import os
import threading
from pathlib import Path

__all__ = ["LogUnavailable", "configure_logging", "log_path"]

_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def log_path() -> Path:
    """$DESKBREAK_LOG, else deskbreak.log in the platform's user log dir."""
    override = os.environ.get("DESKBREAK_LOG")
    if override:
        return Path(override)
    import platformdirs

    return platformdirs.user_log_path("deskbreak", appauthor=False) / "deskbreak.log"


class LogUnavailable(Exception):
    """The log file cannot be opened; the daemon does not run unlogged, since what it logs would be lost."""


def configure_logging(verbose: bool) -> Path:
    """Log to the rotating file (1 MB x 3), and to stderr with ``verbose``; LogUnavailable if the file cannot be."""
    path = log_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(path, maxBytes=1_000_000, backupCount=3, encoding="utf-8")
    except OSError as error:
        raise LogUnavailable(f"cannot write the log {path}: {error.strerror or error} (move aside whatever is "
                             f"in the way, or set DESKBREAK_LOG to another file)") from None
    root = logging.getLogger("deskbreak")
    root.setLevel(logging.INFO)
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
