"""The D-Bus idle backends against fake GNOME and KDE services on a private session bus."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from desktop import FakeBusService, start_bus, stop_bus
from jeepney import HeaderFields, new_error, new_method_return  # type: ignore[import-untyped]

from deskbreak.idle import IdleChoice, IdleUnavailable, choose_idle_source
from deskbreak.idle import _dbus as dbus_backend

ServiceSpec = tuple[str, str, str, str]  # bus name, object path, method, reply signature

MUTTER = ("org.gnome.Mutter.IdleMonitor", "/org/gnome/Mutter/IdleMonitor/Core", "GetIdletime", "t")
SCREENSAVER = ("org.freedesktop.ScreenSaver", "/org/freedesktop/ScreenSaver", "GetSessionIdleTime", "u")
KDE_OLD_PATH = ("org.freedesktop.ScreenSaver", "/ScreenSaver", "GetSessionIdleTime", "u")
NO_COMPOSITOR = "wayland: XDG_RUNTIME_DIR is not set, so WAYLAND_DISPLAY 'wayland-0' cannot be found"

class FakeService(FakeBusService):
    """Owns a bus name and answers one idle method from a thread, with ``idle_ms``."""

    def __init__(self, address: str, bus_name: str, path: str, member: str, signature: str) -> None:
        self.idle_ms = 0
        self._path, self._member, self._signature = path, member, signature
        super().__init__(address, bus_name)

    def _answer(self, call: Any) -> Any:
        fields = call.header.fields
        if (fields.get(HeaderFields.path), fields.get(HeaderFields.member)) == (self._path, self._member):
            return new_method_return(call, self._signature, (self.idle_ms,))
        return new_error(call, "org.freedesktop.DBus.Error.UnknownMethod", "s", ("no such method here",))



@pytest.fixture
def services(bus: str) -> Iterator[list[FakeService]]:
    """Fake services started by a test; each releases its name when the test ends."""
    started: list[FakeService] = []
    yield started
    for service in started:
        service.stop()


def serve(bus: str, services: list[FakeService], spec: ServiceSpec, idle_ms: int) -> FakeService:
    service = FakeService(bus, *spec)
    service.idle_ms = idle_ms
    services.append(service)
    return service


def choose(bus: str, **extra: str) -> IdleChoice:
    """Choose as on a Linux session whose only session bus is the private one."""
    return choose_idle_source(environ={"DBUS_SESSION_BUS_ADDRESS": bus, **extra}, platform="linux")


def test_gnome_backend_reads_mutter_idle_time(bus: str, services: list[FakeService]) -> None:
    mutter = serve(bus, services, MUTTER, idle_ms=12_345)
    choice = choose(bus, DESKBREAK_IDLE="gnome")
    assert (choice.source.name, choice.tried) == ("gnome", ())
    assert choice.source.idle_for() == timedelta(milliseconds=12_345)
    mutter.idle_ms = 2**40
    assert choice.source.idle_for() == timedelta(milliseconds=2**40)
    choice.source.close()


def test_freedesktop_backend_reads_milliseconds(bus: str, services: list[FakeService]) -> None:
    serve(bus, services, SCREENSAVER, idle_ms=90_000)
    choice = choose(bus, DESKBREAK_IDLE="freedesktop")
    assert choice.source.name == "freedesktop"
    assert choice.source.idle_for() == timedelta(seconds=90)
    choice.source.close()


def test_freedesktop_backend_finds_kde_old_object_path(bus: str, services: list[FakeService]) -> None:
    serve(bus, services, KDE_OLD_PATH, idle_ms=1_500)
    choice = choose(bus, DESKBREAK_IDLE="freedesktop")
    assert (choice.source.name, choice.tried) == ("freedesktop", ())
    assert choice.source.idle_for() == timedelta(seconds=1.5)
    choice.source.close()


def test_wayland_session_prefers_gnome_over_freedesktop(bus: str, services: list[FakeService]) -> None:
    serve(bus, services, SCREENSAVER, idle_ms=1)
    serve(bus, services, MUTTER, idle_ms=2)
    choice = choose(bus, WAYLAND_DISPLAY="wayland-0", DISPLAY=":0")
    assert (choice.source.name, choice.tried) == ("gnome", (NO_COMPOSITOR,))
    choice.source.close()


def test_without_mutter_wayland_session_falls_to_freedesktop(bus: str, services: list[FakeService]) -> None:
    serve(bus, services, SCREENSAVER, idle_ms=1)
    choice = choose(bus, WAYLAND_DISPLAY="wayland-0")
    assert choice.source.name == "freedesktop"
    assert choice.tried == (NO_COMPOSITOR, "gnome: org.gnome.Mutter.IdleMonitor is not on the session bus")
    choice.source.close()


def test_x11_session_without_display_tries_gnome_next(bus: str, services: list[FakeService]) -> None:
    serve(bus, services, MUTTER, idle_ms=1)
    choice = choose(bus)
    assert choice.source.name == "gnome"
    assert choice.tried == ("x11: no DISPLAY set",)
    choice.source.close()


def test_no_desktop_service_gives_clear_lines_and_always_present(bus: str) -> None:
    choice = choose(bus, WAYLAND_DISPLAY="wayland-0")
    assert choice.source.name == "always-present"
    assert choice.tried == (
        NO_COMPOSITOR,
        "gnome: org.gnome.Mutter.IdleMonitor is not on the session bus",
        "freedesktop: org.freedesktop.ScreenSaver is not on the session bus",
        "x11: no DISPLAY set",
    )


def test_screensaver_without_the_method_says_so(bus: str, services: list[FakeService]) -> None:
    serve(bus, services, (SCREENSAVER[0], "/elsewhere", "GetSessionIdleTime", "u"), idle_ms=1)
    (line,) = choose(bus, DESKBREAK_IDLE="freedesktop").tried
    assert line.startswith("freedesktop: org.freedesktop.ScreenSaver /org/freedesktop/ScreenSaver")
    assert "org.freedesktop.DBus.Error.UnknownMethod: no such method here" in line


def test_a_service_that_answers_twice_costs_the_extra_answer_only(bus: str, services: list[FakeService]) -> None:
    """Each reading waits for the answer to its own call: an earlier call's second answer is skipped."""
    mutter = serve(bus, services, MUTTER, idle_ms=1_000)
    mutter.answers_twice = True
    source = choose(bus, DESKBREAK_IDLE="gnome").source
    readings = []
    for idle_ms in (2_000, 3_000, 4_000):
        mutter.idle_ms = idle_ms
        readings.append(source.idle_for())
    assert readings == [timedelta(seconds=2), timedelta(seconds=3), timedelta(seconds=4)]
    source.close()


def test_service_that_stops_answering_raises_instead_of_hanging(
    bus: str, services: list[FakeService], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(dbus_backend, "CALL_TIMEOUT", timedelta(milliseconds=100))
    mutter = serve(bus, services, MUTTER, idle_ms=1)
    source = choose(bus, DESKBREAK_IDLE="gnome").source
    mutter.answering = False
    with pytest.raises(IdleUnavailable, match="did not answer within"):
        source.idle_for()
    source.close()


def test_desktop_leaving_the_bus_raises_then_recovers(bus: str, services: list[FakeService]) -> None:
    mutter = serve(bus, services, MUTTER, idle_ms=1)
    source = choose(bus, DESKBREAK_IDLE="gnome").source
    mutter.stop()
    services.remove(mutter)
    with pytest.raises(IdleUnavailable, match=r"^org\.gnome\.Mutter\.IdleMonitor is not on the session bus$"):
        source.idle_for()
    serve(bus, services, MUTTER, idle_ms=7)
    assert source.idle_for() == timedelta(milliseconds=7)
    source.close()


def test_lost_bus_raises_and_closed_source_refuses(tmp_path: Path, services: list[FakeService]) -> None:
    daemon, address = start_bus(tmp_path)
    serve(address, services, MUTTER, idle_ms=1)
    source = choose(address, DESKBREAK_IDLE="gnome").source
    stop_bus(daemon)
    with pytest.raises(IdleUnavailable, match="lost the session bus connection"):
        source.idle_for()
    source.close()
    source.close()
    with pytest.raises(IdleUnavailable, match="closed"):
        source.idle_for()


@pytest.mark.parametrize(
    ("environ", "reason"),
    [
        ({}, "no session bus (DBUS_SESSION_BUS_ADDRESS is not set)"),
        ({"DBUS_SESSION_BUS_ADDRESS": "garbage"}, "cannot use the session bus address 'garbage'"),
        ({"DBUS_SESSION_BUS_ADDRESS": "unix:path=/nonexistent/bus"}, "cannot connect to the session bus at"),
    ],
)
def test_unusable_session_bus_is_one_line_per_backend(environ: dict[str, str], reason: str) -> None:
    choice = choose_idle_source(environ={**environ, "WAYLAND_DISPLAY": "wayland-0"}, platform="linux")
    assert [line.split(": ", 1)[0] for line in choice.tried] == ["wayland", "gnome", "freedesktop", "x11"]
    assert choice.tried[1].startswith(f"gnome: {reason}")
    assert all("\n" not in line for line in choice.tried)


def test_session_bus_found_in_runtime_dir_like_libdbus(tmp_path: Path, services: list[FakeService]) -> None:
    runtime_dir = tmp_path / "run"
    runtime_dir.mkdir(mode=0o700)
    daemon, address = start_bus(runtime_dir)
    serve(address, services, MUTTER, idle_ms=3)
    choice = choose_idle_source(environ={"XDG_RUNTIME_DIR": str(runtime_dir)}, platform="linux")
    assert choice.source.name == "gnome"
    choice.source.close()
    services.pop().stop()
    stop_bus(daemon)


def test_missing_jeepney_is_reported_not_raised(monkeypatch: pytest.MonkeyPatch, bus: str) -> None:
    monkeypatch.setitem(sys.modules, "jeepney", None)
    for module in ("deskbreak.idle._dbus", "deskbreak.idle._gnome", "deskbreak.idle._freedesktop"):
        monkeypatch.delitem(sys.modules, module, raising=False)
    choice = choose(bus, WAYLAND_DISPLAY="wayland-0")
    assert choice.tried[1:3] == (
        "gnome: the Python module 'jeepney' is not installed",
        "freedesktop: the Python module 'jeepney' is not installed",
    )
