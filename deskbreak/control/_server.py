"""The daemon's end of the control channel.

On Linux and macOS it listens on a mode-0600 Unix socket in the private
runtime directory and never on a TCP port; on Windows (or when asked) on
127.0.0.1 with a per-start token, see ``_portfile``.
"""

from __future__ import annotations

import contextlib
import logging
import os
import socket
import stat
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

from deskbreak.control._errors import ControlError
from deskbreak.control._followers import Followers
from deskbreak.control._intake import Intake
from deskbreak.control._lock import InstanceLock
from deskbreak.control._paths import PORT_NAME, SOCKET_NAME, Transport, default_transport, runtime_dir
from deskbreak.control._portfile import write_port_file
from deskbreak.control._protocol import BadMessage, encode, error_answer, parse_request, token_line
from deskbreak.control._workers import Workers

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
    workers: Workers


class ControlServer:
    """Answers ``deskbreak status``, ``snooze 10``, ``quit`` ... sent by other processes.

    Each connection carries one request line and gets one answer line.
    ``path`` is the socket file clients connect to (on the loopback
    transport, the port file they read). ``start`` replaces whatever a
    crashed daemon left there, so it refuses to run unless ``lock`` is held.

    Threading contract:

    * ``start`` and ``close`` belong to the thread that owns the server.
    * After ``start``, one daemon thread ("deskbreak-control", see
      ``_intake``) accepts connections and reads every request line without
      blocking, giving each connection ``read_timeout`` seconds in all; a
      client that connects and says nothing, or trickles bytes, holds up
      nobody else and costs no thread. Complete requests go to a fixed set
      of worker threads (``_workers``), which call ``handler`` and write the
      answer within ``read_timeout`` seconds. The server never starts a
      thread after ``start``, whatever connects.
    * So ``handler`` runs on those worker threads, possibly on several at
      once, alongside the rest of the daemon. It must only put work on a
      queue or read thread-safe state (it may wait briefly for the engine
      thread's reply). It must return a JSON-serialisable dict; if it raises
      or returns anything else, that one client gets ``{"ok": false,
      "error": "internal error: ..."}``, the error is logged to
      ``deskbreak.control``, and serving goes on.
    * Once ``close`` returns, nothing new is accepted; a handler call already
      under way finishes on its own thread.
    * With ``followers``, a ``{"command": "follow"}`` request never reaches
      ``handler``: its connection stays open in ``followers`` and gets a line
      on each ``followers.publish`` that changed something, until ``close``
      hangs up on it.
    """

    def __init__(
        self,
        handler: Handler,
        lock: InstanceLock,
        *,
        transport: Transport | None = None,
        read_timeout: float = 2.0,
        followers: Followers | None = None,
    ) -> None:
        self._handler = handler
        self._followers = followers
        self._lock = lock
        self._transport = transport or default_transport()
        self._read_timeout = read_timeout
        self.path = runtime_dir() / (SOCKET_NAME if self._transport == "unix" else PORT_NAME)
        self._serving: _Serving | None = None

    def start(self) -> None:
        """Listen and serve in the background; ControlError if listening fails."""
        if not self._lock.held:
            raise RuntimeError("ControlServer.start() needs the InstanceLock held: it replaces the socket")
        if self._serving is not None:
            return
        expected_token_line = None
        if self._transport == "unix":
            listener = _listen_unix(self.path)
        else:
            token = os.urandom(32).hex()  # not secrets: it loads OpenSSL (+4 MB RSS)
            listener = _listen_loopback(self.path, token)
            expected_token_line = token_line(token)
        wake_reader, wake_writer = socket.socketpair()
        workers = Workers(self._respond)
        intake = Intake(listener, wake_reader, workers.offer,
                        expected_token_line=expected_token_line, read_timeout=self._read_timeout)
        thread = threading.Thread(target=intake.run, name="deskbreak-control", daemon=True)
        try:
            workers.start()
            thread.start()
        except RuntimeError as error:  # the system will not give us a thread
            workers.stop()
            for owned in (listener, wake_reader, wake_writer):
                owned.close()
            self.path.unlink(missing_ok=True)
            raise ControlError(f"cannot start the control channel's threads: {error}") from None
        self._serving = _Serving(listener, wake_reader, wake_writer, thread, workers)

    def close(self) -> None:
        """Stop accepting and remove the socket or port file; harmless when not started."""
        serving, self._serving = self._serving, None
        if serving is None:
            return
        serving.wake_writer.send(b"\0")
        serving.thread.join()
        serving.workers.stop()
        for owned in (serving.listener, serving.wake_reader, serving.wake_writer):
            owned.close()
        if self._followers is not None:
            self._followers.close()
        self.path.unlink(missing_ok=True)

    def __enter__(self) -> ControlServer:
        self.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()

    def _respond(self, connection: socket.socket, line: bytes) -> None:
        """Answer one request on a worker thread; a client that will not take the answer gets cut off."""
        connection.settimeout(self._read_timeout)  # since 3.5, sendall's timeout is for the whole answer
        try:
            request = parse_request(line)
        except BadMessage as error:
            answer = encode(error_answer(str(error)))
        else:
            if request["command"] == "follow" and self._followers is not None:
                self._followers.add(connection, request)
                return
            answer = self._answer(request)
        with contextlib.suppress(OSError):
            connection.sendall(answer)

    def _answer(self, request: dict[str, Any]) -> bytes:
        try:
            answer = self._handler(request)
            if not isinstance(answer, dict):
                raise TypeError(f"the handler returned {type(answer).__name__}, not a dict")
            return encode(answer)
        except Exception as error:
            _log.exception("control command %r failed", request["command"])
            return encode(error_answer(f"internal error: {type(error).__name__}: {error}"))


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
    """Bind the socket at ``path`` and make it mode 0600, without touching the process umask.

    The umask is process-wide: setting it here, while the engine, scheduler
    and notifier threads run, would also apply to any file those threads
    create at that moment (a history -wal, the log), and restoring it could
    undo a change made meanwhile by another thread. It is not needed:

    * ``path`` is in the runtime directory, which ``runtime_dir`` found to be
      ours and mode 0700 (since then only we, or root, could change that), so
      nobody else can reach the socket file whatever its own mode, even in
      the moment between ``bind`` creating it (mode 0777 less the umask)
      and the chmod below;
    * nobody can connect before ``listen``, which the caller runs only after
      this returns, by when the mode is 0600.

    So the chmod is a second fence, not the only one, and there is no window
    in which another user could connect.
    """
    path.unlink(missing_ok=True)  # a crashed daemon's socket; ours to replace since we hold the lock
    listener.bind(os.fspath(path))
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
