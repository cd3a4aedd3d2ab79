"""One break window's life: input lines in, screens and requests out.

The session is the glue between the protocol, the model and the view. It
runs on the Tk thread only: ``__main__`` hands it the lines its reader
thread collected. Every bad line becomes one line on ``errors`` and is
otherwise ignored, so a daemon bug never takes the window down.

With ``DESKBREAK_WINDOW_TRACE=1`` the session also writes JSON lines to
``errors`` (stderr) for tests and automation: ``{"type": "layout", ...}``
once the window is up (button centres relative to the window), and
``{"type": "screen", "now": ..., ...}`` whenever the screen changes and
after every ``clock`` message, so a test knows when its clock step has been
drawn.
"""

from __future__ import annotations

import json

from deskbreak.breakwindow._clock import Clock, ManualClock
from deskbreak.breakwindow._model import Screen, WindowModel
from deskbreak.breakwindow._protocol import ClockMessage, DaemonMessage, ProtocolError, parse_message
from deskbreak.breakwindow._value import as_dict
from deskbreak.breakwindow._window import BreakWindow

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing into the window process
if TYPE_CHECKING:
    from typing import TextIO

__all__ = ["TICK_MS", "Session"]

TICK_MS = 200
_QUOTED_LENGTH = 120


class Session:
    """Feeds protocol lines to the model and the model's screens to the window."""

    def __init__(
        self,
        window: BreakWindow,
        clock: Clock,
        manual_clock: ManualClock | None,
        errors: TextIO,
        trace: bool,
    ) -> None:
        self._window = window
        self._clock = clock
        self._manual_clock = manual_clock
        self._errors = errors
        self._trace = trace
        self._model = WindowModel()
        window.on_swap(self.swap)
        if trace:
            window.when_laid_out(lambda: self._write({"type": "layout", "buttons": window.button_centres()}))

    @property
    def closed(self) -> bool:
        """True once the window is gone, by the daemon's word, stdin's end or the person."""
        return self._window.closed

    def start(self) -> None:
        """Begin the redraw tick that moves the countdown between messages."""
        self._tick()

    def take_line(self, number: int, raw: bytes) -> None:
        """Act on input line ``number``, or report on stderr why it was ignored."""
        if self.closed or not raw.strip():
            return
        try:
            self._take(parse_message(raw.decode("utf-8")))
        except UnicodeDecodeError:
            self._report(number, "not UTF-8", raw)
        except ProtocolError as error:
            self._report(number, str(error), raw)

    def swap(self) -> None:
        """The person pressed Swap: show the step's next alternative."""
        if self._model.swap():
            self._refresh()

    def take_end(self) -> None:
        """The daemon closed our stdin: it is gone, so the window goes at once."""
        self._window.close()

    def _take(self, message: DaemonMessage) -> None:
        if isinstance(message, ClockMessage):
            if self._manual_clock is None:
                raise ProtocolError('"clock" messages are a test hook that needs DESKBREAK_WINDOW_CLOCK=stdin')
            self._manual_clock.set(message.now)
            self._refresh(always_trace=True)
            return
        if self._model.apply(message, self._clock.now()):
            self._window.cue()
        self._refresh()

    def _report(self, number: int, problem: str, raw: bytes) -> None:
        quoted = raw.decode("utf-8", errors="replace").rstrip("\r")
        if len(quoted) > _QUOTED_LENGTH:
            quoted = quoted[:_QUOTED_LENGTH] + "..."
        self._errors.write(f"deskbreak.breakwindow: ignored input line {number}: {problem}: {quoted!r}\n")
        self._errors.flush()

    def _tick(self) -> None:
        if not self.closed:
            self._refresh()
            self._clock.after(TICK_MS, self._tick)

    def _refresh(self, always_trace: bool = False) -> None:
        """Draw the screen for now, or close the window if its time is up."""
        now = self._clock.now()
        closes_at = self._model.closes_at
        if closes_at is not None and now >= closes_at:
            self._window.close()
            return
        screen = self._model.screen(now)
        if self._window.render(screen) or always_trace:
            self._trace_screen(now, screen)

    def _trace_screen(self, now: float, screen: Screen) -> None:
        """Report ``screen`` once it has reached the display, so a screenshot taken next shows it."""
        if not self._trace:
            return
        self._window.settle()
        self._write({"type": "screen", "now": now, **as_dict(screen)})

    def _write(self, trace: dict[str, object]) -> None:
        self._errors.write(json.dumps(trace) + "\n")
        self._errors.flush()
