"""All the quiet signals in use, read as one answer: what is the user busy with, if anything."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from deskbreak.quiet._port import QuietSignal, QuietUnavailable

__all__ = ["QuietWatch"]

_log = logging.getLogger("deskbreak")


class QuietWatch:
    """The signals in use (in priority order) and one line per signal that could not be used.

    A signal that fails while in use counts as "not busy" (a reminder shown
    during a call is better than one lost), is logged once when it fails and
    once when it works again, and is asked again at every sample.
    """

    def __init__(self, signals: Sequence[QuietSignal], tried: Sequence[str]) -> None:
        self.signals = tuple(signals)
        self.tried = tuple(tried)
        self._failing: set[str] = set()

    def reason(self) -> str | None:
        """What the first busy signal says the user is busy with, or None; the rest are not asked."""
        for signal in self.signals:
            try:
                busy = signal.busy()
            except QuietUnavailable as error:
                if signal.name not in self._failing:
                    self._failing.add(signal.name)
                    _log.warning("quiet: %s stopped working (%s); it counts as not busy until it works again",
                                 signal.name, error)
                continue
            if signal.name in self._failing:
                self._failing.discard(signal.name)
                _log.info("quiet: %s works again", signal.name)
            if busy:
                return signal.reason
        return None

    def polled(self) -> bool:
        """Whether a signal in use has to be asked at every sample, because no thread of its own watches it.

        Such a signal says so with a true ``polled`` attribute (the camera's
        scan, the apps list); the others call ``changed`` themselves.
        """
        return any(getattr(signal, "polled", False) for signal in self.signals)

    def doctor(self) -> dict[str, list[str]]:
        """What ``deskbreak doctor`` shows: the signals in use, and why the others are not."""
        return {"quiet": [f"{signal.reason}: {signal.name}" for signal in self.signals],
                "quiet_tried": list(self.tried)}

    def close(self) -> None:
        """Close every signal."""
        for signal in self.signals:
            signal.close()
