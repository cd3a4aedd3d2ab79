"""What the fullscreen signals cost the daemon: memory once, and time per ``busy()`` (one per idle sample).

X11: Xvfb, openbox and a Tk window made fullscreen and focused through
openbox (the tests' helpers); in a fresh Python that has already loaded
``deskbreak.quiet``, it measures the RSS that importing the backend
(python-xlib) and opening the display add, the time of one ``busy()``
while the window is fullscreen and after it leaves fullscreen, and, beside
them, one bare X round trip (``GetInputFocus``): a reading is two.
GNOME: the same ``busy()`` against the tests' fake gnome-session on a
private bus (one ``Properties.Get``).

    .venv/bin/python bench/quiet_fullscreen.py
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CALLS = 5_000
SAMPLES_A_DAY = 24 * 3600 // 5

X11_CHILD = """
import json, sys, timeit
def rss_kb():
    return next(int(line.split()[1]) for line in open('/proc/self/status') if line.startswith('VmRSS'))
import deskbreak.quiet
base = rss_kb()
from deskbreak.core import Settings
from deskbreak.quiet import _fullscreen_x11
imported = rss_kb()
signal = _fullscreen_x11.open_signal({'DISPLAY': sys.argv[1]}, Settings(), lambda: None)
opened = rss_kb()
calls = int(sys.argv[2])
def per_call_us(function):
    return min(timeit.repeat(function, number=calls, repeat=3)) / calls * 1e6
assert signal.busy()
figures = {'import_kb': imported - base, 'open_kb': opened - imported, 'busy_us': per_call_us(signal.busy),
           'round_trip_us': per_call_us(signal._connection.display.get_input_focus)}
print(json.dumps(figures), flush=True)
sys.stdin.readline()
assert not signal.busy()
print(json.dumps({'free_us': per_call_us(signal.busy)}), flush=True)
signal.close()
"""


def measure_x11(folder: Path) -> dict[str, float]:
    from desktop import Xvfb
    from desktop_fullscreen import AppWindow
    from test_breakwindow_desktop import Openbox

    xvfb = Xvfb(folder / "xvfb.log")
    openbox = Openbox(xvfb, folder / "openbox.log")
    slides = AppWindow(xvfb, "slides")
    try:
        slides.activate()
        slides.fullscreen(True)
        child = subprocess.Popen([sys.executable, "-c", X11_CHILD, xvfb.display, str(CALLS)], text=True,
                                 stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                 env={**os.environ, "PYTHONPATH": str(ROOT)})
        assert child.stdin is not None
        assert child.stdout is not None
        figures: dict[str, float] = json.loads(child.stdout.readline())
        slides.fullscreen(False)
        openbox.settle()
        child.stdin.write("\n")
        child.stdin.flush()
        figures.update(json.loads(child.stdout.readline()))
        child.wait(timeout=30)
        return figures
    finally:
        slides.stop()
        openbox.stop()
        xvfb.stop()


def measure_gnome(folder: Path) -> float:
    import timeit

    from desktop import start_bus, stop_bus
    from test_quiet_fullscreen_gnome import FakeGnomeSession

    from deskbreak.core import Settings
    from deskbreak.quiet import _fullscreen_gnome

    bus_process, bus = start_bus(folder)
    session = FakeGnomeSession(bus)
    try:
        signal = _fullscreen_gnome.open_signal({"DBUS_SESSION_BUS_ADDRESS": bus}, Settings(), lambda: None)
        calls = CALLS // 5
        seconds = min(timeit.repeat(signal.busy, number=calls, repeat=3)) / calls
        signal.close()
        return seconds * 1e6
    finally:
        session.stop()
        stop_bus(bus_process)


def main() -> None:
    sys.path.insert(0, str(ROOT / "tests"))
    with tempfile.TemporaryDirectory(prefix="deskbreak-bench-") as folder:
        x11 = measure_x11(Path(folder))
        gnome_us = measure_gnome(Path(folder))
    print("x11 (_NET_ACTIVE_WINDOW + _NET_WM_STATE, python-xlib), on top of deskbreak.quiet:")
    print(f"  RSS: import {x11['import_kb']:.0f} kB, open the display {x11['open_kb']:.0f} kB")
    print(f"  busy(): {x11['busy_us']:.0f} us fullscreen, {x11['free_us']:.0f} us not; "
          f"one bare round trip (GetInputFocus): {x11['round_trip_us']:.0f} us")
    print(f"  a day of 5 s samples: {x11['busy_us'] * SAMPLES_A_DAY / 1000:.0f} ms of CPU")
    print(f"gnome-session InhibitedActions (jeepney Properties.Get, fake service in this process): "
          f"{gnome_us:.0f} us a reading; a day of 5 s samples: {gnome_us * SAMPLES_A_DAY / 1000:.0f} ms")


if __name__ == "__main__":
    main()
