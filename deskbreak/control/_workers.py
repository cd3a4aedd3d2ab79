"""A fixed set of threads that answer complete requests, so connections never start threads.

The handler may wait up to several seconds for the daemon's engine, so it
runs here rather than on the accepting thread. The threads are started with
the server and never more of them: a burst of connections can fill the
queue (and get "busy" at once) but cannot make the daemon start a thread,
so ``Thread.start`` failing under memory pressure can no longer stop the
control channel; it can only make ``start`` fail, at start-up.
"""

from __future__ import annotations

import logging
import queue
import socket
import threading
from collections.abc import Callable

__all__ = ["WORKER_THREADS", "Workers"]

WORKER_THREADS = 4
_QUEUED_REQUESTS = 16

_log = logging.getLogger("deskbreak.control")

Respond = Callable[[socket.socket, bytes], None]
"""Answers one request line on its connection; the connection is closed after it returns."""


class Workers:
    """``WORKER_THREADS`` daemon threads taking (connection, request line) pairs off a bounded queue.

    ``offer`` may be called from any thread; ``start`` and ``stop`` belong to
    the server's owner. A request ``respond`` is answering when ``stop`` is
    called finishes on its thread; queued ones are closed unanswered.
    """

    def __init__(self, respond: Respond) -> None:
        self._respond = respond
        self._queue: queue.Queue[tuple[socket.socket, bytes] | None] = queue.Queue(_QUEUED_REQUESTS)
        self._threads: list[threading.Thread] = []

    def start(self) -> None:
        """Start the threads; RuntimeError if the system refuses one (``stop`` ends those started)."""
        for number in range(1, WORKER_THREADS + 1):
            thread = threading.Thread(target=self._work, name=f"deskbreak-control-worker-{number}", daemon=True)
            thread.start()
            self._threads.append(thread)

    def offer(self, connection: socket.socket, line: bytes) -> bool:
        """Queue a request; False, leaving ``connection`` to the caller, when the queue is full."""
        try:
            self._queue.put_nowait((connection, line))
        except queue.Full:
            return False
        return True

    def stop(self) -> None:
        """Close what is queued and let each thread end after its current request; call it once."""
        while True:
            try:
                queued = self._queue.get_nowait()
            except queue.Empty:
                break
            if queued is not None:
                queued[0].close()
        for _ in self._threads:
            self._queue.put(None)
        self._threads.clear()

    def _work(self) -> None:
        while (queued := self._queue.get()) is not None:
            connection, line = queued
            with connection:
                try:
                    self._respond(connection, line)
                except Exception:  # a fault in one answer must not cost the daemon a worker
                    _log.exception("control channel: answering a request failed")
