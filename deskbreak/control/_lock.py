"""One daemon per user: an OS lock on ``deskbreak.lock`` in the runtime directory.

The lock is the kernel's (``flock`` on POSIX, ``msvcrt.locking`` on Windows),
not the file's existence. The kernel drops it when its process dies, however
it dies, so a daemon that crashed or was killed with SIGKILL leaves nothing
to clean up: the file is still there, nobody holds its lock, and the next
``acquire`` simply takes it over and writes its own PID. The file is never
deleted: deleting it would race with a process that has just opened it, and
two daemons could then each hold a lock on a different file. The PID in the
file only serves the "already running" message.
"""

from __future__ import annotations

import os
import sys
from types import TracebackType

from deskbreak.control._errors import AlreadyRunning, ControlError
from deskbreak.control._paths import LOCK_NAME, runtime_dir

__all__ = ["InstanceLock"]

_OPEN_FLAGS = os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0)

if sys.platform == "win32":
    import msvcrt

    # Windows forbids reading a locked byte range, so lock a byte past the PID to keep it readable.
    _LOCKED_BYTE = 4096

    def _try_lock(descriptor: int) -> bool:
        os.lseek(descriptor, _LOCKED_BYTE, os.SEEK_SET)
        try:
            msvcrt.locking(descriptor, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(descriptor: int) -> None:
        os.lseek(descriptor, _LOCKED_BYTE, os.SEEK_SET)
        msvcrt.locking(descriptor, msvcrt.LK_UNLCK, 1)

else:
    # fcntl is imported where it is used, so that everything else in the
    # control package imports without it: the tests' run with the modules
    # Windows lacks hidden collects every module that imports this one.

    def _try_lock(descriptor: int) -> bool:
        import fcntl

        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(descriptor: int) -> None:
        import fcntl

        fcntl.flock(descriptor, fcntl.LOCK_UN)


class InstanceLock:
    """The single-instance lock; hold it for the daemon's whole life.

    ``with InstanceLock() as lock:`` acquires it (raising AlreadyRunning when
    another live process holds it) and releases it on the way out. It is not
    meant to be shared between threads.
    """

    def __init__(self) -> None:
        self.path = runtime_dir() / LOCK_NAME
        self._descriptor: int | None = None

    @property
    def held(self) -> bool:
        """Whether this object holds the lock now."""
        return self._descriptor is not None

    def acquire(self) -> None:
        """Take the lock and write our PID; raise AlreadyRunning(pid) if a live process has it."""
        if self._descriptor is not None:
            return
        try:
            descriptor = os.open(self.path, _OPEN_FLAGS, 0o600)
        except OSError as error:
            raise ControlError(f"cannot open the lock file {self.path}: {error.strerror}") from None
        if not _try_lock(descriptor):
            holder = _read_pid(descriptor)
            os.close(descriptor)
            raise AlreadyRunning(holder)
        os.ftruncate(descriptor, 0)
        os.lseek(descriptor, 0, os.SEEK_SET)
        os.write(descriptor, f"{os.getpid()}\n".encode("ascii"))
        self._descriptor = descriptor

    def release(self) -> None:
        """Let the next daemon start; harmless when not held."""
        if self._descriptor is None:
            return
        descriptor, self._descriptor = self._descriptor, None
        _unlock(descriptor)
        os.close(descriptor)

    def __enter__(self) -> InstanceLock:
        self.acquire()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.release()


def _read_pid(descriptor: int) -> int | None:
    os.lseek(descriptor, 0, os.SEEK_SET)
    text = os.read(descriptor, 32).decode("ascii", "replace").strip()
    return int(text) if text.isdigit() else None
