"""The break window on a real X desktop: which monitor it opens on, when it takes the keyboard, that it
stays on top, what it shows of a stretch (every caution and the tip) and that Swap leaves the break whole.

Monitors are two RandR monitors set with ``xrandr --setmonitor`` on one wide Xvfb screen (no Xinerama);
the pointer is moved with xdotool. Focus is checked with no window manager and under openbox, a real
EWMH window manager that focuses new windows unless told not to.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import test_breakwindow_window as shown
from daemon_process import FAST_CONFIG, Daemon, deskbreak, history_kinds, write_config
from desktop import WAIT_LIMIT_S, Xvfb, need, wait_until
from PIL import Image
from test_daemon_break_window import press, window_ids
from Xlib import X, display, protocol  # type: ignore[import-untyped]

from deskbreak.breakwindow import encode_message
from deskbreak.daemon._window import routine_message
from deskbreak.library import load_library

T = shown.T
MONITOR = (800, 900)  # each of the two, side by side
CAUTION_INK, TIP_INK = (156, 66, 33), (44, 122, 123)


def run(server: Xvfb, *command: str) -> str:
    env = {"DISPLAY": server.display, "PATH": os.environ.get("PATH", "")}
    return subprocess.run(command, env=env, capture_output=True, text=True, check=True).stdout


@pytest.fixture(scope="module")
def desk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Xvfb]:
    """A 1600 x 900 screen split into two RandR monitors, as two 800 x 900 screens side by side."""
    need("xrandr", "x11-xserver-utils")
    server = Xvfb(tmp_path_factory.mktemp("desk") / "xvfb.log", size=f"{2 * MONITOR[0]}x{MONITOR[1]}")
    for name, left in (("left", 0), ("right", MONITOR[0])):
        run(server, "xrandr", "--setmonitor", name, f"{MONITOR[0]}/211x{MONITOR[1]}/238+{left}+0", "none")
    yield server
    server.stop()


def open_window(server: Xvfb, home: Path, *arguments: str, step: int = 0) -> tuple[shown.Window, str]:
    """A break window for the desk routine (its real pictures and text), at ``step``; its X window id."""
    window = shown.Window(server.display, home, *arguments)
    message = routine_message(load_library().routines["desk"].routine, load_library(), home / "pictures")
    window.at(T)
    window.send_line(encode_message(message).rstrip("\n"))
    window.send(type="step", index=step, prepare_until=T + 5, hold_until=T + 35, routine_until=T + 120)
    window.at(T + 1)
    found: list[str] = []

    def mapped() -> bool:
        found[:] = run(server, "xdotool", "search", "--onlyvisible", "--name", "^deskbreak .+ Desk break$").split()
        return len(found) == 1

    wait_until(mapped, "the break window is on screen")
    return window, found[0]


def geometry(server: Xvfb, wid: str) -> dict[str, int]:
    shell = run(server, "xdotool", "getwindowgeometry", "--shell", wid)
    return {key: int(value) for key, value in (line.split("=") for line in shell.split())}


@pytest.mark.parametrize(("pointer", "monitor"), [((1250, 700), "right"), ((30, 20), "left")])
def test_it_opens_centred_on_the_monitor_with_the_pointer(
    desk: Xvfb, tmp_path: Path, pointer: tuple[int, int], monitor: str
) -> None:
    run(desk, "xdotool", "mousemove", str(pointer[0]), str(pointer[1]))
    window, wid = open_window(desk, tmp_path / "home")
    try:
        place = geometry(desk, wid)
        left = 0 if monitor == "left" else MONITOR[0]
        assert left <= place["X"], place
        assert place["X"] + place["WIDTH"] <= left + MONITOR[0], place
        assert abs(place["X"] + place["WIDTH"] // 2 - (left + MONITOR[0] // 2)) <= 2, place
        assert abs(place["Y"] + place["HEIGHT"] // 2 - MONITOR[1] // 2) <= 2, place
        assert window.problems() == []
    finally:
        window.stop()


class Editor:
    """Another application's window, holding the keyboard as if someone were typing in it."""

    SCRIPT = ("import tkinter as tk; root = tk.Tk(); root.title('editor'); root.geometry('300x200+900+100'); "
              "tk.Text(root).pack(); root.mainloop()")

    def __init__(self, server: Xvfb) -> None:
        self.server = server
        env = {"DISPLAY": server.display, "PATH": os.environ.get("PATH", ""), "HOME": os.environ["HOME"]}
        self.process = subprocess.Popen([sys.executable, "-c", self.SCRIPT], env=env)
        found: list[str] = []

        def mapped() -> bool:
            done = subprocess.run(["xdotool", "search", "--onlyvisible", "--name", "^editor$"], env=env,
                                  capture_output=True, text=True, check=False)
            found[:] = done.stdout.split()
            return len(found) == 1

        wait_until(mapped, "the editor window is on screen")
        self.wid = found[0]
        subprocess.run(["xdotool", "windowactivate", "--sync", self.wid], env=env, check=False)
        subprocess.run(["xdotool", "windowfocus", "--sync", self.wid], env=env, check=True)

    def stop(self) -> None:
        self.process.kill()
        self.process.wait(timeout=5)


class Openbox:
    """openbox on the display, until stopped; ``settle`` waits until it has handled everything sent so far."""

    def __init__(self, server: Xvfb, log: Path) -> None:
        env = {"DISPLAY": server.display, "PATH": os.environ.get("PATH", ""), "HOME": os.environ["HOME"]}
        with log.open("w") as out:
            self.process = subprocess.Popen([need("openbox", "openbox"), "--sm-disable"], env=env, stdout=out,
                                            stderr=subprocess.STDOUT)
        self.connection = display.Display(server.display)
        root = self.connection.screen().root
        check = self.connection.intern_atom("_NET_SUPPORTING_WM_CHECK")
        wait_until(lambda: root.get_full_property(check, X.AnyPropertyType) is not None, "openbox manages the screen")

    def settle(self) -> None:
        """A round trip through openbox: it answers _NET_REQUEST_FRAME_EXTENTS in turn with the rest."""
        root = self.connection.screen().root
        probe = root.create_window(0, 0, 1, 1, 0, X.CopyFromParent)
        extents = self.connection.intern_atom("_NET_FRAME_EXTENTS")
        request = protocol.event.ClientMessage(window=probe, client_type=self.connection.intern_atom(
            "_NET_REQUEST_FRAME_EXTENTS"), data=(32, [0, 0, 0, 0, 0]))
        root.send_event(request, event_mask=X.SubstructureRedirectMask | X.SubstructureNotifyMask)
        self.connection.flush()
        wait_until(lambda: probe.get_full_property(extents, X.AnyPropertyType) is not None, "openbox answers")
        probe.destroy()
        self.connection.flush()

    def stop(self) -> None:
        self.connection.close()
        self.process.terminate()
        self.process.wait(timeout=5)


@pytest.fixture(params=["no window manager", "openbox"])
def manager(request: pytest.FixtureRequest, desk: Xvfb, tmp_path: Path) -> Iterator[Openbox | None]:
    if request.param == "no window manager":
        yield None
        return
    running = Openbox(desk, tmp_path / "openbox.log")
    yield running
    running.stop()


def focused(server: Xvfb) -> str:
    return run(server, "xdotool", "getwindowfocus").strip()


@pytest.mark.parametrize(("arguments", "keyboard_goes_to"), [((), "editor"), (("--take-focus",), "break window")])
def test_it_takes_the_keyboard_only_when_asked_and_stays_on_top(
    desk: Xvfb, manager: Openbox | None, tmp_path: Path, arguments: tuple[str, ...], keyboard_goes_to: str
) -> None:
    editor = Editor(desk)
    try:
        assert focused(desk) == editor.wid
        window, wid = open_window(desk, tmp_path / "home", *arguments)
        try:
            if manager is not None:
                manager.settle()
            expected = editor.wid if keyboard_goes_to == "editor" else wid
            wait_until(lambda: focused(desk) == expected, f"the keyboard is with the {keyboard_goes_to}")
            if manager is not None:
                manager.settle()
                assert focused(desk) == expected
                run(desk, "xdotool", "windowactivate", "--sync", editor.wid)
                manager.settle()
                stacking = run(desk, "xprop", "-root", "_NET_CLIENT_LIST_STACKING").split("#")[1].split(",")
                assert int(stacking[-1], 16) == int(wid), "the break window stays above the active editor"
        finally:
            window.stop()
    finally:
        editor.stop()


def rows_in(shot: Image.Image, ink: tuple[int, int, int]) -> list[int]:
    """The pixel rows holding text drawn in ``ink`` (allowing for anti-aliasing)."""
    data, row = shot.tobytes(), 3 * shot.width
    near = {start // row for start in range(0, len(data), 3)
            if sum(abs(data[start + channel] - ink[channel]) for channel in range(3)) < 30}  # fmt: skip
    return sorted(near)


def test_a_step_shows_both_its_cautions_and_its_tip(desk: Xvfb, tmp_path: Path) -> None:
    run(desk, "xdotool", "mousemove", "400", "450")
    window, wid = open_window(desk, tmp_path / "home", step=2)
    try:
        screen = window.at(T + 10)
        fold = load_library().stretches["standing-forward-fold"]
        assert (screen["stretch_name"], screen["cautions"], screen["tip"]) == (fold.name, list(fold.cautions),
                                                                              fold.tip)
        shot = shown.screenshot(window, wid, "cautions-and-tip.png")
        cautions, tip = rows_in(shot, CAUTION_INK), rows_in(shot, TIP_INK)
        assert len(cautions) > 40, "two cautions, each over a line or more, in the caution colour"
        assert tip, "the tip is drawn"
        assert max(tip) < min(cautions), "the tip sits above the cautions"
    finally:
        window.stop()


def test_the_swap_button_shows_each_stand_in_in_turn_and_asks_the_daemon_nothing(desk: Xvfb, tmp_path: Path) -> None:
    window, wid = open_window(desk, tmp_path / "home", step=2)
    try:
        assert window.at(T + 10)["can_swap"]
        swap_x, swap_y = window.traces("layout")[0]["buttons"]["swap"]
        names = []
        for _ in range(3):
            drawn = len(window.traces("screen"))
            run(desk, "xdotool", "mousemove", "--window", wid, str(swap_x), str(swap_y), "click", "1")
            names.append(redrawn(window, drawn)["stretch_name"])
        assert names == ["Rag doll", "Bear hug", "Standing forward fold"]  # its stand-ins, then itself again
        assert window.requests() == []
    finally:
        window.stop()


def redrawn(window: shown.Window, drawn: int) -> dict[str, object]:
    """The first screen the window draws after the ``drawn`` it had drawn so far."""
    wait_until(lambda: len(window.traces("screen")) > drawn, "the window redraws")
    return window.traces("screen")[drawn]


def test_swap_shows_a_desk_side_stand_in_and_the_break_still_completes(tmp_path: Path) -> None:
    """A real daemon and window: S swaps the chair twist for eagle arms, both sides, and the break completes."""
    server = Xvfb(tmp_path / "xvfb.log", size="1024x768")
    write_config(FAST_CONFIG + '[routines.quick]\ntitle = "Quick"\n'
                 'steps = [{ stretch = "chair-twist", hold = "4s", side = "both", prepare = "1s" }]\n')
    daemon = Daemon(tmp_path / "daemon.log", DISPLAY=server.display, DESKBREAK_IDLE="always-present",
                    XDG_CACHE_HOME=str(tmp_path / "cache"), DESKBREAK_WINDOW_TRACE="1")
    try:
        daemon.wait_ready()
        assert deskbreak("start", "quick").returncode == 0
        wait_until(lambda: bool(window_ids(server.display)), "the break window appears", limit=WAIT_LIMIT_S)
        (wid,) = window_ids(server.display)
        press(server.display, wid, "space")
        wait_until(lambda: daemon.status()["break_held"], "the break is on hold while we swap")
        press(server.display, wid, "s")
        wait_until(lambda: any(trace["stretch_name"] == "Eagle arms" for trace in screens(daemon)), "S swaps")
        press(server.display, wid, "space")
        wait_until(lambda: daemon.status()["phase"] == "working", "the break runs to its end", limit=WAIT_LIMIT_S)
        assert history_kinds()[-2:] == ["break_started", "break_completed"]
        seen = {(trace["stretch_name"], trace["side_text"], trace["swapped"]) for trace in screens(daemon)}
        assert {("Eagle arms", "Left side", True), ("Eagle arms", "Right side", True)} <= seen
    finally:
        daemon.stop()
        server.stop()


def screens(daemon: Daemon) -> list[dict[str, object]]:
    """The break window's screen traces, which go to the daemon's log with the window's stderr."""
    lines = [line for line in daemon.log.read_text().splitlines() if line.startswith('{"type": "screen"')]
    return [json.loads(line) for line in lines]
