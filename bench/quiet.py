"""What the quiet signals cost while nothing happens: two daemons side by side, signals off and on.

Starts Xvfb, a private session bus and dunst (so the do-not-disturb, fullscreen
and call signals all have something to ask), then two ``deskbreak run``
processes with their own HOME and runtime dirs, one with every ``[quiet]``
signal off and one with every signal on (and an app list), and in the same
window reports each one's CPU seconds and wakeups (context switches of all
threads), and the ratio of the two.

    .venv/bin/python bench/quiet.py [SECONDS]
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from idle import context_switches, cpu_seconds, private_environment, wait_ready

QUIET_OFF = '[quiet]\nfullscreen = false\ndo_not_disturb = false\ncalls = false\n'
QUIET_ON = '[quiet]\nfullscreen = true\ndo_not_disturb = true\ncalls = true\napps = ["no-such-app"]\n'


def start_daemon(root: Path, name: str, quiet: str, shared: dict[str, str]) -> subprocess.Popen[Any]:
    folder = root / name
    folder.mkdir()
    env = private_environment(folder)
    env.update(shared)
    config = Path(env["XDG_CONFIG_HOME"]) / "deskbreak"
    config.mkdir(parents=True)
    (config / "deskbreak.toml").write_text(quiet)
    process = subprocess.Popen([sys.executable, "-m", "deskbreak", "run"], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_ready(env)
    return process


def main() -> None:
    window = next((float(arg) for arg in sys.argv[1:]), 60.0)
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
    from desktop import Xvfb, start_bus  # the tests' helpers, on the path just above

    with tempfile.TemporaryDirectory(prefix="deskbreak-bench-") as folder:
        root = Path(folder)
        xvfb = Xvfb(root / "xvfb.log")
        bus, address = start_bus(root)
        shared = {"DISPLAY": xvfb.display, "DBUS_SESSION_BUS_ADDRESS": address}
        dunst = subprocess.Popen(["dunst"], env={**shared, "PATH": "/usr/bin:/bin"},
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        daemons = {name: start_daemon(root, name, text, shared)
                   for name, text in (("signals off", QUIET_OFF), ("signals on", QUIET_ON))}
        try:
            time.sleep(5)  # let start-up settle before the quiet window
            before = {name: (cpu_seconds(p.pid), context_switches(p.pid)) for name, p in daemons.items()}
            time.sleep(window)
            after = {name: (cpu_seconds(p.pid), context_switches(p.pid)) for name, p in daemons.items()}
        finally:
            for process in (*daemons.values(), dunst):
                process.terminate()
                process.wait()
            bus.terminate()
            xvfb.stop()
    print(f"over {window:.0f} s with no input, in one run:")
    print(f"  {'daemon':<12} {'CPU s':>7} {'wakeups/s':>10}")
    cost = {}
    for name in daemons:
        cpu, switches = (after[name][0] - before[name][0]), (after[name][1] - before[name][1]) / window
        cost[name] = (cpu, switches)
        print(f"  {name:<12} {cpu:>7.2f} {switches:>10.2f}")
    (cpu_off, wake_off), (cpu_on, wake_on) = cost["signals off"], cost["signals on"]
    print(f"signals on / off: wakeups {wake_on / wake_off:.2f} x, CPU {cpu_on / max(cpu_off, 0.01):.2f} x")


if __name__ == "__main__":
    main()
