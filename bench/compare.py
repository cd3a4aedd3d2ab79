"""deskbreak beside Workrave, Safe Eyes and a sleeping Python, in one run, on one desktop.

Starts Xvfb, a private session bus, dunst, an SNI host (gtk-sni-tray, as
the tests start it) and an XEmbed tray (trayer), then launches, one at a
time: a Python that only sleeps, Workrave and Safe Eyes (each skipped when
not installed), deskbreak on the SNI path and deskbreak on the XEmbed path
(``DESKBREAK_TRAY=xorg``), each with its own home. A second private bus
stands in for the system bus, which Safe Eyes needs to start. For each it measures:

- launch to tray icon docked: until the SNI watcher lists a new item or a
  new XEmbed window sits in trayer, polled every 10 ms;
- over a quiet window after a settle (no input: the desktop sees the user
  away): CPU seconds (reaped children included), context switches of all
  threads, and thread/process ids that were not there at the start
  (sampled every 100 ms, so one shorter-lived than that can be missed);
- RSS and PSS (``/proc/PID/smaps_rollup``) of the process and its children;
- PSS of the same during a break (window open), after asking each for one,
  and of deskbreak's break window process alone (the others draw theirs
  in-process);
- ``deskbreak status`` and ``deskbreak stats`` beside ``python -c pass`` in
  the same venv (``--wheel``: also in a venv with deskbreak installed from a
  wheel, no editable-install finder at start-up).

It prints one markdown table, each figure with its ratio to Workrave's.

    .venv/bin/python bench/compare.py [--settle 30] [--window 120] [--wheel]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from proc_tree import Usage, children, pss_kib, rss_kib, thread_ids, usage

REPO = Path(__file__).resolve().parent.parent
NONE, TIMES = "\N{EN DASH}", "\N{MULTIPLICATION SIGN}"
WORKRAVE = "Workrave"
LAUNCH_LIMIT_S = 30.0
BREAK_SETTLE_S = 5.0


@dataclass
class App:
    """One program under test: how to start it and to ask it for a break, and what was measured."""

    name: str
    command: list[str]
    env: dict[str, str]
    take_break: list[str] | None = None
    process: subprocess.Popen[bytes] | None = None
    docked_s: float | None = None
    start: Usage | None = None
    seen: set[int] = field(default_factory=set)
    figures: dict[str, float] = field(default_factory=dict)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--settle", type=float, default=30.0, help="seconds after the last launch (default 30)")
    parser.add_argument("--window", type=float, default=120.0, help="seconds of quiet measured (default 120)")
    parser.add_argument("--runs", type=int, default=20, help="timed runs of each command (default 20)")
    parser.add_argument("--wheel", action="store_true", help="also time the CLI installed from a wheel")
    options = parser.parse_args()
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(REPO / "deskbreak")], check=True)
    with tempfile.TemporaryDirectory(prefix="deskbreak-compare-") as folder, desktop(Path(folder)) as session:
        root, env, watcher = session
        apps = programs(root, env)
        with ExitStack() as running:
            for app in apps:
                running.callback(stop, app)
                launch(app, watcher, env["DISPLAY"])
            time.sleep(options.settle)
            quiet_window(apps, options.window)
            for app in apps:
                during_break(app)
        cli = cli_times(apps, options.runs, wheel_python(root) if options.wheel else None)
    print(table(apps, cli, options.window))


@contextmanager
def desktop(root: Path) -> Iterator[tuple[Path, dict[str, str], Any]]:
    """Xvfb, a private bus with gtk-sni-tray on it, dunst and trayer: (root, environment, the SNI desktop)."""
    sys.path.insert(0, str(REPO / "tests"))
    from desktop import start_bus, stop_bus  # the tests' helpers
    from desktop_sni import sni_desktop
    from desktop_tray import Panel, xembed_tray_running

    with sni_desktop(root) as sni:
        system_bus, system_address = start_bus(root, "system")  # Safe Eyes will not start without one
        env = sni.env | {"DBUS_SYSTEM_BUS_ADDRESS": system_address}
        trayer = Panel.started(["trayer", "--edge", "top", "--align", "right", "--widthtype", "request",
                                "--height", "24"], "trayer", env, root / "trayer.log",
                               lambda: xembed_tray_running(env["DISPLAY"]))
        dunst = subprocess.Popen(["dunst"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            yield root, env, sni
        finally:
            dunst.terminate()
            dunst.wait()
            trayer.stop()
            stop_bus(system_bus)


def programs(root: Path, env: dict[str, str]) -> list[App]:
    """The programs to compare, each with a home of its own; those not installed are left out."""

    def home(name: str, **extra: str) -> dict[str, str]:
        from desktop_tray import session_env

        folder = root / name
        folder.mkdir()
        private = session_env(folder, env["DISPLAY"], env["DBUS_SESSION_BUS_ADDRESS"])
        private["DBUS_SYSTEM_BUS_ADDRESS"] = env["DBUS_SYSTEM_BUS_ADDRESS"]
        for variable, sub in (("XDG_CONFIG_HOME", ".config"), ("XDG_DATA_HOME", ".local/share"),
                              ("XDG_STATE_HOME", ".local/state"), ("XDG_CACHE_HOME", ".cache")):
            private[variable] = str(folder / sub)
        return private | extra

    python = sys.executable
    apps = [App("sleeping python", [python, "-c", "import time; time.sleep(1e6)"], home("sleeper"))]
    if shutil.which("workrave"):
        apps.append(App(WORKRAVE, ["workrave"], home("workrave"), [
            "dbus-send", "--session", "--dest=org.workrave.Workrave", "--type=method_call",
            "/org/workrave/Workrave/UI", "org.workrave.ControlInterface.RestBreak"]))
    if shutil.which("safeeyes"):
        apps.append(App("Safe Eyes", ["safeeyes"], home("safeeyes"), ["safeeyes", "--take-break"]))
    deskbreak = [python, "-m", "deskbreak"]
    apps.append(App("deskbreak (SNI)", [*deskbreak, "run"], home("deskbreak-sni"), [*deskbreak, "start"]))
    apps.append(App("deskbreak (XEmbed)", [*deskbreak, "run"], home("deskbreak-xembed", DESKBREAK_TRAY="xorg"),
                    [*deskbreak, "start"]))
    return apps


def launch(app: App, watcher: Any, display: str) -> None:
    """Start ``app`` and time it until its icon is in a tray (sleeping python: not waited for)."""
    items, embedded = set(watcher.items()), docked_xembed_windows(display)
    began = time.perf_counter()
    app.process = subprocess.Popen(app.command, env=app.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if app.name == "sleeping python":
        return
    while time.perf_counter() - began < LAUNCH_LIMIT_S and app.process.poll() is None:
        if set(watcher.items()) - items or docked_xembed_windows(display) - embedded:
            app.docked_s = time.perf_counter() - began
            return
        time.sleep(0.01)
    print(f"{app.name}: no tray icon within {LAUNCH_LIMIT_S:.0f} s", file=sys.stderr)


def docked_xembed_windows(display: str) -> set[int]:
    """Windows that carry _XEMBED_INFO and sit inside another window (a tray) rather than on the root."""
    from Xlib import display as xdisplay  # type: ignore[import-untyped]

    connection = xdisplay.Display(display)
    try:
        root = connection.screen().root
        info = connection.intern_atom("_XEMBED_INFO")
        found: set[int] = set()
        pending = list(root.query_tree().children)
        while pending:
            window = pending.pop()
            tree = window.query_tree()
            if tree.parent != root and window.get_full_property(info, 0) is not None:
                found.add(window.id)
            pending.extend(tree.children)
        return found
    finally:
        connection.close()


def quiet_window(apps: list[App], window: float) -> None:
    """CPU, context switches and new thread ids of every app over the same ``window`` seconds."""
    live = [app for app in apps if app.process is not None and app.process.poll() is None]
    for app in live:
        assert app.process is not None
        app.start = usage(app.process.pid)
        app.seen = thread_ids(app.process.pid)
    first = {app.name: set(app.seen) for app in live}
    ends_at = time.monotonic() + window
    while time.monotonic() < ends_at:
        for app in live:
            assert app.process is not None
            app.seen |= thread_ids(app.process.pid)
        time.sleep(0.1)
    for app in live:
        assert app.process is not None
        assert app.start is not None
        end = usage(app.process.pid)
        app.figures |= {"cpu": end.cpu_s - app.start.cpu_s, "switches": end.switches - app.start.switches,
                        "new ids": len(app.seen - first[app.name]),
                        "rss": rss_kib(app.process.pid) / 1024, "pss": pss_kib(app.process.pid) / 1024,
                        "pillow": float("/PIL/" in Path(f"/proc/{app.process.pid}/maps").read_text())}


def during_break(app: App) -> None:
    """Ask for a break, give its window time to open, and take the PSS of everything the app runs."""
    if app.take_break is None or app.process is None or app.process.poll() is not None:
        return
    asked = subprocess.run(app.take_break, env=app.env, capture_output=True, check=False, timeout=30)
    if asked.returncode != 0:
        print(f"{app.name}: asking for a break failed: {asked.stderr.decode().strip()}", file=sys.stderr)
        return
    time.sleep(BREAK_SETTLE_S)
    app.figures["break pss"] = pss_kib(app.process.pid) / 1024
    helpers = children(app.process.pid)
    if helpers:  # deskbreak's window is a process of its own; Workrave's and Safe Eyes' are not
        app.figures["window pss"] = sum(pss_kib(helper) for helper in helpers) / 1024


def cli_times(apps: list[App], runs: int, wheel: Path | None) -> dict[str, float]:
    """Median wall times (ms) of status, stats and ``python -c pass``, interleaved, against the SNI daemon."""
    env = next(app.env for app in apps if app.name == "deskbreak (SNI)")
    commands = {"pass": [sys.executable, "-c", "pass"],
                "status": [str(Path(sys.executable).with_name("deskbreak")), "status"],
                "stats": [str(Path(sys.executable).with_name("deskbreak")), "stats"]}
    if wheel is not None:
        commands |= {"wheel pass": [str(wheel), "-c", "pass"],
                     "wheel status": [str(wheel.with_name("deskbreak")), "status"],
                     "wheel stats": [str(wheel.with_name("deskbreak")), "stats"]}
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs + 2):  # the first two warm the caches and are dropped
        for name, command in commands.items():
            began = time.perf_counter()
            subprocess.run(command, env=env, capture_output=True, check=False)
            times[name].append((time.perf_counter() - began) * 1000)
    return {name: statistics.median(values[2:]) for name, values in times.items()}


def wheel_python(root: Path) -> Path:
    """A fresh venv with deskbreak installed from a wheel, as a user gets it (built from a copy of the source)."""
    source = root / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(REPO / name, source / name)
    for name in ("deskbreak", "config", "icons"):
        shutil.copytree(REPO / name, source / name, symlinks=True, ignore=shutil.ignore_patterns("__pycache__"))
    built = root / "wheel"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(built), str(source)],
                   check=True)
    venv = root / "wheel-venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "-q",
                    *map(str, built.glob("deskbreak-*.whl"))], check=True)
    return python


def stop(app: App) -> None:
    if app.process is not None and app.process.poll() is None:
        app.process.terminate()
        try:
            app.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            app.process.kill()
            app.process.wait()


def table(apps: list[App], cli: dict[str, float], window: float) -> str:
    """The markdown table: one row per measure, one column per program, ratios to Workrave's."""
    reference = next((app for app in apps if app.name == WORKRAVE), None)
    rows: list[tuple[str, Callable[[App], float | None], str]] = [
        ("launch → tray icon docked", lambda app: app.docked_s, "{:.2f} s"),
        (f"CPU in {window:.0f} s idle", lambda app: app.figures.get("cpu"), "{:.2f} s"),
        (f"context switches in {window:.0f} s", lambda app: app.figures.get("switches"), "{:,.0f}"),
        (f"new PIDs/TIDs in {window:.0f} s", lambda app: app.figures.get("new ids"), "{:.0f}"),
        ("RSS", lambda app: app.figures.get("rss"), "{:.1f} MiB"),
        ("PSS", lambda app: app.figures.get("pss"), "{:.1f} MiB"),
        ("PSS of all processes during a break", lambda app: app.figures.get("break pss"), "{:.1f} MiB"),
        ("… of which the break window process", lambda app: app.figures.get("window pss"), "{:.1f} MiB"),
    ]
    lines = ["| | " + " | ".join(app.name for app in apps) + " |", "|---" * (len(apps) + 1) + "|"]
    for label, measure, shape in rows:
        cells = [_cell(measure(app), measure(reference) if reference else None, shape) for app in apps]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    pillow = (("yes" if app.figures["pillow"] else "no") if "pillow" in app.figures else NONE for app in apps)
    lines.append("| Pillow mapped, idle | " + " | ".join(pillow) + " |")
    lines.extend(_cli_rows(cli, len(apps)))
    return "\n".join(lines)


def _cell(value: float | None, reference: float | None, shape: str) -> str:
    if value is None:
        return NONE
    text = shape.format(value)
    if reference:
        text += f" ({value / reference:.2f}{TIMES})"
    return text


def _cli_rows(cli: dict[str, float], columns: int) -> Iterator[str]:
    """The CLI rows: deskbreak's columns only; ratios to ``python -c pass`` in the same venv."""
    for prefix, where in (("", "same venv"), ("wheel ", "wheel install")):
        if f"{prefix}pass" not in cli:
            continue
        for command in ("status", "stats"):
            ratio = cli[f"{prefix}{command}"] / cli[f"{prefix}pass"]
            figure = f"{ratio:.2f}{TIMES} ({cli[f'{prefix}{command}']:.0f} ms vs {cli[f'{prefix}pass']:.0f} ms)"
            label = f"`deskbreak {command}` vs `python -c pass` ({where})"
            yield f"| {label} |" + " |" * (columns - 2) + f" {figure} | {NONE} |"


if __name__ == "__main__":
    main()
