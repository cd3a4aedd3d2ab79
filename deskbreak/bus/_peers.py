"""What deskbreak believes of the other programs on a D-Bus bus, shared by every adapter that listens.

Any client of a bus may send any message to our connection: a signal sent
to our unique name (unicast) reaches us whatever our match rules say, with
any path, interface, member and body. The one header a client cannot forge
is ``sender``, which the bus fills in. So a signal is believed only when
its sender is right: NameOwnerChanged only from the bus itself, and a
service's signals (logind's Lock, a notification server's ActionInvoked)
only from the unique name that owns the service's well-known name now,
followed through NameOwnerChanged so a restarted service is believed again.
Everything else costs one ignored message, logged by ``IgnoredMessages``.

Linux only, like jeepney: imported by the D-Bus adapters alone.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from jeepney import HeaderFields, MatchRule, MessageType  # type: ignore[import-untyped]
from jeepney.bus_messages import message_bus  # type: ignore[import-untyped]

__all__ = [
    "BUS_DAEMON",
    "IgnoredMessages",
    "NameOwner",
    "OwnerChange",
    "name_owner_change",
    "owner_changes_rule",
    "sender_of",
]

BUS_DAEMON = "org.freedesktop.DBus"
"""The bus's own name: the sender of NameOwnerChanged, which no client can claim."""


class IgnoredMessages:
    """Logs the messages a listener ignores: the first at warning level, every later one at debug.

    A peer that keeps sending junk must not fill the log, and the first one
    must still be seen by someone wondering why a click or a lock was not acted on.
    """

    def __init__(self, log: logging.Logger) -> None:
        self._log = log
        self._warned = False

    def note(self, message: Any, why: str) -> None:
        """Log that ``message`` was ignored, and ``why``."""
        level, self._warned = (logging.DEBUG if self._warned else logging.WARNING), True
        self._log.log(level, "ignored %s from %s: %s", describe(message), sender_of(message), why)


def describe(message: Any) -> str:
    """A message as a log names it, e.g. "D-Bus signal org.freedesktop.login1.Session.Lock()"."""
    fields = message.header.fields
    kind = message.header.message_type.name.replace("_", " ")
    name = ".".join(part for part in (fields.get(HeaderFields.interface), fields.get(HeaderFields.member)) if part)
    return f"D-Bus {kind} {name}({fields.get(HeaderFields.signature, '')})"


def sender_of(message: Any) -> str:
    """The unique name the bus stamped on ``message``; "" for one that came without (never from a real bus)."""
    return str(message.header.fields.get(HeaderFields.sender, ""))


@dataclass(frozen=True, slots=True)
class OwnerChange:
    """One NameOwnerChanged: ``name`` passed from ``old_owner`` to ``new_owner`` ("" means nobody)."""

    name: str
    old_owner: str
    new_owner: str


def name_owner_change(message: Any) -> OwnerChange | None:
    """The change ``message`` announces if it is a well-formed NameOwnerChanged from the bus itself, else None."""
    fields = message.header.fields
    if (
        message.header.message_type != MessageType.signal
        or sender_of(message) != BUS_DAEMON
        or (fields.get(HeaderFields.interface), fields.get(HeaderFields.member)) != (BUS_DAEMON, "NameOwnerChanged")
    ):
        return None
    match message.body:
        case (str(name), str(old_owner), str(new_owner)):
            return OwnerChange(name, old_owner, new_owner)
    return None


def owner_changes_rule(name: str) -> MatchRule:
    """The match rule for the bus's NameOwnerChanged signals about ``name``."""
    rule = MatchRule(type="signal", sender=BUS_DAEMON, interface=BUS_DAEMON, member="NameOwnerChanged")
    rule.add_arg_condition(0, name)
    return rule


class NameOwner:
    """Which connection owns the well-known ``name`` now, so only its signals are believed.

    Threading: ``start`` runs before any message reaches ``follow`` or
    ``sent``, and those two then run on one listening thread, in the order
    the bus delivered the messages, so an owner change and the signals
    around it are judged in the order they happened.
    """

    def __init__(self, name: str) -> None:
        self.name = name
        self.rule = owner_changes_rule(name)
        self._owner = ""

    def start(self, call: Callable[[Any], tuple[Any, ...]]) -> None:
        """Subscribe to the name's owner changes, then ask who owns it: in that order, so no change falls between.

        ``call`` sends a method call and returns the body of its reply, or
        raises the caller's own "unavailable" error on an error reply.
        """
        call(message_bus.AddMatch(self.rule))
        match call(message_bus.GetNameOwner(self.name)):
            case (str(owner),):
                self._owner = owner

    def follow(self, message: Any) -> bool:
        """Take in ``message`` if it says who owns the name now; whether it did."""
        change = name_owner_change(message)
        if change is None or change.name != self.name:
            return False
        self._owner = change.new_owner
        return True

    @property
    def owner(self) -> str:
        """The unique name of the connection that owns the name now; "" while nobody does."""
        return self._owner

    def sent(self, message: Any) -> bool:
        """Whether ``message`` comes from the name's current owner."""
        return bool(self._owner) and sender_of(message) == self._owner

    def why_not(self, message: Any) -> str:
        """Why a message not ``sent`` by the owner is ignored, for ``IgnoredMessages``."""
        owner = f"{self._owner} does" if self._owner else "nobody does now"
        return f"it does not own {self.name} ({owner})"
