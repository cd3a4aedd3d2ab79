"""Suspend/resume and screen lock/unlock from systemd-logind, heard on the system bus with jeepney.

The engine sees a long gap between idle samples as time away only after the
fact; these signals say it as it happens: ``PrepareForSleep`` from the logind
Manager, ``Lock``/``Unlock`` on our own session's object, and its
``LockedHint`` at open, so a daemon started behind a locked screen knows it.
Linux only, like jeepney: ``open_logind_watch`` imports it lazily, where an ImportError means "no
session watch on this platform".

``listen`` blocks in jeepney's receive with no timeout (one ``epoll_wait``,
infinite), so the thread costs no wake-ups between signals. ``close`` wakes
it with ``shutdown(SHUT_RDWR)`` (end-of-file makes the socket readable), not
a receive timeout polled every second nor a wake-up pipe, which jeepney's
receive cannot select on. ``listen`` closes the connection itself on the way
out, under a lock: closed from another thread, the descriptor might not wake
epoll, and a new file could reuse its number under the sleeping thread.

A signal counts only from the connection that owns org.freedesktop.login1
now: any client of the system bus, another user's too, can send one that
passes every match rule, and one fake ``Lock`` would stop reminders until a
real Unlock. Every call waits at most ``CALL_TIMEOUT_S``, except jeepney's
``Hello`` right after connecting: a bus that authenticates and then never
answers would hang ``open`` (dbus-daemon and dbus-broker answer at once).
"""

from __future__ import annotations

import contextlib
import logging
import os
import socket
import threading
from collections import deque
from collections.abc import Callable
from typing import Any

from jeepney import DBusAddress, HeaderFields, MatchRule, MessageType, new_method_call  # type: ignore[import-untyped]
from jeepney.bus_messages import message_bus  # type: ignore[import-untyped]

from deskbreak.bus import ONLY_UNIX, IgnoredMessages, NameOwner, connect_bus
from deskbreak.session._port import SessionChange, SessionWatchUnavailable

__all__ = ["CALL_TIMEOUT_S", "LogindWatch"]

CALL_TIMEOUT_S = 2.0
DEFAULT_SYSTEM_BUS = "unix:path=/run/dbus/system_bus_socket"
LOGIND = "org.freedesktop.login1"
MANAGER = DBusAddress("/org/freedesktop/login1", bus_name=LOGIND, interface="org.freedesktop.login1.Manager")
SESSION_INTERFACE = "org.freedesktop.login1.Session"
_NOT_ON_BUS = ("org.freedesktop.DBus.Error.ServiceUnknown", "org.freedesktop.DBus.Error.NameHasNoOwner")

_log = logging.getLogger(__name__)

SignalKey = tuple[str, str, str]  # object path, interface, member: what identifies a logind signal for us
ChangeOf = Callable[[tuple[Any, ...]], SessionChange | None]  # a signal's body to the change it means


class LogindWatch:
    """Tells ``on_change`` when logind announces suspend, resume, lock or unlock of our session.

    Threading contract: ``open`` and ``listen`` run on one thread the daemon
    starts for this; ``close`` is called from any other thread, any number of
    times. ``on_change`` runs on the listening thread and must only enqueue:
    while it runs, no further signal is read. If it raises, the error is
    logged and listening goes on.
    """

    def __init__(
        self,
        on_change: Callable[[SessionChange], None],
        connection: Any,
        *,
        session_path: str,
        locked: bool,
        early_signals: deque[Any],
        logind: NameOwner,
    ) -> None:
        """Use ``open``: it finds the session, subscribes and reads LockedHint first."""
        self.session_path = session_path
        self.locked = locked
        self._on_change = on_change
        self._connection = connection
        self._changes = _changes_by_signal(session_path)
        self._early_signals = early_signals
        self._logind = logind
        self._ignored = IgnoredMessages(_log)
        self._lock = threading.Lock()
        self._closed = False
        self._listening = False

    @classmethod
    def open(cls, on_change: Callable[[SessionChange], None], bus_address: str | None = None) -> LogindWatch:
        """Connect to the system bus, find our logind session, subscribe, then read its LockedHint.

        ``bus_address`` defaults to $DBUS_SYSTEM_BUS_ADDRESS, else the standard
        socket. LockedHint is read after subscribing, so a lock in between is
        either in the hint or delivered as a signal, never lost.
        """
        address = bus_address or os.environ.get("DBUS_SYSTEM_BUS_ADDRESS") or DEFAULT_SYSTEM_BUS
        connection = _connect(address)
        try:
            session_path = _find_session(connection)
            early_signals: deque[Any] = deque()  # signals that arrive while we still wait for replies
            connection.filter(MatchRule(type="signal"), queue=early_signals)
            _subscribe(connection, _changes_by_signal(session_path))
            logind = NameOwner(LOGIND)
            logind.start(lambda message: _call(connection, message, f"asking who owns {LOGIND}"))
            locked = _locked_hint(connection, session_path)
            return cls(
                on_change,
                connection,
                session_path=session_path,
                locked=locked,
                early_signals=early_signals,
                logind=logind,
            )
        except BaseException:
            connection.close()
            raise

    def listen(self) -> None:
        """Call ``on_change`` for each signal until ``close``; SessionWatchUnavailable if the bus goes away."""
        with self._lock:
            if self._closed:
                return
            self._listening = True
        try:
            while self._early_signals:
                self._dispatch(self._early_signals.popleft())
            while True:
                try:
                    message = self._connection.receive()
                except OSError as exc:  # end of file after close()'s shutdown, or a lost bus
                    if self._closed:
                        return
                    raise SessionWatchUnavailable(f"lost the system bus connection ({exc})") from None
                self._dispatch(message)
        finally:
            with self._lock:
                self._listening = False
                self._connection.close()

    def close(self) -> None:
        """Make ``listen`` return promptly, or close the connection if nothing listens; idempotent."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            if not self._listening:
                self._connection.close()
                return
            with contextlib.suppress(OSError):  # the bus already hung up: listen is waking anyway
                self._connection.sock.shutdown(socket.SHUT_RDWR)

    def _dispatch(self, message: Any) -> None:
        """Hand the change a message from logind means, if any, to ``on_change``; log what the callback raises."""
        if message.header.message_type != MessageType.signal or self._logind.follow(message):
            return
        fields = message.header.fields
        key = (fields.get(HeaderFields.path), fields.get(HeaderFields.interface), fields.get(HeaderFields.member))
        change_of = self._changes.get(key)
        change = change_of(message.body) if change_of is not None else None
        if change is None:
            return
        if not self._logind.sent(message):
            self._ignored.note(message, self._logind.why_not(message))
            return
        try:
            self._on_change(change)
        except Exception:
            _log.exception("the session change callback failed on %r; still listening", change)


def _sleep_change(body: tuple[Any, ...]) -> SessionChange | None:
    """PrepareForSleep(true) is sent before suspending, PrepareForSleep(false) after resuming."""
    match body:
        case (bool(start),):
            return "suspending" if start else "resumed"
    return None


def _changes_by_signal(session_path: str) -> dict[SignalKey, ChangeOf]:
    """The signals we listen to, each with what it means; both the bus's match rules and dispatch use it."""
    return {
        (MANAGER.object_path, MANAGER.interface, "PrepareForSleep"): _sleep_change,
        (session_path, SESSION_INTERFACE, "Lock"): lambda _body: "locked",
        (session_path, SESSION_INTERFACE, "Unlock"): lambda _body: "unlocked",
    }


def _connect(address: str) -> Any:
    """A jeepney blocking connection to the bus at ``address``, or why there is none."""
    return connect_bus(address, SessionWatchUnavailable, timeout_s=CALL_TIMEOUT_S, bus="system",
                       unusable_address=ONLY_UNIX)


def _find_session(connection: Any) -> str:
    """Our session's object path: GetSession($XDG_SESSION_ID) if that is set, else GetSessionByPID(our pid)."""
    session_id = os.environ.get("XDG_SESSION_ID", "")
    if session_id:
        what = f"looking up logind session {session_id!r} (from XDG_SESSION_ID)"
        body = _call(connection, new_method_call(MANAGER, "GetSession", "s", (session_id,)), what)
    else:
        what = f"looking up the logind session of pid {os.getpid()}"
        body = _call(connection, new_method_call(MANAGER, "GetSessionByPID", "u", (os.getpid(),)), what)
    match body:
        case (str(session_path),) if session_path.startswith("/"):
            return session_path
    raise SessionWatchUnavailable(f"{what}: logind answered {body!r}, not an object path")


def _subscribe(connection: Any, changes: dict[SignalKey, ChangeOf]) -> None:
    """Ask the bus for each signal, from logind only: anyone on the system bus may send signals."""
    for path, interface, member in changes:
        rule = MatchRule(type="signal", sender=LOGIND, path=path, interface=interface, member=member)
        _call(connection, message_bus.AddMatch(rule), f"subscribing to {member} on {path}")


def _locked_hint(connection: Any, session_path: str) -> bool:
    """The session's LockedHint property, which screen lockers keep up to date."""
    properties = DBusAddress(session_path, bus_name=LOGIND, interface="org.freedesktop.DBus.Properties")
    what = f"reading LockedHint of {session_path}"
    body = _call(connection, new_method_call(properties, "Get", "ss", (SESSION_INTERFACE, "LockedHint")), what)
    match body:
        case (("b", bool(locked)),):
            return locked
    raise SessionWatchUnavailable(f"{what}: logind answered {body!r}, not a boolean")


def _call(connection: Any, message: Any, what: str) -> tuple[Any, ...]:
    """The body of the reply to ``message``; SessionWatchUnavailable saying ``what`` failed and how."""
    try:
        reply = connection.send_and_get_reply(message, timeout=CALL_TIMEOUT_S)
    except TimeoutError:
        raise SessionWatchUnavailable(f"{what}: no answer within {CALL_TIMEOUT_S:g} s") from None
    except OSError as exc:
        raise SessionWatchUnavailable(f"{what}: lost the system bus connection ({exc})") from None
    body: tuple[Any, ...] = reply.body
    if reply.header.message_type != MessageType.error:
        return body
    error_name = reply.header.fields.get(HeaderFields.error_name, "an unknown error")
    if error_name in _NOT_ON_BUS:
        raise SessionWatchUnavailable(f"no logind: {LOGIND} is not on the system bus")
    detail = f": {body[0]}" if body and isinstance(body[0], str) else ""
    raise SessionWatchUnavailable(f"{what}: {error_name}{detail}")
