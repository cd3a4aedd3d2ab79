"""macOS and Windows backends with fake OS calls; the chooser's override and fallback; the fakes."""

from __future__ import annotations

import subprocess
import sys
from datetime import timedelta

import pytest

from deskbreak.idle import (
    BACKEND_NAMES,
    AlwaysPresent,
    FakeIdle,
    IdleUnavailable,
    choose_idle_source,
)
from deskbreak.idle import _macos as macos
from deskbreak.idle import _windows as windows

SERVICE = 77
NUMBER = 501


class FakeIOKit:
    """IOKit/CoreFoundation as the backend sees them, counting references."""

    def __init__(self, idle_ns: int | None = 0, service: int = SERVICE, has_property: bool = True) -> None:
        self.idle_ns = idle_ns
        self.service = service
        self.has_property = has_property
        self.live_numbers = 0
        self.released_services: list[int] = []

    def hid_system(self) -> int:
        return self.service

    def copy_hid_idle_time(self, service: int) -> int:
        assert service == SERVICE
        if not self.has_property:
            return 0
        self.live_numbers += 1
        return NUMBER

    def int64_value(self, number: int) -> int | None:
        assert number == NUMBER
        return self.idle_ns

    def release(self, reference: int) -> None:
        assert reference == NUMBER
        self.live_numbers -= 1

    def release_object(self, service: int) -> None:
        self.released_services.append(service)


def test_macos_reads_hid_idle_nanoseconds_and_releases_each_number() -> None:
    iokit = FakeIOKit(idle_ns=90_500_000_000)
    source = macos.open_source({}, iokit)
    assert source.name == "macos"
    assert source.idle_for() == timedelta(seconds=90.5)
    iokit.idle_ns = 1_999
    assert source.idle_for() == timedelta(microseconds=1)
    assert iokit.live_numbers == 0
    source.close()
    source.close()
    assert iokit.released_services == [SERVICE]
    with pytest.raises(IdleUnavailable, match="closed"):
        source.idle_for()


def test_macos_without_hid_system_fails_the_probe() -> None:
    with pytest.raises(IdleUnavailable, match=r"^IOKit has no IOHIDSystem service$"):
        macos.open_source({}, FakeIOKit(service=0))


@pytest.mark.parametrize(
    ("iokit", "reason"),
    [
        (FakeIOKit(has_property=False), "IOHIDSystem has no HIDIdleTime property"),
        (FakeIOKit(idle_ns=None), "IOHIDSystem's HIDIdleTime is not a non-negative number"),
        (FakeIOKit(idle_ns=-1), "IOHIDSystem's HIDIdleTime is not a non-negative number"),
    ],
)
def test_macos_bad_property_fails_the_probe_and_releases_everything(iokit: FakeIOKit, reason: str) -> None:
    with pytest.raises(IdleUnavailable, match=f"^{reason}$"):
        macos.open_source({}, iokit)
    assert (iokit.live_numbers, iokit.released_services) == (0, [SERVICE])


class FakeTicks:
    """GetLastInputInfo and GetTickCount, 32-bit like the real ones."""

    def __init__(self, last_input: int | None, now: int) -> None:
        self.last_input = last_input
        self.now = now

    def last_input_tick(self) -> int | None:
        return self.last_input

    def tick_count(self) -> int:
        return self.now


@pytest.mark.parametrize(
    ("last_input", "now", "idle"),
    [
        (1_000, 1_000, timedelta(0)),
        (1_000, 62_000, timedelta(minutes=1, seconds=1)),
        (2**32 - 1_000, 500, timedelta(milliseconds=1_500)),
        (2**32 - 1, 0, timedelta(milliseconds=1)),
    ],
)
def test_windows_idle_is_tick_difference_across_the_49_day_wrap(
    last_input: int, now: int, idle: timedelta
) -> None:
    source = windows.open_source({}, FakeTicks(last_input, now))
    assert (source.name, source.idle_for()) == ("windows", idle)


def test_windows_failed_last_input_call_raises() -> None:
    ticks = FakeTicks(last_input=5, now=10)
    source = windows.open_source({}, ticks)
    ticks.last_input = None
    with pytest.raises(IdleUnavailable, match=r"^GetLastInputInfo failed$"):
        source.idle_for()


@pytest.mark.parametrize(
    ("platform", "line"),
    [
        ("darwin", "macos: cannot load the IOKit framework (it exists only on macOS)"),
        ("win32", "windows: GetLastInputInfo needs Windows (ctypes has no WinDLL here)"),
    ],
)
def test_platform_backend_that_cannot_load_falls_back(platform: str, line: str) -> None:
    choice = choose_idle_source(environ={"DISPLAY": ":0"}, platform=platform)
    assert choice.tried == (line,)
    assert isinstance(choice.source, AlwaysPresent)
    assert choice.source.idle_for() == timedelta(0)


def test_override_tries_only_the_named_backend() -> None:
    environ = {"DESKBREAK_IDLE": "x11", "WAYLAND_DISPLAY": "wayland-0"}
    choice = choose_idle_source(environ=environ, platform="linux")
    assert (choice.source.name, choice.tried) == ("always-present", ("x11: no DISPLAY set",))


def test_override_can_turn_idle_detection_off() -> None:
    choice = choose_idle_source(
        environ={"DESKBREAK_IDLE": "always-present", "DISPLAY": ":0"}, platform="linux"
    )
    assert (choice.source.name, choice.tried) == ("always-present", ())


def test_empty_override_means_no_override() -> None:
    choice = choose_idle_source(environ={"DESKBREAK_IDLE": " "}, platform="linux")
    assert [line.split(":", 1)[0] for line in choice.tried] == ["x11", "gnome", "freedesktop"]


def test_unknown_override_names_the_valid_backends() -> None:
    with pytest.raises(ValueError, match="use one of") as error:
        choose_idle_source(environ={"DESKBREAK_IDLE": "sway"}, platform="linux")
    assert str(error.value) == (
        "DESKBREAK_IDLE='sway' is not an idle backend; use one of: "
        "x11, wayland, gnome, freedesktop, macos, windows, always-present"
    )
    assert BACKEND_NAMES == ("x11", "wayland", "gnome", "freedesktop", "macos", "windows", "always-present")


def test_defaults_come_from_this_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DESKBREAK_IDLE", "always-present")
    assert choose_idle_source().source.name == "always-present"


def test_crashing_backend_becomes_a_tried_line(monkeypatch: pytest.MonkeyPatch) -> None:
    def crash(environ: object) -> None:
        raise RuntimeError("unexpected\nsecond line")

    monkeypatch.setattr(windows, "open_source", crash)
    choice = choose_idle_source(environ={}, platform="win32")
    assert choice.tried == ("windows: RuntimeError: unexpected second line",)


def test_importing_the_port_loads_no_backend() -> None:
    probe = ("import sys, deskbreak.idle; "
             "print(sorted(m for m in ('ctypes', 'jeepney', 'deskbreak.idle._wayland') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert result.stdout == "[]\n"


def test_fake_idle_is_set_by_hand_and_can_fail() -> None:
    fake = FakeIdle()
    assert (fake.name, fake.idle_for(), fake.closed) == ("fake", timedelta(0), False)
    fake.set(timedelta(minutes=3))
    assert fake.idle_for() == timedelta(minutes=3)
    fake.fail("display went away")
    with pytest.raises(IdleUnavailable, match=r"^display went away$"):
        fake.idle_for()
    fake.set(timedelta(seconds=1))
    assert fake.idle_for() == timedelta(seconds=1)
    fake.close()
    assert fake.closed


def test_fake_idle_rejects_negative_time() -> None:
    with pytest.raises(ValueError, match="idle time cannot be negative"):
        FakeIdle(timedelta(seconds=-1))
