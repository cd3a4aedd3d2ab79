"""One daemon per user, and the private directory its lock and socket live in."""

from __future__ import annotations

import os
import selectors
import stat
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import platformdirs.windows
import pytest

from deskbreak.control import AlreadyRunning, InstanceLock, UnsafeRuntimeDir, runtime_dir, send_request

HOLDER = """
import sys
from deskbreak.control import InstanceLock
InstanceLock().acquire()
print("locked", flush=True)
sys.stdin.read()
"""


@pytest.fixture
def holder(runtime_base: Path) -> Iterator[subprocess.Popen[str]]:
    """Another process that holds the lock until it is killed."""
    process = subprocess.Popen(
        [sys.executable, "-c", HOLDER], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert process.stdout is not None
    try:
        with selectors.DefaultSelector() as selector:
            selector.register(process.stdout, selectors.EVENT_READ)
            assert selector.select(timeout=20), "the lock-holding subprocess did not start within 20 s"
        assert process.stdout.readline() == "locked\n"
        yield process
    finally:
        process.kill()
        process.wait()


def test_second_daemon_is_refused_with_the_first_ones_pid(holder: subprocess.Popen[str]) -> None:
    with pytest.raises(AlreadyRunning) as caught:
        InstanceLock().acquire()
    assert caught.value.pid == holder.pid
    assert str(caught.value) == f"deskbreak is already running (pid {holder.pid})"


@pytest.mark.posix
def test_lock_of_a_killed_daemon_is_taken_over_and_gets_our_pid(holder: subprocess.Popen[str]) -> None:
    holder.kill()
    holder.wait()
    lock = InstanceLock()
    assert lock.path.read_text() == f"{holder.pid}\n"
    lock.acquire()
    assert lock.held
    assert lock.path.read_text() == f"{os.getpid()}\n"
    assert stat.S_IMODE(lock.path.stat().st_mode) == 0o600
    lock.release()


def test_lock_is_exclusive_within_one_process_too_and_free_after_release(runtime_base: Path) -> None:
    with InstanceLock(), pytest.raises(AlreadyRunning, match=rf"\(pid {os.getpid()}\)"):
        InstanceLock().acquire()
    with InstanceLock() as again:
        assert again.held
    assert not again.held


@pytest.mark.posix
def test_holder_that_has_not_written_its_pid_yet_is_still_reported(runtime_base: Path) -> None:
    import fcntl

    lock_path = runtime_dir() / "deskbreak.lock"
    with lock_path.open("w") as just_opened:
        fcntl.flock(just_opened, fcntl.LOCK_EX | fcntl.LOCK_NB)
        with pytest.raises(AlreadyRunning) as caught:
            InstanceLock().acquire()
    assert caught.value.pid is None
    assert str(caught.value) == "deskbreak is already running"


@pytest.mark.posix
def test_runtime_dir_is_created_private_under_xdg_runtime_dir(runtime_base: Path) -> None:
    previous_umask = os.umask(0)
    try:
        path = runtime_dir()
    finally:
        os.umask(previous_umask)
    assert path == runtime_base / "deskbreak"
    assert stat.S_IMODE(path.stat().st_mode) == 0o700


@pytest.mark.posix
@pytest.mark.parametrize("mode", [0o777, 0o750, 0o701])
def test_runtime_dir_others_can_reach_is_refused_not_repaired(runtime_base: Path, mode: int) -> None:
    path = runtime_base / "deskbreak"
    path.mkdir()
    path.chmod(mode)
    expected = (
        f"refusing to use the runtime directory {path}: other users can reach it (mode {mode:04o}); "
        f"chmod 700 {path}"
    )
    with pytest.raises(UnsafeRuntimeDir) as caught:
        runtime_dir()
    assert str(caught.value) == expected
    with pytest.raises(UnsafeRuntimeDir):
        InstanceLock()
    with pytest.raises(UnsafeRuntimeDir):
        send_request({"command": "status"})
    assert stat.S_IMODE(path.stat().st_mode) == mode


@pytest.fixture
def temp_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An unusable XDG_RUNTIME_DIR, so the fallback under a private temp dir is used."""
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path / "missing"))
    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    return temp


@pytest.mark.posix
def test_without_a_usable_xdg_runtime_dir_a_private_temp_dir_is_used(temp_dir: Path) -> None:
    path = runtime_dir()
    assert path == temp_dir / f"deskbreak-{os.geteuid()}"
    assert stat.S_IMODE(path.stat().st_mode) == 0o700
    assert not (temp_dir.parent / "missing").exists()


@pytest.mark.posix
def test_temp_dir_another_user_created_first_is_refused(
    temp_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_uid = os.geteuid()
    planted = temp_dir / f"deskbreak-{real_uid + 1}"
    planted.mkdir(mode=0o700)
    monkeypatch.setattr(os, "geteuid", lambda: real_uid + 1)
    refusal = rf"it is owned by uid {real_uid}, not by you \(uid {real_uid + 1}\)"
    with pytest.raises(UnsafeRuntimeDir, match=refusal):
        runtime_dir()


@pytest.mark.posix
def test_symlink_planted_at_the_temp_dir_is_refused(temp_dir: Path) -> None:
    elsewhere = temp_dir / "attacker"
    elsewhere.mkdir(mode=0o700)
    (temp_dir / f"deskbreak-{os.geteuid()}").symlink_to(elsewhere)
    with pytest.raises(UnsafeRuntimeDir, match="it is a symlink; remove it"):
        runtime_dir()


def test_on_windows_the_runtime_dir_is_kept_out_of_the_temp_folder_cleaners_empty() -> None:
    """platformdirs' runtime dir there is %LOCALAPPDATA%\\Temp\\deskbreak: a clean-up would take the port file."""
    path = runtime_dir("win32")
    assert path == Path(platformdirs.windows.get_win_folder("CSIDL_LOCAL_APPDATA")) / "deskbreak" / "run"
    assert path.is_dir()
    assert "Temp" not in path.parts
