"""User routines from the config file: what a good table becomes, and a clear
one-line error, naming the routine and step, for each kind of mistake."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from deskbreak.core import Step
from deskbreak.library import routine_from_table


def test_a_users_routine_becomes_engine_steps() -> None:
    routine = routine_from_table("mine", {
        "title": "My break",
        "steps": [
            {"stretch": "cat-cow", "reps": 6, "prepare": "10s"},
            {"stretch": "eagle-arms", "hold": "25s", "side": "both", "prepare": "5s"},
            {"stretch": "wall-dog"},
            {"stretch": "thread-the-needle", "side": "right"},
        ],
    })  # fmt: skip
    assert routine.title == "My break"
    assert routine.steps == (
        Step(stretch="cat-cow", length=timedelta(seconds=30), prepare=timedelta(seconds=10), reps=6),
        Step(stretch="eagle-arms", length=timedelta(seconds=25), prepare=timedelta(seconds=5), side="left"),
        Step(stretch="eagle-arms", length=timedelta(seconds=25), prepare=timedelta(seconds=5), side="right"),
        Step(stretch="wall-dog", length=timedelta(seconds=30)),
        Step(stretch="thread-the-needle", length=timedelta(seconds=30), side="right"),
    )
    assert routine.duration == timedelta(seconds=30 + 10 + 2 * 30 + 30 + 30)


def test_leaving_out_hold_side_and_title_uses_the_librarys_own() -> None:
    routine = routine_from_table("quick", {"steps": [{"stretch": "seated-twist"}, {"stretch": "cat-cow"}]})
    assert routine.title == "quick"
    assert [(step.side, step.length, step.reps) for step in routine.steps] == [
        ("left", timedelta(seconds=30), None),
        ("right", timedelta(seconds=30), None),
        (None, timedelta(seconds=25), 5),
    ]


def one_step(**step: Any) -> dict[str, Any]:
    return {"steps": [{"stretch": "wall-dog", "hold": "30s"}, step]}


BAD = [
    (one_step(stretch="cat-cw"), 'step 2: stretch = "cat-cw": unknown stretch; did you mean "cat-cow"?'),
    (one_step(hold="30s"), "step 2: stretch: missing"),
    (one_step(stretch=7), "step 2: stretch = 7: expected a non-empty string"),
    (one_step(stretch="wall-dog", hold="30"), 'step 2: hold = "30": expected a duration such as "90s"'),
    (one_step(stretch="wall-dog", hold=30), 'step 2: hold = 30: expected a duration such as "90s"'),
    (one_step(stretch="wall-dog", hold="0s"), 'step 2: hold = "0s": must be between "1s" and "5m"'),
    (one_step(stretch="wall-dog", hold="10m"), 'step 2: hold = "10m": must be between "1s" and "5m"'),
    (one_step(stretch="cat-cow", reps="ten"), 'step 2: reps = "ten": expected a whole number'),
    (one_step(stretch="cat-cow", reps=True), "step 2: reps = true: expected a whole number"),
    (one_step(stretch="cat-cow", reps=0), "step 2: reps = 0: must be between 1 and 30"),
    (one_step(stretch="wall-dog", reps=5), "step 2: reps = 5: 'wall-dog' is held, not repeated; give hold instead"),
    (one_step(stretch="cat-cow", reps=5, hold="30s"), "step 2: give either hold or reps, not both"),
    (one_step(stretch="eagle-arms", side="up"), 'step 2: side = "up": expected "left", "right" or "both"'),
    (one_step(stretch="wall-dog", side="left"), "step 2: side = \"left\": 'wall-dog' works both sides at once"),
    (one_step(stretch="wall-dog", prepare="soon"), 'step 2: prepare = "soon": expected a duration'),
    (one_step(stretch="wall-dog", prepare="5m"), 'step 2: prepare = "5m": must be between "0s" and "2m"'),
    (one_step(stretch="wall-dog", hodl="30s"), 'step 2: hodl: unknown key; did you mean "hold"?'),
    ({"steps": ["cat-cow"]}, 'step 1: expected a table, got "cat-cow"'),
    ({"steps": []}, "steps = []: a routine needs at least one step"),
    ({"title": "Empty"}, "steps: a routine needs at least one step"),
    ({"steps": {"stretch": "cat-cow"}}, "steps = {'stretch': 'cat-cow'}: expected a list of tables"),
    ({"setps": []}, 'setps: unknown key; did you mean "steps"?'),
    ({"title": 5, "steps": [{"stretch": "cat-cow"}]}, "title = 5: expected a non-empty string"),
    ({"regions": ["shoulders"], "steps": [{"stretch": "cat-cow"}]}, "regions = ['shoulders']: unknown region"),
    ({"references": ["wiki"], "steps": [{"stretch": "cat-cow"}]}, "references = ['wiki']: unknown reference"),
]


@pytest.mark.parametrize(("table", "message"), BAD, ids=[message.split(":")[0] + ": " + message.split(":")[1]
                                                         for _, message in BAD])
def test_each_mistake_gets_one_line_naming_routine_and_step(table: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=r"^[^\n]*$") as raised:
        routine_from_table("mine", table)
    assert str(raised.value).startswith(f"routine 'mine'{'' if message.startswith('step') else ':'}")
    assert message in str(raised.value)


def test_a_routine_that_is_not_a_table_is_refused() -> None:
    with pytest.raises(ValueError, match=r"^routine 'mine': expected a table, got \"desk\"$"):
        routine_from_table("mine", "desk")  # type: ignore[arg-type]
