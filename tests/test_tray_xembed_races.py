"""The XEmbed icon's loop against a tray of our own, which holds a moment open for as long as a test needs.

Each test is a race that one CI run in fifteen lost with trayer, the icon
never drawn; here it is lost every time unless the loop handles it:

- trayer embeds and maps the icon window at the 1x1 pixels it was made
  with and sizes it a moment later; an icon change drawn in between must
  wait for the size, not end the loop;
- an event can arrive while the loop flushes its requests, just before it
  sleeps; python-xlib reads it into its queue then, and the socket the loop
  sleeps on stays quiet.
"""

from __future__ import annotations

import select
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest
from desktop import Xvfb, wait_until
from tray_states import WORKING
from Xlib import X, display  # type: ignore[import-untyped]
from Xlib.protocol import event  # type: ignore[import-untyped]

from deskbreak.core import Phase
from deskbreak.tray import Tray, choose_tray, tray_view

ROUTINES = (("desk", "Desk break"),)
_REQUEST_DOCK = 0
ICON_SIDE = 24


class SlowTray:
    """Owns ``_NET_SYSTEM_TRAY_S0``; embeds and maps a docking icon at once, sizes it when told."""

    def __init__(self, name: str) -> None:
        self.connection = display.Display(name)
        root = self.connection.screen().root
        self.panel = root.create_window(0, 0, 200, 40, 0, X.CopyFromParent)
        self.panel.map()
        self.panel.set_selection_owner(self.connection.intern_atom("_NET_SYSTEM_TRAY_S0"), X.CurrentTime)
        self.nudge_atom = self.connection.intern_atom("_DESKBREAK_TEST_NUDGE")
        self.connection.sync()

    def embed_the_next_icon(self) -> Any:
        """Wait for a dock request; reparent and map the icon as it is (1x1), as trayer does at first."""
        while True:
            request = self.connection.next_event()
            if request.type == X.ClientMessage and request.data[1][1] == _REQUEST_DOCK:
                icon = self.connection.create_resource_object("window", request.data[1][2])
                icon.reparent(self.panel, 0, 0)
                icon.map()
                self.connection.sync()
                return icon

    def size(self, icon: Any) -> None:
        icon.configure(width=ICON_SIDE, height=ICON_SIDE)
        self.connection.sync()

    def title(self, icon: Any) -> str:
        atom = self.connection.intern_atom
        value = icon.get_full_property(atom("_NET_WM_NAME"), atom("UTF8_STRING"))
        return value.value.decode("utf-8") if value is not None else ""

    def colours(self, icon: Any) -> int:
        """How many distinct pixels the icon window shows."""
        image = icon.get_image(0, 0, ICON_SIDE, ICON_SIDE, X.ZPixmap, 0xFFFFFFFF).data
        return len({bytes(image[i:i + 4]) for i in range(0, len(image), 4)})

    def nudge(self, icon: Any) -> None:
        """Send the icon a message it has no use for: it wakes its loop and leaves nothing to change."""
        message = event.ClientMessage(window=icon, client_type=self.nudge_atom, data=(32, [0] * 5))
        self.connection.send_event(icon, message)
        self.connection.sync()


@dataclass
class Embedded:
    tray: SlowTray
    ours: Tray
    icon: Any


@pytest.fixture
def embedded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
             caplog: pytest.LogCaptureFixture) -> Iterator[Embedded]:
    """Our XEmbed icon, running, embedded and mapped by the tray at 1x1; afterwards, its loop did not fail."""
    xvfb = Xvfb(tmp_path / "xvfb.log")
    monkeypatch.setenv("DISPLAY", xvfb.display)  # Xlib reads the process environment
    tray = SlowTray(xvfb.display)
    choice = choose_tray(lambda request: None, environ={"DISPLAY": xvfb.display}, platform="linux")
    assert choice.tray.name == "xorg"
    choice.tray.update(tray_view(WORKING, 4, 12, ROUTINES))
    thread = threading.Thread(target=choice.tray.run, daemon=True)
    thread.start()
    try:
        yield Embedded(tray, choice.tray, tray.embed_the_next_icon())
        assert "the icon is gone" not in caplog.text
    finally:
        choice.tray.stop()
        thread.join(timeout=5)
        tray.connection.close()
        xvfb.stop()
    assert not thread.is_alive()


def drawn(embedded: Embedded) -> Callable[[], bool]:
    return lambda: embedded.tray.colours(embedded.icon) > 2


def test_an_icon_change_before_the_tray_sizes_the_icon_is_drawn_once_it_does(embedded: Embedded) -> None:
    due = tray_view(replace(WORKING, phase=Phase.DUE), 4, 12, ROUTINES)
    embedded.ours.update(due)
    wait_until(lambda: embedded.tray.title(embedded.icon) == due.title, "the change is applied while the icon is 1x1")
    assert embedded.icon.get_geometry().width == 1
    embedded.tray.size(embedded.icon)
    wait_until(drawn(embedded), "the icon is drawn at the size the tray gave it")


def test_an_event_that_arrives_while_the_loop_flushes_is_handled_before_it_sleeps(embedded: Embedded) -> None:
    """The tray sizes the icon just as the loop flushes, in a round with nothing to change; the resize it
    reads then must still draw the icon."""
    icon = embedded.ours._icon  # type: ignore[attr-defined]
    icon._setup_thread.join(timeout=10)
    wait_until(lambda: not icon._changes._noted, "the loop took every change asked of it")
    connection = icon._display
    flush, next_event = connection.flush, connection.next_event
    nudged, sized = threading.Event(), threading.Event()

    def noting_the_nudge() -> Any:
        got = next_event()
        if got.type == X.ClientMessage and got.client_type == embedded.tray.nudge_atom:
            nudged.set()
        return got

    def flush_once_the_resize_is_on_its_way() -> None:
        if nudged.is_set() and not sized.is_set():
            sized.set()
            embedded.tray.size(embedded.icon)
            select.select([connection.fileno()], [], [], 10)
        flush()

    connection.next_event, connection.flush = noting_the_nudge, flush_once_the_resize_is_on_its_way
    embedded.tray.nudge(embedded.icon)
    wait_until(sized.is_set, "the loop flushes after the nudge")
    wait_until(drawn(embedded), "the icon is drawn once the tray sized it")
