"""``deskbreak simulate``: replay a trace and print the events as JSON Lines."""

from __future__ import annotations

import argparse
import json
import os
import sys
import warnings
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

from deskbreak.config.settings_file import ConfigError, load_settings
from deskbreak.config.user_file import user_config_path
from deskbreak.core import Settings
from deskbreak.library import routines_for
from deskbreak.simulate import TraceError, TraceStep, parse_trace, record_json, simulate

__all__ = ["run"]


def run(args: argparse.Namespace) -> int:
    """Replay ``args.trace``; exit 2 on a bad trace line or config."""
    try:
        settings = _settings_for(args.config)
    except ConfigError as error:
        print(error, file=sys.stderr)
        return 2
    if args.sample_every is not None and not args.sample_every > 0:
        print("deskbreak simulate: --sample-every must be more than zero", file=sys.stderr)
        return 2
    try:
        if args.trace == "-":
            start, steps = _parse(sys.stdin)
        else:
            with open(args.trace, encoding="utf-8") as trace:
                start, steps = _parse(trace)
        for record in simulate(start, steps, settings, routines_for(settings), args.sample_every):
            print(json.dumps(record_json(record, start)), flush=True)
    except BrokenPipeError:
        # The reader left (`| head`): not a read error. Stop quietly, as Unix tools do on SIGPIPE, and keep
        # Python's own flush at exit from complaining about the same closed pipe.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    except TraceError as error:
        print(error, file=sys.stderr)
        return 2
    except (OSError, UnicodeDecodeError) as error:
        print(f"deskbreak simulate: cannot read {args.trace}: {error}", file=sys.stderr)
        return 2
    return 0


def _parse(lines: Iterable[str]) -> tuple[datetime, list[TraceStep]]:
    """``parse_trace``, telling of each deprecated spelling in one line on stderr."""
    with warnings.catch_warnings(record=True) as notes:
        warnings.simplefilter("always")
        parsed = parse_trace(lines)
    for note in notes:
        print(f"deskbreak simulate: {note.message}", file=sys.stderr)
    return parsed


def _settings_for(path: Path | None) -> Settings:
    """Settings from ``path``, else the user's file if it exists, else defaults."""
    if path is None:
        path = user_config_path()
        if not path.exists():
            return Settings()
    return load_settings(path)
