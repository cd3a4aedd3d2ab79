"""The stretch library against the three source articles in shared/seeds.

Holds, reps, sides and routine lengths must be the articles' own; our text
must be our own words, so no sentence and no run of eight words may appear
in an article.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Iterator
from datetime import timedelta
from importlib import resources
from pathlib import Path

import pytest

from deskbreak.library import REGIONS, Stretch, builtin_routines, load_library

REPO = Path(__file__).resolve().parents[1]
# shared/ sits beside the checkout; a git worktree elsewhere names it with DESKBREAK_SEEDS.
SEEDS = Path(os.environ.get("DESKBREAK_SEEDS") or REPO.parent / "shared" / "seeds")
LIBRARY = load_library()

# stretch id: (hold in seconds or reps, as (low, high); "hold" or "reps"; done on each side)
AS_THE_ARTICLES_GIVE = {
    "cat-cow": ((5, 15), "reps", False),
    "thread-the-needle": ((30, 30), "hold", True),
    "bear-hug": ((30, 30), "hold", False),
    "puppy-pose": ((30, 60), "hold", False),
    "seated-twist": ((30, 30), "hold", True),
    "chair-twist": ((30, 30), "hold", True),  # the seated twist on a chair: the same hold
    "supine-spinal-twist": ((45, 60), "hold", True),
    "eagle-arms": ((30, 30), "hold", True),
    "childs-pose": ((45, 60), "hold", False),
    "standing-forward-fold": ((30, 45), "hold", False),
    "downward-dog": ((30, 45), "hold", False),
    "rag-doll": ((30, 45), "hold", False),
    "wall-dog": ((30, 30), "hold", False),
    "bow-pose": ((15, 20), "hold", False),
    "half-bow": ((15, 20), "hold", True),
    "side-lying-thoracic-rotation": ((10, 10), "reps", True),
    "childs-pose-rotation": ((30, 30), "hold", True),
    "thoracic-extension": ((3, 5), "reps", False),
    "doorway-pectoral-stretch": ((30, 30), "hold", False),
}


def amount(stretch: Stretch) -> tuple[tuple[int, int], str]:
    if stretch.hold is not None:
        return (int(stretch.hold[0].total_seconds()), int(stretch.hold[1].total_seconds())), "hold"
    assert stretch.reps is not None
    return stretch.reps, "reps"


def test_the_library_holds_every_stretch_the_articles_describe_and_no_other() -> None:
    assert sorted(LIBRARY.stretches) == sorted(AS_THE_ARTICLES_GIVE)


def test_the_seated_twist_is_the_articles_floor_version_and_the_chair_twist_its_desk_side_twin() -> None:
    floor, chair = LIBRARY.stretches["seated-twist"], LIBRARY.stretches["chair-twist"]
    assert (floor.position, chair.position) == ("floor", "seated")
    assert "floor" in floor.steps[0]
    assert "chair" in chair.steps[0]
    assert "feet flat" in chair.steps[0]
    assert (chair.regions, chair.hold, chair.per_side) == (floor.regions, floor.hold, floor.per_side)


@pytest.mark.parametrize("stretch_id", sorted(AS_THE_ARTICLES_GIVE))
def test_hold_reps_and_sides_are_the_articles(stretch_id: str) -> None:
    stretch = LIBRARY.stretches[stretch_id]
    span, kind, per_side = AS_THE_ARTICLES_GIVE[stretch_id]
    assert (*amount(stretch), stretch.per_side) == (span, kind, per_side)


@pytest.mark.parametrize("stretch", LIBRARY.stretches.values(), ids=lambda stretch: stretch.id)
def test_each_stretch_can_be_followed(stretch: Stretch) -> None:
    assert 3 <= len(stretch.steps) <= 6
    assert all((stretch.name, stretch.about, stretch.tip, stretch.cautions))
    assert set(stretch.regions) <= set(REGIONS)
    assert stretch.position in ("seated", "standing", "floor", "wall")
    assert (stretch.rep_time is None) == (stretch.reps is None)


def step_plan(name: str) -> list[tuple[str, int, str | None]]:
    """A built-in routine as (stretch, seconds held or reps, side) per step."""
    routine = LIBRARY.routines[name].routine
    return [(step.stretch, step.reps or int(step.length.total_seconds()), step.side) for step in routine.steps]


def both(stretch: str, amount: int) -> list[tuple[str, int, str | None]]:
    return [(stretch, amount, "left"), (stretch, amount, "right")]


def test_desk_break_is_the_guides_three_stretches_in_three_minutes_with_the_twist_on_a_chair() -> None:
    assert step_plan("desk") == [*both("chair-twist", 20), ("standing-forward-fold", 30, None), ("wall-dog", 30, None)]
    assert LIBRARY.routines["desk"].routine.duration == timedelta(minutes=3)


def test_morning_is_the_guides_five_minutes() -> None:
    assert step_plan("morning") == [
        ("cat-cow", 10, None), ("childs-pose", 45, None), *both("thread-the-needle", 30),
        ("standing-forward-fold", 30, None),
    ]  # fmt: skip
    assert LIBRARY.routines["morning"].routine.duration == timedelta(minutes=5)


def test_evening_is_the_guides_nine_steps_in_ten_to_fifteen_minutes() -> None:
    assert step_plan("evening") == [
        ("cat-cow", 10, None), *both("thread-the-needle", 30), ("puppy-pose", 45, None),
        *both("eagle-arms", 30), *both("seated-twist", 30), ("downward-dog", 30, None),
        ("standing-forward-fold", 30, None), *both("supine-spinal-twist", 60), ("childs-pose", 60, None),
    ]  # fmt: skip
    assert timedelta(minutes=10) <= LIBRARY.routines["evening"].routine.duration <= timedelta(minutes=15)


def test_upper_back_is_the_upper_back_articles_five_stretches_in_order() -> None:
    stretches = list(dict.fromkeys(stretch for stretch, _, _ in step_plan("upper-back")))
    assert stretches == [
        "cat-cow", "side-lying-thoracic-rotation", "childs-pose-rotation", "thoracic-extension",
        "doorway-pectoral-stretch",
    ]  # fmt: skip


DESK_SIDE_ROUTINES = ["desk", "neck-upper-back"]


def test_no_routine_marked_desk_side_holds_a_floor_stretch() -> None:
    routines = tomllib.loads(resources.files("deskbreak.content").joinpath("routines.toml").read_text("utf-8"))
    marked = sorted(name for name, table in routines.items() if table.get("desk_side") is True)
    assert marked == sorted(DESK_SIDE_ROUTINES)
    on_the_floor = [
        f"{name}: {step['stretch']}" for name in marked for step in routines[name]["steps"]
        if LIBRARY.stretches[step["stretch"]].position == "floor"
    ]  # fmt: skip
    assert on_the_floor == []


def test_the_floor_seated_twist_stays_where_the_routine_is_done_on_a_mat() -> None:
    assert ("seated-twist", 30, "left") in step_plan("evening")
    assert not LIBRARY.routines["evening"].desk_side


def test_lower_back_is_not_all_forward_bending_and_reaches_the_front_of_the_hip() -> None:
    forward_bends = {"childs-pose", "standing-forward-fold", "rag-doll", "downward-dog", "puppy-pose"}
    stretches = list(dict.fromkeys(stretch for stretch, _, _ in step_plan("lower-back")))
    assert stretches == ["cat-cow", "supine-spinal-twist", "half-bow", "childs-pose"]
    assert len(forward_bends & set(stretches)) == 1
    assert "hips" in LIBRARY.stretches["half-bow"].regions  # a backbend that stretches the front of the hip


@pytest.mark.parametrize("name", ["upper-back", "lower-back", "neck-upper-back", "hips-pelvis"])
def test_targeted_routines_run_three_to_ten_minutes(name: str) -> None:
    assert timedelta(minutes=3) <= LIBRARY.routines[name].routine.duration <= timedelta(minutes=10)


@pytest.mark.parametrize("name", sorted(LIBRARY.routines))
def test_every_routine_says_what_it_is_for_and_covers_its_regions(name: str) -> None:
    guide = LIBRARY.routines[name]
    assert all((guide.description, guide.regions, guide.references))
    covered = {region for step in guide.routine.steps for region in LIBRARY.stretches[step.stretch].regions}
    assert set(guide.regions) <= covered


def test_reps_become_time_at_the_documented_pace() -> None:
    cat_cow = LIBRARY.routines["morning"].routine.steps[0]
    assert (cat_cow.reps, cat_cow.length) == (10, timedelta(seconds=50))


def test_the_engine_gets_every_built_in_routine() -> None:
    assert [routine.name for routine in builtin_routines()] == [
        "desk", "morning", "evening", "upper-back", "lower-back", "neck-upper-back", "hips-pelvis",
    ]  # fmt: skip


def test_the_articles_cited_studies_are_all_there() -> None:
    studies = {key: (ref.year, ref.cited_in) for key, ref in LIBRARY.references.items() if ref.kind == "paper"}
    assert studies == {
        "turci-2023": (2023, "back-stretching-guide"), "macedo-2011": (2011, "back-stretching-guide"),
        "sortino-2024": (2024, "back-stretching-guide"), "owen-2020": (2020, "back-stretching-guide"),
        "zhu-2020": (2020, "back-stretching-guide"), "jospt-2019": (2019, "pain-location-guide"),
        "disc-2017": (2017, "pain-location-guide"),
    }  # fmt: skip
    full = [ref for ref in LIBRARY.references.values() if ref.cited_in == "back-stretching-guide"]
    assert all(ref.authors and ref.title and ref.journal and ref.details for ref in full)


def citations() -> set[str]:
    safety = LIBRARY.safety
    cited = [key for stretch in LIBRARY.stretches.values() for key in stretch.references]
    cited += [key for guide in LIBRARY.routines.values() for key in guide.references]
    cited += [*safety.references, *(key for flag in safety.red_flags for key in flag.references)]
    return set(cited)


def test_every_citation_exists_and_every_reference_but_one_is_cited() -> None:
    assert citations() <= set(LIBRARY.references)
    # Owen 2020 ranked Pilates, stabilisation and resistance training, not stretching:
    # `deskbreak about` lists it, and nothing cites it.
    assert set(LIBRARY.references) - citations() == {"owen-2020"}


@pytest.mark.parametrize(
    ("study", "routines", "not_for"),
    [
        ("turci-2023", {"lower-back"}, "stretching for long-standing low back pain, not a morning or evening routine"),
        ("owen-2020", set(), "exercise types ranked for low back pain; stretching was not among the best"),
        ("sortino-2024", {"desk"}, "breaks during long sitting"),
    ],
)
def test_each_study_backs_only_the_routines_it_is_about(study: str, routines: set[str], not_for: str) -> None:
    assert {name for name, guide in LIBRARY.routines.items() if study in guide.references} == routines, not_for


def test_safety_advice_is_present() -> None:
    safety = LIBRARY.safety
    assert (safety.intensity, safety.too_intense, safety.back_off_to) == ((6, 7), 8, 0.5)
    assert "sharp pain" in safety.sharp_pain_advice
    assert safety.gentle_after_waking == timedelta(hours=1)
    assert safety.micro_break_every == timedelta(hours=2)
    assert safety.micro_break_length == (timedelta(minutes=2), timedelta(minutes=3))
    assert safety.desk_break_every == (timedelta(hours=1), timedelta(hours=2))
    assert "cat-cow" in safety.habit_advice
    assert "every day" in safety.daily_advice
    assert "backward-bending" in safety.forward_bending_advice
    assert "assess" in safety.sciatic_advice


@pytest.mark.parametrize(
    ("words", "urgent"),
    [
        (("bladder", "bowels"), True),
        (("severe weakness in a leg", "or numbness that keeps getting worse"), True),
        (("down a leg",), False),
        (("fall", "accident"), False),
        (("30 minutes",), False),
        (("4 weeks",), False),
        (("worse", "bend forward"), False),
    ],
)
def test_red_flags_are_present(words: tuple[str, ...], urgent: bool) -> None:
    matching = [flag for flag in LIBRARY.safety.red_flags if all(word in flag.sign.lower() for word in words)]
    assert [flag.urgent for flag in matching] == [urgent]


# ------------------------------------------------------------ our own words

# Stretch names are facts taken from the articles, so they are left out.
PROSE_KEYS = {"about", "steps", "tip", "cautions", "finding", "title", "description",
              "advice", "sharp_pain", "micro_advice", "habit", "daily", "sign", "action"}  # fmt: skip
# Prose outside the content files that a user reads: the first-run notice, the config file, the README.
PROSE_FILES = ("deskbreak/daemon/_first_run.py", "config/deskbreak.toml", "README.md")
SHINGLE = 8


def words(text: str) -> list[str]:
    text = text.lower().replace("\u2019", "'").replace("\u2018", "'")
    return re.findall(r"[a-z0-9']+", text)


def sentences(text: str) -> Iterator[list[str]]:
    for piece in re.split(r"[.!?;:\n]|\s-\s|^-\s", text, flags=re.MULTILINE):
        if len(found := words(piece)) >= 3:
            yield found


def shingles(found: list[str]) -> set[tuple[str, ...]]:
    return {tuple(found[i : i + SHINGLE]) for i in range(len(found) - SHINGLE + 1)}


def our_texts() -> Iterator[tuple[str, str]]:
    """Every piece of prose we wrote in the content files (not citations), with where it is."""
    content = resources.files("deskbreak.content")
    for name in ("stretches.toml", "safety.toml", "routines.toml"):
        text = content.joinpath(name).read_text("utf-8")
        yield from ((f"{name} comment", comment) for comment in re.findall(r"(?:^|\s)#\s*(.+)$", text, re.M))
        yield from prose(tomllib.loads(text), name)
    for path in PROSE_FILES:
        yield path, (REPO / path).read_text("utf-8")


def prose(node: object, where: str, key: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(node, dict):
        for inner, value in node.items():
            is_citation = where.startswith("stretches.toml.references.") and inner == "title"
            if not is_citation:
                yield from prose(value, f"{where}.{inner}", inner)
    elif isinstance(node, list):
        for item in node:
            yield from prose(item, where, key)
    elif isinstance(node, str) and key in PROSE_KEYS:
        yield where, node


@pytest.fixture(scope="module")
def articles() -> dict[str, str]:
    found = sorted(SEEDS.glob("*.txt"))
    if not found:
        pytest.fail(f"the source articles are missing: expected *.txt in {SEEDS} "
                    "(shared/ beside the repo, or set DESKBREAK_SEEDS)")
    return {path.name: path.read_text("utf-8") for path in found}


def test_we_found_our_text_and_the_articles(articles: dict[str, str]) -> None:
    assert len(articles) == 3
    assert len(list(our_texts())) > 150


def test_no_sentence_of_ours_is_copied_from_an_article(articles: dict[str, str]) -> None:
    theirs = {tuple(sentence): name for name, text in articles.items() for sentence in sentences(text)}
    copied = [
        f"{where}: {' '.join(sentence)!r} (in {theirs[tuple(sentence)]})"
        for where, text in our_texts()
        for sentence in sentences(text)
        if tuple(sentence) in theirs
    ]
    assert not copied, "\n".join(copied)


def test_no_eight_words_in_a_row_come_from_an_article(articles: dict[str, str]) -> None:
    theirs = {shingle: name for name, text in articles.items() for shingle in shingles(words(text))}
    copied = [
        f"{where}: {' '.join(shingle)!r} (in {theirs[shingle]})"
        for where, text in our_texts()
        for shingle in sorted(shingles(words(text)) & theirs.keys())
    ]
    assert not copied, "\n".join(copied)
