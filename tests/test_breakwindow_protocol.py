"""The daemon <-> window JSON Lines: what parses, and what each bad line is told."""

from __future__ import annotations

import json

import pytest

from deskbreak.breakwindow import (
    WINDOW_REQUESTS,
    ClockMessage,
    DaemonMessage,
    DoneMessage,
    PausedMessage,
    ProtocolError,
    ResumedMessage,
    RoutineMessage,
    StepGuide,
    StepMessage,
    encode_message,
    encode_request,
    parse_message,
    parse_request,
)
from deskbreak.requests import CarryOn, Hold, Stop

STEP = {"stretch": "seated-twist", "name": "Seated twist", "how": ["Sit tall."], "side": "left", "hold": 20,
        "reps": None, "prepare": 20, "picture": "/p.png"}
WALL_DOG = StepGuide(stretch="wall-dog", name="Wall dog", how=("Face a wall.",), hold=50, cautions=("Gently.",),
                     tip="A swap for downward dog.", picture="/w.png")
MESSAGES: list[DaemonMessage] = [
    RoutineMessage(title="Desk break", steps=(StepGuide(stretch="cat-cow", name="Cat-cow", how=("Arch.",), reps=10),)),
    RoutineMessage(title="Desk break", steps=(
        StepGuide(stretch="cat-cow", name="Cat-cow", how=("Arch.",), reps=10, cautions=("Slowly.", "Not the neck."),
                  tip="Every level.", alternatives=(WALL_DOG,)),)),
    StepMessage(index=0, prepare_until=1.5, hold_until=21.5, routine_until=80),
    PausedMessage(at=3.25),
    ResumedMessage(shift=12),
    DoneMessage(completed=False),
    ClockMessage(now=7),
]


def test_the_brief_example_routine_parses() -> None:
    message = parse_message(json.dumps({"type": "routine", "title": "Desk break", "steps": [STEP]}))
    assert message == RoutineMessage(
        title="Desk break",
        steps=(StepGuide(stretch="seated-twist", name="Seated twist", how=("Sit tall.",), side="left", hold=20,
                         prepare=20, picture="/p.png"),),
    )


@pytest.mark.parametrize("message", MESSAGES, ids=lambda message: type(message).__name__)
def test_every_message_survives_encoding(message: DaemonMessage) -> None:
    line = encode_message(message)
    assert line.endswith("\n")
    assert line.count("\n") == 1
    assert parse_message(line) == message


def test_every_request_survives_encoding() -> None:
    requests = [kind() for kind in WINDOW_REQUESTS]
    assert [parse_request(encode_request(request)) for request in requests] == requests
    assert encode_request(Stop()) == '{"command": "stop", "type": "stop"}\n'


def test_a_daemon_from_before_the_shared_words_still_understands_the_window() -> None:
    """It read only "type", in the window's own words: Pause and Resume were "pause" and "resume"."""
    assert json.loads(encode_request(Hold()))["type"] == "pause"
    assert json.loads(encode_request(CarryOn()))["type"] == "resume"


def step_with(**changes: object) -> str:
    return json.dumps({"type": "routine", "title": "Desk break", "steps": [{**STEP, **changes}]})


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ("hello", "not JSON (Expecting value at column 1)"),
        ("[1, 2]", "expected a JSON object, got [1, 2]"),
        ('{"type": "wave"}',
         'unknown message type "wave" (expected one of: routine, step, paused, resumed, done, clock)'),
        ('{"at": 3}', "unknown message type null"),
        ('{"type": "paused", "at": "soon"}', '"paused" message: "at" must be a number, got "soon"'),
        ('{"type": "paused", "at": NaN}', '"paused" message: "at" must be a number, got NaN'),
        ('{"type": "resumed", "shift": true}', '"resumed" message: "shift" must be a number, got true'),
        ('{"type": "done"}', '"done" message: "completed" must be true or false, got nothing'),
        ('{"type": "step", "index": -1, "prepare_until": 1, "hold_until": 2, "routine_until": 3}',
         '"step" message: "index" must be a whole number of at least 0, got -1'),
        ('{"type": "step", "index": 0, "prepare_until": 5, "hold_until": 2, "routine_until": 3}',
         '"step" message: needs prepare_until <= hold_until <= routine_until'),
        ('{"type": "routine", "title": "x", "steps": []}', '"routine" message: "steps" must be a non-empty list'),
        (step_with(side="both"), 'routine steps[0]: "side" must be "left", "right" or null, got "both"'),
        (step_with(how="Sit tall."), 'routine steps[0]: "how" must be a list of strings, got "Sit tall."'),
        (step_with(reps=2.5), 'routine steps[0]: "reps" must be a whole number of at least 0, got 2.5'),
        (step_with(name=None), 'routine steps[0]: "name" must be a string, got null'),
        (step_with(cautions="Gently."), 'routine steps[0]: "cautions" must be a list of strings, got "Gently."'),
        (step_with(tip=["a"]), 'routine steps[0]: "tip" must be a string, got ["a"]'),
        (step_with(alternatives={}), 'routine steps[0]: "alternatives" must be a list of objects, got {}'),
        (step_with(alternatives=[{**STEP, "name": 3}]),
         'routine steps[0] alternatives[0]: "name" must be a string, got 3'),
        (step_with(alternatives=[{**STEP, "alternatives": [STEP]}]),
         'routine steps[0] alternatives[0]: "alternatives" must be absent (an alternative has none of its own)'),
    ],
)
def test_bad_lines_say_what_is_wrong(line: str, problem: str) -> None:
    with pytest.raises(ProtocolError) as raised:
        parse_message(line)
    assert str(raised.value).startswith(problem)


def test_unknown_keys_are_ignored_so_the_daemon_can_add_fields_first() -> None:
    assert parse_message('{"type": "paused", "at": 1, "reason": "person"}') == PausedMessage(at=1)


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ('{"command": "snooze"}', 'unknown request "snooze" (expected one of: hold, carry-on, next, stop)'),
        ('{"type": "pause"}', "unknown request null (expected one of: hold, carry-on, next, stop)"),
        ('{"command": "stop", "why": "bored"}', "stop: unexpected why"),
        ("[]", "expected a JSON object, got []"),
    ],
)
def test_a_bad_request_says_what_is_wrong(line: str, problem: str) -> None:
    with pytest.raises(ProtocolError) as raised:
        parse_request(line)
    assert str(raised.value) == problem
