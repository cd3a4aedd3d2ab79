"""Reminders on macOS and Windows through desktop-notifier 6.x.

The library is asyncio-based and needs a running loop to finish its calls and
deliver some callbacks. This backend owns one: ``listen`` runs it on the
daemon's listener thread, and the engine thread hands it work with
``run_coroutine_threadsafe``, waiting at most CALL_TIMEOUT_S (before
``listen`` has started, the engine thread runs the loop for that one call,
under a lock). On macOS clicks also need a CFRunLoop on the main thread,
which the tray (pystray's Cocoa backend) runs; on Windows, WinRT calls back
on threads of its own.

Failures the library hides become ones the chooser sees. From a plain
interpreter on macOS (not an app bundle) it picks ``DummyNotificationCenter``,
which shows nothing: that becomes a ``tried`` line at choose time, and the
chooser falls back to osascript, plyer or the log. A refused notification
only logs a warning, so a call that drew one raises ``NotDelivered`` and the
daemon moves to the next backend. Permission is asked at choose time
(``request_authorisation``), with ``AUTHORISATION_TIMEOUT_S`` for the person
to answer macOS's question; asked inside the first send, it would be cut off
after ``CALL_TIMEOUT_S``.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import logging
import threading
import uuid
from collections.abc import Coroutine, Mapping
from typing import Any

from deskbreak.notify._port import (
    Action,
    ActionCallback,
    CuesAsPlainNotifications,
    NotDelivered,
    NotifierUnavailable,
    ReminderNotice,
)
from deskbreak.notify._text import APP_NAME, reminder_buttons

__all__ = [
    "AUTHORISATION_TIMEOUT_S", "CALL_TIMEOUT_S", "DesktopNotifierNotifier", "open_notifier",
    "refuse_do_nothing_backend",
]

CALL_TIMEOUT_S = 2.0
AUTHORISATION_TIMEOUT_S = 120.0
"""How long the first run waits for the person to answer macOS's "allow notifications?" question."""
_LIBRARY_LOGGER = "desktop_notifier"
_TURNED_OFF = {
    "darwin": "macOS does not let deskbreak's Python show notifications: allow it in System Settings > Notifications",
    "win32": "notifications are turned off for deskbreak: turn them on in Settings > System > Notifications",
}


class DesktopNotifierNotifier(CuesAsPlainNotifications):
    """A notifier over a ``desktop_notifier`` module (or a fake with the same names).

    Callbacks are set per notification and check its identifier, so a
    replaced or withdrawn reminder's buttons do nothing. They may run on a
    platform thread (WinRT calls back on its own), hence the lock.
    """

    name = "desktop-notifier"
    has_actions = True

    def __init__(self, on_action: ActionCallback, library: Any) -> None:
        self._on_action = on_action
        self._library = library
        self._notifier = library.DesktopNotifier(app_name=APP_NAME, app_icon=None)
        self._loop = asyncio.new_event_loop()
        self._loop_lock = threading.Lock()
        self._listening = False
        self._closed = False
        self._reminder_lock = threading.Lock()
        self._reminder_id: str | None = None
        self._complaints = _Complaints()
        logging.getLogger(_LIBRARY_LOGGER).addHandler(self._complaints)

    def authorise(self, platform: str) -> None:
        """Ask the platform whether we may notify, waiting for the person; NotifierUnavailable if not."""
        try:
            allowed = self._run(self._notifier.request_authorisation(), AUTHORISATION_TIMEOUT_S)
        except NotifierUnavailable:
            self.close()
            raise
        if not allowed:
            self.close()
            raise NotifierUnavailable(_TURNED_OFF.get(platform, "notifications are not allowed for deskbreak here"))

    def show_reminder(self, notice: ReminderNotice) -> None:
        """Clear the showing reminder, then send the new one: the library cannot replace in place."""
        self._run(self._replace(notice))

    def withdraw_reminder(self) -> None:
        """Clear the showing reminder, if any."""
        self._run(self._clear())

    def tell(self, title: str, body: str) -> None:
        """Send a plain notification with no buttons."""
        self._run(self._notifier.send_notification(self._library.Notification(title=title, message=body)))

    def listen(self) -> None:
        """Run the library's event loop until ``close``."""
        with self._loop_lock:
            if self._closed:
                return
            self._listening = True
        self._loop.run_forever()
        self._loop.close()

    def close(self) -> None:
        """Take the reminder down, then stop the loop (``listen`` closes it) or close it here."""
        with contextlib.suppress(NotifierUnavailable):  # the notification center is gone or hung
            self.withdraw_reminder()
        logging.getLogger(_LIBRARY_LOGGER).removeHandler(self._complaints)
        with self._loop_lock:
            self._closed = True
            if self._listening:
                self._loop.call_soon_threadsafe(self._loop.stop)
            else:
                self._loop.close()

    async def _replace(self, notice: ReminderNotice) -> None:
        await self._clear()
        identifier = str(uuid.uuid4())
        library = self._library
        buttons = tuple(
            library.Button(title=label, on_pressed=self._answer_for(identifier, action), identifier=action)
            for action, label in reminder_buttons(notice)
        )
        notification = library.Notification(
            title=notice.title,
            message=notice.body,
            icon=library.Icon(path=notice.icon) if notice.icon is not None else None,
            buttons=buttons,
            on_clicked=self._answer_for(identifier, "start"),
            on_dismissed=lambda: self._forget(identifier),
            identifier=identifier,
        )
        with self._reminder_lock:  # known before sending, so an instant click is not dropped
            self._reminder_id = identifier
        await self._notifier.send_notification(notification)

    async def _clear(self) -> None:
        with self._reminder_lock:
            identifier, self._reminder_id = self._reminder_id, None
        if identifier is not None:
            await self._notifier.clear(identifier)

    def _answer_for(self, identifier: str, action: Action) -> Any:
        """A library callback that reports ``action`` if ``identifier`` is still the showing reminder."""

        def answer() -> None:
            if self._forget(identifier):
                self._on_action(action)

        return answer

    def _forget(self, identifier: str) -> bool:
        """Stop tracking ``identifier``; True if it was the showing reminder."""
        with self._reminder_lock:
            if self._reminder_id != identifier:
                return False
            self._reminder_id = None
            return True

    def _run(self, work: Coroutine[Any, Any, Any], timeout: float | None = None) -> Any:
        """Finish ``work`` on the loop within ``timeout`` (CALL_TIMEOUT_S), whichever thread runs the loop.

        NotDelivered if the library complained (logged a warning) meanwhile.
        """
        limit = CALL_TIMEOUT_S if timeout is None else timeout
        self._complaints.clear()
        try:
            answer = self._finish(work, limit)
        except TimeoutError:
            raise NotifierUnavailable(f"the notification center did not answer within {limit:g} s") from None
        except Exception as exc:  # the library and its platform bridges raise anything
            raise NotifierUnavailable(f"desktop-notifier failed ({type(exc).__name__}: {exc})") from None
        complaint = self._complaints.first()
        if complaint:
            raise NotDelivered(f"the notification center refused a notification: {complaint}")
        return answer

    def _finish(self, work: Coroutine[Any, Any, Any], limit: float) -> Any:
        with self._loop_lock:
            if not self._listening:
                return self._loop.run_until_complete(asyncio.wait_for(work, limit))
        future = asyncio.run_coroutine_threadsafe(work, self._loop)
        try:
            return future.result(timeout=limit)
        finally:
            future.cancel()


class _Complaints(logging.Handler):
    """The warnings desktop-notifier logs, kept so the call that drew them can report them."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self._seen: list[str] = []
        self._seen_lock = threading.Lock()

    def emit(self, record: logging.LogRecord) -> None:
        with self._seen_lock:
            self._seen.append(record.getMessage().splitlines()[0])

    def clear(self) -> None:
        with self._seen_lock:
            self._seen.clear()

    def first(self) -> str | None:
        with self._seen_lock:
            return self._seen[0] if self._seen else None


def refuse_do_nothing_backend(backend_class: type, dummy_class: type, platform: str) -> None:
    """Raise NotifierUnavailable if desktop-notifier fell back to its backend that shows nothing."""
    if backend_class is not dummy_class:
        return
    if platform == "darwin":
        raise NotifierUnavailable("macOS Notification Center works only from an app bundle, and this is not one")
    raise NotifierUnavailable(f"desktop-notifier has no notification center on this system ({platform})")


def open_notifier(on_action: ActionCallback, environ: Mapping[str, str], platform: str) -> DesktopNotifierNotifier:
    """Import desktop-notifier now, refuse its do-nothing backend, and ask whether we may notify."""
    library = importlib.import_module("desktop_notifier")
    backend_class = importlib.import_module("desktop_notifier.main").get_backend_class()
    dummy_class = importlib.import_module("desktop_notifier.backends.dummy").DummyNotificationCenter
    refuse_do_nothing_backend(backend_class, dummy_class, platform)
    notifier = DesktopNotifierNotifier(on_action, library)
    notifier.authorise(platform)
    return notifier
