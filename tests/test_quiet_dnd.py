"""The do-not-disturb watch against notification servers on a private bus, with their real names.

Plasma (``Inhibited`` with PropertiesChanged) and a server deskbreak cannot
read play here as scripted peers; GNOME's switch is real GSettings, through
a real dconf-service on the private bus; dunst and xfce4-notifyd are tested
for real in test_quiet_dunst and test_desktop_xfce.
"""

from __future__ import annotations

import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from desktop import FakeBusService, end_process, need, wait_until
from jeepney import DBusAddress, HeaderFields, new_method_return, new_signal  # type: ignore[import-untyped]
from jeepney.bus_messages import message_bus  # type: ignore[import-untyped]
from jeepney.io.blocking import open_dbus_connection  # type: ignore[import-untyped]

from deskbreak.core import Settings
from deskbreak.quiet import QuietUnavailable
from deskbreak.quiet._dnd import NotificationServerDnd, open_signal

NOTIFICATIONS = "org.freedesktop.Notifications"


class Plasma(FakeBusService):
    """plasmashell's notification server as deskbreak reads it: its name and ``Inhibited``."""

    def __init__(self, bus: str, name: str = "Plasma") -> None:
        self.inhibited = False
        self.name = name
        self.asked = 0
        super().__init__(bus, NOTIFICATIONS)

    def _answer(self, call: Any) -> Any:
        member = call.header.fields.get(HeaderFields.member)
        if member == "GetServerInformation":
            return new_method_return(call, "ssss", (self.name, "KDE", "5.27.5", "1.2"))
        self.asked += 1
        assert (member, call.body) == ("Get", (NOTIFICATIONS, "Inhibited"))
        return new_method_return(call, "v", (("b", self.inhibited),))

    def inhibit(self, on: bool) -> None:
        """Flip the switch and say so, as Plasma's "Do not disturb" does."""
        self.inhibited = on
        emitter = DBusAddress("/org/freedesktop/Notifications", interface="org.freedesktop.DBus.Properties")
        self.send(new_signal(emitter, "PropertiesChanged", "sa{sv}as", (NOTIFICATIONS, {"Inhibited": ("b", on)}, [])))


class Changes:
    """The ``changed`` callback: counts calls from the watching thread."""

    def __init__(self) -> None:
        self.count = 0
        self._lock = threading.Lock()

    def __call__(self) -> None:
        with self._lock:
            self.count += 1


@pytest.fixture
def changes() -> Changes:
    return Changes()


@pytest.fixture
def watch(bus: str, changes: Changes) -> Iterator[NotificationServerDnd]:
    opened = open_signal({"DBUS_SESSION_BUS_ADDRESS": bus}, Settings(), changes)
    yield opened
    opened.close()


def test_plasmas_do_not_disturb_is_watched_not_asked_every_sample(bus: str, changes: Changes) -> None:
    plasma = Plasma(bus)
    try:
        watch = open_signal({"DBUS_SESSION_BUS_ADDRESS": bus}, Settings(), changes)
        try:
            wait_until(lambda: plasma.asked == 1, "the watch reads the switch once at start")
            assert watch.busy() is False
            for _ in range(20):  # the daemon's samples read what the watch last saw
                watch.busy()
            assert plasma.asked == 1
            plasma.inhibit(True)
            wait_until(watch.busy, "Plasma's do-not-disturb is seen")
            assert changes.count >= 1
            plasma.inhibit(False)
            wait_until(lambda: not watch.busy(), "and its end")
        finally:
            watch.close()
    finally:
        plasma.stop()


def test_a_server_whose_switch_cannot_be_read_counts_as_free(bus: str, watch: NotificationServerDnd) -> None:
    other = Plasma(bus, name="Notification Daemon")
    try:
        watch.close()
        reopened = open_signal({"DBUS_SESSION_BUS_ADDRESS": bus}, Settings(), lambda: None)
        try:
            wait_until(lambda: reopened.busy() is False, "a server with no readable switch is not busy")
            assert other.asked == 0
        finally:
            reopened.close()
    finally:
        other.stop()


def test_no_server_at_all_is_a_problem_the_log_names_until_one_starts(
    bus: str, watch: NotificationServerDnd, changes: Changes
) -> None:
    def failing() -> str:
        try:
            watch.busy()
        except QuietUnavailable as error:
            return str(error)
        return ""

    wait_until(lambda: "ServiceUnknown" in failing() or "NameHasNoOwner" in failing(), "no server is a problem")
    plasma = Plasma(bus)
    try:
        wait_until(lambda: failing() == "", "a server that starts is read at once")
        plasma.inhibit(True)
        wait_until(watch.busy, "and watched")
    finally:
        plasma.stop()


def test_close_ends_the_watching_thread(bus: str) -> None:
    watch = open_signal({"DBUS_SESSION_BUS_ADDRESS": bus}, Settings(), lambda: None)
    watch.close()
    watch.close()
    assert not any(thread.name == "quiet-dnd" and thread.is_alive() for thread in threading.enumerate())


def test_gnomes_do_not_disturb_is_read_from_gsettings_when_dconf_says_it_changed(
    bus: str, runtime_base: Path, monkeypatch: pytest.MonkeyPatch, changes: Changes
) -> None:
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", bus)
    monkeypatch.setenv("GSETTINGS_BACKEND", "dconf")
    service = Path("/usr/libexec/dconf-service")
    if not service.exists():
        pytest.fail(f"{service} is not installed (Debian package dconf-service)")
    dconf = subprocess.Popen([service], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    with open_dbus_connection(bus=bus) as client:  # a write before dconf-service owns its name is lost
        wait_until(lambda: client.send_and_get_reply(message_bus.NameHasOwner("ca.desrt.dconf"), timeout=5).body
                   == (True,), "dconf-service is on the bus")
    gnome = Plasma(bus, name="gnome-shell")
    watch = open_signal({"DBUS_SESSION_BUS_ADDRESS": bus}, Settings(), changes)
    try:
        def banners(on: str) -> None:
            subprocess.run([need("gsettings", "libglib2.0-bin"), "set", "org.gnome.desktop.notifications",
                            "show-banners", on], check=True, capture_output=True, timeout=10)

        wait_until(lambda: watch.busy() is False, "GNOME shows banners: not busy")
        banners("false")
        wait_until(watch.busy, "GNOME's do-not-disturb (no banners) is seen")
        banners("true")
        wait_until(lambda: not watch.busy(), "and its end")
        assert gnome.asked == 0  # read from GSettings, not asked of the shell
    finally:
        watch.close()
        gnome.stop()
        end_process(dconf)
