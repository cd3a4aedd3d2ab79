"""The session-bus connection the D-Bus quiet signals keep, and their one way of calling over it.

Each such signal opens its own blocking connection when it is opened and
keeps it; a reading is one call that waits at most ``CALL_TIMEOUT_S``, since
``busy`` runs on the engine thread at every idle sample.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from deskbreak.bus import connect_bus, session_bus_address
from deskbreak.quiet._port import QuietUnavailable

__all__ = ["CALL_TIMEOUT_S", "call", "open_session_bus"]

CALL_TIMEOUT_S = 1.0


def open_session_bus(environ: Mapping[str, str]) -> Any:
    """A blocking connection to the session bus in ``environ``, or QuietUnavailable saying why not."""
    return connect_bus(session_bus_address(environ), QuietUnavailable, timeout_s=CALL_TIMEOUT_S)


def call(connection: Any, message: Any, answering: str) -> Any:
    """Send ``message`` and return the reply (error replies too); ``answering`` names who failed to answer."""
    try:
        return connection.send_and_get_reply(message, timeout=CALL_TIMEOUT_S)
    except TimeoutError:
        raise QuietUnavailable(f"{answering} did not answer within {CALL_TIMEOUT_S:g} s") from None
    except (OSError, ValueError) as error:
        raise QuietUnavailable(f"lost the session bus connection ({error})") from None
