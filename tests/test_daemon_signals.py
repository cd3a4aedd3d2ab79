"""SIGTERM and SIGINT stop the daemon cleanly, whatever its main thread is blocked in.

On macOS the main thread sits in ``NSApp.run()``, where no Python signal
handler runs; anywhere, a handler that stops the tray itself can wait on a
lock its own thread holds. ``StopSignals`` takes the signal on a thread of
its own instead; the children in ``stop_signals_child.py`` block their main
thread both ways.
"""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import pytest

from deskbreak.daemon._signals import StopSignals

CHILD = Path(__file__).with_name("stop_signals_child.py")
CLEAN_EXIT = "stopped on ['deskbreak-signals']\ncleaned up\n"


def finish(child: subprocess.Popen[str], what: str) -> str:
    try:
        output, _ = child.communicate(timeout=10)
    except subprocess.TimeoutExpired:
        child.kill()
        child.communicate()
        pytest.fail(f"{what}: the process was still running 10 s later")
    assert child.returncode == 0, output
    return output


@pytest.mark.posix  # Windows has no SIGTERM another process can send
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_stops_a_daemon_whose_main_thread_is_in_the_appkit_loop(signum: int) -> None:
    child = subprocess.Popen([sys.executable, str(CHILD), "darwin"], stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None
    assert child.stdout.readline() == "ready\n"
    child.send_signal(signum)
    assert finish(child, f"{signal.Signals(signum).name} to the darwin loop") == CLEAN_EXIT


@pytest.mark.posix  # Windows has no SIGTERM another process can send
def test_the_signal_handler_never_waits_for_the_trays_lock() -> None:
    child = subprocess.Popen([sys.executable, str(CHILD), "lock"], stdout=subprocess.PIPE, text=True)
    assert finish(child, "SIGTERM while the main thread holds the PendingChanges lock") == CLEAN_EXIT


def test_close_puts_back_the_handlers_and_wakeup_fd_it_found() -> None:
    before = signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGINT)
    StopSignals.install(lambda: None).close()
    assert (signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGINT)) == before
    assert signal.set_wakeup_fd(-1) == -1
