"""macOS notifications: a backend that shows nothing is found out, and the next one takes over.

desktop-notifier is faked in ``sys.modules`` as it behaves on macOS: it asks
the person whether the app may notify inside the first send, and it turns a
refused notification into a logged warning, never an exception. osascript is
a small script on PATH that writes down each notification it is asked for.
"""

from __future__ import annotations

import asyncio
import json
import logging
import sys
import types
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from deskbreak.core import ShowReminder
from deskbreak.daemon._face import Face
from deskbreak.library import builtin_routines
from deskbreak.notify import NotifierChoice, NotifierUnavailable, choose_notifier
from deskbreak.notify import _desktop_notifier as desktop_notifier
from deskbreak.notify._osascript import OsascriptNotifier

REFUSED = ("Error when scheduling notification: domain=UNErrorDomain, code=1, "
           "description=Notifications are not allowed for this application")
TURNED_OFF = ("desktop-notifier: macOS does not let deskbreak's Python show notifications: "
              "allow it in System Settings > Notifications")


@dataclass
class NotificationCenter:
    """How the person and macOS answer: after how long, whether notifications are allowed, whether they show."""

    answer_after: float = 0.0
    allowed: bool = True
    delivers: bool = True
    shown: list[str] | None = None


def fake_desktop_notifier(center: NotificationCenter) -> dict[str, types.ModuleType]:
    """desktop_notifier and the two submodules deskbreak imports, behaving like the library on macOS."""

    class DesktopNotifier:
        def __init__(self, app_name: str, app_icon: Any) -> None:
            self._did_request_authorisation = False

        async def request_authorisation(self) -> bool:
            self._did_request_authorisation = True
            await asyncio.sleep(center.answer_after)  # macOS shows its question; the person reads it
            return center.allowed

        async def send_notification(self, notification: Any) -> str:
            if not self._did_request_authorisation:
                await self.request_authorisation()
            if center.delivers:
                center.shown = [*(center.shown or []), notification.title]
            else:  # what desktop_notifier.backends.macos does with the NSError
                logging.getLogger("desktop_notifier.backends.macos").warning(REFUSED)
            return str(notification.identifier)

        async def clear(self, identifier: str) -> None:
            pass

    class CocoaNotificationCenter:
        pass

    class DummyNotificationCenter:
        pass

    library = types.ModuleType("desktop_notifier")
    vars(library).update(DesktopNotifier=DesktopNotifier, Button=types.SimpleNamespace, Icon=types.SimpleNamespace,
                         Notification=lambda identifier="tell", **fields: types.SimpleNamespace(
                             identifier=identifier, **fields))
    main = types.ModuleType("desktop_notifier.main")
    vars(main).update(get_backend_class=lambda: CocoaNotificationCenter)
    dummy = types.ModuleType("desktop_notifier.backends.dummy")
    vars(dummy).update(DummyNotificationCenter=DummyNotificationCenter)
    return {"desktop_notifier": library, "desktop_notifier.main": main, "desktop_notifier.backends.dummy": dummy}


@pytest.fixture
def center(monkeypatch: pytest.MonkeyPatch) -> NotificationCenter:
    center = NotificationCenter()
    for name, module in fake_desktop_notifier(center).items():
        monkeypatch.setitem(sys.modules, name, module)
    return center


@pytest.fixture
def osascript(tmp_path: Path) -> Callable[[], list[list[str]]]:
    """An ``osascript`` on PATH (``tmp_path/bin``) that records its arguments; returns a reader of the calls."""
    calls = tmp_path / "osascript-calls.jsonl"
    program = tmp_path / "bin" / "osascript"
    program.parent.mkdir()
    program.write_text(f"#!{sys.executable}\nimport json, sys\n"
                       f"with open({str(calls)!r}, 'a') as calls:\n    calls.write(json.dumps(sys.argv[1:]) + '\\n')\n")
    program.chmod(0o755)
    return lambda: [json.loads(line) for line in calls.read_text().splitlines()] if calls.exists() else []


def on_mac(tmp_path: Path) -> NotifierChoice:
    return choose_notifier(lambda action: None, environ={"PATH": str(tmp_path / "bin")}, platform="darwin")


def shown_by_osascript(calls: list[list[str]]) -> list[tuple[str, str]]:
    """(title, body) of each ``display notification``: the two arguments after the script's lines."""
    return [(call[-2], call[-1]) for call in calls]


def test_the_first_run_gives_the_person_time_to_answer_whether_deskbreak_may_notify(
    center: NotificationCenter, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The library asks inside the first send, which a call's timeout would cut off: the welcome would be lost."""
    monkeypatch.setattr(desktop_notifier, "CALL_TIMEOUT_S", 0.05)
    center.answer_after = 0.3  # longer than a call may take
    choice = choose_notifier(lambda action: None, environ={}, platform="darwin")
    assert (choice.notifier.name, choice.tried) == ("desktop-notifier", ())
    choice.notifier.tell("deskbreak will remind you after every 1 h of desk time", "Your settings are in ...")
    assert center.shown == ["deskbreak will remind you after every 1 h of desk time"]
    choice.notifier.close()


@pytest.mark.posix  # the fake osascript is a script with a #! line
def test_notifications_turned_off_for_the_app_mean_osascript_with_the_reason(
    center: NotificationCenter, osascript: Callable[[], list[list[str]]], tmp_path: Path
) -> None:
    center.allowed = False
    choice = on_mac(tmp_path)
    assert (choice.notifier.name, choice.tried) == ("osascript", (TURNED_OFF,))
    choice.notifier.tell("Config not reloaded", 'line 3: "9h" is too long')
    assert shown_by_osascript(osascript()) == [("Config not reloaded", 'line 3: "9h" is too long')]


@pytest.mark.posix
def test_a_backend_that_sends_nothing_and_only_warns_is_replaced_and_the_person_told(
    center: NotificationCenter, osascript: Callable[[], list[list[str]]], tmp_path: Path
) -> None:
    center.delivers = False
    face = Face(on_mac(tmp_path), {}, None)
    assert face.notifier.name == "desktop-notifier"
    desk = next(routine for routine in builtin_routines() if routine.name == "desk")
    reminder = ShowReminder(at=datetime(2026, 3, 2, 10, 0), routine="desk", snoozes_left=3)
    face.remind(reminder, desk, timedelta(minutes=10))
    face.remind(reminder, desk, timedelta(minutes=10))
    told, first, second = shown_by_osascript(osascript())
    assert told == ("deskbreak's notifications now come through osascript",
                    f"desktop-notifier could not show them: the notification center refused a notification: {REFUSED}")
    assert first == second
    assert first[0] == "Time to stand up and stretch"
    assert first[1].endswith("\nUse the tray menu to start, snooze or skip this break.")
    assert face.notifiers.tried == (
        f"desktop-notifier: the notification center refused a notification: {REFUSED}",), "what doctor shows"
    assert center.shown is None, "nothing was shown by desktop-notifier"


def test_osascript_gets_title_and_body_as_arguments_and_a_failure_is_one_line() -> None:
    ran: list[list[str]] = []

    def run(command: list[str], **options: Any) -> Any:
        ran.append(command)
        return types.SimpleNamespace(returncode=1, stderr="execution error: Not authorised (-1743)\n")

    notifier = OsascriptNotifier("/usr/bin/osascript", run)
    with pytest.raises(NotifierUnavailable, match=r"^osascript could not show a notification \(execution error: "
                                                  r"Not authorised \(-1743\)\)$"):
        notifier.tell('Say "hi"', "a \\ b")
    assert ran == [["/usr/bin/osascript", "-e", "on run argv", "-e",
                    "display notification (item 2 of argv) with title (item 1 of argv)", "-e", "end run",
                    'Say "hi"', "a \\ b"]]


def test_osascript_is_offered_only_on_macos() -> None:
    choice = choose_notifier(lambda action: None, environ={"DESKBREAK_NOTIFY": "osascript"}, platform="win32")
    assert choice.tried == ("osascript: AppleScript notifications exist only on macOS",)
