"""Where the socket, port file and lock live: a private per-user directory.

Whoever can reach the control socket can tell the daemon to quit, so the
directory is created with mode 0700 and checked on every lookup: it must be
a real directory (not a symlink), owned by us, with no group or other access.
One that fails is refused, not repaired: a directory that others could write
may already hold a socket or lock file they planted, and a chmod would bless
it. The message says what to run to fix it.
"""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

from deskbreak.control._errors import ControlError, UnsafeRuntimeDir

__all__ = ["LOCK_NAME", "PORT_NAME", "SOCKET_NAME", "Transport", "default_transport", "runtime_dir"]

SOCKET_NAME = "deskbreak.sock"
LOCK_NAME = "deskbreak.lock"
PORT_NAME = "deskbreak.port"

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing on the CLI's path
if TYPE_CHECKING:
    from typing import Literal

    Transport = Literal["unix", "loopback"]
    """``unix``: a socket file; ``loopback``: 127.0.0.1 plus a token in a port file."""
else:
    Transport = str  # the same, for run time, where only the name is needed


def default_transport() -> Transport:
    """Unix sockets where Python has them; the token-guarded loopback port on Windows."""
    return "loopback" if sys.platform == "win32" else "unix"


def runtime_dir(platform: str = sys.platform) -> Path:
    r"""Return the private runtime directory, creating it with mode 0700 if missing.

    That is ``$XDG_RUNTIME_DIR/deskbreak`` on Linux. When the base directory
    platformdirs names is missing, not ours or not writable, it is
    ``deskbreak-<uid>`` in the temp directory instead. Raises UnsafeRuntimeDir
    if the directory exists but others could reach it (or platformdirs finds
    no safe one), ControlError if it cannot be created.

    On Windows it is ``%LOCALAPPDATA%\deskbreak\run``, not platformdirs'
    runtime directory: that one is under ``%LOCALAPPDATA%\Temp``, which disk
    cleaners empty, port file and all, while the daemon runs. The per-user
    folder's ACLs keep other users out; st_mode and st_uid mean nothing there.
    """
    if platform == "win32":
        from platformdirs.windows import Windows

        path = Windows("deskbreak", appauthor=False).user_data_path / "run"
        _create(path, parents=True)
        return path
    path = _platform_runtime_path()
    if not _usable_base(path.parent):
        import tempfile  # only for this rare fallback: it is slow to import

        path = Path(tempfile.gettempdir()) / f"deskbreak-{os.geteuid()}"
    _create(path, parents=False)
    _check_private(path)
    return path


def _platform_runtime_path() -> Path:
    """The directory platformdirs picks, with its PermissionError made one of ours.

    On Linux, a private XDG_RUNTIME_DIR is taken as it is, without asking
    platformdirs, whose import (tempfile, shutil, random, typing) is a large
    part of what ``deskbreak status`` costs; it would return the same
    directory. With XDG_RUNTIME_DIR unset or unsafe, platformdirs falls back to
    ``runtime-<uid>`` in the temp directory and raises PermissionError when
    that is not a directory of ours; every command would show it as a
    traceback. Its message names the directory; the fix is added if missing.
    """
    base = os.environ.get("XDG_RUNTIME_DIR", "")
    if sys.platform == "linux" and base.startswith("/") and _private_base(Path(base)):
        return Path(base) / "deskbreak"
    import platformdirs  # slow to import (tempfile, typing...): only when XDG_RUNTIME_DIR will not do

    try:
        return platformdirs.user_runtime_path("deskbreak", appauthor=False)
    except PermissionError as error:
        problem = str(error)
        fix = "" if "XDG_RUNTIME_DIR" in problem else "; set XDG_RUNTIME_DIR to a directory only you can use"
        raise UnsafeRuntimeDir(f"no safe runtime directory for deskbreak's socket and lock: {problem}{fix}") from None


def _private_base(base: Path) -> bool:
    """Whether ``base`` is a directory of ours that only we can use, as the XDG spec asks of XDG_RUNTIME_DIR.

    platformdirs checks the same before it returns a path below it.
    """
    try:
        info = base.lstat()
    except OSError:
        return False
    return stat.S_ISDIR(info.st_mode) and info.st_uid == os.geteuid() and stat.S_IMODE(info.st_mode) == 0o700


def _usable_base(base: Path) -> bool:
    try:
        info = base.stat()
    except OSError:
        return False
    ours = info.st_uid == os.geteuid()
    return stat.S_ISDIR(info.st_mode) and ours and os.access(base, os.W_OK | os.X_OK)


def _create(path: Path, parents: bool) -> None:
    try:
        path.mkdir(mode=0o700, parents=parents)
    except FileExistsError:
        return  # whatever is there, _check_private judges it
    except OSError as error:
        raise ControlError(f"cannot create the runtime directory {path}: {error.strerror}") from None


def _check_private(path: Path) -> None:
    info = path.lstat()
    mode = stat.S_IMODE(info.st_mode)
    if stat.S_ISLNK(info.st_mode) or not stat.S_ISDIR(info.st_mode):
        problem = "it is a symlink" if stat.S_ISLNK(info.st_mode) else "it is not a directory"
        fix = f"remove it: rm {path}"
    elif info.st_uid != os.geteuid():
        problem = f"it is owned by uid {info.st_uid}, not by you (uid {os.geteuid()})"
        fix = f"remove it (as root if need be): rm -r {path}"
    elif mode & 0o077:
        problem = f"other users can reach it (mode {mode:04o})"
        fix = f"chmod 700 {path}"
    else:
        return
    raise UnsafeRuntimeDir(f"refusing to use the runtime directory {path}: {problem}; {fix}")
