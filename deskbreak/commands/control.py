"""Commands that talk to the running daemon: status, start, snooze, pause, quit..."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from deskbreak.control import ControlError, DaemonNotRunning, send_request

__all__ = ["send"]


def send(args: argparse.Namespace) -> int:
    """Send the request the parsed ``args`` describe and print the one-line answer."""
    request = _request(args)
    try:
        answer = send_request(request)
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


def _request(args: argparse.Namespace) -> dict[str, Any]:
    request: dict[str, Any] = {"command": args.command}
    if args.command == "start":
        if args.routine or args.routine_option:
            request["routine"] = args.routine_option or args.routine
        if args.no_window:
            request["window"] = False
    elif args.command == "snooze" and args.minutes is not None:
        request["minutes"] = args.minutes
    elif args.command == "pause" and args.spec:
        request["spec"] = " ".join(args.spec)
    return request
