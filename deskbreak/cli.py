"""The ``deskbreak`` command line: argument parsing and dispatch to commands.

Every failure a user can cause ends in one line on stderr naming what was
wrong and where, and a non-zero exit: 1 for problems found (or no daemon), 2
for bad input. Command modules are imported only when their command runs,
so ``deskbreak status`` starts fast.
"""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Sequence
from pathlib import Path

from deskbreak import __version__

__all__ = ["main"]

_EXAMPLES = """examples:
  deskbreak run                      start the daemon
  deskbreak status                   how long until the next break
  deskbreak snooze 20                put the showing reminder off by 20 minutes
  deskbreak pause until 14:00        no reminders until 14:00
  deskbreak stats                    today's and this week's breaks
  deskbreak simulate day.jsonl       replay a scripted day
"""


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    parser = _parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "handler"):
        parser.print_help()
        return 2
    module_name, function_name = args.handler.split(":")
    handler = getattr(importlib.import_module(f"deskbreak.commands.{module_name}"), function_name)
    try:
        status: int = handler(args)
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
    run.set_defaults(handler="run:run")
    _control_commands(commands)
    _tool_commands(commands)
    return parser


def _control_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The commands sent to the running daemon."""

    def add(name: str, text: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=text, description=text[0].upper() + text[1:] + ".")
        sub.set_defaults(handler="control:send", command=name)
        return sub

    add("status", "how long until the next break").add_argument(
        "--json", action="store_true", help="print the state as JSON, for scripts")
    start = add("start", "start a break now")
    start.add_argument("routine", nargs="?", help="routine to run (default: the configured one)")
    start.add_argument("--routine", dest="routine_option", metavar="ROUTINE", help="same as ROUTINE")
    start.add_argument("--no-window", action="store_true", help="no break window: cues only")
    add("stop", "stop the running break (recorded as partial)")
    add("snooze", "put the showing reminder off").add_argument(
        "minutes", nargs="?", type=int, help="minutes of desk time (default: the snooze setting)")
    add("skip", "skip this break; desk time starts again")
    add("log", "record a break you took away from the computer")
    pause = add("pause", "no reminders for a while")
    pause.add_argument("spec", nargs="*", metavar="HOW_LONG",
                       help='"30m", "2h", "until 14:00", "until tomorrow"; nothing: until resumed')
    add("resume", "end a pause")
    add("reload", "re-read the config file now")
    add("quit", "stop the daemon")


def _tool_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The commands that work without the daemon."""
    stats = commands.add_parser("stats", help="today's and this week's breaks")
    export = stats.add_mutually_exclusive_group()
    export.add_argument("--json", action="store_true", help="export the whole history as JSON Lines")
    export.add_argument("--csv", action="store_true", help="export the whole history as CSV")
    stats.set_defaults(handler="stats:run")
    doctor = commands.add_parser("doctor", help="show which backends are in use and what is missing")
    doctor.set_defaults(handler="doctor:run")
    commands.add_parser("program", help="where you are in the progressive program, and what is due").set_defaults(
        handler="program:run")
    commands.add_parser("routines", help="list the routines and how long each takes").set_defaults(
        handler="library:routines")
    commands.add_parser("about", help="how hard to stretch, when to see a doctor, and the sources").set_defaults(
        handler="library:about")

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
    sim.set_defaults(handler="simulate:run")

    config = commands.add_parser("config", help="find or check the config file")
    config_commands = config.add_subparsers(title="config commands", metavar="ACTION")
    config_commands.add_parser("path", help="print the config file's path").set_defaults(handler="config:path")
    check = config_commands.add_parser("check", help="check a config file; exit 1 on problems")
    check.add_argument("file", nargs="?", type=Path, help="file to check (default: yours)")
    check.set_defaults(handler="config:check")
    edit = config_commands.add_parser(
        "edit",
        help="open the config file in your editor",
        description="Open the config file in $VISUAL, else $EDITOR, else the system's default app,\n"
        "creating it from the commented default first. A running daemon picks up\n"
        "the saved change within seconds.",
        epilog="example:\n  EDITOR=nano deskbreak config edit",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    edit.set_defaults(handler="config:edit")

    autostart = commands.add_parser(
        "autostart",
        help="start deskbreak at login, or stop doing so",
        description="Start deskbreak when you log in: an XDG autostart entry (or a systemd user\n"
        "unit) on Linux, a LaunchAgent on macOS, the Run key on Windows. With no\n"
        "action, the same as status.",
        epilog="examples:\n  deskbreak autostart on\n  deskbreak autostart status",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    autostart.set_defaults(handler="autostart:status")
    autostart_commands = autostart.add_subparsers(title="autostart commands", metavar="ACTION")

    def autostart_action(name: str, text: str, example: str) -> argparse.ArgumentParser:
        action = autostart_commands.add_parser(name, help=text, description=text[0].upper() + text[1:] + ".",
                                               epilog=f"example:\n  {example}",
                                               formatter_class=argparse.RawDescriptionHelpFormatter)
        action.set_defaults(handler=f"autostart:{name}")
        return action

    turn_on = autostart_action("on", "start this installation of deskbreak at login",
                               "deskbreak autostart on --systemd")
    turn_on.add_argument("--systemd", action="store_true",
                         help="Linux: a systemd user unit instead of an XDG autostart entry")
    autostart_action("off", "stop starting deskbreak at login (removes only what 'on' made)", "deskbreak autostart off")
    autostart_action("status", "show what starts deskbreak at login; exit 1 if it is stale",
                     "deskbreak autostart status")
