"""The Wayland idle backend on a real sway 1.7 (headless), moved with wtype and swaymsg.

sway 1.7 offers org_kde_kwin_idle and not ext-idle-notify-v1, so this is the
KDE protocol on a wlroots compositor; ext-idle-notify-v1 and the failure
paths are covered against a fake compositor in test_idle_wayland_wire.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from daemon_process import deskbreak
from desktop import wait_until
from desktop_sway import Sway
from idle_checks import check_idle_grows, check_input_resets_idle

from deskbreak.idle import IdleSource, IdleUnavailable, IdleWatch, choose_idle_source


@pytest.fixture(scope="module")
def sway(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sway]:
    compositor = Sway(tmp_path_factory.mktemp("sway") / "sway.log")
    yield compositor
    compositor.stop()


@pytest.fixture
def wayland_source(sway: Sway) -> Iterator[IdleSource]:
    choice = choose_idle_source(environ=sway.environ, platform="linux")
    yield choice.source
    choice.source.close()


def test_a_sway_session_chooses_the_wayland_backend_first(wayland_source: IdleSource) -> None:
    assert wayland_source.name == "wayland"


def test_idle_grows_while_nobody_types(wayland_source: IdleSource) -> None:
    check_idle_grows(wayland_source, "sway")


@pytest.mark.parametrize("how", ["typing", "moving the cursor"])
def test_input_resets_idle_to_zero(wayland_source: IdleSource, sway: Sway, how: str) -> None:
    def give_input() -> None:
        if how == "typing":
            sway.type_text("x")
        else:
            sway.move_cursor(5, 5)

    check_input_resets_idle(wayland_source, give_input, how, "sway")


def test_doctor_names_the_wayland_backend(sway: Sway, monkeypatch: pytest.MonkeyPatch) -> None:
    """The CLI as a user runs it; WAYLAND_DISPLAY as a path keeps the test's own XDG_RUNTIME_DIR."""
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.setenv("WAYLAND_DISPLAY", str(sway.runtime_dir / sway.environ["WAYLAND_DISPLAY"]))
    lines = deskbreak("doctor").stdout.splitlines()
    assert lines[1] == "idle:          wayland"


def test_sway_going_away_makes_the_source_fail_in_one_line(tmp_path: Path) -> None:
    compositor = Sway(tmp_path / "sway.log")
    try:
        source = choose_idle_source(environ=compositor.environ, platform="linux").source
        compositor.stop()

        def gone() -> bool:
            try:
                source.idle_for()
            except IdleUnavailable:
                return True
            return False

        wait_until(gone, "the source notices sway is gone")
        with pytest.raises(IdleUnavailable, match=r"^lost the connection to the Wayland compositor$"):
            source.idle_for()
        source.close()
    finally:
        compositor.stop()



def test_the_watch_tells_when_each_threshold_is_reached_and_when_input_comes_back(
    wayland_source: IdleSource, sway: Sway,
) -> None:
    assert isinstance(wayland_source, IdleWatch)
    calls: list[None] = []
    sway.move_cursor(3, 3)  # input first: an earlier pause must not count as one that ends now
    wayland_source.watch([timedelta(milliseconds=1500), timedelta(milliseconds=2500)], lambda: calls.append(None))
    wait_until(lambda: len(calls) >= 2, "sway says both thresholds were reached")
    assert wayland_source.idle_for() >= timedelta(milliseconds=1500)
    sway.move_cursor(9, 9)
    wait_until(lambda: len(calls) >= 3, "sway says input came back")
    wait_until(lambda: wayland_source.idle_for() == timedelta(0), "idle time is back to zero")
    assert len(calls) == 3  # one resumed is passed on, not one per threshold
    assert wayland_source.active_for() < timedelta(milliseconds=1500)
