"""The break window itself: Tk widgets that draw a ``Screen``.

The view holds no timing logic. It draws whatever ``Screen`` it is given,
rings the cue when told, and turns buttons and keys into ``WindowRequest``s for
``on_request``. Timers go through the injected ``Clock``, so a test clock
also decides when a cue's flash ends. Everything runs on the Tk thread.

Layout, at 96 dpi (scaled up on denser screens, shrunk to fit small ones):
a 480 x 640 window, centred on the monitor with the pointer and kept on top
without taking the keyboard (unless asked to: see ``window_command``); step
and time left along the top, the stretch's name and side, its picture
(up to ``PICTURE_SIZE`` square, less when a small screen leaves less room)
beside the phase and a large countdown, the numbered steps, the tip, every
caution, then Pause / Next / Swap / Stop. With no picture the countdown
moves to the centre.
"""

from __future__ import annotations

import functools
import tkinter as tk
from collections.abc import Callable
from tkinter import font as tkfont
from tkinter import ttk

from deskbreak.breakwindow._clock import Clock
from deskbreak.breakwindow._model import PAUSED, PICTURE_SIZE, PREPARE, WELL_DONE, Screen
from deskbreak.breakwindow._pictures import Pictures
from deskbreak.breakwindow._placement import Area, area_for, centred
from deskbreak.breakwindow._protocol import WindowRequest
from deskbreak.breakwindow._x11 import keep_focus_away, monitors
from deskbreak.requests import CarryOn, Hold, Next, Stop

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing into the window process
if TYPE_CHECKING:
    from typing import Literal, TextIO

    _Weight = Literal["normal", "bold"]

__all__ = ["HEIGHT", "WIDTH", "BreakWindow"]

WIDTH, HEIGHT = 480, 640
_PAGE = "#faf8f4"
_INK = "#2d3748"
_MUTED = "#718096"
_CALM = "#2c7a7b"
_PHASE_COLOURS = {PREPARE: "#b7791f", PAUSED: _MUTED}
_COUNTDOWN_COLOURS = {PAUSED: _MUTED, WELL_DONE: _CALM}
_DISABLED = "#f1f1ef"
_CAUTION = "#9c4221"
_FLASH = "#f0a070"
_FLASH_MS = 700
_BORDER = 5
_HOW_LINES = 4
_BUTTONS: tuple[tuple[str, str], ...] = (("pause", "Pause"), ("next", "Next"), ("swap", "Swap"), ("stop", "Stop"))
_KEYS = (("<space>", "pause"), ("<Right>", "next"), ("<n>", "next"), ("<N>", "next"), ("<s>", "swap"),
         ("<S>", "swap"), ("<Escape>", "stop"))  # fmt: skip


class BreakWindow:
    """A small always-on-top window that shows one ``Screen`` at a time."""

    def __init__(
        self, root: tk.Tk, clock: Clock, on_request: Callable[[WindowRequest], None], errors: TextIO, take_focus: bool
    ) -> None:
        self._root = root
        self._clock = clock
        self._on_request = on_request
        self._on_swap: Callable[[], None] = lambda: None
        self._errors = errors
        self._take_focus = take_focus
        self._shown: Screen | None = None
        self.closed = False
        self.presented = False
        self._scale = max(1.0, root.winfo_fpixels("1i") / 96)
        self._x11 = root.tk.call("tk", "windowingsystem") == "x11"
        screen = Area(0, 0, root.winfo_screenwidth(), root.winfo_screenheight())
        self._area = area_for(root.winfo_pointerxy(), monitors(errors) if self._x11 else [], screen)
        self._width = min(self._px(WIDTH), self._area.width)
        self._height = min(self._px(HEIGHT), self._area.height - self._px(40))
        root.withdraw()
        root.configure(background=_PAGE)
        root.protocol("WM_DELETE_WINDOW", self._closed_by_person)
        self._build()
        self._pictures = Pictures(root, self._fit_picture_box(), errors)
        for sequence, button in _KEYS:
            root.bind(sequence, functools.partial(self._key, button))

    def _px(self, pixels: float) -> int:
        return round(pixels * self._scale)

    def _font(self, pixels: int, weight: _Weight = "normal") -> tkfont.Font:
        family = tkfont.nametofont("TkDefaultFont", root=self._root).actual("family")
        return tkfont.Font(root=self._root, family=family, size=-self._px(pixels), weight=weight)

    def _label(self, parent: tk.Misc, pixels: int, colour: str, weight: _Weight = "normal") -> tk.Label:
        return tk.Label(parent, background=_PAGE, foreground=colour, font=self._font(pixels, weight), anchor="w")

    def _build(self) -> None:
        self._sheet = tk.Frame(self._root, background=_PAGE, padx=self._px(22), pady=self._px(16))
        self._sheet.pack(fill="both", expand=True, padx=self._px(_BORDER), pady=self._px(_BORDER))
        header = tk.Frame(self._sheet, background=_PAGE)
        header.pack(side="top", fill="x")
        self._step_label = self._label(header, 14, _MUTED)
        self._step_label.pack(side="left")
        self._routine_left = self._label(header, 14, _MUTED)
        self._routine_left.pack(side="right")
        title_row = tk.Frame(self._sheet, background=_PAGE)
        title_row.pack(side="top", fill="x", pady=(self._px(6), 0))
        self._name = self._label(title_row, 24, _INK, "bold")
        self._name.pack(side="left", anchor="s")
        self._side = self._label(title_row, 16, _CALM)
        self._side.pack(side="left", anchor="s", padx=self._px(12), pady=(0, self._px(3)))
        self._build_buttons()
        self._build_middle()
        self._cautions = self._label(self._sheet, 13, _CAUTION)
        self._tip = self._label(self._sheet, 13, _CALM)
        for note in (self._cautions, self._tip):
            note.configure(wraplength=self._width - self._px(60), justify="left")
            note.pack(side="bottom", fill="x", pady=(0, self._px(8)))
        self._how = tk.Text(
            self._sheet, background=_PAGE, foreground=_INK, font=self._font(15), wrap="word", height=_HOW_LINES,
            borderwidth=0, highlightthickness=0, cursor="arrow", takefocus=False,
        )
        self._how.tag_configure("step", lmargin2=self._font(15).measure("9. "), spacing3=self._px(5))
        self._how.pack(side="top", fill="both", expand=True)

    def _build_middle(self) -> None:
        self._middle = tk.Frame(self._sheet, background=_PAGE)
        self._middle.pack(side="top", fill="x", pady=self._px(10))
        self._box = tk.Frame(self._middle, background=_PAGE, width=0, height=0)
        self._box.pack_propagate(False)
        self._picture = tk.Label(self._box, background=_PAGE)
        self._picture.pack(expand=True)
        self._timing = tk.Frame(self._middle, background=_PAGE)
        self._timing.pack(side="left", expand=True)
        self._phase = tk.Label(self._timing, background=_PAGE, font=self._font(19, "bold"))
        self._phase.pack()
        self._countdown = tk.Label(self._timing, background=_PAGE, foreground=_INK, font=self._font(64, "bold"))
        self._countdown.pack()

    def _fit_picture_box(self) -> int:
        """Size the picture box to what the rest leaves (up to ``PICTURE_SIZE``) and return its side."""
        self._root.update_idletasks()
        others = self._sheet.winfo_reqheight() - self._middle.winfo_reqheight()
        room = self._height - 2 * self._px(_BORDER) - others
        side = max(self._px(48), min(self._px(PICTURE_SIZE), room, self._width // 2))
        self._box.configure(width=side, height=side)
        return side

    def _build_buttons(self) -> None:
        style = ttk.Style(self._root)
        style.theme_use("clam")
        for name, (face, ink) in {"Calm": ("#e6ecef", _INK), "Stop": ("#f6e0dc", _CAUTION)}.items():
            style.configure(f"{name}.TButton", background=face, foreground=ink, bordercolor=face,
                            lightcolor=face, darkcolor=face, focuscolor=face, font=self._font(15),
                            padding=(self._px(10), self._px(6)))
            style.map(f"{name}.TButton", background=[("disabled", _DISABLED), ("active", "#d5dee3")],
                      foreground=[("disabled", "#a0aec0")], bordercolor=[("disabled", _DISABLED)],
                      lightcolor=[("disabled", _DISABLED)], darkcolor=[("disabled", _DISABLED)])
        row = tk.Frame(self._sheet, background=_PAGE)
        row.pack(side="bottom", pady=(self._px(6), 0))
        self._buttons: dict[str, ttk.Button] = {}
        for request, text in _BUTTONS:
            button = ttk.Button(row, text=text, takefocus=False, width=7,
                                style="Stop.TButton" if request == "stop" else "Calm.TButton",
                                command=functools.partial(self._pressed, request))
            button.pack(side="left", padx=self._px(6))
            self._buttons[request] = button

    def _key(self, button: str, _event: tk.Event[tk.Misc]) -> None:
        self._pressed(button)

    def on_swap(self, callback: Callable[[], None]) -> None:
        """Call ``callback`` when the person asks for Swap (it is the window's own, not the daemon's)."""
        self._on_swap = callback

    def _pressed(self, button: str) -> None:
        """Turn a button (or its key) into the request it means right now."""
        screen = self._shown
        if self.closed or screen is None or not screen.running:
            return
        if button == "swap":
            if screen.can_swap:
                self._on_swap()
        elif button == "pause":
            self._on_request(CarryOn() if screen.paused else Hold())
        else:
            self._on_request(Next() if button == "next" else Stop())

    def _closed_by_person(self) -> None:
        self._on_request(Stop())
        self.close()

    def render(self, screen: Screen) -> bool:
        """Draw ``screen``; False when it is what is already shown."""
        if self.closed or screen == self._shown:
            return False
        self._root.title(f"deskbreak — {screen.title}" if screen.title else "deskbreak")
        self._step_label.configure(text=screen.step_label)
        self._routine_left.configure(text=screen.routine_left)
        self._name.configure(text=screen.stretch_name)
        self._side.configure(text=screen.side_text)
        self._phase.configure(text=screen.phase, foreground=_PHASE_COLOURS.get(screen.phase, _CALM))
        self._countdown.configure(text=screen.countdown, foreground=_COUNTDOWN_COLOURS.get(screen.phase, _INK))
        self._cautions.configure(text="\n".join(f"⚠  {caution}" for caution in screen.cautions))
        self._tip.configure(text=f"Tip: {screen.tip}" if screen.tip else "")
        if self._shown is None or screen.how != self._shown.how:
            self._show_how(screen.how)
        self._show_picture(screen.picture)
        self._buttons["pause"].configure(text="Resume" if screen.paused else "Pause")
        for name, button in self._buttons.items():
            usable = screen.can_swap if name == "swap" else screen.running
            button.state(["!disabled"] if usable else ["disabled"])
        if screen.title and not self.presented:
            self._present()
        self._shown = screen
        return True

    def _show_how(self, how: tuple[str, ...]) -> None:
        self._how.configure(state="normal")
        self._how.delete("1.0", "end")
        numbered = [f"{number}. {line}" if len(how) > 1 else line for number, line in enumerate(how, start=1)]
        self._how.insert("1.0", "\n".join(numbered), "step")
        self._how.configure(state="disabled")

    def _show_picture(self, path: str | None) -> None:
        """Show the picture beside the countdown, or centre the countdown when there is none."""
        picture = self._pictures.get(path)
        self._picture.configure(image=picture or "")
        if picture is None:
            self._box.pack_forget()
        else:
            self._box.pack(side="left", before=self._timing)

    def _present(self) -> None:
        """Show the window centred on the pointer's monitor and on top; take the keyboard only if asked."""
        left, top = centred((self._width, self._height), self._area)
        self._root.geometry(f"{self._width}x{self._height}+{left}+{top}")
        self._root.attributes("-topmost", True)
        if self._x11 and not self._take_focus:
            keep_focus_away(self._root.winfo_id(), self._errors)
        self._root.deiconify()
        if self._take_focus:
            self._root.focus_force()
        self.presented = True

    def cue(self) -> None:
        """The soft cue: a bell, and the border glows briefly as the window comes to the front."""
        if self.closed:
            return
        self._root.bell()
        self._root.lift()
        self._root.configure(background=_FLASH)
        self._clock.after(_FLASH_MS, self._unflash)

    def _unflash(self) -> None:
        if not self.closed:
            self._root.configure(background=_PAGE)

    def settle(self) -> None:
        """Finish drawing now and wait until the display server has it (Tk's update idletasks syncs)."""
        if not self.closed:
            self._root.update_idletasks()

    def when_laid_out(self, callback: Callable[[], None]) -> None:
        """Call ``callback`` once, when the buttons first appear and so have their final places."""
        last = self._buttons[_BUTTONS[-1][0]]

        def first_map(_event: tk.Event[tk.Misc]) -> None:
            last.unbind("<Map>")
            callback()

        last.bind("<Map>", first_map)

    def button_centres(self) -> dict[str, tuple[int, int]]:
        """Where each button's centre is, relative to the window's top-left corner."""
        return {
            request: (
                button.winfo_rootx() - self._root.winfo_rootx() + button.winfo_width() // 2,
                button.winfo_rooty() - self._root.winfo_rooty() + button.winfo_height() // 2,
            )
            for request, button in self._buttons.items()
        }

    def close(self) -> None:
        """Take the window down for good; Tk's main loop ends with it."""
        if not self.closed:
            self.closed = True
            self._root.destroy()
