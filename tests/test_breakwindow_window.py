"""The break window as a person sees it: a real Tk window on Xvfb, driven through its pipes.

Time comes from ``clock`` lines (DESKBREAK_WINDOW_CLOCK=stdin) and what the
window drew comes back as ``screen`` lines on stderr (DESKBREAK_WINDOW_TRACE=1),
so nothing here waits for the wall clock. Screenshots of each step are kept
under test-artifacts/breakwindow/.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import pytest
from desktop import Xvfb, need, wait_until
from PIL import Image, ImageChops, ImageDraw
from Xlib import X, display, protocol  # type: ignore[import-untyped]

from deskbreak.breakwindow import DONE_LINGER_S, PAUSED, PREPARE, WELL_DONE, WindowRequest, parse_request
from deskbreak.requests import CarryOn, Hold, Next, Stop

REPO = Path(__file__).resolve().parent.parent
ARTIFACTS = REPO / "test-artifacts" / "breakwindow"
T = 1_700_000_000.0
PAGE = (250, 248, 244)
FLASH = (240, 160, 112)


class Window:
    """One ``python -m deskbreak.breakwindow`` process, with the test clock and the trace on."""

    def __init__(self, display_name: str, home: Path, *arguments: str) -> None:
        self.env = {
            "DISPLAY": display_name,
            "HOME": str(home),
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "DESKBREAK_WINDOW_CLOCK": "stdin",
            "DESKBREAK_WINDOW_TRACE": "1",
        }
        self.process = subprocess.Popen(
            [sys.executable, "-m", "deskbreak.breakwindow", *arguments], cwd=REPO, env=self.env, text=True, bufsize=1,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )
        self.replies: list[str] = []
        self.errors: list[str] = []
        for stream, lines in ((self.process.stdout, self.replies), (self.process.stderr, self.errors)):
            threading.Thread(target=self._collect, args=(stream, lines), daemon=True).start()

    @staticmethod
    def _collect(stream: IO[str] | None, lines: list[str]) -> None:
        assert stream is not None
        lines.extend(line.rstrip("\n") for line in stream)

    def send_line(self, line: str) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(line + "\n")
        self.process.stdin.flush()

    def send(self, **message: Any) -> None:
        self.send_line(json.dumps(message))

    def traces(self, kind: str) -> list[dict[str, Any]]:
        found = [json.loads(line) for line in list(self.errors) if line.startswith("{")]
        return [trace for trace in found if trace["type"] == kind]

    def problems(self) -> list[str]:
        return [line for line in list(self.errors) if not line.startswith("{")]

    def requests(self) -> list[WindowRequest]:
        """What the window asked the daemon for, read as the daemon reads it."""
        return [parse_request(line) for line in list(self.replies)]

    def at(self, now: float) -> dict[str, Any]:
        """Move the window's clock to ``now`` and return the screen it drew for that moment."""
        seen = len(self.traces("screen"))
        self.send(type="clock", now=now)
        wait_until(lambda: any(trace["now"] == now for trace in self.traces("screen")[seen:]), f"a screen at {now}")
        return next(trace for trace in self.traces("screen")[seen:] if trace["now"] == now)

    def exit_status(self) -> int:
        try:
            return self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            pytest.fail(f"the window did not exit; its stderr: {self.problems()}")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(timeout=5)
        for stream in (self.process.stdin, self.process.stdout, self.process.stderr):
            if stream is not None:
                stream.close()


@pytest.fixture
def window(xvfb: Xvfb, tmp_path: Path) -> Iterator[Window]:
    need("xdotool", "xdotool")
    need("import", "imagemagick")
    shown = Window(xvfb.display, tmp_path / "home")
    yield shown
    shown.stop()


def picture(path: Path, colour: tuple[int, int, int], shape: str) -> str:
    """A 200 px test picture: one plain shape, different for each step."""
    image = Image.new("RGB", (200, 200), PAGE)
    draw = ImageDraw.Draw(image)
    if shape == "disc":
        draw.ellipse((30, 30, 170, 170), fill=colour)
    elif shape == "triangle":
        draw.polygon([(100, 20), (180, 180), (20, 180)], fill=colour)
    else:
        draw.rounded_rectangle((30, 50, 170, 150), radius=20, fill=colour)
    image.save(path)
    return str(path)


def routine(pictures: Path) -> dict[str, Any]:
    how = ["Sit tall at the front of your chair.", "Turn your chest toward one side and breathe slowly."]
    return {
        "type": "routine",
        "title": "Desk break",
        "steps": [
            {"stretch": "seated-twist", "name": "Seated twist", "how": how, "side": "left", "hold": 20, "reps": None,
             "prepare": 5, "picture": picture(pictures / "one.png", (44, 122, 123), "disc")},
            {"stretch": "seated-twist", "name": "Seated twist", "how": how, "side": "right", "hold": 20,
             "reps": None, "prepare": 5, "picture": picture(pictures / "two.png", (234, 108, 48), "triangle")},
            {"stretch": "cat-cow", "name": "Cat-cow", "how": ["Arch your back.", "Round it."], "side": None,
             "hold": None, "reps": 10, "prepare": 5, "picture": picture(pictures / "three.png", (51, 65, 85), "box"),
             "cautions": ["Move slowly and stop if it hurts."]},
        ],
    }


def step(index: int, start: float) -> dict[str, Any]:
    return {"type": "step", "index": index, "prepare_until": start + 5, "hold_until": start + 25,
            "routine_until": T + 130}


def window_id(window: Window) -> str:
    found: list[str] = []

    def titled() -> bool:
        # Tk writes the title's em dash as UTF-8 bytes into the Latin-1 WM_NAME that xdotool reads.
        done = subprocess.run(["xdotool", "search", "--name", "^deskbreak .+ Desk break$"], env=window.env,
                              capture_output=True, text=True, check=False)
        found[:] = done.stdout.split()
        return len(found) == 1

    wait_until(titled, 'one window titled "deskbreak — Desk break"')
    return found[0]


def xdotool(window: Window, *args: str) -> None:
    subprocess.run(["xdotool", *args], env=window.env, check=True)


def screenshot(window: Window, wid: str, name: str) -> Image.Image:
    target = ARTIFACTS / name
    target.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(["import", "-window", wid, str(target)], env=window.env, check=True)
    with Image.open(target) as image:
        shot = image.convert("RGB")
    assert len(shot.getcolors(1 << 20) or []) > 16, f"{target} is blank"
    return shot


def begin(window: Window, tmp_path: Path) -> str:
    """Send the routine and its first step at T, and wait until the window is on screen."""
    window.at(T)
    window.send_line(json.dumps(routine(tmp_path)))
    window.send(**step(0, T))
    window.at(T)
    return window_id(window)


def test_a_break_walks_through_its_steps_and_buttons(window: Window, tmp_path: Path) -> None:
    wid = begin(window, tmp_path)
    first = window.at(T + 1)
    assert (first["step_label"], first["stretch_name"], first["side_text"]) == ("Step 1 of 3", "Seated twist",
                                                                              "Left side")
    assert (first["phase"], first["countdown"], first["routine_left"]) == (PREPARE, "0:04", "2:09 left")
    shots = [screenshot(window, wid, "step-1.png")]
    assert (window.at(T + 6)["phase"], window.at(T + 6.5)["countdown"]) == ("Hold", "0:19")

    xdotool(window, "windowfocus", "--sync", wid)
    xdotool(window, "key", "space")
    wait_until(lambda: window.requests() == [Hold()], "Space asks the daemon to hold the break")
    window.send(type="paused", at=T + 7)
    frozen = window.at(T + 40)
    assert (frozen["phase"], frozen["countdown"], frozen["paused"]) == (PAUSED, "0:18", True)
    xdotool(window, "key", "space")
    wait_until(lambda: window.requests()[1:] == [CarryOn()], "Space again asks to carry on")
    window.send(type="resumed", shift=33)
    assert window.at(T + 41)["countdown"] == "0:17"

    for index, start, name in ((1, T + 60, "step-2.png"), (2, T + 90, "step-3.png")):
        window.at(start)
        window.send(**step(index, start))
        drawn = window.at(start + 1)
        assert drawn["step_label"] == f"Step {index + 1} of 3"
        shots.append(screenshot(window, wid, name))
        assert ImageChops.difference(shots[-2], shots[-1]).getbbox() is not None, f"{name} looks like the step before"
    assert (drawn["stretch_name"], drawn["side_text"], drawn["cautions"]) == ("Cat-cow", "",
                                                                           ["Move slowly and stop if it hurts."])

    xdotool(window, "key", "Right")
    stop_x, stop_y = window.traces("layout")[0]["buttons"]["stop"]
    xdotool(window, "mousemove", "--window", wid, str(stop_x), str(stop_y), "click", "1")
    wait_until(lambda: window.requests()[2:] == [Next(), Stop()], "Right and Stop are heard")

    window.send(type="done", completed=True)
    assert window.at(T + 91.5)["phase"] == WELL_DONE
    screenshot(window, wid, "well-done.png")
    window.send(type="clock", now=T + 91 + DONE_LINGER_S)
    assert window.exit_status() == 0
    assert window.problems() == []
    assert len(window.requests()) == 4


def test_each_step_change_flashes_the_border_briefly(window: Window, tmp_path: Path) -> None:
    wid = begin(window, tmp_path)
    window.at(T + 10)
    window.send(**step(1, T + 10))
    window.at(T + 10)
    assert screenshot(window, wid, "cue-flash.png").getpixel((1, 1)) == FLASH
    window.at(T + 11)
    assert screenshot(window, wid, "cue-over.png").getpixel((1, 1)) == PAGE


def test_the_end_of_stdin_closes_the_window_at_once(window: Window, tmp_path: Path) -> None:
    begin(window, tmp_path)
    assert window.process.stdin is not None
    window.process.stdin.close()
    assert window.exit_status() == 0
    assert window.requests() == []


def test_a_stopped_break_closes_without_well_done(window: Window, tmp_path: Path) -> None:
    begin(window, tmp_path)
    window.send(type="done", completed=False)
    assert window.exit_status() == 0
    assert WELL_DONE not in [trace["phase"] for trace in window.traces("screen")]


def test_closing_it_with_the_window_manager_tells_the_daemon(window: Window, tmp_path: Path) -> None:
    wid = int(begin(window, tmp_path))
    connection = display.Display(window.env["DISPLAY"])
    try:
        target = connection.create_resource_object("window", wid)
        protocols = connection.intern_atom("WM_PROTOCOLS")
        delete = connection.intern_atom("WM_DELETE_WINDOW")
        request = [delete, X.CurrentTime, 0, 0, 0]
        event = protocol.event.ClientMessage(window=target, client_type=protocols, data=(32, request))
        target.send_event(event, event_mask=X.NoEventMask)
        connection.sync()  # not just flush: the X server drops what it has not read yet when a client hangs up
    finally:
        connection.close()
    assert window.exit_status() == 0
    assert window.requests() == [Stop()]


def test_a_bad_line_is_reported_on_stderr_and_ignored(window: Window, tmp_path: Path) -> None:
    window.at(T)
    window.send_line(json.dumps(routine(tmp_path)))
    window.send_line("garbage")
    window.send(type="step", index=7, prepare_until=T, hold_until=T, routine_until=T)
    window.send(**step(0, T))
    assert window.at(T + 1)["countdown"] == "0:04"
    assert window.problems() == [
        "deskbreak.breakwindow: ignored input line 3: not JSON (Expecting value at column 1): 'garbage'",
        "deskbreak.breakwindow: ignored input line 4: step index 7 is past the last step (the routine has 3, "
        "from 0): '{\"type\": \"step\", \"index\": 7, \"prepare_until\": 1700000000.0, \"hold_until\": "
        "1700000000.0, \"routine_until\": 1700000000.0}'",
    ]
    assert window.requests() == []


def test_a_missing_picture_is_reported_once_and_the_countdown_takes_the_middle(window: Window, tmp_path: Path) -> None:
    broken = routine(tmp_path)
    broken["steps"][0]["picture"] = str(tmp_path / "missing.png")
    window.at(T)
    window.send_line(json.dumps(broken))
    window.send(**step(0, T))
    assert window.at(T + 1)["countdown"] == "0:04"
    wid = window_id(window)
    screenshot(window, wid, "no-picture.png")
    assert window.at(T + 2)["countdown"] == "0:03"
    assert window.problems() == [
        f'deskbreak.breakwindow: cannot show picture {tmp_path / "missing.png"}: couldn\'t open '
        f'"{tmp_path / "missing.png"}": no such file or directory'
    ]


@pytest.mark.parametrize(
    ("changes", "status", "problem"),
    [
        ({"DISPLAY": ""}, 1, "deskbreak.breakwindow: cannot open a window: no display name and no $DISPLAY "
                             "environment variable"),
        ({"DESKBREAK_WINDOW_CLOCK": "fake"}, 2, 'deskbreak.breakwindow: DESKBREAK_WINDOW_CLOCK must be "stdin" or '
                                                "unset, got 'fake'"),
    ],
)
def test_it_cannot_start_says_why_in_one_line(changes: dict[str, str], status: int, problem: str) -> None:
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "DISPLAY": ":0", **changes}
    env = {name: value for name, value in env.items() if value}
    done = subprocess.run([sys.executable, "-m", "deskbreak.breakwindow"], cwd=REPO, env=env, input="",
                          capture_output=True, text=True, timeout=20, check=False)
    assert (done.returncode, done.stderr, done.stdout) == (status, problem + "\n", "")
