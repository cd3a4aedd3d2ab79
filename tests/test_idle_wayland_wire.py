"""The Wayland idle client against a fake compositor: the wire format, both protocols, time, failures.

The real compositor (sway 1.7, org_kde_kwin_idle) is in test_idle_wayland.py;
here a fake one offers ext-idle-notify-v1 too, sends events when the test
says so, and misbehaves on purpose. Time is a fake clock, so the idle times
asserted are exact.
"""

from __future__ import annotations

import shutil
import socket
import struct
import tempfile
import threading
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from desktop import wait_until
from fake_compositor import EXT_GLOBAL, KDE_GLOBAL, OTHERS, SEAT_GLOBAL, FakeCompositor

from deskbreak.idle import IdleSource, IdleUnavailable, choose_idle_source
from deskbreak.idle import _wayland as wayland
from deskbreak.idle._wayland_wire import Arguments, WireConnection, encode, socket_path

BOTH = (*OTHERS, SEAT_GLOBAL, KDE_GLOBAL, EXT_GLOBAL)


class FakeClock:
    """Monotonic seconds that move only when a test moves them."""

    def __init__(self, now: float = 100.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def runtime_dir() -> Iterator[Path]:
    """A short directory for sockets: a Unix socket path must fit in 108 bytes, pytest's tmp_path may not."""
    directory = Path(tempfile.mkdtemp(prefix="wl-"))
    yield directory
    shutil.rmtree(directory)


@pytest.fixture
def start(runtime_dir: Path) -> Iterator[Callable[..., FakeCompositor]]:
    """Starts fake compositors on ``wayland-test`` in ``runtime_dir``; stops them after the test."""
    started: list[FakeCompositor] = []

    def start_one(globals_: tuple[tuple[str, int], ...] = BOTH) -> FakeCompositor:
        started.append(FakeCompositor(runtime_dir / "wayland-test", globals_))
        return started[-1]

    yield start_one
    for compositor in started:
        compositor.stop()


def session(runtime_dir: Path, **extra: str) -> dict[str, str]:
    """A Wayland session's environment with no session bus, as on a bare compositor."""
    return {"WAYLAND_DISPLAY": "wayland-test", "XDG_RUNTIME_DIR": str(runtime_dir),
            "DBUS_SESSION_BUS_ADDRESS": "unix:path=/nonexistent", **extra}


def failure(source: IdleSource) -> str | None:
    try:
        source.idle_for()
    except IdleUnavailable as error:
        return str(error)
    return None


def listeners() -> list[threading.Thread]:
    return [thread for thread in threading.enumerate() if thread.name == "deskbreak-wayland-idle"]


# ------------------------------------------------------------------ the wire format


def test_a_request_is_object_size_opcode_then_padded_arguments() -> None:
    """The header's second word, on a little-endian host as every desktop is: opcode, then size."""
    bind = encode(2, 0, 9, "wl_seat", 1, 4)  # wl_registry.bind(9, "wl_seat" v1, new id 4)
    assert bind == struct.pack("=IHH", 2, 0, 32) + struct.pack("=II8sII", 9, 8, b"wl_seat\0", 1, 4)
    assert encode(1, 1, 2) == struct.pack("=IHHI", 1, 1, 12, 2)  # wl_display.get_registry(2)
    padded = encode(3, 0, "abcd")
    assert padded[8:] == struct.pack("=I", 5) + b"abcd\0\0\0\0"


def test_event_arguments_read_back_in_order() -> None:
    arguments = Arguments(struct.pack("=II", 7, 18) + b"org_kde_kwin_idle\0\0\0" + struct.pack("=I", 1))
    assert (arguments.uint(), arguments.string(), arguments.uint()) == (7, "org_kde_kwin_idle", 1)
    with pytest.raises(ValueError, match="ended before its arguments"):
        arguments.uint()
    with pytest.raises(ValueError, match="string longer than the event"):
        Arguments(struct.pack("=I", 40) + b"short\0\0\0").string()


def test_an_event_split_across_reads_waits_for_its_last_byte_and_the_next_one_is_kept() -> None:
    ours, theirs = socket.socketpair()
    ours.settimeout(0.05)
    wire = WireConnection(ours)
    idled, resumed = encode(6, 0), encode(6, 1)
    theirs.sendall(idled[:5])
    with pytest.raises(TimeoutError):
        wire.receive()
    theirs.sendall(idled[5:] + resumed)
    assert [(message.sender, message.opcode) for message in (wire.receive(), wire.receive())] == [(6, 0), (6, 1)]
    ours.close()
    theirs.close()


@pytest.mark.parametrize(
    ("environ", "reason"),
    [
        ({}, "no WAYLAND_DISPLAY set"),
        ({"WAYLAND_DISPLAY": "wayland-1"},
         "XDG_RUNTIME_DIR is not set, so WAYLAND_DISPLAY 'wayland-1' cannot be found"),
    ],
)
def test_where_the_compositor_is_cannot_be_known(environ: dict[str, str], reason: str) -> None:
    with pytest.raises(IdleUnavailable, match=f"^{reason}$"):
        socket_path(environ)


def test_socket_path_is_relative_to_the_runtime_dir_unless_absolute() -> None:
    assert socket_path({"WAYLAND_DISPLAY": "wayland-1", "XDG_RUNTIME_DIR": "/run/user/5"}) == "/run/user/5/wayland-1"
    assert socket_path({"WAYLAND_DISPLAY": "/tmp/w/wayland-2", "XDG_RUNTIME_DIR": "/run/user/5"}) == "/tmp/w/wayland-2"


def test_no_compositor_listening_is_a_tried_line(runtime_dir: Path) -> None:
    choice = choose_idle_source(environ=session(runtime_dir, DESKBREAK_IDLE="wayland"), platform="linux")
    assert choice.source.name == "always-present"
    assert choice.tried == (
        f"wayland: cannot connect to the Wayland compositor at {runtime_dir}/wayland-test "
        "(No such file or directory)",)


# ------------------------------------------------------------------ choosing and asking


def test_ext_idle_notify_is_preferred_and_asked_with_id_timeout_seat(
    runtime_dir: Path, start: Callable[..., FakeCompositor]
) -> None:
    compositor = start(BOTH)
    choice = choose_idle_source(environ=session(runtime_dir), platform="linux")
    assert (choice.source.name, choice.tried) == ("wayland", ())
    binds = sorted(bind.words for bind in compositor.requests_to("wl_registry"))
    assert binds == sorted([[compositor.global_name("wl_seat"), 1, compositor.object_id("wl_seat")],
                            [compositor.global_name(EXT_GLOBAL[0]), 1, compositor.object_id(EXT_GLOBAL[0])]])
    (ask,) = compositor.requests_to("ext_idle_notifier_v1")
    assert (ask.opcode, ask.words) == (1, [compositor.notification, 1000, compositor.object_id("wl_seat")])
    choice.source.close()


def test_org_kde_kwin_idle_is_asked_with_id_seat_timeout(
    runtime_dir: Path, start: Callable[..., FakeCompositor]
) -> None:
    compositor = start((*OTHERS, KDE_GLOBAL, SEAT_GLOBAL))
    source = wayland.open_source(session(runtime_dir), FakeClock())
    (ask,) = compositor.requests_to("org_kde_kwin_idle")
    assert (ask.opcode, ask.words) == (0, [compositor.notification, compositor.object_id("wl_seat"), 1000])
    source.close()


@pytest.mark.parametrize(
    ("globals_", "reason"),
    [
        ((*OTHERS, SEAT_GLOBAL), "the compositor offers neither ext-idle-notify-v1 nor org_kde_kwin_idle"),
        ((*OTHERS, EXT_GLOBAL), "the compositor offers no wl_seat"),
    ],
)
def test_a_compositor_without_what_is_needed_falls_through_to_the_next_backend(
    runtime_dir: Path, start: Callable[..., FakeCompositor], globals_: tuple[tuple[str, int], ...], reason: str
) -> None:
    start(globals_)
    choice = choose_idle_source(environ=session(runtime_dir), platform="linux")
    assert choice.tried[0] == f"wayland: {reason}"
    assert [line.split(":", 1)[0] for line in choice.tried] == ["wayland", "gnome", "freedesktop", "x11"]
    assert listeners() == []


def test_a_compositor_refusing_the_request_fails_the_probe_with_its_words(
    runtime_dir: Path, start: Callable[..., FakeCompositor]
) -> None:
    start().refusal = "seat is gone"
    with pytest.raises(IdleUnavailable, match=r"^the Wayland compositor refused a request \(error 1: seat is gone\)$"):
        wayland.open_source(session(runtime_dir), FakeClock())


def test_a_silent_compositor_fails_the_probe_in_bounded_time(
    runtime_dir: Path, start: Callable[..., FakeCompositor], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(wayland, "SETUP_TIMEOUT_S", 0.1)
    start().answering = False
    with pytest.raises(IdleUnavailable, match=r"^the Wayland compositor did not answer within 0.1 s$"):
        wayland.open_source(session(runtime_dir), FakeClock())


# ------------------------------------------------------------------ idle time from idled and resumed


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(100.0)


@pytest.fixture
def compositor(start: Callable[..., FakeCompositor]) -> FakeCompositor:
    return start()


@pytest.fixture
def source(runtime_dir: Path, compositor: FakeCompositor, clock: FakeClock) -> Iterator[wayland.WaylandIdle]:
    opened = wayland.open_source(session(runtime_dir), clock)
    yield opened
    opened.close()


def test_idle_began_one_timeout_before_idled_arrived(
    source: wayland.WaylandIdle, compositor: FakeCompositor, clock: FakeClock
) -> None:
    clock.now = 130.0
    assert source.idle_for() == timedelta(0)
    compositor.idled()
    wait_until(lambda: source.idle_for() > timedelta(0), "the source hears idled")
    assert source.idle_for() == timedelta(seconds=1)
    clock.now = 160.0
    assert source.idle_for() == timedelta(seconds=31)


def test_resumed_means_present_until_the_next_idled(
    source: wayland.WaylandIdle, compositor: FakeCompositor, clock: FakeClock
) -> None:
    clock.now = 130.0
    compositor.idled()
    wait_until(lambda: source.idle_for() > timedelta(0), "the source hears idled")
    clock.now = 170.0
    compositor.resumed()
    wait_until(lambda: source.idle_for() == timedelta(0), "the source hears resumed")
    clock.now = 171.5
    compositor.idled()
    wait_until(lambda: source.idle_for() > timedelta(0), "the source hears idled again")
    clock.now = 180.0
    assert source.idle_for() == timedelta(seconds=9.5)


def test_idleness_never_begins_before_the_user_was_last_seen(
    source: wayland.WaylandIdle, compositor: FakeCompositor, clock: FakeClock
) -> None:
    clock.now = 100.25  # idled came sooner than the timeout on our clock: the compositor's ran ahead
    compositor.idled()
    wait_until(lambda: source.idle_for() > timedelta(0), "the source hears idled")
    assert source.idle_for() == timedelta(seconds=0.25)


# ------------------------------------------------------------------ losing the compositor, closing


def test_the_compositor_going_away_fails_every_later_reading(
    source: wayland.WaylandIdle, compositor: FakeCompositor
) -> None:
    compositor.hang_up()
    wait_until(lambda: failure(source) is not None, "the source notices")
    assert failure(source) == "lost the connection to the Wayland compositor"
    assert failure(source) == "lost the connection to the Wayland compositor"


@pytest.mark.parametrize(
    ("event", "reason"),
    [
        (encode(1, 0, 6, 3, "invalid object 6"),
         "the Wayland compositor refused a request (error 3: invalid object 6)"),
        (struct.pack("=II", 6, 4 << 16), "the Wayland compositor sent a malformed event (a Wayland event claims "
                                         "a size of 4 bytes)"),
    ],
)
def test_a_protocol_error_or_garbage_fails_the_source_in_one_line(
    source: wayland.WaylandIdle, compositor: FakeCompositor, event: bytes, reason: str
) -> None:
    compositor.send(event)
    wait_until(lambda: failure(source) is not None, "the source notices")
    assert failure(source) == reason


def test_close_stops_the_listener_at_once_and_is_safe_twice(source: wayland.WaylandIdle) -> None:
    assert len(listeners()) == 1
    source.close()
    assert listeners() == []
    source.close()
    assert failure(source) == "the wayland idle source is closed"
