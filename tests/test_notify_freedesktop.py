"""The freedesktop notifier's D-Bus conversation, against a scriptable server on a private bus.

dunst (test_notify_dunst.py) shows it works with a real server; this file
covers what dunst cannot be made to do: lack the "actions" capability, hang,
or send signals about notifications that are not ours.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from desktop import wait_until
from desktop_notify import FakeNotificationServer

from deskbreak.notify import Action, Notifier, NotifierUnavailable, ReminderNotice, choose_notifier
from deskbreak.notify import _freedesktop as freedesktop

FULL = ("actions", "body", "body-markup", "icon-static")
NOTICE = ReminderNotice(
    title="Time to stretch", body="Wall dog — 2 min", icon=None, offer_snooze=True, snooze_minutes=5
)


@pytest.fixture
def server(bus: str) -> Iterator[FakeNotificationServer]:
    fake = FakeNotificationServer(bus, FULL)
    yield fake
    fake.stop()


@pytest.fixture
def answers() -> queue.Queue[Action]:
    return queue.Queue()


def open_listening(bus: str, answers: queue.Queue[Action]) -> tuple[Notifier, threading.Thread]:
    choice = choose_notifier(answers.put, environ={"DBUS_SESSION_BUS_ADDRESS": bus}, platform="linux")
    assert (choice.notifier.name, choice.tried) == ("freedesktop", ())
    listener = threading.Thread(target=choice.notifier.listen, daemon=True)
    listener.start()
    return choice.notifier, listener


@pytest.fixture
def notifier(bus: str, server: FakeNotificationServer, answers: queue.Queue[Action]) -> Iterator[Notifier]:
    notifier, listener = open_listening(bus, answers)
    yield notifier
    notifier.close()
    listener.join(timeout=5)
    assert not listener.is_alive()


def test_reminder_is_persistent_normal_urgency_with_desktop_entry(
    notifier: Notifier, server: FakeNotificationServer, tmp_path: Path
) -> None:
    notifier.show_reminder(
        ReminderNotice(
            title="Time to stretch", body="Wall dog", icon=tmp_path / "i.png", offer_snooze=True, snooze_minutes=5
        )
    )
    [(app, replaces, icon, summary, body, actions, hints, expire)] = server.notified
    assert (app, replaces, icon, summary, body, expire) == (
        "deskbreak",
        0,
        (tmp_path / "i.png").as_uri(),
        "Time to stretch",
        "Wall dog",
        0,
    )
    assert actions == ["default", "Start", "start", "Start", "snooze", "Snooze 5 min", "skip", "Skip"]
    assert hints == {"desktop-entry": ("s", "deskbreak"), "urgency": ("y", 1)}


def test_second_reminder_names_the_first_as_the_one_it_replaces(
    notifier: Notifier, server: FakeNotificationServer
) -> None:
    notifier.show_reminder(NOTICE)
    notifier.show_reminder(NOTICE)
    assert [call[1] for call in server.notified] == [0, 1]


def test_only_answers_about_our_showing_reminder_are_delivered(
    notifier: Notifier, server: FakeNotificationServer, answers: queue.Queue[Action]
) -> None:
    notifier.show_reminder(NOTICE)  # the fake gives it id 1
    server.emit("ActionInvoked", 99, "start")  # someone else's notification
    server.emit("ActionInvoked", 1, "open-settings")  # a key we never offered
    server.emit("ActionInvoked", 1, "snooze")
    assert answers.get(timeout=5) == "snooze"
    wait_until(lambda: server.closed == [1], "the answered reminder is closed")
    server.emit("ActionInvoked", 1, "skip")  # a second click on the answered reminder
    notifier.show_reminder(NOTICE)  # id 2
    server.emit("NotificationClosed", 2, 2)  # dismissed by the user
    server.emit("ActionInvoked", 2, "start")
    notifier.show_reminder(NOTICE)  # id 3
    server.emit("ActionInvoked", 3, "default")  # a click on the body
    assert answers.get(timeout=5) == "start"
    assert answers.empty()
    assert [call[1] for call in server.notified][:2] == [0, 0]  # the answered one is not "replaced"


def test_server_without_actions_gets_the_tray_hint_and_no_buttons(bus: str, answers: queue.Queue[Action]) -> None:
    server = FakeNotificationServer(bus, ("body",))
    try:
        notifier, listener = open_listening(bus, answers)
        assert not notifier.has_actions
        notifier.show_reminder(
            ReminderNotice(title="Break", body="Neck roll <1 min>", icon=None, offer_snooze=False, snooze_minutes=0)
        )
        [call] = server.notified
        assert (call[4], call[5]) == ("Neck roll <1 min>\nUse the tray menu to start or skip this break.", [])
        notifier.close()
        listener.join(timeout=5)
    finally:
        server.stop()


def test_hung_server_raises_within_the_call_timeout(
    notifier: Notifier, server: FakeNotificationServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    notifier.show_reminder(NOTICE)
    monkeypatch.setattr(freedesktop, "CALL_TIMEOUT_S", 0.2)
    server.answering = False
    started = time.monotonic()
    with pytest.raises(NotifierUnavailable, match=r"did not answer Notify within 0.2 s"):
        notifier.show_reminder(NOTICE)
    with pytest.raises(NotifierUnavailable, match=r"did not answer CloseNotification within 0.2 s"):
        notifier.withdraw_reminder()
    notifier.close()  # still returns: nothing left to do for a hung server
    assert time.monotonic() - started < 2


def test_server_gone_after_start_is_reported_not_raised_raw(bus: str, answers: queue.Queue[Action]) -> None:
    server = FakeNotificationServer(bus, FULL)
    notifier, listener = open_listening(bus, answers)
    server.stop()
    with pytest.raises(NotifierUnavailable, match=r"^no org.freedesktop.Notifications service on the session bus$"):
        notifier.tell("Config not reloaded", "line 3")
    notifier.close()
    listener.join(timeout=5)
    assert not listener.is_alive()
