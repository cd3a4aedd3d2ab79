"""``deskbreak run`` without a desktop: the engine on the real clock, in a terminal.

This is the daemon's simplest shell: it samples, feeds the engine, prints
what the engine says and re-reads the config when it changes. Until an idle
backend is chosen it treats the user as always present, and says so.
"""

from __future__ import annotations

import sys
import time
from datetime import datetime, timedelta

from deskbreak.core import Effect, Engine, IdleSampled, Record, Settings, SettingsChanged
from deskbreak.durations import format_duration
from deskbreak.routines import builtin_routines
from deskbreak.settings_file import ConfigError
from deskbreak.user_config import ConfigWatcher, ensure_user_config, user_config_path

__all__ = ["run_headless"]

_POLL = 5.0


def run_headless(verbose: bool = False) -> int:
    """Run until interrupted; return the exit status."""
    path = user_config_path()
    if ensure_user_config(path):
        print(f"deskbreak: created your config file at {path}")
    watcher = ConfigWatcher(path, lambda: [routine.name for routine in builtin_routines()])
    try:
        settings = watcher.load()
    except ConfigError as error:
        print(f"{error}\ndeskbreak: using the default settings until the file is fixed", file=sys.stderr)
        settings = Settings()
    engine = Engine(settings, builtin_routines())
    print(f"deskbreak: a break every {format_duration(settings.interval)} of desk time "
          "(no idle detection yet: you count as always present). Ctrl+C stops.")
    try:
        while True:
            now = datetime.now().astimezone()
            _show(engine.handle(IdleSampled(now=now, idle_for=timedelta(0))), verbose)
            _reload(engine, watcher, now)
            deadline = engine.next_deadline()
            wait = _POLL if deadline is None else min(_POLL, (deadline - now).total_seconds())
            time.sleep(max(0.05, wait))
    except KeyboardInterrupt:
        return 0


def _reload(engine: Engine, watcher: ConfigWatcher, now: datetime) -> None:
    change = watcher.check()
    if isinstance(change, ConfigError):
        print(f"{change}\ndeskbreak: kept the last good settings", file=sys.stderr)
    elif change is not None:
        engine.handle(SettingsChanged(now=now, settings=change))
        print("deskbreak: settings reloaded")


def _show(effects: list[Effect], verbose: bool) -> None:
    for effect in effects:
        if isinstance(effect, Record) and (verbose or effect.kind == "reminder"):
            stamp = effect.at.strftime("%H:%M")
            if effect.kind == "reminder":
                print(f"{stamp}  time for a break: the {effect.routine} routine", flush=True)
            else:
                print(f"{stamp}  {effect.kind.replace('_', ' ')}", flush=True)
