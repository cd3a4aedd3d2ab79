"""Choosing a notifier: the platform's order, clear reasons for each fallback, the override."""

from __future__ import annotations

import sys
import types
from pathlib import Path
from typing import Any

import pytest
from desktop_notify import FakeNotificationServer

from deskbreak.notify import Action, NotifierChoice, choose_notifier

NO_SERVICE = "freedesktop: no org.freedesktop.Notifications service on the session bus"


@pytest.fixture
def plyer_without_backend(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The real plyer on a machine with neither dbus-python nor notify-send, whatever this one has."""
    monkeypatch.setitem(sys.modules, "dbus", None)
    monkeypatch.setenv("PATH", str(tmp_path))


class FakePlyerNotification:
    def __init__(self) -> None:
        self.sent: list[dict[str, Any]] = []

    def _notify(self, **kwargs: Any) -> None:
        self.sent.append(kwargs)

    notify = _notify


@pytest.fixture
def working_plyer(monkeypatch: pytest.MonkeyPatch) -> FakePlyerNotification:
    """plyer's Linux module replaced by one whose backend works."""
    backend = FakePlyerNotification()
    module = types.ModuleType("plyer.platforms.linux.notification")
    module.instance = lambda: backend  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, module.__name__, module)
    return backend


def ignore(action: Action) -> None:
    raise AssertionError(f"no answer expected, got {action}")


def choose(environ: dict[str, str], platform: str = "linux") -> NotifierChoice:
    return choose_notifier(ignore, environ=environ, platform=platform)


@pytest.mark.usefixtures("plyer_without_backend")
def test_no_notification_service_falls_back_to_the_log_with_a_line_per_backend(bus: str) -> None:
    choice = choose({"DBUS_SESSION_BUS_ADDRESS": bus})
    assert (choice.notifier.name, choice.notifier.has_actions) == ("log-only", False)
    assert choice.tried == (
        NO_SERVICE,
        "plyer: plyer found no way to notify here (The Python dbus package is not installed; notify-send not found)",
    )


@pytest.mark.usefixtures("plyer_without_backend")
def test_no_session_bus_says_so() -> None:
    choice = choose({})
    assert choice.tried[0] == "freedesktop: no session bus (DBUS_SESSION_BUS_ADDRESS is not set)"


def test_unusable_bus_address_is_one_line(bus: str, working_plyer: FakePlyerNotification) -> None:
    choice = choose({"DBUS_SESSION_BUS_ADDRESS": "tcp:host=localhost,port=1"})
    assert choice.notifier.name == "plyer"
    assert choice.tried == (
        "freedesktop: cannot use the session bus address 'tcp:host=localhost,port=1': not a unix: address",
    )


def test_without_notification_service_plyer_is_next(bus: str, working_plyer: FakePlyerNotification) -> None:
    choice = choose({"DBUS_SESSION_BUS_ADDRESS": bus})
    assert (choice.notifier.name, choice.tried) == ("plyer", (NO_SERVICE,))
    choice.notifier.tell("Config not reloaded", "line 3")
    assert working_plyer.sent[0]["title"] == "Config not reloaded"


def test_notification_service_on_the_bus_wins(bus: str, working_plyer: FakePlyerNotification) -> None:
    server = FakeNotificationServer(bus, ("actions", "body"))
    try:
        choice = choose({"DBUS_SESSION_BUS_ADDRESS": bus})
        assert (choice.notifier.name, choice.tried) == ("freedesktop", ())
        choice.notifier.close()
    finally:
        server.stop()


def test_override_tries_only_the_named_backend(bus: str, working_plyer: FakePlyerNotification) -> None:
    server = FakeNotificationServer(bus, ("actions", "body"))
    try:
        choice = choose({"DBUS_SESSION_BUS_ADDRESS": bus, "DESKBREAK_NOTIFY": "plyer"})
        assert (choice.notifier.name, choice.tried) == ("plyer", ())
        assert choose({"DESKBREAK_NOTIFY": "log-only"}).notifier.name == "log-only"
    finally:
        server.stop()


def test_override_naming_a_failing_backend_falls_to_the_log(bus: str) -> None:
    choice = choose({"DBUS_SESSION_BUS_ADDRESS": bus, "DESKBREAK_NOTIFY": "freedesktop"})
    assert (choice.notifier.name, choice.tried) == ("log-only", (NO_SERVICE,))


def test_unknown_override_is_a_clear_error() -> None:
    with pytest.raises(
        ValueError,
        match=r"^DESKBREAK_NOTIFY='growl' is not a notification backend; use one of: "
        r"freedesktop, desktop-notifier, osascript, plyer, log-only$",
    ):
        choose({"DESKBREAK_NOTIFY": "growl"})


@pytest.mark.parametrize(
    ("platform", "between", "plyer_line"),
    [
        ("darwin", ("osascript: osascript is not on PATH",), "plyer: the Python module 'pyobjus' is not installed"),
        ("win32", (), "plyer: ImportError: cannot import name 'windll' from 'ctypes'"),
    ],
)
def test_macos_and_windows_try_desktop_notifier_then_plyer(
    platform: str, between: tuple[str, ...], plyer_line: str, tmp_path: Path
) -> None:
    choice = choose({"PATH": str(tmp_path)}, platform=platform)
    assert choice.notifier.name == "log-only"
    assert choice.tried[0] == "desktop-notifier: the Python module 'desktop_notifier' is not installed"
    assert choice.tried[1:-1] == between
    assert choice.tried[-1].startswith(plyer_line)
