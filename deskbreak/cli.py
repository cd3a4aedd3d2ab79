"""The ``deskbreak`` command line: argument parsing and dispatch to commands.

Every failure a user can cause ends in one line on stderr naming what was
wrong and where, and a non-zero exit: 1 for problems found, 2 for bad input.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from deskbreak import __version__
from deskbreak.core import Settings
from deskbreak.routines import builtin_routines
from deskbreak.settings_file import ConfigError, load_settings
from deskbreak.simulate import TraceError, parse_trace, record_json, simulate
from deskbreak.user_config import user_config_path

__all__ = ["main"]

_EXAMPLES = """examples:
  deskbreak run                      start the daemon
  deskbreak simulate day.jsonl       replay a scripted day
  deskbreak config check             check the config file
"""


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    parser = _parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "handler"):
        parser.print_help()
        return 2
    try:
        status: int = args.handler(args)
    except BrokenPipeError:
        return 1
    return status


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="deskbreak",
        description="A quiet break reminder that gets you to stand up and stretch.",
        epilog=_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"deskbreak {__version__}")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    run = commands.add_parser("run", help="run the daemon in the foreground")
    run.add_argument("--verbose", action="store_true", help="also log to the terminal")
    run.set_defaults(handler=_run)

    sim = commands.add_parser(
        "simulate",
        help="replay a scripted day through the engine",
        description="Replay a JSON Lines trace through the real engine on a fake clock and print "
        "what you would have seen, one JSON object per line.",
        epilog='example trace:\n  {"active": 3600}\n  {"do": "snooze", "minutes": 20}\n  {"idle": 400}',
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sim.add_argument("trace", help="trace file, or - for standard input")
    sim.add_argument("--config", type=Path, help="settings file (default: your config file)")
    sim.add_argument("--sample-every", type=float, metavar="SECONDS",
                     help="poll idle time this often instead of once per step")
    sim.set_defaults(handler=_simulate)

    config = commands.add_parser("config", help="find or check the config file")
    config_commands = config.add_subparsers(title="config commands", metavar="ACTION")
    path = config_commands.add_parser("path", help="print the config file's path")
    path.set_defaults(handler=_config_path)
    check = config_commands.add_parser("check", help="check a config file; exit 1 on problems")
    check.add_argument("file", nargs="?", type=Path, help="file to check (default: yours)")
    check.set_defaults(handler=_config_check)
    return parser


def _routine_names() -> list[str]:
    return [routine.name for routine in builtin_routines()]


def _settings_for(path: Path | None) -> Settings:
    """Settings from ``path``, else the user's file if it exists, else defaults."""
    if path is None:
        path = user_config_path()
        if not path.exists():
            return Settings()
    return load_settings(path, _routine_names())


def _simulate(args: argparse.Namespace) -> int:
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
            start, steps = parse_trace(sys.stdin)
        else:
            with open(args.trace, encoding="utf-8") as trace:
                start, steps = parse_trace(trace)
        for record in simulate(start, steps, settings, builtin_routines(), args.sample_every):
            print(json.dumps(record_json(record, start)))
    except TraceError as error:
        print(error, file=sys.stderr)
        return 2
    except (OSError, UnicodeDecodeError) as error:
        print(f"deskbreak simulate: cannot read {args.trace}: {error}", file=sys.stderr)
        return 2
    return 0


def _config_path(args: argparse.Namespace) -> int:
    print(user_config_path())
    return 0


def _config_check(args: argparse.Namespace) -> int:
    path = args.file or user_config_path()
    try:
        load_settings(path, _routine_names())
    except ConfigError as error:
        print(error, file=sys.stderr)
        return 1
    print(f"{path}: ok")
    return 0


def _run(args: argparse.Namespace) -> int:
    from deskbreak.headless import run_headless

    return run_headless(verbose=args.verbose)
