"""Control requests against a real engine: every verb, and every kind of bad request."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from deskbreak.core import Engine, IdleSampled, Record, Settings
from deskbreak.daemon._commands import Commands, refusal
from deskbreak.library import builtin_routines
from deskbreak.requests import RequestError, from_wire

T0 = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


class Daemonish:
    """The engine and command handler as the daemon's engine thread holds them."""

    def __init__(self) -> None:
        self.engine = Engine(Settings(), builtin_routines())
        self.quit_asked = False
        self.chosen: list[str] = []
        self.commands = Commands(self.engine, self)
        self.engine.handle(IdleSampled(now=T0, idle_for=timedelta(0)))

    def reload(self, now: datetime) -> str:
        return "reloaded"

    def doctor(self) -> dict[str, Any]:
        return {"idle": "fake"}

    def quit(self) -> None:
        self.quit_asked = True

    def choose_routine(self, name: str) -> str:
        self.chosen.append(name)
        return f"chose {name}"

    def open_config(self) -> str:
        return "opened"

    def open_report(self) -> str:
        return "drawing"

    def work(self, minutes: float) -> None:
        now = T0 + timedelta(minutes=minutes)
        self.engine.handle(IdleSampled(now=now, idle_for=timedelta(0), active_for=timedelta(minutes=minutes)))

    def ask(self, at_minute: float, **wire: Any) -> tuple[dict[str, Any], list[str]]:
        """Send ``wire`` as the control channel does: checked on the way in, then carried out."""
        try:
            request = from_wire(wire)
        except RequestError as error:
            return refusal(str(error)), []
        outcome = self.commands.handle(request, T0 + timedelta(minutes=at_minute))
        kinds: list[str] = [effect.kind for effect in outcome.effects if isinstance(effect, Record)]
        return outcome.answer, kinds


@pytest.fixture
def daemon() -> Daemonish:
    return Daemonish()


def test_status(daemon: Daemonish) -> None:
    answer, kinds = daemon.ask(0, command="status")
    assert answer["ok"]
    assert kinds == []
    assert answer["message"] == "Next break in 60 min of desk time (desk time 0 min)"
    assert answer["status"]["phase"] == "working"


def test_snooze_when_due_then_no_snoozes_left(daemon: Daemonish) -> None:
    daemon.work(60)
    answer, kinds = daemon.ask(60, command="snooze", minutes=15)
    assert answer == {"ok": True, "message": "Snoozed: the reminder comes back after 15 min of desk time "
                      "(2 snoozes left)"}
    assert kinds == ["snoozed"]


def test_start_stop_log_skip_pause_resume(daemon: Daemonish) -> None:
    assert daemon.ask(1, command="start")[0]["message"] == "Break started: the desk routine (3 min)"
    assert daemon.ask(2, command="stop")[0]["message"] == "Break stopped after 1:00; recorded as partial"
    assert daemon.ask(3, command="log")[0]["message"] == "Logged your break; desk time starts again from zero"
    assert daemon.ask(4, command="skip")[0]["message"] == "Skipped; desk time starts again from zero"
    assert daemon.ask(5, command="pause", spec="until 14:00")[0]["message"] == "Paused until 14:00"
    assert daemon.ask(6, command="resume")[0]["message"].startswith("Next break in")
    assert daemon.ask(7, command="pause")[0]["message"] == "Paused until you resume"


def test_start_a_named_routine(daemon: Daemonish) -> None:
    answer, kinds = daemon.ask(1, command="start", routine="desk")
    assert answer["ok"]
    assert kinds == ["break_started"]


def test_routine_and_open_config_call_back_to_the_daemon(daemon: Daemonish) -> None:
    assert daemon.ask(0, command="choose-routine", routine="morning")[0] == {"ok": True, "message": "chose morning"}
    assert daemon.chosen == ["morning"]
    assert daemon.ask(0, command="open-config")[0] == {"ok": True, "message": "opened"}
    assert daemon.ask(0, command="open-report")[0] == {"ok": True, "message": "drawing"}
    answer = daemon.ask(0, command="choose-routine", routine="yoga")[0]
    assert answer["error"].startswith("choose-routine: unknown routine 'yoga' (known: desk, ")


def test_reload_doctor_quit_call_back_to_the_daemon(daemon: Daemonish) -> None:
    assert daemon.ask(0, command="reload")[0] == {"ok": True, "message": "reloaded"}
    assert daemon.ask(0, command="doctor")[0]["doctor"] == {"idle": "fake"}
    assert daemon.ask(0, command="quit")[0] == {"ok": True, "message": "deskbreak is stopping"}
    assert daemon.quit_asked


@pytest.mark.parametrize(
    ("request_fields", "error"),
    [
        ({"command": "dance"}, "unknown command 'dance' (known: status, start, stop, snooze"),
        ({}, "unknown command None"),
        ({"command": 7}, "unknown command 7"),
        ({"command": "skip", "minutes": 5}, "skip: unexpected minutes"),
        ({"command": "snooze", "minutes": "ten"}, "snooze: minutes must be a whole number from 1 to 240, got 'ten'"),
        ({"command": "snooze", "minutes": 0}, "snooze: minutes must be a whole number from 1 to 240, got 0"),
        ({"command": "snooze", "minutes": True}, "snooze: minutes must be a whole number"),
        ({"command": "snooze"}, "snooze: no reminder is showing"),
        ({"command": "stop"}, "stop: no break is running"),
        ({"command": "resume"}, "resume: not paused"),
        ({"command": "carry-on"}, "carry-on: no break is running"),
        ({"command": "start", "routine": "yoga"}, "start: unknown routine 'yoga' (known: desk"),
        ({"command": "start", "routine": ["desk"]}, 'start: routine must be a name such as "desk"'),
        ({"command": "pause", "spec": "forever"}, "pause: cannot pause for 'forever'"),
        ({"command": "pause", "spec": 30}, "pause: spec must be text"),
        ({"command": "start", "window": "no"}, "start: window must be true or false"),
        ({"command": "start", "from": "tray"}, 'start: from must be "reminder", got \'tray\''),
        ({"command": "choose-routine"}, 'choose-routine: needs "routine"'),
        ({"command": "choose-routine", "routine": 7}, 'choose-routine: routine must be a name such as "desk"'),
    ],
)
def test_bad_requests_get_an_error_and_change_nothing(
    daemon: Daemonish, request_fields: dict[str, Any], error: str
) -> None:
    before = daemon.engine.status()
    answer, kinds = daemon.ask(0, **request_fields)
    assert answer["ok"] is False
    assert answer["error"].startswith(error)
    assert kinds == []
    assert daemon.engine.status() == before
