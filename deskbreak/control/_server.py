"""The daemon's end of the control channel.

On Linux and macOS it listens on a mode-0600 Unix socket in the private
runtime directory and never on a TCP port; on Windows (or when asked) on
127.0.0.1 with a per-start token, see ``_portfile``.
"""

from __future__ import annotations

import contextlib
import logging
import os
import selectors
import socket
import stat
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

from deskbreak.control._errors import ControlError
from deskbreak.control._lock import InstanceLock
from deskbreak.control._paths import PORT_NAME, SOCKET_NAME, Transport, default_transport, runtime_dir
from deskbreak.control._portfile import write_port_file
from deskbreak.control._protocol import (
    MAX_REQUEST_BYTES,
    BadMessage,
    MessageTooLarge,
    encode,
    error_answer,
    parse_request,
    read_line,
)

__all__ = ["ControlServer", "Handler"]

Handler = Callable[[dict[str, Any]], dict[str, Any]]
"""Turns a request such as ``{"command": "snooze", "minutes": 10}`` into an answer dict."""

_log = logging.getLogger("deskbreak.control")


@dataclass(frozen=True, slots=True)
class _Serving:
    """What a started server owns until ``close``."""

    listener: socket.socket
    wake_reader: socket.socket
    wake_writer: socket.socket
    thread: threading.Thread


class ControlServer:
    """Answers ``deskbreak status``, ``snooze 10``, ``quit`` ... sent by other processes.

    Each connection carries one request line and gets one answer line.
    ``path`` is the socket file clients connect to (on the loopback
    transport, the port file they read). ``start`` replaces whatever a
    crashed daemon left there, so it refuses to run unless ``lock`` is held.

    Threading contract:

    * ``start`` and ``close`` belong to the thread that owns the server.
    * After ``start``, a daemon thread ("deskbreak-control") accepts
      connections and gives each its own short-lived daemon thread, which
      reads the request (giving up after ``read_timeout`` seconds), calls
      ``handler`` and writes the answer. A client that connects and says
      nothing therefore holds up nobody else.
    * So ``handler`` runs on those connection threads, possibly on several
      at once, alongside the rest of the daemon. It must only put work on a
      queue or read thread-safe state (it may wait briefly for the engine
      thread's reply). It must return a JSON-serialisable dict; if it raises
      or returns anything else, that one client gets ``{"ok": false,
      "error": "internal error: ..."}``, the error is logged to
      ``deskbreak.control``, and serving goes on.
    * Once ``close`` returns, nothing new is accepted; a handler call already
      under way finishes on its own thread.
    """

    def __init__(
        self,
        handler: Handler,
        lock: InstanceLock,
        *,
        transport: Transport | None = None,
        read_timeout: float = 2.0,
    ) -> None:
        self._handler = handler
        self._lock = lock
        self._transport = transport or default_transport()
        self._read_timeout = read_timeout
        self.path = runtime_dir() / (SOCKET_NAME if self._transport == "unix" else PORT_NAME)
        self._token: str | None = None
        self._serving: _Serving | None = None

    def start(self) -> None:
        """Listen and serve in the background; ControlError if listening fails."""
        if not self._lock.held:
            raise RuntimeError("ControlServer.start() needs the InstanceLock held: it replaces the socket")
        if self._serving is not None:
            return
        if self._transport == "unix":
            listener = _listen_unix(self.path)
        else:
            self._token = os.urandom(32).hex()  # not secrets: it loads OpenSSL (+4 MB RSS)
            listener = _listen_loopback(self.path, self._token)
        wake_reader, wake_writer = socket.socketpair()
        thread = threading.Thread(
            target=self._accept_until_woken, args=(listener, wake_reader), name="deskbreak-control"
        )
        thread.daemon = True
        self._serving = _Serving(listener, wake_reader, wake_writer, thread)
        thread.start()

    def close(self) -> None:
        """Stop accepting and remove the socket or port file; harmless when not started."""
        serving, self._serving = self._serving, None
        if serving is None:
            return
        serving.wake_writer.send(b"\0")
        serving.thread.join()
        for owned in (serving.listener, serving.wake_reader, serving.wake_writer):
            owned.close()
        self.path.unlink(missing_ok=True)

    def __enter__(self) -> ControlServer:
        self.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()

    def _accept_until_woken(self, listener: socket.socket, wake_reader: socket.socket) -> None:
        with selectors.DefaultSelector() as selector:
            selector.register(listener, selectors.EVENT_READ)
            selector.register(wake_reader, selectors.EVENT_READ)
            while all(key.fileobj is not wake_reader for key, _ in selector.select()):
                try:
                    connection, _ = listener.accept()
                except OSError as error:
                    _log.warning("control channel: accept failed: %s", error)
                    continue
                threading.Thread(
                    target=self._serve, args=(connection,), name="deskbreak-control-client", daemon=True
                ).start()

    def _serve(self, connection: socket.socket) -> None:
        with connection:
            connection.settimeout(self._read_timeout)
            try:
                answer = self._answer(read_line(connection, MAX_REQUEST_BYTES))
            except MessageTooLarge:
                answer = encode(error_answer(f"request too large (limit {MAX_REQUEST_BYTES} bytes)"))
            except TimeoutError:
                answer = encode(error_answer(f"no request within {self._read_timeout:g} s"))
            except OSError:
                return  # the client hung up; nobody to answer
            with contextlib.suppress(OSError):
                connection.sendall(answer)

    def _answer(self, line: bytes) -> bytes:
        try:
            request = parse_request(line)
            self._check_token(request)
        except BadMessage as error:
            return encode(error_answer(str(error)))
        try:
            answer = self._handler(request)
            if not isinstance(answer, dict):
                raise TypeError(f"the handler returned {type(answer).__name__}, not a dict")
            return encode(answer)
        except Exception as error:
            _log.exception("control command %r failed", request["command"])
            return encode(error_answer(f"internal error: {type(error).__name__}: {error}"))

    def _check_token(self, request: dict[str, Any]) -> None:
        if self._token is None:
            return
        from hmac import compare_digest  # only in loopback mode: hmac loads OpenSSL

        offered = request.pop("token", None)
        if not (isinstance(offered, str) and compare_digest(offered.encode(), self._token.encode())):
            raise BadMessage("missing or wrong token (read it from the port file)")


def _listen_unix(path: Path) -> socket.socket:
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        _bind_private(listener, path)
        listener.listen()
    except OSError as error:
        listener.close()
        raise ControlError(f"cannot listen on {path}: {error.strerror or error}") from None
    return listener


def _bind_private(listener: socket.socket, path: Path) -> None:
    """Bind with umask 0177 so the socket is never reachable by others, then make sure of it."""
    path.unlink(missing_ok=True)  # a crashed daemon's socket; ours to replace since we hold the lock
    previous_umask = os.umask(0o177)
    try:
        listener.bind(os.fspath(path))
    finally:
        os.umask(previous_umask)
    os.chmod(path, 0o600)
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode != 0o600:
        raise PermissionError(f"the socket has mode {mode:04o} even after chmod 600")


def _listen_loopback(port_file: Path, token: str) -> socket.socket:
    listener = socket.create_server(("127.0.0.1", 0))
    try:
        write_port_file(port_file, listener.getsockname()[1], token)
    except OSError as error:
        listener.close()
        raise ControlError(f"cannot write {port_file}: {error.strerror}") from None
    return listener
