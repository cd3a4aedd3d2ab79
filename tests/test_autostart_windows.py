"""Windows autostart: the Run key value, through FakeRegistry, and the windowless launcher.

The real registry is behind the ``Registry`` port; these tests run the same
``RunKey`` logic on any system.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from desktop_autostart import installed

from deskbreak.autostart import (
    RUN_KEY,
    AutostartError,
    FakeRegistry,
    Launcher,
    RunKey,
    autostart_status,
    find_launcher,
    run_key_command,
    turn_off,
    turn_on,
)
from deskbreak.control import InstanceLock
from deskbreak.daemon._logging import log_path

LOCATION = f"{RUN_KEY}\\deskbreak"


def test_the_run_value_quotes_the_program_and_runs_the_windowless_launcher() -> None:
    assert RUN_KEY == r"HKCU\Software\Microsoft\Windows\CurrentVersion\Run"
    pipx = Launcher((r"C:\Users\Ann Lee\pipx\venvs\deskbreak\Scripts\deskbreakw.exe",))
    assert run_key_command(pipx) == r'"C:\Users\Ann Lee\pipx\venvs\deskbreak\Scripts\deskbreakw.exe"'
    fallback = Launcher((r"C:\Python311\pythonw.exe", "-m", "deskbreak", "run"))
    assert run_key_command(fallback) == r'"C:\Python311\pythonw.exe" -m deskbreak run'


def test_the_launcher_is_deskbreakw_beside_python_else_pythonw(tmp_path: Path) -> None:
    scripts = tmp_path / "venv" / "Scripts"
    python = installed(scripts, "python.exe").program
    assert find_launcher("win32", python, [scripts]).command == (python, "-m", "deskbreak", "run")
    quiet = installed(scripts, "pythonw.exe").program
    assert find_launcher("win32", python, [scripts]).command == (quiet, "-m", "deskbreak", "run")
    windowless = installed(scripts, "deskbreakw.exe").program
    assert find_launcher("win32", python, [scripts]).command == (windowless,)


def test_on_sets_the_value_twice_harmlessly_and_off_deletes_it(tmp_path: Path) -> None:
    launcher = installed(tmp_path / "Scripts", "deskbreakw.exe")
    registry = FakeRegistry({"OneDrive": r'"C:\OneDrive.exe" /background'})
    backends = [RunKey(registry)]
    assert turn_on(backends, launcher).lines == (
        f'autostart on: {LOCATION} starts "{launcher.program}" at your next login',)
    assert registry.values == {"OneDrive": r'"C:\OneDrive.exe" /background', "deskbreak": f'"{launcher.program}"'}
    assert turn_on(backends, launcher).lines[0].startswith(f"autostart was already on: {LOCATION}")
    assert autostart_status(backends, launcher).lines == (
        "autostart: Run key", f"  Run key: {LOCATION} starts {launcher.program}")
    assert turn_off(backends).lines == (f"removed {LOCATION}",)
    assert registry.values == {"OneDrive": r'"C:\OneDrive.exe" /background'}


def test_a_value_the_user_set_is_never_replaced_or_removed(tmp_path: Path) -> None:
    mine = r'"C:\tools\start-deskbreak.bat"'
    registry = FakeRegistry({"deskbreak": mine})
    with pytest.raises(AutostartError, match="was not made by deskbreak, so it is left alone"):
        turn_on([RunKey(registry)], installed(tmp_path, "deskbreakw.exe"))
    assert not turn_off([RunKey(registry)]).ok
    assert registry.values == {"deskbreak": mine}


def test_status_finds_a_value_whose_program_is_gone(tmp_path: Path) -> None:
    registry = FakeRegistry({"deskbreak": r'"C:\old\venv\Scripts\pythonw.exe" -m deskbreak run'})
    status = autostart_status([RunKey(registry)], installed(tmp_path, "deskbreakw.exe"))
    assert not status.ok
    assert status.lines[1] == (rf"  Run key: {LOCATION} is stale: it points at C:\old\venv\Scripts\pythonw.exe, "
                               "which is gone; run `deskbreak autostart on` again")


def test_a_locked_registry_is_one_clear_error(tmp_path: Path) -> None:
    with pytest.raises(AutostartError) as raised:
        turn_on([RunKey(FakeRegistry(refuse=True))], installed(tmp_path, "deskbreakw.exe"))
    assert str(raised.value) == f"cannot read {LOCATION}: [Errno 13] Access is denied"


WINDOWLESS = """
import sys
from pathlib import Path
from deskbreak.autostart import run_windowless

shown = Path(sys.argv[1])
sys.stdout = sys.stderr = None  # what pythonw gives a GUI script
sys.exit(run_windowless(show=shown.write_text))
"""


@pytest.mark.usefixtures("runtime_base")
def test_deskbreakw_shows_why_it_did_not_start_and_logs_it(tmp_path: Path) -> None:
    """With no console, "already running" printed to stderr would be lost: it comes in a message box."""
    shown = tmp_path / "message-box.txt"
    with InstanceLock():
        status = subprocess.run([sys.executable, "-c", WINDOWLESS, str(shown)], check=False, timeout=30).returncode
    assert status == 1
    assert shown.read_text() == f"deskbreak is already running (pid {os.getpid()})"
    assert f"not started: deskbreak is already running (pid {os.getpid()})" in log_path().read_text()
