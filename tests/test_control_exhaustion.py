"""The control channel under abuse: floods, stalls and faults cost no threads and lock nobody out."""

from __future__ import annotations

import os
import select
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from control_clients import connect_raw, preamble_of, read_answer
from desktop import WAIT_LIMIT_S

from deskbreak.control import ControlError, ControlServer, InstanceLock, Transport, send_request
from deskbreak.control import _intake as intake_module
from deskbreak.control._intake import BUSY, MAX_WAITING
from deskbreak.control._protocol import BadMessage, RequestReader, token_line
from deskbreak.control._workers import WORKER_THREADS

SLOW_CLIENTS = 500


def answer_anything(request: dict[str, Any]) -> dict[str, Any]:
    if request["command"] == "explode":
        raise RuntimeError("engine exploded")
    return {"ok": True, "command": request["command"]}


@pytest.fixture(params=["unix", "loopback"])
def transport(request: pytest.FixtureRequest) -> Transport:
    chosen: Transport = request.param
    return chosen


@pytest.fixture
def patient_server(runtime_base: Path, transport: Transport) -> Iterator[ControlServer]:
    """A server that gives each client 30 s for its request: nobody in these tests is cut off by time."""
    with InstanceLock() as lock, ControlServer(answer_anything, lock, transport=transport, read_timeout=30) as running:
        yield running


def control_threads() -> list[threading.Thread]:
    return [thread for thread in threading.enumerate() if thread.name.startswith("deskbreak-control")]


def status(transport: Transport) -> dict[str, Any]:
    return send_request({"command": "status"}, timeout=10, transport=transport)


def test_500_slow_clients_neither_hold_up_a_status_request_nor_add_a_thread(
    patient_server: ControlServer, transport: Transport
) -> None:
    threads_serving = threading.active_count()
    slow = []
    try:
        for number in range(SLOW_CLIENTS):
            client = connect_raw(patient_server)
            slow.append(client)
            if number % 2:
                client.sendall(b'{"comm')  # part of a request, then nothing more: a trickle that stalled
        assert status(transport) == {"ok": True, "command": "status"}
        assert threading.active_count() <= threads_serving
        assert len(control_threads()) == 1 + WORKER_THREADS
        # Only the newest MAX_WAITING could still be waiting; every older one was told and let go.
        for client in slow[: SLOW_CLIENTS - MAX_WAITING]:
            assert read_answer(client) == {"ok": False, "error": BUSY}
    finally:
        for client in slow:
            client.close()


def test_a_client_trickling_bytes_is_cut_off_at_one_deadline_for_the_whole_request(
    runtime_base: Path, transport: Transport
) -> None:
    with (
        InstanceLock() as lock,
        ControlServer(answer_anything, lock, transport=transport, read_timeout=0.5) as running,
        connect_raw(running) as trickler,
    ):
        # One byte every 0.1 s: a timeout per read (0.5 s) would wait for ever. The limit is
        # for a server that never answers, never a measure of how soon it does, however loaded the machine.
        give_up = time.monotonic() + WAIT_LIMIT_S
        while time.monotonic() < give_up and not select.select([trickler], [], [], 0.1)[0]:
            try:
                trickler.sendall(b"{")
            except (BrokenPipeError, ConnectionResetError):  # it answered and hung up since select looked
                break
        assert time.monotonic() < give_up, "the server kept reading a trickle long past its deadline"
        assert read_answer(trickler) == {"ok": False, "error": "no request within 0.5 s"}


def test_faults_in_answering_one_client_leave_the_others_served(
    patient_server: ControlServer, transport: Transport
) -> None:
    for _ in range(2 * WORKER_THREADS):  # more failures than there are workers: none is lost
        assert send_request({"command": "explode"}, transport=transport) == {
            "ok": False,
            "error": "internal error: RuntimeError: engine exploded",
        }
    with connect_raw(patient_server) as deep:
        deep.sendall(preamble_of(patient_server) + b"[" * 60000 + b"\n")
        assert read_answer(deep) == {"ok": False, "error": "request is nested too deeply"}
    assert status(transport)["ok"] is True


def test_a_fault_while_reading_one_connection_drops_only_that_one(
    patient_server: ControlServer, transport: Transport, monkeypatch: pytest.MonkeyPatch
) -> None:
    faults: list[str] = []

    def reader_that_fails_once(token: bytes | None, limit: int) -> RequestReader:
        if not faults:
            faults.append("raised")
            raise RuntimeError("a bug in reading")
        return RequestReader(token, limit)

    monkeypatch.setattr(intake_module, "RequestReader", reader_that_fails_once)
    assert status(transport) == {"ok": False, "error": "internal error: RuntimeError: a bug in reading"}
    assert faults == ["raised"]
    assert status(transport)["ok"] is True


def test_thread_start_failing_does_not_end_serving(
    patient_server: ControlServer, transport: Transport, monkeypatch: pytest.MonkeyPatch
) -> None:
    refused: list[str] = []
    real_start = threading.Thread.start

    def start_failing_once(thread: threading.Thread) -> None:
        if not refused:
            refused.append(thread.name)
            raise RuntimeError("can't start new thread")
        real_start(thread)

    monkeypatch.setattr(threading.Thread, "start", start_failing_once)
    assert status(transport)["ok"] is True
    assert status(transport)["ok"] is True
    assert refused == []  # nothing asked for a thread: connections are served by the ones started with it


def test_a_server_that_cannot_get_its_threads_says_so_and_leaves_nothing_behind(
    runtime_base: Path, transport: Transport, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_start = threading.Thread.start
    started: list[str] = []

    def start_refusing_the_third(thread: threading.Thread) -> None:
        if len(started) == 2:
            raise RuntimeError("can't start new thread")
        started.append(thread.name)
        real_start(thread)

    with InstanceLock() as lock:
        server = ControlServer(answer_anything, lock, transport=transport)
        monkeypatch.setattr(threading.Thread, "start", start_refusing_the_third)
        with pytest.raises(ControlError) as raised:
            server.start()
        monkeypatch.undo()
        assert str(raised.value) == "cannot start the control channel's threads: can't start new thread"
        assert not server.path.exists()
    for thread in control_threads():  # the workers it did start were told to end: they do so on their own
        thread.join(timeout=10)
    assert control_threads() == []


def test_the_socket_is_made_private_without_touching_the_process_umask(
    runtime_base: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def umask_is_process_wide(mask: int) -> int:
        raise AssertionError("the umask is process-wide: changing it races the daemon's other threads")

    permissive = os.umask(0)  # bind alone would then make the socket 0777
    try:
        monkeypatch.setattr(os, "umask", umask_is_process_wide)
        with InstanceLock() as lock, ControlServer(answer_anything, lock, transport="unix") as running:
            assert running.path.stat().st_mode & 0o777 == 0o600
            assert send_request({"command": "status"})["ok"] is True
    finally:
        monkeypatch.undo()
        os.umask(permissive)


# The loopback token, through its parser: what decides what a peer without the token can make the daemon do.

TOKEN = "ab" * 32


def feed_all(reader: RequestReader, data: bytes, piece: int) -> bytes | None:
    """Feed ``data`` in pieces no bigger than ``piece`` or what the reader wants; the line, if it ended."""
    while data:
        size = min(piece, reader.wanted(), len(data))
        line = reader.feed(data[:size])
        data = data[size:]
        if line is not None:
            return line
    return None


def feed_then_close(reader: RequestReader, data: bytes) -> bytes | None:
    """Feed ``data``, then the peer closing, unless the line ended first."""
    line = feed_all(reader, data, len(data))
    return reader.feed(b"") if line is None else line


@pytest.mark.parametrize("piece", [1, 7, 65536])
def test_the_request_after_the_right_token_is_read_however_it_arrives(piece: int) -> None:
    reader = RequestReader(token_line(TOKEN), 1000)
    assert feed_all(reader, token_line(TOKEN) + b'{"command": "status"}\n', piece) == b'{"command": "status"}'


def test_no_byte_of_the_request_is_read_before_the_token_is_judged() -> None:
    reader = RequestReader(token_line(TOKEN), 1000)
    assert reader.wanted() == len(TOKEN) + 1
    reader.feed(TOKEN[:10].encode())
    assert reader.wanted() == len(TOKEN) + 1 - 10


@pytest.mark.parametrize(
    "sent",
    [
        b"cd" * 32 + b"\n",  # the right length, wrong
        TOKEN.encode() + b"x",  # right, but not ended
        b'{"command": "quit"}\n',  # no token at all: the line ends too soon
        TOKEN[:20].encode(),  # then the peer closes
    ],
)
def test_a_wrong_or_missing_token_is_refused_once_its_bytes_are_in(sent: bytes) -> None:
    reader = RequestReader(token_line(TOKEN), 1000)
    with pytest.raises(BadMessage, match="missing or wrong token"):
        feed_then_close(reader, sent)


def test_a_client_waits_out_a_full_queue_of_connections_then_says_so_in_one_line(runtime_base: Path) -> None:
    socket_path = runtime_base / "deskbreak" / "deskbreak.sock"
    socket_path.parent.mkdir(mode=0o700)
    queued = []
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as swamped:
        swamped.bind(str(socket_path))
        swamped.listen(0)  # a daemon busy elsewhere: it accepts nobody, and its queue fills at once
        try:
            while True:
                waiting = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                waiting.setblocking(False)
                queued.append(waiting)
                waiting.connect(str(socket_path))
        except BlockingIOError:
            pass
        with pytest.raises(ControlError) as raised:
            send_request({"command": "status"}, timeout=0.2, transport="unix")
        assert str(raised.value) == f"deskbreak did not take the connection within 0.2 s ({socket_path})"
        for waiting in queued:
            waiting.close()
