"""``deskbreak report``: a week replayed through the engine, read back as numbers and as a picture."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from desktop import wait_until
from history_weeks import EVENING, OFF, SNOOZY, STEADY, WALK, fill
from PIL import Image

from deskbreak.cli import main
from deskbreak.history import HistoryStore, open_history
from deskbreak.progress import Checkin
from deskbreak.report import REPORT_WIDTH
from deskbreak.report._canvas import Palette

ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts" / "report"
WEEK_10 = [STEADY, SNOOZY, EVENING, WALK, OFF, OFF, OFF]  # Mon 2 to Sun 8 March 2026


def at(day: int, month: int = 3) -> datetime:
    return datetime(2026, month, day, 18, 0, tzinfo=UTC)


@pytest.fixture
def store() -> Iterator[HistoryStore]:
    """The user's history file with week 10 of 2026 in it (and nothing else)."""
    with open_history().store as history:
        fill(history, datetime(2026, 3, 2, 8, 30, tzinfo=UTC), WEEK_10)
        yield history


@pytest.fixture
def checkins(store: HistoryStore) -> None:
    """Lower back 6 and 6 the week before; 5, 4 and 4 in week 10."""
    for when, level in [(at(24, 2), 6), (at(26, 2), 6), (at(2), 5), (at(4), 4), (at(5), 4)]:
        store.add_checkin(Checkin(at=when, level=level, area="lower back"))


def report(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(["report", *args])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def numbers(capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    status, out, _ = report(capsys, "--week", "2026-W10", "--json")
    assert status == 0
    found: dict[str, Any] = json.loads(out)
    return found


@pytest.mark.usefixtures("store")
def test_the_weeks_totals_and_adherence_are_counted_from_the_engines_records(
    capsys: pytest.CaptureFixture[str],
) -> None:
    week = numbers(capsys)
    assert (week["week"], week["first_day"], week["last_day"]) == ("2026-W10", "2026-03-02", "2026-03-08")
    assert week["totals"] == {
        "reminders": 10, "breaks_due": 9, "breaks_taken": 8, "partial": 0, "skipped": 2, "snoozed": 1,
        "natural_breaks": 3, "waited": 0, "minutes_stretched": 30.5, "longest_desk_minutes": 130.0,
    }  # fmt: skip
    assert week["adherence"] == {
        "breaks_taken_per_due": round(8 / 9, 3),
        "minutes_stretched": 30.5,
        "minutes_goal": 45.0,
        "minutes_share": round(30.5 / 45, 3),
        "session_days": 1,  # Wednesday's desk break and evening routine: 15.5 minutes
        "session_days_goal": 3,
        "session_minutes": 15.0,
        "desk_days": 4,
        "days_within_desk_break_interval": 3,  # Tuesday sat 2h10m through a skip and a snooze
        "desk_break_interval_minutes": [60.0, 120.0],
        "sources": {"desk_breaks": "Back stretching guide", "sessions": "Macedo et al. 2011"},
    }
    assert week["pain"] == {"checkins": 0, "average": None, "previous_week_average": None}


@pytest.mark.usefixtures("store")
def test_each_day_has_its_own_row(capsys: pytest.CaptureFixture[str]) -> None:
    days = {day["date"]: day for day in numbers(capsys)["days"]}
    assert list(days) == [f"2026-03-0{day}" for day in range(2, 9)]
    picked = ("breaks_due", "breaks_taken", "skipped", "natural_breaks", "minutes_stretched", "longest_desk_minutes")
    rows = {day: tuple(row[key] for key in picked) for day, row in days.items()}
    assert rows == {
        "2026-03-02": (5, 4, 1, 1, 12.0, 62.0),  # the skip carries 60 min into the 2 min before going away
        "2026-03-03": (2, 1, 1, 1, 3.0, 130.0),
        "2026-03-04": (1, 2, 0, 0, 15.5, 60.0),  # the evening routine was started without a reminder
        "2026-03-05": (1, 1, 0, 1, 0.0, 60.0),  # a logged walk has no length
        "2026-03-06": (0, 0, 0, 0, 0.0, 0.0),
        "2026-03-07": (0, 0, 0, 0, 0.0, 0.0),
        "2026-03-08": (0, 0, 0, 0, 0.0, 0.0),
    }


@pytest.mark.usefixtures("checkins")
def test_check_ins_give_the_pain_trend(capsys: pytest.CaptureFixture[str]) -> None:
    week = numbers(capsys)
    assert week["pain"] == {"checkins": 3, "average": round(13 / 3, 3), "previous_week_average": 6.0}
    assert [day["pain"] for day in week["days"]] == [5.0, None, 4.0, 4.0, None, None, None]


def colours(picture: Image.Image) -> set[tuple[int, int, int]]:
    found = picture.getcolors(maxcolors=1 << 20)
    assert found is not None
    return {colour for _, colour in found}  # type: ignore[misc]


@pytest.mark.usefixtures("checkins")
def test_the_report_picture_is_drawn_with_its_numbers_beside_it(capsys: pytest.CaptureFixture[str]) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    picture_path = ARTIFACTS / "week.png"
    picture_path.unlink(missing_ok=True)
    status, out, err = report(capsys, "--week", "2026-W10", "--out", str(picture_path))
    assert (status, out, err) == (0, f"{picture_path}\n", "")
    with Image.open(picture_path) as picture:
        assert picture.format == "PNG"
        assert picture.width == REPORT_WIDTH
        assert 1000 < picture.height < 1400
        drawn = colours(picture.convert("RGB"))
    assert len(drawn) > 500  # text, bars and lines, not a blank page
    for bars in (Palette.DUE, Palette.TAKEN, Palette.SKIPPED, Palette.NATURAL, Palette.OVER, Palette.PAIN):
        assert bars in drawn
    beside = json.loads(picture_path.with_suffix(".json").read_text(encoding="utf-8"))
    assert beside == numbers(capsys)
    assert beside["totals"]["breaks_taken"] == 8


@pytest.mark.usefixtures("store")
def test_without_check_ins_the_pain_chart_is_left_out(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert report(capsys, "--week", "2026-W10", "--out", str(tmp_path / "week.png"))[0] == 0
    with Image.open(tmp_path / "week.png") as picture:
        assert picture.height < 1000
        assert Palette.PAIN not in colours(picture.convert("RGB"))


@pytest.mark.usefixtures("store")
def test_by_default_the_report_is_kept_in_the_data_folder_named_after_the_week(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, out, _ = report(capsys, "--week", "2026-W10")
    expected = Path(os.environ["XDG_DATA_HOME"]) / "deskbreak" / "reports" / "week-2026-W10.png"
    assert (status, out) == (0, f"{expected}\n")
    assert expected.is_file()
    assert expected.with_suffix(".json").is_file()


def test_with_no_week_given_it_is_this_week_and_an_empty_week_still_draws(capsys: pytest.CaptureFixture[str]) -> None:
    week = json.loads(report(capsys, "--json")[1])
    year, number, _ = date.today().isocalendar()
    assert week["week"] == f"{year}-W{number:02d}"
    assert week["totals"]["breaks_taken"] == 0
    assert week["adherence"]["breaks_taken_per_due"] is None
    status, out, _ = report(capsys)
    assert status == 0
    with Image.open(out.strip()) as picture:
        assert picture.width == REPORT_WIDTH


@pytest.mark.parametrize(
    ("args", "status", "message"),
    [
        (["--week", "2026-W60"], 2, 'deskbreak report: --week "2026-W60": 2026 has weeks 1 to 53'),
        (["--week", "March"], 2, 'deskbreak report: --week "March" is not a week; write it like 2026-W10'),
        (["--out", "week.jpg"], 2, "deskbreak report: --out week.jpg: the report is a PNG picture; "
                                   "give a name ending in .png"),
        (["--out", "/nonexistent-folder/week.png"], 1, "deskbreak report: cannot save "
                                                       "/nonexistent-folder/week.png: No such file or directory"),
    ],
)  # fmt: skip
def test_bad_input_gets_one_line(
    capsys: pytest.CaptureFixture[str], args: list[str], status: int, message: str
) -> None:
    assert report(capsys, *args) == (status, "", message + "\n")


@pytest.mark.posix
def test_report_open_hands_the_picture_to_the_desktop(tmp_path: Path) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    opener = bin_dir / "xdg-open"
    opener.write_text(f"#!/bin/sh\necho \"$1\" > {tmp_path / 'opened'}\n")
    opener.chmod(0o755)
    out = tmp_path / "week.png"
    env = {**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}"}
    result = subprocess.run([sys.executable, "-m", "deskbreak", "report", "--out", str(out), "--open"],
                            env=env, capture_output=True, text=True, check=False, timeout=60)
    assert result.returncode == 0, result.stderr
    wait_until((tmp_path / "opened").exists, "xdg-open is run")
    assert (tmp_path / "opened").read_text().strip() == str(out)


def test_report_open_without_an_opener_says_so(tmp_path: Path) -> None:
    out = tmp_path / "week.png"
    env = {**os.environ, "PATH": str(tmp_path)}
    result = subprocess.run([sys.executable, "-m", "deskbreak", "report", "--out", str(out), "--open"],
                            env=env, capture_output=True, text=True, check=False, timeout=60)
    assert result.returncode == 1
    assert result.stderr == f"deskbreak report: cannot open {out}: xdg-open is not installed\n"
