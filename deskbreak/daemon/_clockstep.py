"""Noticing that the wall clock was stepped, so the timers can be armed again at once.

On Linux a timerfd armed with ``TFD_TIMER_CANCEL_ON_SET`` wakes its reader
the moment anyone sets the clock, and never otherwise: a watch that costs
no wakeups. Elsewhere a thread compares wall and monotonic time once a
period (the sample period, so it adds no wakeup the idle sample does not
already cost). Either way ``on_step`` runs on the watch's own thread and
must only enqueue.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import errno
import functools
import logging
import os
import select
import sys
import threading
import time
from collections.abc import Callable

__all__ = ["STEP_TOLERANCE_S", "ClockStepWatch"]

_log = logging.getLogger("deskbreak")
STEP_TOLERANCE_S = 2.0  # wall and monotonic time may drift apart by slewing; a step is bigger

_CLOCK_REALTIME = 0
_TFD_CLOEXEC = 0o2000000
_TFD_TIMER_ABSTIME = 1
_TFD_TIMER_CANCEL_ON_SET = 2


class _Timespec(ctypes.Structure):
    _fields_ = (("tv_sec", ctypes.c_long), ("tv_nsec", ctypes.c_long))


class _Itimerspec(ctypes.Structure):
    _fields_ = (("it_interval", _Timespec), ("it_value", _Timespec))


class ClockStepWatch:
    """Calls ``on_step`` from its own daemon thread whenever the wall clock jumps."""

    def __init__(self, on_step: Callable[[], None], poll_every: float = 60.0,
                 wall: Callable[[], float] = time.time, use_timerfd: bool = True) -> None:
        self._on_step = on_step
        self._poll_every = poll_every
        self._wall = wall
        self._stop_read, self._stop_write = os.pipe()
        self.kind = "poll"
        timer = _timerfd() if use_timerfd else None
        if timer is not None:
            self.kind = "timerfd"
        self._thread = threading.Thread(target=self._watch, args=(timer,), name="deskbreak-clock", daemon=True)

    def start(self) -> None:
        """Begin watching."""
        self._thread.start()

    def close(self) -> None:
        """Stop watching; the thread ends soon after."""
        with contextlib.suppress(OSError):
            os.write(self._stop_write, b"\0")

    def _watch(self, timer: int | None) -> None:
        try:
            if timer is None:
                self._poll()
            else:
                self._wait_on(timer)
        finally:
            for fd in (self._stop_read, self._stop_write, timer):
                if fd is not None:
                    with contextlib.suppress(OSError):
                        os.close(fd)

    def _wait_on(self, timer: int) -> None:
        while True:
            readable, _, _ = select.select([timer, self._stop_read], [], [])
            if self._stop_read in readable:
                return
            try:
                os.read(timer, 8)
            except OSError as error:
                if error.errno != errno.ECANCELED:
                    raise
                _arm(timer)
                self._on_step()

    def _poll(self) -> None:
        offset = self._wall() - time.monotonic()
        while not select.select([self._stop_read], [], [], self._poll_every)[0]:
            now_offset = self._wall() - time.monotonic()
            if abs(now_offset - offset) > STEP_TOLERANCE_S:
                self._on_step()
            offset = now_offset


@functools.cache
def _libc() -> ctypes.CDLL:
    return ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)


def _timerfd() -> int | None:
    """A timerfd that fails its read with ECANCELED when the clock is set; None where there is none."""
    if not sys.platform.startswith("linux"):
        return None
    fd = -1
    try:
        fd = int(_libc().timerfd_create(_CLOCK_REALTIME, _TFD_CLOEXEC))
        if fd < 0:
            raise OSError(ctypes.get_errno(), os.strerror(ctypes.get_errno()))
        _arm(fd)
    except (OSError, AttributeError) as error:
        if fd >= 0:
            os.close(fd)
        _log.info("no timerfd for clock changes (%s); comparing clocks once a period instead", error)
        return None
    return fd


def _arm(fd: int) -> None:
    """Arm ``fd`` to expire in the far future, so only a clock change wakes it."""
    far = _Itimerspec(_Timespec(0, 0), _Timespec(2**40, 0))
    flags = _TFD_TIMER_ABSTIME | _TFD_TIMER_CANCEL_ON_SET
    if _libc().timerfd_settime(fd, flags, ctypes.byref(far), None) != 0:
        code = ctypes.get_errno()
        raise OSError(code, os.strerror(code))
