"""The break window process alone: its memory once a step is on screen, its start to first frame, its modules.

Starts Xvfb, then opens the window ``--runs`` times, with the command the
daemon uses, on the real desk routine
(its pictures and text, as the daemon sends them), each time waiting for
the first frame (the window's ``layout`` trace, written when its buttons are
first mapped), letting it settle, and reading ``/proc/PID/smaps_rollup``.
Modules are counted in one more run under ``python -X importtime``.

``--before REF`` measures the window of git revision REF too, interleaved
with this checkout's in the same run (its ``deskbreak`` is exported to a
temporary folder that goes first on the path), and prints each figure with
its ratio to REF's.

    .venv/bin/python bench/window.py [--runs 7] [--before lead]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SETTLE_S = 1.5
FIRST_FRAME_LIMIT_S = 30.0
TIMES = "\N{MULTIPLICATION SIGN}"
FIGURES = ("pss", "rss", "anonymous", "first frame ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7, help="windows opened per checkout (default 7)")
    parser.add_argument("--before", help="a git revision to measure beside this checkout")
    options = parser.parse_args()
    sys.path.insert(0, str(REPO / "tests"))
    from desktop import Xvfb  # the tests' helper

    with tempfile.TemporaryDirectory(prefix="deskbreak-window-") as folder:
        root = Path(folder)
        sources = {"this checkout": REPO}
        if options.before:
            sources = {options.before: exported(options.before, root / "before")} | sources
        server = Xvfb(root / "xvfb.log", size="1280x800")
        try:
            lines = first_lines(root / "pictures")
            envs = {name: environment(source, server.display, root) for name, source in sources.items()}
            commands = {name: command_of(source, envs[name]) for name, source in sources.items()}
            runs: dict[str, list[dict[str, float]]] = {name: [] for name in sources}
            for _ in range(options.runs):
                for name, source in sources.items():
                    runs[name].append(one_window(commands[name], source, envs[name], lines))
            modules = {name: module_count(commands[name], source, envs[name], lines)
                       for name, source in sources.items()}
        finally:
            server.stop()
    print(table(runs, modules))


def exported(revision: str, folder: Path) -> Path:
    """``revision``'s deskbreak package, unpacked into ``folder``."""
    folder.mkdir()
    archive = subprocess.run(["git", "-C", str(REPO), "archive", revision, "deskbreak"], capture_output=True,
                             check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(folder)], check=True)
    return folder


def first_lines(pictures: Path) -> str:
    """The routine the daemon sends for the desk routine, then its first step, starting now."""
    from deskbreak.breakwindow import StepMessage, encode_message
    from deskbreak.daemon._window import routine_message
    from deskbreak.library import load_library

    library = load_library()
    now = time.time()
    step = StepMessage(index=0, prepare_until=now + 5, hold_until=now + 35, routine_until=now + 120)
    return encode_message(routine_message(library.routines["desk"].routine, library, pictures)) + encode_message(step)


def environment(source: Path, display: str, home: Path) -> dict[str, str]:
    return {"DISPLAY": display, "HOME": str(home), "PATH": "/usr/bin:/bin", "PYTHONPATH": str(source),
            "DESKBREAK_WINDOW_TRACE": "1"}


def command_of(source: Path, env: dict[str, str]) -> list[str]:
    """The command ``source``'s daemon starts the window with (its ``window_command``)."""
    asked = subprocess.run([sys.executable, "-c", "import json; from deskbreak.breakwindow import window_command; "
                            "print(json.dumps(window_command()))"], cwd=source, env=env, capture_output=True,
                           text=True, check=True)
    command: list[str] = json.loads(asked.stdout)
    return command


def opened(command: list[str], source: Path, env: dict[str, str], lines: str) -> subprocess.Popen[str]:
    """A window started with ``command`` and given the routine and its first step."""
    window = subprocess.Popen(command, cwd=source, env=env, text=True, stdin=subprocess.PIPE,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert window.stdin is not None
    window.stdin.write(lines)
    window.stdin.flush()
    return window


def one_window(command: list[str], source: Path, env: dict[str, str], lines: str) -> dict[str, float]:
    """Open one window; its memory (MiB) once settled and its time (ms) from start to first frame."""
    began = time.perf_counter()
    window = opened(command, source, env, lines)
    drawn = threading.Event()
    threading.Thread(target=watch_layout, args=(window, drawn), daemon=True).start()
    if not drawn.wait(FIRST_FRAME_LIMIT_S):
        window.kill()
        raise SystemExit(f"the window from {source} drew nothing in {FIRST_FRAME_LIMIT_S} s")
    first_frame = (time.perf_counter() - began) * 1000
    time.sleep(SETTLE_S)
    memory = rollup(window.pid)
    finish(window)
    return {"pss": memory["Pss"], "rss": memory["Rss"], "anonymous": memory["Anonymous"],
            "first frame ms": first_frame}


def watch_layout(window: subprocess.Popen[str], drawn: threading.Event) -> None:
    assert window.stderr is not None
    for line in window.stderr:
        if line.startswith("{") and json.loads(line)["type"] == "layout":
            drawn.set()


def rollup(pid: int) -> dict[str, float]:
    """``/proc/PID/smaps_rollup``'s sizes, in MiB."""
    fields = (line.split() for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:])
    return {name.rstrip(":"): int(size) / 1024 for name, size, *_ in fields}


def finish(window: subprocess.Popen[str]) -> None:
    """Close the window's stdin, which closes the window, and reap it."""
    assert window.stdin is not None
    window.stdin.close()
    window.wait(timeout=10)


def module_count(command: list[str], source: Path, env: dict[str, str], lines: str) -> float:
    """How many modules the window imports, from ``-X importtime``'s lines, once a step is on screen."""
    window = opened([command[0], "-X", "importtime", *command[1:]], source, env, lines)
    assert window.stderr is not None
    imported = set()
    for line in window.stderr:
        if line.startswith("import time:") and "|" in line:
            imported.add(line.rsplit("|", 1)[1].strip())
        elif line.startswith("{") and json.loads(line)["type"] == "layout":
            break
    finish(window)
    return len(imported)


def table(runs: dict[str, list[dict[str, float]]], modules: dict[str, float]) -> str:
    """Medians, MiB and ms, with each checkout's ratio to the first one's."""
    names = list(runs)
    medians = {name: {figure: statistics.median(run[figure] for run in runs[name]) for figure in FIGURES}
               | {"modules": modules[name]} for name in names}
    rows = [f"| window process | {' | '.join(names)} |", f"|---|{'---|' * len(names)}"]
    for figure in (*FIGURES, "modules"):
        base = medians[names[0]][figure]
        cells = [f"{medians[name][figure]:.1f}" + (f" ({medians[name][figure] / base:.2f} {TIMES})"
                                                   if name != names[0] else "") for name in names]
        rows.append(f"| {figure} | {' | '.join(cells)} |")
    return "\n".join(rows) + f"\n\nmedians of {len(runs[names[0]])} windows each; memory in MiB"


if __name__ == "__main__":
    main()
