"""The backends that cannot show anything on this machine, with their libraries faked, and the fake."""

from __future__ import annotations

import asyncio
import logging
import queue
import threading
import types
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from deskbreak.notify import Action, FakeNotifier, LogOnly, NotifierUnavailable, ReminderNotice
from deskbreak.notify import _desktop_notifier as desktop_notifier
from deskbreak.notify import _plyer as plyer

NOTICE = ReminderNotice(
    title="Time to stretch",
    body="Seated twist · wall dog — 3 min",
    icon=Path("/icons/deskbreak.png"),
    offer_snooze=True,
    snooze_minutes=10,
)
LAST_CHANCE = ReminderNotice(title="Break", body="Neck roll", icon=None, offer_snooze=False, snooze_minutes=10)


# plyer --------------------------------------------------------------------------------------------


class PlyerFacade:
    """plyer.facades.Notification as plyer ships it: notify() calls a _notify that raises."""

    def notify(self, **kwargs: Any) -> None:
        self._notify(**kwargs)

    def _notify(self, **kwargs: Any) -> None:
        raise NotImplementedError("No usable implementation found!")


class PlyerNotifySend(PlyerFacade):
    def __init__(self, failure: Exception | None = None) -> None:
        self.sent: list[dict[str, Any]] = []
        self.failure = failure

    def _notify(self, **kwargs: Any) -> None:
        if self.failure is not None:
            raise self.failure
        self.sent.append(kwargs)


def fake_plyer(backend: PlyerFacade, *complaints: str) -> Any:
    """An import_module for load_backend that serves a fake plyer whose instance() returns ``backend``."""

    def instance() -> PlyerFacade:
        for complaint in complaints:
            warnings.warn(complaint, stacklevel=1)
        return backend

    modules = {
        "plyer.facades": types.SimpleNamespace(Notification=PlyerFacade),
        "plyer.platforms.linux.notification": types.SimpleNamespace(instance=instance),
        "plyer.platforms.win.notification": types.SimpleNamespace(instance=instance),
    }
    return modules.__getitem__


def test_plyer_reminder_points_to_the_tray_and_lasts_a_minute() -> None:
    backend = PlyerNotifySend()
    notifier = plyer.PlyerNotifier(plyer.load_backend("linux", fake_plyer(backend)), "linux")
    assert (notifier.name, notifier.has_actions) == ("plyer", False)
    notifier.show_reminder(LAST_CHANCE)
    notifier.show_reminder(NOTICE)
    notifier.withdraw_reminder()
    notifier.listen()  # returns at once: nothing to hear
    assert backend.sent == [
        {
            "title": "Break",
            "message": "Neck roll\nUse the tray menu to start or skip this break.",
            "app_name": "deskbreak",
            "app_icon": "",
            "timeout": 60,
        },
        {
            "title": "Time to stretch",
            "message": "Seated twist · wall dog — 3 min\nUse the tray menu to start, snooze or skip this break.",
            "app_name": "deskbreak",
            "app_icon": "/icons/deskbreak.png",
            "timeout": 60,
        },
    ]


def test_plyer_on_windows_leaves_out_icons_balloons_cannot_load() -> None:
    backend = PlyerNotifySend()
    notifier = plyer.PlyerNotifier(plyer.load_backend("win32", fake_plyer(backend)), "win32")
    notifier.show_reminder(NOTICE)
    notifier.tell("Database moved aside", "history.db kept as history.db.bad")
    assert [sent["app_icon"] for sent in backend.sent] == ["", ""]
    assert backend.sent[1]["timeout"] == 10


def test_plyer_without_a_backend_is_refused_at_choose_time_with_its_complaints() -> None:
    import_module = fake_plyer(PlyerFacade(), "notify-send not found.\nInstall libnotify-bin.", "no dbus.")
    refusal = r"^plyer found no way to notify here \(notify-send not found; no dbus\)$"
    with pytest.raises(NotifierUnavailable, match=refusal):
        plyer.load_backend("linux", import_module)


def test_plyer_on_an_unknown_platform_is_refused() -> None:
    with pytest.raises(NotifierUnavailable, match=r"plyer has no notification backend for platform 'haiku1'"):
        plyer.load_backend("haiku1", fake_plyer(PlyerNotifySend()))


def test_plyer_failure_at_call_time_is_one_line() -> None:
    backend = PlyerNotifySend(failure=FileNotFoundError("notify-send"))
    notifier = plyer.PlyerNotifier(backend, "linux")
    failure = r"^plyer could not show a notification \(FileNotFoundError: notify-send\)$"
    with pytest.raises(NotifierUnavailable, match=failure):
        notifier.tell("title", "body")


# desktop-notifier ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Button:
    title: str
    on_pressed: Any
    identifier: str


@dataclass(frozen=True)
class Icon:
    path: Path


@dataclass(frozen=True)
class Notification:
    title: str
    message: str
    icon: Icon | None = None
    buttons: tuple[Button, ...] = ()
    on_clicked: Any = None
    on_dismissed: Any = None
    identifier: str = "tell"


@dataclass
class FakeDesktopNotifier:
    """desktop_notifier.DesktopNotifier's async API, keeping what is on screen."""

    app_name: str
    app_icon: Any
    on_screen: dict[str, Notification] = field(default_factory=dict)
    sent: list[Notification] = field(default_factory=list)
    loop_threads: set[str] = field(default_factory=set)

    async def send_notification(self, notification: Notification) -> str:
        self.loop_threads.add(threading.current_thread().name)
        self.sent.append(notification)
        self.on_screen[notification.identifier] = notification
        return notification.identifier

    async def clear(self, identifier: str) -> None:
        self.on_screen.pop(identifier, None)


class FakeLibrary:
    """The names DesktopNotifierNotifier takes from the desktop_notifier module."""

    Button, Icon, Notification = Button, Icon, Notification

    def __init__(self) -> None:
        self.notifier: FakeDesktopNotifier | None = None

    def DesktopNotifier(self, app_name: str, app_icon: Any) -> FakeDesktopNotifier:  # noqa: N802
        self.notifier = FakeDesktopNotifier(app_name, app_icon)
        return self.notifier


@pytest.fixture
def library() -> FakeLibrary:
    return FakeLibrary()


def screen(library: FakeLibrary) -> dict[str, Notification]:
    assert library.notifier is not None
    return library.notifier.on_screen


def user_answers(library: FakeLibrary, notification: Notification, button: int | None = None) -> None:
    """What the platform does on a click (no button: on the body): the notification goes, the callback runs."""
    screen(library).pop(notification.identifier, None)
    (notification.on_clicked if button is None else notification.buttons[button].on_pressed)()


def user_dismisses(library: FakeLibrary, notification: Notification) -> None:
    screen(library).pop(notification.identifier, None)
    notification.on_dismissed()


def test_desktop_notifier_reminder_has_buttons_icon_and_body_click(library: FakeLibrary) -> None:
    answers: list[Action] = []
    notifier = desktop_notifier.DesktopNotifierNotifier(answers.append, library)
    notifier.show_reminder(NOTICE)
    [shown] = screen(library).values()
    assert (shown.title, shown.message, shown.icon) == (NOTICE.title, NOTICE.body, Icon(Path("/icons/deskbreak.png")))
    assert [(button.identifier, button.title) for button in shown.buttons] == [
        ("start", "Start"),
        ("snooze", "Snooze 10 min"),
        ("skip", "Skip"),
    ]
    user_answers(library, shown)
    user_answers(library, shown, button=1)  # a late second click on the answered reminder: ignored
    assert answers == ["start"]
    notifier.close()


def test_desktop_notifier_replaces_and_ignores_the_replaced_ones_buttons(library: FakeLibrary) -> None:
    answers: list[Action] = []
    notifier = desktop_notifier.DesktopNotifierNotifier(answers.append, library)
    notifier.show_reminder(NOTICE)
    [first] = screen(library).values()
    notifier.show_reminder(LAST_CHANCE)
    [second] = screen(library).values()
    assert [button.identifier for button in second.buttons] == ["start", "skip"]
    user_answers(library, first, button=2)  # replaced: its buttons reach nobody
    user_dismisses(library, second)
    user_answers(library, second, button=1)  # dismissed: its buttons reach nobody
    assert answers == []
    notifier.show_reminder(NOTICE)
    notifier.withdraw_reminder()
    notifier.withdraw_reminder()
    assert screen(library) == {}
    notifier.close()


def test_desktop_notifier_runs_its_loop_in_listen_until_close(library: FakeLibrary) -> None:
    answers: queue.Queue[Action] = queue.Queue()
    notifier = desktop_notifier.DesktopNotifierNotifier(answers.put, library)
    listener = threading.Thread(target=notifier.listen, name="listener")
    listener.start()
    notifier.show_reminder(NOTICE)
    notifier.tell("Config not reloaded", "line 3")
    [reminder, told] = screen(library).values()
    assert (told.title, told.buttons) == ("Config not reloaded", ())
    user_answers(library, reminder, button=1)
    assert answers.get(timeout=5) == "snooze"
    notifier.show_reminder(NOTICE)
    notifier.close()
    listener.join(timeout=5)
    assert not listener.is_alive()
    assert library.notifier is not None
    assert library.notifier.loop_threads == {"listener"}
    assert list(screen(library)) == ["tell"]  # close took the unanswered reminder down


def test_desktop_notifier_close_before_listen_makes_listen_return() -> None:
    notifier = desktop_notifier.DesktopNotifierNotifier(lambda action: None, FakeLibrary())
    notifier.close()
    notifier.listen()


def test_desktop_notifier_hang_is_reported_within_the_timeout(
    library: FakeLibrary, monkeypatch: pytest.MonkeyPatch
) -> None:
    notifier = desktop_notifier.DesktopNotifierNotifier(lambda action: None, library)
    monkeypatch.setattr(desktop_notifier, "CALL_TIMEOUT_S", 0.05)

    async def never(notification: Notification) -> str:
        await asyncio.sleep(3600)
        return ""

    assert library.notifier is not None
    monkeypatch.setattr(library.notifier, "send_notification", never)
    with pytest.raises(NotifierUnavailable, match=r"^the notification center did not answer within 0.05 s$"):
        notifier.tell("title", "body")
    notifier.close()


class Dummy:
    pass


class Cocoa:
    pass


def test_desktop_notifier_do_nothing_backend_is_refused() -> None:
    with pytest.raises(NotifierUnavailable, match=r"^macOS Notification Center works only from an app bundle"):
        desktop_notifier.refuse_do_nothing_backend(Dummy, Dummy, "darwin")
    with pytest.raises(NotifierUnavailable, match=r"has no notification center on this system \(win32\)"):
        desktop_notifier.refuse_do_nothing_backend(Dummy, Dummy, "win32")
    desktop_notifier.refuse_do_nothing_backend(Cocoa, Dummy, "darwin")


# log-only and the fake -------------------------------------------------------------------------------


def test_log_only_writes_reminders_and_information_to_the_log(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="deskbreak.notify")
    notifier = LogOnly()
    notifier.show_reminder(NOTICE)
    notifier.tell("Database moved aside", "kept as history.db.bad")
    notifier.withdraw_reminder()
    notifier.listen()
    notifier.close()
    assert [(record.levelname, record.getMessage()) for record in caplog.records] == [
        ("INFO", "break reminder: Time to stretch: Seated twist · wall dog — 3 min"),
        ("WARNING", "Database moved aside: kept as history.db.bad"),
    ]


def test_fake_records_calls_and_answers_like_a_user() -> None:
    answers: list[Action] = []
    fake = FakeNotifier(answers.append)
    fake.show_reminder(LAST_CHANCE)
    with pytest.raises(ValueError, match="does not offer it"):
        fake.press("snooze")
    fake.show_reminder(NOTICE)
    fake.press("snooze")
    with pytest.raises(ValueError, match="no reminder is showing"):
        fake.press("start")
    fake.tell("Config not reloaded", "line 3")
    fake.fail("dunst quit")
    with pytest.raises(NotifierUnavailable, match="dunst quit"):
        fake.withdraw_reminder()
    assert answers == ["snooze"]
    assert fake.calls == [
        ("show_reminder", LAST_CHANCE),
        ("show_reminder", NOTICE),
        ("tell", "Config not reloaded", "line 3"),
        ("withdraw_reminder",),
    ]
    assert fake.told == [("Config not reloaded", "line 3")]


def test_fake_listen_blocks_until_close() -> None:
    fake = FakeNotifier(lambda action: None)
    listener = threading.Thread(target=fake.listen)
    listener.start()
    fake.show_reminder(NOTICE)
    fake.close()
    listener.join(timeout=5)
    assert not listener.is_alive()
    assert fake.showing is None


def test_a_reminder_offering_snooze_needs_a_snooze_length() -> None:
    with pytest.raises(ValueError, match=r"snooze_minutes >= 1, got 0"):
        ReminderNotice(title="t", body="b", icon=None, offer_snooze=True, snooze_minutes=0)
