"""Idle events from GNOME's Mutter: ``AddIdleWatch``, ``AddUserActiveWatch`` and the ``WatchFired`` signal.

Mutter keeps idle watches for each client: an idle watch fires every time
the idle time reaches its interval (and at once if it already has), a
user-active watch fires once, at the next input, and is then gone. So the
source asks for an idle watch per threshold, and after one has fired it
asks for a user-active watch, to hear when input comes back. Mutter drops
a client's watches when its connection closes.

Threading: the watches use a connection of their own, routed by
``BusRouter``: calls go out from the engine thread (``watch``, and
``arm`` before each reading), ``WatchFired`` arrives on the router's
receiver thread, which only notes it and calls ``changed``. A user-active
watch is asked for on the engine thread, at the reading that the idle
watch's ``changed`` brings about, because the receiver cannot wait for a
reply that it alone would have to deliver. The receiver hands a reply
over and goes on to the next message, so a ``WatchFired`` for a new watch
can be read before the engine thread has its id: an idle watch asked for
while the user is already idle fires at once, a user-active watch at input
right after it. Such a firing is kept and matched once the id is known.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from datetime import timedelta
from typing import Any

from jeepney import DBusAddress, HeaderFields, MatchRule, MessageType, new_method_call  # type: ignore[import-untyped]
from jeepney.bus_messages import message_bus  # type: ignore[import-untyped]

from deskbreak.bus import BusLost, BusRouter, IgnoredMessages, connect_bus, session_bus_address
from deskbreak.idle._dbus import CALL_TIMEOUT, DBusIdle
from deskbreak.idle._port import IdleUnavailable

__all__ = ["GnomeIdleWatch", "MutterWatches"]

_log = logging.getLogger("deskbreak")
_MONITOR = DBusAddress("/org/gnome/Mutter/IdleMonitor/Core", bus_name="org.gnome.Mutter.IdleMonitor",
                       interface="org.gnome.Mutter.IdleMonitor")
_FIRED = MatchRule(type="signal", interface=_MONITOR.interface, member="WatchFired", path=_MONITOR.object_path)


class MutterWatches:
    """The idle and user-active watches of one client of Mutter; see the module docstring."""

    def __init__(self, environ: Mapping[str, str]) -> None:
        from jeepney.io.threading import open_dbus_connection  # type: ignore[import-untyped]

        connection = connect_bus(session_bus_address(environ), IdleUnavailable,
                                 timeout_s=CALL_TIMEOUT.total_seconds(), opener=open_dbus_connection)
        self._lock = threading.Lock()
        self._idle_ids: frozenset[int] = frozenset()
        self._active_id: int | None = None
        self._arm_active = False
        self._asking = False  # a watch is being asked for: its id is not known yet
        self._fired_while_asking: set[int] = set()
        self._changed: Callable[[], None] = lambda: None
        self.back_at = time.monotonic()  # when input last came back after an idle watch fired
        self._connection = connection
        self._router = BusRouter(connection, self._on_signal, IgnoredMessages(_log))
        try:
            self._call(message_bus.AddMatch(_FIRED))
        except IdleUnavailable:
            self.close()
            raise

    def watch(self, thresholds: Sequence[timedelta], changed: Callable[[], None]) -> None:
        """Idle watches at ``thresholds`` in place of the last ones (engine thread)."""
        intervals = sorted({max(1, round(each.total_seconds() * 1000)) for each in thresholds})
        if not intervals:
            raise ValueError("an idle watch needs at least one threshold")
        with self._lock:
            old, self._changed = self._idle_ids, changed
        for watch_id in old:
            self._call(new_method_call(_MONITOR, "RemoveWatch", "u", (watch_id,)))
        self._start_asking()
        try:
            ids = frozenset(int(self._call(new_method_call(_MONITOR, "AddIdleWatch", "t", (interval,)))[0])
                            for interval in intervals)
        finally:
            fired_early = self._stop_asking()
        with self._lock:
            self._idle_ids = ids
            fired = not ids.isdisjoint(fired_early)
            if fired:
                self._arm_active = self._active_id is None
        if fired:
            changed()

    def arm(self) -> None:
        """After an idle watch fired, ask for the user-active watch that says when input comes back (engine thread)."""
        with self._lock:
            wanted, self._arm_active = self._arm_active, False
        if not wanted:
            return
        self._start_asking()
        try:
            active_id = int(self._call(new_method_call(_MONITOR, "AddUserActiveWatch"))[0])
        finally:
            fired_early = self._stop_asking()
        if active_id in fired_early:
            self._input_came_back()
        else:
            with self._lock:
                self._active_id = active_id

    def _start_asking(self) -> None:
        with self._lock:
            self._asking = True

    def _stop_asking(self) -> set[int]:
        """The watches that fired while new ones were asked for, unknown to us then."""
        with self._lock:
            self._asking = False
            fired, self._fired_while_asking = self._fired_while_asking, set()
        return fired

    def _on_signal(self, message: Any) -> None:
        """The receiver thread: note a fired watch of ours and say so."""
        fields = message.header.fields
        if fields.get(HeaderFields.member) != "WatchFired" or not message.body:
            return
        fired = message.body[0]
        with self._lock:
            if fired in self._idle_ids:
                self._arm_active = self._active_id is None
                changed = self._changed
            elif fired == self._active_id:
                self._active_id = None
                changed = None
            else:
                if self._asking:
                    self._fired_while_asking.add(fired)
                return
        if changed is None:
            self._input_came_back()
        else:
            changed()

    def _input_came_back(self) -> None:
        """Our user-active watch fired: note when, and say so."""
        with self._lock:
            self.back_at = time.monotonic()
            changed = self._changed
        changed()

    def _call(self, message: Any) -> tuple[Any, ...]:
        """A method call's reply body; IdleUnavailable for an error reply, silence or a lost bus."""
        try:
            reply = self._router.call(message, CALL_TIMEOUT.total_seconds())
        except TimeoutError:
            raise IdleUnavailable(f"Mutter did not answer within {CALL_TIMEOUT.total_seconds():g} s") from None
        except (BusLost, OSError) as exc:
            raise IdleUnavailable(f"lost the session bus connection ({exc})") from None
        if reply.header.message_type == MessageType.error:
            raise IdleUnavailable(f"Mutter refused an idle watch ({reply.header.fields.get(HeaderFields.error_name)})")
        return tuple(reply.body)

    def close(self) -> None:
        """Stop the receiver and close the connection; Mutter forgets the watches with it."""
        self._router.close()
        self._connection.close()


class GnomeIdleWatch:
    """Mutter's idle time read with ``GetIdletime`` (``DBusIdle``), and its watches (``MutterWatches``)."""

    name = "gnome"

    def __init__(self, reading: DBusIdle, watches: MutterWatches) -> None:
        self._reading = reading
        self._watches = watches
        self._last_input_at = time.monotonic()

    def idle_for(self) -> timedelta:
        """As ``DBusIdle.idle_for``, after asking for a user-active watch if one is due."""
        self._watches.arm()
        idle = self._reading.idle_for()
        self._last_input_at = time.monotonic() - idle.total_seconds()
        return idle

    def watch(self, thresholds: Sequence[timedelta], changed: Callable[[], None]) -> None:
        """Idle watches at ``thresholds``; a user-active watch follows each time one fires."""
        self._watches.watch(thresholds, changed)

    def active_for(self) -> timedelta:
        """From the last time input came back (after a threshold was reached) to the last input."""
        return timedelta(seconds=max(0.0, self._last_input_at - self._watches.back_at))

    def close(self) -> None:
        """Close both connections."""
        self._watches.close()
        self._reading.close()
