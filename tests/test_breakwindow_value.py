"""The window's frozen values behave as the frozen dataclasses they replaced: the protocol and model rely on it."""

from __future__ import annotations

import pytest

from deskbreak.breakwindow import PausedMessage, ResumedMessage, RoutineMessage, StepGuide
from deskbreak.breakwindow._placement import Area
from deskbreak.breakwindow._value import as_dict

GUIDE = StepGuide(stretch="neck-tilt", name="Neck tilt", how=("Tilt.",), side="left", hold=20.0)


def test_equal_by_type_and_fields_and_hashable() -> None:
    assert PausedMessage(at=1.0) == PausedMessage(at=1.0)
    assert PausedMessage(at=1.0) != PausedMessage(at=2.0)
    assert PausedMessage(at=1.0) != ResumedMessage(shift=1.0)
    assert len({PausedMessage(at=1.0), PausedMessage(at=1.0), Area(0, 0, 1, 1)}) == 2


def test_defaults_replace_and_repr() -> None:
    assert (GUIDE.reps, GUIDE.prepare, GUIDE.alternatives) == (None, 0.0, ())
    moved = GUIDE.replace(side="right")
    assert (moved.side, moved.name, GUIDE.side) == ("right", "Neck tilt", "left")
    assert repr(Area(1, 2, 3, 4)) == "Area(x=1, y=2, width=3, height=4)"


def test_frozen_and_checked_when_made() -> None:
    with pytest.raises(AttributeError, match="cannot change its at"):
        PausedMessage(at=1.0).at = 2.0  # type: ignore[misc]
    with pytest.raises(TypeError, match="by keyword only"):
        PausedMessage(1.0)  # type: ignore[call-arg]
    with pytest.raises(TypeError, match=r"unexpected \['colour'\], missing \['at'\]"):
        PausedMessage(colour="red")  # type: ignore[call-arg]


def test_as_dict_is_plain_data_all_the_way_down() -> None:
    routine = RoutineMessage(title="Desk", steps=(GUIDE.replace(alternatives=(GUIDE,)),))
    plain = as_dict(routine)
    assert plain["title"] == "Desk"
    assert plain["steps"][0]["alternatives"][0] == as_dict(GUIDE)
    assert as_dict(GUIDE)["how"] == ["Tilt."]
