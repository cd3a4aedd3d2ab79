"""The guided break window: a short-lived ``python -m deskbreak.breakwindow`` process.

The daemon starts ``window_command()`` when a break begins, writes
``encode_message(...)`` lines to its stdin (a ``RoutineMessage`` first, then
``StepMessage``, ``PausedMessage``, ``ResumedMessage`` and ``DoneMessage``)
and reads the person's requests with ``parse_request`` from its stdout:
``Hold`` and ``CarryOn`` (its Pause and Resume buttons), ``Next``, and
``Stop`` (the Stop button, or the window closed). Closing the window's stdin closes the window.
Swap is the window's own business: it shows a step's ``alternatives`` in
place of its stretch and tells the daemon nothing, since the timeline and
the break's record stay as they are.

Importing this package loads no GUI toolkit: tkinter is imported only in
the window process. ``WindowModel`` and ``Screen`` are the pure view model
the window draws from, public so its behaviour can be tested as a table;
``Clock`` is the time source the window is given, and ``ManualClock`` the
one tests move by hand.
Pictures look best drawn at ``PICTURE_SIZE`` pixels square.
"""

import os
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
    SWAPPED,
    WELL_DONE,
    Screen,
    WindowModel,
    clock_text,
)
from deskbreak.breakwindow._protocol import (
    SIDES,
    WINDOW_REQUESTS,
    ClockMessage,
    DaemonMessage,
    DoneMessage,
    PausedMessage,
    ProtocolError,
    ResumedMessage,
    RoutineMessage,
    Side,
    StepGuide,
    StepMessage,
    TimelineMessage,
    WindowRequest,
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
    "SIDES",
    "SWAPPED",
    "TAKE_FOCUS",
    "WELL_DONE",
    "WINDOW_REQUESTS",
    "Clock",
    "ClockMessage",
    "DaemonMessage",
    "DoneMessage",
    "ManualClock",
    "PausedMessage",
    "ProtocolError",
    "ResumedMessage",
    "RoutineMessage",
    "Screen",
    "Side",
    "StepGuide",
    "StepMessage",
    "TimelineMessage",
    "WindowModel",
    "WindowRequest",
    "clock_text",
    "encode_message",
    "encode_request",
    "parse_message",
    "parse_request",
    "window_command",
]


TAKE_FOCUS = "--take-focus"


_START = ("import sys; sys.path[0] = {folder!r}; "
          "from deskbreak.breakwindow.__main__ import main; sys.exit(main(sys.argv[1:]))")


def window_command(take_focus: bool = False) -> list[str]:
    """The command that starts a break window with this same Python.

    The window comes up above the others on the monitor with the pointer,
    but leaves the keyboard where it is, so typing that is going on does not
    land in it. ``take_focus`` is for a break the person asked for by
    clicking the reminder: then the window takes the keyboard, so Space,
    Right arrow, S and Escape work at once.

    The window needs the standard library and this package only, so Python
    starts without ``site`` (``-S``): no ``.pth`` files, no editable-install
    finder, 0.7 MiB less in a development install. The folder holding this
    package takes the place of the current directory on its path.
    """
    folder = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    return [sys.executable, "-S", "-c", _START.format(folder=folder), *([TAKE_FOCUS] if take_focus else [])]
