"""What the Wayland idle backend costs, and what pywayland would have cost instead, on a real sway.

Starts sway headless (as the tests do: as an unprivileged user when run as
root), then in fresh interpreters measures the RSS added by importing the
backend and connecting (on top of what the daemon has already loaded:
deskbreak.idle, socket, threading, struct), the cost of one ``idle_for``, the
wake-ups of the listening thread while nobody types and when a key is typed,
and the cost of the rejected alternative: a non-blocking ``recv`` per sample.
With ``--pywayland PYTHON`` (an interpreter with pywayland installed) it
measures pywayland's import and connect the same way.

    .venv/bin/python bench/wayland_idle.py [--pywayland /path/to/python]
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PRELUDE = """
import json, sys, time, timeit
def rss_kb():
    return next(int(line.split()[1]) for line in open('/proc/self/status') if line.startswith('VmRSS'))
import deskbreak.idle, socket, struct, threading
base = rss_kb()
"""

WIRE = PRELUDE + """
from deskbreak.idle import _wayland
imported = rss_kb()
source = _wayland.open_source(dict(__import__('os').environ))
opened = rss_kb()
reading_us = timeit.timeit(source.idle_for, number=100_000) / 100_000 * 1e6
listener = next(t for t in threading.enumerate() if t.name == 'deskbreak-wayland-idle').native_id
def switches():
    status = open(f'/proc/self/task/{listener}/status').read().splitlines()
    return sum(int(line.split()[1]) for line in status if line.split(':')[0].endswith('ctxt_switches'))
first = switches()
time.sleep(float(sys.argv[1]))
quiet = switches() - first
ours, theirs = socket.socketpair()
ours.setblocking(False)
def poll():
    try:
        ours.recv(4096)
    except BlockingIOError:
        pass
poll_us = timeit.timeit(poll, number=100_000) / 100_000 * 1e6
print(json.dumps({'import_kb': imported - base, 'connect_kb': opened - imported, 'reading_us': reading_us,
                  'quiet_switches': quiet, 'poll_us': poll_us, 'listener': listener}), flush=True)
sys.stdin.readline()
before = switches()
sys.stdin.readline()
print(json.dumps({'typed_switches': switches() - before}), flush=True)
"""

PYWAYLAND = PRELUDE + """
from pywayland.client import Display
from pywayland.protocol.wayland import WlSeat
from pywayland.protocol.ext_idle_notify_v1 import ExtIdleNotifierV1
imported = rss_kb()
display = Display()
display.connect()
registry = display.get_registry()
registry.dispatcher['global'] = lambda *event: None
display.roundtrip()
print(json.dumps({'import_kb': imported - base, 'connect_kb': rss_kb() - imported}), flush=True)
registry.destroy()
display.disconnect()
"""


def run_wire(environ: dict[str, str], type_key: Callable[[], None], quiet_s: float) -> dict[str, float]:
    process = subprocess.Popen([sys.executable, "-c", WIRE, str(quiet_s)], env=environ, text=True,
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    assert process.stdin is not None
    assert process.stdout is not None
    figures: dict[str, float] = json.loads(process.stdout.readline())
    process.stdin.write("\n")
    process.stdin.flush()
    time.sleep(0.2)
    type_key()
    time.sleep(2.5)  # resumed, then idled again after the 1 s timeout
    process.stdin.write("\n")
    process.stdin.flush()
    figures.update(json.loads(process.stdout.readline()))
    process.wait(timeout=10)
    return figures


def main() -> None:
    sys.path.insert(0, str(ROOT / "tests"))
    from desktop_sway import Sway  # the tests' helper, on the path just above

    pywayland = sys.argv[sys.argv.index("--pywayland") + 1] if "--pywayland" in sys.argv else None
    with tempfile.TemporaryDirectory(prefix="deskbreak-bench-") as folder:
        sway = Sway(Path(folder) / "sway.log")
        environ = {**os.environ, **sway.environ, "PYTHONPATH": str(ROOT)}
        try:
            wire = run_wire(environ, lambda: sway.type_text("x"), quiet_s=10.0)
            other = None
            if pywayland:
                result = subprocess.run([pywayland, "-c", PYWAYLAND], env=environ, capture_output=True, text=True,
                                        check=True)
                other = json.loads(result.stdout)
        finally:
            sway.stop()
    print("wire client (deskbreak.idle._wayland), on top of deskbreak.idle + socket + threading:")
    print(f"  RSS: import {wire['import_kb']:.0f} kB, connect and listen {wire['connect_kb']:.0f} kB")
    print(f"  idle_for: {wire['reading_us']:.2f} us a reading; a non-blocking recv per sample instead: "
          f"{wire['poll_us']:.2f} us")
    print(f"  listening thread: {wire['quiet_switches']:.0f} wake-ups in 10 s with no input (the idled), "
          f"{wire['typed_switches']:.0f} for one key typed with wtype\n    (resumed, idled again, and the seat "
          "telling of wtype's virtual keyboard coming and going)")
    if other:
        print(f"pywayland: RSS import {other['import_kb']:.0f} kB, connect {other['connect_kb']:.0f} kB")


if __name__ == "__main__":
    main()
