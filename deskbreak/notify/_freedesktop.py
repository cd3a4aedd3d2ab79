"""Reminders through the freedesktop Notifications D-Bus API, spoken directly with jeepney.

Threading: one session-bus connection inside a ``BusRouter``, whose own
receiver thread hands each method reply to the thread waiting for it, so the
engine thread's ``Notify`` calls get their answers while ``listen`` sits on
another thread, and puts every signal on a queue that ``listen`` drains. One
connection rather than a second one for listening, because servers such as
dunst send ``ActionInvoked`` only to the connection that sent ``Notify``:
a separate listening connection would never hear a click.

Any client of the bus can send us an ``ActionInvoked``, so one counts only
if it comes from the connection that owns org.freedesktop.Notifications
now (a ``NameOwner``, which follows a restarted server). A server that
answers a call twice (mako) costs one ignored message, not the connection.

A server that goes away takes its notifications with it, and sends no
``NotificationClosed`` for them: Plasma restarts a crashed plasmashell,
whose new notification server knows nothing of the reminder that was up.
So the reminder showing when the name loses its owner is sent again, as a
new notification, to the connection that owns the name next.

Every call waits at most ``CALL_TIMEOUT_S`` for its reply, then raises
NotifierUnavailable, so a hung notification server cannot freeze the engine.
Calls may D-Bus-activate the server, as notify-send does, because many
sessions start their notification daemon only on first use.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Mapping, Sequence
from pathlib import Path
from queue import Queue
from typing import Any

from jeepney import DBusAddress, HeaderFields, MatchRule, MessageType, new_method_call  # type: ignore[import-untyped]
from jeepney.bus_messages import message_bus  # type: ignore[import-untyped]
from jeepney.io.threading import open_dbus_connection  # type: ignore[import-untyped]

from deskbreak.bus import BusRouter, IgnoredMessages, NameOwner, connect_bus, escaped, sender_of, session_bus_address
from deskbreak.notify._port import Action, ActionCallback, NotifierUnavailable, ReminderNotice
from deskbreak.notify._text import APP_NAME, body_with_tray_hint, reminder_buttons

__all__ = ["CALL_TIMEOUT_S", "FreedesktopNotifier", "open_notifier"]

CALL_TIMEOUT_S = 2.0
BUS_NAME = "org.freedesktop.Notifications"
_SERVER = DBusAddress("/org/freedesktop/Notifications", bus_name=BUS_NAME, interface=BUS_NAME)
_NOT_ON_BUS = ("org.freedesktop.DBus.Error.ServiceUnknown", "org.freedesktop.DBus.Error.NameHasNoOwner")
_NO_NOTIFICATION = 0  # the spec's "no id": Notify with replaces_id 0 makes a new one
_PERSISTENT, _SERVER_DEFAULT = 0, -1  # expire_timeout values from the spec
_URGENCY_LOW = 0
_URGENCY_NORMAL = 1
_BODY_CLICK = "default"  # the spec's action key for a click on the notification itself
_DRAWS_THE_BODY_CLICK = frozenset({"Xfce Notify Daemon"})
"""Servers, by the name GetServerInformation gives (xfce4-notifyd 0.7 answers "Xfce Notify Daemon"),
that draw the body-click action as a button: its label stays empty there, or a second "Start" would
show (xfce4-notifyd sends no "default" on a click on the body anyway: it closes the notification).
Elsewhere the label is what dunst's and mako's action menus list."""
_ANSWERS: dict[str, Action] = {_BODY_CLICK: "start", "start": "start", "snooze": "snooze", "skip": "skip"}
_STOP_LISTENING = object()

_log = logging.getLogger(__name__)


class FreedesktopNotifier:
    """A notifier talking to whichever server owns org.freedesktop.Notifications.

    The id of the reminder on screen is kept under a lock: the engine thread
    sets it from Notify's reply while the listener thread matches signals
    against it, and only signals about that id are acted on.
    """

    name = "freedesktop"

    def __init__(self, on_action: ActionCallback, connection: Any) -> None:
        self._on_action = on_action
        self._connection = connection
        self._signals: Queue[Any] = Queue()
        self._ignored = IgnoredMessages(_log)
        self._owner = NameOwner(BUS_NAME)
        self._router = BusRouter(connection, self._signals.put, self._ignored)
        self._lock = threading.Lock()
        self._reminder_id = _NO_NOTIFICATION
        self._showing: ReminderNotice | None = None  # what _reminder_id shows, for a new server
        self._shown_by = ""  # the connection that gave _reminder_id: a new owner of the name has not got it
        self._cue_id = _NO_NOTIFICATION
        self._closed = False
        try:
            capabilities = self._reply(new_method_call(_SERVER, "GetCapabilities"))[0]
            self._subscribe()
        except BaseException:
            self._router.close()  # stop its receiver thread before the caller closes the connection
            raise
        self.has_actions = "actions" in capabilities
        self._body_click_label = "" if self._server_name() in _DRAWS_THE_BODY_CLICK else "Start"
        self._body_is_markup = "body-markup" in capabilities

    def show_reminder(self, notice: ReminderNotice) -> None:
        """Notify with replaces_id set to the showing reminder, persistent until answered."""
        with self._lock:  # held across the call so a click on the new id waits until the id is known
            self._reminder_id = self._send_reminder(notice, replaces_id=self._reminder_id)
            self._showing = notice

    def _send_reminder(self, notice: ReminderNotice, *, replaces_id: int) -> int:
        """Notify with ``notice``'s title, body and buttons; the id the server gave it, noting which server that was."""
        if self.has_actions:
            body = notice.body
            click = [_BODY_CLICK, self._body_click_label]
            actions = click + [part for button in reminder_buttons(notice) for part in button]
        else:
            body, actions = body_with_tray_hint(notice), []
        notification_id, self._shown_by = self._notify(notice.title, body, icon=notice.icon, actions=actions,
                                                       replaces_id=replaces_id, quietly=notice.quietly)
        return notification_id

    def withdraw_reminder(self) -> None:
        """CloseNotification for the showing reminder; an error reply means it was already gone."""
        with self._lock:
            if self._reminder_id != _NO_NOTIFICATION:
                self._send(self._method("CloseNotification", "u", self._reminder_id))
                self._reminder_id, self._showing = _NO_NOTIFICATION, None

    def tell(self, title: str, body: str) -> None:
        """A plain notification that the server times out as it likes; it replaces nothing."""
        self._notify(title, body, icon=None, actions=(), replaces_id=_NO_NOTIFICATION, expire_timeout=_SERVER_DEFAULT)

    def cue(self, title: str, body: str, icon: Path | None) -> None:
        """A transient notification (GNOME keeps none of them in its list) that replaces the last cue."""
        with self._lock:
            self._cue_id, _ = self._notify(title, body, icon=icon, actions=(), replaces_id=self._cue_id,
                                           expire_timeout=_SERVER_DEFAULT, transient=True)

    def end_cues(self) -> None:
        """CloseNotification for the last cue, so none outlives the break."""
        with self._lock:
            cue, self._cue_id = self._cue_id, _NO_NOTIFICATION
        if cue != _NO_NOTIFICATION:
            self._send(self._method("CloseNotification", "u", cue))

    def listen(self) -> None:
        """Turn ActionInvoked and NotificationClosed signals into callbacks until ``close``."""
        while (signal := self._signals.get()) is not _STOP_LISTENING:
            self._handle(signal)

    def close(self) -> None:
        """Take the reminder down (its buttons would reach nobody), stop ``listen``, disconnect."""
        if self._closed:
            return
        self._closed = True
        with contextlib.suppress(NotifierUnavailable):  # the server is gone or hung: nothing to take down
            self.withdraw_reminder()
            self.end_cues()
        self._signals.put(_STOP_LISTENING)
        self._router.close()
        self._connection.close()

    def _server_name(self) -> str:
        """The server's name from GetServerInformation; "" if it will not say."""
        try:
            information = self._reply(new_method_call(_SERVER, "GetServerInformation"))
        except NotifierUnavailable:
            return ""
        return str(information[0]) if information else ""

    def _subscribe(self) -> None:
        """Ask the bus for the server's two signals, then learn which connection the server is."""
        for member in ("ActionInvoked", "NotificationClosed"):
            rule = MatchRule(
                type="signal", sender=BUS_NAME, interface=BUS_NAME, path=_SERVER.object_path, member=member
            )
            self._reply(message_bus.AddMatch(rule))
        self._owner.start(self._reply)

    def _handle(self, signal: Any) -> None:
        """Act on a signal from the server about our reminder; a click also closes it, since dunst leaves it up."""
        if self._owner.follow(signal):
            if self._owner.owner:
                self._show_again()
            return
        member = signal.header.fields.get(HeaderFields.member)
        if member in ("ActionInvoked", "NotificationClosed") and not self._owner.sent(signal):
            self._ignored.note(signal, self._owner.why_not(signal))
            return
        match (member, signal.body):
            case ("ActionInvoked", (int(notification_id), str(key))) if key in _ANSWERS:
                with self._lock:
                    if notification_id != self._reminder_id:
                        return
                    self._reminder_id, self._showing = _NO_NOTIFICATION, None
                    with contextlib.suppress(OSError):  # a lost bus already took the notification away
                        self._router.send(self._method("CloseNotification", "u", notification_id))
                self._on_action(_ANSWERS[key])
            case ("NotificationClosed", (int(notification_id), *_)):
                with self._lock:
                    if notification_id == self._reminder_id:
                        self._reminder_id, self._showing = _NO_NOTIFICATION, None

    def _show_again(self) -> None:
        """Send the showing reminder, if any, to the server that now owns the name, unless that server showed it.

        The new owner may be the very server our last Notify started (D-Bus
        activation): its reply named it, and it has the reminder already.
        """
        with self._lock:
            if self._showing is None or self._shown_by == self._owner.owner:
                return
            try:
                self._reminder_id = self._send_reminder(self._showing, replaces_id=_NO_NOTIFICATION)
            except NotifierUnavailable as exc:
                self._reminder_id, self._showing = _NO_NOTIFICATION, None
                _log.warning("the reminder could not be shown again to the new notification server: %s", exc)

    def _notify(
        self,
        title: str,
        body: str,
        *,
        icon: Path | None,
        actions: Sequence[str],
        replaces_id: int,
        expire_timeout: int = _PERSISTENT,
        transient: bool = False,
        quietly: bool = False,
    ) -> tuple[int, str]:
        """Send Notify; the id the server gave the notification, and that server's unique name."""
        if self._body_is_markup:
            body = escaped(body)
        urgency = _URGENCY_LOW if quietly else _URGENCY_NORMAL
        hints: dict[str, tuple[str, Any]] = {"desktop-entry": ("s", APP_NAME), "urgency": ("y", urgency)}
        if transient:
            hints["transient"] = ("b", True)
        if quietly:
            hints["suppress-sound"] = ("b", True)
        icon_uri = icon.resolve().as_uri() if icon is not None else ""
        arguments = (APP_NAME, replaces_id, icon_uri, title, body, list(actions), hints, expire_timeout)
        message = self._method("Notify", "susssasa{sv}i", *arguments)
        reply = self._send(message)
        match answer := self._body_of(reply, message):
            case (int(notification_id),) if notification_id > 0:
                return notification_id, sender_of(reply)
        raise NotifierUnavailable(f"{BUS_NAME} answered Notify with {answer!r}, not a notification id")

    @staticmethod
    def _method(member: str, signature: str, *arguments: Any) -> Any:
        """A call to the notification server's ``member``, not yet sent."""
        return new_method_call(_SERVER, member, signature, arguments)

    def _reply(self, message: Any) -> tuple[Any, ...]:
        """The body of the reply to ``message``, or NotifierUnavailable naming the error."""
        return self._body_of(self._send(message), message)

    @staticmethod
    def _body_of(reply: Any, message: Any) -> tuple[Any, ...]:
        """The body of ``reply`` to ``message``, or NotifierUnavailable naming the error it is."""
        if reply.header.message_type != MessageType.error:
            body: tuple[Any, ...] = reply.body
            return body
        error_name = reply.header.fields.get(HeaderFields.error_name, "an unknown error")
        if error_name in _NOT_ON_BUS:
            raise NotifierUnavailable(f"no {BUS_NAME} service on the session bus")
        detail = f": {reply.body[0]}" if reply.body and isinstance(reply.body[0], str) else ""
        member = message.header.fields.get(HeaderFields.member)
        raise NotifierUnavailable(f"{member} failed with {error_name}{detail}")

    def _send(self, message: Any) -> Any:
        """Send ``message`` and wait at most CALL_TIMEOUT_S for the reply, error replies included."""
        member = message.header.fields.get(HeaderFields.member)
        try:
            return self._router.call(message, CALL_TIMEOUT_S)
        except TimeoutError:
            raise NotifierUnavailable(f"{BUS_NAME} did not answer {member} within {CALL_TIMEOUT_S:g} s") from None
        except OSError as exc:  # BusLost among them
            raise NotifierUnavailable(f"lost the session bus connection ({exc})") from None


def open_notifier(on_action: ActionCallback, environ: Mapping[str, str], platform: str) -> FreedesktopNotifier:
    """Connect to the session bus in ``environ`` and ask the server for its capabilities."""
    connection = connect_bus(
        session_bus_address(environ), NotifierUnavailable, timeout_s=CALL_TIMEOUT_S, opener=open_dbus_connection
    )
    try:
        return FreedesktopNotifier(on_action, connection)
    except BaseException:
        connection.close()
        raise
