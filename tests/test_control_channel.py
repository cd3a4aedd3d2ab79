"""The control channel as the CLI and a daemon's handler see it: requests in, answers out."""

from __future__ import annotations

import json
import logging
import socket
import stat
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from control_clients import connect_raw, preamble_of, read_answer

from deskbreak.control import (
    MAX_REQUEST_BYTES,
    ControlError,
    ControlServer,
    DaemonNotRunning,
    InstanceLock,
    Transport,
    runtime_dir,
    send_request,
)


class RecordingHandler:
    """Answers like a daemon would, remembering every request it was given."""

    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []

    def __call__(self, request: dict[str, Any]) -> dict[str, Any]:
        self.requests.append(request)
        if request["command"] == "explode":
            raise ValueError("engine exploded")
        if request["command"] == "misbehave":
            return "not a dict"  # type: ignore[return-value]
        return {"ok": True, "echo": request}


@pytest.fixture
def handler() -> RecordingHandler:
    return RecordingHandler()


@pytest.fixture(params=[pytest.param("unix", marks=pytest.mark.posix), "loopback"])
def transport(request: pytest.FixtureRequest) -> Transport:
    chosen: Transport = request.param
    return chosen


@pytest.fixture
def server(runtime_base: Path, handler: RecordingHandler, transport: Transport) -> Iterator[ControlServer]:
    with (
        InstanceLock() as lock,
        ControlServer(handler, lock, transport=transport) as running,
    ):
        yield running


def raw_exchange(server: ControlServer, payload: bytes, *, with_token: bool = True) -> dict[str, Any]:
    """Send ``payload`` (after the token line, as the real client does, unless told not to) and read the answer."""
    with connect_raw(server) as connection:
        connection.sendall((preamble_of(server) if with_token else b"") + payload)
        return read_answer(connection)


def test_round_trip_delivers_the_request_and_returns_the_answer(
    server: ControlServer, handler: RecordingHandler, transport: Transport
) -> None:
    request = {"command": "pause", "until": "14:00", "reason": "café ☕"}
    assert send_request(request, transport=transport) == {"ok": True, "echo": request}
    assert handler.requests == [request]


@pytest.mark.posix
def test_socket_is_private_to_the_user(runtime_base: Path) -> None:
    with InstanceLock() as lock, ControlServer(RecordingHandler(), lock, transport="unix") as running:
        socket_info = running.path.stat()
        assert stat.S_ISSOCK(socket_info.st_mode)
        assert stat.S_IMODE(socket_info.st_mode) == 0o600
        assert running.path.parent == runtime_base / "deskbreak"
        assert stat.S_IMODE(running.path.parent.stat().st_mode) == 0o700


OVERSIZED = b'{"command": "status", "pad": "' + b"x" * MAX_REQUEST_BYTES + b'"}\n'


@pytest.mark.parametrize(
    ("payload", "error"),
    [
        (
            b"{not json\n",
            "request is not valid JSON: Expecting property name enclosed in double quotes at column 2",
        ),
        (b"[1, 2]\n", "request must be a JSON object, not an array"),
        (b'{"minutes": 10}\n', 'request has no "command" field'),
        (b'{"command": 5}\n', '"command" must be a string, not a number'),
        (b'{"command": ""}\n', '"command" is empty'),
        (b'{"command": "\xff"}\n', "request is not UTF-8 (bad byte at offset 13)"),
        (b"\n", "empty request"),
        (OVERSIZED, f"request too large (limit {MAX_REQUEST_BYTES} bytes)"),
    ],
)
def test_bad_request_gets_an_error_naming_the_problem_and_serving_goes_on(
    server: ControlServer, handler: RecordingHandler, transport: Transport, payload: bytes, error: str
) -> None:
    assert raw_exchange(server, payload) == {"ok": False, "error": error}
    assert handler.requests == []
    assert send_request({"command": "status"}, transport=transport)["ok"] is True


def test_request_of_exactly_the_size_limit_is_served(server: ControlServer, transport: Transport) -> None:
    request: dict[str, Any] = {"command": "status", "pad": ""}
    request["pad"] = "x" * (MAX_REQUEST_BYTES - len(json.dumps(request)) - 1)
    line = json.dumps(request).encode() + b"\n"
    assert len(line) == MAX_REQUEST_BYTES
    assert raw_exchange(server, line)["ok"] is True


def test_silent_client_holds_up_nobody(server: ControlServer, transport: Transport) -> None:
    # The server waits 2 s for a request: an answer within 1 s means the silent client did not block it.
    with connect_raw(server):
        assert send_request({"command": "status"}, timeout=1.0, transport=transport)["ok"] is True


def test_silent_client_is_cut_off_with_an_error(runtime_base: Path) -> None:
    with (
        InstanceLock() as lock,
        ControlServer(RecordingHandler(), lock, read_timeout=0.3) as running,
        connect_raw(running) as silent,
    ):
        answer = read_answer(silent)
    assert answer == {"ok": False, "error": "no request within 0.3 s"}


def test_handler_failure_answers_internal_error_logs_it_and_serving_goes_on(
    server: ControlServer, transport: Transport, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.ERROR, logger="deskbreak.control"):
        answer = send_request({"command": "explode"}, transport=transport)
    assert answer == {"ok": False, "error": "internal error: ValueError: engine exploded"}
    assert "engine exploded" in caplog.text
    assert send_request({"command": "misbehave"}, transport=transport) == {
        "ok": False,
        "error": "internal error: TypeError: the handler returned str, not a dict",
    }
    assert send_request({"command": "status"}, transport=transport)["ok"] is True


@pytest.mark.posix
def test_no_daemon_is_reported_in_one_line(runtime_base: Path) -> None:
    socket_path = runtime_dir() / "deskbreak.sock"
    with pytest.raises(DaemonNotRunning) as caught:
        send_request({"command": "status"})
    assert str(caught.value) == f"deskbreak is not running (no daemon at {socket_path})"


@pytest.mark.posix
def test_socket_left_by_a_crashed_daemon_means_not_running_until_a_daemon_replaces_it(
    runtime_base: Path,
) -> None:
    socket_path = runtime_dir() / "deskbreak.sock"
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as crashed:
        crashed.bind(str(socket_path))
    assert socket_path.exists()
    with pytest.raises(DaemonNotRunning, match="deskbreak is not running"):
        send_request({"command": "status"})
    with InstanceLock() as lock, ControlServer(RecordingHandler(), lock):
        assert send_request({"command": "status"})["ok"] is True


def test_close_removes_the_socket_so_clients_see_no_daemon(runtime_base: Path, transport: Transport) -> None:
    with InstanceLock() as lock, ControlServer(RecordingHandler(), lock, transport=transport) as running:
        assert running.path.exists()
    assert not running.path.exists()
    with pytest.raises(DaemonNotRunning, match=f"no daemon at {running.path}"):
        send_request({"command": "status"}, transport=transport)


@pytest.mark.posix
def test_server_refuses_to_start_without_the_instance_lock(runtime_base: Path) -> None:
    with pytest.raises(RuntimeError, match="needs the InstanceLock held"):
        ControlServer(RecordingHandler(), InstanceLock()).start()


def fake_daemon(path: Path, answer: bytes | None) -> threading.Thread:
    """A listener at the daemon's socket that answers ``answer`` raw, or never answers."""
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(str(path))
    listener.listen()

    def serve_once() -> None:
        with listener, listener.accept()[0] as connection:
            connection.recv(1024)
            if answer is not None:
                connection.sendall(answer)
            connection.recv(1024)

    thread = threading.Thread(target=serve_once, daemon=True)
    thread.start()
    return thread


@pytest.mark.posix
@pytest.mark.parametrize(
    ("answer", "error"),
    [
        (b"hello\n", "deskbreak sent a bad answer: answer is not valid JSON: Expecting value at column 1"),
        (b"[]\n", "deskbreak sent a bad answer: answer must be a JSON object, not an array"),
        (None, "deskbreak did not answer within 0.2 s"),
    ],
)
def test_bad_or_missing_answer_is_a_one_line_control_error(
    runtime_base: Path, answer: bytes | None, error: str
) -> None:
    socket_path = runtime_dir() / "deskbreak.sock"
    daemon = fake_daemon(socket_path, answer)
    with pytest.raises(ControlError) as caught:
        send_request({"command": "status"}, timeout=0.2)
    assert str(caught.value) == f"{error} ({socket_path})"
    daemon.join(timeout=5)


def test_loopback_rejects_a_missing_or_wrong_token(runtime_base: Path, handler: RecordingHandler) -> None:
    rejected = {"ok": False, "error": "missing or wrong token (read it from the port file)"}
    with InstanceLock() as lock, ControlServer(handler, lock, transport="loopback") as running:
        token = json.loads(running.path.read_text())["token"]
        quit_line = b'{"command": "quit"}\n'
        assert raw_exchange(running, quit_line, with_token=False) == rejected
        assert raw_exchange(running, b"guess\n" + quit_line, with_token=False) == rejected
        assert raw_exchange(running, b"x" * len(token) + b"\n" + quit_line, with_token=False) == rejected
        in_the_request = json.dumps({"command": "quit", "token": token}).encode() + b"\n"
        assert raw_exchange(running, in_the_request, with_token=False) == rejected
        assert handler.requests == []
        assert raw_exchange(running, quit_line) == {"ok": True, "echo": {"command": "quit"}}


def test_loopback_judges_the_token_as_soon_as_its_bytes_are_in(runtime_base: Path) -> None:
    """A wrong token is answered at once: the server waits neither for a request line nor its deadline."""
    with (
        InstanceLock() as lock,
        ControlServer(RecordingHandler(), lock, transport="loopback", read_timeout=60) as running,
        connect_raw(running) as guesser,
    ):
        token_length = len(json.loads(running.path.read_text())["token"])
        guesser.sendall(b"0" * token_length + b"\n{\"command\": \"qu")  # no end of line: still typing
        answer = read_answer(guesser)
    assert answer == {"ok": False, "error": "missing or wrong token (read it from the port file)"}


@pytest.mark.posix
def test_loopback_port_file_is_private_and_holds_port_and_token(runtime_base: Path) -> None:
    with InstanceLock() as lock, ControlServer(RecordingHandler(), lock, transport="loopback") as running:
        assert running.path == runtime_dir() / "deskbreak.port"
        assert stat.S_IMODE(running.path.stat().st_mode) == 0o600
        content = json.loads(running.path.read_text())
        assert isinstance(content["port"], int)
        assert len(content["token"]) >= 32
    with InstanceLock() as lock, ControlServer(RecordingHandler(), lock, transport="loopback") as restarted:
        assert json.loads(restarted.path.read_text())["token"] != content["token"]


def test_loopback_port_file_of_a_crashed_daemon_means_not_running(runtime_base: Path) -> None:
    with socket.create_server(("127.0.0.1", 0)) as closed_soon:
        port = closed_soon.getsockname()[1]
    (runtime_dir() / "deskbreak.port").write_text(json.dumps({"port": port, "token": "t"}))
    with pytest.raises(DaemonNotRunning, match=f"no daemon at 127.0.0.1:{port}"):
        send_request({"command": "status"}, transport="loopback")
    (runtime_dir() / "deskbreak.port").write_text("garbage")
    with pytest.raises(ControlError, match="does not hold a port and token"):
        send_request({"command": "status"}, transport="loopback")
