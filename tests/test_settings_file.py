"""The config file: every kind of bad value gets one clear line; good files load."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from deskbreak.config.settings_file import ConfigError, load_settings, parse_settings
from deskbreak.config.user_file import default_config_text
from deskbreak.core import Settings
from deskbreak.library import routines_for

ROUTINES = ["desk"]


def problems(text: str) -> list[str]:
    with pytest.raises(ConfigError) as caught:
        parse_settings(text, "my.toml", ROUTINES)
    return caught.value.problems


def test_the_shipped_default_file_gives_the_default_settings() -> None:
    assert parse_settings(default_config_text(), "default", ROUTINES) == Settings()


def test_the_shipped_default_documents_every_key_with_its_range() -> None:
    text = default_config_text()
    for key in ("interval", "snooze", "max_snoozes", "away_after", "natural_break", "active_hours", "routine", "floor",
                "area"):
        assert f"\n{key} = " in text
    assert "Range: 1m to 8h" in text


def test_a_partial_file_fills_in_defaults() -> None:
    loaded = parse_settings('[schedule]\ninterval = "1h30m"\n', "my.toml", ROUTINES)
    assert loaded.interval == timedelta(minutes=90)
    assert loaded.snooze == Settings().snooze


def test_an_empty_file_is_all_defaults() -> None:
    assert parse_settings("", "my.toml", ROUTINES) == Settings()


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('interval = "9h"', 'my.toml:2: [schedule] interval = "9h": must be from 1m to 8h'),
        ('interval = "30s"', 'my.toml:2: [schedule] interval = "30s": must be from 1m to 8h'),
        ("interval = 60", 'my.toml:2: [schedule] interval = 60: expected a duration such as "90s", "10m" or "1h30m"'),
        ('interval = "an hour"', '[schedule] interval = "an hour": expected a duration such as'),
        ('interval = ""', '[schedule] interval = "": expected a duration'),
        ('snooze = "3h"', '[schedule] snooze = "3h": must be from 1m to 2h'),
        ("max_snoozes = -1", "[schedule] max_snoozes = -1: must be from 0 to 10"),
        ("max_snoozes = 2.5", "[schedule] max_snoozes = 2.5: expected a whole number from 0 to 10"),
        ("max_snoozes = true", "[schedule] max_snoozes = true: expected a whole number from 0 to 10"),
        ('away_after = "1s"', '[schedule] away_after = "1s": must be from 10s to 30m'),
        ('natural_break = "1m"', 'my.toml:2: [schedule] natural_break = "1m": must be longer than away_after ("2m")'),
        ('active_hours = "9-5"', '[schedule] active_hours = "9-5": expected "HH:MM-HH:MM"'),
        ('active_hours = "25:00-26:00"', "25:00 is not a time of day (00:00 to 23:59)"),
        ('active_hours = "Mon-Fry 08:00-19:00"', "'Fry' is not a weekday"),
        ('active_hours = "09:00-09:00"', "a window cannot start and end at the same time"),
        ("active_hours = [1, 2]", 'expected a string such as "Mon-Fri 08:00-19:00", or a list of them'),
    ],
)
def test_bad_schedule_values(line: str, message: str) -> None:
    found = problems(f"[schedule]\n{line}\n")
    assert len(found) == 1
    assert message in found[0]


def test_bad_routine_name_suggests_the_closest() -> None:
    assert problems('[break]\nroutine = "dsk"\n') == [
        'my.toml:2: [break] routine = "dsk": unknown routine; did you mean "desk"? (known: desk)'
    ]


def test_unknown_keys_and_sections_are_errors_with_a_did_you_mean() -> None:
    assert problems('[schedule]\nintervall = "1h"\n[brake]\nroutine = "desk"\n[colours]\n') == [
        'my.toml:2: [schedule] intervall: unknown key; did you mean "interval"?',
        'my.toml:3: unknown section [brake]; did you mean "break"?',
        "my.toml:5: unknown section [colours]",
    ]


def test_a_key_outside_any_section_is_reported() -> None:
    assert problems('interval = "1h"\nsnoozes = 2\n') == [
        'my.toml:1: interval = "1h": keys go under a section; did you mean [schedule]?',
        "my.toml:2: snoozes = 2: keys go under a section such as [schedule], [break], [daemon], [progress] or [quiet]",
    ]


def test_every_problem_is_reported_not_just_the_first() -> None:
    found = problems('[schedule]\ninterval = "0m"\nsnooze = "0m"\nmax_snoozes = 99\n')
    assert [line.split(":")[1] for line in found] == ["2", "3", "4"]


def test_invalid_toml_names_the_line() -> None:
    found = problems('[schedule]\ninterval = "1h"\nsnooze = \n')
    assert len(found) == 1
    assert found[0].startswith("my.toml:3: not valid TOML: ")


def test_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"nope\.toml: no such file$"):
        load_settings(tmp_path / "nope.toml", ROUTINES)


def test_an_unreadable_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"cannot read the file: is a directory"):
        load_settings(tmp_path, ROUTINES)


def test_a_file_that_is_not_text(tmp_path: Path) -> None:
    path = tmp_path / "binary.toml"
    path.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(ConfigError, match=r"binary\.toml: cannot read the file: .*utf-8"):
        load_settings(path, ROUTINES)


@pytest.mark.parametrize(
    ("value", "message"),
    [('"0s"', "must be from 1s to 1m"), ('"2m"', "must be from 1s to 1m"), ("5", "expected a duration")],
)
def test_bad_sample_every(value: str, message: str) -> None:
    assert problems(f"[daemon]\nsample_every = {value}\n") == [
        f"my.toml:2: [daemon] sample_every = {value}: {message}" + ("" if "duration" not in message else
                                                                      ' such as "90s", "10m" or "1h30m"')
    ]


def test_sample_every_sets_how_long_a_silence_means_sleep() -> None:
    loaded = parse_settings('[daemon]\nsample_every = "10s"\n', "my.toml", ROUTINES)
    assert loaded.sample_every == timedelta(seconds=10)
    assert loaded.sample_gap == timedelta(minutes=2)


USER_ROUTINE = """[break]
routine = "mine"

[routines.mine]
title = "My two minutes"
steps = [
  { stretch = "cat-cow", reps = 10 },
  { stretch = "wall-dog", hold = "30s", prepare = "10s" },
]
"""


def test_a_user_routine_can_be_added_and_chosen() -> None:
    loaded = parse_settings(USER_ROUTINE, "my.toml")
    assert loaded.routine == "mine"
    (mine,) = loaded.user_routines
    assert (mine.title, [step.stretch for step in mine.steps]) == ("My two minutes", ["cat-cow", "wall-dog"])
    assert mine.duration == timedelta(seconds=10 * 5 + 30 + 10)


def test_a_user_routine_overrides_a_builtin_of_the_same_name() -> None:
    loaded = parse_settings(USER_ROUTINE.replace("mine", "desk"), "my.toml")
    assert [routine.name for routine in routines_for(loaded)].count("desk") == 1
    assert next(r for r in routines_for(loaded) if r.name == "desk").title == "My two minutes"


def test_a_bad_user_routine_step_is_named() -> None:
    assert problems(USER_ROUTINE.replace('"cat-cow"', '"cat-cw"')) == [
        'my.toml:4: [routines.mine] step 1: stretch = "cat-cw": unknown stretch; did you mean "cat-cow"?'
    ]


def test_routines_must_be_tables() -> None:
    assert problems('routines = "mine"\n') == [
        "my.toml:1: routines: write each routine as a [routines.NAME] table"
    ]
