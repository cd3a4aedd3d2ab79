"""The production timer and the clock-step watch against real clocks: a step is noticed and re-armed."""

from __future__ import annotations

import ctypes
import queue
import time
from datetime import datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo

import apscheduler.schedulers.base  # type: ignore[import-untyped]
import apscheduler.triggers.interval  # type: ignore[import-untyped]
import pytest

from deskbreak.daemon._clock import SystemClock
from deskbreak.daemon._clockstep import ClockStepWatch
from deskbreak.daemon._waker import SchedulerWaker


class _Timespec(ctypes.Structure):
    _fields_ = (("tv_sec", ctypes.c_long), ("tv_nsec", ctypes.c_long))


def set_clock_to_now() -> None:
    """Set the system clock to the time it already shows: a clock change, moving it by microseconds."""
    libc = ctypes.CDLL(None, use_errno=True)
    now = time.clock_gettime_ns(time.CLOCK_REALTIME)
    if libc.clock_settime(0, ctypes.byref(_Timespec(now // 10**9, now % 10**9))) != 0:
        pytest.fail(f"clock_settime: {ctypes.get_errno()} (the tests run as root in CI)")


def test_the_timerfd_watch_wakes_when_the_clock_is_set_and_never_otherwise() -> None:
    steps: queue.Queue[bool] = queue.Queue()
    watch = ClockStepWatch(lambda: steps.put(True))
    assert watch.kind == "timerfd"
    watch.start()
    try:
        assert steps.empty()
        set_clock_to_now()
        assert steps.get(timeout=10)
        set_clock_to_now()
        assert steps.get(timeout=10)  # armed again after the first
    finally:
        watch.close()


def test_the_polling_watch_notices_a_step_of_the_wall_clock_against_the_monotonic_one() -> None:
    offset = [0.0]
    steps: queue.Queue[bool] = queue.Queue()
    watch = ClockStepWatch(lambda: steps.put(True), poll_every=0.01, wall=lambda: time.time() + offset[0],
                           use_timerfd=False)
    assert watch.kind == "poll"
    watch.start()
    try:
        offset[0] = -3600.0
        assert steps.get(timeout=10)
    finally:
        watch.close()


def test_the_scheduler_ticks_again_at_once_after_the_clock_is_set_back(monkeypatch: pytest.MonkeyPatch) -> None:
    step = [timedelta(0)]

    class SteppedDatetime(datetime):
        @classmethod
        def now(cls, tz: tzinfo | None = None) -> SteppedDatetime:
            moment = datetime.now(tz) + step[0]
            return cls.fromtimestamp(moment.timestamp(), moment.tzinfo)

    for module in (apscheduler.schedulers.base, apscheduler.triggers.interval):  # every wall-clock reader
        monkeypatch.setattr(module, "datetime", SteppedDatetime)
    ticks: queue.Queue[bool] = queue.Queue()
    waker = SchedulerWaker()
    waker.start(lambda: ticks.put(True), timedelta(seconds=0.05))
    try:
        assert ticks.get(timeout=10)
        step[0] = -timedelta(hours=1)
        waker.clock_stepped()
        while not ticks.empty():
            ticks.get_nowait()
        assert ticks.get(timeout=10)  # not an hour later
    finally:
        waker.close()


def test_the_system_clock_reads_local_time_in_the_named_zone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "Europe/London")
    now = SystemClock().now()
    assert now.tzinfo == ZoneInfo("Europe/London")
    tomorrow_in_summer = datetime(2026, 10, 24, 12, tzinfo=now.tzinfo) + timedelta(days=1)
    assert tomorrow_in_summer.utcoffset() == timedelta(0)  # the change on 25 October is applied
