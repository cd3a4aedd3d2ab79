"""The freedesktop notifier's D-Bus conversation, against a scriptable server on a private bus.

dunst (test_notify_dunst.py) shows it works with a real server; this file
covers what dunst cannot be made to do: lack the "actions" capability, hang,
or send signals about notifications that are not ours.
"""

from __future__ import annotations

import logging
import queue
import re
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from desktop import send_to, signal, wait_until
from desktop_notify import FakeNotificationServer
from jeepney.bus_messages import message_bus  # type: ignore[import-untyped]
from jeepney.io.blocking import open_dbus_connection  # type: ignore[import-untyped]

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
    with pytest.raises(NotifierUnavailable, match=r"did not answer Notify within 0.2 s"):
        notifier.show_reminder(NOTICE)
    with pytest.raises(NotifierUnavailable, match=r"did not answer CloseNotification within 0.2 s"):
        notifier.withdraw_reminder()
    notifier.close()  # still returns: nothing left to do for a hung server


def test_server_gone_after_start_is_reported_not_raised_raw(bus: str, answers: queue.Queue[Action]) -> None:
    server = FakeNotificationServer(bus, FULL)
    notifier, listener = open_listening(bus, answers)
    server.stop()
    with pytest.raises(NotifierUnavailable, match=r"^no org.freedesktop.Notifications service on the session bus$"):
        notifier.tell("Config not reloaded", "line 3")
    notifier.close()
    listener.join(timeout=5)
    assert not listener.is_alive()


def test_a_server_that_answers_every_call_twice_still_gets_reminders_and_clicks(
    bus: str, answers: queue.Queue[Action], caplog: pytest.LogCaptureFixture
) -> None:
    """mako sends a reply and then an error to the same call: the second must cost one message, not the notifier."""
    caplog.set_level(logging.DEBUG, logger="deskbreak")
    server = FakeNotificationServer(bus, FULL)
    server.answers_twice = True
    try:
        notifier, listener = open_listening(bus, answers)  # failed with KeyError, leaving deskbreak log-only
        notifier.show_reminder(NOTICE)
        notifier.show_reminder(NOTICE)
        notifier.tell("Config not reloaded", "line 3")
        assert [(call[1], call[3]) for call in server.notified] == [
            (0, "Time to stretch"), (1, "Time to stretch"), (0, "Config not reloaded")
        ]
        server.emit("ActionInvoked", 2, "start")
        assert answers.get(timeout=5) == "start"
        notifier.close()
        listener.join(timeout=5)
    finally:
        server.stop()
    ignored = [record for record in caplog.records if record.getMessage().startswith("ignored D-Bus error")]
    assert [record.levelno for record in ignored[:4]] == [logging.WARNING, logging.DEBUG, logging.DEBUG, logging.DEBUG]
    assert ignored[0].getMessage().endswith(
        ": no call waits for this reply (a second answer, or one after its timeout)"
    )


def test_clicks_count_only_from_the_connection_that_owns_the_name_and_a_new_server_is_followed(
    bus: str, server: FakeNotificationServer, notifier: Notifier, answers: queue.Queue[Action],
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Any client can send our connection an ActionInvoked; only the notification server's count."""
    notifier.show_reminder(NOTICE)  # id 1
    [us] = set(server.callers)
    path, interface = "/org/freedesktop/Notifications", "org.freedesktop.Notifications"
    with open_dbus_connection(bus=bus) as impostor:
        send_to(impostor, us, signal(path, interface, "ActionInvoked", "us", 1, "skip"))
        impostor.send(signal(path, interface, "ActionInvoked", "us", 1, "skip"))  # broadcast too
        impostor.send_and_get_reply(message_bus.GetId(), timeout=5)  # the bus has routed both
    server.emit("ActionInvoked", 1, "snooze")
    assert answers.get(timeout=5) == "snooze"
    [warning] = [record.getMessage() for record in caplog.records if record.levelno == logging.WARNING]
    assert re.fullmatch(
        r"ignored D-Bus signal org.freedesktop.Notifications.ActionInvoked\(us\) from :1\.\d+: "
        r"it does not own org.freedesktop.Notifications \(:1\.\d+ does\)",
        warning,
    )
    server.stop()  # the notification daemon restarts: a new connection owns the name
    restarted = FakeNotificationServer(bus, FULL)
    try:
        notifier.show_reminder(NOTICE)  # the new server's id 1
        restarted.emit("ActionInvoked", 1, "start")
        assert answers.get(timeout=5) == "start"
    finally:
        restarted.stop()
    assert answers.empty()


def test_a_reminder_up_when_its_server_goes_away_is_shown_again_by_the_next_one(
    bus: str, server: FakeNotificationServer, notifier: Notifier, answers: queue.Queue[Action]
) -> None:
    """Plasma restarts a crashed plasmashell; the reminder it showed went with it, and no NotificationClosed came."""
    notifier.show_reminder(NOTICE)
    server.stop()
    restarted = FakeNotificationServer(bus, FULL)
    try:
        wait_until(lambda: bool(restarted.notified), "the new server is sent the reminder")
        [(_, replaces, _, summary, _, actions, _, expire)] = restarted.notified
        assert (replaces, summary, expire) == (0, NOTICE.title, 0)  # a new notification: the old id means nothing now
        assert actions == server.notified[0][5]
        restarted.emit("ActionInvoked", 1, "snooze")
        assert answers.get(timeout=5) == "snooze"
    finally:
        restarted.stop()
    third = FakeNotificationServer(bus, FULL)
    try:
        notifier.show_reminder(NOTICE)  # whether before or after the owner change is taken in: shown once
        third.emit("ActionInvoked", 1, "skip")  # after the owner change, on the bus and in the listener
        assert answers.get(timeout=5) == "skip"
        assert len(third.notified) == 1, "an answered reminder is not shown again, nor one the server already has"
    finally:
        third.stop()


def test_cues_are_transient_replace_each_other_and_end_with_the_break(
    notifier: Notifier, server: FakeNotificationServer, tmp_path: Path
) -> None:
    notifier.cue("Now: wall dog", "Hold 30 s", tmp_path / "i.png")
    notifier.cue("Now: chair twist, left side", "Hold 30 s", tmp_path / "i.png")
    first, second = server.notified
    assert [first[1], second[1]] == [0, 1]  # the second replaces the first: one cue on screen
    assert second[2] == (tmp_path / "i.png").as_uri()  # the app's own icon, not a generic one
    assert second[6]["transient"] == ("b", True)  # GNOME keeps no transient notification in its list
    notifier.end_cues()
    assert server.closed == [2]
    notifier.end_cues()
    assert server.closed == [2]  # nothing left to take down


def test_closing_the_notifier_takes_the_last_cue_down(bus: str, server: FakeNotificationServer,
                                                      answers: queue.Queue[Action]) -> None:
    notifier, listener = open_listening(bus, answers)
    notifier.cue("Now: wall dog", "Hold 30 s", None)
    notifier.close()
    listener.join(timeout=5)
    assert server.closed == [1]


def test_on_xfce4_notifyd_the_body_click_is_not_drawn_as_a_second_start_button(
    bus: str, answers: queue.Queue[Action]
) -> None:
    xfce = FakeNotificationServer(bus, FULL, name="Xfce Notify Daemon")  # what 0.7.3 answers
    try:
        notifier, listener = open_listening(bus, answers)
        notifier.show_reminder(NOTICE)
        [(*_, actions, _, _)] = xfce.notified
        assert actions[:4] == ["default", "", "start", "Start"]
        notifier.close()
        listener.join(timeout=5)
    finally:
        xfce.stop()


PLASMA = ("body", "body-hyperlinks", "body-markup", "body-images", "icon-static", "actions", "persistence",
          "inline-reply", "x-kde-urls", "x-kde-origin-name", "x-kde-display-appname", "inhibitions")
"""GetCapabilities of Plasma 5.27's notification server (plasmashell), word for word as it answered."""



@pytest.fixture
def plasma(bus: str) -> Iterator[FakeNotificationServer]:
    fake = FakeNotificationServer(bus, PLASMA, name="Plasma")
    yield fake
    fake.stop()


def test_on_plasma_the_body_click_keeps_its_label_and_starts_the_break(
    bus: str, plasma: FakeNotificationServer, answers: queue.Queue[Action]
) -> None:
    """Plasma 5.27 draws no button for "default" (its popup showed Start, Snooze and Skip) and sends
    ActionInvoked(id, "default") for a click on the body, as its org.kde.NotificationManager.InvokeAction does."""
    notifier, listener = open_listening(bus, answers)
    notifier.show_reminder(NOTICE)
    [(_, _, _, _, body, actions, _, _)] = plasma.notified
    assert actions == ["default", "Start", "start", "Start", "snooze", "Snooze 5 min", "skip", "Skip"]
    assert body == "Wall dog — 2 min"
    plasma.emit("ActionInvoked", 1, "default")
    assert answers.get(timeout=5) == "start"
    notifier.close()
    listener.join(timeout=5)
