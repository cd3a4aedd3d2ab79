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
"""

from deskbreak.control._client import follow_status, send_request
from deskbreak.control._errors import AlreadyRunning, ControlError, DaemonNotRunning, DaemonStopped, UnsafeRuntimeDir
from deskbreak.control._followers import MAX_FOLLOWERS, Followers
from deskbreak.control._lock import InstanceLock
from deskbreak.control._paths import Transport, runtime_dir
from deskbreak.control._protocol import MAX_REQUEST_BYTES
from deskbreak.control._server import ControlServer, Handler

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
