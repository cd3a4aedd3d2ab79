"""Mutter's idle watches against a fake IdleMonitor on a private bus: the order its messages come in.

Mutter answers ``AddUserActiveWatch`` and, at the next input, sends
``WatchFired`` for it; it answers ``AddIdleWatch`` and, if the user is
already idle that long, sends ``WatchFired`` at once. Either signal can be
read straight after its reply, before the thread that asked has the new id;
the fake here sends them back to back.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

import pytest
from desktop import FakeBusService, wait_until
from jeepney import DBusAddress, HeaderFields, new_method_return, new_signal  # type: ignore[import-untyped]

from deskbreak.idle._mutter import MutterWatches

MONITOR = DBusAddress("/org/gnome/Mutter/IdleMonitor/Core", bus_name="org.gnome.Mutter.IdleMonitor",
                      interface="org.gnome.Mutter.IdleMonitor")


class FakeMutter(FakeBusService):
    """Gives each watch a new id; a user-active watch fires straight after its reply (input at that moment)."""

    def __init__(self, address: str) -> None:
        self._ids = itertools.count(1)
        self.idle_watches: list[int] = []
        self.active_watches = 0
        self.idle_already = False  # an idle watch fires as soon as it is made
        super().__init__(address, MONITOR.bus_name)

    def _answer(self, call: Any) -> Any:
        member = call.header.fields.get(HeaderFields.member)
        if member == "RemoveWatch":
            return new_method_return(call)
        watch_id = next(self._ids)
        if member == "AddIdleWatch":
            self.idle_watches.append(watch_id)
            if self.idle_already:
                self.send(new_method_return(call, "u", (watch_id,)))
                return self.fired(watch_id)
        else:
            assert member == "AddUserActiveWatch"
            self.active_watches += 1
            self.send(new_method_return(call, "u", (watch_id,)))
            return self.fired(watch_id)
        return new_method_return(call, "u", (watch_id,))

    @staticmethod
    def fired(watch_id: int) -> Any:
        return new_signal(MONITOR, "WatchFired", "u", (watch_id,))


@pytest.fixture
def mutter(bus: str) -> Iterator[FakeMutter]:
    service = FakeMutter(bus)
    yield service
    service.stop()


@contextmanager
def watching(bus: str) -> Iterator[tuple[MutterWatches, list[None]]]:
    """A new client's watches of 5 s of idle, and the calls their firings make."""
    watches = MutterWatches({"DBUS_SESSION_BUS_ADDRESS": bus})
    changes: list[None] = []
    try:
        watches.watch([timedelta(seconds=5)], lambda: changes.append(None))
        yield watches, changes
    finally:
        watches.close()


def test_input_right_after_the_user_active_watch_is_asked_for_is_heard(bus: str, mutter: FakeMutter) -> None:
    for _ in range(20):  # the signal overtakes the asking thread only now and then
        away_and_back(bus, mutter)


def away_and_back(bus: str, mutter: FakeMutter) -> None:
    """One absence: the idle watch fires, the reading after it arms the user-active watch, which fires at once."""
    with watching(bus) as (watches, changes):
        mutter.send(mutter.fired(mutter.idle_watches[-1]))  # the user has been away 5 s
        wait_until(lambda: len(changes) == 1, "the idle watch's firing is heard")
        away_since = watches.back_at
        watches.arm()
        wait_until(lambda: len(changes) == 2, "the user-active watch's firing is heard")
        assert watches.back_at > away_since


def test_an_idle_watch_that_fires_as_it_is_made_is_heard(bus: str, mutter: FakeMutter) -> None:
    """The daemon starts, or its settings change, while the user is away: Mutter fires the new watch at once."""
    mutter.idle_already = True
    for _ in range(20):
        with watching(bus) as (watches, changes):
            wait_until(lambda: len(changes) == 1, "the idle watch's firing is heard")
            asked = mutter.active_watches
            watches.arm()
            assert mutter.active_watches == asked + 1, "the reading after it asks for the user-active watch"
