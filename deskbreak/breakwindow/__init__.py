"""The guided break window: a short-lived ``python -m deskbreak.breakwindow`` process.

The daemon starts ``window_command()`` when a break begins, writes
``encode_message(...)`` lines to its stdin (a ``RoutineMessage`` first, then
``StepMessage``, ``PausedMessage``, ``ResumedMessage`` and ``DoneMessage``)
and reads the person's requests with ``parse_request`` from its stdout:
"pause", "resume", "next", "stop", and "closed" (the window manager closed
it; treat it as "stop"). Closing the window's stdin closes the window.

Importing this package loads no GUI toolkit: tkinter is imported only in
the window process. ``WindowModel`` and ``Screen`` are the pure view model
the window draws from, public so its behaviour can be tested as a table;
``Clock`` is the time source the window is given, and ``ManualClock`` the
one tests move by hand.
Pictures look best drawn at ``PICTURE_SIZE`` pixels square.
"""

import sys

from deskbreak.breakwindow._clock import Clock, ManualClock
from deskbreak.breakwindow._model import (
    DONE_LINGER_S,
    FINISHED,
    HOLD,
    PAUSED,
    PICTURE_SIZE,
    PREPARE,
    READY,
    WELL_DONE,
    Screen,
    WindowModel,
    clock_text,
)
from deskbreak.breakwindow._protocol import (
    REQUESTS,
    SIDES,
    ClockMessage,
    DaemonMessage,
    DoneMessage,
    PausedMessage,
    ProtocolError,
    Request,
    ResumedMessage,
    RoutineMessage,
    Side,
    StepGuide,
    StepMessage,
    TimelineMessage,
    encode_message,
    encode_request,
    parse_message,
    parse_request,
)

__all__ = [
    "DONE_LINGER_S",
    "FINISHED",
    "HOLD",
    "PAUSED",
    "PICTURE_SIZE",
    "PREPARE",
    "READY",
    "REQUESTS",
    "SIDES",
    "WELL_DONE",
    "Clock",
    "ClockMessage",
    "DaemonMessage",
    "DoneMessage",
    "ManualClock",
    "PausedMessage",
    "ProtocolError",
    "Request",
    "ResumedMessage",
    "RoutineMessage",
    "Screen",
    "Side",
    "StepGuide",
    "StepMessage",
    "TimelineMessage",
    "WindowModel",
    "clock_text",
    "encode_message",
    "encode_request",
    "parse_message",
    "parse_request",
    "window_command",
]


def window_command() -> list[str]:
    """The command that starts a break window with this same Python."""
    return [sys.executable, "-m", "deskbreak.breakwindow"]
