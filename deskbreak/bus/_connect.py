"""Opening a jeepney connection to a bus, with every way it can fail said in one line.

Each D-Bus adapter raises its own port's "unavailable" exception, so the
caller passes it in; the words are the same for all of them. A handshake
that timed out has no message of its own, so its type names it instead.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from jeepney.io.blocking import open_dbus_connection  # type: ignore[import-untyped]

__all__ = ["NOT_UNIX", "ONLY_UNIX", "connect_bus"]

NOT_UNIX = "not a unix: address"
ONLY_UNIX = "only unix:path= and unix:abstract= addresses work"


def connect_bus(
    address: str | None,
    unavailable: Callable[[str], Exception],
    *,
    timeout_s: float,
    bus: str = "session",
    unusable_address: str | None = NOT_UNIX,
    opener: Callable[..., Any] = open_dbus_connection,
) -> Any:
    """A connection made by ``opener`` (jeepney's blocking one unless given) to ``bus`` at ``address``.

    Raises ``unavailable`` with one line: no address (``$DBUS_SESSION_BUS_ADDRESS``
    unset and no ``$XDG_RUNTIME_DIR/bus``), nobody listening, or an address
    jeepney cannot use, which says ``unusable_address``; with None it reads
    like a failed connection.
    """
    if address is None:
        raise unavailable(f"no {bus} bus (DBUS_{bus.upper()}_BUS_ADDRESS is not set)")
    try:
        return opener(bus=address, auth_timeout=timeout_s)
    except OSError as error:
        raise unavailable(f"cannot connect to the {bus} bus at {address} ({_why(error)})") from None
    except (ValueError, RuntimeError) as error:
        if unusable_address is None:
            raise unavailable(f"cannot connect to the {bus} bus at {address} ({_why(error)})") from None
        raise unavailable(f"cannot use the {bus} bus address {address!r}: {unusable_address}") from None


def _why(error: Exception) -> str:
    return str(error) or type(error).__name__
