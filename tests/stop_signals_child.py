"""A child process for test_daemon_signals: ``StopSignals`` in a process blocked as the daemon can be.

``darwin``: the main thread runs the darwin tray in a fake ``NSApp.run()``,
which, like AppKit's C loop, runs no Python signal handler while it waits
and returns only when told from its own thread. ``lock``: the main thread
holds the tray's ``PendingChanges`` lock when the signal comes, as it does
for a moment inside every ``note`` and ``take``.

In ``darwin`` it prints "ready" once the loop runs, for the test to send
the signal; ``lock`` signals itself. Once stopped, each prints the thread
that ran ``stop`` and "cleaned up".
"""

from __future__ import annotations

import os
import signal
import sys
import threading

from fake_appkit import AppKitWorld


def ready() -> None:
    print("ready", flush=True)


def python_runs_pending_signal_handlers_here() -> None:
    """Any call: CPython runs the handlers of signals that came meanwhile before it starts one."""


def darwin() -> None:
    world = AppKitWorld()
    sys.modules.update(world.modules())
    from deskbreak.daemon._signals import StopSignals
    from deskbreak.tray import choose_tray

    tray = choose_tray(lambda request: None, environ={}, platform="darwin").tray
    stopped_on: list[str] = []

    def stop() -> None:
        stopped_on.append(threading.current_thread().name)
        tray.stop()

    signals = StopSignals.install(stop)
    world.modules()["PyObjCTools.AppHelper"].callAfter(ready)  # printed from inside NSApp.run()
    tray.run()
    signals.close()
    print(f"stopped on {stopped_on}", flush=True)
    print("cleaned up", flush=True)


def lock() -> None:
    from deskbreak.daemon._signals import StopSignals
    from deskbreak.tray._changes import PendingChanges

    changes = PendingChanges()
    stopped = threading.Event()
    stopped_on: list[str] = []

    def stop() -> None:
        changes.note("stop")
        stopped_on.append(threading.current_thread().name)
        stopped.set()

    signals = StopSignals.install(stop)
    with changes._lock:
        os.kill(os.getpid(), signal.SIGTERM)
        python_runs_pending_signal_handlers_here()
    stopped.wait(timeout=10)
    signals.close()
    changes.close()
    print(f"stopped on {stopped_on}", flush=True)
    print("cleaned up", flush=True)


if __name__ == "__main__":
    {"darwin": darwin, "lock": lock}[sys.argv[1]]()
