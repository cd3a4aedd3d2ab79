"""Opens a file the way the desktop would: xdg-open, macOS open, or Windows' startfile.

At the top level because two unrelated places use it: the daemon opens the
config file from the tray, and ``deskbreak report --open`` the picture.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

__all__ = ["open_with_desktop"]


def open_with_desktop(path: Path) -> None:
    """Open ``path`` in the user's usual application; OSError naming what is missing."""
    if sys.platform == "win32":
        os.startfile(path)  # type: ignore[attr-defined]  # Windows only
        return
    opener = "open" if sys.platform == "darwin" else "xdg-open"
    if shutil.which(opener) is None:
        raise OSError(f"cannot open {path}: {opener} is not installed")
    subprocess.Popen([opener, str(path)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                     start_new_session=True)
