"""The fake notifier that ships beside the real ones (httpx's MockTransport idea)."""

from __future__ import annotations

import threading
from pathlib import Path

from deskbreak.notify._port import Action, ActionCallback, NotifierUnavailable, ReminderNotice

__all__ = ["FakeNotifier"]


class FakeNotifier:
    """A notifier that records every call and lets a test answer the reminder as the user would.

    ``calls`` holds one tuple per call, in order: ``("show_reminder", notice)``,
    ``("withdraw_reminder",)``, ``("tell", title, body)``, ``("cue", title, body)``,
    ``("end_cues",)``, ``("listen",)``, ``("close",)``. ``showing`` is the
    reminder on the fake screen, ``cue_showing`` the cue. ``press``
    delivers an answer on the caller's thread, so a daemon test needs no
    listener thread; ``listen`` still blocks until ``close`` like a real one,
    for tests of the daemon's threads.
    """

    name = "fake"

    def __init__(self, on_action: ActionCallback, *, has_actions: bool = True) -> None:
        self.has_actions = has_actions
        self.calls: list[tuple[object, ...]] = []
        self.showing: ReminderNotice | None = None
        self.cue_showing: tuple[str, str] | None = None
        self._on_action = on_action
        self._failure: str | None = None
        self._closed = threading.Event()

    @property
    def told(self) -> list[tuple[str, str]]:
        """Every (title, body) passed to ``tell``, oldest first."""
        return [(str(call[1]), str(call[2])) for call in self.calls if call[0] == "tell"]

    def fail(self, reason: str | None) -> None:
        """Make later show/withdraw/tell calls raise NotifierUnavailable(reason); None heals it."""
        self._failure = reason

    def press(self, action: Action) -> None:
        """Answer the showing reminder, as a click on its button (or body, for "start") would."""
        if self.showing is None:
            raise ValueError(f"cannot press {action!r}: no reminder is showing")
        if action == "snooze" and not self.showing.offer_snooze:
            raise ValueError("cannot press 'snooze': the showing reminder does not offer it")
        self.showing = None
        self._on_action(action)

    def show_reminder(self, notice: ReminderNotice) -> None:
        """Record it; it replaces whatever reminder was showing."""
        self._record("show_reminder", notice)
        self.showing = notice

    def withdraw_reminder(self) -> None:
        """Record it; no reminder is showing afterwards."""
        self._record("withdraw_reminder")
        self.showing = None

    def tell(self, title: str, body: str) -> None:
        """Record it (see ``told``)."""
        self._record("tell", title, body)

    def cue(self, title: str, body: str, icon: Path | None) -> None:
        """Record it; it replaces the cue showing."""
        self._record("cue", title, body)
        self.cue_showing = (title, body)

    def end_cues(self) -> None:
        """Record it; no cue is showing afterwards."""
        self._record("end_cues")
        self.cue_showing = None

    def listen(self) -> None:
        """Block until ``close``, as a real listener does."""
        self.calls.append(("listen",))
        self._closed.wait()

    def close(self) -> None:
        """Record it and release ``listen``; the showing reminder is taken down, as real ones do."""
        self.calls.append(("close",))
        self.showing = None
        self._closed.set()

    def _record(self, *call: object) -> None:
        self.calls.append(call)
        if self._failure is not None:
            raise NotifierUnavailable(self._failure)
