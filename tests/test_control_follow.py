"""Following over the control channel: ``{"command": "follow"}`` keeps its connection and gets each changed line."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from control_clients import connect_raw, preamble_of, read_answer

from deskbreak.control import (
    MAX_FOLLOWERS,
    ControlError,
    ControlServer,
    DaemonStopped,
    Followers,
    InstanceLock,
    Transport,
    follow_status,
    send_request,
)


@pytest.fixture(params=[pytest.param("unix", marks=pytest.mark.posix), "loopback"])
def transport(request: pytest.FixtureRequest) -> Transport:
    chosen: Transport = request.param
    return chosen


@pytest.fixture
def followers() -> Followers:
    return Followers()


@pytest.fixture
def server(runtime_base: Path, followers: Followers, transport: Transport) -> Iterator[ControlServer]:
    with InstanceLock() as lock, ControlServer(lambda request: {"ok": True, "echo": request}, lock,
                                               transport=transport, followers=followers) as running:
        yield running


def raw_follow(server: ControlServer, request: bytes = b'{"command": "follow"}\n') -> socket.socket:
    connection = connect_raw(server)
    connection.sendall(preamble_of(server) + request)
    return connection


def test_a_follower_gets_the_latest_line_then_each_change_and_no_repeats(
    server: ControlServer, followers: Followers, transport: Transport
) -> None:
    followers.publish({"text": "break in 5m"})
    lines = follow_status(transport=transport)
    assert next(lines) == {"text": "break in 5m"}
    arrived = threading.Event()
    got: list[dict[str, Any]] = []

    def read_two() -> None:
        got.extend([next(lines), next(lines)])
        arrived.set()

    reader = threading.Thread(target=read_two)
    reader.start()
    for text in ("break in 5m", "break in 4m", "break in 4m", "paused"):  # the repeats are not sent
        followers.publish({"text": text})
    assert arrived.wait(10)
    reader.join()
    assert got == [{"text": "break in 4m"}, {"text": "paused"}]
    assert send_request({"command": "status"}, transport=transport) == {"ok": True, "echo": {"command": "status"}}


def test_stopping_the_server_hangs_up_on_followers(
    runtime_base: Path, followers: Followers, transport: Transport
) -> None:
    with InstanceLock() as lock, ControlServer(lambda request: {"ok": True}, lock, transport=transport,
                                               followers=followers):
        followers.publish({"text": "paused"})
        lines = follow_status(transport=transport)
        assert next(lines) == {"text": "paused"}
    with pytest.raises(DaemonStopped, match="deskbreak stopped"):
        next(lines)


def test_a_follow_request_with_more_in_it_is_refused_in_one_line(
    server: ControlServer, followers: Followers
) -> None:
    with raw_follow(server, b'{"command": "follow", "every": 1}\n') as connection:
        assert read_answer(connection) == {"ok": False, "error": "follow: unexpected every"}


def test_followers_past_the_limit_are_turned_away_and_the_rest_still_served(
    server: ControlServer, followers: Followers, transport: Transport
) -> None:
    followers.publish({"text": "break in 5m"})
    connections = [raw_follow(server) for _ in range(MAX_FOLLOWERS)]
    try:
        for connection in connections:
            assert read_answer(connection) == {"text": "break in 5m"}
        with pytest.raises(ControlError, match=f"too many followers \\(limit {MAX_FOLLOWERS}\\)"):
            next(follow_status(transport=transport))
        followers.publish({"text": "paused"})
        assert all(read_answer(connection) == {"text": "paused"} for connection in connections)
    finally:
        for connection in connections:
            connection.close()


def test_followers_that_hung_up_free_their_places_before_any_line_finds_them_gone(
    server: ControlServer, followers: Followers, transport: Transport
) -> None:
    followers.publish({"text": "paused"})
    for _ in range(2):
        connections = [raw_follow(server) for _ in range(MAX_FOLLOWERS)]
        for connection in connections:
            assert read_answer(connection) == {"text": "paused"}
            connection.close()  # a bar restarted during a long pause: nothing is sent to notice it
    assert next(follow_status(transport=transport)) == {"text": "paused"}


def test_a_follower_that_stops_reading_is_dropped_and_the_others_still_served() -> None:
    followers = Followers()
    stuck, stuck_end = socket.socketpair()
    reading, reading_end = socket.socketpair()
    for daemon_end in (stuck_end, reading_end):
        with daemon_end:  # as the control server's worker does once the follower is added
            followers.add(daemon_end, {"command": "follow"})
    with stuck, reading, reading.makefile("rb") as reader:
        for minute in range(1000):  # a megabyte: more than a socket buffer holds
            followers.publish({"text": f"break in {minute}m", "pad": "x" * 1000})
            assert json.loads(reader.readline())["text"] == f"break in {minute}m"
        stuck.settimeout(10)
        received = b"".join(iter(lambda: stuck.recv(65536), b""))  # ends only once the daemon hung up
        assert 0 < received.count(b"\n") < 1000
        followers.close()
        assert reader.readline() == b""
