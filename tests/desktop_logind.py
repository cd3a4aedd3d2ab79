"""A scriptable systemd-logind for the session watch tests: owns org.freedesktop.login1 on a private bus."""

from __future__ import annotations

import os
import threading
from typing import Any

from jeepney import (  # type: ignore[import-untyped]
    DBusAddress,
    HeaderFields,
    MessageType,
    new_error,
    new_method_return,
    new_signal,
)
from jeepney.bus_messages import message_bus  # type: ignore[import-untyped]
from jeepney.io.blocking import open_dbus_connection  # type: ignore[import-untyped]

LOGIND = "org.freedesktop.login1"
MANAGER_PATH = "/org/freedesktop/login1"
MANAGER_INTERFACE = "org.freedesktop.login1.Manager"
SESSION_INTERFACE = "org.freedesktop.login1.Session"
OUR_SESSION = "/org/freedesktop/login1/session/_31"  # logind's object for session "1"
OTHER_SESSION = "/org/freedesktop/login1/session/c2"
SESSIONS = {"1": OUR_SESSION, "c2": OTHER_SESSION}


class FakeLogind:
    """Owns org.freedesktop.login1 and answers from a thread as systemd-logind would.

    ``sessions_by_pid`` says which pids are in which session; every known
    session answers ``locked_hint`` (a variant) for LockedHint. With
    ``answering`` False, calls get no reply, like a hung logind.
    """

    def __init__(self, bus: str, sessions_by_pid: dict[int, str] | None = None) -> None:
        self.sessions_by_pid = {os.getpid(): "1"} if sessions_by_pid is None else sessions_by_pid
        self.locked_hint: tuple[str, Any] = ("b", False)
        self.answering = True
        self.calls: list[tuple[str, tuple[Any, ...]]] = []
        self._connection = open_dbus_connection(bus=bus)
        self._sending = threading.Lock()
        reply = self._connection.send_and_get_reply(message_bus.RequestName(LOGIND), timeout=5)
        assert reply.body == (1,), f"could not own {LOGIND}: {reply.body}"
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._stopping.is_set():
            try:
                call = self._connection.receive(timeout=0.05)
            except TimeoutError:
                continue
            except OSError:
                return  # the bus went away: a test stopped it on purpose
            if call.header.message_type == MessageType.method_call and self.answering:
                self.calls.append((call.header.fields[HeaderFields.member], call.body))
                self._send(self._answer(call))

    def _answer(self, call: Any) -> Any:
        fields = call.header.fields
        match (fields.get(HeaderFields.path), fields.get(HeaderFields.member), call.body):
            case (str(), "GetSessionByPID", (int(pid),)) if pid in self.sessions_by_pid:
                return new_method_return(call, "o", (SESSIONS[self.sessions_by_pid[pid]],))
            case (str(), "GetSessionByPID", (int(pid),)):
                return self._error(call, "NoSessionForPID", f"PID {pid} does not belong to any known session")
            case (str(), "GetSession", (str(session_id),)) if session_id in SESSIONS:
                return new_method_return(call, "o", (SESSIONS[session_id],))
            case (str(), "GetSession", (str(session_id),)):
                return self._error(call, "NoSuchSession", f"No session '{session_id}' known")
            case (str(path), "Get", (str(interface), "LockedHint")) if (
                interface == SESSION_INTERFACE and path in SESSIONS.values()
            ):
                return new_method_return(call, "v", (self.locked_hint,))
        return new_error(call, "org.freedesktop.DBus.Error.UnknownMethod", "s", ("no such method",))

    @staticmethod
    def _error(call: Any, name: str, text: str) -> Any:
        return new_error(call, f"{LOGIND}.{name}", "s", (text,))

    def _send(self, message: Any) -> None:
        with self._sending:
            self._connection.send(message)

    def prepare_for_sleep(self, start: bool) -> None:
        manager = DBusAddress(MANAGER_PATH, interface=MANAGER_INTERFACE)
        self._send(new_signal(manager, "PrepareForSleep", "b", (start,)))

    def session_signal(self, session_path: str, member: str) -> None:
        self._send(new_signal(DBusAddress(session_path, interface=SESSION_INTERFACE), member))

    def stop(self) -> None:
        self._stopping.set()
        self._thread.join(timeout=5)
        self._connection.close()
