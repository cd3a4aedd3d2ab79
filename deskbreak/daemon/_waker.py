"""What wakes the engine thread: a sample every so often, and the engine's next deadline.

The periodic sample is optional: with an idle source, a config file and
quiet signals that all tell of their own changes, the shell asks for none
(``every`` None) and the waker ticks only at the deadline.

``SchedulerWaker`` is the production timer, on APScheduler. APScheduler
reads the wall clock, so after the clock is stepped back its jobs would
wait out the length of the step; the shell calls ``clock_stepped`` when it
sees a step and the jobs are armed again from the new time. ``FakeWaker``
ships beside it: it only remembers what was asked, and a test driving a
fake clock reads ``next_wake`` to jump straight there.

Threading: every method is called from the engine thread; ``tick`` is
called on the scheduler's own thread and must only enqueue.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Protocol

__all__ = ["FakeWaker", "SchedulerWaker", "Waker"]

_log = logging.getLogger("deskbreak")


class Waker(Protocol):
    """Calls ``tick`` every ``every`` (never if None) and once at the deadline last given to ``wake_at``."""

    def start(self, tick: Callable[[], None], every: timedelta | None) -> None:
        """Begin ticking."""
        ...

    def sample_every(self, every: timedelta | None) -> None:
        """Tick every ``every`` from now on; None: only at the deadline."""
        ...

    def wake_at(self, deadline: datetime) -> None:
        """Tick once at ``deadline`` (replacing the previous deadline)."""
        ...

    def clock_stepped(self) -> None:
        """The wall clock jumped: arm everything again from the new time."""
        ...

    def close(self) -> None:
        """Stop ticking."""
        ...


class SchedulerWaker:
    """APScheduler's background scheduler with two jobs, "sample" and "deadline".

    Jobs run on the scheduler's own thread (the debug executor), since all
    they do is put a tick on the engine's queue: no pool thread is woken.
    """

    def __init__(self) -> None:
        from apscheduler.executors.debug import DebugExecutor  # type: ignore[import-untyped]
        from apscheduler.schedulers.background import BackgroundScheduler  # type: ignore[import-untyped]

        self._scheduler = BackgroundScheduler(executors={"default": DebugExecutor()})
        self._tick: Callable[[], None] = lambda: None
        self._every: timedelta | None = None
        self._deadline: datetime | None = None

    def start(self, tick: Callable[[], None], every: timedelta | None) -> None:
        """Arm the sample job (if any) and start the scheduler's thread."""
        self._tick = tick
        self.sample_every(every)
        self._scheduler.start()

    def sample_every(self, every: timedelta | None) -> None:
        """Arm the sample job again with the new period, or remove it."""
        self._every = every
        if every is not None:
            self._scheduler.add_job(self._tick, "interval", seconds=every.total_seconds(), id="sample",
                                    replace_existing=True, coalesce=True, max_instances=1, misfire_grace_time=None)
        elif self._scheduler.get_job("sample") is not None:
            self._scheduler.remove_job("sample")

    def wake_at(self, deadline: datetime) -> None:
        """Replace the deadline job."""
        self._deadline = deadline
        self._scheduler.add_job(self._tick, "date", run_date=deadline, id="deadline",
                                replace_existing=True, misfire_grace_time=None)

    def clock_stepped(self) -> None:
        """Interval jobs count from the new time; the deadline is the engine's to set again."""
        self.sample_every(self._every)
        if self._deadline is not None:
            self.wake_at(self._deadline)

    def close(self) -> None:
        """Stop the scheduler's thread without waiting for it."""
        if self._scheduler.running:
            self._scheduler.shutdown(wait=False)


class FakeWaker:
    """Remembers the period and deadline; ``next_wake`` says when a real timer would tick."""

    def __init__(self) -> None:
        self.every: timedelta | None = None
        self.deadline: datetime | None = None
        self.steps_seen = 0
        self._last_sample: datetime | None = None

    def start(self, tick: Callable[[], None], every: timedelta | None) -> None:
        """Remember the period."""
        self.every = every

    def sample_every(self, every: timedelta | None) -> None:
        """Remember the new period."""
        self.every = every

    def wake_at(self, deadline: datetime) -> None:
        """Remember the deadline."""
        self.deadline = deadline

    def clock_stepped(self) -> None:
        """Count it: the sample period restarts from the next tick."""
        self.steps_seen += 1
        self._last_sample = None

    def close(self) -> None:
        """Nothing to stop."""
        self.every = None

    def next_wake(self, now: datetime) -> datetime | None:
        """The next moment from ``now`` on a real timer would tick: a sample or the deadline.

        Samples missed while the process could not run (a suspend) come as
        one tick at ``now``, as APScheduler coalesces them.
        """
        candidates = []
        if self.every is not None:
            candidates.append(max(now, (self._last_sample or now) + self.every))
        if self.deadline is not None:
            candidates.append(max(now, self.deadline))
        return min(candidates, default=None)

    def ticked(self, now: datetime) -> None:
        """Note that a tick was delivered at ``now`` (the driver calls this)."""
        if self.every is not None and (self._last_sample is None or now >= self._last_sample + self.every):
            self._last_sample = now
        if self.deadline is not None and self.deadline <= now:
            self.deadline = None
