"""The loopback transport's port file: where the daemon listens and the token it wants.

Any local user can connect to a port on 127.0.0.1, so on that transport the
daemon picks a random token at each start and answers only requests that
carry it. The token is written, with the port, to a mode-0600 file in the
private runtime directory: only the same user can read it and so talk to the
daemon. The file is replaced atomically, so a client never reads half of it.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from deskbreak.control._errors import ControlError

__all__ = ["read_port_file", "write_port_file"]


def write_port_file(path: Path, port: int, token: str) -> None:
    """Write ``{"port": ..., "token": ...}`` to ``path`` with mode 0600, atomically."""
    partial = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    partial.unlink(missing_ok=True)
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as port_file:
        port_file.write(json.dumps({"port": port, "token": token}) + "\n")
    os.replace(partial, path)


def read_port_file(path: Path) -> tuple[int, str]:
    """Return the port and token; FileNotFoundError when there is no file.

    Raises ControlError when the file does not hold a port and a token.
    """
    try:
        content = json.loads(path.read_bytes())
        port, token = content["port"], content["token"]
    except (ValueError, TypeError, KeyError):
        port, token = None, None
    if not (isinstance(port, int) and 0 < port < 65536 and isinstance(token, str) and token):
        raise ControlError(f"{path} does not hold a port and token; remove it if deskbreak is not running")
    return port, token
