"""What the daemon tells the break window about each step, as the window's model then shows it:
every caution and the tip of the stretch in hand, and Swap's desk-side stand-ins."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from deskbreak.breakwindow import RoutineMessage, Screen, StepMessage, WindowModel
from deskbreak.core import Routine
from deskbreak.daemon._window import SWAP_CHOICES, routine_message
from deskbreak.library import desk_side_alternatives, load_library, steps_for

LIBRARY = load_library()
T = 1_700_000_000.0
EVERY_STRETCH = Routine(name="all", title="Every stretch", steps=tuple(
    step for stretch in LIBRARY.stretches.values() for step in steps_for(stretch, timedelta(seconds=5))))
ROUTINES = [EVERY_STRETCH, *(guide.routine for guide in LIBRARY.routines.values())]


@pytest.fixture(scope="module")
def messages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, RoutineMessage]:
    pictures = tmp_path_factory.mktemp("pictures")
    return {routine.name: routine_message(routine, LIBRARY, pictures) for routine in ROUTINES}


def screen_at(message: RoutineMessage, index: int, swaps: int = 0) -> Screen:
    model = WindowModel()
    model.apply(message, T)
    model.apply(StepMessage(index=index, prepare_until=T + 5, hold_until=T + 35, routine_until=T + 900), T)
    for _ in range(swaps):
        assert model.swap()
    return model.screen(T + 10)


@pytest.mark.parametrize("routine", ROUTINES, ids=lambda routine: routine.name)
def test_every_caution_and_the_tip_of_each_step_reach_the_window(
    routine: Routine, messages: dict[str, RoutineMessage]
) -> None:
    for index, step in enumerate(routine.steps):
        stretch = LIBRARY.stretches[step.stretch]
        screen = screen_at(messages[routine.name], index)
        assert (screen.stretch_name, screen.cautions, screen.tip) == (stretch.name, stretch.cautions, stretch.tip)
        assert screen.picture is not None
        assert Path(screen.picture).is_file()


@pytest.mark.parametrize("index", range(len(EVERY_STRETCH.steps)),
                         ids=[f"{step.stretch}-{step.side}" for step in EVERY_STRETCH.steps])
def test_swap_offers_the_nearest_desk_side_stretches_each_with_its_own_cautions(
    index: int, messages: dict[str, RoutineMessage]
) -> None:
    side = EVERY_STRETCH.steps[index].side
    planned = LIBRARY.stretches[EVERY_STRETCH.steps[index].stretch]
    stand_ins = desk_side_alternatives(planned, LIBRARY.stretches)[:SWAP_CHOICES]
    assert screen_at(messages["all"], index).can_swap == bool(stand_ins)
    for turn, stand_in in enumerate(stand_ins, start=1):
        screen = screen_at(messages["all"], index, swaps=turn)
        assert (screen.stretch_name, screen.cautions, screen.tip) == (stand_in.name, stand_in.cautions, stand_in.tip)
        assert stand_in.position in ("seated", "standing", "wall")
        # A stand-in with sides takes the step's side; a step done on both sides at once gives it none.
        assert bool(screen.side_text) == (stand_in.per_side and side is not None)


def test_the_desk_breaks_forward_fold_shows_both_of_its_cautions(messages: dict[str, RoutineMessage]) -> None:
    screen = screen_at(messages["desk"], 2)
    assert screen.stretch_name == "Standing forward fold"
    assert len(screen.cautions) == 2
    assert screen.cautions[0].startswith("Keep forward bends gentle during your first hour out of bed")
    assert screen.cautions[1].startswith("If bending forward makes your pain worse, stop and get advice")


DRAW_A_ROUTINE = """
import sys
from pathlib import Path
from deskbreak.daemon._window import routine_message
from deskbreak.library import load_library
library = load_library()
message = routine_message(library.routines["desk"].routine, library, Path(sys.argv[1]))
pictures = [step.picture for step in message.steps]
print(all(Path(picture).stat().st_size > 0 for picture in pictures), "PIL" in sys.modules)
"""


def test_the_pictures_are_drawn_in_a_child_so_pillow_never_enters_the_daemon(tmp_path: Path) -> None:
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", DRAW_A_ROUTINE, str(tmp_path)], capture_output=True, text=True,
                          check=True)
    assert done.stdout.split() == ["True", "False"], done.stderr
