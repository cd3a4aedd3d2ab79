"""Another program's window on a test's X server, which the test focuses and makes fullscreen as a user would.

The window is a Tk toplevel in a child Python; focus goes through
``xdotool windowactivate`` and fullscreen through ``wmctrl -b add,fullscreen``,
both requests to the window manager (EWMH client messages), so what
changes is what a real openbox decides, not a property the test writes.
"""

from __future__ import annotations

import os
import subprocess
import sys

from desktop import Xvfb, need, wait_until

__all__ = ["AppWindow"]


class AppWindow:
    """A window titled ``title`` owned by a child process, until ``stop``."""

    SCRIPT = ("import sys, tkinter as tk; root = tk.Tk(); root.title(sys.argv[1]); root.geometry('320x200+40+40'); "
              "root.mainloop()")

    def __init__(self, server: Xvfb, title: str) -> None:
        self._env = {"DISPLAY": server.display, "PATH": os.environ.get("PATH", ""), "HOME": os.environ["HOME"]}
        self.process = subprocess.Popen([sys.executable, "-c", self.SCRIPT, title], env=self._env)
        found: list[str] = []

        def mapped() -> bool:
            done = subprocess.run([need("xdotool", "xdotool"), "search", "--onlyvisible", "--name", f"^{title}$"],
                                  env=self._env, capture_output=True, text=True, check=False)
            found[:] = done.stdout.split()
            return len(found) == 1

        wait_until(mapped, f"the {title} window is on screen")
        self.wid = found[0]

    def _run(self, *command: str) -> None:
        subprocess.run(command, env=self._env, check=True, capture_output=True, timeout=30)

    def activate(self) -> None:
        """Ask the window manager to focus it, and wait until it has."""
        self._run(need("xdotool", "xdotool"), "windowactivate", "--sync", self.wid)

    def fullscreen(self, on: bool) -> None:
        """Ask the window manager to make it fullscreen (or not), as ``wmctrl`` does."""
        self._run(need("wmctrl", "wmctrl"), "-i", "-r", self.wid, "-b", f"{'add' if on else 'remove'},fullscreen")

    def stop(self) -> None:
        self.process.kill()
        self.process.wait(timeout=5)
