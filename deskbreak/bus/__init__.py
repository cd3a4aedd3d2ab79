"""What every D-Bus adapter shares: where the bus is, how to connect, whom to believe, one shared connection.

The idle, notification, tray, quiet and session adapters each speak D-Bus
with jeepney; this package holds what they would otherwise each write
again. Linux only, like jeepney (a dependency on Linux alone): only those
adapters import it, lazily, when their backend is tried.
"""

from deskbreak.bus._address import session_bus_address
from deskbreak.bus._connect import NOT_UNIX, ONLY_UNIX, connect_bus
from deskbreak.bus._markup import escaped, quoted
from deskbreak.bus._peers import (
    BUS_DAEMON,
    IgnoredMessages,
    NameOwner,
    OwnerChange,
    name_owner_change,
    owner_changes_rule,
    sender_of,
)
from deskbreak.bus._router import BusLost, BusRouter

__all__ = [
    "BUS_DAEMON",
    "NOT_UNIX",
    "ONLY_UNIX",
    "BusLost",
    "BusRouter",
    "IgnoredMessages",
    "NameOwner",
    "OwnerChange",
    "connect_bus",
    "escaped",
    "name_owner_change",
    "owner_changes_rule",
    "quoted",
    "sender_of",
    "session_bus_address",
]
