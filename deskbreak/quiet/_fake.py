"""A quiet signal that tests and simulations set by hand (httpx's shipped-fake idea)."""

from __future__ import annotations

from deskbreak.quiet._port import QuietUnavailable

__all__ = ["FakeQuiet"]


class FakeQuiet:
    """Busy while ``is_busy`` is True; raises while ``failing`` holds a reason."""

    def __init__(self, reason: str = "fullscreen", name: str = "fake") -> None:
        self.name = name
        self.reason = reason
        self.is_busy = False
        self.failing: str | None = None
        self.closed = False
        self.polled = False  # True: like the camera's scan, it has to be asked at every sample

    def busy(self) -> bool:
        """The value the test set."""
        if self.failing is not None:
            raise QuietUnavailable(self.failing)
        return self.is_busy

    def close(self) -> None:
        """Remember that the daemon closed it."""
        self.closed = True
