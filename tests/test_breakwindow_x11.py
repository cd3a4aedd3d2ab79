"""What the window asks X through ctypes: the monitors, and that an X error becomes one line, not the end of it.

libX11's default handler ends the process on an X error; the window's own
connection must not, so a window id that does not exist is reported on
stderr and the window carries on.
"""

from __future__ import annotations

import os
import subprocess
import sys

from desktop import Xvfb

ASK_X = """
import sys, tkinter
from deskbreak.breakwindow._x11 import keep_focus_away, monitors
root = tkinter.Tk()
print(monitors(sys.stderr))
keep_focus_away(0x7fffff, sys.stderr)
root.update_idletasks()
keep_focus_away(root.winfo_id(), sys.stderr)
root.update()
print("still here")
"""


def test_an_x_error_is_one_line_and_the_window_carries_on(xvfb: Xvfb) -> None:
    env = {"DISPLAY": xvfb.display, "PATH": os.environ.get("PATH", "/usr/bin:/bin")}
    done = subprocess.run([sys.executable, "-c", ASK_X], capture_output=True, text=True, env=env, timeout=30,
                          check=False)
    assert (done.returncode, done.stdout.splitlines()) == (0, ["[Area(x=0, y=0, width=640, height=480)]",
                                                               "still here"])
    assert done.stderr.splitlines() == [
        "deskbreak.breakwindow: cannot ask the window manager not to focus the window: "
        "BadWindow (invalid Window parameter) on request 15.0"
    ]


def test_no_display_means_the_whole_screen() -> None:
    env = {"DISPLAY": ":9999", "PATH": os.environ.get("PATH", "/usr/bin:/bin")}
    done = subprocess.run([sys.executable, "-c", "import sys\nfrom deskbreak.breakwindow._x11 import monitors\n"
                           "print(monitors(sys.stderr))"], capture_output=True, text=True, env=env, timeout=30,
                          check=True)
    assert done.stdout == "[]\n"
    assert done.stderr == ("deskbreak.breakwindow: cannot list the monitors (cannot open display ':9999'); "
                           "using the whole screen\n")
