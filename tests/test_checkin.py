"""``deskbreak checkin``: stored in the history, fed back, and sending the user to a professional when due."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta, timezone
from pathlib import Path

import pytest
from history_weeks import OFF, STEADY, Day, fill, records_for

from deskbreak.cli import main
from deskbreak.history import HistoryStore, MemoryHistory, open_history
from deskbreak.history._schema import MIGRATIONS, migrate
from deskbreak.progress import Checkin

TOKYO = timezone(timedelta(hours=9))


@pytest.fixture
def store() -> Iterator[HistoryStore]:
    with open_history().store as history:
        yield history


def checkin(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(["checkin", *args])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


# --- the store ----------------------------------------------------------------------------------


def test_check_ins_come_back_as_they_went_in_in_their_own_offset() -> None:
    late = Checkin(at=datetime(2026, 3, 2, 23, 30, tzinfo=TOKYO), level=7, area="neck", flags=("leg-pain",),
                   note="after the long drive")  # fmt: skip
    plain = Checkin(at=datetime(2026, 3, 3, 8, 0, tzinfo=UTC), level=0)
    with MemoryHistory() as store:
        store.add_checkin(plain)
        store.add_checkin(late)
        assert store.checkins() == [late, plain]  # oldest first
        assert store.checkins(date(2026, 3, 3), date(2026, 3, 3)) == [plain]  # late is the 2nd in Tokyo
        with pytest.raises(ValueError, match="history needs timezone-aware times; at is naive"):
            store.add_checkin(Checkin(at=datetime(2026, 3, 3, 8, 0), level=3))


def test_a_version_1_history_keeps_its_records_and_gains_check_ins(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    with MemoryHistory() as scratch:
        scratch.append_all(records_for(datetime(2026, 3, 2, 8, 30, tzinfo=UTC), [STEADY]))
        before = scratch.records()
    version_1 = sqlite3.connect(path, isolation_level=None)
    migrate(version_1, MIGRATIONS[:1])
    version_1.executemany(
        "INSERT INTO history (id, kind, at_utc_us, utc_offset, local_date, desk_time, routine, seconds, "
        "snoozes_left, until_utc_us) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(r.id, r.kind, (r.at - datetime(1970, 1, 1, tzinfo=UTC)) // timedelta(microseconds=1),
          round(r.utc_offset.total_seconds()), r.local_date.isoformat(), r.desk_time.total_seconds(),
          r.routine, r.seconds, r.snoozes_left, None) for r in before],
    )  # fmt: skip
    version_1.close()
    with open_history(path).store as upgraded:
        assert upgraded.records() == before
        upgraded.add_checkin(Checkin(at=datetime(2026, 3, 2, 18, 0, tzinfo=UTC), level=4))
        assert len(upgraded.checkins()) == 1
    with sqlite3.connect(path) as check:
        assert check.execute("PRAGMA user_version").fetchone() == (3,)


def test_a_batch_with_a_bad_record_stores_nothing() -> None:
    good = records_for(datetime(2026, 3, 2, 8, 30, tzinfo=UTC), [STEADY])
    naive = [*good[:3], type(good[0])(kind="logged", at=datetime(2026, 3, 2, 12), desk_time=timedelta(0))]
    with MemoryHistory() as store:
        with pytest.raises(ValueError, match="naive"):
            store.append_all(naive)
        assert store.records() == []


# --- the command --------------------------------------------------------------------------------


def test_a_check_in_is_stored_and_confirmed(capsys: pytest.CaptureFixture[str], store: HistoryStore) -> None:
    status, out, err = checkin(capsys, "4", "--where", "Lower-Back", "--note", "  after a long meeting ")
    assert (status, err) == (0, "")
    assert out.startswith("Recorded: lower back, 4 out of 10, ")
    [stored] = store.checkins()
    assert (stored.level, stored.area, stored.flags, stored.note) == (4, "lower back", (), "after a long meeting")
    assert stored.at.date() == date.today()


def test_a_second_check_in_shows_the_average(capsys: pytest.CaptureFixture[str], store: HistoryStore) -> None:
    last_week = datetime.combine(date.today() - timedelta(days=9), time(12)).astimezone()
    store.add_checkin(Checkin(at=last_week, level=6))
    checkin(capsys, "5")
    out = checkin(capsys, "3")[1]
    assert out.splitlines()[1] == "Last 7 days: average 4.0 from 2 check-ins; the 7 days before: 6.0."


def test_red_flags_bring_the_librarys_advice_urgent_first(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = checkin(capsys, "6", "--flag", "leg-pain", "--flag", "leg-weakness")
    assert status == 0
    assert out.splitlines()[1:] == [
        "",
        "Get medical help now.",
        "You reported: severe weakness in a leg, or numbness that keeps getting worse.",
        "Stop and get medical help straight away.",
        "",
        "See a physiotherapist or doctor.",
        "You reported: pain that travels down a leg.",
        "It suggests an irritated nerve (sciatica); have a professional assess it before you",
        "carry on.",
    ]


def four_weeks_to_today(store: HistoryStore, week: list[Day]) -> None:
    """Four repeats of ``week`` replayed through the engine, the last day being today."""
    first = date.today() - timedelta(days=27)
    fill(store, datetime.combine(first, time(8, 30)).astimezone(), week * 4)
    store.add_checkin(Checkin(at=datetime.combine(first, time(18)).astimezone(), level=5, area="lower back"))


def test_four_weeks_of_regular_stretching_without_improvement_mean_see_a_physiotherapist(
    capsys: pytest.CaptureFixture[str], store: HistoryStore
) -> None:
    four_weeks_to_today(store, [STEADY, OFF, STEADY, OFF, STEADY, OFF, OFF])
    out = checkin(capsys, "5", "--where", "lower-back")[1]
    assert out.splitlines()[2:] == [
        "See a physiotherapist or doctor.",
        "No change after 4 weeks of regular stretching: you took breaks on at least 3 days in",
        "each of the last 4 weeks, and your lower back averaged 5.0 out of 10 in the first week",
        "and 5.0 in the last.",
        "See a physiotherapist, who can work out what is holding you back.",
    ]


def test_improvement_or_irregular_stretching_brings_no_such_advice(
    capsys: pytest.CaptureFixture[str], store: HistoryStore
) -> None:
    four_weeks_to_today(store, [STEADY, OFF, STEADY, OFF, OFF, OFF, STEADY])  # Day 0, 2, 6: three a week
    assert "physiotherapist" not in checkin(capsys, "4", "--where", "lower-back")[1]  # better than 5
    assert "physiotherapist" not in checkin(capsys, "6", "--where", "neck")[1]  # no neck check-in 4 weeks ago
    assert "physiotherapist" in checkin(capsys, "6", "--where", "lower-back")[1]  # (4 + 6) / 2 = 5: no better


def test_irregular_stretching_is_not_judged(capsys: pytest.CaptureFixture[str], store: HistoryStore) -> None:
    four_weeks_to_today(store, [STEADY, OFF, OFF, OFF, STEADY, OFF, OFF])  # two days a week
    assert "physiotherapist" not in checkin(capsys, "7", "--where", "lower-back")[1]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["11"], "level 11 is out of range: 0 (no stiffness or pain) to 10 (the worst)"),
        (["-2"], "level -2 is out of range: 0 (no stiffness or pain) to 10 (the worst)"),
        (["bad"], 'level "bad" is not a whole number from 0 to 10'),
        (["3", "--where", "lowerback"], 'unknown area "lowerback"; did you mean "lower-back"? '
                                        "(known: upper-back, mid-back, lower-back, full-back, neck, hips)"),
        (["3", "--flag", "leg-weaknes"], 'unknown red flag "leg-weaknes"; did you mean "leg-weakness"? (known: '
                                      "bladder-bowel, leg-weakness, leg-pain, after-injury, morning-stiffness, "
                                      "worse-when-stretching)"),
    ],
)  # fmt: skip
def test_bad_input_gets_one_line_and_stores_nothing(
    capsys: pytest.CaptureFixture[str], store: HistoryStore, args: list[str], message: str
) -> None:
    assert checkin(capsys, *args) == (2, "", f"deskbreak checkin: {message}\n")
    assert store.checkins() == []
