"""A small D-Bus object server on one jeepney connection, served from one thread.

jeepney has no object server, so this one does the parts a tray item needs:
method dispatch with signature checks, ``org.freedesktop.DBus.Properties``
(read-only), ``Introspectable`` generated from the same tables, ``Peer.Ping``,
signals, and method calls whose replies arrive later in the loop (so serving
never stops to wait for another program, which could be waiting for us).

Threading: only the thread inside ``serve`` touches the connection. Other
threads ``note`` changes on the ``PendingChanges`` the loop also waits on,
and the loop carries them out on its own thread; nothing polls, so an idle
tray costs no CPU.
"""

from __future__ import annotations

import logging
import selectors
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from jeepney import (  # type: ignore[import-untyped]
    DBusAddress,
    HeaderFields,
    MessageFlag,
    MessageType,
    new_error,
    new_method_return,
    new_signal,
)

from deskbreak.bus import IgnoredMessages, quoted
from deskbreak.tray._changes import PendingChanges

__all__ = ["DBusError", "Interface", "Method", "ObjectServer", "split_signature"]

_log = logging.getLogger(__name__)

PROPERTIES = "org.freedesktop.DBus.Properties"
INTROSPECTABLE = "org.freedesktop.DBus.Introspectable"
PEER = "org.freedesktop.DBus.Peer"


class DBusError(Exception):
    """Raised by a handler to answer with a D-Bus error instead of a return."""

    def __init__(self, name: str, message: str) -> None:
        super().__init__(message)
        self.name = name


@dataclass(frozen=True, slots=True)
class Method:
    """A method's argument and reply signatures, and the handler taking the arguments."""

    takes: str
    gives: str
    handler: Callable[..., tuple[Any, ...]]


@dataclass(frozen=True, slots=True)
class Interface:
    """One interface of an object: methods, read-only properties (getters), signal signatures."""

    name: str
    methods: Mapping[str, Method] = field(default_factory=dict)
    properties: Mapping[str, Callable[[], tuple[str, Any]]] = field(default_factory=dict)
    signals: Mapping[str, str] = field(default_factory=dict)


class ObjectServer:
    """Serves exported objects on ``connection`` until ``on_wake`` says stop."""

    def __init__(self, connection: Any, on_signal: Callable[[Any], None] = lambda message: None) -> None:
        self.connection = connection
        self._on_signal = on_signal
        self._objects: dict[str, dict[str, Interface]] = {}
        self._awaiting: dict[int, tuple[str, Callable[[Any], None]]] = {}
        self._ignored = IgnoredMessages(_log)

    def export(self, path: str, interfaces: Sequence[Interface]) -> None:
        """Answer calls to ``path`` with these interfaces (plus Properties, Introspectable, Peer)."""
        self._objects[path] = {interface.name: interface for interface in interfaces}

    def emit(self, path: str, interface: str, member: str, signature: str = "", body: tuple[Any, ...] = ()) -> None:
        """Send a signal from ``path``; serving thread only."""
        message = new_signal(DBusAddress(path, interface=interface), member, signature or None, body)
        self.connection.send(message)

    def call(self, message: Any, what: str, answered: Callable[[Any], None] = lambda reply: None) -> None:
        """Send a method call without waiting; ``answered`` gets the reply, or None for an error, logged as ``what``."""
        serial = next(self.connection.outgoing_serial)
        self.connection.send(message, serial=serial)
        self._awaiting[serial] = (what, answered)

    def serve(self, changes: PendingChanges, apply: Callable[[frozenset[str]], bool]) -> None:
        """Answer calls, and ``apply`` noted changes, until it returns False or the bus goes away."""
        with selectors.DefaultSelector() as selector:
            selector.register(self.connection.sock, selectors.EVENT_READ, "bus")
            selector.register(changes, selectors.EVENT_READ, "changes")
            try:
                while True:
                    self._answer_waiting_messages()
                    for key, _ in selector.select():
                        if key.data == "changes" and not apply(changes.take()):
                            return
            except OSError as error:  # ConnectionResetError and BrokenPipeError among them
                _log.error("lost the session bus connection (%s); the tray icon is gone", error)

    def ignore(self, message: Any, why: str) -> None:
        """Log that ``message`` from another client was ignored, and ``why`` (see ``IgnoredMessages``)."""
        self._ignored.note(message, why)

    def close(self) -> None:
        """Close the connection."""
        self.connection.close()

    def _answer_waiting_messages(self) -> None:
        """Handle every message already readable, without blocking.

        Any client of the bus can send us any message; one that makes its
        handling fail (a malformed signal, say) is logged and skipped, so it
        costs that message, never the tray. A lost bus is not such a failure:
        ``serve`` ends on it.
        """
        while True:
            try:
                message = self.connection.receive(timeout=0)
            except TimeoutError:
                return
            try:
                self._handle(message)
            except OSError:
                raise
            except Exception as error:
                self.ignore(message, f"handling it failed ({type(error).__name__}: {error})")

    def _handle(self, message: Any) -> None:
        kind = message.header.message_type
        if kind == MessageType.method_call:
            self._answer(message)
        elif kind in (MessageType.method_return, MessageType.error):
            awaited = self._awaiting.pop(message.header.fields.get(HeaderFields.reply_serial, -1), None)
            if awaited is None:
                self.ignore(message, "no call of ours awaits this reply")
                return
            what, answered = awaited
            if kind == MessageType.error:
                detail = message.body[0] if message.body and isinstance(message.body[0], str) else ""
                error_name = message.header.fields.get(HeaderFields.error_name)
                _log.warning("%s failed: %s %s", what, error_name, detail)
            answered(message if kind == MessageType.method_return else None)
        elif kind == MessageType.signal:
            self._on_signal(message)

    def _answer(self, call: Any) -> None:
        fields = call.header.fields
        try:
            signature, body = self._dispatch(
                fields.get(HeaderFields.path, ""),
                fields.get(HeaderFields.interface),
                fields.get(HeaderFields.member, ""),
                fields.get(HeaderFields.signature, ""),
                call.body,
            )
            reply = new_method_return(call, signature or None, body)
        except DBusError as error:
            reply = new_error(call, error.name, "s", (str(error),))
        except Exception:  # a bug in one handler must not take the whole tray down
            _log.exception("answering %s failed", fields.get(HeaderFields.member))
            reply = new_error(call, "org.freedesktop.DBus.Error.Failed", "s", ("internal error in deskbreak",))
        if not call.header.flags & MessageFlag.no_reply_expected:
            self.connection.send(reply)

    def _dispatch(
        self, path: str, interface: str | None, member: str, signature: str, args: tuple[Any, ...]
    ) -> tuple[str, tuple[Any, ...]]:
        objects = self._objects.get(path)
        if objects is None and path != "/":
            raise DBusError("org.freedesktop.DBus.Error.UnknownObject", f"no object at {path}")
        method = self._find_method(objects or {}, path, interface, member)
        if signature != method.takes:
            raise DBusError(
                "org.freedesktop.DBus.Error.InvalidArgs",
                f"{member} takes ({method.takes}), was called with ({signature})",
            )
        return method.gives, method.handler(*args)

    def _find_method(self, objects: dict[str, Interface], path: str, interface: str | None, member: str) -> Method:
        standard = {
            PROPERTIES: {
                "Get": Method("ss", "v", lambda name, prop: (self._property(objects, name, prop),)),
                "GetAll": Method("s", "a{sv}", lambda name: (self._all_properties(objects, name),)),
                "Set": Method("ssv", "", self._refuse_set),
            },
            INTROSPECTABLE: {"Introspect": Method("", "s", lambda: (self._introspect(path),))},
            PEER: {"Ping": Method("", "", lambda: ())},
        }
        candidates = {name: found.methods for name, found in objects.items()} | standard
        for name, methods in candidates.items():
            if (interface is None or interface == name) and member in methods:
                return methods[member]
        raise DBusError("org.freedesktop.DBus.Error.UnknownMethod", f"no method {interface}.{member} at {path}")

    @staticmethod
    def _property(objects: dict[str, Interface], interface: str, name: str) -> tuple[str, Any]:
        found = objects.get(interface)
        if found is None or name not in found.properties:
            raise DBusError("org.freedesktop.DBus.Error.UnknownProperty", f"no property {interface}.{name}")
        return found.properties[name]()

    @staticmethod
    def _all_properties(objects: dict[str, Interface], interface: str) -> dict[str, tuple[str, Any]]:
        found = objects.get(interface)
        return {} if found is None else {name: getter() for name, getter in found.properties.items()}

    @staticmethod
    def _refuse_set(interface: str, name: str, value: tuple[str, Any]) -> tuple[Any, ...]:
        raise DBusError("org.freedesktop.DBus.Error.PropertyReadOnly", f"{interface}.{name} is read-only")

    def _introspect(self, path: str) -> str:
        """The XML description of ``path``, from the same tables the dispatcher uses."""
        parts = [
            '<!DOCTYPE node PUBLIC "-//freedesktop//DTD D-BUS Object Introspection 1.0//EN"',
            ' "http://www.freedesktop.org/standards/dbus/1.0/introspect.dtd">',
            "<node>",
        ]
        for interface in self._objects.get(path, {}).values():
            parts.append(_interface_xml(interface))
        prefix = path.rstrip("/") + "/"
        children = {other[len(prefix) :].split("/")[0] for other in self._objects if other.startswith(prefix)}
        parts.extend(f"<node name={quoted(child)}/>" for child in sorted(children))
        parts.append("</node>")
        return "\n".join(parts)


def _interface_xml(interface: Interface) -> str:
    lines = [f"<interface name={quoted(interface.name)}>"]
    for name, method in interface.methods.items():
        args = [f'<arg type={quoted(t)} direction="in"/>' for t in split_signature(method.takes)]
        args += [f'<arg type={quoted(t)} direction="out"/>' for t in split_signature(method.gives)]
        lines.append(f"<method name={quoted(name)}>{''.join(args)}</method>")
    for name, getter in interface.properties.items():
        lines.append(f'<property name={quoted(name)} type={quoted(getter()[0])} access="read"/>')
    for name, signature in interface.signals.items():
        signal_args = "".join(f"<arg type={quoted(t)}/>" for t in split_signature(signature))
        lines.append(f"<signal name={quoted(name)}>{signal_args}</signal>")
    lines.append("</interface>")
    return "\n".join(lines)


def split_signature(signature: str) -> list[str]:
    """The single complete types in ``signature``: "ia{sv}(ii)" -> ["i", "a{sv}", "(ii)"]."""
    types = []
    start = depth = 0
    for index, code in enumerate(signature):
        depth += code in "({"
        depth -= code in ")}"
        if depth == 0 and code != "a":
            types.append(signature[start : index + 1])
            start = index + 1
    return types
