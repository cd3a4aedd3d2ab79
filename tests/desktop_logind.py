"""A scriptable systemd-logind for the session watch tests: owns org.freedesktop.login1 on a private bus."""

from __future__ import annotations

import os
from typing import Any

from desktop import FakeBusService
from jeepney import DBusAddress, HeaderFields, new_error, new_method_return, new_signal  # type: ignore[import-untyped]

LOGIND = "org.freedesktop.login1"
MANAGER_PATH = "/org/freedesktop/login1"
MANAGER_INTERFACE = "org.freedesktop.login1.Manager"
SESSION_INTERFACE = "org.freedesktop.login1.Session"
OUR_SESSION = "/org/freedesktop/login1/session/_31"  # logind's object for session "1"
OTHER_SESSION = "/org/freedesktop/login1/session/c2"
SESSIONS = {"1": OUR_SESSION, "c2": OTHER_SESSION}


class FakeLogind(FakeBusService):
    """Owns org.freedesktop.login1 and answers from a thread as systemd-logind would.

    ``sessions_by_pid`` says which pids are in which session; every known
    session answers ``locked_hint`` (a variant) for LockedHint. With
    ``answering`` False, calls get no reply, like a hung logind.
    """

    def __init__(self, bus: str, sessions_by_pid: dict[int, str] | None = None) -> None:
        self.sessions_by_pid = {os.getpid(): "1"} if sessions_by_pid is None else sessions_by_pid
        self.locked_hint: tuple[str, Any] = ("b", False)
        self.calls: list[tuple[str, tuple[Any, ...]]] = []
        super().__init__(bus, LOGIND)

    def _answer(self, call: Any) -> Any:
        fields = call.header.fields
        self.calls.append((fields[HeaderFields.member], call.body))
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

    def prepare_for_sleep(self, start: bool) -> None:
        manager = DBusAddress(MANAGER_PATH, interface=MANAGER_INTERFACE)
        self.send(new_signal(manager, "PrepareForSleep", "b", (start,)))

    def session_signal(self, session_path: str, member: str) -> None:
        self.send(new_signal(DBusAddress(session_path, interface=SESSION_INTERFACE), member))
