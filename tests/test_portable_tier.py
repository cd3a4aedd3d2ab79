"""What a Windows or macOS checkout sees: the suite collects without Linux-only modules, and the tests stay private.

The run here is pytest in a child process with ``without_linux_modules``
loaded first, which hides jeepney, python-xlib, fcntl and pwd. It collects
the whole suite (any module that cannot be imported then is an error) and
runs a subset of the tier such a checkout runs, ``not desktop and not
posix``: the platform backends' tests and a sample of the pure ones. Left
out: tests that take the instance lock in this process (its POSIX flock
is what is hidden, and sys.platform still says linux, so the Windows lock
is not taken either) and the slow ones that start real processes.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import platformdirs.macos
import platformdirs.windows

TESTS = Path(__file__).parent
PORTABLE_SAMPLE = (
    "test_tray_platforms", "test_tray_menu", "test_tray_view", "test_notify_backends", "test_idle_platforms",
    "test_autostart_windows", "test_autostart_macos", "test_backends", "test_cli_help", "test_settings_file",
    "test_user_config", "test_engine_time", "test_history_store", "test_breakwindow_protocol", "test_daemon_commands",
)
TAKE_THE_LOCK_HERE = ("second_daemon_launchd", "deskbreakw_shows")


def test_without_linux_modules_the_suite_collects_and_the_portable_tier_passes(tmp_path: Path) -> None:
    chosen = " or ".join(PORTABLE_SAMPLE)
    left_out = " or ".join(TAKE_THE_LOCK_HERE)
    command = [sys.executable, "-m", "pytest", "-p", "without_linux_modules", "-p", "no:cacheprovider",
               "--basetemp", str(tmp_path / "run"), "-m", "not desktop and not posix",
               "-k", f"({chosen}) and not ({left_out})", str(TESTS)]
    environment = {**os.environ, "PYTHONPATH": os.pathsep.join([str(TESTS), os.environ.get("PYTHONPATH", "")])}
    run = subprocess.run(command, capture_output=True, text=True, env=environment, check=False, timeout=300)
    summary = run.stdout.strip().splitlines()[-1].strip("= ")
    assert run.returncode == 0, run.stdout[-3000:]
    assert " error" not in summary, summary
    assert int(summary.split(" passed")[0].split()[-1]) >= 300, summary
    header = next(line for line in run.stdout.splitlines() if line.startswith("desktop tier: "))
    assert "they import jeepney and Xlib, which this Python cannot (Linux only)" in header
    assert "test_tray_sni_bus.py" in header
    assert "test_breakwindow_window.py" in header


def test_every_folder_platformdirs_gives_on_windows_and_macos_is_the_tests_own() -> None:
    private = Path(os.environ["HOME"]).parent  # the test's tmp_path: HOME and XDG_RUNTIME_DIR are in it
    for dirs in (platformdirs.windows.Windows("deskbreak", appauthor=False),
                 platformdirs.macos.MacOS("deskbreak", appauthor=False)):
        for kind in ("user_config_path", "user_data_path", "user_state_path", "user_cache_path", "user_log_path",
                     "user_runtime_path"):
            assert getattr(dirs, kind).is_relative_to(private), (type(dirs).__name__, kind)
