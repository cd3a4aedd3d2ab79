"""Commands that talk to the running daemon: status, start, snooze, pause, quit..."""

from __future__ import annotations

import argparse
import json
import os
import sys

from deskbreak.control import ControlError, DaemonNotRunning, DaemonStopped, follow_status, send_request
from deskbreak.requests import Pause, Request, RequestError, Snooze, Start, from_wire

__all__ = ["send"]

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing on the CLI's path
if TYPE_CHECKING:
    from typing import Any


def send(args: argparse.Namespace) -> int:
    """Send the request the parsed ``args`` describe and print the one-line answer."""
    if getattr(args, "follow", False):
        return _follow(as_json=args.json)
    try:
        request = _request(args)
    except RequestError as error:
        print(f"deskbreak: {error}", file=sys.stderr)
        return 2
    try:
        answer = send_request(request.to_wire())
    except DaemonNotRunning as error:
        print(f"deskbreak: {error}; start it with: deskbreak run", file=sys.stderr)
        return 1
    except ControlError as error:
        print(f"deskbreak: {error}", file=sys.stderr)
        return 1
    if not answer.get("ok"):
        print(f"deskbreak: {answer.get('error', 'failed')}", file=sys.stderr)
        return 1
    if getattr(args, "json", False):
        print(json.dumps(answer.get("status", answer)))
    else:
        print(answer.get("message", "done"))
    return 0


def _request(args: argparse.Namespace) -> Request:
    """The request the command line asks for; the command's name is the request's name."""
    match args.command:
        case Start.name:
            return Start(routine=args.routine_option or args.routine, window=not args.no_window)
        case Snooze.name:
            return Snooze(args.minutes)
        case Pause.name:
            return Pause(" ".join(args.spec))
    return from_wire({"command": args.command})


def _follow(as_json: bool) -> int:
    """``status --follow``: a line per change until the daemon stops, then a last line and exit 1.

    Exiting (rather than waiting for a daemon to come back) suits bars:
    waybar's ``restart-interval`` and polybar's ``tail`` run the command
    again. The last line blanks the bar's text, so no stale countdown stays
    up, and its tooltip says why; stderr gets the same in one line.
    """
    _exit_when_output_closes()
    try:
        for line in follow_status():
            _print_line(line, as_json)
    except ControlError as error:
        hint = "; start it with: deskbreak run" if isinstance(error, DaemonNotRunning) else ""
        state = "stopped" if isinstance(error, DaemonNotRunning | DaemonStopped) else "error"
        last = {"text": "", "tooltip": f"deskbreak: {error}", "class": state, "alt": state, "percentage": 0,
                "state": state}
        _print_line(last, as_json)
        print(f"deskbreak: {error}{hint}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # the bar closed our output: nobody to tell
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # Python's exit-time flush stays quiet
    except KeyboardInterrupt:
        pass
    return 0


def _exit_when_output_closes() -> None:
    """Exit as soon as whoever reads our output (the bar) goes away, not at the next change, hours later.

    Blocked on the daemon, the command would notice a closed pipe only when
    it next printed, and a bar restarted during a long pause would leave its
    old command behind each time. A thread polls stdout for the error a
    pipe reports once its reader is gone (nothing else wakes it; a terminal
    or file never does) and ends the process. Not on Windows, which cannot
    poll a pipe.
    """
    import select  # here, not at the top: only --follow needs these
    import threading

    if not hasattr(select, "poll"):
        return
    poller = select.poll()
    try:
        poller.register(sys.stdout.fileno(), 0)  # no events asked: only POLLERR, POLLHUP and POLLNVAL come
    except (AttributeError, ValueError, OSError):  # no stdout at all: printing will say so
        return

    def wait_then_exit() -> None:
        poller.poll()
        os._exit(0)  # the main thread is blocked reading the socket; there is nothing to flush or tell

    threading.Thread(target=wait_then_exit, name="deskbreak-output-watch", daemon=True).start()


def _print_line(line: dict[str, Any], as_json: bool) -> None:
    """One line, flushed at once: a bar reads it through a pipe."""
    text = json.dumps(line, ensure_ascii=False) if as_json else str(line.get("text", ""))
    print(text, flush=True)
