"""The break window's view model as a table: messages and a time in, a screen out."""

from __future__ import annotations

import re
import subprocess
import sys
from typing import Any

import pytest

from deskbreak.breakwindow import (
    DONE_LINGER_S,
    FINISHED,
    PAUSED,
    PREPARE,
    READY,
    WELL_DONE,
    DoneMessage,
    ManualClock,
    PausedMessage,
    ProtocolError,
    ResumedMessage,
    RoutineMessage,
    StepGuide,
    StepMessage,
    TimelineMessage,
    WindowModel,
    clock_text,
)

T = 1_700_000_000.0
TWIST = ("Sit tall.", "Turn your chest toward the bent knee.")
ROUTINE = RoutineMessage(
    title="Desk break",
    steps=(
        StepGuide(stretch="seated-twist", name="Seated twist", how=TWIST, side="left", hold=20, prepare=5,
                  picture="/pictures/twist-left.png"),
        StepGuide(stretch="seated-twist", name="Seated twist", how=TWIST, side="right", hold=20, prepare=5,
                  picture="/pictures/twist-right.png"),
        StepGuide(stretch="cat-cow", name="Cat-cow", how=("Arch.", "Round."), reps=10, prepare=5,
                  cautions=("Move slowly.",)),
    ),
)
STEP_1 = StepMessage(index=0, prepare_until=T + 5, hold_until=T + 25, routine_until=T + 75)
STEP_2_EARLY = StepMessage(index=1, prepare_until=T + 13, hold_until=T + 33, routine_until=T + 58)
STEP_3 = StepMessage(index=2, prepare_until=T + 55, hold_until=T + 75, routine_until=T + 75)
STARTED: list[tuple[TimelineMessage, float]] = [(ROUTINE, T), (STEP_1, T)]

TABLE: list[tuple[str, list[tuple[TimelineMessage, float]], float, dict[str, Any]]] = [
    ("nothing yet: a blank screen", [], T, {"title": "", "phase": "", "running": False}),
    ("routine only: the first stretch, no countdown yet", [(ROUTINE, T)], T,
     {"step_label": "Step 1 of 3", "stretch_name": "Seated twist", "phase": READY, "countdown": "",
      "running": False}),
    ("getting into position", STARTED, T + 0.2,
     {"phase": PREPARE, "countdown": "0:05", "routine_left": "1:15 left", "side_text": "Left side",
      "how": TWIST, "picture": "/pictures/twist-left.png", "running": True}),
    ("seconds round up, so 0:01 shows until time is up", STARTED, T + 4.01,
     {"phase": PREPARE, "countdown": "0:01"}),
    ("the hold starts at prepare_until", STARTED, T + 5, {"phase": "Hold", "countdown": "0:20",
                                                          "routine_left": "1:10 left"}),
    ("during the hold", STARTED, T + 19.5, {"phase": "Hold", "countdown": "0:06", "routine_left": "0:56 left"}),
    ("an overdue hold stays at 0:00", STARTED, T + 30, {"phase": "Hold", "countdown": "0:00"}),
    ("paused: the countdown freezes where the pause caught it", [*STARTED, (PausedMessage(at=T + 10), T + 10)],
     T + 100, {"phase": PAUSED, "countdown": "0:15", "routine_left": "1:05 left", "paused": True}),
    ("paused while getting into position", [*STARTED, (PausedMessage(at=T + 2), T + 2)], T + 50,
     {"phase": PAUSED, "countdown": "0:03", "paused": True}),
    ("a second pause keeps the first moment",
     [*STARTED, (PausedMessage(at=T + 10), T + 10), (PausedMessage(at=T + 12), T + 12)], T + 60,
     {"countdown": "0:15"}),
    ("resumed: every deadline moved later by the shift",
     [*STARTED, (PausedMessage(at=T + 10), T + 10), (ResumedMessage(shift=30), T + 40)], T + 40,
     {"phase": "Hold", "countdown": "0:15", "routine_left": "1:05 left", "paused": False}),
    ("Next: the daemon's next step replaces the current one early", [*STARTED, (STEP_2_EARLY, T + 8)], T + 9,
     {"step_label": "Step 2 of 3", "side_text": "Right side", "phase": PREPARE, "countdown": "0:04",
      "routine_left": "0:49 left", "picture": "/pictures/twist-right.png"}),
    ("a step message ends a pause", [*STARTED, (PausedMessage(at=T + 3), T + 3), (STEP_2_EARLY, T + 8)],
     T + 9, {"paused": False, "countdown": "0:04"}),
    ("last step, done as reps", [*STARTED, (STEP_3, T + 50)], T + 60,
     {"step_label": "Step 3 of 3", "side_text": "", "phase": "10 slow reps", "countdown": "0:15",
      "cautions": ("Move slowly.",), "picture": None}),
    ("done: well done, nothing to press", [*STARTED, (STEP_3, T + 50), (DoneMessage(completed=True), T + 75)],
     T + 75, {"title": "Desk break", "phase": WELL_DONE, "countdown": FINISHED, "stretch_name": "",
              "running": False}),
    ("stopped: nothing to say", [*STARTED, (DoneMessage(completed=False), T + 9)], T + 9,
     {"phase": "", "countdown": "", "running": False}),
]


def model_after(messages: list[tuple[TimelineMessage, float]]) -> WindowModel:
    model = WindowModel()
    for message, now in messages:
        model.apply(message, now)
    return model


@pytest.mark.parametrize(("messages", "now", "expected"), [row[1:] for row in TABLE], ids=[row[0] for row in TABLE])
def test_screen(messages: list[tuple[TimelineMessage, float]], now: float, expected: dict[str, Any]) -> None:
    screen = model_after(messages).screen(now)
    assert {field: getattr(screen, field) for field in expected} == expected


def test_each_step_and_a_finished_break_ring_the_cue_and_nothing_else_does() -> None:
    model = WindowModel()
    rung = [
        model.apply(message, now)
        for message, now in [*STARTED, (PausedMessage(at=T + 1), T + 1), (ResumedMessage(shift=2), T + 3),
                             (STEP_2_EARLY, T + 8), (DoneMessage(completed=True), T + 9)]
    ]
    assert rung == [False, True, False, False, True, True]
    assert model_after([*STARTED, (DoneMessage(completed=False), T + 9)]).closes_at == T + 9


def test_well_done_lingers_briefly_then_the_window_closes() -> None:
    model = model_after([*STARTED, (DoneMessage(completed=True), T + 70)])
    assert model.closes_at == T + 70 + DONE_LINGER_S
    assert 0 < DONE_LINGER_S <= 2
    assert model_after(STARTED).closes_at is None


@pytest.mark.parametrize(
    ("messages", "problem"),
    [
        ([(STEP_1, T)], 'a "step" message before the routine message'),
        ([(ROUTINE, T), (ROUTINE, T)], "a second routine message"),
        ([(ROUTINE, T), (StepMessage(index=3, prepare_until=T, hold_until=T, routine_until=T), T)],
         "step index 3 is past the last step (the routine has 3, from 0)"),
        ([*STARTED, (DoneMessage(completed=True), T), (PausedMessage(at=T), T)], 'a "paused" message after "done"'),
    ],
)
def test_messages_out_of_place_are_refused_and_change_nothing(
    messages: list[tuple[TimelineMessage, float]], problem: str
) -> None:
    model = model_after(messages[:-1])
    before = model.screen(T + 1)
    with pytest.raises(ProtocolError, match="^" + re.escape(problem)):
        model.apply(*messages[-1])
    assert model.screen(T + 1) == before


@pytest.mark.parametrize(
    ("seconds", "shown"),
    [(0, "0:00"), (-3, "0:00"), (0.2, "0:01"), (20, "0:20"), (59.5, "1:00"), (61, "1:01"), (600, "10:00")],
)
def test_clock_text(seconds: float, shown: str) -> None:
    assert clock_text(seconds) == shown


def test_the_daemon_can_import_the_package_without_loading_a_gui_toolkit() -> None:
    loaded = subprocess.run(
        [sys.executable, "-c", "import sys, deskbreak.breakwindow; print('tkinter' in sys.modules)"],
        capture_output=True, text=True, check=True,
    )
    assert loaded.stdout.strip() == "False"


def test_the_manual_clock_runs_what_falls_due_in_order_once_per_move() -> None:
    clock = ManualClock(T)
    ran: list[str] = []

    def tick() -> None:
        ran.append(f"tick at {clock.now() - T:g}")
        clock.after(200, tick)

    clock.after(700, lambda: ran.append("flash over"))
    clock.after(200, tick)
    clock.set(T + 0.1)
    assert ran == []
    clock.set(T + 5)
    clock.set(T + 5.1)
    clock.set(T + 5.2)
    assert ran == ["tick at 5", "flash over", "tick at 5.2"]


# ------------------------------------------------------------ cautions, tip and Swap

FOLD = StepGuide(stretch="standing-forward-fold", name="Standing forward fold", how=("Fold.",), hold=30, prepare=5,
                 cautions=("Gently in the first hour.", "Stop if it hurts more."), tip="Bend the knees.")
RAG_DOLL = StepGuide(stretch="rag-doll", name="Rag doll", how=("Hang.",), hold=30, cautions=("Gently.",),
                     tip="Let the arms hang.", picture="/pictures/rag-doll.png")
EAGLE = StepGuide(stretch="eagle-arms", name="Eagle arms", how=("Cross.",), hold=20, side="left", cautions=("Low.",))
SWAPPABLE = RoutineMessage(title="Desk break", steps=(
    StepGuide(stretch="chair-twist", name="Chair twist", how=TWIST, side="left", hold=20, prepare=5,
              alternatives=(EAGLE,)),
    StepGuide(stretch="chair-twist", name="Chair twist", how=TWIST, side="right", hold=20, prepare=5,
              alternatives=(EAGLE.replace(side="right"),)),
    FOLD.replace(alternatives=(RAG_DOLL, EAGLE.replace(side=None))),
    StepGuide(stretch="wall-dog", name="Wall dog", how=("Lean.",), hold=30, cautions=("Stop at a stretch.",)),
))


def running(index: int) -> WindowModel:
    model = model_after([(SWAPPABLE, T)])
    model.apply(StepMessage(index=index, prepare_until=T + 5, hold_until=T + 35, routine_until=T + 200), T)
    return model


def test_every_caution_and_the_tip_are_on_screen() -> None:
    screen = running(2).screen(T + 1)
    assert (screen.cautions, screen.tip) == (FOLD.cautions, "Bend the knees.")


def test_swap_shows_each_alternative_in_turn_then_the_stretch_again_on_the_same_timeline() -> None:
    model = running(2)
    before = model.screen(T + 10)
    assert (before.can_swap, before.swapped) == (True, False)
    assert model.swap()
    swapped = model.screen(T + 10)
    assert (swapped.stretch_name, swapped.how, swapped.cautions, swapped.tip, swapped.picture) == (
        "Rag doll", ("Hang.",), ("Gently.",), "Let the arms hang.", "/pictures/rag-doll.png")
    assert (swapped.step_label, swapped.swapped) == ("Step 3 of 4 · swapped", True)
    assert (swapped.phase, swapped.countdown, swapped.routine_left) == (before.phase, before.countdown,
                                                                        before.routine_left)
    assert model.swap()
    assert model.screen(T + 10).stretch_name == "Eagle arms"
    assert model.swap()
    assert model.screen(T + 10) == before


def test_a_swap_holds_for_the_other_side_of_the_same_stretch() -> None:
    model = running(0)
    assert model.swap()
    assert (model.screen(T).stretch_name, model.screen(T).side_text) == ("Eagle arms", "Left side")
    model.apply(StepMessage(index=1, prepare_until=T + 30, hold_until=T + 50, routine_until=T + 200), T + 25)
    assert (model.screen(T + 26).stretch_name, model.screen(T + 26).side_text) == ("Eagle arms", "Right side")


@pytest.mark.parametrize(
    ("messages", "why"),
    [
        ([(SWAPPABLE, T)], "no step is running yet"),
        ([(SWAPPABLE, T), (StepMessage(index=3, prepare_until=T, hold_until=T + 30, routine_until=T + 30), T)],
         "wall dog has no desk-side stand-in"),
        ([(SWAPPABLE, T), (StepMessage(index=2, prepare_until=T, hold_until=T + 30, routine_until=T + 30), T),
          (DoneMessage(completed=True), T + 30)], "the break is over"),
    ],
)
def test_swap_does_nothing_when_there_is_nothing_to_swap(messages: list[tuple[TimelineMessage, float]],
                                                         why: str) -> None:
    model = model_after(messages)
    before = model.screen(T + 1)
    assert not before.can_swap, why
    assert not model.swap(), why
    assert model.screen(T + 1) == before
