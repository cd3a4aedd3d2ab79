"""What the daemon costs while nobody is at the computer, beside a sleeping Python.

Starts ``deskbreak run`` headless (private HOME/XDG dirs, no display: the
idle source falls back to always-present, the sampling job still runs every
5 s) and, in the same run, a Python that only sleeps. Over the same window
(60 s by default) it reports CPU seconds, context switches (all threads) and
peak RSS of both, then the round trip of ``deskbreak status`` beside a bare
``python3 -c pass``, and the raw control-socket round trip.

    .venv/bin/python bench/idle.py [SECONDS]
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def context_switches(pid: int) -> int:
    total = 0
    for task in Path(f"/proc/{pid}/task").iterdir():
        for line in (task / "status").read_text().splitlines():
            if line.startswith(("voluntary_ctxt_switches", "nonvoluntary_ctxt_switches")):
                total += int(line.split()[1])
    return total


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def private_environment(root: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key not in ("DISPLAY", "WAYLAND_DISPLAY")}
    for name, sub in (("HOME", "home"), ("XDG_CONFIG_HOME", "config"), ("XDG_DATA_HOME", "data"),
                      ("XDG_STATE_HOME", "state"), ("XDG_RUNTIME_DIR", "run")):
        (root / sub).mkdir(mode=0o700)
        env[name] = str(root / sub)
    env["DBUS_SESSION_BUS_ADDRESS"] = f"unix:path={root / 'no-bus'}"
    return env


def timed_runs(command: list[str], env: dict[str, str], count: int) -> list[float]:
    times = []
    for _ in range(count):
        began = time.perf_counter()
        subprocess.run(command, env=env, check=True, capture_output=True)
        times.append((time.perf_counter() - began) * 1000)
    return times


def measure(window: float, env: dict[str, str]) -> None:
    daemon = subprocess.Popen([sys.executable, "-m", "deskbreak", "run"], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(100000)"])
    status = [sys.executable, "-m", "deskbreak", "status"]
    for _ in range(100):
        if subprocess.run(status, env=env, capture_output=True, check=False).returncode == 0:
            break
        time.sleep(0.1)
    time.sleep(2)  # let start-up settle before the quiet window
    before = {p.pid: (cpu_seconds(p.pid), context_switches(p.pid)) for p in (daemon, sleeper)}
    time.sleep(window)
    rows = []
    for name, process in (("deskbreak run", daemon), ("sleeping python", sleeper)):
        cpu0, switches0 = before[process.pid]
        cpu = cpu_seconds(process.pid) - cpu0
        switches = context_switches(process.pid) - switches0
        rows.append((name, cpu, switches, peak_rss_mb(process.pid)))
    print(f"over {window:.0f} s with no input:")
    print(f"  {'process':<16} {'CPU s':>7} {'% CPU':>7} {'wakeups/s':>10} {'peak RSS MB':>12}")
    for name, cpu, switches, rss in rows:
        print(f"  {name:<16} {cpu:>7.2f} {100 * cpu / window:>7.3f} {switches / window:>10.2f} {rss:>12.1f}")
    print(f"  ratio daemon/sleeper: RSS {rows[0][3] / rows[1][3]:.2f} x, "
          f"wakeups {rows[0][2] / max(rows[1][2], 1):.1f} x")
    cli = statistics.median(timed_runs(status, env, 20))
    bare = statistics.median(timed_runs([sys.executable, "-c", "pass"], env, 20))
    print(f"`deskbreak status` round trip: median {cli:.0f} ms; bare `python3 -c pass`: {bare:.0f} ms "
          f"(ratio {cli / bare:.2f} x)")
    socket_ms = raw_round_trip(env)
    print(f"control socket alone: median {socket_ms:.2f} ms per request")
    daemon.terminate()
    sleeper.terminate()
    daemon.wait()
    sleeper.wait()


def raw_round_trip(env: dict[str, str]) -> float:
    code = ("import statistics, time\nfrom deskbreak.control import send_request\nt = []\n"
            "for _ in range(200):\n    b = time.perf_counter(); send_request({'command': 'status'})\n"
            "    t.append((time.perf_counter() - b) * 1000)\nprint(statistics.median(t))")
    result = subprocess.run([sys.executable, "-c", code], env=env, check=True, capture_output=True, text=True)
    return float(result.stdout)


def main() -> None:
    window = float(sys.argv[1]) if len(sys.argv) > 1 else 60.0
    with tempfile.TemporaryDirectory(prefix="deskbreak-bench-") as root:
        measure(window, private_environment(Path(root)))


if __name__ == "__main__":
    main()
