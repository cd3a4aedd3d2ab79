"""What a real compositor's idle reports must do, checked the same way on every compositor that runs here."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from desktop import wait_until

from deskbreak.idle import IdleSource
from deskbreak.idle._wayland import TIMEOUT

AWAY = TIMEOUT + timedelta(milliseconds=300)


def check_idle_grows(source: IdleSource, compositor: str) -> None:
    """Zero at first, then past ``AWAY`` once the compositor says idled, then still growing."""
    assert source.idle_for() < TIMEOUT
    wait_until(lambda: source.idle_for() >= AWAY, f"{compositor} says the seat went idle")
    reached = source.idle_for()
    wait_until(lambda: source.idle_for() >= reached + timedelta(milliseconds=200), "idle time grows")


def check_input_resets_idle(source: IdleSource, give_input: Callable[[], None], how: str, compositor: str) -> None:
    """Idle, input, zero, twice: the second time proves the compositor restarted its timeout after the first."""
    for _ in range(2):
        wait_until(lambda: source.idle_for() >= AWAY, f"{compositor} says the seat went idle")
        give_input()
        wait_until(lambda: source.idle_for() == timedelta(0), f"{how} resets idle time")
