"""``python -m deskbreak.breakwindow``: the guided break window, in a process of its own.

The daemon starts this for each break so that it never loads a GUI toolkit
itself. It writes JSON Lines to our stdin (see ``_protocol``) and reads the
person's requests from our stdout, which carries nothing else: anything
printed by accident goes to stderr, with the log lines.

Input arrives on a reader thread that does plain ``os.read`` calls on the
stdin descriptor and puts whole lines on a queue; the Tk thread drains the
queue every ``POLL_MS``. A thread plus queue works on every platform
(``tk.createfilehandler`` does not exist on Windows), keeps Tk calls on one
thread, and raw ``os.read`` holds no buffered-reader lock that could hang
interpreter shutdown while the thread still waits for input.

One argument is understood: ``--take-focus`` (see ``window_command``).

Test and automation hooks, read from the environment:

- ``DESKBREAK_WINDOW_CLOCK=stdin``: the window's time is whatever the last
  ``{"type": "clock", "now": <epoch>}`` line said, and it redraws after each
  one, so tests move time without waiting. Send a clock line first: until
  then the window's time is 0 (1970).
- ``DESKBREAK_WINDOW_TRACE=1``: JSON lines describing the layout and each
  screen go to stderr (see ``_session``).
"""

from __future__ import annotations

import os
import queue
import sys
import threading
import tkinter as tk

from deskbreak.breakwindow import TAKE_FOCUS
from deskbreak.breakwindow._clock import Clock, ManualClock, TkClock
from deskbreak.breakwindow._dpi import declare_dpi_aware_on_windows
from deskbreak.breakwindow._protocol import WindowRequest, encode_request
from deskbreak.breakwindow._session import Session
from deskbreak.breakwindow._window import BreakWindow

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing into the window process
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import TextIO

CLOCK_VARIABLE = "DESKBREAK_WINDOW_CLOCK"
TRACE_VARIABLE = "DESKBREAK_WINDOW_TRACE"
POLL_MS = 50
_CHUNK = 65536


class _Input:
    """Input lines on their way from the reader thread to the Tk thread, numbered for error reports."""

    def __init__(self) -> None:
        self.waiting: queue.SimpleQueue[bytes | None] = queue.SimpleQueue()
        self.taken = 0

    def read(self, descriptor: int) -> None:
        """On the reader thread: queue each complete line, then None at end of input."""
        pending = b""
        try:
            while chunk := os.read(descriptor, _CHUNK):
                *lines, pending = (pending + chunk).split(b"\n")
                for line in lines:
                    self.waiting.put(line)
        except OSError:
            pass
        if pending:
            self.waiting.put(pending)
        self.waiting.put(None)

    def drain(self, root: tk.Tk, session: Session) -> None:
        """On the Tk thread: hand every waiting line to the session, then look again in ``POLL_MS``."""
        while not session.closed:
            try:
                line = self.waiting.get_nowait()
            except queue.Empty:
                root.after(POLL_MS, self.drain, root, session)
                return
            if line is None:
                session.take_end()
            else:
                self.taken += 1
                session.take_line(self.taken, line)


def _sender(replies: TextIO, errors: TextIO) -> Callable[[WindowRequest], None]:
    """Writes one request line to the daemon; a daemon that has gone is noticed by stdin's end."""

    def send(request: WindowRequest) -> None:
        try:
            replies.write(encode_request(request))
            replies.flush()
        except OSError as error:
            errors.write(f"deskbreak.breakwindow: cannot tell the daemon {request.name!r}: {error}\n")

    return send


def main(arguments: list[str]) -> int:
    """Run one break window until the daemon says done, stdin ends or the person closes it."""
    replies, errors = sys.stdout, sys.stderr
    sys.stdout = errors
    unknown = [argument for argument in arguments if argument != TAKE_FOCUS]
    if unknown:
        errors.write(f"deskbreak.breakwindow: unknown argument {unknown[0]!r} (the only one is {TAKE_FOCUS})\n")
        return 2
    clock_mode = os.environ.get(CLOCK_VARIABLE, "")
    if clock_mode not in ("", "stdin"):
        errors.write(f'deskbreak.breakwindow: {CLOCK_VARIABLE} must be "stdin" or unset, got {clock_mode!r}\n')
        return 2
    declare_dpi_aware_on_windows()  # before Tk reads the screen's DPI
    try:
        root = tk.Tk(className="deskbreak")
    except tk.TclError as error:
        errors.write(f"deskbreak.breakwindow: cannot open a window: {error}\n")
        return 1
    manual_clock = ManualClock(0.0) if clock_mode == "stdin" else None
    clock: Clock = manual_clock or TkClock(root)
    window = BreakWindow(root, clock, _sender(replies, errors), errors, take_focus=TAKE_FOCUS in arguments)
    session = Session(window, clock, manual_clock, errors, trace=os.environ.get(TRACE_VARIABLE) == "1")
    received = _Input()
    threading.Thread(target=received.read, args=(sys.stdin.fileno(),), daemon=True).start()
    session.start()
    received.drain(root, session)
    root.mainloop()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
