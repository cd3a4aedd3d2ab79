"""The ``deskbreak`` command line: argument parsing and dispatch to commands.

Every failure a user can cause ends in one line on stderr naming what was
wrong and where, and a non-zero exit: 1 for problems found (or no daemon), 2
for bad input. Command modules are imported only when their command runs,
so ``deskbreak status`` starts fast.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path

from deskbreak import __version__

__all__ = ["main"]

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing on the CLI's path
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import Any, TypeAlias

    Commands: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"

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
    arguments = sys.argv[1:] if argv is None else list(argv)
    parser = _parser(only=arguments[0] if arguments else None)
    args = parser.parse_args(arguments)
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


def _parser(only: str | None = None) -> argparse.ArgumentParser:
    """The whole command line; or, when ``only`` names a command, the parts of it that command uses.

    Building every command's parser costs more than ``deskbreak status``
    does otherwise (argparse looks up translations for each), so a line
    that starts with a command's name gets that command alone. Anything
    else (``--help``, a typo) gets them all, to list them.
    """
    parser = argparse.ArgumentParser(
        prog="deskbreak",
        description="A quiet break reminder that gets you to stand up and stretch.",
        epilog=_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"deskbreak {__version__}")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND", action=_Commands)
    commands.only = only  # type: ignore[attr-defined]  # a _Commands, which typeshed cannot tell
    run = _add(commands, "run", "run the daemon in the foreground", "deskbreak run --verbose",
               description="Run the daemon in the foreground until `deskbreak quit` or Ctrl+C. The first\n"
               "run creates your config file; `deskbreak autostart on` starts it at every login.")
    run.add_argument("--verbose", action="store_true", help="also log to the terminal")
    run.set_defaults(handler="run:run")
    _control_commands(commands)
    _tool_commands(commands)
    if only is not None and not commands.choices:  # not a command's name after all
        return _parser()
    return parser


class _Commands(argparse._SubParsersAction):  # type: ignore[type-arg]
    """The subcommands; when ``only`` names one, the others get a stand-in that builds nothing."""

    only: str | None = None

    def add_parser(self, name: str, **kwargs: Any) -> argparse.ArgumentParser:
        if self.only is not None and name != self.only:
            return _NotAsked()  # type: ignore[return-value]
        return super().add_parser(name, **kwargs)  # type: ignore[no-any-return]


class _NotAsked:
    """Takes every call a command's parser would, and keeps nothing: that command was not named."""

    def __getattr__(self, name: str) -> _NotAsked:
        return self

    def __getitem__(self, key: str) -> _NotAsked:
        return self

    def __call__(self, *args: Any, **kwargs: Any) -> _NotAsked:
        return self


def _add(commands: Commands, name: str, text: str, example: str, *, description: str = "",
         epilog: str = "") -> argparse.ArgumentParser:
    """Add command ``name``, listed as ``text``; --help shows ``description`` (default: ``text``) and ``example``."""
    return commands.add_parser(
        name, help=text, description=description or f"{text[0].upper()}{text[1:]}.",
        epilog=f"example:\n  {example}" + (f"\n\n{epilog}" if epilog else ""),
        formatter_class=argparse.RawDescriptionHelpFormatter)


def _control_commands(commands: Commands) -> None:
    """The commands sent to the running daemon."""

    def add(name: str, text: str, example: str) -> argparse.ArgumentParser:
        sub = _add(commands, name, text, example)
        sub.set_defaults(handler="control:send", command=name)
        return sub

    status = add("status", "how long until the next break", "deskbreak status --follow --json")
    status.add_argument("--json", action="store_true", help="print the state as JSON, for scripts")
    status.add_argument("--follow", action="store_true",
                        help="keep running: print a line whenever what a status bar shows changes "
                             "(with --json, waybar's JSON); exits 1 when the daemon stops")
    start = add("start", "start a break now", "deskbreak start desk --no-window")
    start.add_argument("routine", nargs="?", help="routine to run (default: the configured one)")
    start.add_argument("--routine", dest="routine_option", metavar="ROUTINE", help="same as ROUTINE")
    start.add_argument("--no-window", action="store_true", help="no break window: cues only")
    add("stop", "stop the running break (recorded as partial)", "deskbreak stop")
    add("snooze", "put the showing reminder off", "deskbreak snooze 20").add_argument(
        "minutes", nargs="?", type=int, help="minutes of desk time (default: the snooze setting)")
    add("skip", "skip this break; desk time starts again", "deskbreak skip")
    add("log", "record a break you took away from the computer", "deskbreak log")
    pause = add("pause", "no reminders for a while", "deskbreak pause until 14:00")
    pause.add_argument("spec", nargs="*", metavar="HOW_LONG",
                       help='"30m", "2h", "until 14:00", "until tomorrow"; nothing: until resumed')
    add("resume", "end a pause", "deskbreak resume")
    add("reload", "re-read the config file now", "deskbreak reload")
    add("quit", "stop the daemon", "deskbreak quit")


def _tool_commands(commands: Commands) -> None:
    """The commands that work without the daemon."""
    stats = _add(commands, "stats", "today's and this week's breaks", "deskbreak stats --week 2026-W10")
    export = stats.add_mutually_exclusive_group()
    export.add_argument("--json", action="store_true", help="export the period's records as JSON Lines")
    export.add_argument("--csv", action="store_true", help="export the period's records as CSV")
    period = stats.add_mutually_exclusive_group()
    period.add_argument("--week", nargs="?", const="", metavar="YYYY-Www",
                        help="each day of a week, e.g. 2026-W10 (default: this week)")
    period.add_argument("--month", nargs="?", const="", metavar="YYYY-MM",
                        help="each week of a month, e.g. 2026-03 (default: this month)")
    period.add_argument("--all", action="store_true", help="with --json or --csv: every record ever")
    stats.set_defaults(handler="stats:run")
    report = _add(
        commands, "report", "draw a week's breaks, stretching and check-ins as a picture",
        "deskbreak report --week 2026-W10 --out week.png",
        description="Draw a chart of a week: breaks taken, skipped and natural against the breaks due,\n"
        "minutes stretched, the longest unbroken desk time, and check-ins, against the sources'\n"
        "dose. Prints the picture's path; its numbers go beside it in a .json file.")
    report.add_argument("--week", metavar="YYYY-Www", help="the ISO week, e.g. 2026-W10 (default: this week)")
    report_output = report.add_mutually_exclusive_group()
    report_output.add_argument("--out", type=Path, metavar="FILE.png", help="where to save the picture")
    report_output.add_argument("--json", action="store_true", help="print the numbers as JSON; draw nothing")
    report.add_argument("--open", action="store_true", help="open the picture once it is drawn")
    report.set_defaults(handler="report:run")
    from deskbreak.checkin_names import AREAS, RED_FLAG_SIGNS

    checkin = _add(
        commands, "checkin", "record how stiff or sore you feel, 0 to 10",
        "deskbreak checkin 4 --where lower-back --flag leg-pain",
        description="Record stiffness or pain from 0 (none) to 10 (the worst), and where. A red flag you\n"
        "name, or 4 weeks of regular stretching without getting better, brings advice to see someone.",
        epilog="red flags:\n" + "\n".join(f"  {name:<22} {sign}" for name, sign in RED_FLAG_SIGNS.items()))
    checkin.add_argument("level", metavar="LEVEL", help="0 (no stiffness or pain) to 10 (the worst)")
    checkin.add_argument("--where", metavar="AREA", help=", ".join(area.replace(" ", "-") for area in AREAS))
    checkin.add_argument("--flag", action="append", default=[], metavar="RED_FLAG",
                         help="a warning sign you have noticed (listed below); repeat for more")
    checkin.add_argument("--note", help="a few words to keep with it")
    checkin.set_defaults(handler="checkin:run")
    for name, text, handler in (
        ("doctor", "show which backends are in use and what is missing", "doctor:run"),
        ("program", "where you are in the progressive program, and what is due", "program:run"),
        ("routines", "list the routines and how long each takes", "library:routines"),
        ("about", "how hard to stretch, when to see a doctor, and the sources", "library:about"),
    ):
        _add(commands, name, text, f"deskbreak {name}").set_defaults(handler=handler)

    sim = _add(
        commands, "simulate", "replay a scripted day through the engine",
        "deskbreak simulate day.jsonl --config my-settings.toml",
        description="Replay a JSON Lines trace through the real engine on a fake clock and print\n"
        "what you would have seen, one JSON object per line.",
        epilog='example trace:\n  {"active": 3600}\n  {"do": "snooze", "minutes": 20}\n  {"idle": 400}',
    )
    sim.add_argument("trace", help="trace file, or - for standard input")
    sim.add_argument("--config", type=Path, help="settings file (default: your config file)")
    sim.add_argument("--sample-every", type=float, metavar="SECONDS",
                     help="poll idle time this often instead of once per step")
    sim.set_defaults(handler="simulate:run")

    config = _add(commands, "config", "find, check or edit the config file", "deskbreak config check")
    config_commands = config.add_subparsers(title="config commands", metavar="ACTION")
    _add(config_commands, "path", "print the config file's path", "deskbreak config path").set_defaults(
        handler="config:path")
    check = _add(config_commands, "check", "check a config file; exit 1 on problems",
                 "deskbreak config check my-settings.toml")
    check.add_argument("file", nargs="?", type=Path, help="file to check (default: yours)")
    check.set_defaults(handler="config:check")
    _add(config_commands, "edit", "open the config file in your editor", "EDITOR=nano deskbreak config edit",
         description="Open the config file in $VISUAL, else $EDITOR, else the system's default app,\n"
         "creating it from the commented default first. A running daemon picks up\n"
         "the saved change within seconds.").set_defaults(handler="config:edit")
    _autostart_commands(commands)


def _autostart_commands(commands: Commands) -> None:
    """``deskbreak autostart on|off|status``; with no action, status."""
    autostart = _add(
        commands, "autostart", "start deskbreak at login, or stop doing so", "deskbreak autostart on",
        description="Start deskbreak when you log in: an XDG autostart entry (or a systemd user\n"
        "unit) on Linux, a LaunchAgent on macOS, the Run key on Windows. With no\n"
        "action, the same as status.")
    autostart.set_defaults(handler="autostart:status")
    actions = autostart.add_subparsers(title="autostart commands", metavar="ACTION")
    for name, text, example in (
        ("on", "start this installation of deskbreak at login", "deskbreak autostart on --systemd"),
        ("off", "stop starting deskbreak at login (removes only what 'on' made)", "deskbreak autostart off"),
        ("status", "show what starts deskbreak at login; exit 1 if it is stale", "deskbreak autostart status"),
    ):
        _add(actions, name, text, example).set_defaults(handler=f"autostart:{name}")
    actions.choices["on"].add_argument("--systemd", action="store_true",
                                       help="Linux: a systemd user unit instead of an XDG autostart entry")
