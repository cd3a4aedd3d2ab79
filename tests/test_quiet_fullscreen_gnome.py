"""GNOME's fullscreen signal against a fake gnome-session on a private session bus.

The fake speaks gnome-session's real interface: ``Inhibit(app_id, toplevel_xid,
reason, flags) -> cookie`` and ``Uninhibit(cookie)`` on
``org.gnome.SessionManager`` at ``/org/gnome/SessionManager``, and the
``InhibitedActions`` property (uint32) ORs the flags of the inhibitors that
remain, announced with PropertiesChanged as gnome-session's D-Bus skeleton
does. A test plays the video player that inhibits idle.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from desktop import FakeBusService, wait_until
from jeepney import (  # type: ignore[import-untyped]
    DBusAddress,
    HeaderFields,
    new_error,
    new_method_call,
    new_method_return,
    new_signal,
)
from jeepney.io.blocking import open_dbus_connection  # type: ignore[import-untyped]

from deskbreak.core import Settings
from deskbreak.quiet import QuietUnavailable, open_quiet_watch
from deskbreak.quiet import _fullscreen_gnome as gnome


class Real:
    """gnome-session's names, spelt here rather than taken from the module under test."""

    PATH = "/org/gnome/SessionManager"
    NAME = "org.gnome.SessionManager"  # the bus name and the interface


LOGOUT, SUSPEND, IDLE = 1, 4, 8


class FakeGnomeSession(FakeBusService):
    """Keeps inhibitors by cookie and answers InhibitedActions as their flags ORed."""

    def __init__(self, address: str) -> None:
        self.inhibitors: dict[int, int] = {}
        self.actions_type = "u"
        super().__init__(address, Real.NAME)

    def _answer(self, call: Any) -> Any:
        fields = call.header.fields
        match (fields.get(HeaderFields.path), fields.get(HeaderFields.interface), fields.get(HeaderFields.member),
               call.body):
            case (Real.PATH, Real.NAME, "Inhibit", (str(), int(), str(), int(flags))):
                cookie = len(self.inhibitors) + 1
                self.inhibitors[cookie] = flags
                self.announce()
                return new_method_return(call, "u", (cookie,))
            case (Real.PATH, Real.NAME, "Uninhibit", (int(cookie),)):
                self.inhibitors.pop(cookie)
                self.announce()
                return new_method_return(call)
            case (Real.PATH, "org.freedesktop.DBus.Properties", "Get", (Real.NAME, "InhibitedActions")):
                return new_method_return(call, "v", ((self.actions_type, self.flags()),))
        return new_error(call, "org.freedesktop.DBus.Error.UnknownMethod", "s", ("no such method",))

    def flags(self) -> int:
        flags = 0
        for inhibited in self.inhibitors.values():
            flags |= inhibited
        return flags

    def announce(self) -> None:
        """PropertiesChanged for InhibitedActions, as gnome-session sends on every change."""
        emitter = DBusAddress(Real.PATH, interface="org.freedesktop.DBus.Properties")
        changed = {"InhibitedActions": (self.actions_type, self.flags())}
        self.send(new_signal(emitter, "PropertiesChanged", "sa{sv}as", (Real.NAME, changed, [])))


class Player:
    """An app asking gnome-session not to go idle (or to log out), as GTK's ``gtk_application_inhibit`` does."""

    def __init__(self, bus: str) -> None:
        self._connection = open_dbus_connection(bus=bus)
        self._manager = DBusAddress(Real.PATH, bus_name=Real.NAME, interface=Real.NAME)

    def inhibit(self, flags: int) -> int:
        call = new_method_call(self._manager, "Inhibit", "susu", ("org.example.Player", 0, "Playing a film", flags))
        cookie: int = self._connection.send_and_get_reply(call, timeout=5).body[0]
        return cookie

    def uninhibit(self, cookie: int) -> None:
        self._connection.send_and_get_reply(new_method_call(self._manager, "Uninhibit", "u", (cookie,)), timeout=5)

    def close(self) -> None:
        self._connection.close()


@pytest.fixture
def session(bus: str) -> Iterator[FakeGnomeSession]:
    running = FakeGnomeSession(bus)
    yield running
    running.stop()


@pytest.fixture
def player(bus: str) -> Iterator[Player]:
    app = Player(bus)
    yield app
    app.close()


FULLSCREEN_ONLY = Settings(quiet_do_not_disturb=False, quiet_calls=False)


def signal_on(bus: str) -> gnome.GnomeIdleInhibited:
    return gnome.open_signal({"DBUS_SESSION_BUS_ADDRESS": bus}, Settings(), lambda: None)


def test_busy_while_an_app_inhibits_idle(bus: str, session: FakeGnomeSession, player: Player) -> None:
    signal = signal_on(bus)
    assert not signal.busy()
    playing = player.inhibit(IDLE | SUSPEND)
    wait_until(signal.busy, "the idle inhibitor is seen")
    player.uninhibit(playing)
    wait_until(lambda: not signal.busy(), "and its end")
    signal.close()


def test_other_inhibitors_are_not_busy(bus: str, session: FakeGnomeSession, player: Player) -> None:
    signal = signal_on(bus)
    unsaved = player.inhibit(LOGOUT)
    player.inhibit(SUSPEND)
    player.inhibit(IDLE)
    player.uninhibit(unsaved)
    wait_until(signal.busy, "only the idle inhibitor counts")
    assert session.flags() == SUSPEND | IDLE
    signal.close()


def test_logout_and_suspend_inhibitors_alone_are_not_busy(bus: str, session: FakeGnomeSession,
                                                          player: Player) -> None:
    woken: list[bool] = []
    signal = gnome.open_signal({"DBUS_SESSION_BUS_ADDRESS": bus}, Settings(), lambda: woken.append(True))
    player.inhibit(LOGOUT)
    player.inhibit(SUSPEND)
    player.inhibit(IDLE)  # the last change: once it is seen, the two before it were read and were not busy
    wait_until(signal.busy, "the idle inhibitor is seen")
    assert woken == [True], "only the idle inhibitor woke the daemon"
    signal.close()


def test_chosen_beside_x11_where_gnome_session_runs(bus: str, session: FakeGnomeSession) -> None:
    watch = open_quiet_watch(FULLSCREEN_ONLY, {"DBUS_SESSION_BUS_ADDRESS": bus}, "linux")
    assert watch.doctor() == {"quiet": ["fullscreen: gnome-session InhibitedActions"],
                              "quiet_tried": ["fullscreen (x11): no DISPLAY set"]}
    watch.close()


def test_outside_gnome_it_is_a_doctor_line(bus: str) -> None:
    watch = open_quiet_watch(FULLSCREEN_ONLY, {"DBUS_SESSION_BUS_ADDRESS": bus}, "linux")
    assert watch.doctor()["quiet_tried"] == [
        "fullscreen (x11): no DISPLAY set",
        "fullscreen (gnome): org.gnome.SessionManager is not on the session bus (not a GNOME session)"]


def test_a_hung_or_gone_session_manager_is_unavailable(bus: str) -> None:
    session = FakeGnomeSession(bus)
    signal = signal_on(bus)

    def problem() -> str:
        try:
            signal.busy()
        except QuietUnavailable as error:
            return str(error)
        return ""

    session.answering = False
    session.announce()
    wait_until(lambda: problem() == "gnome-session InhibitedActions did not answer within 1 s", "a hung session")
    session.stop()
    wait_until(lambda: problem().startswith("org.gnome.SessionManager is not on the session bus"), "a gone one")
    signal.close()


def test_a_property_of_the_wrong_type_is_unavailable(bus: str, session: FakeGnomeSession) -> None:
    session.actions_type = "i"
    with pytest.raises(QuietUnavailable, match=r"^gnome-session's InhibitedActions is not a uint32: \(\('i', 0\),\)$"):
        signal_on(bus)
