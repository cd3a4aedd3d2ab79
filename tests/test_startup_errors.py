"""Start-up problems a user can meet, through the real CLI: one line on stderr naming the path and the fix.

Tests run as root, whom ``chmod`` does not stop, so each problem is made the
way it also happens to users: a file where a folder belongs, a directory
others may write to, one owned by someone else.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from deskbreak.config.user_file import user_config_path
from deskbreak.history import default_history_path

OTHER_UID = 54321


@pytest.fixture(autouse=True)
def _no_desktop(monkeypatch: pytest.MonkeyPatch) -> None:
    """Nothing to show notifications on: a daemon that got further than it should would say so on stdout."""
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent")
    monkeypatch.setenv("DESKBREAK_IDLE", "always-present")


def deskbreak(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "deskbreak", *args], capture_output=True, text=True,
                          check=False, timeout=60)  # fmt: skip


def assert_one_line_naming(result: subprocess.CompletedProcess[str], *names: str) -> str:
    """The command failed with exactly one line on stderr, mentioning each of ``names``; return it."""
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    for name in names:
        assert name in lines[0]
    return lines[0]


def test_a_file_where_the_history_folder_belongs(runtime_base: Path) -> None:
    folder = default_history_path().parent
    folder.parent.mkdir(parents=True)
    folder.write_text("not a folder")
    for command in ("run", "stats", "report", "checkin"):
        args = [command, "3"] if command == "checkin" else [command]
        line = assert_one_line_naming(deskbreak(*args), str(folder), "move it aside")
        assert "is a file" in line


def test_a_file_where_the_log_folder_belongs(runtime_base: Path) -> None:
    folder = Path(os.environ["XDG_STATE_HOME"]) / "deskbreak" / "log"
    folder.parent.mkdir(parents=True)
    folder.write_text("not a folder")
    line = assert_one_line_naming(deskbreak("run"), "cannot write the log", str(folder), "DESKBREAK_LOG")
    assert "deskbreak.log" in line


@pytest.mark.parametrize("verb", ["run", "status"])
def test_a_runtime_directory_others_may_write_to(runtime_base: Path, verb: str) -> None:
    unsafe = runtime_base / "deskbreak"
    unsafe.mkdir(mode=0o770)
    unsafe.chmod(0o770)
    assert_one_line_naming(deskbreak(verb), str(unsafe), f"chmod 700 {unsafe}")
    assert not (unsafe / "deskbreak.lock").exists()


@pytest.mark.parametrize("verb", ["run", "status"])
def test_a_runtime_directory_owned_by_someone_else(runtime_base: Path, verb: str) -> None:
    foreign = runtime_base / "deskbreak"
    foreign.mkdir(mode=0o700)
    os.chown(foreign, OTHER_UID, OTHER_UID)
    assert_one_line_naming(deskbreak(verb), str(foreign), f"owned by uid {OTHER_UID}", "rm -r")


@pytest.mark.parametrize("verb", ["run", "status"])
def test_no_safe_runtime_directory_anywhere(monkeypatch: pytest.MonkeyPatch, verb: str) -> None:
    """No XDG_RUNTIME_DIR, so platformdirs falls back to the temp dir, where a file is in the way."""
    system_default = Path(f"/run/user/{os.geteuid()}")
    if system_default.is_dir():
        pytest.skip(f"platformdirs would use {system_default} here, not its temp-dir fallback")
    monkeypatch.delenv("XDG_RUNTIME_DIR")
    temp = Path(os.environ["TMPDIR"])  # this test's own (conftest)
    (temp / f"runtime-{os.geteuid()}").write_text("not a directory")
    assert_one_line_naming(deskbreak(verb), str(temp / f"runtime-{os.geteuid()}"), "XDG_RUNTIME_DIR")


@pytest.mark.parametrize("command", [["config", "check"], ["program"]])
def test_a_config_nested_too_deeply_for_the_toml_reader(runtime_base: Path, command: list[str]) -> None:
    config = user_config_path()
    config.parent.mkdir(parents=True)
    config.write_text("[program]\nenabled = " + "[" * 50_000 + "]" * 50_000 + "\n")
    assert_one_line_naming(deskbreak(*command), str(config), "nested too deeply", "remove the extra levels")

