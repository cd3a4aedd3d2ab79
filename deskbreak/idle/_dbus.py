"""Shared machinery of the D-Bus idle backends (GNOME's and freedesktop's), with jeepney.

One blocking connection per source, opened at probe time and kept; each
reading is one method call that waits at most ``CALL_TIMEOUT`` for its reply.
Calls carry NO_AUTO_START, so probing never launches a screensaver daemon
through D-Bus activation. One wait is not bounded: jeepney's ``Hello`` right
after connecting has no timeout, so a bus that authenticates and then never
answers would hang the probe; a real dbus-daemon or dbus-broker answers at once.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from jeepney import (  # type: ignore[import-untyped]
    DBusAddress,
    HeaderFields,
    MessageFlag,
    MessageType,
    new_method_call,
)

from deskbreak.bus import connect_bus, session_bus_address
from deskbreak.idle._port import IdleUnavailable

__all__ = ["CALL_TIMEOUT", "DBusIdle", "IdleMethod", "open_dbus_source"]

CALL_TIMEOUT = timedelta(seconds=1)

_NOT_ON_BUS = ("org.freedesktop.DBus.Error.ServiceUnknown", "org.freedesktop.DBus.Error.NameHasNoOwner")


@dataclass(frozen=True, slots=True)
class IdleMethod:
    """A D-Bus method that takes no arguments and answers the idle time in milliseconds."""

    bus_name: str
    object_path: str
    interface: str
    member: str


class DBusIdle:
    """An idle source that calls one ``IdleMethod`` over its own session-bus connection."""

    def __init__(self, name: str, connection: Any, method: IdleMethod) -> None:
        self.name = name
        self._connection = connection
        self._method = method
        address = DBusAddress(method.object_path, bus_name=method.bus_name, interface=method.interface)
        self._call = new_method_call(address, method.member)
        self._call.header.flags |= MessageFlag.no_auto_start

    def idle_for(self) -> timedelta:
        """Ask the desktop; raises IdleUnavailable on an error reply, a timeout or a lost bus."""
        if self._connection is None:
            raise IdleUnavailable(f"the {self.name} idle source is closed")
        try:
            reply = self._connection.send_and_get_reply(self._call, timeout=CALL_TIMEOUT.total_seconds())
        except TimeoutError:
            raise IdleUnavailable(
                f"{self._where()} did not answer within {CALL_TIMEOUT.total_seconds():g} s"
            ) from None
        except (OSError, ValueError) as exc:
            raise IdleUnavailable(f"lost the session bus connection ({exc})") from None
        return timedelta(milliseconds=self._milliseconds(reply))

    def _milliseconds(self, reply: Any) -> int:
        """The reply's one unsigned integer, or IdleUnavailable saying what came instead."""
        if reply.header.message_type == MessageType.error:
            error_name = reply.header.fields.get(HeaderFields.error_name, "unknown error")
            if error_name in _NOT_ON_BUS:
                raise IdleUnavailable(f"{self._method.bus_name} is not on the session bus")
            detail = f": {reply.body[0]}" if reply.body and isinstance(reply.body[0], str) else ""
            raise IdleUnavailable(f"{self._where()} failed with {error_name}{detail}")
        body = reply.body
        if len(body) != 1 or not isinstance(body[0], int) or isinstance(body[0], bool) or body[0] < 0:
            raise IdleUnavailable(f"{self._where()} answered {body!r}, not a number of milliseconds")
        return body[0]

    def _where(self) -> str:
        method = self._method
        return f"{method.bus_name} {method.object_path} {method.member}"

    def close(self) -> None:
        """Close the bus connection; later readings raise IdleUnavailable."""
        if self._connection is not None:
            self._connection.close()
            self._connection = None


def open_dbus_source(name: str, environ: Mapping[str, str], methods: Sequence[IdleMethod]) -> DBusIdle:
    """Connect, then keep the first of ``methods`` that answers; else one line on why none did."""
    connection = _connect(environ)
    problems: list[str] = []
    for method in methods:
        source = DBusIdle(name, connection, method)
        try:
            source.idle_for()
        except IdleUnavailable as exc:
            problems.append(str(exc))
        else:
            return source
    connection.close()
    raise IdleUnavailable("; ".join(dict.fromkeys(problems)))


def _connect(environ: Mapping[str, str]) -> Any:
    """A connection to the session bus named in ``environ``."""
    return connect_bus(session_bus_address(environ), IdleUnavailable, timeout_s=CALL_TIMEOUT.total_seconds())
