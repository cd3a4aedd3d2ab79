"""The Wayland idle backend on KWin 5.27, Plasma's compositor, run headless and moved through fake input.

KWin offers both idle protocols, and deskbreak asks for ext-idle-notify-v1,
which sway 1.7 lacks: this is the standard protocol on a real compositor.
KDE's own org_kde_kwin_idle is tried on the compositor it was made for by
letting the client know only that one. Pointer motion and key presses come
through KWin's fake-input protocol (see desktop_kde.py). The whole daemon in
a Plasma session, shell and all, is test_desktop_plasma.py.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from daemon_process import deskbreak
from desktop_kde import KWin
from idle_checks import check_idle_grows, check_input_resets_idle

from deskbreak.idle import IdleSource, choose_idle_source
from deskbreak.idle import _wayland as wayland
from deskbreak.idle._wayland import EXT_IDLE_NOTIFY, KDE_IDLE, IdleProtocol

ASKED = {  # the request each protocol's client sends, as KWin's WAYLAND_DEBUG log shows it
    EXT_IDLE_NOTIFY.interface: r"get_idle_notification\(new id ext_idle_notification_v1@\d+, 1000, wl_seat@\d+\)",
    KDE_IDLE.interface: r"get_idle_timeout\(new id org_kde_kwin_idle_timeout@\d+, wl_seat@\d+, 1000\)",
}


@pytest.fixture(scope="module")
def kwin(tmp_path_factory: pytest.TempPathFactory) -> Iterator[KWin]:
    compositor = KWin(tmp_path_factory.mktemp("kwin") / "kwin.log")
    yield compositor
    compositor.stop()


def open_source(kwin: KWin) -> tuple[IdleSource, list[str]]:
    """The source deskbreak chooses on ``kwin``, and the idle requests KWin saw while it opened."""
    before = {interface: len(kwin.requests(interface)) for interface in ASKED}
    source = choose_idle_source(environ=kwin.environ, platform="linux").source
    return source, [line for interface in ASKED for line in kwin.requests(interface)[before[interface]:]]


def test_on_kwin_the_wayland_backend_asks_for_ext_idle_notify(kwin: KWin) -> None:
    source, asked = open_source(kwin)
    try:
        assert source.name == "wayland"
        assert len(asked) == 1
        assert re.search(ASKED[EXT_IDLE_NOTIFY.interface], asked[0]), asked
    finally:
        source.close()


@pytest.fixture(params=[EXT_IDLE_NOTIFY, KDE_IDLE], ids=lambda protocol: protocol.interface)
def source(request: pytest.FixtureRequest, kwin: KWin, monkeypatch: pytest.MonkeyPatch) -> Iterator[IdleSource]:
    """deskbreak's Wayland source on KWin, through the one protocol it is told of."""
    protocol: IdleProtocol = request.param
    monkeypatch.setattr(wayland, "_PROTOCOLS", (protocol,))
    opened, asked = open_source(kwin)
    assert [re.search(ASKED[protocol.interface], line) is not None for line in asked] == [True], asked
    yield opened
    opened.close()


def test_idle_grows_while_nobody_touches_kwin(source: IdleSource) -> None:
    check_idle_grows(source, "KWin")


@pytest.mark.parametrize("how", ["typing", "moving the pointer"])
def test_input_resets_idle_to_zero(source: IdleSource, kwin: KWin, how: str) -> None:
    give_input = kwin.hands.type_key if how == "typing" else lambda: kwin.hands.move_pointer(5, -5)
    check_input_resets_idle(source, give_input, how, "KWin")


def test_doctor_names_the_wayland_backend(kwin: KWin, monkeypatch: pytest.MonkeyPatch) -> None:
    """The CLI as a user runs it; WAYLAND_DISPLAY as a path keeps the test's own XDG_RUNTIME_DIR."""
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.setenv("WAYLAND_DISPLAY", str(kwin.socket))
    lines = deskbreak("doctor").stdout.splitlines()
    assert lines[1] == "idle:          wayland"
