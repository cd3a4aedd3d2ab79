"""The notification that marks each step: how long, every caution, and the tip where it fits."""

from __future__ import annotations

from datetime import timedelta

import pytest

from deskbreak.core import Step
from deskbreak.daemon._reminder_text import CUE_BODY_LIMIT, cue_text
from deskbreak.library import load_library

STRETCHES = load_library().stretches
NAMES = {key: stretch.name for key, stretch in STRETCHES.items()}


@pytest.mark.parametrize("stretch_id", sorted(STRETCHES))
def test_every_caution_is_in_the_cue_and_the_tip_when_it_fits(stretch_id: str) -> None:
    stretch = STRETCHES[stretch_id]
    step = Step(stretch=stretch_id, length=timedelta(seconds=30), side="left" if stretch.per_side else None)
    title, body = cue_text(step, NAMES)
    lines = body.splitlines()
    assert title == f"Now: {stretch.name}" + (", left side" if stretch.per_side else "")
    assert lines[0] == "Hold 30 s"
    assert lines[1 : 1 + len(stretch.cautions)] == [f"⚠ {caution}" for caution in stretch.cautions]
    with_tip = len(body) <= CUE_BODY_LIMIT and lines[-1] == f"Tip: {stretch.tip}"
    assert with_tip or len("\n".join([*lines, f"Tip: {stretch.tip}"])) > CUE_BODY_LIMIT


def test_the_forward_folds_two_cautions_leave_no_room_for_its_tip_but_the_chair_twist_has_both() -> None:
    _, fold = cue_text(Step(stretch="standing-forward-fold", length=timedelta(seconds=30)), NAMES)
    assert [line[:2] for line in fold.splitlines()] == ["Ho", "⚠ ", "⚠ "]
    _, twist = cue_text(Step(stretch="chair-twist", length=timedelta(seconds=20), side="left"), NAMES)
    assert twist.splitlines() == ["Hold 20 s", "⚠ Do not lever yourself further round with the hand.",
                                  f"Tip: {STRETCHES['chair-twist'].tip}"]


def test_a_step_in_reps_says_how_many() -> None:
    _, body = cue_text(Step(stretch="cat-cow", length=timedelta(seconds=50), reps=10), NAMES)
    assert body.splitlines()[0] == "10 slow reps"
