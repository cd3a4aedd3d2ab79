"""Breaks in office clothes: desk-side stand-ins for floor stretches, [break] floor = false, and what
`deskbreak routines` and `deskbreak about` tell the person."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import pytest

from deskbreak.cli import main
from deskbreak.config.settings_file import ConfigError, parse_settings
from deskbreak.core import Settings
from deskbreak.library import (
    ContentError,
    desk_side_alternatives,
    load_library,
    routine_from_table,
    routines_for,
    without_floor,
)

LIBRARY = load_library()
STRETCHES = LIBRARY.stretches
ON_THE_FLOOR = sorted(key for key, stretch in STRETCHES.items() if stretch.position == "floor")


@pytest.mark.parametrize("stretch_id", sorted(STRETCHES))
def test_every_stand_in_is_desk_side_and_works_a_region_of_the_stretch(stretch_id: str) -> None:
    stretch = STRETCHES[stretch_id]
    stand_ins = desk_side_alternatives(stretch, STRETCHES)
    # Wall dog is the library's only desk-side stretch for the full back, so it alone has no stand-in.
    assert bool(stand_ins) == (stretch_id != "wall-dog"), f"{stretch_id} has no desk-side stand-in"
    assert all(other.position in ("seated", "standing", "wall") and other.id != stretch_id for other in stand_ins)
    assert all(set(other.regions) & set(stretch.regions) for other in stand_ins)
    if any(stretch.regions[0] in other.regions for other in stand_ins):
        assert stretch.regions[0] in stand_ins[0].regions, "the nearest works the stretch's main region"


@pytest.mark.parametrize(
    ("stretch_id", "nearest"),
    [("seated-twist", "chair-twist"), ("downward-dog", "wall-dog"), ("childs-pose", "standing-forward-fold"),
     ("supine-spinal-twist", "chair-twist"), ("chair-twist", "eagle-arms")],
)
def test_the_nearest_stand_in_is_the_one_a_person_would_pick(stretch_id: str, nearest: str) -> None:
    assert desk_side_alternatives(STRETCHES[stretch_id], STRETCHES)[0].id == nearest


@pytest.mark.parametrize("name", sorted(LIBRARY.routines))
def test_floor_false_keeps_every_built_in_routine_off_the_floor(name: str) -> None:
    routine = LIBRARY.routines[name].routine
    kept, swaps = without_floor(routine, STRETCHES)
    assert [step.stretch for step in kept.steps if STRETCHES[step.stretch].position == "floor"] == []
    floors = {step.stretch for step in routine.steps} & set(ON_THE_FLOOR)
    assert {swap.floor for swap in swaps} == floors
    assert (kept == routine) == (not floors)
    stand_ins = {swap.desk for swap in swaps} - {step.stretch for step in routine.steps}
    for step in (step for step in kept.steps if step.stretch in stand_ins):
        stretch = STRETCHES[step.stretch]
        assert stretch.hold is not None
        assert stretch.hold[0] <= step.length <= stretch.hold[1]
        assert (step.side is not None) == stretch.per_side


def test_the_morning_without_the_floor_swaps_each_mat_stretch_for_a_different_desk_side_one() -> None:
    kept, swaps = without_floor(LIBRARY.routines["morning"].routine, STRETCHES)
    assert [(swap.floor, swap.desk) for swap in swaps] == [
        ("cat-cow", "wall-dog"), ("childs-pose", "rag-doll"), ("thread-the-needle", "bear-hug")]
    assert [(step.stretch, step.length.seconds) for step in kept.steps] == [
        ("wall-dog", 30), ("rag-doll", 45), ("bear-hug", 30), ("standing-forward-fold", 30)]
    assert kept.steps[0].prepare == timedelta(seconds=30)


def test_the_setting_reaches_the_routines_the_daemon_runs() -> None:
    assert routines_for(Settings()) == routines_for(Settings(floor=True))
    floor_free = routines_for(parse_settings("[break]\nfloor = false\n", "my.toml"))
    assert {step.stretch for routine in floor_free for step in routine.steps} & set(ON_THE_FLOOR) == set()
    desk = next(routine for routine in floor_free if routine.name == "desk")
    assert desk == LIBRARY.routines["desk"].routine, "the desk break is floor-free already"


def test_the_setting_also_keeps_a_users_own_routine_off_the_floor() -> None:
    text = '[break]\nfloor = false\n[routines.mine]\nsteps = [{ stretch = "bow-pose" }, { stretch = "bear-hug" }]\n'
    mine = next(routine for routine in routines_for(parse_settings(text, "my.toml")) if routine.name == "mine")
    assert [step.stretch for step in mine.steps] == ["wall-dog", "bear-hug"]


def test_a_bad_floor_value_is_one_line() -> None:
    with pytest.raises(ConfigError) as caught:
        parse_settings('[break]\nfloor = "no"\n', "my.toml")
    assert caught.value.problems == ['my.toml:2: [break] floor = "no": expected true or false']


def test_a_routine_marked_desk_side_may_not_hold_a_floor_stretch() -> None:
    table = {"desk_side": True, "steps": [{"stretch": "wall-dog"}, {"stretch": "cat-cow"}]}
    with pytest.raises(ContentError, match=r"^routine 'mine', step 2: stretch = 'cat-cow' is done on the floor, "
                                           r"but the routine says desk_side = true$"):
        routine_from_table("mine", table)


def write_config(text: str) -> None:
    path = Path(os.environ["XDG_CONFIG_HOME"]) / "deskbreak" / "deskbreak.toml"
    path.parent.mkdir(parents=True)
    path.write_text(text)


def test_routines_marks_the_ones_with_floor_stretches_and_says_how_to_swap_them(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["routines"]) == 0
    lines = capsys.readouterr().out.splitlines()
    marked = sorted(line.split()[0] for line in lines if line[15:16] == "*")
    assert marked == ["evening", "hips-pelvis", "lower-back", "morning", "upper-back"]
    assert lines[-1] == "* has floor stretches; [break] floor = false in the config file swaps them for desk-side ones."


def test_routines_shows_what_floor_false_swapped(capsys: pytest.CaptureFixture[str]) -> None:
    write_config("[break]\nfloor = false\n")
    assert main(["routines"]) == 0
    out = capsys.readouterr().out
    assert "morning            3:50  A gentle five minutes" in out
    assert "off the floor: Cat-cow → Wall dog, Child's pose → Rag doll,\n" in out
    assert "*" not in out


def test_a_sciatic_focus_puts_the_leg_red_flags_first_and_rotates_no_stretch_in(
    capsys: pytest.CaptureFixture[str],
) -> None:
    settings = parse_settings('[focus]\narea = "sciatic"\n', "my.toml")
    assert settings.focus == "sciatic"
    assert {routine.steps for routine in settings.rotation} == {LIBRARY.routines["desk"].routine.steps}
    write_config('[focus]\narea = "sciatic"\n')
    assert main(["routines"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[:3] == [
        "Stop stretching and get medical help straight away if:",
        "- You lose control of your bladder or bowels.",
        "- Severe weakness in a leg, or numbness that keeps getting worse.",
    ]
    assert lines[4].startswith("Sciatic pain (pain running down a leg): It points to an irritated nerve")


def about_text(capsys: pytest.CaptureFixture[str]) -> str:
    assert main(["about"]) == 0
    return capsys.readouterr().out


def test_about_gives_the_urgent_signs_first_and_no_change_after_4_weeks_apart_from_them(
    capsys: pytest.CaptureFixture[str],
) -> None:
    paragraphs = about_text(capsys).split("\n\n")
    assert paragraphs[0].startswith("Stop stretching and get medical help straight away if:\n- You lose control")
    assert "4 weeks" not in paragraphs[0]
    checks = next(paragraph for paragraph in paragraphs if paragraph.startswith("See a doctor or physiotherapist"))
    assert "- No change after 4 weeks of regular stretching: See a physiotherapist" in checks


def test_about_says_what_to_do_when_bending_forward_hurts_and_how_to_make_a_habit_of_it(
    capsys: pytest.CaptureFixture[str],
) -> None:
    text = " ".join(about_text(capsys).split())
    assert "If bending forward hurts: Leave the forward bends out (child's pose, the standing forward fold" in text
    assert LIBRARY.safety.habit_advice in text
    assert LIBRARY.safety.daily_advice in text
    assert text.count("6 to 7 out of 10") == 1
    assert "6 or 7" not in text


def test_about_cites_with_punctuation_and_sets_the_unchecked_figures_apart(capsys: pytest.CaptureFixture[str]) -> None:
    text = " ".join(about_text(capsys).split())
    assert ("- Turci AM, Nogueira CG, Nogueira Carrer HC, Chaves TC (2023). Self-administered stretching exercises "
            "are as effective as motor control exercises") in text
    assert "a randomised trial. Journal of Physiotherapy, 69(2), 93-99." in text
    trusted, unchecked = text.split("Reported by an article without a full reference, so not checked:")
    assert "58%" not in trusted
    assert "three to four" not in trusted.split("Sources:")[1]
    assert "- Journal of Orthopaedic & Sports Physical Therapy (2019); no authors or title given." in unchecked
    assert "- A study (2017); no authors, title or journal given." in unchecked
    assert "citing a 2017 study it does not name, so take that figure as its report" in trusted
    for reference in LIBRARY.references.values():
        assert " ".join(reference.finding.split()) in text
