"""``deskbreak stats --week / --month`` and the streak line, over weeks replayed through the engine."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest
from history_weeks import EVENING, OFF, SNOOZY, STEADY, WALK, Day, fill

from deskbreak.cli import main
from deskbreak.history import HistoryStore, open_history


@pytest.fixture
def store() -> Iterator[HistoryStore]:
    with open_history().store as history:
        yield history


def stats(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(["stats", *args])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def fill_up_to_today(store: HistoryStore, days: list[Day]) -> None:
    """``days`` replayed so that the last one is today (in this machine's time zone)."""
    first = date.today() - timedelta(days=len(days) - 1)
    fill(store, datetime.combine(first, time(8, 30)).astimezone(), days)


def write_config(text: str) -> None:
    path = Path(os.environ["XDG_CONFIG_HOME"]) / "deskbreak" / "deskbreak.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_a_week_is_tallied_day_by_day(capsys: pytest.CaptureFixture[str], store: HistoryStore) -> None:
    fill(store, datetime(2026, 3, 2, 8, 30, tzinfo=UTC), [STEADY, SNOOZY, EVENING, WALK])
    status, out, err = stats(capsys, "--week", "2026-W10")
    assert (status, err) == (0, "")
    assert out.splitlines()[:8] == [
        "Week 2026-W10 (2 to 8 Mar): 8 breaks (30 min stretched), 10 reminders, 2 skipped, 1 snoozed, "
        "3 natural breaks; longest desk stretch 2h 10m",
        "  Mon 2 Mar: 4 breaks (12 min stretched), 5 reminders, 1 skipped, 1 natural break; "
        "longest desk stretch 1h 02m",
        "  Tue 3 Mar: 1 break (3 min stretched), 3 reminders, 1 skipped, 1 snoozed, 1 natural break; "
        "longest desk stretch 2h 10m",
        "  Wed 4 Mar: 2 breaks (16 min stretched), 1 reminder; longest desk stretch 1h 00m",
        "  Thu 5 Mar: 1 break (0 min stretched), 1 reminder, 1 natural break; longest desk stretch 1h 00m",
        "  Fri 6 Mar: nothing recorded yet",
        "  Sat 7 Mar: nothing recorded yet",
        "  Sun 8 Mar: nothing recorded yet",
    ]
    assert out.splitlines()[8].startswith("Streak: ")


def test_a_month_is_tallied_week_by_week(capsys: pytest.CaptureFixture[str], store: HistoryStore) -> None:
    # Thu 26 Feb to Tue 3 Mar. Nothing follows the last day's skip, so no natural break ends it.
    fill(store, datetime(2026, 2, 26, 8, 30, tzinfo=UTC), [STEADY] * 6)
    lines = stats(capsys, "--month", "2026-03")[1].splitlines()
    assert lines[:7] == [
        "March 2026: 12 breaks (36 min stretched), 15 reminders, 3 skipped, 2 natural breaks; "
        "longest desk stretch 1h 02m",
        "  2026-W09 (1 Mar): 4 breaks (12 min stretched), 5 reminders, 1 skipped, 1 natural break; "
        "longest desk stretch 1h 02m",
        "  2026-W10 (2 to 8 Mar): 8 breaks (24 min stretched), 10 reminders, 2 skipped, 1 natural break; "
        "longest desk stretch 1h 02m",
        "  2026-W11 (9 to 15 Mar): nothing recorded yet",
        "  2026-W12 (16 to 22 Mar): nothing recorded yet",
        "  2026-W13 (23 to 29 Mar): nothing recorded yet",
        "  2026-W14 (30 to 31 Mar): nothing recorded yet",
    ]


def test_the_period_narrows_the_export(capsys: pytest.CaptureFixture[str], store: HistoryStore) -> None:
    fill(store, datetime(2026, 3, 6, 8, 30, tzinfo=UTC), [STEADY] * 4)  # Fri 6 to Mon 9 March
    rows = [json.loads(line) for line in stats(capsys, "--week", "2026-W10", "--json")[1].splitlines()]
    assert {row["local_date"] for row in rows} == {"2026-03-06", "2026-03-07", "2026-03-08"}
    assert len(rows) == 3 * 15
    everything = 4 * 15 - 1  # nothing follows the last day's skip, so no natural break ends it
    assert len(stats(capsys, "--month", "2026-03", "--csv")[1].splitlines()) == 1 + everything  # with a header
    assert len(stats(capsys, "--json", "--all")[1].splitlines()) == everything


def test_the_streak_counts_days_with_enough_breaks_up_to_today(
    capsys: pytest.CaptureFixture[str], store: HistoryStore
) -> None:
    fill_up_to_today(store, [STEADY, EVENING, STEADY, STEADY, STEADY, OFF])  # today: nothing yet
    three_days_ago = date.today() - timedelta(days=3)
    lines = stats(capsys)[1].splitlines()
    assert lines[-1] == f"Streak: 3 days in a row with 3 or more breaks, since {three_days_ago:%a} " \
                        f"{three_days_ago.day} {three_days_ago:%b}"  # fmt: skip
    write_config("[progress]\nstreak_breaks = 2\n")
    assert stats(capsys)[1].splitlines()[-1].startswith("Streak: 5 days in a row with 2 or more breaks")
    write_config("[progress]\nstreak_breaks = 5\n")
    assert stats(capsys)[1].splitlines()[-1] == "Streak: none yet; a day with 5 or more breaks starts one"


def test_a_one_day_streak_and_days_off_are_named(capsys: pytest.CaptureFixture[str], store: HistoryStore) -> None:
    fill_up_to_today(store, [STEADY])
    assert stats(capsys)[1].splitlines()[-1] == "Streak: 1 day with 3 or more breaks (today)"
    write_config('[schedule]\nactive_hours = "Mon-Fri 08:00-18:00"\n')
    assert stats(capsys)[1].splitlines()[-1] == "Streak: 1 day with 3 or more breaks (today) (Sat, Sun off)"


def test_a_bad_config_falls_back_to_defaults_and_says_so(capsys: pytest.CaptureFixture[str]) -> None:
    write_config("[progress]\nstreak_breaks = 0\n")
    status, out, err = stats(capsys, "--week")
    assert status == 0
    assert out.splitlines()[-1] == "Streak: none yet; a day with 3 or more breaks starts one"
    assert err.endswith("streak_breaks = 0: must be from 1 to 20\n(deskbreak stats: using the default settings)\n")


def test_with_nothing_recorded_stats_says_only_that(capsys: pytest.CaptureFixture[str]) -> None:
    assert stats(capsys) == (0, "Today: nothing recorded yet\nThis week: nothing recorded yet\n", "")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--week", "2026-W99"], 'deskbreak stats: --week "2026-W99": 2026 has weeks 1 to 53'),
        (["--month", "2026-3-1"], 'deskbreak stats: --month "2026-3-1" is not a month; write it like 2026-03'),
        (["--month", "2026-00"], 'deskbreak stats: --month "2026-00": months run from 01 to 12'),
    ],
)
def test_bad_periods_get_one_line(capsys: pytest.CaptureFixture[str], args: list[str], message: str) -> None:
    assert stats(capsys, *args) == (2, "", message + "\n")


def test_week_and_month_cannot_be_combined(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["stats", "--week", "--month"])
    assert exited.value.code == 2
    assert "argument --month: not allowed with argument --week" in capsys.readouterr().err
