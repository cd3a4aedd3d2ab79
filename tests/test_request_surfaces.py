"""Every request through every surface that offers it, and they agree on what the engine is told.

The CLI, the tray menu, a reminder's buttons, the break window and
``simulate`` traces each turn what the person did into a request of
``deskbreak.requests``. Walking each one through its surfaces (CLI parse ->
wire -> control server -> core event; menu click -> event; window line ->
event; trace step -> event) must give the same request and the same event,
or the same call into the daemon.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from tray_states import WORKING

import deskbreak.simulate as simulate_module
from deskbreak.breakwindow import WINDOW_REQUESTS, encode_request, parse_request
from deskbreak.cli import _parser, main
from deskbreak.control import ControlServer, InstanceLock
from deskbreak.core import Engine, Event, IdleSampled, Phase, Settings
from deskbreak.daemon._commands import Commands, refusal
from deskbreak.daemon._setup import reminder_answer
from deskbreak.library import builtin_routines
from deskbreak.notify import Action
from deskbreak.requests import (
    ENGINE_REQUESTS,
    REQUESTS,
    CarryOn,
    ChooseRoutine,
    Doctor,
    Hold,
    Log,
    Next,
    OpenConfig,
    OpenReport,
    Pause,
    Quit,
    Reload,
    Request,
    RequestError,
    Resume,
    Skip,
    Snooze,
    Start,
    Status,
    Stop,
    from_wire,
)
from deskbreak.simulate import TraceError, parse_trace, simulate
from deskbreak.tray import FakeTray, tray_view
from deskbreak.tray._pystray import Menu

T0 = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Offer:
    """One request, and how each surface that offers it is asked for it."""

    request: Request
    cli: tuple[str, ...] = ()
    tray: tuple[str, ...] = ()
    reminder: Action | None = None
    window: bool = False
    trace: dict[str, Any] | None = None


def do(verb: str, **fields: Any) -> dict[str, Any]:
    return {"do": verb, **fields}


OFFERS = [
    Offer(Status(), cli=("status",)),
    Offer(Start(), cli=("start",), tray=("Start break now",), trace=do("start")),
    Offer(Start(routine="morning"), cli=("start", "morning"), trace=do("start", routine="morning")),
    Offer(Start(routine="morning"), cli=("start", "--routine", "morning")),
    Offer(Start(window=False), cli=("start", "--no-window"), trace=do("start", window=False)),
    Offer(Start(from_reminder=True), reminder="start"),
    Offer(Stop(), cli=("stop",), tray=("Stop this break",), window=True, trace=do("stop")),
    Offer(Snooze(), cli=("snooze",), reminder="snooze", trace=do("snooze")),
    Offer(Snooze(10), cli=("snooze", "10"), tray=("Snooze", "10 min"), trace=do("snooze", minutes=10)),
    Offer(Snooze(20), cli=("snooze", "20"), tray=("Snooze", "20 min")),
    Offer(Snooze(30), tray=("Snooze", "30 min")),
    Offer(Skip(), cli=("skip",), tray=("Skip this break",), reminder="skip", trace=do("skip")),
    Offer(Log(), cli=("log",), tray=("Log a break I took",), trace=do("log")),
    Offer(Pause(), cli=("pause",), trace=do("pause")),
    Offer(Pause("30m"), cli=("pause", "30m"), tray=("Pause", "30 min"), trace=do("pause", spec="30m")),
    Offer(Pause("1h"), tray=("Pause", "1 h")),
    Offer(Pause("2h"), cli=("pause", "2h"), tray=("Pause", "2 h")),
    Offer(Pause("until tomorrow"), cli=("pause", "until", "tomorrow"), tray=("Pause", "Until tomorrow"),
          trace=do("pause", spec="until tomorrow")),
    Offer(Pause("while busy"), cli=("pause", "while", "busy"), tray=("Pause", "During this meeting"),
          trace=do("pause", spec="while busy")),
    Offer(Resume(), cli=("resume",), tray=("Resume",), trace=do("resume")),
    Offer(Hold(), window=True, trace=do("hold")),
    Offer(CarryOn(), window=True, trace=do("carry-on")),
    Offer(Next(), window=True, trace=do("next")),
    Offer(ChooseRoutine("desk"), tray=("Routine", "Desk break")),
    Offer(ChooseRoutine("morning"), tray=("Routine", "Morning wake-up")),
    Offer(OpenReport(), tray=("This week's report",)),
    Offer(OpenConfig(), tray=("Open config file",)),
    Offer(Reload(), cli=("reload",)),
    Offer(Doctor()),  # `deskbreak doctor` asks it beside its own checks; the wire is its only surface here
    Offer(Quit(), cli=("quit",), tray=("Quit",)),
]


def name_of(offer: Offer) -> str:
    return json.dumps(offer.request.to_wire())


def recording_engine(fed: list[Any]) -> type[Engine]:
    """The real engine, appending each event it is fed to ``fed``."""

    class Recording(Engine):
        def handle(self, event: Event) -> list[Any]:
            fed.append(event)
            return super().handle(event)

    return Recording


class Daemonish:
    """The daemon's command handler on a real engine, remembering what each request made it do."""

    def __init__(self) -> None:
        self.done: list[object] = []
        self.engine = recording_engine(self.done)(Settings(), builtin_routines())
        self.engine.handle(IdleSampled(now=T0, idle_for=timedelta(0)))
        self.done.clear()
        self.commands = Commands(self.engine, self)

    def reload(self, now: datetime) -> str:
        self.done.append(("reload", now))
        return "reloaded"

    def doctor(self) -> dict[str, Any]:
        self.done.append(("doctor",))
        return {}

    def quit(self) -> None:
        self.done.append(("quit",))

    def choose_routine(self, name: str) -> str:
        self.done.append(("choose_routine", name))
        return "chosen"

    def open_config(self) -> str:
        self.done.append(("open_config",))
        return "opened"

    def open_report(self) -> str:
        self.done.append(("open_report",))
        return "drawing"

    def serve(self, request: Request) -> object:
        """Carry ``request`` out at T0; what it made the engine or the daemon do ("status": it only answered)."""
        answer = self.commands.handle(request, T0).answer
        return self.done[-1] if self.done else ("status" if "status" in answer else answer)


def carried_out(request: Request) -> object:
    return Daemonish().serve(request)


class Server:
    """A real control server whose handler is the daemon's: checked on the way in, then carried out."""

    def __init__(self) -> None:
        self.received: list[Request] = []
        self.done: list[object] = []

    def __call__(self, wire: dict[str, Any]) -> dict[str, Any]:
        try:
            request = from_wire(wire)
        except RequestError as error:
            return refusal(str(error))
        self.received.append(request)
        self.done.append(carried_out(request))
        return {"ok": True, "message": "done"}


@pytest.fixture
def server(runtime_base: Path) -> Iterator[Server]:
    handler = Server()
    with InstanceLock() as lock, ControlServer(handler, lock):
        yield handler


@pytest.mark.parametrize("offer", [offer for offer in OFFERS if offer.cli], ids=name_of)
def test_the_cli_sends_it_and_the_control_server_carries_it_out(server: Server, offer: Offer) -> None:
    assert main(list(offer.cli)) == 0
    assert server.received == [offer.request]
    assert server.done == [carried_out(offer.request)]


TRAY_VIEWS = [
    replace(WORKING, phase=Phase.DUE),
    replace(WORKING, phase=Phase.BREAK, break_routine="desk"),
    replace(WORKING, paused=True),
    replace(WORKING, quiet="in a call"),
]
ROUTINES = (("desk", "Desk break"), ("morning", "Morning wake-up"))


def tray_click(labels: tuple[str, ...]) -> Request:
    """Click ``labels`` in the first state where the entry is enabled; the request the daemon gets."""
    sent: list[Request] = []
    tray = FakeTray(sent.append)
    for status in TRAY_VIEWS:
        tray.update(tray_view(status, 0, 0, ROUTINES))
        try:
            tray.click(*labels)
        except ValueError:
            continue
        assert len(sent) == 1
        return sent[0]
    raise AssertionError(f"{labels} is never enabled")


@pytest.mark.parametrize("offer", [offer for offer in OFFERS if offer.tray], ids=name_of)
def test_the_tray_menu_sends_it(offer: Offer) -> None:
    request = tray_click(offer.tray)
    assert request == offer.request
    assert carried_out(request) == carried_out(offer.request)


def test_every_tray_entry_is_walked() -> None:
    leaves: list[tuple[str, ...]] = []

    def walk(menu: Any, path: tuple[str, ...]) -> None:
        for item in menu.items:
            if item.submenu is not None:
                walk(item.submenu, (*path, item.text))
            elif item is not Menu.SEPARATOR and not item.text.startswith("Today:"):  # the tally: a label only
                leaves.append((*path, item.text))

    tray = FakeTray(lambda request: None)
    tray.update(tray_view(WORKING, 0, 0, ROUTINES))
    walk(tray.menu, ())
    assert sorted(leaves) == sorted(offer.tray for offer in OFFERS if offer.tray)


@pytest.mark.parametrize("offer", [offer for offer in OFFERS if offer.reminder], ids=name_of)
def test_a_reminder_button_sends_it(offer: Offer) -> None:
    assert offer.reminder is not None
    assert reminder_answer(offer.reminder) == offer.request


@pytest.mark.parametrize("offer", [offer for offer in OFFERS if offer.window], ids=name_of)
def test_the_break_window_says_it_and_the_daemon_reads_it(offer: Offer) -> None:
    assert isinstance(offer.request, WINDOW_REQUESTS)
    request = parse_request(encode_request(offer.request))
    assert request == offer.request
    assert carried_out(request) == carried_out(offer.request)


def simulated(trace: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> tuple[Request, Event]:
    """The request a trace line makes, and the event ``simulate`` feeds the engine for it at T0."""
    start, steps = parse_trace([json.dumps({"at": T0.isoformat()}), json.dumps(trace)])
    fed: list[Event] = []
    monkeypatch.setattr(simulate_module, "Engine", recording_engine(fed))
    with contextlib.suppress(TraceError):  # the engine refused it (no break to stop...): the event was still fed
        list(simulate(start, steps, Settings(), builtin_routines()))
    assert steps[0].request is not None
    return steps[0].request, fed[-1]


@pytest.mark.parametrize("offer", [offer for offer in OFFERS if offer.trace], ids=name_of)
def test_a_simulate_trace_does_it_as_the_daemon_does(offer: Offer, monkeypatch: pytest.MonkeyPatch) -> None:
    assert offer.trace is not None
    request, event = simulated(offer.trace, monkeypatch)
    assert request == offer.request
    assert event == carried_out(offer.request)


@pytest.mark.parametrize("offer", OFFERS, ids=name_of)
def test_it_crosses_the_wire_unchanged(offer: Offer) -> None:
    assert from_wire(json.loads(json.dumps(offer.request.to_wire()))) == offer.request


def test_every_request_is_offered_where_it_should_be() -> None:
    assert {type(offer.request) for offer in OFFERS} == set(REQUESTS.values())
    assert {type(offer.request) for offer in OFFERS if offer.trace} == set(ENGINE_REQUESTS)
    assert {type(offer.request) for offer in OFFERS if offer.window} == set(WINDOW_REQUESTS)
    commands = next(action.choices for action in _parser()._actions
                    if isinstance(action, argparse._SubParsersAction))
    sent_to_the_daemon = {name for name, sub in commands.items() if sub.get_default("handler") == "control:send"}
    assert sent_to_the_daemon == {offer.cli[0] for offer in OFFERS if offer.cli}
    assert sent_to_the_daemon <= set(REQUESTS)


def test_a_bad_request_from_the_cli_is_named_before_anything_is_sent(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["snooze", "0"]) == 2
    assert capsys.readouterr().err == "deskbreak: snooze: minutes must be a whole number from 1 to 240, got 0\n"


def test_the_cli_asks_the_daemon_without_loading_the_engine() -> None:
    """`deskbreak status` starts fast: the requests it sends come without the core."""
    code = ("import sys, deskbreak.cli, deskbreak.commands.control, deskbreak.requests; "
            "print(sorted(m for m in ('deskbreak.core', 'deskbreak.pause_spec') if m in sys.modules))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                            cwd=Path(__file__).parent, timeout=60)
    assert loaded.stdout == "[]\n"
