"""The control channel between ``deskbreak run`` and the other ``deskbreak`` commands.

The daemon holds an ``InstanceLock`` for its whole life and serves commands
with a ``ControlServer``; ``deskbreak status``, ``snooze 10``, ``quit`` and
the rest call ``send_request``. Each connection carries one JSON object per
line each way: ``{"command": "snooze", "minutes": 10}`` in, the handler's
dict out, or ``{"ok": false, "error": "..."}`` when the request was bad.
``{"command": "follow"}`` is the one request whose connection stays open: it
gets the bar's line (``deskbreak.daemon._bar_line``) now and after every change,
from ``Followers``, until the daemon stops (``follow_status`` reads them).

Daemon::

    with InstanceLock() as lock, ControlServer(handle_command, lock):
        run_until_quit()

CLI::

    try:
        answer = send_request({"command": "status"})
    except ControlError as error:  # DaemonNotRunning is one
        sys.exit(f"deskbreak: {error}")

Everything lives in the private ``runtime_dir()``; see each module's header
for why it is safe against other local users.

Nothing here is imported until it is used (a module ``__getattr__``):
the CLI's one request needs only the client, not the server's threads and
logging, and ``deskbreak status`` should start about as fast as Python.
"""

from __future__ import annotations

import importlib

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing on the CLI's path
if TYPE_CHECKING:
    from deskbreak.control._client import follow_status, send_request
    from deskbreak.control._errors import (
        AlreadyRunning,
        ControlError,
        DaemonNotRunning,
        DaemonStopped,
        UnsafeRuntimeDir,
    )
    from deskbreak.control._followers import MAX_FOLLOWERS, Followers
    from deskbreak.control._lock import InstanceLock
    from deskbreak.control._paths import Transport, runtime_dir
    from deskbreak.control._protocol import MAX_REQUEST_BYTES
    from deskbreak.control._server import ControlServer, Handler

_HOMES = {
    "_client": ("follow_status", "send_request"),
    "_errors": ("AlreadyRunning", "ControlError", "DaemonNotRunning", "DaemonStopped", "UnsafeRuntimeDir"),
    "_followers": ("MAX_FOLLOWERS", "Followers"),
    "_lock": ("InstanceLock",),
    "_paths": ("Transport", "runtime_dir"),
    "_protocol": ("MAX_REQUEST_BYTES",),
    "_server": ("ControlServer", "Handler"),
}
_HOME_OF = {name: module for module, names in _HOMES.items() for name in names}


def __getattr__(name: str) -> object:
    """Import the public name's module the first time the name is asked for."""
    module = _HOME_OF.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)


__all__ = [
    "MAX_FOLLOWERS",
    "MAX_REQUEST_BYTES",
    "AlreadyRunning",
    "ControlError",
    "ControlServer",
    "DaemonNotRunning",
    "DaemonStopped",
    "Followers",
    "Handler",
    "InstanceLock",
    "Transport",
    "UnsafeRuntimeDir",
    "follow_status",
    "runtime_dir",
    "send_request",
]
