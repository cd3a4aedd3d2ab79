"""How pauses are asked for, and how the state reads in ``deskbreak status``."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from deskbreak.core import Phase, Status
from deskbreak.pause_spec import pause_until
from deskbreak.status_text import status_json, status_line

NOW = datetime(2026, 3, 2, 10, 15, tzinfo=UTC)
LONDON = ZoneInfo("Europe/London")
BST = timezone(timedelta(hours=1))  # the fixed offset the daemon's now carries in a London summer


def use_local_zone(name: str | None) -> None:
    """Make ``name`` this process's local time zone, as TZ does for a user's session (None: the machine's)."""
    if name is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = name
    time.tzset()


@pytest.fixture(autouse=True)
def _utc_is_local() -> Iterator[None]:
    """Times of day are read on the local wall clock: make it UTC here, and the machine's own again after."""
    machines = os.environ.get("TZ")
    use_local_zone("UTC")
    yield
    use_local_zone(machines)


@pytest.mark.parametrize(
    ("words", "until"),
    [
        ([], None),
        (["30m"], NOW + timedelta(minutes=30)),
        (["2h"], NOW + timedelta(hours=2)),
        (["1h30m"], NOW + timedelta(minutes=90)),
        (["until", "14:00"], datetime(2026, 3, 2, 14, 0, tzinfo=UTC)),
        (["until", "09:00"], datetime(2026, 3, 3, 9, 0, tzinfo=UTC)),  # already past today
        (["until", "tomorrow"], datetime(2026, 3, 3, 0, 0, tzinfo=UTC)),
        (["UNTIL", "Tomorrow"], datetime(2026, 3, 3, 0, 0, tzinfo=UTC)),
    ],
)
def test_pause_forms(words: list[str], until: datetime | None) -> None:
    assert pause_until(words, NOW) == until


@pytest.mark.parametrize(
    ("words", "now", "until"),
    [
        # Saturday evening in summer time; the clocks go back at 02:00 on Sunday 25 October 2026.
        (["until", "09:00"], datetime(2026, 10, 24, 22, 0, tzinfo=BST), datetime(2026, 10, 25, 9, 0, tzinfo=LONDON)),
        (["until", "tomorrow"], datetime(2026, 10, 25, 0, 30, tzinfo=BST), datetime(2026, 10, 26, tzinfo=LONDON)),
        (["until", "23:00"], datetime(2026, 10, 25, 0, 30, tzinfo=LONDON), datetime(2026, 10, 25, 23, tzinfo=LONDON)),
        # And forward at 01:00 on Sunday 29 March 2026.
        (["until", "09:00"], datetime(2026, 3, 28, 22, 0, tzinfo=UTC), datetime(2026, 3, 29, 9, 0, tzinfo=LONDON)),
    ],
)
def test_pauses_until_a_time_of_day_follow_daylight_saving_changes(
    words: list[str], now: datetime, until: datetime
) -> None:
    use_local_zone("Europe/London")
    ends = pause_until(words, now)
    assert ends is not None
    assert ends == until
    assert ends.strftime("%a %H:%M") == until.strftime("%a %H:%M"), "status shows the end in its own offset"


def test_a_pause_for_a_length_is_that_much_real_time_across_a_change() -> None:
    use_local_zone("Europe/London")
    now = datetime(2026, 10, 25, 1, 30, tzinfo=BST)
    assert pause_until(["2h"], now) == datetime(2026, 10, 25, 2, 30, tzinfo=LONDON)  # 03:30 BST is 02:30 GMT


@pytest.mark.parametrize(
    ("words", "message"),
    [
        (["2", "hours"], "cannot pause for '2 hours': expected a duration such as"),
        (["0m"], "cannot pause for '0m': a pause lasts from 1s to 7 days"),
        (["200h"], "cannot pause for '200h': a pause lasts from 1s to 7 days"),
        (["until", "25:00"], "cannot pause until '25:00': expected a time of day such as 14:00, or tomorrow"),
        (["until", "lunch"], "cannot pause until 'lunch'"),
    ],
)
def test_bad_pause_forms(words: list[str], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        pause_until(words, NOW)


def status(**changes: object) -> Status:
    base: dict[str, object] = {
        "as_of": NOW, "phase": Phase.WORKING, "desk_time": timedelta(minutes=37, seconds=30),
        "until_reminder": timedelta(minutes=22, seconds=30), "snoozes_left": 3, "paused": False,
        "paused_until": None, "in_active_hours": True, "routine": "desk", "break_routine": None,
        "break_started": None, "break_ends": None,
    }
    base.update(changes)
    return Status(**base)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("changes", "line"),
    [
        ({}, "Next break in 23 min of desk time (desk time 37 min)"),
        ({"until_reminder": timedelta(seconds=5)}, "Next break in 1 min of desk time (desk time 37 min)"),
        ({"phase": Phase.DUE, "snoozes_left": 2}, "Break due: the desk routine (2 snoozes left; desk time 37 min)"),
        ({"phase": Phase.DUE, "snoozes_left": 0}, "Break due: the desk routine (no snoozes left; desk time 37 min)"),
        ({"paused": True}, "Paused until resumed (desk time 37 min)"),
        ({"paused": True, "paused_until": NOW.replace(hour=14, minute=0)}, "Paused until 14:00 (desk time 37 min)"),
        ({"paused": True, "paused_until": NOW + timedelta(days=1)}, "Paused until Tue 10:15 (desk time 37 min)"),
        ({"in_active_hours": False}, "Outside active hours (desk time 37 min)"),
        ({"phase": Phase.BREAK, "break_routine": "desk", "break_started": NOW - timedelta(seconds=100),
          "break_ends": NOW + timedelta(seconds=80)}, "Stretching: desk routine, 1:20 left"),
    ],
)
def test_status_line(changes: dict[str, object], line: str) -> None:
    assert status_line(status(**changes)) == line


def test_status_json_is_plain_data() -> None:
    data = status_json(status(paused=True, paused_until=NOW + timedelta(hours=1)))
    assert data["desk_time"] == 2250
    assert data["paused_until"] == "2026-03-02T11:15:00+00:00"
    assert data["phase"] == "working"
