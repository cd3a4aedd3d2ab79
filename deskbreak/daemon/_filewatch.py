"""Watching the config file with inotify (Linux), so that nothing has to look at it every few seconds.

Editors save by writing a new file and renaming it over the old one (vim,
gedit, VS Code), which replaces the inode a watch on the file itself would
follow; so the watch is on the file's directory (and on the directory of
the file a symlink points to, for configs kept in a dotfiles folder), and
any event naming the file queues a sample. The sample's
``ConfigWatcher.check`` compares the file's stamp and reloads, exactly as
when it ran on every periodic sample; several events for one save still
make one reload. Where there is no inotify (macOS, Windows, a kernel
without it, a directory that cannot be watched) ``open`` returns None and
the daemon keeps sampling, which looks at the stamp each time.

Threading: one thread of its own, asleep in ``select`` until the kernel
reports a change in the directory or ``close`` is called; ``on_change``
runs on it and must only queue.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import logging
import os
import select
import struct
import sys
import threading
from collections.abc import Callable
from pathlib import Path

__all__ = ["FileWatch"]

_log = logging.getLogger("deskbreak")

_IN_CLOEXEC = 0o2000000
_IN_NONBLOCK = 0o4000
# IN_ATTRIB (touch, chmod), IN_CLOSE_WRITE, IN_MOVED_FROM, IN_MOVED_TO, IN_CREATE, IN_DELETE
_CHANGES = 0x4 | 0x8 | 0x40 | 0x80 | 0x100 | 0x200
_EVENT = struct.Struct("iIII")  # wd, mask, cookie, length of the name that follows
_READ_BYTES = 64 * 1024


class FileWatch:
    """Calls ``on_change`` from its own thread whenever the watched file may have changed."""

    def __init__(self, fd: int, names: dict[int, str], on_change: Callable[[], None]) -> None:
        self._fd = fd
        self._names = names  # watch descriptor -> the file's name in that directory
        self._on_change = on_change
        self._stop_read, self._stop_write = os.pipe()
        self._thread = threading.Thread(target=self._watch, name="deskbreak-config", daemon=True)
        self._thread.start()

    @classmethod
    def open(cls, path: Path, on_change: Callable[[], None]) -> FileWatch | None:
        """Watch ``path``'s directory (and its symlink target's); None, logged once, where inotify cannot."""
        if not sys.platform.startswith("linux"):
            return None
        try:
            libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
            fd = _checked(libc.inotify_init1(_IN_CLOEXEC | _IN_NONBLOCK))
        except (OSError, AttributeError) as error:
            _log.info("no inotify for the config file (%s); it is looked at every sample instead", error)
            return None
        names: dict[int, str] = {}
        try:
            for place in dict.fromkeys((path.absolute(), path.resolve())):
                directory = os.fsencode(place.parent)
                names[_checked(libc.inotify_add_watch(fd, directory, _CHANGES))] = place.name
        except OSError as error:
            os.close(fd)
            _log.info("cannot watch %s (%s); it is looked at every sample instead", path.parent, error.strerror)
            return None
        return cls(fd, names, on_change)

    def close(self) -> None:
        """Stop watching; the thread ends soon after and closes the inotify descriptor."""
        with contextlib.suppress(OSError):
            os.write(self._stop_write, b"\0")

    def _watch(self) -> None:
        try:
            while self._stop_read not in select.select([self._fd, self._stop_read], [], [])[0]:
                if self._concerns_the_file(os.read(self._fd, _READ_BYTES)):
                    self._on_change()
        finally:
            for fd in (self._fd, self._stop_read, self._stop_write):
                with contextlib.suppress(OSError):
                    os.close(fd)

    def _concerns_the_file(self, events: bytes) -> bool:
        """Whether any of ``events`` names the watched file (or the kernel dropped some: then assume so)."""
        offset = 0
        while offset + _EVENT.size <= len(events):
            wd, _mask, _cookie, length = _EVENT.unpack_from(events, offset)
            start = offset + _EVENT.size
            name = events[start:start + length].rstrip(b"\0").decode(errors="replace")
            offset = start + length
            if wd == -1 or self._names.get(wd) == name:  # wd -1: IN_Q_OVERFLOW
                return True
        return False


def _checked(result: int) -> int:
    """``result`` of a libc call, or OSError from errno for -1."""
    if result < 0:
        code = ctypes.get_errno()
        raise OSError(code, os.strerror(code))
    return result
