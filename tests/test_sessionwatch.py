"""The logind session watch against a fake logind on a private bus standing in for the system bus.

Each test gets its own dbus-daemon (tests/desktop.py's, which lets anyone own
any name), so the fake can own org.freedesktop.login1 and tests can stop the
bus under a listening watch.
"""

from __future__ import annotations

import logging
import os
import platform
import queue
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from subprocess import Popen

import pytest
from desktop import send_to, signal, start_bus, stop_bus, wait_until
from desktop_logind import (
    LOGIND,
    MANAGER_INTERFACE,
    MANAGER_PATH,
    OTHER_SESSION,
    OUR_SESSION,
    SESSION_INTERFACE,
    FakeLogind,
)
from jeepney import DBusAddress, new_signal  # type: ignore[import-untyped]
from jeepney.bus_messages import message_bus  # type: ignore[import-untyped]
from jeepney.io.blocking import open_dbus_connection  # type: ignore[import-untyped]

from deskbreak.session import SessionChange, SessionWatchUnavailable
from deskbreak.session import _logind as sessionwatch
from deskbreak.session._logind import LogindWatch as SessionWatch


@dataclass
class Bus:
    daemon: Popen[str]
    address: str


@dataclass
class Listening:
    """A watch listening on its own thread, as the daemon runs it, keeping what ``listen`` raised."""

    watch: SessionWatch
    thread: threading.Thread
    error: SessionWatchUnavailable | None = None

    @classmethod
    def start(cls, watch: SessionWatch) -> Listening:
        listening = cls(watch, threading.Thread(target=lambda: None))
        listening.thread = threading.Thread(target=listening._listen, daemon=True)
        listening.thread.start()
        return listening

    def _listen(self) -> None:
        try:
            self.watch.listen()
        except SessionWatchUnavailable as exc:
            self.error = exc

    def stop(self) -> None:
        self.watch.close()
        self.thread.join(timeout=5)
        assert not self.thread.is_alive()


@pytest.fixture(autouse=True)
def _no_session_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("XDG_SESSION_ID", raising=False)
    monkeypatch.delenv("DBUS_SYSTEM_BUS_ADDRESS", raising=False)


@pytest.fixture
def bus(tmp_path: Path) -> Iterator[Bus]:
    daemon, address = start_bus(tmp_path)
    yield Bus(daemon, address)
    if daemon.poll() is None:
        stop_bus(daemon)


@pytest.fixture
def logind(bus: Bus) -> Iterator[FakeLogind]:
    fake = FakeLogind(bus.address)
    yield fake
    fake.stop()


@pytest.fixture
def changes() -> queue.Queue[SessionChange]:
    return queue.Queue()


@pytest.fixture
def listening(bus: Bus, logind: FakeLogind, changes: queue.Queue[SessionChange]) -> Iterator[Listening]:
    running = Listening.start(SessionWatch.open(changes.put, bus.address))
    yield running
    running.stop()


def received(changes: queue.Queue[SessionChange], count: int) -> list[SessionChange]:
    return [changes.get(timeout=5) for _ in range(count)]


def test_logind_signals_reach_the_callback_in_order(
    listening: Listening, logind: FakeLogind, bus: Bus, changes: queue.Queue[SessionChange]
) -> None:
    assert logind.calls[0] == ("GetSessionByPID", (os.getpid(),))
    assert (listening.watch.session_path, listening.watch.locked) == (OUR_SESSION, False)
    logind.prepare_for_sleep(True)
    logind.prepare_for_sleep(False)
    logind.session_signal(OUR_SESSION, "Lock")
    logind.session_signal(OTHER_SESSION, "Lock")  # someone else's session
    impostor = open_dbus_connection(bus=bus.address)
    impostor.send(new_signal(DBusAddress(MANAGER_PATH, interface=MANAGER_INTERFACE), "PrepareForSleep", "b", (True,)))
    impostor.send_and_get_reply(message_bus.GetNameOwner(LOGIND), timeout=5)  # the bus has routed its signal
    impostor.close()
    logind.session_signal(OUR_SESSION, "Unlock")
    assert received(changes, 4) == ["suspending", "resumed", "locked", "unlocked"]
    assert changes.empty()


def test_only_the_connection_that_owns_login1_is_believed_and_a_new_one_is_followed(
    listening: Listening, logind: FakeLogind, bus: Bus, changes: queue.Queue[SessionChange],
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Another local user can send our connection a Lock of its own: it must not stop reminders."""
    [us, *_] = logind.callers
    with open_dbus_connection(bus=bus.address) as impostor:
        send_to(impostor, us, signal(OUR_SESSION, SESSION_INTERFACE, "Lock"))
        send_to(impostor, us, signal(MANAGER_PATH, MANAGER_INTERFACE, "PrepareForSleep", "b", True))
        impostor.send_and_get_reply(message_bus.GetId(), timeout=5)  # the bus has routed both to us
    logind.session_signal(OUR_SESSION, "Unlock")
    assert received(changes, 1) == ["unlocked"]
    [warning] = [record.getMessage() for record in caplog.records if record.levelno == logging.WARNING]
    assert re.fullmatch(
        r"ignored D-Bus signal org.freedesktop.login1.Session.Lock\(\) from :1\.\d+: "
        r"it does not own org.freedesktop.login1 \(:1\.\d+ does\)",
        warning,
    )
    logind.stop()  # logind restarts: a new connection owns the name
    restarted = FakeLogind(bus.address)
    try:
        restarted.session_signal(OUR_SESSION, "Lock")
        assert received(changes, 1) == ["locked"]
    finally:
        restarted.stop()
    assert changes.empty()


def test_xdg_session_id_picks_the_session_by_id(
    bus: Bus, logind: FakeLogind, changes: queue.Queue[SessionChange], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_SESSION_ID", "c2")
    running = Listening.start(SessionWatch.open(changes.put, bus.address))
    logind.session_signal(OUR_SESSION, "Lock")  # the session our pid is in, but not the one named
    logind.session_signal(OTHER_SESSION, "Unlock")
    assert received(changes, 1) == ["unlocked"]
    running.stop()
    assert logind.calls[0] == ("GetSession", ("c2",))
    assert running.watch.session_path == OTHER_SESSION


def test_locked_hint_at_open_is_kept(bus: Bus, logind: FakeLogind, changes: queue.Queue[SessionChange]) -> None:
    logind.locked_hint = ("b", True)
    watch = SessionWatch.open(changes.put, bus.address)
    watch.close()
    assert watch.locked
    assert logind.calls[-1] == ("Get", (SESSION_INTERFACE, "LockedHint"))


def test_system_bus_address_comes_from_the_environment(
    bus: Bus, logind: FakeLogind, changes: queue.Queue[SessionChange], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DBUS_SYSTEM_BUS_ADDRESS", bus.address)
    SessionWatch.open(changes.put).close()
    assert [member for member, _ in logind.calls] == ["GetSessionByPID", "Get"]


def test_without_the_variable_the_standard_socket_is_used(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, changes: queue.Queue[SessionChange]
) -> None:
    standard = f"unix:path={tmp_path}/system_bus_socket"
    monkeypatch.setattr(sessionwatch, "DEFAULT_SYSTEM_BUS", standard)
    with pytest.raises(SessionWatchUnavailable, match=f"^cannot connect to the system bus at {re.escape(standard)} "):
        SessionWatch.open(changes.put)


def test_no_logind_on_the_bus_is_unavailable(bus: Bus, changes: queue.Queue[SessionChange]) -> None:
    with pytest.raises(SessionWatchUnavailable, match=r"^no logind: org.freedesktop.login1 is not on the system bus$"):
        SessionWatch.open(changes.put, bus.address)


def test_pid_outside_any_session_is_unavailable(bus: Bus, changes: queue.Queue[SessionChange]) -> None:
    logind = FakeLogind(bus.address, sessions_by_pid={})
    pid = os.getpid()
    expected = (
        f"^looking up the logind session of pid {pid}: "
        f"org.freedesktop.login1.NoSessionForPID: PID {pid} does not belong to any known session$"
    )
    with pytest.raises(SessionWatchUnavailable, match=expected):
        SessionWatch.open(changes.put, bus.address)
    logind.stop()


def test_unknown_xdg_session_id_is_unavailable(
    bus: Bus, logind: FakeLogind, changes: queue.Queue[SessionChange], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_SESSION_ID", "9")
    expected = r"^looking up logind session '9' \(from XDG_SESSION_ID\): org.freedesktop.login1.NoSuchSession: "
    with pytest.raises(SessionWatchUnavailable, match=expected + "No session '9' known$"):
        SessionWatch.open(changes.put, bus.address)


def test_a_locked_hint_that_is_not_a_boolean_is_unavailable(
    bus: Bus, logind: FakeLogind, changes: queue.Queue[SessionChange]
) -> None:
    logind.locked_hint = ("s", "yes")
    expected = f"reading LockedHint of {OUR_SESSION}: logind answered (('s', 'yes'),), not a boolean"
    with pytest.raises(SessionWatchUnavailable, match=f"^{re.escape(expected)}$"):
        SessionWatch.open(changes.put, bus.address)


def test_hung_logind_is_unavailable_within_the_call_timeout(
    bus: Bus, logind: FakeLogind, changes: queue.Queue[SessionChange], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sessionwatch, "CALL_TIMEOUT_S", 0.2)
    logind.answering = False
    expected = r"^looking up the logind session of pid \d+: no answer within 0.2 s$"  # the timeout ended it
    with pytest.raises(SessionWatchUnavailable, match=expected):
        SessionWatch.open(changes.put, bus.address)


@pytest.mark.parametrize(
    ("address", "expected"),
    [
        ("unix:path={tmp}/nobody-listens", r"^cannot connect to the system bus at unix:path=\S+ \(\[Errno 2\] .+\)$"),
        ("tcp:host=localhost,port=1", r"^cannot use the system bus address 'tcp:host=localhost,port=1': only unix"),
        ("not an address", r"^cannot use the system bus address 'not an address': only unix"),
    ],
)
def test_unusable_bus_address_is_unavailable(
    address: str, expected: str, tmp_path: Path, changes: queue.Queue[SessionChange]
) -> None:
    with pytest.raises(SessionWatchUnavailable, match=expected):
        SessionWatch.open(changes.put, address.format(tmp=tmp_path))


def test_close_from_another_thread_ends_listen(
    listening: Listening, logind: FakeLogind, changes: queue.Queue[SessionChange]
) -> None:
    logind.prepare_for_sleep(True)
    assert received(changes, 1) == ["suspending"]  # listen is in its receive loop now
    listening.watch.close()
    listening.thread.join(timeout=30)  # a liveness limit: listen waits with no timeout, so only close can end it
    assert not listening.thread.is_alive()
    assert listening.error is None
    listening.watch.close()  # a second close is harmless


def test_close_before_listen_makes_listen_return_at_once(
    bus: Bus, logind: FakeLogind, changes: queue.Queue[SessionChange]
) -> None:
    watch = SessionWatch.open(changes.put, bus.address)
    watch.close()
    watch.listen()


def test_a_failing_callback_is_logged_and_listening_goes_on(
    bus: Bus, logind: FakeLogind, changes: queue.Queue[SessionChange], caplog: pytest.LogCaptureFixture
) -> None:
    def on_change(change: SessionChange) -> None:
        if change == "suspending":
            raise RuntimeError("queue is full")
        changes.put(change)

    running = Listening.start(SessionWatch.open(on_change, bus.address))
    logind.prepare_for_sleep(True)
    logind.prepare_for_sleep(False)
    assert received(changes, 1) == ["resumed"]
    running.stop()
    [record] = [record for record in caplog.records if record.levelno == logging.ERROR]
    assert record.getMessage() == "the session change callback failed on 'suspending'; still listening"


def test_losing_the_bus_ends_listen_with_the_reason(listening: Listening, bus: Bus) -> None:
    stop_bus(bus.daemon)
    listening.thread.join(timeout=5)
    assert not listening.thread.is_alive()
    assert listening.error is not None
    assert re.match(r"^lost the system bus connection \(.+\)$", str(listening.error))


# epoll_wait's system call numbers (aarch64 has only epoll_pwait); the timeout is the fourth argument in both.
EPOLL_WAITS = {"x86_64": {232, 281}, "aarch64": {22}}


def waits_with_no_timeout(thread_id: int) -> bool:
    """Whether the thread sits in epoll_wait with an infinite timeout, so only the bus can wake it."""
    call = Path(f"/proc/self/task/{thread_id}/syscall").read_text().split()  # number, six arguments, sp, pc
    return (len(call) == 9 and int(call[0]) in EPOLL_WAITS[platform.machine()]
            and int(call[4], 16) & 0xFFFFFFFF == 0xFFFFFFFF)


def test_a_quiet_bus_never_wakes_the_listening_thread(listening: Listening) -> None:
    """No receive timeout polled every second: the thread waits for the bus alone (read from /proc, not timed)."""
    thread_id = listening.thread.native_id
    assert thread_id is not None
    wait_until(lambda: waits_with_no_timeout(thread_id), "the listening thread waits on the bus with no timeout")
