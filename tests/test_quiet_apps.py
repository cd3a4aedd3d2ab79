"""[quiet] apps: busy while a program the user named runs, seen in /proc as the kernel names it."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from desktop import wait_until

from deskbreak.core import Settings
from deskbreak.quiet import QuietUnavailable
from deskbreak.quiet._apps import NamedApps, open_signal, running_programs

pytestmark = pytest.mark.posix


def start_program(tmp_path: Path, name: str) -> subprocess.Popen[bytes]:
    """A real process whose program is called ``name`` (a copy of sleep)."""
    program = tmp_path / name
    shutil.copy(shutil.which("sleep") or "/bin/sleep", program)
    return subprocess.Popen([str(program), "600"])


def test_busy_while_a_named_program_runs_whatever_its_case_and_length(tmp_path: Path) -> None:
    # A name no other program has, not even another test run's on this machine: its first 15 characters
    # (all the kernel keeps) hold this process's id.
    name = f"Pres{os.getpid():011d}-App-Long-Name"
    signal = NamedApps((name.lower(),))
    assert signal.busy() is False
    program = start_program(tmp_path, name)
    try:
        # Popen returns once exec closed its pipe, which the kernel does a moment before it renames the process.
        wait_until(lambda: name.lower()[:15] in running_programs(), "the kernel names the process")
        assert signal.busy() is True
    finally:
        program.kill()
        program.wait()
    assert signal.busy() is False


def test_no_programs_named_means_no_signal() -> None:
    with pytest.raises(QuietUnavailable, match=r"no programs named in \[quiet\] apps"):
        open_signal({}, Settings(), lambda: None)


def test_a_proc_that_cannot_be_listed_is_a_one_line_problem(tmp_path: Path) -> None:
    signal = NamedApps(("obs",), proc=tmp_path / "missing")
    with pytest.raises(QuietUnavailable, match=r"cannot list the running programs in .*missing"):
        signal.busy()
