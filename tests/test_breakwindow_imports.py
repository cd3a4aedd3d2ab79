"""The break window process loads Tk and what drawing one break needs, nothing the daemon or a type checker needs.

Checked on the modules the window process imports (``-X importtime``'s
lines) while it shows a whole break of the real desk routine (pictures
included) on Xvfb, started with the daemon's own ``window_command``; not on
memory or time: those are measured by bench/window.py.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

from desktop import Xvfb

from deskbreak.breakwindow import DoneMessage, StepMessage, encode_message, window_command
from deskbreak.daemon._window import routine_message
from deskbreak.library import load_library

NOT_FOR_A_WINDOW = {
    "Xlib": "python-xlib (ctypes on libX11 asks for the monitors and for no focus)",
    "PIL": "Pillow (Tk reads the PNG pictures itself)",
    "dataclasses": "dataclasses and the inspect it loads (the window's values are plain classes)",
    "inspect": "inspect",
    "typing": "type hints, needed only by the type checker",
    "logging": "the daemon's log (the window writes its few lines to stderr)",
    "tomllib": "the library's TOML (the routine comes over the pipe)",
    "deskbreak.library": "the stretch library",
    "deskbreak.core": "the engine",
    "deskbreak.daemon": "the daemon",
    "apscheduler": "the daemon's scheduler",
    "site": "site, with .pth files and any editable-install finder (the window runs python -S)",
}
T = 1_700_000_000.0


def test_a_whole_break_loads_only_the_window(xvfb: Xvfb, tmp_path: Path) -> None:
    library = load_library()
    lines = [
        json.dumps({"type": "clock", "now": T}) + "\n",
        encode_message(routine_message(library.routines["desk"].routine, library, tmp_path / "pictures")),
        encode_message(StepMessage(index=0, prepare_until=T + 5, hold_until=T + 35, routine_until=T + 120)),
        json.dumps({"type": "clock", "now": T + 10}) + "\n",
        encode_message(DoneMessage(completed=True)),
        json.dumps({"type": "clock", "now": T + 200}) + "\n",
    ]
    env = {"DISPLAY": xvfb.display, "HOME": str(tmp_path), "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
           "DESKBREAK_WINDOW_CLOCK": "stdin", "DESKBREAK_WINDOW_TRACE": "1"}
    python, *arguments = window_command()
    done = subprocess.run([python, "-X", "importtime", *arguments], input="".join(lines), capture_output=True,
                          text=True, env=env, timeout=60, check=True)
    output = done.stderr.splitlines()
    modules = {line.rsplit("|", 1)[1].strip() for line in output if line.startswith("import time:") and "|" in line}
    screens = [json.loads(line) for line in output if line.startswith('{"type": "screen"')]
    assert [line for line in output if not line.startswith(("{", "import time:"))] == []
    assert any(screen["picture"] for screen in screens), "a step with its picture was drawn"
    assert "tkinter" in modules
    loaded = {name: why for name, why in NOT_FOR_A_WINDOW.items()
              if any(module == name or module.startswith(f"{name}.") for module in modules)}
    assert loaded == {}
