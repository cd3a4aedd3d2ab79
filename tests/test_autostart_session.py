"""A login session started from the generated autostart entry really runs the daemon.

Xvfb and a private session bus stand in for the desktop. ``deskbreak
autostart on`` writes the entry; its Exec line is run the way a session
manager runs it (no shell, the session's plain environment, no virtualenv
on PATH), and the CLI reaches the daemon it started.
"""

from __future__ import annotations

import ast
import os
import shlex
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from daemon_process import deskbreak
from desktop import Xvfb, need, start_bus, stop_bus, wait_until

PACKAGE = Path(__file__).resolve().parent.parent / "deskbreak"
ALLOWED_USERS = {"commands/autostart.py", "commands/doctor.py"}
SESSION_VARIABLES = ("HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_RUNTIME_DIR")


@pytest.fixture
def session_environment(tmp_path: Path) -> Iterator[dict[str, str]]:
    """What a desktop session gives the programs it autostarts."""
    xvfb = Xvfb(tmp_path / "xvfb.log")
    bus_process, bus = start_bus(tmp_path)
    Path(os.environ["XDG_RUNTIME_DIR"]).mkdir(mode=0o700, exist_ok=True)
    environment = {name: os.environ[name] for name in SESSION_VARIABLES}
    environment.update(DISPLAY=xvfb.display, DBUS_SESSION_BUS_ADDRESS=bus, PATH="/usr/bin:/bin", LANG="C.UTF-8")
    yield environment
    stop_bus(bus_process)
    xvfb.stop()


def autostart_entry() -> Path:
    return Path(os.environ["XDG_CONFIG_HOME"]) / "autostart" / "deskbreak.desktop"


def exec_line(entry: Path) -> list[str]:
    value = next(line for line in entry.read_text().splitlines() if line.startswith("Exec="))
    return shlex.split(value.removeprefix("Exec="))


def test_the_autostart_entry_starts_a_daemon_the_cli_reaches(session_environment: dict[str, str],
                                                              tmp_path: Path) -> None:
    turned_on = deskbreak("autostart", "on")
    assert turned_on.returncode == 0, turned_on.stderr
    validated = subprocess.run([need("desktop-file-validate", "desktop-file-utils"), str(autostart_entry())],
                               capture_output=True, text=True, check=False)
    assert (validated.returncode, validated.stdout) == (0, "")
    command = exec_line(autostart_entry())
    assert command == [str(Path(sys.executable).parent / "deskbreak"), "run"]

    log = tmp_path / "session.log"
    with log.open("w") as output:
        daemon = subprocess.Popen(command, env=session_environment, stdout=output, stderr=subprocess.STDOUT)
    try:
        wait_until(lambda: daemon.poll() is not None or deskbreak("status").returncode == 0,
                   "the autostarted daemon answers", limit=20, every=0.05)
        assert daemon.poll() is None, log.read_text()
        assert deskbreak("quit").returncode == 0
        assert daemon.wait(timeout=20) == 0, log.read_text()
    finally:
        if daemon.poll() is None:
            daemon.kill()
            daemon.wait()

    status = deskbreak("autostart", "status")
    assert (status.returncode, status.stdout.splitlines()[0]) == (0, "autostart: XDG")
    doctor = deskbreak("doctor")
    assert "autostart:     XDG\n" in doctor.stdout
    turned_off = deskbreak("autostart", "off")
    assert (turned_off.returncode, turned_off.stdout) == (0, f"removed {autostart_entry()}\n")
    assert not autostart_entry().exists()


def test_only_the_autostart_command_and_doctor_use_autostart() -> None:
    """Loading config or starting the daemon never changes autostart: they cannot even reach it."""
    users = set()
    for module in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(module.read_text(), str(module))):
            names = [node.module or ""] if isinstance(node, ast.ImportFrom) else (
                [alias.name for alias in node.names] if isinstance(node, ast.Import) else [])
            if any(name.startswith("deskbreak.autostart") for name in names):
                users.add(module.relative_to(PACKAGE).as_posix())
    assert {user for user in users if not user.startswith("autostart/")} <= ALLOWED_USERS
