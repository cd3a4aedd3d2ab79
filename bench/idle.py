"""What the daemon costs while nobody is at the computer, beside a sleeping Python.

Starts ``deskbreak run`` with private HOME/XDG dirs and, in the same run, a
Python that only sleeps. Headless (the default) there is no display: the
idle source falls back to always-present and the sampling job still runs
every 5 s. With ``--desktop`` it starts Xvfb, a private session bus, dunst
and an SNI tray host (gtk-sni-tray-standalone), so the tray icon and the
notifier are live, and measures Workrave beside it when it is installed.
``--xembed`` puts trayer (an XEmbed tray) there instead of the SNI host.
Over the same window (60 s by default) it reports CPU seconds, wakeups
(context switches of all threads), the thread ids that appeared (looked
for every 50 ms, each with its thread name, so a short-lived thread shows
where it comes from) and peak RSS of each, then the round trip of
``deskbreak status`` beside a bare ``python3 -c pass``.

    .venv/bin/python bench/idle.py [SECONDS] [--desktop [--xembed]]
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

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


def thread_names(pid: int) -> dict[int, str]:
    """Each live thread's id and name (a thread that ended meanwhile is left out)."""
    names = {}
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            names[int(task.name)] = (task / "comm").read_text().strip()
        except OSError:
            continue
    return names


def new_threads(pids: dict[str, int], window: float) -> dict[str, dict[int, str]]:
    """The threads that appear in each process during ``window`` seconds, looked for every 50 ms."""
    known = {name: set(thread_names(pid)) for name, pid in pids.items()}
    appeared: dict[str, dict[int, str]] = {name: {} for name in pids}
    ends = time.monotonic() + window
    while time.monotonic() < ends:
        time.sleep(0.05)
        for name, pid in pids.items():
            for tid, comm in thread_names(pid).items():
                if tid not in known[name]:
                    appeared[name].setdefault(tid, comm)
    return appeared


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


def wait_ready(env: dict[str, str]) -> None:
    status = [sys.executable, "-m", "deskbreak", "status"]
    for _ in range(200):
        if subprocess.run(status, env=env, capture_output=True, check=False).returncode == 0:
            return
        time.sleep(0.1)
    raise SystemExit("the daemon did not start")


def measure(window: float, env: dict[str, str], others: dict[str, list[str]]) -> None:
    processes = {"deskbreak run": subprocess.Popen([sys.executable, "-m", "deskbreak", "run"], env=env,
                                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)}
    processes["sleeping python"] = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(100000)"])
    for name, command in others.items():
        processes[name] = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_ready(env)
    time.sleep(5)  # let start-up settle before the quiet window
    before = {name: (cpu_seconds(p.pid), context_switches(p.pid)) for name, p in processes.items()}
    appeared = new_threads({name: p.pid for name, p in processes.items()}, window)
    print(f"over {window:.0f} s with no input:")
    print(f"  {'process':<16} {'CPU s':>7} {'% CPU':>7} {'switches':>9} {'wakeups/s':>10} {'new TIDs':>9}"
          f" {'peak RSS MB':>12}")
    rss = {}
    for name, process in processes.items():
        cpu0, switches0 = before[name]
        cpu = cpu_seconds(process.pid) - cpu0
        switches = context_switches(process.pid) - switches0
        rss[name] = peak_rss_mb(process.pid)
        print(f"  {name:<16} {cpu:>7.2f} {100 * cpu / window:>7.3f} {switches:>9} {switches / window:>10.2f}"
              f" {len(appeared[name]):>9} {rss[name]:>12.1f}")
    for name, threads in appeared.items():
        if threads:
            counts = Counter(threads.values())
            print(f"  new threads in {name}: " + ", ".join(f"{comm} x{n}" for comm, n in counts.most_common()))
    for name, peak in rss.items():
        if name != "deskbreak run":
            print(f"  deskbreak's peak RSS is {rss['deskbreak run'] / peak:.2f} x {name}'s")
    status = [sys.executable, "-m", "deskbreak", "status"]
    cli = statistics.median(timed_runs(status, env, 20))
    bare = statistics.median(timed_runs([sys.executable, "-c", "pass"], env, 20))
    print(f"`deskbreak status` round trip: median {cli:.0f} ms; bare `python3 -c pass`: {bare:.0f} ms "
          f"(ratio {cli / bare:.2f} x)")
    print(f"control socket alone: median {raw_round_trip(env):.2f} ms per request")
    for process in processes.values():
        process.terminate()
        process.wait()


def raw_round_trip(env: dict[str, str]) -> float:
    code = ("import statistics, time\nfrom deskbreak.control import send_request\nt = []\n"
            "for _ in range(200):\n    b = time.perf_counter(); send_request({'command': 'status'})\n"
            "    t.append((time.perf_counter() - b) * 1000)\nprint(statistics.median(t))")
    result = subprocess.run([sys.executable, "-c", code], env=env, check=True, capture_output=True, text=True)
    return float(result.stdout)


def desktop(root: Path, env: dict[str, str]) -> tuple[list[subprocess.Popen[Any]], dict[str, list[str]]]:
    """Xvfb, a private bus, dunst and a tray (an SNI host, or trayer); and Workrave's command if installed."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
    from desktop import Xvfb, start_bus  # the tests' helpers, on the path just above

    xvfb = Xvfb(root / "xvfb.log")
    bus, address = start_bus(root)
    env.update(DISPLAY=xvfb.display, DBUS_SESSION_BUS_ADDRESS=address)
    env.pop("DESKBREAK_IDLE", None)
    tray = ["trayer"] if "--xembed" in sys.argv else ["gtk-sni-tray-standalone", "--watcher"]
    servers = [subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
               for command in (["dunst"], tray)]
    time.sleep(2)
    others = {"workrave": ["workrave"]} if shutil.which("workrave") else {}
    return [xvfb.process, bus, *servers], others


def main() -> None:
    window = next((float(arg) for arg in sys.argv[1:] if not arg.startswith("--")), 60.0)
    with tempfile.TemporaryDirectory(prefix="deskbreak-bench-") as folder:
        root = Path(folder)
        env = private_environment(root)
        servers: list[subprocess.Popen[Any]] = []
        others: dict[str, list[str]] = {}
        if "--desktop" in sys.argv:
            servers, others = desktop(root, env)
        try:
            measure(window, env, others)
        finally:
            for server in servers:
                server.terminate()


if __name__ == "__main__":
    main()
